package store_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// BenchmarkWriterCeiling is the store's share of a card payment and nothing
// else: the rows the sandbox's payment writes (payment method, ledger call,
// payment, history row, event with a payment-sized body), 32 payments a
// group commit as 32 clients make them, through the group writer's own
// batch, one batch after another in each lane: no HTTP, no engine, no waiting for a batch to
// fill. Its payments/s is the most `POST /v2/payments` can reach on this
// machine with the schema as it is (docs/performance.md).
//
//	go test ./store -run '^$' -bench WriterCeiling -benchtime 20000x
func BenchmarkWriterCeiling(b *testing.B) {
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		b.Run(string(flavor), func(b *testing.B) {
			if flavor == store.Postgres && os.Getenv(storetest.PostgresEnv) == "" {
				b.Skip("set PAYSMART_TEST_POSTGRES")
			}
			s := storetest.Open(b, flavor)
			e := storetest.Wire(b, s)
			m, _ := storetest.MustMerchant(b, e, "Bench")
			ctx := context.Background()
			usd, _ := domain.LookupCurrency("USD")
			ledger := s.SandboxLedger()
			data := []byte(`{"object":"payment","amount":2000,"currency":"usd","description":"` + strings.Repeat("x", 700) + `"}`)
			payment := func(tx domain.Tx) error {
				now := time.Now()
				pm := domain.PaymentMethod{ID: domain.NewID("pm"), MerchantID: m.ID, Type: "card",
					Card:      domain.Card{Brand: domain.BrandVisa, Last4: "4242", ExpMonth: 12, ExpYear: 2030, Fingerprint: "fp_bench"},
					SealedPAN: make([]byte, 60), Created: now}
				if err := tx.InsertPaymentMethod(ctx, pm); err != nil {
					return err
				}
				p := domain.Payment{ID: domain.NewHexID(), MerchantID: m.ID, Amount: 2000, Currency: usd, Status: domain.StatusSucceeded,
					AmountCaptured: 2000, PaymentMethodID: pm.ID, Card: pm.Card, Metadata: map[string]string{},
					ReceiptNumber: "1234-5678", ProcessorRef: "sandbox_ch", Created: now, Updated: now}
				if _, err := ledger.RecordIn(ctx, tx, "pay_"+p.ID+"/authorize", domain.OpAuthorize, 2000, "usd",
					domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: "sandbox_ch"}); err != nil {
					return err
				}
				if _, err := tx.InsertPayment(ctx, p); err != nil {
					return err
				}
				if err := tx.InsertHistory(ctx, domain.HistoryEntry{ID: p.ID, MerchantID: m.ID, PaymentID: p.ID, Kind: domain.HistoryDebit,
					Amount: 2000, Currency: usd, Status: domain.HistorySuccess, Description: "Payment", TransactionType: "once-off",
					Created: now}); err != nil {
					return err
				}
				return tx.InsertEvent(ctx, domain.Event{ID: domain.NewID("evt"), MerchantID: m.ID, Type: "payment.succeeded",
					ObjectID: "pay_" + p.ID, Data: data, Created: now})
			}
			// As the group writer: one lane on SQLite, four on PostgreSQL.
			const batch = 32
			lanes := 1
			if flavor == store.Postgres {
				lanes = 4
			}
			fns := make([]func(domain.Tx) error, batch)
			for i := range fns {
				fns[i] = payment
			}
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for lane := range lanes {
				wg.Go(func() {
					for done := lane * batch; done < b.N; done += lanes * batch {
						for _, err := range s.RunBatch(fns[:min(batch, b.N-done)]...) {
							if err != nil {
								b.Error(err)
								return
							}
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "payments/s")
		})
	}
}

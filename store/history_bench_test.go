package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// seedHistory writes n history rows for one merchant over 100 days, with
// 1,000 distinct e-mails, mobiles and reference numbers.
func seedHistory(b *testing.B, s *store.Store, n int) domain.Scope {
	b.Helper()
	e := storetest.Wire(b, s)
	m, _ := storetest.MustMerchant(b, e, "Bench")
	scope := domain.Scope{MerchantID: m.ID}
	usd, _ := domain.LookupCurrency("USD")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for done := 0; done < n; {
		err := s.Tx(ctx, func(tx domain.Tx) error {
			for i := 0; i < 5000 && done < n; i, done = i+1, done+1 {
				if err := tx.InsertHistory(ctx, domain.HistoryEntry{ID: domain.NewHexID(), MerchantID: m.ID, PaymentID: "p",
					Kind: domain.HistoryDebit, Amount: int64(done + 1), Currency: usd, Status: "success",
					Email: fmt.Sprintf("c%d@example.com", done%1000), Mobile: fmt.Sprintf("+1555%07d", done%1000),
					ReferenceNumber: fmt.Sprintf("ref-%d", done%1000), TransactionType: "once-off",
					Created: start.Add(time.Duration(done) * (100 * 24 * time.Hour / time.Duration(n)))}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return scope
}

// BenchmarkHistory100k lists a page of 100,000 history rows: newest first
// (the baseline), and by keyword within a 30-day range.
func BenchmarkHistory100k(b *testing.B) {
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		b.Run(string(flavor), func(b *testing.B) {
			s := storetest.Open(b, flavor)
			scope := seedHistory(b, s, 100_000)
			e := storetest.Wire(b, s)
			ctx := context.Background()
			from, to := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
			cases := []struct {
				name string
				hp   domain.HistoryParams
			}{
				{"newest page", domain.HistoryParams{Page: 1, Limit: 10}},
				{"keyword and range", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "C42@example.com", From: &from, To: &to}},
				{"keyword only", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "ref-42"}},
				{"range only", domain.HistoryParams{Page: 3, Limit: 10, From: &from, To: &to}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						page, err := e.ListHistory(ctx, scope, c.hp)
						if err != nil || (c.hp.Keyword != "" && page.Total == 0) {
							b.Fatalf("%v %d", err, page.Total)
						}
					}
				})
			}
		})
	}
}

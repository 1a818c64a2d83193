package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestKeptCounts: the counts behind a numbered page's total_count stay
// equal to the rows through inserts, soft deletes and undeletes, rolled
// back transactions and concurrent writers (units of one group commit on
// SQLite, separate commits on PostgreSQL); each mode and merchant keeps its
// own. Verify agrees, finds a row written by hand, and Recount repairs it.
func TestKeptCounts(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		t.Parallel()
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		other, _ := storetest.MustMerchant(t, e, "Other")
		f := countsFixture{t: t, s: s, ctx: context.Background(), now: time.Now().UTC()}
		test, live, elsewhere := domain.Scope{MerchantID: m.ID}, domain.Scope{MerchantID: m.ID, Livemode: true}, domain.Scope{MerchantID: other.ID}

		var customers, requests []string
		f.tx(func(tx domain.Tx) error {
			for range 3 {
				f.payment(tx, test)
			}
			f.payment(tx, live)
			f.payment(tx, elsewhere)
			for range 2 {
				customers = append(customers, f.customer(tx, test))
				requests = append(requests, f.request(tx, test))
			}
			f.message(tx, test)
			f.message(tx, test)
			return nil
		})
		f.want(test, counts{payments: 3, history: 3, customers: 2, requests: 2, messages: 2})
		f.want(live, counts{payments: 1, history: 1})
		f.want(elsewhere, counts{payments: 1, history: 1})

		// Deleting counts once; deleting again changes nothing; undeleting
		// counts the row again.
		f.tx(func(tx domain.Tx) error {
			f.setDeleted(tx, test, customers[0], requests[0], true)
			f.setDeleted(tx, test, customers[0], requests[0], true)
			return nil
		})
		f.want(test, counts{payments: 3, history: 3, customers: 1, requests: 1, messages: 2})
		f.tx(func(tx domain.Tx) error {
			f.setDeleted(tx, test, customers[0], requests[0], false)
			return nil
		})
		f.want(test, counts{payments: 3, history: 3, customers: 2, requests: 2, messages: 2})

		// A transaction that fails leaves every count as it was.
		err := s.Tx(f.ctx, func(tx domain.Tx) error {
			f.payment(tx, test)
			f.customer(tx, test)
			f.request(tx, test)
			f.message(tx, test)
			f.setDeleted(tx, test, customers[1], requests[1], true)
			return errors.New("refused")
		})
		if err == nil || err.Error() != "refused" {
			t.Fatalf("failing transaction: %v", err)
		}
		f.want(test, counts{payments: 3, history: 3, customers: 2, requests: 2, messages: 2})

		// Concurrent writers of one merchant: every fourth fails after its
		// inserts, and its counts vanish with it. Recounts run meanwhile.
		const writers = 40
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Recount(f.ctx); err != nil {
					t.Errorf("recount: %v", err)
				}
			}()
		}
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.Tx(f.ctx, func(tx domain.Tx) error {
					f.payment(tx, test)
					if i%4 == 3 {
						return errors.New("refused")
					}
					return nil
				})
				if (err != nil) != (i%4 == 3) {
					t.Errorf("writer %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		f.want(test, counts{payments: 3 + 30, history: 3 + 30, customers: 2, requests: 2, messages: 2})

		if ps := f.countProblems(); len(ps) != 0 {
			t.Fatalf("verify: %v", ps)
		}
		// A history row written by hand is not in the kept count: Verify
		// says so, and Recount rebuilds the counts from the tables.
		f.exec(`INSERT INTO history (id, merchant_id, livemode, payment_id, kind, amount, currency, status, transaction_type, created)
			VALUES ($1, $2, $3, $1, 'DB', 1000, 'eur', 'success', 'once-off', $4)`, domain.NewHexID(), m.ID, false, f.now.UnixMilli())
		ps := f.countProblems()
		want := []string{
			fmt.Sprintf("counts %s test history: the kept count is 33, the table holds 34 (paysmart verify --recount rebuilds the kept counts)", m.ID),
			fmt.Sprintf("counts %s test history: the kept count of %s is 33, the table holds 34 (paysmart verify --recount rebuilds the kept counts)",
				m.ID, f.now.Format("2006-01-02")),
		}
		if len(ps) != 2 || ps[0].String() != want[0] || ps[1].String() != want[1] {
			t.Fatalf("verify after a row written by hand: %v, want %s", ps, want)
		}
		if err := s.Recount(f.ctx); err != nil {
			t.Fatal(err)
		}
		if ps := f.countProblems(); len(ps) != 0 {
			t.Fatalf("verify after Recount: %v", ps)
		}
		f.want(test, counts{payments: 33, history: 34, customers: 2, requests: 2, messages: 2})
		f.want(live, counts{payments: 1, history: 1})
		f.want(elsewhere, counts{payments: 1, history: 1})
	})
}

// counts is what the numbered pages of a scope say their totals are.
type counts struct{ payments, history, customers, requests, messages int }

type countsFixture struct {
	t   *testing.T
	s   *store.Store
	ctx context.Context
	now time.Time
}

func (f countsFixture) tx(fn func(tx domain.Tx) error) {
	f.t.Helper()
	if err := f.s.Tx(f.ctx, fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f countsFixture) exec(query string, args ...any) {
	f.t.Helper()
	if _, err := f.s.DB().ExecContext(f.ctx, query, args...); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
}

// payment writes a processing payment and its pending history row.
func (f countsFixture) payment(tx domain.Tx, s domain.Scope) {
	usd, _ := domain.LookupCurrency("USD")
	p := domain.Payment{ID: domain.NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, Amount: 1000, Currency: usd,
		Status: domain.StatusProcessing, Created: f.now, Updated: f.now}
	if _, err := tx.InsertPayment(f.ctx, p); err != nil {
		f.t.Error(err)
	}
	if err := tx.InsertHistory(f.ctx, domain.HistoryEntry{ID: p.ID, MerchantID: p.MerchantID, Livemode: p.Livemode, PaymentID: p.ID,
		Kind: domain.HistoryDebit, Amount: p.Amount, Currency: usd, Status: domain.HistoryPending, TransactionType: "once-off",
		Created: f.now}); err != nil {
		f.t.Error(err)
	}
}

func (f countsFixture) customer(tx domain.Tx, s domain.Scope) string {
	id := domain.NewID("cus")
	if _, err := tx.InsertCustomer(f.ctx, domain.Customer{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode,
		Email: id + "@example.com", Created: f.now, Updated: f.now}); err != nil {
		f.t.Error(err)
	}
	return id
}

func (f countsFixture) request(tx domain.Tx, s domain.Scope) string {
	usd, _ := domain.LookupCurrency("USD")
	id := domain.NewID("preq")
	if _, err := tx.InsertPaymentRequest(f.ctx, domain.PaymentRequest{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode,
		Amount: 1000, AmountDue: 1000, Currency: usd, Status: "open", Frequency: domain.FrequencyOnce, Email: "payer@example.com",
		Created: f.now}); err != nil {
		f.t.Error(err)
	}
	return id
}

func (f countsFixture) message(tx domain.Tx, s domain.Scope) {
	id := domain.NewID("msg")
	if _, err := tx.InsertMessage(f.ctx, domain.Message{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode, Key: id,
		Channel: "email", Kind: "receipt", To: "a@example.com", Text: "Thanks", Status: "queued", Created: f.now, Updated: f.now}); err != nil {
		f.t.Error(err)
	}
}

// setDeleted deletes or restores a customer and a payment request as the
// engine does: read, change the flag, write back.
func (f countsFixture) setDeleted(tx domain.Tx, s domain.Scope, customer, request string, deleted bool) {
	c, err := tx.GetCustomer(f.ctx, s, domain.CustomerRef{ID: customer}, true)
	if err != nil {
		f.t.Fatal(err)
	}
	c.Deleted = deleted
	if err := tx.UpdateCustomer(f.ctx, c); err != nil {
		f.t.Fatal(err)
	}
	pr, err := tx.GetPaymentRequestByID(f.ctx, request)
	if err != nil {
		f.t.Fatal(err)
	}
	pr.Deleted = deleted
	if err := tx.UpdatePaymentRequest(f.ctx, pr); err != nil {
		f.t.Fatal(err)
	}
}

// want checks the totals of the first numbered page of each list, and that
// each equals what counting the rows through a filter that keeps them all
// finds.
func (f countsFixture) want(s domain.Scope, w counts) {
	f.t.Helper()
	var got, counted counts
	all := f.now.Add(-time.Hour)
	err := f.s.Read(f.ctx, func(tx domain.ReadTx) error {
		p := domain.ListParams{Page: 1, Limit: 10}
		for _, c := range []struct {
			dst  *int
			list func(p domain.ListParams) (int, error)
		}{
			{&got.payments, func(p domain.ListParams) (int, error) { pg, err := tx.ListPayments(f.ctx, s, p); return pg.Total, err }},
			{&got.customers, func(p domain.ListParams) (int, error) { pg, err := tx.ListCustomers(f.ctx, s, p); return pg.Total, err }},
			{&got.requests, func(p domain.ListParams) (int, error) {
				pg, err := tx.ListPaymentRequests(f.ctx, s, p)
				return pg.Total, err
			}},
			{&got.messages, func(p domain.ListParams) (int, error) { pg, err := tx.ListMessages(f.ctx, s, p); return pg.Total, err }},
		} {
			var err error
			if *c.dst, err = c.list(p); err != nil {
				return err
			}
		}
		h, err := tx.ListHistory(f.ctx, s, domain.HistoryParams{Page: 1, Limit: 10})
		if err != nil {
			return err
		}
		got.history = h.Total

		// The same lists through filters that keep every row, which count them.
		pg, err := tx.ListPayments(f.ctx, s, domain.ListParams{Page: 1, Limit: 10, CreatedGTE: &all})
		if err != nil {
			return err
		}
		counted.payments = pg.Total
		cs, err := tx.ListCustomers(f.ctx, s, domain.ListParams{Page: 1, Limit: 10, Keywords: "@example.com"})
		if err != nil {
			return err
		}
		counted.customers = cs.Total
		rs, err := tx.ListPaymentRequests(f.ctx, s, domain.ListParams{Page: 1, Limit: 10, Keywords: "payer@"})
		if err != nil {
			return err
		}
		counted.requests = rs.Total
		ms, err := tx.ListMessages(f.ctx, s, domain.ListParams{Page: 1, Limit: 10, Type: "email"})
		if err != nil {
			return err
		}
		counted.messages = ms.Total
		hs, err := tx.ListHistory(f.ctx, s, domain.HistoryParams{Page: 1, Limit: 10, From: &all})
		if err != nil {
			return err
		}
		counted.history = hs.Total
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if got != w || counted != w {
		f.t.Fatalf("%+v: totals %+v, counted %+v, want %+v", s, got, counted, w)
	}
}

func (f countsFixture) countProblems() []domain.Problem {
	f.t.Helper()
	a, err := f.s.Verify(f.ctx, f.now, 15*time.Minute)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []domain.Problem
	for _, p := range a.Problems {
		if p.Check == domain.CheckCounts {
			out = append(out, p)
		}
	}
	return out
}

// TestHistoryDays: the history's numbered pages give the same rows and
// total_count as counting and skipping row by row would, when the total
// comes from the kept counts of whole days (Paysley's date ranges) and a
// deep page skips whole days by their counts: at day edges, past the end,
// with days of other merchants and modes in between, and for ranges that
// are not whole days (counted through the index).
func TestHistoryDays(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		t.Parallel()
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		other, _ := storetest.MustMerchant(t, e, "Other")
		ctx := context.Background()
		usd, _ := domain.LookupCurrency("USD")
		day0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		// 80 days (more than walkDays reads at once); day d holds 30 + d%10
		// rows of m's test mode (none on days 7 and 40), at several times of
		// the day, and each day a row of m's live mode and of the other
		// merchant.
		type row struct {
			id      string
			created time.Time
		}
		var rows []row // m's test rows, oldest first (so in seq order)
		for d := range 80 {
			n := 30 + d%10
			if d == 7 || d == 40 {
				n = 0
			}
			err := s.Tx(ctx, func(tx domain.Tx) error {
				for i := range n {
					r := row{domain.NewHexID(), day0.AddDate(0, 0, d).Add(time.Duration(i%5) * 5 * time.Hour)}
					if i%5 == 4 {
						r.created = day0.AddDate(0, 0, d+1).Add(-time.Millisecond) // the day's last millisecond
					}
					rows = append(rows, r)
					if err := insertHistory(ctx, tx, domain.Scope{MerchantID: m.ID}, r.id, r.created, usd); err != nil {
						return err
					}
				}
				for _, sc := range []domain.Scope{{MerchantID: m.ID, Livemode: true}, {MerchantID: other.ID}} {
					if err := insertHistory(ctx, tx, sc, domain.NewHexID(), day0.AddDate(0, 0, d).Add(time.Hour), usd); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// The reference: newest first, then last inserted first.
		slices.SortStableFunc(rows, func(a, b row) int { return b.created.Compare(a.created) })
		for i, j := 0, 0; i < len(rows); i = j { // within one time, the higher seq first
			for j = i; j < len(rows) && rows[j].created.Equal(rows[i].created); j++ {
			}
			slices.Reverse(rows[i:j])
		}
		at := func(d int, extra time.Duration) *time.Time { x := day0.AddDate(0, 0, d).Add(extra); return &x }
		cases := []struct {
			name     string
			from, to *time.Time
			pages    []int
			limit    int
		}{
			// Pages from offset 1,000 (seekRows) to half the rows walk the
			// days from the newest, deeper ones from the oldest.
			{"everything", nil, nil, []int{1, 2, 25, 26, 31, 34, 35, 50, 67, 68, 69, 500}, 40},
			{"everything, odd pages", nil, nil, []int{1, 77, 78, 95, 104, 105, 150, 207, 208, 300}, 13},
			{"whole days", at(2, 0), at(71, 0), []int{1, 2, 34, 35, 40, 41, 60, 79, 80, 1000}, 30},
			{"from a day on", at(5, 0), nil, []int{1, 20, 30, 31, 36, 37}, 50},
			{"up to a day", nil, at(60, 0), []int{1, 3, 25, 30, 32}, 40},
			{"not whole days", at(3, time.Hour), at(70, -time.Millisecond), []int{1, 30, 40, 60}, 25},
			{"a day without rows", at(7, 0), at(8, 0), []int{1, 2}, 10},
		}
		for _, c := range cases {
			var want []row
			for _, r := range rows {
				if (c.from == nil || !r.created.Before(*c.from)) && (c.to == nil || r.created.Before(*c.to)) {
					want = append(want, r)
				}
			}
			for _, pg := range c.pages {
				var page domain.Page[domain.HistoryEntry]
				err := s.Read(ctx, func(tx domain.ReadTx) (err error) {
					page, err = tx.ListHistory(ctx, domain.Scope{MerchantID: m.ID}, domain.HistoryParams{Page: pg, Limit: c.limit, From: c.from, To: c.to})
					return err
				})
				if err != nil {
					t.Fatalf("%s, page %d: %v", c.name, pg, err)
				}
				lo, hi := min(len(want), (pg-1)*c.limit), min(len(want), pg*c.limit)
				var got, expected []string
				for _, h := range page.Items {
					got = append(got, h.ID)
				}
				for _, r := range want[lo:hi] {
					expected = append(expected, r.id)
				}
				if page.Total != len(want) || !slices.Equal(got, expected) {
					t.Fatalf("%s, page %d of %d: total %d, items %v; want %d, %v", c.name, pg, c.limit, page.Total, got, len(want), expected)
				}
			}
		}
	})
}

func insertHistory(ctx context.Context, tx domain.Tx, s domain.Scope, id string, created time.Time, usd domain.Currency) error {
	return tx.InsertHistory(ctx, domain.HistoryEntry{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode, PaymentID: id,
		Kind: domain.HistoryDebit, Amount: 100, Currency: usd, Status: domain.HistorySuccess, TransactionType: "once-off", Created: created})
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
)

// Exercise runs the conformance suite of the store's money methods against
// the stores open returns: one subtest per method of domain.Tx that moves or
// records money (payments, refunds, idempotency keys, events, history,
// payment requests, jobs) and one for the sandbox ledger. Every subtest
// opens its own store, so they run in parallel; open must return a fresh,
// migrated store of one flavor (Open does).
//
// Modelled on river's riverdrivertest.Exercise: what one flavor does, the
// other must do too, so a dialect difference shows up here and not in an
// engine test far from its cause.
func Exercise(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Helper()
	t.Run("Payments", func(t *testing.T) { t.Parallel(); exercisePayments(t, open) })
	t.Run("Refunds", func(t *testing.T) { t.Parallel(); exerciseRefunds(t, open) })
	t.Run("Idempotency", func(t *testing.T) { t.Parallel(); exerciseIdempotency(t, open) })
	t.Run("Events", func(t *testing.T) { t.Parallel(); exerciseEvents(t, open) })
	t.Run("History", func(t *testing.T) { t.Parallel(); exerciseHistory(t, open) })
	t.Run("PaymentRequests", func(t *testing.T) { t.Parallel(); exercisePaymentRequests(t, open) })
	t.Run("Jobs", func(t *testing.T) { t.Parallel(); exerciseJobs(t, open) })
	t.Run("SandboxLedger", func(t *testing.T) { t.Parallel(); exerciseSandboxLedger(t, open) })
}

// t0 is the suite's clock: whole milliseconds, as the schema stores times.
var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// fixture is a fresh store with two merchants. a and aLive are one
// merchant's test and live scopes, b the other merchant's test scope: a row
// written in a must stay invisible from aLive and b.
type fixture struct {
	ctx      context.Context
	s        *store.Store
	a, aLive domain.Scope
	b        domain.Scope
}

func newFixture(t *testing.T, open func(t *testing.T) *store.Store) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), s: open(t)}
	ma := domain.Merchant{ID: domain.NewID("acct"), Name: "A", Created: t0}
	mb := domain.Merchant{ID: domain.NewID("acct"), Name: "B", Created: t0}
	f.tx(t, func(tx domain.Tx) error {
		if err := tx.InsertMerchant(f.ctx, ma); err != nil {
			return err
		}
		return tx.InsertMerchant(f.ctx, mb)
	})
	f.a, f.aLive, f.b = domain.Scope{MerchantID: ma.ID}, domain.Scope{MerchantID: ma.ID, Livemode: true}, domain.Scope{MerchantID: mb.ID}
	return f
}

// others are the scopes that must not see a's rows.
func (f *fixture) others() map[string]domain.Scope {
	return map[string]domain.Scope{"other mode": f.aLive, "other merchant": f.b}
}

// tx runs fn in a write transaction and fails the test on an error.
func (f *fixture) tx(t *testing.T, fn func(tx domain.Tx) error) {
	t.Helper()
	if err := f.s.Tx(f.ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// read runs fn in a read-only transaction and fails the test on an error.
func (f *fixture) read(t *testing.T, fn func(tx domain.ReadTx) error) {
	t.Helper()
	if err := f.s.Read(f.ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// exec runs raw SQL, for rows the methods cannot write (legacy columns).
func (f *fixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.s.DB().ExecContext(f.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// checkForUpdate checks that a row read forUpdate stays locked until its
// transaction ends: while lock's transaction holds the row, a second
// transaction's observe (a forUpdate read of the same row) must wait, and
// once write commits it must see what write wrote (want).
func checkForUpdate(t *testing.T, f *fixture, lock, write func(tx domain.Tx) error, observe func(tx domain.Tx) (string, error), want string) {
	t.Helper()
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	err := f.s.Tx(f.ctx, func(tx domain.Tx) error {
		if err := lock(tx); err != nil {
			return err
		}
		go func() {
			var r result
			r.err = f.s.Tx(f.ctx, func(tx domain.Tx) (err error) { r.v, err = observe(tx); return err })
			done <- r
		}()
		time.Sleep(150 * time.Millisecond)
		select {
		case r := <-done:
			return fmt.Errorf("a second forUpdate read returned (%q, %v) while the row was locked", r.v, r.err)
		default:
		}
		return write(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.v != want {
		t.Fatalf("forUpdate read after the lock's commit = (%q, %v), want %q", r.v, r.err, want)
	}
}

// equal fails unless got and want are deeply equal.
func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// wantCode fails unless err is a *domain.Error with the code.
func wantCode(t *testing.T, what string, err error, code domain.Code) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != code {
		t.Fatalf("%s: error %v (%T), want a *domain.Error with code %s", what, err, err, code)
	}
}

// ids lists the ids of items, to compare list pages.
func ids[T any](items []T, id func(T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

func mustCurrency(code string) domain.Currency {
	c, ok := domain.LookupCurrency(code)
	if !ok {
		panic("unknown currency " + code)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// ---- payments ----

// fullPayment is a payment with every field set, to catch a column that
// does not round-trip.
func fullPayment(s domain.Scope, created time.Time) domain.Payment {
	return domain.Payment{ID: domain.NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode,
		Amount: 5000, Currency: mustCurrency("USD"), Status: domain.StatusProcessing, AmountCaptured: 4000, AmountRefunded: 1000,
		CaptureManual: true, PaymentMethodID: "pm_1", RequestID: "preq_1",
		Card:     domain.Card{Brand: domain.BrandVisa, Last4: "4242", ExpMonth: 12, ExpYear: 2030, Fingerprint: "fp_1"},
		Customer: "cus_1", Description: "Order 1", Metadata: map[string]string{"order": "1", "note": "ü"},
		ReceiptEmail: "ann@example.com", ReceiptNumber: "1000-2000", FailureCode: "card_declined",
		FailureMessage: "Your card was declined.", DeclineCode: "generic_decline", ProcessorRef: "ch_1",
		PendingOp: domain.OpCapture, PendingAmount: 3000,
		Created: created, Updated: created.Add(time.Second), CapturedAt: ptr(created.Add(2 * time.Second)),
		CanceledAt: ptr(created.Add(3 * time.Second))}
}

// plainPayment is a succeeded payment with what lists filter on.
func plainPayment(s domain.Scope, customer string, status domain.PaymentStatus, created time.Time) domain.Payment {
	return domain.Payment{ID: domain.NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, Amount: 1000,
		Currency: mustCurrency("USD"), Status: status, Customer: customer, Metadata: map[string]string{},
		Created: created, Updated: created}
}

func insertPayments(t *testing.T, f *fixture, ps ...*domain.Payment) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, p := range ps {
			n, err := tx.InsertPayment(f.ctx, *p)
			if err != nil {
				return err
			}
			p.Number = n
		}
		return nil
	})
}

func getPayment(t *testing.T, f *fixture, s domain.Scope, id string) domain.Payment {
	t.Helper()
	var p domain.Payment
	f.read(t, func(tx domain.ReadTx) (err error) { p, err = tx.GetPayment(f.ctx, s, id, false); return err })
	return p
}

func paymentIDs(ps []domain.Payment) []string {
	return ids(ps, func(p domain.Payment) string { return p.ID })
}

func exercisePayments(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("InsertPayment", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p1, p2 := fullPayment(f.a, t0), plainPayment(f.a, "", domain.StatusSucceeded, t0)
		insertPayments(t, f, &p1, &p2)
		if p1.Number <= 0 || p2.Number <= p1.Number {
			t.Fatalf("numbers %d, %d: want positive and increasing", p1.Number, p2.Number)
		}
		equal(t, "full payment", getPayment(t, f, f.a, p1.ID), p1)
		equal(t, "plain payment", getPayment(t, f, f.a, p2.ID), p2)

		dup := plainPayment(f.b, "", domain.StatusSucceeded, t0)
		dup.ID = p1.ID
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.InsertPayment(f.ctx, dup); return err })
		wantCode(t, "payment id taken", err, domain.CodeConflict)

		t.Run("StoredExponent", func(t *testing.T) {
			// A currency the library does not know still reads back with
			// the exponent it was written with.
			zzz := plainPayment(f.a, "", domain.StatusSucceeded, t0)
			zzz.Currency = domain.Currency{Code: "ZZZ", Exponent: 3}
			xts := plainPayment(f.a, "", domain.StatusSucceeded, t0)
			insertPayments(t, f, &zzz, &xts)
			equal(t, "ZZZ payment", getPayment(t, f, f.a, zzz.ID), zzz)
			f.exec(t, `UPDATE payments SET currency = 'XTS', currency_exponent = 4 WHERE id = $1`, xts.ID)
			equal(t, "XTS currency", getPayment(t, f, f.a, xts.ID).Currency, domain.Currency{Code: "XTS", Exponent: 4})
		})
		t.Run("LegacyExponent", func(t *testing.T) {
			// Rows older than currency_exponent read with the library's.
			jpy, old := plainPayment(f.a, "", domain.StatusSucceeded, t0), plainPayment(f.a, "", domain.StatusSucceeded, t0)
			jpy.Currency = domain.Currency{Code: "JPY", Exponent: 2} // stored exponent disagrees with the library's 0
			old.Currency = domain.Currency{Code: "ZZZ", Exponent: 3}
			insertPayments(t, f, &jpy, &old)
			f.exec(t, `UPDATE payments SET currency_exponent = NULL WHERE id = $1 OR id = $2`, jpy.ID, old.ID)
			equal(t, "legacy JPY currency", getPayment(t, f, f.a, jpy.ID).Currency, mustCurrency("JPY"))
			// A legacy row whose code the library forgot cannot be read
			// with a made-up exponent; it is an internal error, not a panic.
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetPayment(f.ctx, f.a, old.ID, false); return err })
			wantCode(t, "legacy unknown currency", err, domain.CodeInternal)
		})
	})

	t.Run("GetPayment", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p := fullPayment(f.a, t0)
		insertPayments(t, f, &p)
		f.tx(t, func(tx domain.Tx) error {
			got, err := tx.GetPayment(f.ctx, f.a, p.ID, true)
			if err != nil {
				return err
			}
			equal(t, "forUpdate read", got, p)
			return nil
		})
		for name, s := range f.others() {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetPayment(f.ctx, s, p.ID, false); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		err := f.s.Read(f.ctx, func(tx domain.ReadTx) error {
			_, err := tx.GetPayment(f.ctx, f.a, domain.NewHexID(), false)
			return err
		})
		wantCode(t, "unknown id", err, domain.CodeNotFound)

		checkForUpdate(t, f,
			func(tx domain.Tx) error { _, err := tx.GetPayment(f.ctx, f.a, p.ID, true); return err },
			func(tx domain.Tx) error { q := p; q.Description = "locked"; return tx.UpdatePayment(f.ctx, q) },
			func(tx domain.Tx) (string, error) {
				q, err := tx.GetPayment(f.ctx, f.a, p.ID, true)
				return q.Description, err
			},
			"locked")
	})

	t.Run("GetPaymentByID", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p := fullPayment(f.aLive, t0)
		insertPayments(t, f, &p)
		f.read(t, func(tx domain.ReadTx) error {
			got, err := tx.GetPaymentByID(f.ctx, p.ID)
			if err != nil {
				return err
			}
			equal(t, "payment by id", got, p)
			_, err = tx.GetPaymentByID(f.ctx, domain.NewHexID())
			wantCode(t, "unknown id", err, domain.CodeNotFound)
			return nil
		})
	})

	t.Run("UpdatePayment", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p, other := plainPayment(f.a, "cus_1", domain.StatusProcessing, t0), plainPayment(f.a, "cus_1", domain.StatusProcessing, t0)
		p.PendingOp, p.PendingAmount = domain.OpAuthorize, 1000
		insertPayments(t, f, &p, &other)

		u := p
		u.Status, u.AmountCaptured, u.AmountRefunded = domain.StatusSucceeded, 900, 300
		u.Customer, u.Description, u.Metadata = "cus_2", "updated", map[string]string{"k": "v"}
		u.ReceiptEmail, u.ReceiptNumber, u.Updated = "bob@example.com", "3000-4000", t0.Add(time.Hour)
		u.CapturedAt, u.CanceledAt = ptr(t0.Add(time.Minute)), ptr(t0.Add(2*time.Minute))
		u.PendingOp, u.PendingAmount = domain.OpCapture, 900
		u.FailureCode, u.FailureMessage, u.DeclineCode, u.ProcessorRef = "processing_error", "Try again.", "try_again_later", "ch_9"
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePayment(f.ctx, u) })
		equal(t, "updated payment", getPayment(t, f, f.a, p.ID), u)
		equal(t, "other payment", getPayment(t, f, f.a, other.ID), other)

		// Clearing goes back to the zero values.
		c := u
		c.PendingOp, c.PendingAmount, c.CapturedAt, c.CanceledAt = "", 0, nil, nil
		c.FailureCode, c.FailureMessage, c.DeclineCode, c.ProcessorRef, c.Metadata = "", "", "", "", map[string]string{}
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePayment(f.ctx, c) })
		equal(t, "cleared payment", getPayment(t, f, f.a, p.ID), c)

		// The database refuses to break 0 ≤ refunded ≤ captured ≤ amount
		// even when the engine's own check is bypassed.
		for name, bad := range map[string]func(q *domain.Payment){
			"refunded over captured": func(q *domain.Payment) { q.AmountCaptured, q.AmountRefunded = 500, 600 },
			"captured over amount":   func(q *domain.Payment) { q.AmountCaptured = q.Amount + 1 },
			"negative refunded":      func(q *domain.Payment) { q.AmountRefunded = -1 },
		} {
			q := c
			bad(&q)
			err := f.s.Tx(f.ctx, func(tx domain.Tx) error { return tx.UpdatePayment(f.ctx, q) })
			if err == nil {
				t.Fatalf("%s: the update was accepted", name)
			}
			wantCode(t, name, err, domain.CodeInternal)
			equal(t, name+": payment after the refused update", getPayment(t, f, f.a, p.ID), c)
		}
	})

	t.Run("ListPayments", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		h := time.Hour
		p := []domain.Payment{
			plainPayment(f.a, "cus_1", domain.StatusSucceeded, t0),
			plainPayment(f.a, "cus_2", domain.StatusFailed, t0.Add(h)),
			plainPayment(f.a, "cus_1", domain.StatusRequiresCapture, t0.Add(2*h)),
			plainPayment(f.a, "cus_1", domain.StatusSucceeded, t0.Add(3*h)),
			plainPayment(f.a, "cus_2", domain.StatusSucceeded, t0.Add(4*h)),
		}
		live, other := plainPayment(f.aLive, "cus_1", domain.StatusSucceeded, t0.Add(2*h)), plainPayment(f.b, "cus_1", domain.StatusSucceeded, t0.Add(2*h))
		insertPayments(t, f, &p[0], &p[1], &live, &p[2], &other, &p[3], &p[4])
		pid := func(i ...int) []string {
			out := []string{}
			for _, i := range i {
				out = append(out, p[i].ID)
			}
			return out
		}
		cases := []struct {
			name    string
			params  domain.ListParams
			want    []string
			hasMore bool
		}{
			{"newest first", domain.ListParams{}, pid(4, 3, 2, 1, 0), false},
			{"ascending", domain.ListParams{Ascending: true}, pid(0, 1, 2, 3, 4), false},
			{"customer", domain.ListParams{Customer: "cus_1"}, pid(3, 2, 0), false},
			{"status", domain.ListParams{Status: string(domain.StatusSucceeded)}, pid(4, 3, 0), false},
			{"customer and status", domain.ListParams{Customer: "cus_1", Status: string(domain.StatusSucceeded)}, pid(3, 0), false},
			{"created range, inclusive", domain.ListParams{CreatedGTE: ptr(t0.Add(h)), CreatedLTE: ptr(t0.Add(3 * h))}, pid(3, 2, 1), false},
			{"created from", domain.ListParams{CreatedGTE: ptr(t0.Add(4 * h))}, pid(4), false},
			{"first page", domain.ListParams{Limit: 2}, pid(4, 3), true},
			{"after", domain.ListParams{Limit: 2, After: "pay_" + p[3].ID}, pid(2, 1), true},
			{"after, last page", domain.ListParams{Limit: 2, After: "pay_" + p[1].ID}, pid(0), false},
			{"before", domain.ListParams{Limit: 2, Before: "pay_" + p[1].ID}, pid(3, 2), true},
			{"before, first page", domain.ListParams{Limit: 2, Before: "pay_" + p[3].ID}, pid(4), false},
			{"after, filtered", domain.ListParams{Customer: "cus_1", After: "pay_" + p[3].ID}, pid(2, 0), false},
		}
		for _, c := range cases {
			var page domain.Page[domain.Payment]
			f.read(t, func(tx domain.ReadTx) (err error) { page, err = tx.ListPayments(f.ctx, f.a, c.params); return err })
			equal(t, c.name, paymentIDs(page.Items), c.want)
			if page.HasMore != c.hasMore {
				t.Fatalf("%s: has_more %v, want %v", c.name, page.HasMore, c.hasMore)
			}
		}

		var page domain.Page[domain.Payment]
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListPayments(f.ctx, f.a, domain.ListParams{Page: 2, Limit: 2})
			return err
		})
		equal(t, "numbered page", paymentIDs(page.Items), pid(2, 1))
		if page.Total != 5 {
			t.Fatalf("numbered page total %d, want 5", page.Total)
		}
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListPayments(f.ctx, f.a, domain.ListParams{Limit: 1})
			return err
		})
		equal(t, "listed payment", page.Items, []domain.Payment{p[4]})
		for name, s := range map[string]domain.Scope{"other mode": f.aLive, "other merchant": f.b} {
			f.read(t, func(tx domain.ReadTx) (err error) {
				page, err = tx.ListPayments(f.ctx, s, domain.ListParams{})
				return err
			})
			want := map[string][]string{"other mode": {live.ID}, "other merchant": {other.ID}}[name]
			equal(t, name, paymentIDs(page.Items), want)
		}

		for name, cursor := range map[string]string{
			"cursor without pay_":       p[2].ID,
			"cursor of another scope":   "pay_" + other.ID,
			"cursor of no payment":      "pay_" + domain.NewHexID(),
			"cursor outside the filter": "pay_" + p[1].ID,
		} {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error {
				_, err := tx.ListPayments(f.ctx, f.a, domain.ListParams{Customer: "cus_1", After: cursor})
				return err
			})
			wantCode(t, name, err, domain.CodeInvalid)
		}
	})
}

// ---- refunds ----

func newRefund(s domain.Scope, paymentID string, created time.Time) domain.Refund {
	return domain.Refund{ID: domain.NewID("re"), MerchantID: s.MerchantID, Livemode: s.Livemode, PaymentID: paymentID,
		Amount: 300, Currency: mustCurrency("USD"), Reason: "requested_by_customer", Status: domain.RefundPending,
		FailureReason: "none yet", Metadata: map[string]string{"r": "1"}, Email: "ann@example.com", Mobile: "+15550001",
		Created: created, Updated: created.Add(time.Second)}
}

func insertRefunds(t *testing.T, f *fixture, rs ...domain.Refund) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, r := range rs {
			if err := tx.InsertRefund(f.ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

func getRefund(t *testing.T, f *fixture, s domain.Scope, id string) domain.Refund {
	t.Helper()
	var r domain.Refund
	f.read(t, func(tx domain.ReadTx) (err error) { r, err = tx.GetRefund(f.ctx, s, id); return err })
	return r
}

func exerciseRefunds(t *testing.T, open func(t *testing.T) *store.Store) {
	// paid gives each test a captured payment in a, one in aLive and one in b.
	paid := func(t *testing.T, f *fixture) (a, live, b domain.Payment) {
		a, live, b = fullPayment(f.a, t0), fullPayment(f.aLive, t0), fullPayment(f.b, t0)
		insertPayments(t, f, &a, &live, &b)
		return a, live, b
	}

	t.Run("InsertRefund", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p, _, _ := paid(t, f)
		r := newRefund(f.a, p.ID, t0)
		zzz := newRefund(f.a, p.ID, t0)
		zzz.Currency = domain.Currency{Code: "ZZZ", Exponent: 3}
		legacy := newRefund(f.a, p.ID, t0)
		legacy.Currency = domain.Currency{Code: "JPY", Exponent: 2}
		insertRefunds(t, f, r, zzz, legacy)
		equal(t, "refund", getRefund(t, f, f.a, r.ID), r)
		equal(t, "refund in an unknown currency", getRefund(t, f, f.a, zzz.ID), zzz)
		f.exec(t, `UPDATE refunds SET currency_exponent = NULL WHERE id = $1`, legacy.ID)
		equal(t, "legacy refund currency", getRefund(t, f, f.a, legacy.ID).Currency, mustCurrency("JPY"))

		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { return tx.InsertRefund(f.ctx, r) })
		wantCode(t, "refund id taken", err, domain.CodeConflict)
	})

	t.Run("GetRefund", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p, _, _ := paid(t, f)
		r := newRefund(f.a, p.ID, t0)
		insertRefunds(t, f, r)
		for name, s := range f.others() {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetRefund(f.ctx, s, r.ID); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetRefund(f.ctx, f.a, domain.NewID("re")); return err })
		wantCode(t, "unknown id", err, domain.CodeNotFound)
	})

	t.Run("UpdateRefund", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p, _, _ := paid(t, f)
		r, other := newRefund(f.a, p.ID, t0), newRefund(f.a, p.ID, t0)
		insertRefunds(t, f, r, other)

		u := r
		u.Status, u.FailureReason, u.Updated = domain.RefundFailed, "insufficient_funds", t0.Add(time.Hour)
		f.tx(t, func(tx domain.Tx) error { return tx.UpdateRefund(f.ctx, u) })
		equal(t, "updated refund", getRefund(t, f, f.a, r.ID), u)
		equal(t, "other refund", getRefund(t, f, f.a, other.ID), other)

		// Only the outcome changes: what was asked for stays as inserted.
		w := u
		w.Amount, w.Reason, w.Metadata, w.Email = 1, "duplicate", map[string]string{}, "x@example.com"
		w.Status, w.FailureReason = domain.RefundSucceeded, ""
		f.tx(t, func(tx domain.Tx) error { return tx.UpdateRefund(f.ctx, w) })
		want := u
		want.Status, want.FailureReason = domain.RefundSucceeded, ""
		equal(t, "refund after an update of immutable fields", getRefund(t, f, f.a, r.ID), want)
	})

	t.Run("ListRefunds", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		p, live, b := paid(t, f)
		q := fullPayment(f.a, t0)
		insertPayments(t, f, &q)
		rs := []domain.Refund{newRefund(f.a, p.ID, t0), newRefund(f.a, q.ID, t0.Add(time.Hour)), newRefund(f.a, p.ID, t0.Add(2*time.Hour))}
		insertRefunds(t, f, rs[0], newRefund(f.aLive, live.ID, t0), rs[1], newRefund(f.b, b.ID, t0), rs[2])
		rid := func(r domain.Refund) string { return r.ID }
		cases := []struct {
			name    string
			params  domain.ListParams
			want    []string
			hasMore bool
		}{
			{"all", domain.ListParams{}, []string{rs[2].ID, rs[1].ID, rs[0].ID}, false},
			{"payment", domain.ListParams{Payment: p.ID}, []string{rs[2].ID, rs[0].ID}, false},
			{"payment of another scope", domain.ListParams{Payment: live.ID}, []string{}, false},
			{"first page", domain.ListParams{Limit: 1}, []string{rs[2].ID}, true},
			{"after", domain.ListParams{Limit: 1, After: rs[2].ID}, []string{rs[1].ID}, true},
			{"after, filtered", domain.ListParams{Payment: p.ID, After: rs[2].ID}, []string{rs[0].ID}, false},
			{"before", domain.ListParams{Before: rs[0].ID}, []string{rs[2].ID, rs[1].ID}, false},
		}
		for _, c := range cases {
			var page domain.Page[domain.Refund]
			f.read(t, func(tx domain.ReadTx) (err error) { page, err = tx.ListRefunds(f.ctx, f.a, c.params); return err })
			equal(t, c.name, ids(page.Items, rid), c.want)
			if page.HasMore != c.hasMore {
				t.Fatalf("%s: has_more %v, want %v", c.name, page.HasMore, c.hasMore)
			}
		}
		var page domain.Page[domain.Refund]
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListRefunds(f.ctx, f.a, domain.ListParams{Limit: 1})
			return err
		})
		equal(t, "listed refund", page.Items, rs[2:])
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListRefunds(f.ctx, f.a, domain.ListParams{Page: 1, Limit: 2})
			return err
		})
		if len(page.Items) != 2 || page.Total != 3 {
			t.Fatalf("numbered page: %d items, total %d; want 2 and 3", len(page.Items), page.Total)
		}
	})
}

// ---- idempotency ----

func claim(s domain.Scope, key, token string) domain.IdempotencyRecord {
	return domain.IdempotencyRecord{Scope: s, Key: key, Fingerprint: "fp-" + key, State: domain.IdempotencyInFlight,
		Token: token, Created: t0, LockedUntil: t0.Add(time.Minute)}
}

func getClaim(t *testing.T, f *fixture, s domain.Scope, key string) domain.IdempotencyRecord {
	t.Helper()
	var r domain.IdempotencyRecord
	f.tx(t, func(tx domain.Tx) (err error) { r, err = tx.GetIdempotencyForUpdate(f.ctx, s, key); return err })
	return r
}

func insertClaims(t *testing.T, f *fixture, rs ...domain.IdempotencyRecord) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, r := range rs {
			ok, err := tx.InsertIdempotency(f.ctx, r)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("claim %s was not inserted", r.Key)
			}
		}
		return nil
	})
}

func exerciseIdempotency(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("InsertIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		r := claim(f.a, "k1", "tok1")
		var first, second bool
		f.tx(t, func(tx domain.Tx) (err error) {
			if first, err = tx.InsertIdempotency(f.ctx, r); err != nil {
				return err
			}
			again := claim(f.a, "k1", "tok2")
			again.Fingerprint = "other"
			second, err = tx.InsertIdempotency(f.ctx, again)
			return err
		})
		if !first || second {
			t.Fatalf("inserted = %v then %v, want true then false", first, second)
		}
		equal(t, "claim after a second insert", getClaim(t, f, f.a, "k1"), r)
		// The same key is another key in another scope.
		for name, s := range f.others() {
			var ok bool
			f.tx(t, func(tx domain.Tx) (err error) {
				ok, err = tx.InsertIdempotency(f.ctx, claim(s, "k1", "tok3"))
				return err
			})
			if !ok {
				t.Fatalf("%s: the key was not inserted", name)
			}
		}
		equal(t, "claim after other scopes' inserts", getClaim(t, f, f.a, "k1"), r)
	})

	t.Run("GetIdempotencyForUpdate", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		r := claim(f.a, "k1", "tok1")
		insertClaims(t, f, r)
		equal(t, "in-flight claim", getClaim(t, f, f.a, "k1"), r)

		resp := domain.StoredResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"id":"pay_1"}`)}
		f.tx(t, func(tx domain.Tx) error {
			if _, err := tx.BindIdempotency(f.ctx, f.a, "k1", "tok1", "pay_1"); err != nil {
				return err
			}
			return tx.FinishIdempotency(f.ctx, f.a, "k1", "tok1", resp)
		})
		want := r
		want.State, want.ObjectID, want.Response = domain.IdempotencyDone, "pay_1", resp
		equal(t, "finished claim", getClaim(t, f, f.a, "k1"), want)

		for name, s := range f.others() {
			err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.GetIdempotencyForUpdate(f.ctx, s, "k1"); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.GetIdempotencyForUpdate(f.ctx, f.a, "nope"); return err })
		wantCode(t, "unknown key", err, domain.CodeNotFound)

		insertClaims(t, f, claim(f.a, "k2", "tok1"))
		checkForUpdate(t, f,
			func(tx domain.Tx) error { _, err := tx.GetIdempotencyForUpdate(f.ctx, f.a, "k2"); return err },
			func(tx domain.Tx) error { _, err := tx.BindIdempotency(f.ctx, f.a, "k2", "tok1", "pay_2"); return err },
			func(tx domain.Tx) (string, error) {
				r, err := tx.GetIdempotencyForUpdate(f.ctx, f.a, "k2")
				return r.ObjectID, err
			},
			"pay_2")
	})

	t.Run("ReplaceIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		insertClaims(t, f, claim(f.a, "k1", "tok1"), claim(f.aLive, "k1", "tok1"))
		f.tx(t, func(tx domain.Tx) error {
			if _, err := tx.BindIdempotency(f.ctx, f.a, "k1", "tok1", "pay_1"); err != nil {
				return err
			}
			return tx.FinishIdempotency(f.ctx, f.a, "k1", "tok1", domain.StoredResponse{Status: 200, ContentType: "text/plain", Body: []byte("ok")})
		})
		// A takeover replaces everything, response included.
		n := domain.IdempotencyRecord{Scope: f.a, Key: "k1", Fingerprint: "fp-new", State: domain.IdempotencyBegan, Token: "tok2",
			ObjectID: "pay_2", Created: t0.Add(time.Hour), LockedUntil: t0.Add(2 * time.Hour)}
		f.tx(t, func(tx domain.Tx) error { return tx.ReplaceIdempotency(f.ctx, n) })
		equal(t, "replaced claim", getClaim(t, f, f.a, "k1"), n)
		equal(t, "other mode's claim", getClaim(t, f, f.aLive, "k1"), claim(f.aLive, "k1", "tok1"))
	})

	t.Run("BindIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		r := claim(f.a, "k1", "tok1")
		insertClaims(t, f, r, claim(f.aLive, "k1", "tok1"))
		bind := func(s domain.Scope, token, objectID string) bool {
			t.Helper()
			var ok bool
			f.tx(t, func(tx domain.Tx) (err error) {
				ok, err = tx.BindIdempotency(f.ctx, s, "k1", token, objectID)
				return err
			})
			return ok
		}
		if bind(f.a, "stale", "pay_x") {
			t.Fatal("a wrong token bound the key")
		}
		equal(t, "claim after a wrong token", getClaim(t, f, f.a, "k1"), r)

		if !bind(f.a, "tok1", "pay_1") {
			t.Fatal("the holder could not bind the key")
		}
		want := r
		want.State, want.ObjectID = domain.IdempotencyBegan, "pay_1"
		equal(t, "bound claim", getClaim(t, f, f.a, "k1"), want)
		if !bind(f.a, "tok1", "") {
			t.Fatal("the holder could not bind the key again")
		}
		equal(t, "claim bound with no object", getClaim(t, f, f.a, "k1"), want)
		if !bind(f.a, "tok1", "re_1") {
			t.Fatal("the holder could not move the recovery point")
		}
		want.ObjectID = "re_1"
		equal(t, "claim with a new recovery point", getClaim(t, f, f.a, "k1"), want)
		equal(t, "other mode's claim", getClaim(t, f, f.aLive, "k1"), claim(f.aLive, "k1", "tok1"))

		f.tx(t, func(tx domain.Tx) error {
			return tx.FinishIdempotency(f.ctx, f.a, "k1", "tok1", domain.StoredResponse{Status: 200})
		})
		if bind(f.a, "tok1", "pay_9") {
			t.Fatal("a finished key was bound again")
		}
		if got := getClaim(t, f, f.a, "k1"); got.State != domain.IdempotencyDone || got.ObjectID != "re_1" {
			t.Fatalf("finished claim after a bind: %+v", got)
		}
	})

	t.Run("RenewIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		r := claim(f.a, "k1", "tok1")
		insertClaims(t, f, r)
		renew := func(token string, until time.Time) bool {
			t.Helper()
			var ok bool
			f.tx(t, func(tx domain.Tx) (err error) {
				ok, err = tx.RenewIdempotency(f.ctx, f.a, "k1", token, until)
				return err
			})
			return ok
		}
		if renew("stale", t0.Add(time.Hour)) {
			t.Fatal("a wrong token renewed the lease")
		}
		equal(t, "claim after a wrong token", getClaim(t, f, f.a, "k1"), r)
		if !renew("tok1", t0.Add(time.Hour)) {
			t.Fatal("the holder could not renew")
		}
		want := r
		want.LockedUntil = t0.Add(time.Hour)
		equal(t, "renewed claim", getClaim(t, f, f.a, "k1"), want)
		f.tx(t, func(tx domain.Tx) error {
			return tx.FinishIdempotency(f.ctx, f.a, "k1", "tok1", domain.StoredResponse{Status: 200})
		})
		if renew("tok1", t0.Add(2*time.Hour)) {
			t.Fatal("a finished key's lease was renewed")
		}
		if got := getClaim(t, f, f.a, "k1"); !got.LockedUntil.Equal(t0.Add(time.Hour)) {
			t.Fatalf("finished claim's lease moved to %v", got.LockedUntil)
		}
		var ok bool
		f.tx(t, func(tx domain.Tx) (err error) {
			ok, err = tx.RenewIdempotency(f.ctx, f.aLive, "k1", "tok1", t0)
			return err
		})
		if ok {
			t.Fatal("a key of another scope was renewed")
		}
	})

	t.Run("FinishIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		r := claim(f.a, "k1", "tok1")
		insertClaims(t, f, r, claim(f.b, "k1", "tok1"))
		resp := domain.StoredResponse{Status: 402, ContentType: "application/json", Body: []byte(`{"error":{}}`)}
		f.tx(t, func(tx domain.Tx) error { return tx.FinishIdempotency(f.ctx, f.a, "k1", "stale", resp) })
		equal(t, "claim after a wrong token", getClaim(t, f, f.a, "k1"), r)
		f.tx(t, func(tx domain.Tx) error { return tx.FinishIdempotency(f.ctx, f.a, "k1", "tok1", resp) })
		want := r
		want.State, want.Response = domain.IdempotencyDone, resp
		equal(t, "finished claim", getClaim(t, f, f.a, "k1"), want)
		equal(t, "other merchant's claim", getClaim(t, f, f.b, "k1"), claim(f.b, "k1", "tok1"))
	})

	t.Run("DeleteIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		insertClaims(t, f, claim(f.a, "k1", "tok1"), claim(f.a, "k2", "tok1"), claim(f.aLive, "k1", "tok1"))
		del := func(key, token string) {
			t.Helper()
			f.tx(t, func(tx domain.Tx) error { return tx.DeleteIdempotency(f.ctx, f.a, key, token) })
		}
		exists := func(s domain.Scope, key string) bool {
			t.Helper()
			err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.GetIdempotencyForUpdate(f.ctx, s, key); return err })
			if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatal(err)
			}
			return err == nil
		}
		del("k1", "stale")
		if !exists(f.a, "k1") {
			t.Fatal("a wrong token deleted the claim")
		}
		del("k1", "tok1")
		if exists(f.a, "k1") {
			t.Fatal("the holder could not delete its in-flight claim")
		}
		if !exists(f.aLive, "k1") {
			t.Fatal("the delete reached another scope")
		}
		// Once something began under the key it must stay, to recover from.
		f.tx(t, func(tx domain.Tx) error { _, err := tx.BindIdempotency(f.ctx, f.a, "k2", "tok1", "pay_1"); return err })
		del("k2", "tok1")
		if !exists(f.a, "k2") {
			t.Fatal("a claim under which something began was deleted")
		}
	})

	t.Run("PruneIdempotency", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		old, edge, fresh := claim(f.a, "old", "t"), claim(f.b, "edge", "t"), claim(f.aLive, "fresh", "t")
		old.Created, edge.Created, fresh.Created = t0.Add(-time.Hour), t0, t0.Add(time.Hour)
		insertClaims(t, f, old, edge, fresh)
		var n int64
		f.tx(t, func(tx domain.Tx) (err error) { n, err = tx.PruneIdempotency(f.ctx, t0); return err })
		if n != 1 {
			t.Fatalf("pruned %d, want 1", n)
		}
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.GetIdempotencyForUpdate(f.ctx, f.a, "old"); return err })
		wantCode(t, "pruned claim", err, domain.CodeNotFound)
		equal(t, "claim created at the cut-off", getClaim(t, f, f.b, "edge"), edge)
		equal(t, "newer claim", getClaim(t, f, f.aLive, "fresh"), fresh)
	})
}

// ---- events ----

func newEvent(s domain.Scope, typ string, created time.Time) domain.Event {
	return domain.Event{ID: domain.NewID("evt"), MerchantID: s.MerchantID, Livemode: s.Livemode, Type: typ,
		ObjectID: "pay_" + domain.NewHexID(), Data: []byte(`{"object":"payment","amount":1000}`), Created: created}
}

func insertEvents(t *testing.T, f *fixture, evs ...domain.Event) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, ev := range evs {
			if err := tx.InsertEvent(f.ctx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

func exerciseEvents(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("InsertEvent", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		ev := newEvent(f.a, "payment.succeeded", t0)
		insertEvents(t, f, ev)
		var got domain.Event
		f.read(t, func(tx domain.ReadTx) (err error) { got, err = tx.GetEvent(f.ctx, f.a, ev.ID); return err })
		equal(t, "event", got, ev)
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { return tx.InsertEvent(f.ctx, ev) })
		wantCode(t, "event id taken", err, domain.CodeConflict)
	})

	t.Run("GetEvent", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		ev := newEvent(f.a, "payment.succeeded", t0)
		insertEvents(t, f, ev)
		for name, s := range f.others() {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetEvent(f.ctx, s, ev.ID); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetEvent(f.ctx, f.a, domain.NewID("evt")); return err })
		wantCode(t, "unknown id", err, domain.CodeNotFound)
	})

	t.Run("ListEvents", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		h := time.Hour
		evs := []domain.Event{
			newEvent(f.a, "payment.succeeded", t0),
			newEvent(f.a, "refund.created", t0.Add(h)),
			newEvent(f.a, "payment.succeeded", t0.Add(2*h)),
			newEvent(f.a, "payment.failed", t0.Add(3*h)),
		}
		insertEvents(t, f, evs[0], newEvent(f.aLive, "payment.succeeded", t0), evs[1], newEvent(f.b, "payment.succeeded", t0), evs[2], evs[3])
		eid := func(i ...int) []string {
			out := []string{}
			for _, i := range i {
				out = append(out, evs[i].ID)
			}
			return out
		}
		cases := []struct {
			name    string
			params  domain.ListParams
			want    []string
			hasMore bool
		}{
			{"all", domain.ListParams{}, eid(3, 2, 1, 0), false},
			{"type", domain.ListParams{Type: "payment.succeeded"}, eid(2, 0), false},
			{"created range", domain.ListParams{CreatedGTE: ptr(t0.Add(h)), CreatedLTE: ptr(t0.Add(2 * h))}, eid(2, 1), false},
			{"first page", domain.ListParams{Limit: 2}, eid(3, 2), true},
			{"after", domain.ListParams{Limit: 2, After: evs[2].ID}, eid(1, 0), false},
			{"before", domain.ListParams{Limit: 1, Before: evs[1].ID}, eid(2), true},
			{"after, filtered", domain.ListParams{Type: "payment.succeeded", After: evs[2].ID}, eid(0), false},
		}
		for _, c := range cases {
			var page domain.Page[domain.Event]
			f.read(t, func(tx domain.ReadTx) (err error) { page, err = tx.ListEvents(f.ctx, f.a, c.params); return err })
			equal(t, c.name, ids(page.Items, func(e domain.Event) string { return e.ID }), c.want)
			if page.HasMore != c.hasMore {
				t.Fatalf("%s: has_more %v, want %v", c.name, page.HasMore, c.hasMore)
			}
		}
		var page domain.Page[domain.Event]
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListEvents(f.ctx, f.a, domain.ListParams{Limit: 1})
			return err
		})
		equal(t, "listed event", page.Items, evs[3:])
		err := f.s.Read(f.ctx, func(tx domain.ReadTx) error {
			_, err := tx.ListEvents(f.ctx, f.b, domain.ListParams{After: evs[0].ID})
			return err
		})
		wantCode(t, "cursor of another scope", err, domain.CodeInvalid)
	})
}

// ---- history ----

func newHistory(s domain.Scope, email, mobile, ref string, created time.Time) domain.HistoryEntry {
	return domain.HistoryEntry{ID: domain.NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, PaymentID: domain.NewHexID(),
		Kind: domain.HistoryDebit, Amount: 1234, Currency: mustCurrency("USD"), Status: domain.HistoryPending,
		Description: "Transaction pending", Email: email, Mobile: mobile, ReferenceNumber: ref, TransactionID: "12OO",
		TransactionType: "scheduled", Shipping: true, Created: created}
}

func insertHistory(t *testing.T, f *fixture, hs ...domain.HistoryEntry) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, h := range hs {
			if err := tx.InsertHistory(f.ctx, h); err != nil {
				return err
			}
		}
		return nil
	})
}

func getHistory(t *testing.T, f *fixture, s domain.Scope, id string) domain.HistoryEntry {
	t.Helper()
	var h domain.HistoryEntry
	f.read(t, func(tx domain.ReadTx) (err error) { h, err = tx.GetHistory(f.ctx, s, id); return err })
	return h
}

func exerciseHistory(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("InsertHistory", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		h := newHistory(f.a, "ann@example.com", "+15550001", "R-1", t0)
		zzz := newHistory(f.a, "", "", "", t0)
		zzz.Kind, zzz.Currency, zzz.Shipping, zzz.TransactionID = domain.HistoryRefund, domain.Currency{Code: "ZZZ", Exponent: 3}, false, ""
		legacy := newHistory(f.a, "", "", "", t0)
		legacy.Currency = domain.Currency{Code: "JPY", Exponent: 2}
		insertHistory(t, f, h, zzz, legacy)
		equal(t, "history entry", getHistory(t, f, f.a, h.ID), h)
		equal(t, "history entry in an unknown currency", getHistory(t, f, f.a, zzz.ID), zzz)
		f.exec(t, `UPDATE history SET currency_exponent = NULL WHERE id = $1`, legacy.ID)
		equal(t, "legacy history currency", getHistory(t, f, f.a, legacy.ID).Currency, mustCurrency("JPY"))
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { return tx.InsertHistory(f.ctx, h) })
		wantCode(t, "history id taken", err, domain.CodeConflict)
	})

	t.Run("GetHistory", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		h := newHistory(f.a, "ann@example.com", "", "", t0)
		insertHistory(t, f, h)
		for name, s := range f.others() {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetHistory(f.ctx, s, h.ID); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetHistory(f.ctx, f.a, domain.NewHexID()); return err })
		wantCode(t, "unknown id", err, domain.CodeNotFound)
	})

	t.Run("UpdateHistoryStatus", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		h, other := newHistory(f.a, "", "", "", t0), newHistory(f.a, "", "", "", t0)
		insertHistory(t, f, h, other)
		f.tx(t, func(tx domain.Tx) error {
			return tx.UpdateHistoryStatus(f.ctx, f.a, h.ID, domain.HistorySuccess, "Transaction succeeded")
		})
		want := h
		want.Status, want.Description = domain.HistorySuccess, "Transaction succeeded"
		equal(t, "settled entry", getHistory(t, f, f.a, h.ID), want)
		equal(t, "other entry", getHistory(t, f, f.a, other.ID), other)
		for _, s := range f.others() {
			f.tx(t, func(tx domain.Tx) error { return tx.UpdateHistoryStatus(f.ctx, s, h.ID, domain.HistoryFailed, "no") })
		}
		equal(t, "entry after other scopes' updates", getHistory(t, f, f.a, h.ID), want)
	})

	t.Run("ListHistory", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		day := 24 * time.Hour
		// Inserted out of time order: the history lists by time, not by insertion.
		hs := []domain.HistoryEntry{
			newHistory(f.a, "bob@example.com", "+15550009", "R-2", t0),
			newHistory(f.a, "ann@example.com", "+15550002", "R-3", t0.Add(day)),
			newHistory(f.a, "ann@example.com", "+15550001", "R-1", t0.Add(2*day)),
			newHistory(f.a, "carl@example.com", "+15550003", "R-1", t0.Add(3*day)),
		}
		insertHistory(t, f, hs[2], hs[0], newHistory(f.aLive, "ann@example.com", "+15550001", "R-1", t0.Add(day)),
			hs[3], newHistory(f.b, "ann@example.com", "+15550001", "R-1", t0.Add(day)), hs[1])
		hid := func(i ...int) []string {
			out := []string{}
			for _, i := range i {
				out = append(out, hs[i].ID)
			}
			return out
		}
		cases := []struct {
			name   string
			params domain.HistoryParams
			want   []string
			total  int
		}{
			{"newest first", domain.HistoryParams{Page: 1, Limit: 10}, hid(3, 2, 1, 0), 4},
			{"second page", domain.HistoryParams{Page: 2, Limit: 3}, hid(0), 4},
			{"email, any case", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "ANN@Example.com"}, hid(2, 1), 2},
			{"mobile", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "+15550002"}, hid(1), 1},
			{"reference", domain.HistoryParams{Page: 1, Limit: 10, Keyword: " R-1 "}, hid(3, 2), 2},
			{"blank keyword", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "  "}, hid(3, 2, 1, 0), 4},
			{"a fragment, any case", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "ANN"}, hid(2, 1), 2},
			{"a fragment that is nowhere", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "zzq"}, []string{}, 0},
			{"keyword, paged", domain.HistoryParams{Page: 2, Limit: 1, Keyword: "R-1"}, hid(2), 2},
			{"range: from inclusive, to exclusive", domain.HistoryParams{Page: 1, Limit: 10, From: ptr(t0.Add(day)), To: ptr(t0.Add(3 * day))}, hid(2, 1), 2},
			{"from only", domain.HistoryParams{Page: 1, Limit: 10, From: ptr(t0.Add(2 * day))}, hid(3, 2), 2},
			{"to only", domain.HistoryParams{Page: 1, Limit: 10, To: ptr(t0.Add(day + time.Millisecond))}, hid(1, 0), 2},
			{"keyword and range", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "ann@example.com", From: ptr(t0.Add(day + time.Millisecond))}, hid(2), 1},
			{"keyword and to", domain.HistoryParams{Page: 1, Limit: 10, Keyword: "R-1", To: ptr(t0.Add(3 * day))}, hid(2), 1},
		}
		for _, c := range cases {
			var page domain.Page[domain.HistoryEntry]
			f.read(t, func(tx domain.ReadTx) (err error) { page, err = tx.ListHistory(f.ctx, f.a, c.params); return err })
			equal(t, c.name, ids(page.Items, func(h domain.HistoryEntry) string { return h.ID }), c.want)
			if page.Total != c.total {
				t.Fatalf("%s: total %d, want %d", c.name, page.Total, c.total)
			}
		}
		var page domain.Page[domain.HistoryEntry]
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListHistory(f.ctx, f.a, domain.HistoryParams{Page: 1, Limit: 1})
			return err
		})
		equal(t, "listed entry", page.Items, hs[3:])
	})
}

// ---- payment requests ----

// fullRequest is a payment request with every field set.
func fullRequest(s domain.Scope, created time.Time) domain.PaymentRequest {
	return domain.PaymentRequest{ID: domain.NewID("preq"), MerchantID: s.MerchantID, Livemode: s.Livemode,
		RequestMethods: []string{"EMAIL", "SMS"}, ReferenceNumber: "REF-1", Email: "ann@example.com", MobileNumber: "+15550001",
		MerchantPhoneNumber: "+15559999", Amount: 10000, AmountDue: 11075, Currency: mustCurrency("USD"), FixedAmount: true,
		TaxID: "tax_1", TaxAmount: 750, TemplateID: "tmpl_1", PaymentType: "DB", PaymentMethods: []string{"APPLE_PAY"},
		MotoEnabled: true, ShippingEnabled: true, SendMMSInvoice: true, AttachInvoice: true, SendMMSReceipt: true,
		AttachReceipt: true, SendConfirmation: true, InvoiceURL: "https://example.com/i.pdf", ReceiptFileType: "pdf",
		ExpiresAt: ptr(created.Add(48 * time.Hour)), CustomerNumber: 7, CustomerSalutation: "Ms", CustomerFirstName: "Ann",
		CustomerLastName: "Lee", ResponseURL: "https://example.com/r", CancelURL: "https://example.com/c",
		RedirectURL: "https://example.com/d", Frequency: domain.FrequencyMonthly, PaymentStartDate: ptr(created.Add(24 * time.Hour)),
		InitialPaymentAmount: ptr(int64(500)), TotalNumberOfPayments: ptr(int64(12)),
		CartItems: []domain.CartItem{{ProductServiceID: "1", Name: "Tea", SKU: "T1", Unit: "box", Qty: 2, SalesPrice: 5000,
			Taxable: true, TaxValue: "7.5", TaxType: "percentage", TaxName: "VAT", Tax: 750}},
		ShippingCharges: 300, ShippingTax: 25,
		ShippingAddress: &domain.ShippingAddress{FirstName: "Ann", LastName: "Lee", Email: "ann@example.com", MobileNo: "+15550001",
			AddressLine1: "1 Main St", AddressLine2: "Apt 2", City: "Springfield", State: "IL", Country: "US", Zip: "62701"},
		Status: "open", SubscriptionStatus: "active", PaymentID: "", Created: created, Modified: ptr(created.Add(time.Minute))}
}

func insertRequests(t *testing.T, f *fixture, prs ...*domain.PaymentRequest) {
	t.Helper()
	f.tx(t, func(tx domain.Tx) error {
		for _, pr := range prs {
			n, err := tx.InsertPaymentRequest(f.ctx, *pr)
			if err != nil {
				return err
			}
			pr.Number, pr.TransactionID = n, fmt.Sprintf("%dOO", n)
		}
		return nil
	})
}

func getRequest(t *testing.T, f *fixture, s domain.Scope, txn string) domain.PaymentRequest {
	t.Helper()
	var pr domain.PaymentRequest
	f.read(t, func(tx domain.ReadTx) (err error) { pr, err = tx.GetPaymentRequest(f.ctx, s, txn, false); return err })
	return pr
}

func exercisePaymentRequests(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("InsertPaymentRequest", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		pr1, pr2 := fullRequest(f.a, t0), fullRequest(f.a, t0)
		pr2.Currency, pr2.Modified, pr2.ExpiresAt, pr2.ShippingAddress = domain.Currency{Code: "ZZZ", Exponent: 3}, nil, nil, nil
		insertRequests(t, f, &pr1, &pr2)
		if pr1.Number <= 0 || pr2.Number <= pr1.Number {
			t.Fatalf("numbers %d, %d: want positive and increasing", pr1.Number, pr2.Number)
		}
		equal(t, "payment request", getRequest(t, f, f.a, pr1.TransactionID), pr1)
		equal(t, "payment request in an unknown currency", getRequest(t, f, f.a, pr2.TransactionID), pr2)
		dup := fullRequest(f.b, t0)
		dup.ID = pr1.ID
		err := f.s.Tx(f.ctx, func(tx domain.Tx) error { _, err := tx.InsertPaymentRequest(f.ctx, dup); return err })
		wantCode(t, "request id taken", err, domain.CodeConflict)
	})

	t.Run("GetPaymentRequest", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		pr, gone := fullRequest(f.a, t0), fullRequest(f.a, t0)
		insertRequests(t, f, &pr, &gone)
		f.tx(t, func(tx domain.Tx) error {
			got, err := tx.GetPaymentRequest(f.ctx, f.a, pr.TransactionID, true)
			if err != nil {
				return err
			}
			equal(t, "forUpdate read", got, pr)
			return nil
		})
		for name, s := range f.others() {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error {
				_, err := tx.GetPaymentRequest(f.ctx, s, pr.TransactionID, false)
				return err
			})
			wantCode(t, name, err, domain.CodeNotFound)
		}
		gone.Deleted = true
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePaymentRequest(f.ctx, gone) })
		for name, txn := range map[string]string{"deleted": gone.TransactionID, "unknown": "999999OO", "by link id": pr.ID} {
			err := f.s.Read(f.ctx, func(tx domain.ReadTx) error { _, err := tx.GetPaymentRequest(f.ctx, f.a, txn, false); return err })
			wantCode(t, name, err, domain.CodeNotFound)
		}
		checkForUpdate(t, f,
			func(tx domain.Tx) error {
				_, err := tx.GetPaymentRequest(f.ctx, f.a, pr.TransactionID, true)
				return err
			},
			func(tx domain.Tx) error { q := pr; q.Status = "paid"; return tx.UpdatePaymentRequest(f.ctx, q) },
			func(tx domain.Tx) (string, error) {
				q, err := tx.GetPaymentRequest(f.ctx, f.a, pr.TransactionID, true)
				return q.Status, err
			},
			"paid")
	})

	t.Run("GetPaymentRequestByID", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		pr := fullRequest(f.aLive, t0)
		insertRequests(t, f, &pr)
		f.read(t, func(tx domain.ReadTx) error {
			got, err := tx.GetPaymentRequestByID(f.ctx, pr.ID)
			if err != nil {
				return err
			}
			equal(t, "request by link id", got, pr)
			_, err = tx.GetPaymentRequestByID(f.ctx, domain.NewID("preq"))
			wantCode(t, "unknown id", err, domain.CodeNotFound)
			_, err = tx.GetPaymentRequestByID(f.ctx, pr.TransactionID)
			wantCode(t, "transaction id", err, domain.CodeNotFound)
			return nil
		})
		// Deleted requests still resolve: their payments' history and
		// callbacks need them, and the engine checks Deleted itself.
		pr.Deleted = true
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePaymentRequest(f.ctx, pr) })
		f.read(t, func(tx domain.ReadTx) error {
			got, err := tx.GetPaymentRequestByID(f.ctx, pr.ID)
			if err != nil {
				return err
			}
			equal(t, "deleted request by link id", got, pr)
			return nil
		})
	})

	t.Run("UpdatePaymentRequest", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		pr, other := fullRequest(f.a, t0), fullRequest(f.a, t0)
		insertRequests(t, f, &pr, &other)
		u := pr
		u.Amount, u.AmountDue, u.Currency, u.Status, u.SubscriptionStatus = 2000, 2100, mustCurrency("KWD"), "paid", "ended"
		u.CustomerNumber, u.ReferenceNumber, u.Email, u.MobileNumber = 8, "REF-2", "bob@example.com", "+15550002"
		u.Frequency, u.ExpiresAt, u.Modified = domain.FrequencyOnce, nil, ptr(t0.Add(time.Hour))
		u.PaymentID, u.PaidAt, u.CartItems, u.ShippingAddress = domain.NewHexID(), ptr(t0.Add(time.Hour)), nil, nil
		u.RequestMethods, u.FixedAmount, u.TemplateID = []string{"EMAIL"}, false, ""
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePaymentRequest(f.ctx, u) })
		equal(t, "updated request", getRequest(t, f, f.a, pr.TransactionID), u)
		equal(t, "other request", getRequest(t, f, f.a, other.TransactionID), other)
	})

	t.Run("ListPaymentRequests", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		prs := []domain.PaymentRequest{fullRequest(f.a, t0), fullRequest(f.a, t0), fullRequest(f.a, t0), fullRequest(f.a, t0)}
		live, other := fullRequest(f.aLive, t0), fullRequest(f.b, t0)
		insertRequests(t, f, &prs[0], &live, &prs[1], &other, &prs[2], &prs[3])
		prs[2].Deleted = true
		f.tx(t, func(tx domain.Tx) error { return tx.UpdatePaymentRequest(f.ctx, prs[2]) })
		rid := func(pr domain.PaymentRequest) string { return pr.ID }
		cases := []struct {
			name    string
			params  domain.ListParams
			want    []string
			hasMore bool
			total   int
		}{
			{"newest first, deleted left out", domain.ListParams{}, []string{prs[3].ID, prs[1].ID, prs[0].ID}, false, 0},
			{"first page", domain.ListParams{Limit: 2}, []string{prs[3].ID, prs[1].ID}, true, 0},
			{"after", domain.ListParams{Limit: 2, After: prs[1].ID}, []string{prs[0].ID}, false, 0},
			{"numbered page", domain.ListParams{Page: 1, Limit: 2}, []string{prs[3].ID, prs[1].ID}, false, 3},
			{"ascending", domain.ListParams{Page: 1, Limit: 10, Ascending: true}, []string{prs[0].ID, prs[1].ID, prs[3].ID}, false, 3},
		}
		for _, c := range cases {
			var page domain.Page[domain.PaymentRequest]
			f.read(t, func(tx domain.ReadTx) (err error) {
				page, err = tx.ListPaymentRequests(f.ctx, f.a, c.params)
				return err
			})
			equal(t, c.name, ids(page.Items, rid), c.want)
			if page.HasMore != c.hasMore || page.Total != c.total {
				t.Fatalf("%s: has_more %v, total %d; want %v, %d", c.name, page.HasMore, page.Total, c.hasMore, c.total)
			}
		}
		var page domain.Page[domain.PaymentRequest]
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListPaymentRequests(f.ctx, f.a, domain.ListParams{Limit: 1})
			return err
		})
		equal(t, "listed request", page.Items, prs[3:])
		f.read(t, func(tx domain.ReadTx) (err error) {
			page, err = tx.ListPaymentRequests(f.ctx, f.aLive, domain.ListParams{})
			return err
		})
		equal(t, "other mode", ids(page.Items, rid), []string{live.ID})
	})

	t.Run("CountRequestPayments", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		pr := fullRequest(f.a, t0)
		insertRequests(t, f, &pr)
		paying := func(s domain.Scope, requestID string, status domain.PaymentStatus) *domain.Payment {
			p := plainPayment(s, "", status, t0)
			p.RequestID = requestID
			return &p
		}
		insertPayments(t, f, paying(f.a, pr.ID, domain.StatusSucceeded), paying(f.a, pr.ID, domain.StatusFailed),
			paying(f.a, pr.ID, domain.StatusProcessing), paying(f.a, pr.ID, domain.StatusFailed),
			paying(f.a, "preq_other", domain.StatusSucceeded), paying(f.a, "", domain.StatusSucceeded),
			paying(f.aLive, pr.ID, domain.StatusSucceeded), paying(f.b, pr.ID, domain.StatusSucceeded))
		cases := []struct {
			name     string
			s        domain.Scope
			statuses []domain.PaymentStatus
			want     int
		}{
			{"all", f.a, nil, 4},
			{"one status", f.a, []domain.PaymentStatus{domain.StatusSucceeded}, 1},
			{"two statuses", f.a, []domain.PaymentStatus{domain.StatusSucceeded, domain.StatusProcessing}, 2},
			{"repeated status", f.a, []domain.PaymentStatus{domain.StatusFailed, domain.StatusFailed}, 2},
			{"no match", f.a, []domain.PaymentStatus{domain.StatusCanceled}, 0},
			{"other mode", f.aLive, nil, 1},
			{"other merchant, status", f.b, []domain.PaymentStatus{domain.StatusFailed}, 0},
		}
		for _, c := range cases {
			var n int
			f.read(t, func(tx domain.ReadTx) (err error) {
				n, err = tx.CountRequestPayments(f.ctx, c.s, pr.ID, c.statuses...)
				return err
			})
			if n != c.want {
				t.Fatalf("%s: counted %d, want %d", c.name, n, c.want)
			}
		}
	})
}

// ---- jobs ----

func exerciseJobs(t *testing.T, open func(t *testing.T) *store.Store) {
	newJob := func(id string, s *domain.Scope, runAt time.Time) domain.Job {
		return domain.Job{ID: id, Kind: "exercise", Args: []byte(`{"n":1}`), Scope: s, State: domain.JobAvailable,
			MaxAttempts: 3, RunAt: runAt, Created: t0}
	}

	t.Run("InsertJob", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		j := newJob("job_1", &f.aLive, t0.Add(time.Minute))
		f.tx(t, func(tx domain.Tx) error {
			if err := tx.InsertJob(f.ctx, j); err != nil {
				return err
			}
			again := newJob("job_1", nil, t0.Add(time.Hour))
			again.Kind = "other"
			return tx.InsertJob(f.ctx, again)
		})
		f.tx(t, func(tx domain.Tx) error { return tx.InsertJob(f.ctx, newJob("job_1", nil, t0)) })
		got, err := f.s.GetJob(f.ctx, "job_1")
		if err != nil {
			t.Fatal(err)
		}
		equal(t, "job inserted three times", got, j)
		var n int
		if err := f.s.DB().QueryRowContext(f.ctx, `SELECT COUNT(*) FROM jobs`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d jobs (%v), want 1", n, err)
		}

		// Defaults: an available job with the default attempt limit.
		bare := domain.Job{ID: "job_2", Kind: "exercise", Args: []byte(`{}`), RunAt: t0, Created: t0}
		f.tx(t, func(tx domain.Tx) error { return tx.InsertJob(f.ctx, bare) })
		if got, err := f.s.GetJob(f.ctx, "job_2"); err != nil || got.State != domain.JobAvailable ||
			got.MaxAttempts != domain.DefaultJobMaxAttempts || got.Scope != nil {
			t.Fatalf("job with defaults = %+v, %v", got, err)
		}
	})

	t.Run("DeleteJob", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		running := newJob("job_running", &f.a, t0)
		running.State = domain.JobRunning
		f.tx(t, func(tx domain.Tx) error {
			for _, j := range []domain.Job{newJob("job_waiting", &f.a, t0), running, newJob("job_kept", nil, t0)} {
				if err := tx.InsertJob(f.ctx, j); err != nil {
					return err
				}
			}
			return nil
		})
		f.tx(t, func(tx domain.Tx) error {
			for _, id := range []string{"job_waiting", "job_running", "job_unknown"} {
				if err := tx.DeleteJob(f.ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
		_, err := f.s.GetJob(f.ctx, "job_waiting")
		wantCode(t, "deleted job", err, domain.CodeNotFound)
		for _, id := range []string{"job_running", "job_kept"} {
			if _, err := f.s.GetJob(f.ctx, id); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
	})
}

// ---- sandbox ledger ----

func exerciseSandboxLedger(t *testing.T, open func(t *testing.T) *store.Store) {
	t.Run("Record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		l := f.s.SandboxLedger()
		first := domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: "card_declined", DeclineCode: "insufficient_funds",
			Message: "Your card has insufficient funds.", Reference: "sbx_1"}
		second := domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: "sbx_2"}
		for i, res := range []domain.ProcessorResult{first, second, second} {
			got, err := l.Record(f.ctx, "pay_1:authorize", domain.OpAuthorize, 500, "USD", res)
			if err != nil {
				t.Fatal(err)
			}
			equal(t, fmt.Sprintf("outcome of call %d", i+1), got, first)
		}
		if _, err := l.Record(f.ctx, "re_1:refund", domain.OpRefund, 200, "USD", second); err != nil {
			t.Fatal(err)
		}
		calls, err := l.SandboxCalls(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		equal(t, "ledger", calls, []store.SandboxCall{
			{Key: "pay_1:authorize", Op: "authorize", Outcome: "declined", Amount: 500, Calls: 3},
			{Key: "re_1:refund", Op: "refund", Outcome: "approved", Amount: 200, Calls: 1},
		})
	})

	t.Run("Find", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		l := f.s.SandboxLedger()
		res := domain.ProcessorResult{Outcome: domain.OutcomeApproved, Message: "Approved", Reference: "sbx_1"}
		if _, err := l.Record(f.ctx, "pay_1:capture", domain.OpCapture, 500, "USD", res); err != nil {
			t.Fatal(err)
		}
		got, ok, err := l.Find(f.ctx, "pay_1:capture")
		if err != nil || !ok {
			t.Fatalf("find = %v, %v", ok, err)
		}
		equal(t, "found outcome", got, res)
		if got, ok, err := l.Find(f.ctx, "pay_2:capture"); err != nil || ok || got != (domain.ProcessorResult{}) {
			t.Fatalf("find of an unknown key = %+v, %v, %v", got, ok, err)
		}
	})
}

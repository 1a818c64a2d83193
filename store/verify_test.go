package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// verifyFixture writes payments, refunds, history and payment requests with
// plain SQL, as the engine would have left them, for one merchant.
type verifyFixture struct {
	t        *testing.T
	s        *store.Store
	merchant string
	now      time.Time
}

// Payment, refund and payment request ids of the clean state.
var (
	payDebit    = fmt.Sprintf("%032x", 1) // succeeded at once, partly refunded
	payAuth     = fmt.Sprintf("%032x", 2) // requires_capture
	payCaptured = fmt.Sprintf("%032x", 3) // authorised, then partly captured
	payCanceled = fmt.Sprintf("%032x", 4) // authorised, then released
	payFailed   = fmt.Sprintf("%032x", 5) // declined
	payPending  = fmt.Sprintf("%032x", 6) // a capture sent to the processor just now
	payWeekly1  = fmt.Sprintf("%032x", 7) // two payments of one recurring request
	payWeekly2  = fmt.Sprintf("%032x", 8)

	refundDone    = "re_" + fmt.Sprintf("%032x", 11)
	refundPending = "re_" + fmt.Sprintf("%032x", 12)
	refundFailed  = "re_" + fmt.Sprintf("%032x", 13)

	requestOnce   = "preq_once"
	requestWeekly = "preq_weekly"

	subActive    = "sub_active"    // 3 of 12 periods made, the next one next month
	subCompleted = "sub_completed" // both periods billed
	subCanceled  = "sub_canceled"
)

// newVerifyFixture builds a state that breaks no invariant on a fresh store.
func newVerifyFixture(t *testing.T, s *store.Store) verifyFixture {
	t.Helper()
	m, _ := storetest.MustMerchant(t, storetest.Wire(t, s), "Verify Ltd")
	f := verifyFixture{t: t, s: s, merchant: m.ID, now: time.Now()}
	recent := f.now.Add(-time.Minute)

	f.request(requestOnce, "ONE-TIME")
	f.request(requestWeekly, "WEEKLY")

	f.payment(payDebit, "succeeded", 1000, 1000, 300, requestOnce, "", recent)
	f.history(payDebit, payDebit, "DB", "success", 1000)
	f.refund(refundDone, payDebit, "succeeded", 200, recent)
	f.history(strings.TrimPrefix(refundDone, "re_"), payDebit, "RF", "success", 200)
	f.refund(refundPending, payDebit, "pending", 100, recent)
	f.refund(refundFailed, payDebit, "failed", 500, recent)
	f.history(strings.TrimPrefix(refundFailed, "re_"), payDebit, "RF", "failed", 500)

	f.payment(payAuth, "requires_capture", 500, 0, 0, "", "", recent)
	f.history(payAuth, payAuth, "PA", "success", 500)

	f.payment(payCaptured, "succeeded", 800, 600, 0, "", "", recent)
	f.history(payCaptured, payCaptured, "PA", "success", 800)
	f.history(fmt.Sprintf("%032x", 31), payCaptured, "CP", "success", 600)

	f.payment(payCanceled, "canceled", 700, 0, 0, "", "", recent)
	f.history(payCanceled, payCanceled, "PA", "success", 700)
	f.history(fmt.Sprintf("%032x", 41), payCanceled, "RV", "failed", 700) // a release that failed, then one that worked
	f.history(fmt.Sprintf("%032x", 42), payCanceled, "RV", "success", 700)

	f.payment(payFailed, "failed", 900, 0, 0, requestOnce, "", recent) // a declined try does not pay the request
	f.history(payFailed, payFailed, "DB", "failed", 900)

	f.payment(payPending, "processing", 400, 0, 0, "", "capture", recent)
	f.history(payPending, payPending, "PA", "success", 400)

	f.payment(payWeekly1, "succeeded", 300, 300, 0, requestWeekly, "", recent)
	f.history(payWeekly1, payWeekly1, "DB", "success", 300)
	f.payment(payWeekly2, "succeeded", 300, 300, 0, requestWeekly, "", recent)
	f.history(payWeekly2, payWeekly2, "DB", "success", 300)

	f.subscription(subActive, "active", 12, 3, 3, ptrTime(f.now.AddDate(0, 1, 0)))
	f.charge(subActive, 0, 0, payWeekly1)
	f.charge(subActive, 1, 0, payFailed) // declined, then retried
	f.charge(subActive, 1, 1, payWeekly2)
	f.subscription(subCompleted, "completed", 2, 2, 2, nil)
	f.subscription(subCanceled, "canceled", 0, 1, 1, nil)
	return f
}

func ptrTime(t time.Time) *time.Time { return &t }

// subscription writes a subscription as the engine leaves it in status.
func (f verifyFixture) subscription(id, status string, total, made, nextPeriod int64, next *time.Time) {
	f.t.Helper()
	var nextMS, canceled, ended any
	if next != nil {
		nextMS = next.UnixMilli()
	}
	switch status {
	case "canceled":
		canceled, ended = f.now.UnixMilli(), f.now.UnixMilli()
	case "completed":
		ended = f.now.UnixMilli()
	}
	f.exec(`INSERT INTO subscriptions (id, merchant_id, livemode, customer_id, payment_method_id, amount, currency,
		currency_exponent, billing_interval, anchor, timezone, total_payments, payments_made, status, next_period,
		next_charge_at, created, updated, canceled_at, ended_at)
		VALUES ($1, $2, $3, 'cus_x', 'pm_x', 300, 'eur', 2, 'month', $4, 'UTC', $5, $6, $7, $8, $9, $4, $4, $10, $11)`,
		id, f.merchant, false, f.now.UnixMilli(), total, made, status, nextPeriod, nextMS, canceled, ended)
}

func (f verifyFixture) charge(subscriptionID string, period int64, attempt int, paymentID string) {
	f.t.Helper()
	f.exec(`INSERT INTO subscription_charges (subscription_id, period, attempt, payment_id, due, created)
		VALUES ($1, $2, $3, $4, $5, $5)`, subscriptionID, period, attempt, paymentID, f.now.UnixMilli())
}

func (f verifyFixture) exec(query string, args ...any) {
	f.t.Helper()
	if _, err := f.s.DB().ExecContext(context.Background(), query, args...); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
}

func (f verifyFixture) payment(id, status string, amount, captured, refunded int64, requestID, pendingOp string, updated time.Time) {
	f.t.Helper()
	f.exec(`INSERT INTO payments (id, merchant_id, livemode, amount, currency, status, amount_captured, amount_refunded,
		capture_manual, created, updated, request_id, pending_op) VALUES ($1, $2, $3, $4, 'eur', $5, $6, $7, $8, $9, $10, $11, $12)`,
		id, f.merchant, false, amount, status, captured, refunded, false, updated.UnixMilli(), updated.UnixMilli(), requestID, pendingOp)
	f.counted("payments", 1)
}

func (f verifyFixture) refund(id, paymentID, status string, amount int64, created time.Time) {
	f.t.Helper()
	f.exec(`INSERT INTO refunds (id, merchant_id, livemode, payment_id, amount, currency, status, created, updated)
		VALUES ($1, $2, $3, $4, $5, 'eur', $6, $7, $8)`,
		id, f.merchant, false, paymentID, amount, status, created.UnixMilli(), created.UnixMilli())
}

func (f verifyFixture) history(id, paymentID, kind, status string, amount int64) {
	f.t.Helper()
	f.exec(`INSERT INTO history (id, merchant_id, livemode, payment_id, kind, amount, currency, status, transaction_type, created)
		VALUES ($1, $2, $3, $4, $5, $6, 'eur', $7, 'once-off', $8)`,
		id, f.merchant, false, paymentID, kind, amount, status, f.now.UnixMilli())
	f.counted("history", 1)
}

func (f verifyFixture) request(id, frequency string) {
	f.t.Helper()
	f.exec(`INSERT INTO payment_requests (id, transaction_id, merchant_id, livemode, amount, amount_due, currency, status,
		frequency, details, created, number) VALUES ($1, $2, $3, $4, 1000, 1000, 'eur', 'open', $5, '{}', $6,
		(SELECT COALESCE(MAX(number), 0) + 1 FROM payment_requests))`,
		id, "txn_"+id, f.merchant, false, frequency, f.now.UnixMilli())
	f.counted("payment_requests", 1)
}

// counted adds delta rows written by hand (at f.now) to the counts the
// store keeps of their table, as the store does for the rows it writes:
// the whole count (day -1), and the history's count of the day.
func (f verifyFixture) counted(table string, delta int) {
	f.t.Helper()
	days := []int64{-1}
	if table == "history" {
		days = append(days, f.now.UnixMilli()/86400000)
	}
	for _, day := range days {
		f.exec(`INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n) VALUES ($1, $2, $3, $4, 0, $5)
			ON CONFLICT (merchant_id, livemode, kind, day, shard) DO UPDATE SET n = scope_counts.n + excluded.n`,
			f.merchant, false, table, day, delta)
	}
}

// dropMoneyRule lets a test write a payment that breaks the money rule,
// which the payments table otherwise refuses: PostgreSQL drops the CHECK
// constraint (the schema is the test's own), SQLite ignores CHECK
// constraints on one connection while it writes.
func (f verifyFixture) dropMoneyRule(query string, args ...any) {
	f.t.Helper()
	ctx := context.Background()
	if f.s.Flavor() == store.Postgres {
		f.exec(`ALTER TABLE payments DROP CONSTRAINT payments_check`)
		f.exec(query, args...)
		return
	}
	conn, err := f.s.DB().Conn(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA ignore_check_constraints = ON`, query, `PRAGMA ignore_check_constraints = OFF`} {
		a := args
		if q != query {
			a = nil
		}
		if _, err := conn.ExecContext(ctx, q, a...); err != nil {
			f.t.Fatalf("%s: %v", q, err)
		}
	}
}

func (f verifyFixture) verify() domain.Audit {
	f.t.Helper()
	a, err := f.s.Verify(context.Background(), f.now, 15*time.Minute)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func TestVerifyClean(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newVerifyFixture(t, s)
		a := f.verify()
		if len(a.Problems) != 0 {
			t.Fatalf("problems in a clean state: %v", a.Problems)
		}
		if a.Payments != 8 || a.Refunds != 3 || a.PaymentRequests != 2 || a.Subscriptions != 3 {
			t.Fatalf("counted %d payments, %d refunds, %d payment requests, %d subscriptions", a.Payments, a.Refunds,
				a.PaymentRequests, a.Subscriptions)
		}
		if got, want := a.Summary(), "verified 8 payments, 3 refunds, 2 payment requests, 3 subscriptions: 0 problems"; got != want {
			t.Fatalf("summary %q, want %q", got, want)
		}
	})
}

// TestVerifyFindsEachProblem breaks the clean state once per check and wants
// exactly the problems that break names, in order.
func TestVerifyFindsEachProblem(t *testing.T) {
	t.Parallel()
	type found struct {
		check  domain.Check
		object string
	}
	long := time.Now().Add(-time.Hour).UnixMilli()
	cases := []struct {
		name   string
		breaks func(f verifyFixture)
		want   []found
		detail string // in the first problem's detail
	}{
		{"captured more than authorised", func(f verifyFixture) {
			f.dropMoneyRule(`UPDATE payments SET amount = 900 WHERE id = $1`, payDebit)
		}, []found{{domain.CheckMoneyRule, "pay_" + payDebit}}, "captured 1000, amount 900"},
		{"refund not counted", func(f verifyFixture) {
			f.refund("re_"+fmt.Sprintf("%032x", 14), payCaptured, "pending", 100, f.now)
		}, []found{{domain.CheckRefunded, "pay_" + payCaptured}}, "amount_refunded is 0, its pending and succeeded refunds sum to 100"},
		{"captured without history", func(f verifyFixture) {
			f.exec(`UPDATE payments SET amount_captured = 700 WHERE id = $1`, payCaptured)
		}, []found{{domain.CheckCaptured, "pay_" + payCaptured}}, "amount_captured is 700, its successful DB/CP history says 600"},
		{"authorised twice", func(f verifyFixture) {
			f.history(fmt.Sprintf("%032x", 21), payAuth, "PA", "success", 500)
		}, []found{{domain.CheckHistory, "pay_" + payAuth}}, "2 successful DB/PA history rows"},
		{"released twice", func(f verifyFixture) {
			f.history(fmt.Sprintf("%032x", 43), payCanceled, "RV", "success", 700)
		}, []found{{domain.CheckHistory, "pay_" + payCanceled}}, "2 RV history rows"},
		{"succeeded without money", func(f verifyFixture) {
			f.exec(`UPDATE payments SET status = 'succeeded' WHERE id = $1`, payAuth)
		}, []found{{domain.CheckStatus, "pay_" + payAuth}}, "status succeeded with amount_captured 0"},
		{"pending operation outside processing", func(f verifyFixture) {
			f.exec(`UPDATE payments SET pending_op = 'cancel' WHERE id = $1`, payAuth)
		}, []found{{domain.CheckStatus, "pay_" + payAuth}}, "pending_op cancel with status requires_capture"},
		{"refund missing from history", func(f verifyFixture) {
			f.exec(`DELETE FROM history WHERE id = $1`, strings.TrimPrefix(refundDone, "re_"))
			f.counted("history", -1) // as if it had never been written
		}, []found{{domain.CheckRefundHistory, "pay_" + payDebit}}, "succeeded refunds sum to 200, its successful RF history rows to 0"},
		{"one-time request paid twice", func(f verifyFixture) {
			f.payment(fmt.Sprintf("%032x", 9), "requires_capture", 1000, 0, 0, requestOnce, "", f.now)
			f.history(fmt.Sprintf("%032x", 9), fmt.Sprintf("%032x", 9), "PA", "success", 1000)
		}, []found{{domain.CheckOneTime, requestOnce}}, "2 payments"},
		{"stuck", func(f verifyFixture) {
			f.exec(`UPDATE payments SET updated = $1 WHERE id = $2`, long, payPending)
			f.exec(`UPDATE refunds SET created = $1 WHERE id = $2`, long, refundPending)
		}, []found{{domain.CheckStuck, "pay_" + payPending}, {domain.CheckStuck, refundPending}}, "pending capture since"},
		{"subscription over its count", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET payments_made = 13 WHERE id = $1`, subActive)
		}, []found{{domain.CheckSubscriptionCount, subActive}}, "payments_made 13 and next_period 3, want 0 ≤ both ≤ total_payments 12"},
		{"period charged twice", func(f verifyFixture) {
			f.charge(subActive, 1, 2, payDebit)
		}, []found{{domain.CheckSubscriptionCharged, subActive}}, "period 1 has 2 charges"},
		{"completed before its last period", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET next_period = 1 WHERE id = $1`, subCompleted)
		}, []found{{domain.CheckSubscriptionStatus, subCompleted}}, "completed with next_period 1 of total_payments 2"},
		{"active with every period billed", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET payments_made = 12, next_period = 12 WHERE id = $1`, subActive)
		}, []found{{domain.CheckSubscriptionStatus, subActive}}, "active with next_period 12 of total_payments 12"},
		{"canceled with a next charge", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET next_charge_at = $1 WHERE id = $2`, f.now.UnixMilli(), subCanceled)
		}, []found{{domain.CheckSubscriptionStatus, subCanceled}}, "canceled with canceled_at true and a next charge true"},
		{"waiting for a settled payment", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET pending_payment = $1 WHERE id = $2`, payWeekly2, subActive)
		}, []found{{domain.CheckSubscriptionStatus, subActive}}, "pending_payment pay_" + payWeekly2 + " is settled (succeeded)"},
		{"overdue with no charge job", func(f verifyFixture) {
			f.exec(`UPDATE subscriptions SET next_charge_at = $1 WHERE id = $2`, long, subActive)
		}, []found{{domain.CheckSubscriptionOverdue, subActive}}, "period 3, attempt 0 due since"},
	}
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				f := newVerifyFixture(t, storetest.Open(t, s.Flavor()))
				tc.breaks(f)
				a := f.verify()
				var got []found
				for _, p := range a.Problems {
					got = append(got, found{p.Check, p.Object})
					if p.MerchantID != f.merchant || p.Livemode {
						t.Errorf("problem %v names another merchant or mode", p)
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("problems %v, want %v", a.Problems, tc.want)
				}
				if !strings.Contains(a.Problems[0].Detail, tc.detail) {
					t.Fatalf("detail %q, want it to say %q", a.Problems[0].Detail, tc.detail)
				}
				if !strings.HasSuffix(a.Summary(), fmt.Sprintf(": %d problems", len(tc.want))) {
					t.Fatalf("summary %q", a.Summary())
				}
			})
		}
	})
}

// TestVerifyAcceptsTheEngine wants no problem in what the engine itself
// writes: payments captured at once, captured later in part, canceled and
// declined, and refunds.
func TestVerifyAcceptsTheEngine(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx, e := context.Background(), storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Engine Ltd")
		sc := domain.Scope{MerchantID: m.ID}
		pay := func(number string, capture bool) (domain.Payment, error) {
			return e.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1000, Currency: "usd", Capture: capture,
				Card: &domain.CardInput{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 2}})
		}
		debit := must(pay("4242424242424242", true))(t)
		must(e.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: debit.ID, Amount: ptr(int64(300))}))(t)
		must(e.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: debit.ID}))(t)
		auth := must(pay("4242424242424242", false))(t)
		must(e.CapturePayment(ctx, sc, auth.ID, ptr(int64(600))))(t)
		must(e.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: auth.ID, Amount: ptr(int64(100))}))(t)
		canceled := must(pay("4242424242424242", false))(t)
		must(e.CancelPayment(ctx, sc, canceled.ID))(t)
		must(pay("4242424242424242", false))(t)
		pay("4000000000000002", true) // declined: recorded as failed

		a, err := s.Verify(ctx, time.Now(), 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Problems) != 0 || a.Payments != 5 || a.Refunds != 3 {
			t.Fatalf("%s\n%v", a.Summary(), a.Problems)
		}
	})
}

// TestVerifySubscriptionChargeJob: an overdue charge is no problem while its
// job waits or runs; a discarded job leaves the period due, which is.
func TestVerifySubscriptionChargeJob(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newVerifyFixture(t, s)
		f.exec(`UPDATE subscriptions SET next_charge_at = $1 WHERE id = $2`, f.now.Add(-time.Hour).UnixMilli(), subActive)
		f.exec(`INSERT INTO jobs (id, kind, args, merchant_id, livemode, state, max_attempts, run_at, created)
			VALUES ($1, 'subscription.charge', '{}', $2, $3, 'available', 25, $4, $4)`,
			domain.ChargeJobID(subActive, 3, 0), f.merchant, false, f.now.UnixMilli())
		if a := f.verify(); len(a.Problems) != 0 {
			t.Fatalf("with the job waiting: %v", a.Problems)
		}
		f.exec(`UPDATE jobs SET state = 'discarded' WHERE id = $1`, domain.ChargeJobID(subActive, 3, 0))
		if a := f.verify(); len(a.Problems) != 1 || a.Problems[0].Check != domain.CheckSubscriptionOverdue {
			t.Fatalf("with the job discarded: %v", a.Problems)
		}
	})
}

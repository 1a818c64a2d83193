package domain_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// billingFixture is a merchant with a customer on a test clock.
type billingFixture struct {
	e     *domain.Engine
	s     *store.Store
	sc    domain.Scope
	clock domain.TestClock
	cus   domain.Customer
}

func newBillingFixture(t *testing.T, s *store.Store, zone string, start time.Time) *billingFixture {
	t.Helper()
	ctx := context.Background()
	e := storetest.Wire(t, s)
	m, _ := storetest.MustMerchant(t, e, "Billing")
	if _, err := e.SetSubscriptionSettings(ctx, m.ID, domain.SubscriptionSettings{TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	f := &billingFixture{e: e, s: s, sc: domain.Scope{MerchantID: m.ID}}
	var err error
	if f.clock, err = e.CreateTestClock(ctx, f.sc, start, "a year"); err != nil {
		t.Fatal(err)
	}
	email := "payer@example.com"
	if f.cus, err = e.CreateCustomer(ctx, f.sc, domain.CustomerInput{Email: &email, TestClock: f.clock.ID}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *billingFixture) subscribe(t *testing.T, number string, iv domain.Interval, total int64) domain.Subscription {
	t.Helper()
	ctx := context.Background()
	pm, err := f.e.CreatePaymentMethod(ctx, f.sc, domain.PaymentMethodInput{Type: "card", Customer: f.cus.ID,
		Card: domain.CardInput{Number: number, ExpMonth: 12, ExpYear: 2045, CVC: "123"}})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := f.e.CreateSubscription(ctx, f.sc, domain.SubscriptionInput{Customer: f.cus.ID, PaymentMethodID: pm.ID,
		Amount: 1500, Currency: "usd", Interval: string(iv), TotalPayments: total})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func (f *billingFixture) advance(t *testing.T, to time.Time) {
	t.Helper()
	c, err := f.e.AdvanceTestClock(context.Background(), f.sc, f.clock.ID, to)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != domain.TestClockReady || !c.FrozenTime.Equal(to) {
		t.Fatalf("clock after advance: %s at %s", c.Status, c.FrozenTime)
	}
}

func (f *billingFixture) get(t *testing.T, id string) domain.Subscription {
	t.Helper()
	sub, err := f.e.GetSubscription(context.Background(), f.sc, id)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// charges returns the subscription's charge attempts with their payments.
func (f *billingFixture) charges(t *testing.T, id string) ([]domain.SubscriptionCharge, []domain.Payment) {
	t.Helper()
	ctx := context.Background()
	cs, err := f.e.SubscriptionCharges(ctx, f.sc, id)
	if err != nil {
		t.Fatal(err)
	}
	var ps []domain.Payment
	for _, c := range cs {
		p, err := f.e.GetPayment(ctx, f.sc, c.PaymentID)
		if err != nil {
			t.Fatal(err)
		}
		if p.SubscriptionID != id {
			t.Errorf("payment %s links to %q, want %s", p.ID, p.SubscriptionID, id)
		}
		ps = append(ps, p)
	}
	return cs, ps
}

func (f *billingFixture) eventCount(t *testing.T, typ string) int {
	t.Helper()
	page, err := f.e.ListEvents(context.Background(), f.sc, domain.ListParams{Limit: 100, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

// TestTestClockMonthlyYear: a monthly subscription of 12 payments anchored
// on 31 January, in New York, advanced a year gives exactly 12 charges, on
// the clamped month ends at the anchor's local time, then completes.
func TestTestClockMonthlyYear(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ny := mustZone(t, "America/New_York")
		start := time.Date(2027, 1, 31, 10, 0, 0, 0, ny)
		f := newBillingFixture(t, s, "America/New_York", start)
		sub := f.subscribe(t, "4242424242424242", domain.IntervalMonth, 12)
		if sub.PaymentsMade != 1 {
			t.Fatalf("the first charge happens at creation: %d payments made", sub.PaymentsMade)
		}
		// In two steps, the second one past the end: nothing is charged twice.
		f.advance(t, time.Date(2027, 7, 15, 0, 0, 0, 0, ny))
		if got := f.get(t, sub.ID).PaymentsMade; got != 6 {
			t.Fatalf("after six months: %d payments", got)
		}
		f.advance(t, start.AddDate(1, 0, 1))
		sub = f.get(t, sub.ID)
		if sub.Status != domain.SubscriptionCompleted || sub.PaymentsMade != 12 || sub.NextChargeAt != nil {
			t.Fatalf("after a year: %s, %d payments, next %v", sub.Status, sub.PaymentsMade, sub.NextChargeAt)
		}
		cs, ps := f.charges(t, sub.ID)
		if len(cs) != 12 {
			t.Fatalf("%d charges, want 12", len(cs))
		}
		days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
		for i, p := range ps {
			want := time.Date(2027, time.Month(i+1), days[i], 10, 0, 0, 0, ny)
			if !p.Created.Equal(want) || p.Status != domain.StatusSucceeded || p.Amount != 1500 || cs[i].Period != int64(i) {
				t.Errorf("charge %d: %s %s %d (period %d), want succeeded on %s", i, p.Created.In(ny), p.Status, p.Amount, cs[i].Period, want)
			}
		}
		if n := f.eventCount(t, domain.EventSubscriptionPaymentSucceeded); n != 12 {
			t.Errorf("%d subscription.payment_succeeded events", n)
		}
		if n := f.eventCount(t, domain.EventSubscriptionCompleted); n != 1 {
			t.Errorf("%d subscription.completed events", n)
		}
		if n := f.eventCount(t, domain.EventTestClockReady); n != 2 {
			t.Errorf("%d test_helpers.test_clock.ready events", n)
		}
		f.advance(t, start.AddDate(3, 0, 0))
		if cs, _ := f.charges(t, sub.ID); len(cs) != 12 {
			t.Errorf("a completed subscription charged again: %d charges", len(cs))
		}
	})
}

// TestDunning: a card that attaches and fails at every charge is retried
// 1, 3 and 5 days after each due date; then the period is given up and the
// subscription is past_due, or canceled when the merchant chose so. A hard
// decline is not retried.
func TestDunning(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
		f := newBillingFixture(t, s, "UTC", start)
		failing := f.subscribe(t, "4000000000000341", domain.IntervalMonth, 0)
		lost := f.subscribe(t, "4000000000009987", domain.IntervalMonth, 0)
		threeDS := f.subscribe(t, "4000002500003155", domain.IntervalMonth, 0)
		f.advance(t, start.AddDate(0, 0, 10))

		sub := f.get(t, failing.ID)
		if sub.Status != domain.SubscriptionPastDue || sub.NextPeriod != 1 || sub.PaymentsMade != 0 {
			t.Fatalf("failing card: %s, next period %d, %d made", sub.Status, sub.NextPeriod, sub.PaymentsMade)
		}
		cs, ps := f.charges(t, failing.ID)
		wantAt := []time.Duration{0, 24 * time.Hour, 72 * time.Hour, 120 * time.Hour}
		if len(cs) != len(wantAt) {
			t.Fatalf("%d attempts, want %d", len(cs), len(wantAt))
		}
		for i, p := range ps {
			if !p.Created.Equal(start.Add(wantAt[i])) || p.Status != domain.StatusFailed || cs[i].Attempt != i {
				t.Errorf("attempt %d: %s %s (attempt %d)", i, p.Created, p.Status, cs[i].Attempt)
			}
		}
		if cs, _ := f.charges(t, lost.ID); len(cs) != 1 {
			t.Errorf("a lost card was tried %d times, want once", len(cs))
		}
		if got := f.get(t, lost.ID).Status; got != domain.SubscriptionPastDue {
			t.Errorf("lost card: %s", got)
		}
		// Off-session, a card that asks for 3-D Secure is a hard decline.
		if cs, ps := f.charges(t, threeDS.ID); len(cs) != 1 || ps[0].Status != domain.StatusFailed || ps[0].DeclineCode != "authentication_required" {
			t.Errorf("3-D Secure card: %d attempts, %+v", len(cs), ps)
		}
		if n := f.eventCount(t, domain.EventSubscriptionPaymentFailed); n != 6 {
			t.Errorf("%d subscription.payment_failed events, want 6", n)
		}

		// past_due keeps billing: the next period is tried again (and fails).
		f.advance(t, start.AddDate(0, 1, 0).Add(time.Hour))
		if cs, _ := f.charges(t, failing.ID); len(cs) != 5 || cs[4].Period != 1 {
			t.Errorf("after the next due date: %d attempts", len(cs))
		}

		// A merchant that cancels after the last failure.
		final := string(domain.SubscriptionCanceled)
		if _, err := f.e.SetSubscriptionSettings(ctx, f.sc.MerchantID, domain.SubscriptionSettings{DunningFinal: &final}); err != nil {
			t.Fatal(err)
		}
		canceled := f.subscribe(t, "4000000000000341", domain.IntervalWeek, 0)
		f.advance(t, start.AddDate(0, 1, 10))
		sub = f.get(t, canceled.ID)
		if sub.Status != domain.SubscriptionCanceled || sub.CanceledAt == nil {
			t.Fatalf("with dunning_final canceled: %s", sub.Status)
		}
		if cs, _ := f.charges(t, canceled.ID); len(cs) != 4 {
			t.Errorf("%d attempts before canceling, want 4", len(cs))
		}
		f.advance(t, start.AddDate(0, 3, 0))
		if cs, _ := f.charges(t, canceled.ID); len(cs) != 4 {
			t.Errorf("a canceled subscription was charged: %d attempts", len(cs))
		}
	})
}

// TestRecurringPaymentRequest: the first payment of a recurring Paysley
// request creates the subscription; the scheduled charges show in the
// history as "scheduled"; End Subscription cancels the rest.
func TestRecurringPaymentRequest(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := storetest.Wire(t, s)
		now := time.Date(2027, 5, 10, 9, 0, 0, 0, time.UTC)
		e.Clock = func() time.Time { return now }
		m, _ := storetest.MustMerchant(t, e, "Recurring")
		sc := domain.Scope{MerchantID: m.ID}
		fixed := true
		pr, err := e.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"},
			Email: "payer@example.com", Amount: "20.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB",
			PaymentFrequency: "MONTHLY", PaymentStartDate: "2027-06-01T09:00:00Z", InitialPaymentAmount: "5.00",
			TotalNumberOfPayments: "6"})
		if err != nil {
			t.Fatal(err)
		}
		first, err := e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045, CVC: "123"}, 0)
		if err != nil || first.Amount != 500 {
			t.Fatalf("first payment: %v %d", err, first.Amount)
		}
		page, err := e.ListSubscriptions(ctx, sc, domain.ListParams{Limit: 10})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("subscriptions after the first payment: %v %d", err, len(page.Items))
		}
		sub := page.Items[0]
		if sub.Amount != 2000 || sub.TotalPayments != 6 || sub.NextPeriod != 0 || !sub.NextChargeAt.Equal(time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)) {
			t.Fatalf("subscription: %+v", sub)
		}
		// A second payer of the link does not start another.
		if _, err := e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045}, 0); err != nil {
			t.Fatal(err)
		}
		// The wall-clock path: the billing scan queues, the job charges.
		bill := func(until time.Time) {
			for ; !now.After(until); now = now.Add(24 * time.Hour) {
				if _, err := e.QueueDueCharges(ctx); err != nil {
					t.Fatal(err)
				}
				sub := mustSub(t, e, sc, sub.ID)
				if sub.NextChargeAt != nil && !sub.NextChargeAt.After(now) {
					if err := e.ChargeSubscription(ctx, sc, domain.ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}); err != nil {
						t.Fatal(err)
					}
					// A second run of the same job charges nothing.
					if err := e.ChargeSubscription(ctx, sc, domain.ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		bill(time.Date(2027, 7, 15, 0, 0, 0, 0, time.UTC))
		sub = mustSub(t, e, sc, sub.ID)
		if sub.PaymentsMade != 2 {
			t.Fatalf("two periods billed by mid-July: %d", sub.PaymentsMade)
		}
		hist, err := e.ListHistory(ctx, sc, domain.HistoryParams{Page: 1, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		scheduled := 0
		for _, h := range hist.Items {
			if h.TransactionType != "scheduled" {
				t.Errorf("history %s: %s", h.ID, h.TransactionType)
			}
			if h.Amount == 2000 {
				scheduled++
			}
		}
		if scheduled != 3 { // two charges, and the second payer's payment of the link
			t.Errorf("%d payments of 20.00 in the history, want 3", scheduled)
		}
		if _, _, err := e.EndSubscription(ctx, sc, first.ID); err != nil {
			t.Fatal(err)
		}
		if sub = mustSub(t, e, sc, sub.ID); sub.Status != domain.SubscriptionCanceled {
			t.Fatalf("after End Subscription: %s", sub.Status)
		}
		bill(time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC))
		if cs, _ := e.SubscriptionCharges(ctx, sc, sub.ID); len(cs) != 2 {
			t.Errorf("%d charges after End Subscription, want 2", len(cs))
		}
		if _, _, err := e.EndSubscription(ctx, sc, first.ID); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("ending twice: %v", err)
		}
	})
}

func mustSub(t *testing.T, e *domain.Engine, sc domain.Scope, id string) domain.Subscription {
	t.Helper()
	sub, err := e.GetSubscription(context.Background(), sc, id)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

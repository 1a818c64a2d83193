package domain_test

import (
	"context"
	"strconv"
	"strings"
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
		first, err := e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045, CVC: "123"}, 0, nil)
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
		if _, err := e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045}, 0, nil); err != nil {
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
					if err := e.ChargeSubscription(ctx, sc, domain.ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}, false); err != nil {
						t.Fatal(err)
					}
					// A second run of the same job charges nothing.
					if err := e.ChargeSubscription(ctx, sc, domain.ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}, false); err != nil {
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

// wallClockSubscription is a merchant billing on the wall-clock path (the
// billing scan and the charge job, called directly) on an engine whose
// clock the test moves, with a monthly subscription of a good card whose
// first charge was made.
type wallClockSubscription struct {
	e   *domain.Engine
	s   *store.Store
	sc  domain.Scope
	now *time.Time
	cus domain.Customer
	sub domain.Subscription
}

func newWallClockSubscription(t *testing.T, s *store.Store, livemode bool) *wallClockSubscription {
	t.Helper()
	ctx := context.Background()
	w := &wallClockSubscription{e: storetest.Wire(t, s), s: s}
	now := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
	w.now = &now
	w.e.Clock = func() time.Time { return *w.now }
	m, _ := storetest.MustMerchant(t, w.e, "Wall clock")
	w.sc = domain.Scope{MerchantID: m.ID, Livemode: livemode}
	email := "payer@example.com"
	var err error
	if w.cus, err = w.e.CreateCustomer(ctx, w.sc, domain.CustomerInput{Email: &email}); err != nil {
		t.Fatal(err)
	}
	pm := w.card(t, "4242424242424242")
	if w.sub, err = w.e.CreateSubscription(ctx, w.sc, domain.SubscriptionInput{Customer: w.cus.ID, PaymentMethodID: pm,
		Amount: 1500, Currency: "usd", Interval: "month"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *wallClockSubscription) card(t *testing.T, number string) string {
	t.Helper()
	pm, err := w.e.CreatePaymentMethod(context.Background(), w.sc, domain.PaymentMethodInput{Type: "card", Customer: w.cus.ID,
		Card: domain.CardInput{Number: number, ExpMonth: 12, ExpYear: 2045, CVC: "123"}})
	if err != nil {
		t.Fatal(err)
	}
	return pm.ID
}

// charge runs the charge job of the subscription's next charge as the
// runner would, on its last try or not.
func (w *wallClockSubscription) charge(t *testing.T, last bool) error {
	t.Helper()
	sub := mustSub(t, w.e, w.sc, w.sub.ID)
	return w.e.ChargeSubscription(context.Background(), w.sc, domain.ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod,
		Attempt: sub.Attempt}, last)
}

func (w *wallClockSubscription) latest(t *testing.T) domain.Payment {
	t.Helper()
	p, err := w.e.GetPayment(context.Background(), w.sc, mustSub(t, w.e, w.sc, w.sub.ID).LatestPayment)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *wallClockSubscription) events(t *testing.T, typ string) int {
	t.Helper()
	page, err := w.e.ListEvents(context.Background(), w.sc, domain.ListParams{Limit: 100, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

// TestChargeErrorGivesUpPeriod: a charge that errs instead of being
// declined is not left due forever. An error no retry cures (the customer
// was deleted) gives the period up at once; any other (no live processor)
// is returned for the job to retry, and given up on the job's last try.
// Either way the merchant sees a failed payment saying why, the events of
// a failed charge, and a past_due subscription that bills on.
func TestChargeErrorGivesUpPeriod(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t.Run("customer deleted", func(t *testing.T) {
			w := newWallClockSubscription(t, storetest.Open(t, s.Flavor()), false)
			if err := w.charge(t, false); err != nil {
				t.Fatal(err)
			}
			// Deleting a customer cancels its subscriptions now; one deleted
			// before that (or behind the engine's back) still bills.
			if err := w.s.Tx(ctx, func(tx domain.Tx) error {
				c := w.cus
				c.Deleted = true
				return tx.UpdateCustomer(ctx, c)
			}); err != nil {
				t.Fatal(err)
			}
			*w.now = w.now.AddDate(0, 1, 0)
			if _, err := w.e.QueueDueCharges(ctx); err != nil {
				t.Fatal(err)
			}
			if err := w.charge(t, false); err != nil { // not the last try: given up all the same
				t.Fatal(err)
			}
			sub := mustSub(t, w.e, w.sc, w.sub.ID)
			if sub.Status != domain.SubscriptionPastDue || sub.NextPeriod != 2 || sub.Attempt != 0 || sub.PaymentsMade != 1 ||
				!sub.NextChargeAt.Equal(time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)) {
				t.Fatalf("subscription: %s, period %d attempt %d, %d made, next %v", sub.Status, sub.NextPeriod, sub.Attempt,
					sub.PaymentsMade, sub.NextChargeAt)
			}
			p := w.latest(t)
			if p.Status != domain.StatusFailed || p.FailureCode != "resource_missing" || p.SubscriptionID != sub.ID ||
				p.FailureMessage != "This charge could not be made: No such customer: '"+w.cus.ID+"'" || p.Card.Last4 != "4242" {
				t.Fatalf("the failed payment: %s %q %q card %q", p.Status, p.FailureCode, p.FailureMessage, p.Card.Last4)
			}
			if cs, _ := w.e.SubscriptionCharges(ctx, w.sc, sub.ID); len(cs) != 2 || cs[1].Period != 1 || cs[1].PaymentID != p.ID {
				t.Fatalf("charges %+v", cs)
			}
			for typ, want := range map[string]int{domain.EventPaymentFailed: 1, domain.EventSubscriptionPaymentFailed: 1,
				domain.EventSubscriptionUpdated: 1} {
				if n := w.events(t, typ); n != want {
					t.Errorf("%d %s events, want %d", n, typ, want)
				}
			}
			hist, err := w.e.ListHistory(ctx, w.sc, domain.HistoryParams{Page: 1, Limit: 10})
			if err != nil || len(hist.Items) != 2 || hist.Items[0].Status != domain.HistoryFailed || hist.Items[0].PaymentID != p.ID {
				t.Fatalf("history: %v %+v", err, hist.Items)
			}
			// The given-up charge's job, run again, does nothing.
			if err := w.e.ChargeSubscription(ctx, w.sc, domain.ChargeArgs{Subscription: sub.ID, Period: 1}, true); err != nil {
				t.Fatal(err)
			}
			if cs, _ := w.e.SubscriptionCharges(ctx, w.sc, sub.ID); len(cs) != 2 {
				t.Fatalf("%d charges after the job ran again", len(cs))
			}
		})
		t.Run("no live processor", func(t *testing.T) {
			w := newWallClockSubscription(t, storetest.Open(t, s.Flavor()), true)
			err := w.charge(t, false)
			if domain.ErrorCode(err) != domain.CodeProcessor {
				t.Fatalf("a try with retries left: %v", err)
			}
			if sub := mustSub(t, w.e, w.sc, w.sub.ID); sub.Status != domain.SubscriptionActive || sub.NextPeriod != 0 || sub.LatestPayment != "" {
				t.Fatalf("after a try with retries left: %+v", sub)
			}
			if err := w.charge(t, true); err != nil {
				t.Fatal(err)
			}
			sub := mustSub(t, w.e, w.sc, w.sub.ID)
			if sub.Status != domain.SubscriptionPastDue || sub.NextPeriod != 1 || sub.PaymentsMade != 0 {
				t.Fatalf("after the last try: %s, period %d", sub.Status, sub.NextPeriod)
			}
			if p := w.latest(t); p.Status != domain.StatusFailed || p.FailureCode != "processor_unavailable" || !p.Livemode ||
				!strings.Contains(p.FailureMessage, "No live payment processor is configured") {
				t.Fatalf("the failed payment: %s %q %q", p.Status, p.FailureCode, p.FailureMessage)
			}
			// A merchant who cancels when dunning gives up gets the subscription canceled.
			final := string(domain.SubscriptionCanceled)
			if _, err := w.e.SetSubscriptionSettings(ctx, w.sc.MerchantID, domain.SubscriptionSettings{DunningFinal: &final}); err != nil {
				t.Fatal(err)
			}
			*w.now = w.now.AddDate(0, 1, 0)
			if err := w.charge(t, true); err != nil {
				t.Fatal(err)
			}
			if sub := mustSub(t, w.e, w.sc, w.sub.ID); sub.Status != domain.SubscriptionCanceled || sub.NextChargeAt != nil {
				t.Fatalf("with dunning_final canceled: %s", sub.Status)
			}
			if n := w.events(t, domain.EventSubscriptionCanceled); n != 1 {
				t.Errorf("%d subscription.canceled events", n)
			}
		})
	})
}

// TestNewCardRetriesGivenUpPeriod: a new payment method on a past_due
// subscription charges the period it gave up at once; if that fails too,
// the period is given up again at once (no second dunning). A new card
// during dunning brings the waiting retry forward.
func TestNewCardRetriesGivenUpPeriod(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t.Run("test clock", func(t *testing.T) {
			start := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
			f := newBillingFixture(t, storetest.Open(t, s.Flavor()), "UTC", start)
			saved := f.subscribe(t, "4000000000000341", domain.IntervalMonth, 0)
			still := f.subscribe(t, "4000000000000341", domain.IntervalMonth, 0)
			f.advance(t, start.AddDate(0, 0, 10))
			newCard := func(number string) string {
				pm, err := f.e.CreatePaymentMethod(ctx, f.sc, domain.PaymentMethodInput{Type: "card", Customer: f.cus.ID,
					Card: domain.CardInput{Number: number, ExpMonth: 12, ExpYear: 2045, CVC: "123"}})
				if err != nil {
					t.Fatal(err)
				}
				return pm.ID
			}
			good := newCard("4242424242424242")
			sub, err := f.e.UpdateSubscription(ctx, f.sc, saved.ID, domain.SubscriptionUpdate{PaymentMethodID: &good})
			if err != nil {
				t.Fatal(err)
			}
			if sub.Status != domain.SubscriptionActive || sub.PaymentsMade != 1 || sub.NextPeriod != 1 || sub.Attempt != 0 ||
				!sub.NextChargeAt.Equal(start.AddDate(0, 1, 0)) {
				t.Fatalf("after the new card: %s, %d made, period %d attempt %d, next %v", sub.Status, sub.PaymentsMade,
					sub.NextPeriod, sub.Attempt, sub.NextChargeAt)
			}
			cs, ps := f.charges(t, saved.ID)
			if len(cs) != 5 || cs[4].Period != 0 || cs[4].Attempt != 4 || ps[4].Status != domain.StatusSucceeded ||
				ps[4].PaymentMethodID != good || !ps[4].Created.Equal(start.AddDate(0, 0, 10)) {
				t.Fatalf("the retry: %+v %+v", cs, ps)
			}
			if n := f.eventCount(t, domain.EventSubscriptionPaymentSucceeded); n != 1 {
				t.Errorf("%d subscription.payment_succeeded events", n)
			}
			// Another card that fails: one try, then the period is given up again.
			bad := newCard("4000000000000341")
			if sub, err = f.e.UpdateSubscription(ctx, f.sc, still.ID, domain.SubscriptionUpdate{PaymentMethodID: &bad}); err != nil {
				t.Fatal(err)
			}
			if sub.Status != domain.SubscriptionPastDue || sub.NextPeriod != 1 || sub.Attempt != 0 {
				t.Fatalf("after a failing new card: %s, period %d attempt %d", sub.Status, sub.NextPeriod, sub.Attempt)
			}
			if cs, ps := f.charges(t, still.ID); len(cs) != 5 || cs[4].Period != 0 || cs[4].Attempt != 4 ||
				ps[4].PaymentMethodID != bad || ps[4].Status != domain.StatusFailed {
				t.Fatalf("%d charges, the last %+v", len(cs), cs[len(cs)-1])
			}
			// The metadata alone retries nothing.
			if _, err := f.e.UpdateSubscription(ctx, f.sc, still.ID, domain.SubscriptionUpdate{Metadata: map[string]string{"a": "b"}}); err != nil {
				t.Fatal(err)
			}
			if cs, _ := f.charges(t, still.ID); len(cs) != 5 {
				t.Fatalf("a metadata update charged: %d charges", len(cs))
			}
			f.advance(t, start.AddDate(0, 1, 1))
			if sub := f.get(t, saved.ID); sub.PaymentsMade != 2 || sub.NextPeriod != 2 {
				t.Fatalf("the next period: %d made, period %d", sub.PaymentsMade, sub.NextPeriod)
			}

		})
		t.Run("wall clock, in dunning", func(t *testing.T) {
			w := newWallClockSubscription(t, storetest.Open(t, s.Flavor()), false)
			bad := w.card(t, "4000000000000341")
			if _, err := w.e.UpdateSubscription(ctx, w.sc, w.sub.ID, domain.SubscriptionUpdate{PaymentMethodID: &bad}); err != nil {
				t.Fatal(err)
			}
			if err := w.charge(t, false); err != nil { // period 0 fails; its first retry waits a day
				t.Fatal(err)
			}
			*w.now = w.now.Add(time.Hour)
			good := w.card(t, "4242424242424242")
			sub, err := w.e.UpdateSubscription(ctx, w.sc, w.sub.ID, domain.SubscriptionUpdate{PaymentMethodID: &good})
			if err != nil {
				t.Fatal(err)
			}
			if sub.Attempt != 1 || !sub.NextChargeAt.Equal(*w.now) {
				t.Fatalf("the retry is not brought forward: attempt %d at %v", sub.Attempt, sub.NextChargeAt)
			}
			var state string
			if err := w.s.DB().QueryRow(`SELECT state FROM jobs WHERE id = $1`, domain.ChargeJobID(sub.ID, 0, 1)).Scan(&state); err != nil || state != "available" {
				t.Fatalf("the retry's job: %v %q", err, state)
			}
			if err := w.charge(t, false); err != nil {
				t.Fatal(err)
			}
			if sub := mustSub(t, w.e, w.sc, w.sub.ID); sub.Status != domain.SubscriptionActive || sub.PaymentsMade != 1 || sub.NextPeriod != 1 {
				t.Fatalf("after the retry: %s, %d made, period %d", sub.Status, sub.PaymentsMade, sub.NextPeriod)
			}
		})
	})
}

// TestRecurringPreAuthorisation: each scheduled charge of a PA request is
// an authorisation, as its first payment was: requires_capture, a CC.PA
// row in the history marked scheduled, captured by the merchant later. It
// counts as the period's payment.
func TestRecurringPreAuthorisation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := storetest.Wire(t, s)
		now := time.Date(2027, 5, 10, 9, 0, 0, 0, time.UTC)
		e.Clock = func() time.Time { return now }
		m, _ := storetest.MustMerchant(t, e, "Pre-authorised")
		sc := domain.Scope{MerchantID: m.ID}
		fixed := true
		pr, err := e.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"},
			Email: "payer@example.com", Amount: "20.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "PA",
			PaymentFrequency: "WEEKLY", PaymentStartDate: "2027-05-10T09:00:00Z", InitialPaymentAmount: "0", TotalNumberOfPayments: "3"})
		if err != nil {
			t.Fatal(err)
		}
		first, err := e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045, CVC: "123"}, 0, nil)
		if err != nil || first.Status != domain.StatusRequiresCapture {
			t.Fatalf("first payment: %v %s", err, first.Status)
		}
		page, err := e.ListSubscriptions(ctx, sc, domain.ListParams{Limit: 10})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("subscriptions: %v %d", err, len(page.Items))
		}
		sub := page.Items[0]
		now = now.AddDate(0, 0, 7)
		if _, err := e.QueueDueCharges(ctx); err != nil {
			t.Fatal(err)
		}
		if err := e.ChargeSubscription(ctx, sc, domain.ChargeArgs{Subscription: sub.ID, Period: 1}, false); err != nil {
			t.Fatal(err)
		}
		sub = mustSub(t, e, sc, sub.ID)
		if sub.PaymentsMade != 2 || sub.NextPeriod != 2 || sub.Status != domain.SubscriptionActive {
			t.Fatalf("after the second period: %d made, period %d, %s", sub.PaymentsMade, sub.NextPeriod, sub.Status)
		}
		p, err := e.GetPayment(ctx, sc, sub.LatestPayment)
		if err != nil || p.Status != domain.StatusRequiresCapture || !p.CaptureManual || p.AmountCaptured != 0 || p.Amount != 2000 {
			t.Fatalf("the scheduled charge: %v %s manual %t captured %d", err, p.Status, p.CaptureManual, p.AmountCaptured)
		}
		hist, err := e.ListHistory(ctx, sc, domain.HistoryParams{Page: 1, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var row *domain.HistoryEntry
		for i, h := range hist.Items {
			if h.PaymentID == p.ID {
				row = &hist.Items[i]
			}
		}
		if row == nil || row.Kind != domain.HistoryPreAuth || row.TransactionType != "scheduled" || row.Status != domain.HistorySuccess {
			t.Fatalf("its history row: %+v", row)
		}
		captured, err := e.CapturePayment(ctx, sc, p.ID, nil)
		if err != nil || captured.Status != domain.StatusSucceeded || captured.AmountCaptured != 2000 {
			t.Fatalf("capture: %v %s %d", err, captured.Status, captured.AmountCaptured)
		}
		a, err := s.Verify(ctx, now, 15*time.Minute)
		if err != nil || len(a.Problems) != 0 || a.Subscriptions != 1 {
			t.Fatalf("verify: %v %s %v", err, a.Summary(), a.Problems)
		}
	})
}

// TestDeleteCustomerCancelsSubscriptions: deleting a customer cancels its
// active and past_due subscriptions in the same call, on their clock's
// time, with their subscription.canceled events, and nothing more is
// charged; another customer's subscription bills on.
func TestDeleteCustomerCancelsSubscriptions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
		f := newBillingFixture(t, s, "UTC", start)
		active := f.subscribe(t, "4242424242424242", domain.IntervalMonth, 0)
		pastDue := f.subscribe(t, "4000000000009987", domain.IntervalMonth, 0) // lost card: given up at once
		if got := f.get(t, pastDue.ID).Status; got != domain.SubscriptionPastDue {
			t.Fatalf("lost card: %s", got)
		}
		email := "other@example.com"
		other, err := f.e.CreateCustomer(ctx, f.sc, domain.CustomerInput{Email: &email, TestClock: f.clock.ID})
		if err != nil {
			t.Fatal(err)
		}
		keep := f.cus
		f.cus = other
		kept := f.subscribe(t, "4242424242424242", domain.IntervalMonth, 0)
		f.cus = keep

		if _, err := f.e.DeleteCustomer(ctx, f.sc, domain.CustomerRef{ID: f.cus.ID}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{active.ID, pastDue.ID} {
			sub := f.get(t, id)
			if sub.Status != domain.SubscriptionCanceled || sub.NextChargeAt != nil || sub.CanceledAt == nil ||
				!sub.CanceledAt.Equal(start) {
				t.Errorf("%s after its customer was deleted: %s, canceled at %v", id, sub.Status, sub.CanceledAt)
			}
		}
		if n := f.eventCount(t, domain.EventSubscriptionCanceled); n != 2 {
			t.Errorf("%d subscription.canceled events, want 2", n)
		}
		f.advance(t, start.AddDate(0, 3, 0))
		for id, want := range map[string]int{active.ID: 1, pastDue.ID: 1, kept.ID: 4} {
			if cs, _ := f.charges(t, id); len(cs) != want {
				t.Errorf("%s: %d charges, want %d", id, len(cs), want)
			}
		}
		if got := f.get(t, kept.ID).Status; got != domain.SubscriptionActive {
			t.Errorf("another customer's subscription: %s", got)
		}
		if _, err := f.e.DeleteCustomer(ctx, f.sc, domain.CustomerRef{ID: f.cus.ID}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("deleting again: %v", err)
		}
	})
}

// TestRequestTestClockErrors: a Paysley request's test_clock must be a test
// clock of the scope, in test mode, and the one its customer lives on.
func TestRequestTestClockErrors(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newBillingFixture(t, s, "UTC", time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC))
		other, err := f.e.CreateTestClock(ctx, f.sc, time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), "other")
		if err != nil {
			t.Fatal(err)
		}
		fixed := true
		in := func(clock, customer string) domain.PaymentRequestInput {
			return domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"}, Email: "payer@example.com", Amount: "20.00",
				Currency: "USD", FixedAmount: &fixed, PaymentType: "DB", TestClock: clock, CustomerID: customer}
		}
		number := itoa(f.cus.Number)
		for _, tc := range []struct {
			name   string
			scope  domain.Scope
			in     domain.PaymentRequestInput
			reason string
		}{
			{"unknown", f.sc, in("clock_nope", ""), "resource_missing"},
			{"live mode", domain.Scope{MerchantID: f.sc.MerchantID, Livemode: true}, in(f.clock.ID, ""), "test_mode_only"},
			{"not the customer's", f.sc, in(other.ID, number), "test_clock_mismatch"},
		} {
			_, err := f.e.CreatePaymentRequest(ctx, tc.scope, tc.in)
			if de := domain.AsError(err); de.Code != domain.CodeInvalid || de.Param != "test_clock" || de.Reason != tc.reason {
				t.Errorf("%s: %v (%s)", tc.name, err, de.Reason)
			}
		}
		pr, err := f.e.CreatePaymentRequest(ctx, f.sc, in(f.clock.ID, number))
		if err != nil || pr.TestClock != f.clock.ID {
			t.Fatalf("the customer's own clock: %v %q", err, pr.TestClock)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

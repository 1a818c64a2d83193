package paysley_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// TestTestClockExtension: a Paysley customer created with test_clock lives
// on it; a recurring payment request with test_clock, or whose customer is
// on a clock, starts a subscription on the clock's time at its first
// payment, and advancing the clock (PaySmart's test clock endpoints) charges
// its periods, none on the wall clock. Bad clocks are field errors.
func TestTestClockExtension(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		ctx := context.Background()
		start := time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC)
		recurring := func(extra map[string]any) map[string]any {
			body := map[string]any{"request_methods": []string{"EMAIL"}, "email": "payer@doe.com", "amount": 20,
				"currency": "USD", "fixed_amount": true, "payment_type": "DB", "payment_frequency": "MONTHLY",
				"payment_start_date": "2027-01-15T12:00:00Z", "initial_payment_amount": 0, "total_number_of_payments": 6}
			for k, v := range extra {
				body[k] = v
			}
			return body
		}
		a.run([]call{
			{name: "clock", key: "sk", method: "POST", path: "/v2/test_helpers/test_clocks",
				body: map[string]any{"frozen_time": start.Unix()}, save: map[string]string{"clock": "id"}},
			{name: "customer on the clock", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "payer@doe.com", "test_clock": "{clock}"},
				want: map[string]any{"customer_id": 1, "test_clock": "{clock}"}},
			{name: "customer off any clock", method: "POST", path: "/v2/customers", body: map[string]any{"email": "other@doe.com"},
				want: map[string]any{"test_clock": absent}},
			{name: "customer on an unknown clock", method: "POST", path: "/v2/customers", status: 422,
				body: map[string]any{"email": "x@doe.com", "test_clock": "clock_nope"}, exact: e3aBody("test_clock is not found.", "test_clock")},
			{name: "customer on a clock in live mode", key: "live", method: "POST", path: "/v2/customers", status: 422,
				body:  map[string]any{"email": "x@doe.com", "test_clock": "{clock}"},
				exact: e3aBody("Test clocks exist only in test mode: use a test key.", "test_clock")},
			{name: "request on the clock", method: "POST", path: "/v2/payment-requests", body: recurring(map[string]any{"test_clock": "{clock}"}),
				want: map[string]any{"test_clock": "{clock}"}, save: map[string]string{"explicit": "transaction_id"}},
			{name: "request of the customer on the clock", method: "POST", path: "/v2/payment-requests",
				body: recurring(map[string]any{"customer_id": "1"}), want: map[string]any{"test_clock": "{clock}"},
				save: map[string]string{"inherited": "transaction_id"}},
			{name: "request off any clock", method: "POST", path: "/v2/payment-requests", body: recurring(nil),
				want: map[string]any{"test_clock": absent}},
			{name: "request on an unknown clock", method: "POST", path: "/v2/payment-requests", status: 400,
				body: recurring(map[string]any{"test_clock": "clock_nope"}), want: map[string]any{"error_field": "test_clock"}},
			{name: "request on a clock in live mode", key: "live", method: "POST", path: "/v2/payment-requests", status: 400,
				body: recurring(map[string]any{"test_clock": "{clock}"}), want: map[string]any{"error_field": "test_clock"}},
		})

		sc := domain.Scope{MerchantID: a.merchantA(t)}
		var subs []domain.Subscription
		for _, txn := range []string{a.vars["explicit"], a.vars["inherited"]} {
			pr, err := a.e.GetPaymentRequest(ctx, sc, txn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.e.PayPaymentRequest(ctx, pr.ID, domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2045, CVC: "123"}, 0, nil); err != nil {
				t.Fatal(err)
			}
			sub, err := a.e.GetSubscription(ctx, sc, mustRequestSubscription(t, a, sc, pr.ID))
			if err != nil {
				t.Fatal(err)
			}
			// Anchored at payment_start_date, after the clock's time; the
			// first payment was period 0.
			if sub.TestClock != a.vars["clock"] || sub.NextPeriod != 1 ||
				!sub.NextChargeAt.Equal(time.Date(2027, 2, 15, 12, 0, 0, 0, time.UTC)) {
				t.Fatalf("subscription of %s: clock %q, period %d, next %v", txn, sub.TestClock, sub.NextPeriod, sub.NextChargeAt)
			}
			subs = append(subs, sub)
		}
		// The wall clock bills nothing on a test clock.
		if n, err := a.e.QueueDueCharges(ctx); err != nil || n != 0 {
			t.Fatalf("billing scan: %d due, %v", n, err)
		}
		a.run([]call{{name: "advance", key: "sk", method: "POST", path: "/v2/test_helpers/test_clocks/{clock}/advance",
			body: map[string]any{"frozen_time": time.Date(2027, 4, 20, 0, 0, 0, 0, time.UTC).Unix()},
			want: map[string]any{"status": "ready"}}})
		for _, sub := range subs {
			cs, err := a.e.SubscriptionCharges(ctx, sc, sub.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 3 {
				t.Fatalf("%d charges after three months, want 3", len(cs))
			}
			for i, c := range cs {
				p, err := a.e.GetPayment(ctx, sc, c.PaymentID)
				if err != nil {
					t.Fatal(err)
				}
				want := time.Date(2027, time.Month(2+i), 15, 12, 0, 0, 0, time.UTC)
				if !p.Created.Equal(want) || p.Status != domain.StatusSucceeded || p.Amount != 2000 {
					t.Errorf("charge %d: %s %s %d, want at %s", i, p.Created, p.Status, p.Amount, want)
				}
			}
			if got := mustSubscription(t, a, sc, sub.ID).PaymentsMade; got != 4 {
				t.Errorf("payments made: %d, want 4", got)
			}
		}
	})
}

func (a *api) merchantA(t *testing.T) string {
	t.Helper()
	ms, err := a.e.ListMerchants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Name == "Merchant A" {
			return m.ID
		}
	}
	t.Fatal("no merchant A")
	return ""
}

func mustRequestSubscription(t *testing.T, a *api, sc domain.Scope, requestID string) string {
	t.Helper()
	page, err := a.e.ListSubscriptions(context.Background(), sc, domain.ListParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range page.Items {
		if sub.RequestID == requestID {
			return sub.ID
		}
	}
	t.Fatalf("no subscription of request %s", requestID)
	return ""
}

func mustSubscription(t *testing.T, a *api, sc domain.Scope, id string) domain.Subscription {
	t.Helper()
	sub, err := a.e.GetSubscription(context.Background(), sc, id)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

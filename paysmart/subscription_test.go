package paysmart_test

import (
	"fmt"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestSubscriptionsAPI walks a subscription on a test clock through the
// PaySmart extension: create, retrieve, list, advance, update, cancel.
func TestSubscriptionsAPI(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		do := func(c call) servertest.Reply { c.Auth = sk; return e.Do(t, c) }
		const jan31 = 1801396800 // 2027-01-31T12:00:00Z

		r := do(call{Method: "POST", Path: "/v2/test_helpers/test_clocks", Body: fmt.Sprintf(`{"frozen_time":%d,"name":"year"}`, jan31)})
		servertest.Expect(t, r, 200, map[string]any{"object": "test_helpers.test_clock", "frozen_time": float64(jan31), "status": "ready", "name": "year"})
		clock := r.Get("id").(string)
		r = do(call{Method: "POST", Path: "/v2/customers", Body: fmt.Sprintf(`{"email":"a@example.com","test_clock":%q}`, clock)})
		servertest.Expect(t, r, 200, map[string]any{"test_clock": clock})
		cus := r.Get("id").(string)
		r = do(call{Method: "POST", Path: "/v2/payment_methods", Body: fmt.Sprintf(
			`{"type":"card","customer":%q,"card":{"number":"4242424242424242","exp_month":12,"exp_year":2040}}`, cus)})
		pm := r.Get("id").(string)
		r = do(call{Method: "POST", Path: "/v2/payment_methods", Body: `{"type":"card","card":{"number":"5555555555554444","exp_month":12,"exp_year":2040}}`})
		loose := r.Get("id").(string)

		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any
		}{
			{"no customer", call{Method: "POST", Path: "/v2/subscriptions", Body: `{"payment_method":"pm_x","amount":100,"currency":"usd","interval":"month"}`},
				400, map[string]any{"error.param": "customer"}},
			{"bad interval", call{Method: "POST", Path: "/v2/subscriptions", Body: fmt.Sprintf(`{"customer":%q,"payment_method":%q,"amount":100,"currency":"usd","interval":"day"}`, cus, pm)},
				400, map[string]any{"error.param": "interval"}},
			{"card of nobody", call{Method: "POST", Path: "/v2/subscriptions", Body: fmt.Sprintf(`{"customer":%q,"payment_method":%q,"amount":100,"currency":"usd","interval":"month"}`, cus, loose)},
				400, map[string]any{"error.param": "payment_method"}},
			{"unknown parameter", call{Method: "POST", Path: "/v2/subscriptions", Body: `{"plan":"gold"}`}, 400, map[string]any{"error.param": "plan"}},
			{"bad status filter", call{Method: "GET", Path: "/v2/subscriptions?status=paused"}, 400, map[string]any{"error.param": "status"}},
			{"clock not found", call{Method: "GET", Path: "/v2/test_helpers/test_clocks/clock_nope"}, 404, nil},
			{"advance backwards", call{Method: "POST", Path: "/v2/test_helpers/test_clocks/" + clock + "/advance", Body: `{"frozen_time":1}`},
				400, map[string]any{"error.param": "frozen_time"}},
		}
		for _, tc := range tests {
			servertest.Expect(t, do(tc.call), tc.status, tc.want)
		}

		r = do(call{Method: "POST", Path: "/v2/subscriptions", Body: fmt.Sprintf(
			`{"customer":%q,"payment_method":%q,"amount":1000,"initial_amount":2500,"currency":"usd","interval":"month","total_payments":3,"metadata":{"plan":"gold"}}`, cus, pm)})
		servertest.Expect(t, r, 200, map[string]any{"object": "subscription", "status": "active", "payments_made": 1.0,
			"total_payments": 3.0, "current_period_start": float64(jan31), "current_period_end": 1803816000.0, // 28 Feb
			"initial_amount": 2500.0, "test_clock": clock, "metadata.plan": "gold", "latest_payment": present})
		sub := r.Get("id").(string)
		r = do(call{Method: "GET", Path: "/v2/payments/" + r.Get("latest_payment").(string)})
		servertest.Expect(t, r, 200, map[string]any{"amount": 2500.0, "subscription": sub, "status": "succeeded"})

		r = do(call{Method: "POST", Path: "/v2/test_helpers/test_clocks/" + clock + "/advance", Body: fmt.Sprintf(`{"frozen_time":%d}`, jan31+40*86400)})
		servertest.Expect(t, r, 200, map[string]any{"status": "ready", "frozen_time": float64(jan31 + 40*86400)})
		r = do(call{Method: "GET", Path: "/v2/subscriptions/" + sub})
		servertest.Expect(t, r, 200, map[string]any{"payments_made": 2.0, "current_period_start": 1803816000.0})
		r = do(call{Method: "GET", Path: "/v2/subscriptions?customer=" + cus + "&status=active"})
		servertest.Expect(t, r, 200, map[string]any{"data.0.id": sub})
		r = do(call{Method: "POST", Path: "/v2/subscriptions/" + sub, Body: fmt.Sprintf(`{"payment_method":%q}`, loose)})
		servertest.Expect(t, r, 400, map[string]any{"error.param": "payment_method"})
		r = do(call{Method: "POST", Path: "/v2/subscriptions/" + sub, Body: `{"metadata":{"plan":"silver"}}`})
		servertest.Expect(t, r, 200, map[string]any{"metadata.plan": "silver"})
		r = do(call{Method: "DELETE", Path: "/v2/subscriptions/" + sub})
		servertest.Expect(t, r, 200, map[string]any{"status": "canceled", "canceled_at": present, "next_payment_attempt": nil})
		r = do(call{Method: "DELETE", Path: "/v2/subscriptions/" + sub})
		servertest.Expect(t, r, 400, nil)
		r = do(call{Method: "GET", Path: "/v2/events?type=subscription.canceled"})
		servertest.Expect(t, r, 200, map[string]any{"data.0.data.object.id": sub})
		r = do(call{Method: "DELETE", Path: "/v2/test_helpers/test_clocks/" + clock})
		servertest.Expect(t, r, 200, map[string]any{"deleted": true})

		live := e.Do(t, call{Method: "POST", Path: "/v2/test_helpers/test_clocks", Auth: "bearer:" + e.Keys["sk_live"], Body: `{"frozen_time":1}`})
		servertest.Expect(t, live, 403, nil)
	})
}

// TestSubscriptionNewCardRetries: on a past_due subscription, a new
// payment_method through POST /v2/subscriptions/{id} charges the given-up
// period at once, and the subscription is active again.
func TestSubscriptionNewCardRetries(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		do := func(c call) servertest.Reply { c.Auth = "bearer:" + e.Keys["sk_test"]; return e.Do(t, c) }
		const mar1 = 1803902400 // 2027-03-01T12:00:00Z
		clock := do(call{Method: "POST", Path: "/v2/test_helpers/test_clocks", Body: fmt.Sprintf(`{"frozen_time":%d}`, mar1)}).Get("id").(string)
		cus := do(call{Method: "POST", Path: "/v2/customers", Body: fmt.Sprintf(`{"email":"a@example.com","test_clock":%q}`, clock)}).Get("id").(string)
		card := func(number string) string {
			return do(call{Method: "POST", Path: "/v2/payment_methods", Body: fmt.Sprintf(
				`{"type":"card","customer":%q,"card":{"number":%q,"exp_month":12,"exp_year":2040}}`, cus, number)}).Get("id").(string)
		}
		r := do(call{Method: "POST", Path: "/v2/subscriptions", Body: fmt.Sprintf(
			`{"customer":%q,"payment_method":%q,"amount":1000,"currency":"usd","interval":"month"}`, cus, card("4000000000000341"))})
		servertest.Expect(t, r, 200, map[string]any{"status": "active", "payments_made": 0.0, "attempt_count": 1.0})
		sub := r.Get("id").(string)
		r = do(call{Method: "POST", Path: "/v2/test_helpers/test_clocks/" + clock + "/advance", Body: fmt.Sprintf(`{"frozen_time":%d}`, mar1+10*86400)})
		servertest.Expect(t, r, 200, map[string]any{"status": "ready"})
		r = do(call{Method: "GET", Path: "/v2/subscriptions/" + sub})
		servertest.Expect(t, r, 200, map[string]any{"status": "past_due", "payments_made": 0.0, "next_payment_attempt": 1806580800.0})

		good := card("4242424242424242")
		r = do(call{Method: "POST", Path: "/v2/subscriptions/" + sub, Body: fmt.Sprintf(`{"payment_method":%q}`, good)})
		servertest.Expect(t, r, 200, map[string]any{"status": "active", "payments_made": 1.0, "payment_method": good,
			"attempt_count": 0.0, "next_payment_attempt": 1806580800.0, "current_period_start": float64(mar1)})
		r = do(call{Method: "GET", Path: "/v2/payments/" + r.Get("latest_payment").(string)})
		servertest.Expect(t, r, 200, map[string]any{"status": "succeeded", "subscription": sub, "amount": 1000.0,
			"created": float64(mar1 + 10*86400)})
	})
}

package paysmart_test

import (
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestExpand: expand[] turns a referenced id into its object, as Stripe's
// does, in bodies, queries and lists; anything else stays refused by name.
func TestExpand(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		do := func(c call) servertest.Reply { c.Auth = sk; return e.Do(t, c) }
		cus := do(call{Method: "POST", Path: "/v2/customers", Body: `{"email": "jane@example.com", "name": "Jane"}`})
		cid := cus.Get("id").(string)
		pay := do(call{Method: "POST", Path: "/v2/payments", Body: payBody("4242424242424242",
			`, "customer": "`+cid+`", "expand": ["customer", "payment_method"]`)})
		servertest.Expect(t, pay, 200, map[string]any{"customer.id": cid, "customer.object": "customer", "customer.email": "jane@example.com",
			"payment_method.card.last4": "4242"})
		pid := pay.Get("id").(string)

		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments/" + pid}), 200, map[string]any{"customer": cid})
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments/" + pid + "?expand[]=customer"}), 200,
			map[string]any{"customer.name": "Jane"})
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments?expand[]=data.customer"}), 200,
			map[string]any{"data.0.customer.id": cid})
		servertest.Expect(t, do(call{Method: "POST", Path: "/v2/payments/" + pid, ContentType: "application/x-www-form-urlencoded",
			Body: "description=x&expand[]=customer"}), 200, map[string]any{"customer.id": cid, "description": "x"})

		ref := do(call{Method: "POST", Path: "/v2/refunds", Body: `{"payment": "` + pid + `", "amount": 100, "expand": ["payment.customer"]}`})
		servertest.Expect(t, ref, 200, map[string]any{"payment.id": pid, "payment.customer.id": cid, "status": "succeeded",
			"failure_reason": nil})
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/refunds/" + ref.Get("id").(string) + "?expand[]=payment"}), 200,
			map[string]any{"payment.amount_refunded": 100.0, "payment.customer": cid})
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/refunds?expand[]=data.payment"}), 200,
			map[string]any{"data.0.payment.id": pid})

		// Unknown expansions and parameters stay refused by name.
		for _, c := range []call{
			{Method: "GET", Path: "/v2/payments/" + pid + "?expand[]=refunds"},
			{Method: "GET", Path: "/v2/payments?expand[]=customer"},
			{Method: "POST", Path: "/v2/payments", Body: payBody("4242424242424242", `, "expand": ["invoice"]`)},
		} {
			servertest.Expect(t, do(c), 400, map[string]any{"error.param": "expand", "error.type": "invalid_request_error"})
		}
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments/" + pid + "?expnad[]=customer"}), 400,
			map[string]any{"error.code": "parameter_unknown"})
	})
}

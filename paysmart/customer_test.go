package paysmart_test

import (
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

const documentedCustomer = `{
  "email": "customer@example.com",
  "name": "John Doe",
  "phone": "+1234567890",
  "address": {"line1": "123 Main St", "city": "San Francisco", "state": "CA", "postal_code": "94111", "country": "US"}
}`

func TestCustomersAPI(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		do := func(c call) servertest.Reply { c.Auth = sk; return e.Do(t, c) }

		r := do(call{Method: "POST", Path: "/v2/customers", Body: documentedCustomer})
		servertest.Expect(t, r, 200, map[string]any{"object": "customer", "email": "customer@example.com", "name": "John Doe",
			"phone": "+1234567890", "address.line1": "123 Main St", "address.city": "San Francisco", "address.state": "CA",
			"address.postal_code": "94111", "address.country": "US", "created": present, "livemode": false})
		id := r.Get("id").(string)

		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any
		}{
			{"retrieve", call{Method: "GET", Path: "/v2/customers/" + id}, 200, map[string]any{"id": id, "name": "John Doe"}},
			{"update", call{Method: "POST", Path: "/v2/customers/" + id, Body: `{"name":"Jane Doe","metadata":{"tier":"gold"}}`}, 200,
				map[string]any{"name": "Jane Doe", "email": "customer@example.com", "metadata.tier": "gold"}},
			{"update clears metadata key", call{Method: "POST", Path: "/v2/customers/" + id, Body: `{"metadata":{"tier":""}}`}, 200,
				map[string]any{"metadata.tier": nil}},
			{"bad email", call{Method: "POST", Path: "/v2/customers", Body: `{"email":"not-an-email"}`}, 400,
				map[string]any{"error.param": "email", "error.type": "invalid_request_error"}},
			{"bad address", call{Method: "POST", Path: "/v2/customers", Body: `{"address":"Paris"}`}, 400,
				map[string]any{"error.param": "address"}},
			{"unknown address field", call{Method: "POST", Path: "/v2/customers", Body: `{"address":{"town":"Paris"}}`}, 400,
				map[string]any{"error.param": "address[town]"}},
			{"duplicate email allowed", call{Method: "POST", Path: "/v2/customers", Body: `{"email":"customer@example.com"}`}, 200,
				map[string]any{"object": "customer"}},
			{"unknown", call{Method: "GET", Path: "/v2/customers/cus_nope"}, 404, map[string]any{"error.code": "resource_missing"}},
			{"update unknown", call{Method: "POST", Path: "/v2/customers/cus_nope", Body: `{"name":"x"}`}, 404, nil},
			{"delete", call{Method: "DELETE", Path: "/v2/customers/" + id}, 200, map[string]any{"id": id, "deleted": true, "object": "customer"}},
			{"retrieve deleted", call{Method: "GET", Path: "/v2/customers/" + id}, 200, map[string]any{"deleted": true}},
			{"delete twice", call{Method: "DELETE", Path: "/v2/customers/" + id}, 404, nil},
			{"update deleted", call{Method: "POST", Path: "/v2/customers/" + id, Body: `{"name":"x"}`}, 404, nil},
			{"list excludes deleted", call{Method: "GET", Path: "/v2/customers"}, 200, map[string]any{"data.1": nil, "data.0.email": "customer@example.com"}},
			{"events", call{Method: "GET", Path: "/v2/events?type=customer.updated"}, 200,
				map[string]any{"data.0.type": "customer.updated", "data.0.data.object.metadata.tier": nil, "data.1.data.object.metadata.tier": "gold", "data.2": nil}},
			{"event types in order", call{Method: "GET", Path: "/v2/events?limit=1"}, 200, map[string]any{"data.0.type": "customer.deleted",
				"data.0.object": "event", "data.0.livemode": false, "data.0.data.object.deleted": true, "has_more": true}},
			{"event unknown", call{Method: "GET", Path: "/v2/events/evt_nope"}, 404, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { servertest.Expect(t, do(tc.call), tc.status, tc.want) })
		}
		ev := do(call{Method: "GET", Path: "/v2/events?type=customer.created&limit=100"})
		first := ev.Get("data.1.id").(string)
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/events/" + first}), 200,
			map[string]any{"type": "customer.created", "data.object.id": id, "data.object.name": "John Doe"})
	})
}

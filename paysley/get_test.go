package paysley_test

import (
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestGetOne fetches one customer, group, product and category by id (an
// extension), and answers each family's not-found body for unknown,
// non-numeric and other-mode ids.
func TestGetOne(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		py := "bearer:" + e.Keys["py_test"]
		do := func(method, path, body string) servertest.Reply {
			return e.Do(t, servertest.Call{Method: method, Path: path, Auth: py, Body: body})
		}
		servertest.Expect(t, do("POST", "/v2/customers/groups", `{"group_name":"Card"}`), 200, nil)
		servertest.Expect(t, do("POST", "/v2/customers", `{"email":"john@doe.com","customer_group_id":1}`), 200, nil)
		servertest.Expect(t, do("POST", "/v2/products-services/category", `{"name":"Books"}`), 200, nil)
		servertest.Expect(t, do("POST", "/v2/products-services", `{"name":"Item","category_id":1,"type":"product","sales_price":2.5}`), 200, nil)

		for _, tc := range []struct {
			path   string
			status int
			want   map[string]any
		}{
			{"/v2/customers/1", 200, map[string]any{"result": "success", "customer_id": 1.0, "email": "john@doe.com", "customer_group_id": 1.0}},
			{"/v2/customers/2", 404, map[string]any{"message": "customer_id is not found."}},
			{"/v2/customers/x", 404, map[string]any{"message": "customer_id is not found."}},
			{"/v2/customers/groups/1", 200, map[string]any{"result": "success", "customer_group_id": 1.0, "group_name": "Card"}},
			{"/v2/customers/groups/9", 404, map[string]any{"response_code": 404.0, "message": "customer_group_id is not found."}},
			{"/v2/products-services/1", 200, map[string]any{"result": "success", "id": 1.0, "name": "Item", "category_id": 1.0, "sales_price": 2.5}},
			{"/v2/products-services/9", 404, map[string]any{"error_field": "id", "error_message": "product and service ID not found"}},
			{"/v2/products-services/category/1", 200, map[string]any{"id": 1.0, "name": "Books"}},
			{"/v2/products-services/category/9", 404, map[string]any{"error_field": "category_id", "error_message": "category_id not found"}},
		} {
			servertest.Expect(t, do("GET", tc.path, ""), tc.status, tc.want)
		}
		live := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/products-services/1", Auth: "bearer:" + e.Keys["py_live"]})
		servertest.Expect(t, live, 404, map[string]any{"error_field": "id"})
	})
}

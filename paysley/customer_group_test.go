package paysley_test

import (
	"strings"
	"testing"
)

var groupNameTaken = map[string]any{"response_code": 422, "is_valid": false,
	"errors": []any{map[string]any{"message": "Group name already exists.", "field": "group_name"}}}

var groupIDNotFound = map[string]any{"response_code": 422, "message": "customer_group_id is not found."}

func TestCreateCustomerGroup(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		doc := map[string]any{"group_name": "Card", "description": "group for card"}
		a.run([]call{
			// The name is stored as given (the document's "card" answer is a sample quirk, IC-P33).
			{name: "document example", method: "POST", path: "/v2/customers/groups", body: doc, shape: "group_detail",
				exact: map[string]any{"result": "success", "customer_group_id": 1, "group_name": "Card", "description": "group for card"}},
			{name: "same name", method: "POST", path: "/v2/customers/groups", body: doc, status: 422, shape: "e3", exact: groupNameTaken},
			{name: "same name, other case and spaces", method: "POST", path: "/v2/customers/groups",
				body: map[string]any{"group_name": "  cARD "}, status: 422, exact: groupNameTaken},
			// Numbers are unique, not gapless: PostgreSQL spends one on a refused insert.
			{name: "same name in live mode", key: "live", method: "POST", path: "/v2/customers/groups", body: doc,
				want: map[string]any{"group_name": "Card"}},
			{name: "same name at another merchant", key: "other", method: "POST", path: "/v2/customers/groups", body: doc},
			{name: "no name", method: "POST", path: "/v2/customers/groups", body: map[string]any{"description": "d"},
				status: 422, shape: "e3b_array", exact: map[string]any{"is_valid": false, "result": "failed",
					"errors": []any{map[string]any{"message": "group_name is required.", "field": []string{"group_name"}}}}},
			{name: "blank name", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": " "},
				status: 422, want: map[string]any{"errors.0.field": []string{"group_name"}}},
			{name: "name too long", method: "POST", path: "/v2/customers/groups",
				body: map[string]any{"group_name": strings.Repeat("x", 256)}, status: 422, shape: "e3b_array"},
			{name: "name not a string", method: "POST", path: "/v2/customers/groups",
				body: map[string]any{"group_name": []int{1}}, status: 422, want: map[string]any{"errors.0.field": []string{"group_name"}}},
			{name: "form body", method: "POST", path: "/v2/customers/groups", body: form("group_name=VIP&description=big+spenders"),
				want: map[string]any{"result": "success", "group_name": "VIP", "description": "big spenders"}},
			{name: "number as a name", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": 2024},
				want: map[string]any{"group_name": "2024", "description": ""}},
		})
	})
}

func TestEditCustomerGroup(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "create", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "card", "description": "d"}},
			{name: "create VIP", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "VIP"}},
			{name: "document example", method: "PUT", path: "/v2/customers/groups", shape: "group_detail",
				body:  map[string]any{"customer_group_id": 1, "group_name": "Card", "description": "group for card"},
				exact: map[string]any{"result": "success", "customer_group_id": 1, "group_name": "Card", "description": "group for card"}},
			{name: "id as a string, description only", method: "PUT", path: "/v2/customers/groups",
				body:  map[string]any{"customer_group_id": "1", "description": "cards"},
				exact: map[string]any{"result": "success", "customer_group_id": 1, "group_name": "Card", "description": "cards"}},
			{name: "form body", method: "PUT", path: "/v2/customers/groups", body: form("customer_group_id=1&description="),
				want: map[string]any{"group_name": "Card", "description": ""}},
			{name: "no id", method: "PUT", path: "/v2/customers/groups", body: map[string]any{"group_name": "Card"},
				status: 422, shape: "e3b_array", exact: map[string]any{"is_valid": false, "result": "failed",
					"errors": []any{map[string]any{"message": "customer_group_id is required.", "field": []string{"customer_group_id"}}}}},
			{name: "unknown id", method: "PUT", path: "/v2/customers/groups", body: map[string]any{"customer_group_id": 99, "group_name": "X"},
				status: 404, shape: "e8", exact: map[string]any{"response_code": 404, "message": "customer_group_id is not found."}},
			{name: "another merchant's group", key: "other", method: "PUT", path: "/v2/customers/groups",
				body: map[string]any{"customer_group_id": 1, "group_name": "X"}, status: 404},
			{name: "a test group in live mode", key: "live", method: "PUT", path: "/v2/customers/groups",
				body: map[string]any{"customer_group_id": 1, "group_name": "X"}, status: 404},
			{name: "rename onto another group", method: "PUT", path: "/v2/customers/groups",
				body: map[string]any{"customer_group_id": 2, "group_name": "CARD"}, status: 422, exact: groupNameTaken},
			{name: "clear the name", method: "PUT", path: "/v2/customers/groups",
				body: map[string]any{"customer_group_id": 2, "group_name": ""}, status: 422, shape: "e3b_array"},
		})
	})
}

func TestListCustomerGroups(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		for _, n := range []string{"Card", "50% off", "under_score", "O'Brien", `back\slash`} {
			a.do(call{name: "create", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": n, "description": "about " + n}})
		}
		a.run([]call{
			{name: "document example", path: "/v2/customers/groups?page=1&limit=10", shape: "group_list",
				want: map[string]any{"result": "success", "limit": 10, "page": 1, "page_count": 1, "total_count": 5,
					"customers_groups.0": map[string]any{"group_id": 5, "name": `back\slash`, "description": `about back\slash`,
						"date_created": "2026-11-21T09:52:18.000Z"}}},
			{name: "sort is accepted too", path: "/v2/customers/groups?sort=ASC", want: map[string]any{"customers_groups.0.name": "Card"}},
			{name: "keyword %", path: "/v2/customers/groups?keywords=%25", want: map[string]any{"total_count": 1, "customers_groups.0.group_id": 2}},
			{name: "keyword _", path: "/v2/customers/groups?keywords=_", want: map[string]any{"total_count": 1, "customers_groups.0.group_id": 3}},
			{name: "keyword '", path: "/v2/customers/groups?keywords=%27", want: map[string]any{"total_count": 1, "customers_groups.0.group_id": 4}},
			{name: `keyword \`, path: "/v2/customers/groups?keywords=%5C", want: map[string]any{"total_count": 1, "customers_groups.0.group_id": 5}},
			{name: "keyword, any case", path: "/v2/customers/groups?keywords=CARD", want: map[string]any{"total_count": 1}},
			{name: "limit 0", path: "/v2/customers/groups?limit=0", want: map[string]any{"limit": 10}},
			{name: "limit 1000", path: "/v2/customers/groups?limit=1000", want: map[string]any{"limit": 100}},
			{name: "page beyond the end", path: "/v2/customers/groups?page=7&limit=2",
				want: map[string]any{"page": 7, "page_count": 3, "total_count": 5, "customers_groups": []any{}}},
			{name: "live mode", key: "live", path: "/v2/customers/groups", want: map[string]any{"total_count": 0, "customers_groups": []any{}}},
			{name: "another merchant", key: "other", path: "/v2/customers/groups", want: map[string]any{"total_count": 0}},
		})
	})
}

func TestDeleteCustomerGroup(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "group", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "Card"}},
			{name: "other group", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "VIP"}},
			{name: "member", method: "POST", path: "/v2/customers", body: map[string]any{"email": "a@b.example", "first_name": "A", "customer_group_id": 1}},
			{name: "other member", method: "POST", path: "/v2/customers", body: map[string]any{"email": "c@d.example", "first_name": "C", "customer_group_id": 2}},
			{name: "another merchant's", key: "other", method: "DELETE", path: "/v2/customers/groups/1", status: 422, exact: groupIDNotFound},
			{name: "live mode", key: "live", method: "DELETE", path: "/v2/customers/groups/1", status: 422, exact: groupIDNotFound},
			// Deleting a group its customers are in is allowed: they leave it.
			{name: "document example", method: "DELETE", path: "/v2/customers/groups/1", shape: "group_delete",
				exact: map[string]any{"result": "success", "customer_group_id": "1"}},
			{name: "members left the group", path: "/v2/customers?sort=ASC",
				want: map[string]any{"customers.0.group_id": nil, "customers.1.group_id": 2}},
			{name: "delete again", method: "DELETE", path: "/v2/customers/groups/1", status: 422, shape: "e8", exact: groupIDNotFound},
			{name: "not a number", method: "DELETE", path: "/v2/customers/groups/card", status: 422, exact: groupIDNotFound},
			{name: "the name is free again", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "card"},
				want: map[string]any{"customer_group_id": 3}},
		})
	})
}

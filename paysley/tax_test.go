package paysley_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/domain"
)

var taxNotFound = e2Body("tax_id", "tax_id not found")

func TestTaxes(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "create percentage", method: "POST", path: "/v2/taxes", shape: "tax_detail",
				body: map[string]any{"name": "VAT", "type": "percentage", "rate": "7.5"},
				want: map[string]any{"result": "success", "name": "VAT", "type": "percentage", "rate": "7.5", "amount": nil,
					"created_at": "2026-11-21T09:52:18.000Z"},
				save: map[string]string{"vat": "tax_id"},
				check: func(t *testing.T, body map[string]any) {
					if id, _ := body["tax_id"].(string); !strings.HasPrefix(id, "tax_") || len(id) != 28 {
						t.Errorf("tax_id %q is not an opaque id", id)
					}
				}},
			{name: "create fixed, numbers as JSON numbers", method: "POST", path: "/v2/taxes", shape: "tax_detail",
				body: map[string]any{"name": "Flat", "type": "fixed_amount", "amount": 5},
				want: map[string]any{"type": "fixed_amount", "rate": nil, "amount": "5.00"}, save: map[string]string{"flat": "tax_id"}},
			{name: "create, form body", method: "POST", path: "/v2/taxes", body: form("name=GST+50%25_off&type=percentage&rate=0.0001"),
				want: map[string]any{"rate": "0.0001", "name": "GST 50%_off"}, save: map[string]string{"gst": "tax_id"}},
			{name: "create in live mode", key: "live", method: "POST", path: "/v2/taxes",
				body: map[string]any{"name": "Live VAT", "type": "percentage", "rate": 20}, want: map[string]any{"rate": "20"}},

			{name: "no name", method: "POST", path: "/v2/taxes", body: map[string]any{"type": "percentage", "rate": "1"},
				status: 400, shape: "e2", exact: e2Body("name", "name is required")},
			{name: "no type", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "rate": "1"},
				status: 400, exact: e2Body("type", "type is required")},
			{name: "bad type", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "flat", "rate": "1"},
				status: 400, exact: e2Body("type", "type must be percentage or fixed_amount.")},
			{name: "no rate", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "percentage"},
				status: 400, exact: e2Body("rate", "rate is required")},
			{name: "five decimals", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "percentage", "rate": "7.12345"},
				status: 400, exact: e2Body("rate", "rate can have at most 4 decimals.")},
			{name: "over 100%", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "percentage", "rate": "100.01"},
				status: 400, exact: e2Body("rate", "rate is a percentage from 0 to 100.")},
			{name: "negative", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "percentage", "rate": -1},
				status: 400, want: map[string]any{"error_field": "rate"}},
			{name: "amount on a percentage", method: "POST", path: "/v2/taxes",
				body: map[string]any{"name": "x", "type": "percentage", "rate": "1", "amount": "2"}, status: 400, want: map[string]any{"error_field": "amount"}},
			{name: "no amount", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "x", "type": "fixed_amount"},
				status: 400, exact: e2Body("amount", "amount is required")},

			{name: "list", path: "/v2/taxes?page=1&limit=10", shape: "tax_list",
				want: map[string]any{"result": "success", "total_count": 3, "page_count": 1, "taxes.0.tax_id": "{gst}", "taxes.2.tax_id": "{vat}"}},
			{name: "list: type filter", path: "/v2/taxes?type=fixed_amount", want: map[string]any{"total_count": 1, "taxes.0.tax_id": "{flat}"}},
			{name: "list: bad type", path: "/v2/taxes?type=x", status: 400, shape: "e2"},
			{name: "list: keyword %", path: "/v2/taxes?keywords=%25", want: map[string]any{"total_count": 1, "taxes.0.tax_id": "{gst}"}},
			{name: "list: keyword _", path: "/v2/taxes?keywords=_", want: map[string]any{"total_count": 1}},
			{name: "list: keyword '", path: "/v2/taxes?keywords=%27", want: map[string]any{"total_count": 0}},
			{name: `list: keyword \`, path: "/v2/taxes?keywords=%5C", want: map[string]any{"total_count": 0}},
			{name: "list: ascending", path: "/v2/taxes?sort=asc", want: map[string]any{"taxes.0.tax_id": "{vat}"}},
			{name: "list: limit 0", path: "/v2/taxes?limit=0", want: map[string]any{"limit": 10}},
			{name: "list: limit 1000", path: "/v2/taxes?limit=1000", want: map[string]any{"limit": 100}},
			{name: "list: page beyond the end", path: "/v2/taxes?page=3&limit=2",
				want: map[string]any{"page": 3, "page_count": 2, "total_count": 3, "taxes": []any{}}},
			{name: "list: live", key: "live", path: "/v2/taxes", want: map[string]any{"total_count": 1, "taxes.0.name": "Live VAT"}},
			{name: "list: another merchant", key: "other", path: "/v2/taxes", want: map[string]any{"total_count": 0, "taxes": []any{}}},

			{name: "edit", method: "PUT", path: "/v2/taxes", body: map[string]any{"tax_id": "{vat}", "rate": "8"}, shape: "tax_detail",
				want: map[string]any{"tax_id": "{vat}", "name": "VAT", "rate": "8"}},
			{name: "edit: switch type", method: "PUT", path: "/v2/taxes", body: form("tax_id={vat}&type=fixed_amount&amount=1.5"),
				want: map[string]any{"type": "fixed_amount", "rate": nil, "amount": "1.50"}},
			{name: "edit: switch type without its value", method: "PUT", path: "/v2/taxes", body: map[string]any{"tax_id": "{vat}", "type": "percentage"},
				status: 400, exact: e2Body("rate", "rate is required")},
			{name: "edit: no id", method: "PUT", path: "/v2/taxes", body: map[string]any{"name": "x"}, status: 400, exact: e2Body("tax_id", "tax_id is required")},
			{name: "edit: unknown", method: "PUT", path: "/v2/taxes", body: map[string]any{"tax_id": "tax_nope", "name": "x"}, status: 404, exact: taxNotFound},
			{name: "edit: another merchant's", key: "other", method: "PUT", path: "/v2/taxes", body: map[string]any{"tax_id": "{vat}", "name": "x"},
				status: 404, exact: taxNotFound},
			{name: "edit: live", key: "live", method: "PUT", path: "/v2/taxes", body: map[string]any{"tax_id": "{vat}", "name": "x"},
				status: 404, exact: taxNotFound},

			// A tax products use cannot be deleted.
			{name: "category", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "c"}},
			{name: "taxed product", method: "POST", path: "/v2/products-services",
				body: map[string]any{"name": "p", "category_id": 1, "type": "product", "sales_price": 1, "tax_id": "{flat}"}},
			{name: "delete: used", method: "DELETE", path: "/v2/taxes/{flat}", status: 409, exact: e2Body("tax_id", "Tax is still used by products.")},
			{name: "delete: another merchant's", key: "other", method: "DELETE", path: "/v2/taxes/{vat}", status: 404, exact: taxNotFound},
			{name: "delete: live", key: "live", method: "DELETE", path: "/v2/taxes/{vat}", status: 404, exact: taxNotFound},
			{name: "delete", method: "DELETE", path: "/v2/taxes/{vat}", shape: "deleted_message",
				exact: map[string]any{"result": "success", "message": "Delete tax success"}},
			{name: "delete again", method: "DELETE", path: "/v2/taxes/{vat}", status: 404, exact: taxNotFound},
		})
		// Payment requests price a tax_id through the engine.
		s := domain.Scope{MerchantID: merchantOf(t, a, "test")}
		tax, err := a.e.GetTax(context.Background(), s, a.vars["flat"])
		if err != nil || tax.Amount != 500 || tax.Type != domain.TaxFixedAmount {
			t.Fatalf("GetTax = %+v, %v", tax, err)
		}
		if _, err := a.e.GetTax(context.Background(), domain.Scope{MerchantID: s.MerchantID, Livemode: true}, a.vars["flat"]); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("GetTax in live mode: %v", err)
		}
	})
}

// merchantOf returns the merchant a key of a authenticates as.
func merchantOf(t *testing.T, a *api, key string) string {
	t.Helper()
	auth, err := a.e.Authenticate(context.Background(), a.keys[key])
	if err != nil {
		t.Fatal(err)
	}
	return auth.MerchantID
}

package paysley_test

import "testing"

// docProduct is the body of the document's curl example for Y19.
func docProduct() map[string]any {
	return map[string]any{
		"name":             "Item 1",
		"description":      "Description item 1",
		"sku":              "BRW-LAR-B678-HNM",
		"category_id":      1,
		"type":             "product",
		"manage_inventory": 0,
		"unit_in_stock":    1,
		"unit_low_stock":   1,
		"unit_type":        "flat-rate",
		"tax_id":           "",
		"cost":             1,
		"sales_price":      1,
		"image":            "{path}/uploads/product-image.jpg",
	}
}

var productNotFound = e2Body("id", "product and service ID not found")

var productNameTaken = map[string]any{"is_valid": false, "result": "failed",
	"errors": []any{map[string]any{"message": "Product or service name already exists.", "field": "name"}}}

func TestCreateProduct(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		doc := docProduct()
		a.run([]call{
			{name: "category", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "Electronic"}},
			{name: "tax", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "VAT", "type": "percentage", "rate": "7.5"},
				save: map[string]string{"tax": "tax_id"}},
			// Numbers are per merchant: the other merchant's second category is a number this one has not used.
			{name: "another merchant's first category", key: "other", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": "Theirs too"}},
			{name: "another merchant's category", key: "other", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": "Theirs"}, save: map[string]string{"theirs": "id"}},
			{name: "another merchant's tax", key: "other", method: "POST", path: "/v2/taxes",
				body: map[string]any{"name": "T", "type": "fixed_amount", "amount": "1"}, save: map[string]string{"their_tax": "tax_id"}},

			{name: "document example", method: "POST", path: "/v2/products-services", body: doc, shape: "product_detail",
				exact: map[string]any{"result": "success", "id": 1, "name": "Item 1", "description": "Description item 1",
					"sku": "BRW-LAR-B678-HNM", "category_id": 1, "type": "product", "image": "{path}/uploads/product-image.jpg",
					"manage_inventory": 0, "unit_in_stock": 1, "unit_low_stock": 1, "unit_type": "flat-rate",
					"tax_id": nil, "cost": 1, "sales_price": 1}},
			{name: "same name", method: "POST", path: "/v2/products-services", body: doc, status: 422, shape: "e3b_string", exact: productNameTaken},
			{name: "same name, other case", method: "POST", path: "/v2/products-services", body: with(doc, "name", " ITEM 1"),
				status: 422, exact: productNameTaken},
			// The PHP sample sends every value as a string.
			{name: "strings everywhere", method: "POST", path: "/v2/products-services",
				body: map[string]any{"name": "Item 2", "category_id": "1", "type": "service", "manage_inventory": "1",
					"unit_in_stock": "5", "unit_low_stock": "2", "unit_type": "per-hour", "tax_id": "{tax}",
					"cost": "0.50", "sales_price": "1500.12", "description": "", "sku": ""},
				shape: "product_detail",
				want: map[string]any{"type": "service", "manage_inventory": 1, "unit_in_stock": 5, "unit_low_stock": 2,
					"unit_type": "per-hour", "tax_id": "{tax}", "cost": rawNumber("0.5"), "sales_price": rawNumber("1500.12"),
					"image": nil, "description": "", "sku": ""}},
			{name: "booleans for manage_inventory", method: "POST", path: "/v2/products-services",
				body: with(doc, "name", "Item 3", "manage_inventory", true, "tax_id", nil, "unit_type", absent, "cost", absent),
				want: map[string]any{"manage_inventory": 1, "tax_id": nil, "unit_type": "flat-rate", "cost": 0}},
			{name: "form body", method: "POST", path: "/v2/products-services",
				body: form("name=Item+4&category_id=1&type=product&sales_price=2.25&manage_inventory=true&tax_id=0"),
				want: map[string]any{"name": "Item 4", "sales_price": rawNumber("2.25"), "manage_inventory": 1, "tax_id": nil}},
			{name: "live mode has its own names", key: "live", method: "POST", path: "/v2/products-services", body: doc,
				status: 400, exact: e2Body("category_id", "category_id not found")},

			{name: "no name", method: "POST", path: "/v2/products-services", body: with(doc, "name", absent),
				status: 400, shape: "e2", exact: e2Body("name", "name is required")},
			{name: "no category", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n1", "category_id", ""),
				status: 400, exact: e2Body("category_id", "category_id is required")},
			{name: "unknown category", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n2", "category_id", 99),
				status: 400, exact: e2Body("category_id", "category_id not found")},
			{name: "another merchant's category", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n3", "category_id", "{theirs}"),
				status: 400, exact: e2Body("category_id", "category_id not found")},
			{name: "no type", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n4", "type", absent),
				status: 400, exact: e2Body("type", "type is required")},
			{name: "bad type", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n5", "type", "thing"),
				status: 400, exact: e2Body("type", "type must be product or service.")},
			{name: "no sales price", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n6", "sales_price", absent),
				status: 400, exact: e2Body("sales_price", "sales_price is required")},
			{name: "three decimals", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n7", "sales_price", rawNumber("1.005")),
				status: 400, exact: e2Body("sales_price", "sales_price can have at most 2 decimals.")},
			{name: "negative cost", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n8", "cost", -1),
				status: 400, want: map[string]any{"error_field": "cost"}},
			{name: "exponent", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n9", "cost", rawNumber("1e2")),
				status: 400, want: map[string]any{"error_field": "cost"}},
			{name: "price not a number", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n10", "sales_price", "abc"),
				status: 400, want: map[string]any{"error_field": "sales_price"}},
			{name: "bad unit type", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n11", "unit_type", "per-day"),
				status: 400, exact: e2Body("unit_type", "unit_type must be flat-rate, per-hour or per-item.")},
			{name: "negative stock", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n12", "unit_in_stock", -1),
				status: 400, want: map[string]any{"error_field": "unit_in_stock"}},
			{name: "fractional stock", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n13", "unit_low_stock", 1.5),
				status: 400, want: map[string]any{"error_field": "unit_low_stock"}},
			{name: "manage_inventory not a boolean", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n14", "manage_inventory", "maybe"),
				status: 400, want: map[string]any{"error_field": "manage_inventory"}},
			// An unknown tax profile is no tax, with a warning (the document's PHP and Ruby samples send "1" and 1).
			{name: "unknown tax", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n15", "tax_id", 1),
				want: map[string]any{"tax_id": nil, "warnings.0.field": "tax_id", "warnings.0.message": "tax_id not found: no tax was applied."}},
			{name: "another merchant's tax", method: "POST", path: "/v2/products-services", body: with(doc, "name", "n16", "tax_id", "{their_tax}"),
				want: map[string]any{"tax_id": nil, "warnings.0.field": "tax_id"}},
		})
	})
}

func TestEditAndDeleteProduct(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		doc := docProduct()
		a.run([]call{
			{name: "category", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "Electronic"}},
			{name: "category 2", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "Books"}},
			{name: "tax", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "Flat", "type": "fixed_amount", "amount": "5"},
				save: map[string]string{"tax": "tax_id"}},
			{name: "create", method: "POST", path: "/v2/products-services", body: doc},
			{name: "create another", method: "POST", path: "/v2/products-services", body: with(doc, "name", "Item 2")},

			{name: "document example", method: "PUT", path: "/v2/products-services", shape: "product_detail",
				body: with(doc, "id", "1", "manage_inventory", 1),
				exact: map[string]any{"result": "success", "id": 1, "name": "Item 1", "description": "Description item 1",
					"sku": "BRW-LAR-B678-HNM", "category_id": 1, "type": "product", "image": "{path}/uploads/product-image.jpg",
					"manage_inventory": 1, "unit_in_stock": 1, "unit_low_stock": 1, "unit_type": "flat-rate",
					"tax_id": nil, "cost": 1, "sales_price": 1}},
			{name: "partial: price, tax and category only", method: "PUT", path: "/v2/products-services",
				body: map[string]any{"id": 1, "sales_price": "19.90", "tax_id": "{tax}", "category_id": 2},
				want: map[string]any{"name": "Item 1", "sales_price": rawNumber("19.9"), "tax_id": "{tax}", "category_id": 2, "cost": 1}},
			{name: "form body", method: "PUT", path: "/v2/products-services", body: form("id=1&image=&unit_in_stock=7"),
				want: map[string]any{"image": nil, "unit_in_stock": 7, "tax_id": "{tax}"}},
			{name: "remove the tax", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "tax_id": ""},
				want: map[string]any{"tax_id": nil}},
			{name: "no id", method: "PUT", path: "/v2/products-services", body: doc, status: 400, exact: e2Body("id", "id is required")},
			{name: "unknown id", method: "PUT", path: "/v2/products-services", body: with(doc, "id", "99"), status: 404, shape: "e2", exact: productNotFound},
			{name: "id not a number", method: "PUT", path: "/v2/products-services", body: with(doc, "id", "abc"), status: 404, exact: productNotFound},
			{name: "another merchant's", key: "other", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "name": "X"},
				status: 404, exact: productNotFound},
			{name: "a test product in live mode", key: "live", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "name": "X"},
				status: 404, exact: productNotFound},
			{name: "rename onto another product", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 2, "name": "item 1"},
				status: 422, exact: productNameTaken},
			{name: "keep its own name in another case", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "name": "ITEM 1"},
				want: map[string]any{"name": "ITEM 1"}},
			{name: "blank name", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "name": ""},
				status: 400, exact: e2Body("name", "name is required")},
			{name: "unknown category", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "category_id": 42},
				status: 400, exact: e2Body("category_id", "category_id not found")},

			{name: "delete: another merchant's", key: "other", method: "DELETE", path: "/v2/products-services/1", status: 404, exact: productNotFound},
			{name: "delete: live", key: "live", method: "DELETE", path: "/v2/products-services/1", status: 404, exact: productNotFound},
			{name: "delete", method: "DELETE", path: "/v2/products-services/1", shape: "deleted_message",
				exact: map[string]any{"result": "success", "message": "Delete product success"}},
			{name: "delete again", method: "DELETE", path: "/v2/products-services/1", status: 404, exact: productNotFound},
			{name: "delete: not a number", method: "DELETE", path: "/v2/products-services/one", status: 404, exact: productNotFound},
			// "category" is a literal segment of other routes, never a product id.
			{name: "DELETE category without an id", method: "DELETE", path: "/v2/products-services/category", status: 404, exact: productNotFound},
			{name: "edit the deleted product", method: "PUT", path: "/v2/products-services", body: map[string]any{"id": 1, "name": "X"},
				status: 404, exact: productNotFound},
			{name: "its name is free again", method: "POST", path: "/v2/products-services", body: doc, want: map[string]any{"name": "Item 1"}},
		})
	})
}

func TestListProducts(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "category", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "Electronic"}},
			{name: "category 2", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "50% off_books"}},
			{name: "tax", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "VAT 7.5", "type": "percentage", "rate": "7.5"},
				save: map[string]string{"vat": "tax_id"}},
			{name: "fixed tax", method: "POST", path: "/v2/taxes", body: map[string]any{"name": "Flat", "type": "fixed_amount", "amount": "5"},
				save: map[string]string{"flat": "tax_id"}},
			{name: "p1", method: "POST", path: "/v2/products-services", body: docProduct()},
			{name: "p2", method: "POST", path: "/v2/products-services", body: map[string]any{"name": "O'Brien's repair", "category_id": 2,
				"type": "service", "sales_price": "1500.12", "cost": "0.5", "tax_id": "{vat}", "image": "repair.png"}},
			{name: "p3", method: "POST", path: "/v2/products-services", body: map[string]any{"name": `back\slash`, "category_id": 1,
				"type": "product", "sales_price": 0, "tax_id": "{flat}"}},
			{name: "document example", path: "/v2/products-services?page=1&limit=10", shape: "product_list",
				want: map[string]any{"result": "success", "limit": 10, "page": 1, "page_count": 1, "total_count": 3,
					"product_services.2": map[string]any{"id": 1, "name": "Item 1", "description": "Description item 1",
						"type": "product", "sku": "BRW-LAR-B678-HNM", "unit_in_stock": 1, "unit_low_stock": 1, "unit_type": "flat-rate",
						"cost": "1.00", "sales_price": "1.00", "category": "Electronic", "tax_label": nil, "tax_value": nil,
						"image": "{path}/uploads/product-image.jpg"},
					"product_services.1.cost": "0.50", "product_services.1.sales_price": "1500.12",
					"product_services.1.category": "50% off_books", "product_services.1.tax_label": "VAT 7.5",
					"product_services.1.tax_value": rawNumber("7.5"), "product_services.1.image": "repair.png",
					"product_services.0.sales_price": "0.00", "product_services.0.cost": "0.00",
					"product_services.0.tax_label": "Flat", "product_services.0.tax_value": 5}},
			{name: "type filter", path: "/v2/products-services?type=service", want: map[string]any{"total_count": 1, "product_services.0.id": 2}},
			{name: "type filter, any case", path: "/v2/products-services?type=PRODUCT", want: map[string]any{"total_count": 2}},
			{name: "bad type filter", path: "/v2/products-services?type=thing", status: 400, exact: e2Body("type", "type must be product or service.")},
			{name: "keyword in a category name", path: "/v2/products-services?keywords=electr", want: map[string]any{"total_count": 2}},
			{name: "keyword is a type", path: "/v2/products-services?keywords=service", want: map[string]any{"total_count": 1}},
			{name: "keyword with type", path: "/v2/products-services?keywords=electr&type=service", want: map[string]any{"total_count": 0}},
			{name: "keyword %", path: "/v2/products-services?keywords=%25", want: map[string]any{"total_count": 1, "product_services.0.id": 2}},
			{name: "keyword _", path: "/v2/products-services?keywords=f_b", want: map[string]any{"total_count": 1, "product_services.0.id": 2}},
			{name: "keyword '", path: "/v2/products-services?keywords=%27", want: map[string]any{"total_count": 1, "product_services.0.id": 2}},
			{name: `keyword \`, path: "/v2/products-services?keywords=%5C", want: map[string]any{"total_count": 1, "product_services.0.id": 3}},
			{name: "ascending", path: "/v2/products-services?sort=ASC&limit=1", want: map[string]any{"product_services.0.id": 1, "page_count": 3}},
			{name: "limit 0", path: "/v2/products-services?limit=0", want: map[string]any{"limit": 10}},
			{name: "limit 1000", path: "/v2/products-services?limit=1000", want: map[string]any{"limit": 100}},
			{name: "page beyond the end", path: "/v2/products-services?page=2",
				want: map[string]any{"page": 2, "page_count": 1, "total_count": 3, "product_services": []any{}}},
			{name: "live mode", key: "live", path: "/v2/products-services", want: map[string]any{"total_count": 0, "product_services": []any{}}},
			{name: "another merchant", key: "other", path: "/v2/products-services", want: map[string]any{"total_count": 0}},
			// A renamed category shows in the list at once.
			{name: "rename the category", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"category_id": 1, "name": "Gadgets"}},
			{name: "renamed", path: "/v2/products-services?sort=ASC", want: map[string]any{"product_services.0.category": "Gadgets"}},
		})
	})
}

package paysley_test

import "testing"

func e2Body(field, message string) map[string]any {
	return map[string]any{"is_valid": false, "error_field": field, "error_message": message, "result": "failed"}
}

var categoryNotFound = e2Body("category_id", "category_id not found")

func TestCategories(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "create: document example", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": "Product Category"}, shape: "category_detail",
				exact: map[string]any{"id": 1, "name": "Product Category"}},
			{name: "create: no name", method: "POST", path: "/v2/products-services/category", body: map[string]any{},
				status: 400, shape: "e2", exact: e2Body("name", "name is required")},
			{name: "create: blank name", method: "POST", path: "/v2/products-services/category", body: map[string]any{"name": "  "},
				status: 400, exact: e2Body("name", "name is required")},
			{name: "create: name not a string", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": map[string]any{"a": 1}}, status: 400, shape: "e2", want: map[string]any{"error_field": "name"}},
			{name: "create: form body", method: "POST", path: "/v2/products-services/category", body: form("name=50%25+off_books"),
				exact: map[string]any{"id": 2, "name": "50% off_books"}},
			{name: "create: duplicate names are allowed", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": "product category"}, exact: map[string]any{"id": 3, "name": "product category"}},
			{name: "create: live", key: "live", method: "POST", path: "/v2/products-services/category",
				body: map[string]any{"name": "Live only"}, exact: map[string]any{"id": 1, "name": "Live only"}}, // numbered per mode

			{name: "list: document example", path: "/v2/products-services/category?page=1&limit=10", shape: "category_list",
				exact: map[string]any{"result": "success", "limit": 10, "page": 1, "page_count": 1, "total_count": 3,
					"categories": []any{map[string]any{"id": 3, "name": "product category"}, map[string]any{"id": 2, "name": "50% off_books"},
						map[string]any{"id": 1, "name": "Product Category"}}}},
			{name: "list: ascending", path: "/v2/products-services/category?sort=ASC", want: map[string]any{"categories.0.id": 1}},
			{name: "list: keyword %", path: "/v2/products-services/category?keywords=%25", want: map[string]any{"total_count": 1, "categories.0.id": 2}},
			{name: "list: keyword _", path: "/v2/products-services/category?keywords=_", want: map[string]any{"total_count": 1, "categories.0.id": 2}},
			{name: "list: keyword '", path: "/v2/products-services/category?keywords=%27", want: map[string]any{"total_count": 0}},
			{name: `list: keyword \`, path: "/v2/products-services/category?keywords=%5C", want: map[string]any{"total_count": 0}},
			{name: "list: keyword, any case", path: "/v2/products-services/category?keywords=PRODUCT", want: map[string]any{"total_count": 2}},
			{name: "list: limit 0", path: "/v2/products-services/category?limit=0", want: map[string]any{"limit": 10}},
			{name: "list: limit 1000", path: "/v2/products-services/category?limit=1000", want: map[string]any{"limit": 100}},
			{name: "list: page beyond the end", path: "/v2/products-services/category?page=5&limit=2",
				want: map[string]any{"page": 5, "page_count": 2, "total_count": 3, "categories": []any{}}},
			{name: "list: live", key: "live", path: "/v2/products-services/category", want: map[string]any{"total_count": 1, "categories.0.id": 1, "categories.0.name": "Live only"}},
			{name: "list: another merchant", key: "other", path: "/v2/products-services/category", want: map[string]any{"total_count": 0, "categories": []any{}}},

			{name: "edit: document example", method: "PUT", path: "/v2/products-services/category",
				body: map[string]any{"category_id": 1, "name": "Product Category"}, shape: "category_detail",
				exact: map[string]any{"id": 1, "name": "Product Category"}},
			{name: "edit: id as a string, form body", method: "PUT", path: "/v2/products-services/category",
				body: form("category_id=1&name=Electronic"), exact: map[string]any{"id": 1, "name": "Electronic"}},
			{name: "edit: no name", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"category_id": 1},
				status: 400, exact: e2Body("name", "name is required")},
			{name: "edit: blank name", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"category_id": 1, "name": ""},
				status: 400, exact: e2Body("name", "name is required")},
			{name: "edit: no id", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"name": "X"},
				status: 400, exact: e2Body("category_id", "category_id is required")},
			{name: "edit: id not a number", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"category_id": "one", "name": "X"},
				status: 400, shape: "e2", want: map[string]any{"error_field": "category_id"}},
			{name: "edit: unknown id", method: "PUT", path: "/v2/products-services/category", body: map[string]any{"category_id": 99, "name": "X"},
				status: 404, exact: categoryNotFound},
			{name: "edit: another merchant's", key: "other", method: "PUT", path: "/v2/products-services/category",
				body: map[string]any{"category_id": 1, "name": "X"}, status: 404, exact: categoryNotFound},
			{name: "edit: test category in live mode", key: "live", method: "PUT", path: "/v2/products-services/category",
				body: map[string]any{"category_id": 2, "name": "X"}, status: 404, exact: categoryNotFound},

			// A category products use is deleted all the same; they are left without one.
			{name: "product in category 1", method: "POST", path: "/v2/products-services",
				body: map[string]any{"name": "Item", "category_id": 1, "type": "product", "sales_price": 1}},
			{name: "delete: used", method: "DELETE", path: "/v2/products-services/category/1",
				exact: map[string]any{"result": "success", "message": "Delete category product success"}},
			{name: "the product has no category", method: "GET", path: "/v2/products-services",
				want: map[string]any{"product_services.0.name": "Item", "product_services.0.category": nil}},
			{name: "it is edited without one", method: "PUT", path: "/v2/products-services",
				body: map[string]any{"id": 1, "sku": "S1"}, want: map[string]any{"category_id": nil, "sku": "S1"}},
			{name: "delete: another merchant's", key: "other", method: "DELETE", path: "/v2/products-services/category/2", status: 404, exact: categoryNotFound},
			{name: "delete: live", key: "live", method: "DELETE", path: "/v2/products-services/category/2", status: 404, exact: categoryNotFound},
			{name: "delete: document example", method: "DELETE", path: "/v2/products-services/category/2", shape: "deleted_message",
				exact: map[string]any{"result": "success", "message": "Delete category product success"}},
			{name: "delete: again", method: "DELETE", path: "/v2/products-services/category/2", status: 404, exact: categoryNotFound},
			{name: "delete: not a number", method: "DELETE", path: "/v2/products-services/category/x", status: 404, exact: categoryNotFound},
			{name: "delete the product", method: "DELETE", path: "/v2/products-services/1"},
		})
	})
}

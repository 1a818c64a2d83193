package paysley

import (
	"context"
	"net/http"

	"github.com/paysmart/paysmart/domain"
)

// The document says each of customers, groups, products and categories can
// be fetched ("You can get, create, edit and delete …") but shows no GET of
// one; these are extensions with the path of the resource's delete and the
// body of its create.

// getCustomer is GET /v2/customers/{customer_id}: the create's body (Y11).
func (h *handler) getCustomer(w http.ResponseWriter, r *http.Request) error {
	get := func(ctx context.Context, s domain.Scope, n int64) (domain.Customer, error) {
		c, err := h.Engine.GetCustomer(ctx, s, domain.CustomerRef{Number: n}, false)
		if err == nil && c.Deleted {
			err = domain.NotFound("customer", "id", "")
		}
		return c, err
	}
	return getOne(w, r, "customer_id", errCustomerIDNotFound, get, func(c domain.Customer) (any, error) {
		images, err := h.Engine.CustomerImages(r.Context(), scope(r), c)
		return h.renderCustomerDetail(c, c.Number, images), err
	})
}

// getGroup is GET /v2/customers/groups/{customer_group_id}: the create's body.
func (h *handler) getGroup(w http.ResponseWriter, r *http.Request) error {
	return getOne(w, r, "customer_group_id", groupNotFound(http.StatusNotFound), h.Engine.GetCustomerGroup,
		func(g domain.CustomerGroup) (any, error) { return renderGroup(g), nil })
}

// getProduct is GET /v2/products-services/{id}: the create's body.
func (h *handler) getProduct(w http.ResponseWriter, r *http.Request) error {
	return getOne(w, r, "id", errProductNotFound, h.Engine.GetProduct,
		func(x domain.Product) (any, error) { return renderProduct(x), nil })
}

// getCategory is GET /v2/products-services/category/{category_id}: the
// create's body.
func (h *handler) getCategory(w http.ResponseWriter, r *http.Request) error {
	return getOne(w, r, "category_id", errCategoryNotFound, h.Engine.GetCategory,
		func(c domain.Category) (any, error) { return categoryDetail{ID: c.Number, Name: c.Name}, nil })
}

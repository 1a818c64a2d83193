package paysley

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// categoryDetail is the category as create (Y22) and edit (Y24) answer it,
// and as each element of the list (Y23) shows it: no result key.
type categoryDetail struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type categoryList struct {
	listEnvelope
	Categories []categoryDetail `json:"categories"`
}

// deletedMessage is {"result": "success", "message"}, the delete answer of
// categories (Y25) and of the extensions.
type deletedMessage struct {
	Result  string `json:"result"`
	Message string `json:"message"`
}

var errCategoryNotFound = e2(http.StatusNotFound, "category_id", "category_id not found")

// catalogError renders the errors of the product, category, tax and template
// endpoints as E2 ({"is_valid", "error_field", "error_message", "result"}):
// 400 for a field the request got wrong, "<field> is required" and "<field>
// not found" in the style of the document's "name is required", and 409 for
// an object still in use.
func catalogError(err error, names map[string]string) error {
	fe, ok := asFieldError(err, names)
	if !ok {
		return err
	}
	switch {
	case fe.Code == domain.CodeState:
		return e2(http.StatusConflict, fe.field, fe.Message)
	case fe.Code != domain.CodeInvalid:
		return err
	case fe.Reason == "parameter_missing":
		return e2(http.StatusBadRequest, fe.field, fe.field+" is required")
	case fe.Reason == "resource_missing":
		return e2(http.StatusBadRequest, fe.field, fe.field+" not found")
	}
	return e2(http.StatusBadRequest, fe.field, fe.Message)
}

var categoryFields = map[string]string{"category": "category_id"}

func categoryError(err error) error { return catalogError(err, categoryFields) }

func categoryJSON(c domain.Category) categoryDetail {
	return categoryDetail{ID: c.Number, Name: c.Name}
}

func renderCategory(c domain.Category) any { return categoryJSON(c) }

// categoryInput reads a category's name, which an edit must send (Y24).
func categoryInput(nameRequired bool) func(*web.Params) (domain.CategoryInput, error) {
	return func(p *web.Params) (domain.CategoryInput, error) {
		name, err := optString(p, "name")
		if err == nil && name == nil && nameRequired {
			err = domain.Missing("name")
		}
		return domain.CategoryInput{Name: name}, err
	}
}

// createCategory is Y22, POST /v2/products-services/category.
func (h *handler) createCategory(w http.ResponseWriter, r *http.Request) error {
	return createOne(w, r, categoryError, categoryInput(false), h.Engine.CreateCategory, renderCategory)
}

// editCategory is Y24, PUT /v2/products-services/category with category_id
// and name, both required, in the body.
func (h *handler) editCategory(w http.ResponseWriter, r *http.Request) error {
	id := numberParam("category_id", func() error { return categoryError(domain.Missing("category")) }, categoryError)
	return editOne(w, r, categoryError, errCategoryNotFound, id, categoryInput(true), h.Engine.UpdateCategory, renderCategory)
}

// listCategories is Y23, GET /v2/products-services/category.
func (h *handler) listCategories(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, nil, h.Engine.ListCategories, func(env listEnvelope, items []domain.Category) any {
		return categoryList{listEnvelope: env, Categories: each(items, categoryJSON)}
	})
}

// deleteCategory is Y25, DELETE /v2/products-services/category/{category_id}.
// A category that products still use is refused with 409.
func (h *handler) deleteCategory(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathNumber(r.PathValue("category_id"))
	return deleteOne(w, r, categoryError, errCategoryNotFound, id, ok, h.Engine.DeleteCategory,
		func(domain.Category) any {
			return deletedMessage{Result: "success", Message: "Delete category product success"}
		})
}

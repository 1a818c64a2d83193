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

// createCategory is Y22, POST /v2/products-services/category.
func (h *handler) createCategory(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	name, err := optString(p, "name")
	if err != nil {
		return catalogError(err, categoryFields)
	}
	c, err := h.Engine.CreateCategory(r.Context(), scope(r), domain.CategoryInput{Name: name})
	if err != nil {
		return catalogError(err, categoryFields)
	}
	web.WriteJSON(w, http.StatusOK, categoryDetail{ID: c.Number, Name: c.Name})
	return nil
}

// editCategory is Y24, PUT /v2/products-services/category with category_id
// and name, both required, in the body.
func (h *handler) editCategory(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	id, ok, err := p.Int("category_id")
	if err != nil {
		return catalogError(err, categoryFields)
	}
	if !ok {
		return catalogError(domain.Missing("category"), categoryFields)
	}
	name, err := optString(p, "name")
	if err != nil {
		return catalogError(err, categoryFields)
	}
	if name == nil {
		return catalogError(domain.Missing("name"), categoryFields)
	}
	c, err := h.Engine.UpdateCategory(r.Context(), scope(r), id, domain.CategoryInput{Name: name})
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errCategoryNotFound
	}
	if err != nil {
		return catalogError(err, categoryFields)
	}
	web.WriteJSON(w, http.StatusOK, categoryDetail{ID: c.Number, Name: c.Name})
	return nil
}

// listCategories is Y23, GET /v2/products-services/category.
func (h *handler) listCategories(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	page, err := h.Engine.ListCategories(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	out := categoryList{listEnvelope: newEnvelope(lp, page.Total), Categories: []categoryDetail{}}
	for _, c := range page.Items {
		out.Categories = append(out.Categories, categoryDetail{ID: c.Number, Name: c.Name})
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// deleteCategory is Y25, DELETE /v2/products-services/category/{category_id}.
// A category that products still use is refused with 409.
func (h *handler) deleteCategory(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathNumber(r.PathValue("category_id"))
	if !ok {
		return errCategoryNotFound
	}
	_, err := h.Engine.DeleteCategory(r.Context(), scope(r), id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errCategoryNotFound
	}
	if err != nil {
		return catalogError(err, categoryFields)
	}
	web.WriteJSON(w, http.StatusOK, deletedMessage{Result: "success", Message: "Delete category product success"})
	return nil
}

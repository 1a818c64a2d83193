package paysley

import (
	"encoding/json"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// productDetail is the product as create (Y19) and edit (Y21) answer it.
// The document's samples hold "image" twice (null, then a file name); it is
// sent once, with the stored value or null (IC-P27). Prices are JSON numbers
// written from their exact decimals.
type productDetail struct {
	Result          string        `json:"result"`
	ID              int64         `json:"id"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	SKU             string        `json:"sku"`
	CategoryID      *int64        `json:"category_id"` // null once its category is deleted
	Type            string        `json:"type"`
	Image           *string       `json:"image"`
	ManageInventory int           `json:"manage_inventory"`
	UnitInStock     int64         `json:"unit_in_stock"`
	UnitLowStock    int64         `json:"unit_low_stock"`
	UnitType        string        `json:"unit_type"`
	TaxID           *string       `json:"tax_id"`
	Cost            json.Number   `json:"cost"`
	SalesPrice      json.Number   `json:"sales_price"`
	Warnings        []warningJSON `json:"warnings,omitempty"` // extension: references ignored
}

// productItem is one element of GET /v2/products-services (Y20): prices as
// two-decimal strings, the category by name, and the tax by label and value.
type productItem struct {
	ID           int64        `json:"id"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Type         string       `json:"type"`
	SKU          string       `json:"sku"`
	UnitInStock  int64        `json:"unit_in_stock"`
	UnitLowStock int64        `json:"unit_low_stock"`
	UnitType     string       `json:"unit_type"`
	Cost         string       `json:"cost"`
	SalesPrice   string       `json:"sales_price"`
	Category     *string      `json:"category"`
	TaxLabel     *string      `json:"tax_label"`
	TaxValue     *json.Number `json:"tax_value"`
	Image        *string      `json:"image"`
}

type productList struct {
	listEnvelope
	Products []productItem `json:"product_services"`
}

var errProductNotFound = e2(http.StatusNotFound, "id", "product and service ID not found")

var productFields = map[string]string{"category": "category_id", "tax": "tax_id"}

// productError is catalogError with the product create's E3b for a taken name.
func productError(err error) error {
	if fe, ok := asFieldError(err, productFields); ok && fe.Code == domain.CodeConflict {
		return e3b(fe.field, fe.Message)
	}
	return catalogError(err, productFields)
}

// productInput reads the fields of a product create or edit (Y19, Y21).
func productInput(p *web.Params) (domain.ProductInput, error) {
	var in domain.ProductInput
	var err error
	for _, f := range []struct {
		key string
		dst **string
	}{{"name", &in.Name}, {"description", &in.Description}, {"sku", &in.SKU}, {"type", &in.Type},
		{"unit_type", &in.UnitType}, {"image", &in.Image}, {"tax_id", &in.TaxID}} {
		if *f.dst, err = optString(p, f.key); err != nil {
			return in, err
		}
	}
	// The document's samples send tax_id as "", "1" and 1; ids are opaque
	// strings, and "", 0 and null mean no tax.
	if in.TaxID != nil && *in.TaxID == "0" {
		*in.TaxID = ""
	}
	for _, f := range []struct {
		key string
		dst **int64
	}{{"category_id", &in.CategoryNumber}, {"unit_in_stock", &in.UnitInStock}, {"unit_low_stock", &in.UnitLowStock}} {
		if *f.dst, err = optInt(p, f.key); err != nil {
			return in, err
		}
	}
	if in.ManageInventory, err = optBool(p, "manage_inventory"); err != nil {
		return in, err
	}
	if in.Cost, err = optDecimal(p, "cost"); err != nil {
		return in, err
	}
	in.SalesPrice, err = optDecimal(p, "sales_price")
	return in, err
}

func renderProductDetail(x domain.Product) any { return renderProduct(x) }

func renderProduct(x domain.Product) productDetail {
	d := productDetail{Result: "success", ID: x.Number, Name: x.Name, Description: x.Description, SKU: x.SKU,
		CategoryID: nullableNumber(x.CategoryNumber), Type: x.Type, Image: nullable(x.Image), UnitInStock: x.UnitInStock,
		UnitLowStock: x.UnitLowStock, UnitType: x.UnitType, TaxID: nullable(x.TaxID),
		Cost: amountNumber(x.Cost), SalesPrice: amountNumber(x.SalesPrice)}
	if x.ManageInventory {
		d.ManageInventory = 1
	}
	d.Warnings = renderWarnings(x.Warnings, productFields)
	return d
}

// createProduct is Y19, POST /v2/products-services.
func (h *handler) createProduct(w http.ResponseWriter, r *http.Request) error {
	return createOne(w, r, productError, productInput, h.Engine.CreateProduct, renderProductDetail)
}

// editProduct is Y21, PUT /v2/products-services with id in the body.
func (h *handler) editProduct(w http.ResponseWriter, r *http.Request) error {
	id := numberParam("id", func() error { return e2(http.StatusBadRequest, "id", "id is required") },
		func(error) error { return errProductNotFound }) // a non-numeric id names no product
	return editOne(w, r, productError, errProductNotFound, id, productInput, h.Engine.UpdateProduct, renderProductDetail)
}

// listProducts is Y20, GET /v2/products-services; type filters by product
// or service.
func (h *handler) listProducts(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, typeFilter("type", domain.ProductTypeProduct, domain.ProductTypeService), h.Engine.ListProducts,
		func(env listEnvelope, items []domain.Product) any {
			return productList{listEnvelope: env, Products: each(items, renderProductItem)}
		})
}

func renderProductItem(x domain.Product) productItem {
	it := productItem{ID: x.Number, Name: x.Name, Description: x.Description, Type: x.Type, SKU: x.SKU,
		UnitInStock: x.UnitInStock, UnitLowStock: x.UnitLowStock, UnitType: x.UnitType,
		Cost: domain.FormatHundredths(x.Cost), SalesPrice: domain.FormatHundredths(x.SalesPrice),
		Category: nullable(x.CategoryName), Image: nullable(x.Image)}
	if x.Tax != nil {
		v := json.Number(x.Tax.Value())
		it.TaxLabel, it.TaxValue = &x.Tax.Name, &v
	}
	return it
}

// deleteProduct is DELETE /v2/products-services/{id}, an extension: the
// document says products can be deleted but shows no endpoint (IC-P31).
func (h *handler) deleteProduct(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathNumber(r.PathValue("id"))
	return deleteOne(w, r, productError, errProductNotFound, id, ok, h.Engine.DeleteProduct,
		func(domain.Product) any { return deletedMessage{Result: "success", Message: "Delete product success"} })
}

package paysley

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Tax profiles are an extension (IC-P32): the document names tax_id on
// payment requests and products but has no endpoints for them. They follow
// the catalog's conventions: the id in the body on PUT and in the path on
// DELETE, numbered-page lists, E2 errors.

// taxJSON is a tax profile. Rate (percent) and amount are exact decimal
// strings; the one the type does not use is null.
type taxJSON struct {
	TaxID     string  `json:"tax_id"`
	Name      string  `json:"name"`
	Type      string  `json:"type"`
	Rate      *string `json:"rate"`
	Amount    *string `json:"amount"`
	CreatedAt string  `json:"created_at"`
}

type taxDetail struct {
	Result string `json:"result"`
	taxJSON
}

type taxList struct {
	listEnvelope
	Taxes []taxJSON `json:"taxes"`
}

var errTaxNotFound = e2(http.StatusNotFound, "tax_id", "tax_id not found")

var taxFields = map[string]string{"tax": "tax_id"}

func taxError(err error) error { return catalogError(err, taxFields) }

func renderTaxDetail(t domain.Tax) any { return taxDetail{Result: "success", taxJSON: renderTax(t)} }

func renderTax(t domain.Tax) taxJSON {
	out := taxJSON{TaxID: t.ID, Name: t.Name, Type: t.Type, CreatedAt: isoTime(t.Created)}
	v := t.Value()
	if t.Type == domain.TaxFixedAmount {
		v = domain.FormatHundredths(t.Amount)
		out.Amount = &v
	} else {
		out.Rate = &v
	}
	return out
}

func taxInput(p *web.Params) (domain.TaxInput, error) {
	var in domain.TaxInput
	var err error
	if in.Name, err = optString(p, "name"); err != nil {
		return in, err
	}
	if in.Type, err = optString(p, "type"); err != nil {
		return in, err
	}
	if in.Rate, err = optDecimal(p, "rate"); err != nil {
		return in, err
	}
	in.Amount, err = optDecimal(p, "amount")
	return in, err
}

// createTax is POST /v2/taxes: name, type ("percentage" or "fixed_amount"),
// and rate (percent, up to 4 decimals) or amount (up to 2 decimals).
func (h *handler) createTax(w http.ResponseWriter, r *http.Request) error {
	return createOne(w, r, taxError, taxInput, h.Engine.CreateTax, renderTaxDetail)
}

// editTax is PUT /v2/taxes with tax_id in the body.
func (h *handler) editTax(w http.ResponseWriter, r *http.Request) error {
	id := stringParam("tax_id", func() error { return taxError(domain.Missing("tax")) }, taxError)
	return editOne(w, r, taxError, errTaxNotFound, id, taxInput, h.Engine.UpdateTax, renderTaxDetail)
}

// listTaxes is GET /v2/taxes: page, limit, keywords (name), type, sort.
func (h *handler) listTaxes(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, typeFilter("type", domain.TaxPercentage, domain.TaxFixedAmount), h.Engine.ListTaxes,
		func(env listEnvelope, items []domain.Tax) any {
			return taxList{listEnvelope: env, Taxes: each(items, renderTax)}
		})
}

// deleteTax is DELETE /v2/taxes/{tax_id}. A tax that products still use is
// refused with 409.
func (h *handler) deleteTax(w http.ResponseWriter, r *http.Request) error {
	return deleteOne(w, r, taxError, errTaxNotFound, r.PathValue("tax_id"), true, h.Engine.DeleteTax,
		func(domain.Tax) any { return deletedMessage{Result: "success", Message: "Delete tax success"} })
}

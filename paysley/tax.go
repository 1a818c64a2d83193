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
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := taxInput(p)
	if err != nil {
		return catalogError(err, taxFields)
	}
	t, err := h.Engine.CreateTax(r.Context(), scope(r), in)
	if err != nil {
		return catalogError(err, taxFields)
	}
	web.WriteJSON(w, http.StatusOK, taxDetail{Result: "success", taxJSON: renderTax(t)})
	return nil
}

// editTax is PUT /v2/taxes with tax_id in the body.
func (h *handler) editTax(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	id, _, err := p.Str("tax_id")
	if err != nil {
		return catalogError(err, taxFields)
	}
	if id == "" {
		return catalogError(domain.Missing("tax"), taxFields)
	}
	in, err := taxInput(p)
	if err != nil {
		return catalogError(err, taxFields)
	}
	t, err := h.Engine.UpdateTax(r.Context(), scope(r), id, in)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errTaxNotFound
	}
	if err != nil {
		return catalogError(err, taxFields)
	}
	web.WriteJSON(w, http.StatusOK, taxDetail{Result: "success", taxJSON: renderTax(t)})
	return nil
}

// listTaxes is GET /v2/taxes: page, limit, keywords (name), type, sort.
func (h *handler) listTaxes(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	if lp.Type, err = filterParam(q, "type", domain.TaxPercentage, domain.TaxFixedAmount); err != nil {
		return err
	}
	page, err := h.Engine.ListTaxes(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	out := taxList{listEnvelope: newEnvelope(lp, page.Total), Taxes: []taxJSON{}}
	for _, t := range page.Items {
		out.Taxes = append(out.Taxes, renderTax(t))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// deleteTax is DELETE /v2/taxes/{tax_id}. A tax that products still use is
// refused with 409.
func (h *handler) deleteTax(w http.ResponseWriter, r *http.Request) error {
	_, err := h.Engine.DeleteTax(r.Context(), scope(r), r.PathValue("tax_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errTaxNotFound
	}
	if err != nil {
		return catalogError(err, taxFields)
	}
	web.WriteJSON(w, http.StatusOK, deletedMessage{Result: "success", Message: "Delete tax success"})
	return nil
}

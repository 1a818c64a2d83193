package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// taxForm is the tax profile form as shown or as sent back.
type taxForm struct {
	ID, Name, Type, Rate, Amount string
}

type taxesView struct {
	frame
	Taxes []domain.Tax
	Form  taxForm // the create form after an error
	Error string
}

// taxes lists the mode's tax profiles (the Paysley catalog's taxes) with the
// form that creates one.
func (s *site) taxes(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderTaxes(w, r, q, http.StatusOK, taxesView{Form: taxForm{Type: domain.TaxPercentage}})
}

func (s *site) renderTaxes(w http.ResponseWriter, r *http.Request, q *req, status int, v taxesView) error {
	page, err := s.Engine.ListTaxes(r.Context(), q.scope(), domain.ListParams{Limit: 100, Page: 1})
	if err != nil {
		return err
	}
	v.frame, v.Taxes = q.frame("Tax profiles", "taxes"), page.Items
	v.Notice = notice(r)
	s.html(w, q, status, "taxes.html", v)
	return nil
}

type taxView struct {
	frame
	Form  taxForm
	T     domain.Tax
	Error string
}

// tax shows one tax profile, as a form for those who may change it.
func (s *site) tax(w http.ResponseWriter, r *http.Request, q *req) error {
	t, err := s.Engine.GetTax(r.Context(), q.scope(), r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/taxes")
	}
	f := taxForm{ID: t.ID, Name: t.Name, Type: t.Type}
	if t.Type == domain.TaxFixedAmount {
		f.Amount = t.Value()
	} else {
		f.Rate = t.Value()
	}
	v := taxView{frame: q.frame("Tax profile "+t.Name, "taxes"), Form: f, T: t}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "tax.html", v)
	return nil
}

// saveTax creates a tax profile (POST /taxes) or changes one (POST
// /taxes/{id}) through the engine's CreateTax and UpdateTax, the calls of
// Paysley's tax endpoints. The rate is in percent, the amount in major units.
func (s *site) saveTax(w http.ResponseWriter, r *http.Request, q *req) error {
	f := taxForm{ID: r.PathValue("id"), Name: strings.TrimSpace(r.PostFormValue("name")), Type: r.PostFormValue("type"),
		Rate: strings.TrimSpace(r.PostFormValue("rate")), Amount: strings.TrimSpace(r.PostFormValue("amount"))}
	in := domain.TaxInput{Name: &f.Name, Type: &f.Type}
	// Only the value of the chosen type is sent: the form keeps both fields.
	if f.Type == domain.TaxFixedAmount && f.Amount != "" {
		in.Amount = &f.Amount
	} else if f.Type != domain.TaxFixedAmount && f.Rate != "" {
		in.Rate = &f.Rate
	}
	var (
		t   domain.Tax
		err error
	)
	if f.ID == "" {
		t, err = s.Engine.CreateTax(r.Context(), q.scope(), in)
	} else {
		t, err = s.Engine.UpdateTax(r.Context(), q.scope(), f.ID, in)
	}
	if domain.ErrorCode(err) == domain.CodeInvalid {
		msg := domain.AsError(err).Message
		if f.ID == "" {
			return s.renderTaxes(w, r, q, http.StatusUnprocessableEntity, taxesView{Form: f, Error: msg})
		}
		v := taxView{frame: q.frame("Tax profile", "taxes"), Form: f, T: domain.Tax{ID: f.ID}, Error: msg}
		s.html(w, q, http.StatusUnprocessableEntity, "tax.html", v)
		return nil
	}
	if err != nil {
		return engineError(err, "/dashboard/taxes")
	}
	if f.ID == "" {
		s.audit(r, q, "tax.created", t.ID, t.Name+" "+t.Value())
		return seeOther(w, r, "/dashboard/taxes", "tax_created")
	}
	s.audit(r, q, "tax.updated", t.ID, t.Name+" "+t.Value())
	return seeOther(w, r, "/dashboard/taxes/"+t.ID, "tax_saved")
}

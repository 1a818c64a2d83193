package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type customersView struct {
	frame
	Customers []domain.Customer
	Query     string
	Error     string
	Form      map[string]string
}

func (s *site) customers(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderCustomers(w, r, q, http.StatusOK, "", nil)
}

func (s *site) renderCustomers(w http.ResponseWriter, r *http.Request, q *req, status int, msg string, form map[string]string) error {
	query := strings.TrimSpace(r.URL.Query().Get("q"))
	page, err := s.Engine.ListCustomers(r.Context(), q.scope(), domain.ListParams{Limit: 50, Page: 1, Keywords: query})
	if err != nil {
		return err
	}
	v := customersView{frame: q.frame("Customers", "customers"), Customers: page.Items, Query: query, Error: msg, Form: form}
	v.Notice = notice(r)
	s.html(w, q, status, "customers.html", v)
	return nil
}

// createCustomer makes a customer through the engine's CreateCustomer, as
// POST /v2/customers does.
func (s *site) createCustomer(w http.ResponseWriter, r *http.Request, q *req) error {
	form := map[string]string{}
	in := domain.CustomerInput{}
	for _, f := range []struct {
		name string
		dst  **string
	}{{"name", &in.Name}, {"email", &in.Email}, {"phone", &in.Phone}, {"description", &in.Description}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		form[f.name] = v
		if v != "" {
			*f.dst = &v
		}
	}
	_, err := s.Engine.CreateCustomer(r.Context(), q.scope(), in)
	if domain.ErrorCode(err) == domain.CodeInvalid {
		return s.renderCustomers(w, r, q, http.StatusUnprocessableEntity, domain.AsError(err).Message, form)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/dashboard/customers", "customer")
}

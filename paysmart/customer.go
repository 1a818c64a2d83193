package paysmart

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// customerJSON is the documented Customer object plus Stripe's usual fields.
type customerJSON struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	Email       *string           `json:"email"`
	Name        *string           `json:"name"`
	Phone       *string           `json:"phone"`
	Description *string           `json:"description"`
	Address     *addressJSON      `json:"address"`
	Metadata    map[string]string `json:"metadata"`
	TestClock   *string           `json:"test_clock"`
	Livemode    bool              `json:"livemode"`
	Created     int64             `json:"created"`
}

type addressJSON struct {
	Line1      *string `json:"line1"`
	Line2      *string `json:"line2"`
	City       *string `json:"city"`
	State      *string `json:"state"`
	PostalCode *string `json:"postal_code"`
	Country    *string `json:"country"`
}

type deletedJSON struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

func renderCustomer(c domain.Customer) customerJSON {
	return customerJSON{ID: c.ID, Object: "customer", Email: nullable(c.Email), Name: nullable(c.DisplayName()),
		Phone: nullable(c.Phone), Description: nullable(c.Description), Address: renderAddress(c.Address),
		Metadata: metadataJSON(c.Metadata), TestClock: nullable(c.TestClock), Livemode: c.Livemode, Created: unix(c.Created)}
}

func renderAddress(a domain.Address) *addressJSON {
	if a == (domain.Address{}) {
		return nil
	}
	return &addressJSON{Line1: nullable(a.Line1), Line2: nullable(a.Line2), City: nullable(a.City),
		State: nullable(a.State), PostalCode: nullable(a.PostalCode), Country: nullable(a.Country)}
}

// customerInput reads the documented customer fields, rejecting unknown ones.
func customerInput(p *web.Params) (domain.CustomerInput, error) {
	var in domain.CustomerInput
	for _, f := range []struct {
		key string
		dst **string
	}{{"email", &in.Email}, {"name", &in.Name}, {"phone", &in.Phone}, {"description", &in.Description}} {
		v, ok, err := p.Str(f.key)
		if err != nil {
			return in, err
		}
		if ok {
			*f.dst = &v
		}
	}
	addr, ok, err := p.Obj("address")
	if err != nil {
		return in, err
	}
	if ok {
		var a domain.Address
		for _, f := range []struct {
			key string
			dst *string
		}{{"line1", &a.Line1}, {"line2", &a.Line2}, {"city", &a.City}, {"state", &a.State},
			{"postal_code", &a.PostalCode}, {"country", &a.Country}} {
			v, _, err := addr.Str(f.key)
			if err != nil {
				return in, err
			}
			*f.dst = v
		}
		in.Address = &a
	}
	if in.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return in, err
	}
	return in, rejectUnknown(p)
}

// rejectUnknown fails on the first parameter no accessor read.
func rejectUnknown(p *web.Params) error {
	if unknown := p.Unknown(); len(unknown) > 0 {
		return domain.Invalid(unknown[0], "parameter_unknown", "Received unknown parameter: %s", unknown[0])
	}
	return nil
}

func (h *handler) createCustomer(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	clock, _, err := p.Str("test_clock") // on create only
	if err != nil {
		return err
	}
	in, err := customerInput(p)
	if err != nil {
		return err
	}
	in.TestClock = clock
	c, err := h.Engine.CreateCustomer(r.Context(), scope(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderCustomer(c))
	return nil
}

func (h *handler) getCustomer(w http.ResponseWriter, r *http.Request) error {
	ref := domain.CustomerRef{ID: r.PathValue("id")}
	c, err := h.Engine.GetCustomer(r.Context(), scope(r), ref, true)
	if err != nil {
		return err
	}
	if c.Deleted {
		web.WriteJSON(w, http.StatusOK, deletedJSON{ID: c.ID, Object: "customer", Deleted: true})
		return nil
	}
	web.WriteJSON(w, http.StatusOK, renderCustomer(c))
	return nil
}

func (h *handler) updateCustomer(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := customerInput(p)
	if err != nil {
		return err
	}
	c, err := h.Engine.UpdateCustomer(r.Context(), scope(r), domain.CustomerRef{ID: r.PathValue("id")}, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderCustomer(c))
	return nil
}

func (h *handler) deleteCustomer(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Engine.DeleteCustomer(r.Context(), scope(r), domain.CustomerRef{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, deletedJSON{ID: c.ID, Object: "customer", Deleted: true})
	return nil
}

func (h *handler) listCustomers(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if lp.Email, _, err = q.Str("email"); err != nil { // Stripe filters customers by exact email; we match a fragment of it
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListCustomers(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]customerJSON, len(page.Items))
	for i, c := range page.Items {
		items[i] = renderCustomer(c)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/customers", items, page.HasMore))
	return nil
}

package paysmart

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// expansions is the set of fields a request asked to expand with Stripe's
// expand[]: an id in the response becomes the object it names.
type expansions map[string]bool

// What each object may expand. A payment's payment_method is always shown
// whole, so expanding it is accepted and changes nothing.
var (
	paymentExpandable     = []string{"customer", "payment_method"}
	paymentListExpandable = []string{"data.customer", "data.payment_method"}
	refundExpandable      = []string{"payment", "payment.customer"}
)

// readExpand reads expand[] and refuses a field that cannot be expanded, as
// Stripe does.
func readExpand(p *web.Params, allowed []string) (expansions, error) {
	items, ok, err := p.List("expand")
	if !ok || err != nil {
		return nil, err
	}
	ex := expansions{}
	for _, it := range items {
		s, isStr := it.(string)
		if !isStr || !slices.Contains(allowed, s) {
			return nil, domain.Invalid("expand", "parameter_invalid", "This property cannot be expanded (%s).", fmt.Sprint(it))
		}
		ex[s] = true
	}
	return ex, nil
}

// expandPayment puts the customer object in place of its id when asked
// (prefix is "data." in lists, "payment." in a refund).
func (h *handler) expandPayment(r *http.Request, pj *paymentJSON, p domain.Payment, ex expansions, prefix string) error {
	if !ex[prefix+"customer"] || p.Customer == "" {
		return nil
	}
	c, err := h.Engine.GetCustomer(r.Context(), scope(r), domain.CustomerRef{ID: p.Customer}, true)
	if err != nil {
		return err
	}
	pj.Customer = renderCustomer(c)
	return nil
}

// writePayment renders a payment with its expansions.
func (h *handler) writePayment(w http.ResponseWriter, r *http.Request, p domain.Payment, ex expansions) error {
	pj := h.renderPayment(p)
	if err := h.expandPayment(r, &pj, p, ex, ""); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, pj)
	return nil
}

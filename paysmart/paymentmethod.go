package paysmart

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// paymentMethodJSON is a Stripe-style PaymentMethod object.
type paymentMethodJSON struct {
	ID       string     `json:"id"`
	Object   string     `json:"object"`
	Type     string     `json:"type"`
	Card     pmCardJSON `json:"card"`
	Customer *string    `json:"customer"`
	Livemode bool       `json:"livemode"`
	Created  int64      `json:"created"`
}

type pmCardJSON struct {
	Brand       string `json:"brand"`
	Last4       string `json:"last4"`
	ExpMonth    int    `json:"exp_month"`
	ExpYear     int    `json:"exp_year"`
	Fingerprint string `json:"fingerprint"`
}

func renderPaymentMethod(pm domain.PaymentMethod) paymentMethodJSON {
	return paymentMethodJSON{ID: pm.ID, Object: "payment_method", Type: pm.Type,
		Card: pmCardJSON{Brand: string(pm.Card.Brand), Last4: pm.Card.Last4, ExpMonth: pm.Card.ExpMonth,
			ExpYear: pm.Card.ExpYear, Fingerprint: pm.Card.Fingerprint},
		Customer: nullable(pm.Customer), Livemode: pm.Livemode, Created: unix(pm.Created)}
}

// createPaymentMethod tokenises a card: the one call a publishable key may make.
func (h *handler) createPaymentMethod(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var in domain.PaymentMethodInput
	if in.Type, _, err = p.Str("type"); err != nil {
		return err
	}
	cardObj, ok, err := p.Obj("card")
	if err != nil {
		return err
	}
	if !ok {
		return domain.Missing("card")
	}
	if in.Card, err = cardInput(cardObj); err != nil {
		return err
	}
	if in.Customer, _, err = p.Str("customer"); err != nil {
		return err
	}
	if in.Customer != "" && web.AuthFrom(r.Context()).Kind == domain.KeyPublishable {
		return &domain.Error{Code: domain.CodeForbidden, Reason: "secret_key_required", Param: "customer",
			Message: "A payment method can be attached to a customer only with a secret API key."}
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	pm, err := h.Engine.CreatePaymentMethod(r.Context(), scope(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderPaymentMethod(pm))
	return nil
}

func (h *handler) getPaymentMethod(w http.ResponseWriter, r *http.Request) error {
	pm, err := h.Engine.GetPaymentMethod(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderPaymentMethod(pm))
	return nil
}

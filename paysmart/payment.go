package paysmart

import (
	"errors"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/web"
)

// paymentJSON is the documented Payment object plus livemode, metadata,
// amount_captured, amount_refunded and the failure fields.
type paymentJSON struct {
	ID             string            `json:"id"`
	Object         string            `json:"object"`
	Amount         int64             `json:"amount"`
	AmountCaptured int64             `json:"amount_captured"`
	AmountRefunded int64             `json:"amount_refunded"`
	Currency       string            `json:"currency"`
	Status         string            `json:"status"`
	CaptureMethod  string            `json:"capture_method"`
	PaymentMethod  *paymentMethodRef `json:"payment_method"`
	Customer       any               `json:"customer"` // an id, null, or the customer (expand[]=customer)
	Description    *string           `json:"description"`
	Metadata       map[string]string `json:"metadata"`
	ReceiptEmail   *string           `json:"receipt_email"`
	ReceiptNumber  *string           `json:"receipt_number"`
	ReceiptURL     string            `json:"receipt_url"`
	FailureCode    *string           `json:"failure_code"`
	FailureMessage *string           `json:"failure_message"`
	NextAction     *nextActionJSON   `json:"next_action"`
	Refunded       bool              `json:"refunded"`
	Subscription   *string           `json:"subscription"`
	Livemode       bool              `json:"livemode"`
	Created        int64             `json:"created"`
}

// nextActionJSON is Stripe's next_action of a payment that requires
// action: the customer is sent to the 3-D Secure challenge page.
type nextActionJSON struct {
	Type          string       `json:"type"`
	RedirectToURL redirectJSON `json:"redirect_to_url"`
}

type redirectJSON struct {
	URL       string  `json:"url"`
	ReturnURL *string `json:"return_url"`
}

type paymentMethodRef struct {
	ID   string   `json:"id"`
	Type string   `json:"type"`
	Card cardJSON `json:"card"`
}

type cardJSON struct {
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
}

// paymentID is the wire id of a payment: "pay_" + its stored id.
func paymentID(id string) string { return "pay_" + id }

// storedPaymentID strips "pay_"; an id without it names no payment.
func storedPaymentID(wire string) (string, bool) {
	id, ok := strings.CutPrefix(wire, "pay_")
	return id, ok && id != ""
}

func (h *handler) renderPayment(p domain.Payment) paymentJSON {
	return renderPaymentWith(h.BaseURL, p)
}

func renderPaymentWith(baseURL string, p domain.Payment) paymentJSON {
	method := "automatic"
	if p.CaptureManual {
		method = "manual"
	}
	var pm *paymentMethodRef
	if p.PaymentMethodID != "" {
		pm = &paymentMethodRef{ID: p.PaymentMethodID, Type: "card", Card: cardJSON{Brand: string(p.Card.Brand),
			Last4: p.Card.Last4, ExpMonth: p.Card.ExpMonth, ExpYear: p.Card.ExpYear}}
	}
	var next *nextActionJSON
	if p.Status == domain.StatusRequiresAction {
		next = &nextActionJSON{Type: "redirect_to_url", RedirectToURL: redirectJSON{URL: pages.AuthenticateURL(baseURL, p.ID)}}
	}
	return paymentJSON{ID: paymentID(p.ID), NextAction: next, Object: "payment", Amount: p.Amount, AmountCaptured: p.AmountCaptured,
		AmountRefunded: p.AmountRefunded, Currency: strings.ToLower(p.Currency.Code), Status: string(p.Status),
		CaptureMethod: method, PaymentMethod: pm, Customer: nullable(p.Customer), Description: nullable(p.Description),
		Metadata: metadataJSON(p.Metadata), ReceiptEmail: nullable(p.ReceiptEmail), ReceiptNumber: nullable(p.ReceiptNumber),
		ReceiptURL: pages.ReceiptURL(baseURL, p.ID), FailureCode: nullable(p.FailureCode),
		FailureMessage: nullable(p.FailureMessage), Refunded: p.AmountRefunded > 0 && p.AmountRefunded == p.AmountCaptured,
		Subscription: nullable(p.SubscriptionID), Livemode: p.Livemode, Created: unix(p.Created)}
}

// cardInput reads a card object {number, exp_month, exp_year, cvc}.
func cardInput(p *web.Params) (domain.CardInput, error) {
	var c domain.CardInput
	var err error
	var ok bool
	if c.Number, ok, err = p.Str("number"); err != nil {
		return c, err
	} else if !ok || c.Number == "" {
		return c, domain.Missing(p.Name("number"))
	}
	for _, f := range []struct {
		key string
		dst *int
	}{{"exp_month", &c.ExpMonth}, {"exp_year", &c.ExpYear}} {
		v, ok, err := intParam(p, f.key)
		if err != nil {
			return c, err
		}
		if !ok {
			return c, domain.Missing(p.Name(f.key))
		}
		if v < 0 || v > 1_000_000 {
			v = 0 // out of any range: ValidateCard refuses it with its own message
		}
		*f.dst = int(v)
	}
	if c.CVC, _, err = p.Str("cvc"); err != nil {
		return c, err
	}
	return c, nil
}

// underParam rewrites the dotted param of a card error ("card.cvc") to where
// the card sat in this request ("payment_method[card][cvc]").
func underParam(err error, prefix string) error {
	var de *domain.Error
	if errors.As(err, &de) && strings.HasPrefix(de.Param, "card.") {
		cp := *de
		cp.Param = prefix + "." + de.Param
		return &cp
	}
	return err
}

func (h *handler) createPayment(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var in domain.PaymentInput
	amount, ok, err := intParam(p, "amount")
	if err != nil {
		return err
	}
	if !ok {
		return domain.Missing("amount")
	}
	in.Amount = amount
	if in.Currency, _, err = p.Str("currency"); err != nil {
		return err
	}
	// payment_method: a card object, or the id of a saved payment method.
	switch raw, _ := p.Raw("payment_method"); raw.(type) {
	case nil:
		return domain.Missing("payment_method")
	case string:
		in.PaymentMethodID, _, _ = p.Str("payment_method")
	default:
		pm, _, err := p.Obj("payment_method")
		if err != nil {
			return err
		}
		typ, _, err := pm.Str("type")
		if err != nil {
			return err
		}
		if typ != "" && typ != "card" {
			return domain.Invalid("payment_method[type]", "parameter_invalid", "Invalid payment_method[type]: %s. Only card is supported.", typ)
		}
		cardObj, ok, err := pm.Obj("card")
		if err != nil {
			return err
		}
		if !ok {
			return domain.Missing("payment_method[card]")
		}
		card, err := cardInput(cardObj)
		if err != nil {
			return err
		}
		in.Card = &card
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"customer", &in.Customer}, {"description", &in.Description}, {"receipt_email", &in.ReceiptEmail}} {
		if *f.dst, _, err = p.Str(f.key); err != nil {
			return err
		}
	}
	if in.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return err
	}
	in.Capture = true
	if c, ok, err := p.Bool("capture"); err != nil {
		return err
	} else if ok {
		in.Capture = c
	}
	if m, ok, err := p.Str("capture_method"); err != nil {
		return err
	} else if ok {
		switch m {
		case "automatic":
		case "manual":
			in.Capture = false
		default:
			return domain.Invalid("capture_method", "parameter_invalid", "Invalid capture_method: must be automatic or manual.")
		}
	}
	ex, err := readExpand(p, paymentExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	pay, err := h.Engine.CreatePayment(r.Context(), scope(r), in)
	if err != nil {
		err = underParam(err, "payment_method")
		if pay.ID != "" { // declined: the failed payment rides along in the error
			pj := h.renderPayment(pay)
			writeErrorWith(w, r, h.Log, err, &pj)
			return nil
		}
		return err
	}
	return h.writePayment(w, r, pay, ex)
}

func (h *handler) paymentFromPath(r *http.Request) (string, error) {
	wire := r.PathValue("id")
	id, ok := storedPaymentID(wire)
	if !ok {
		return "", domain.NotFound("payment", "id", wire)
	}
	return id, nil
}

func (h *handler) getPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := h.paymentFromPath(r)
	if err != nil {
		return err
	}
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	ex, err := readExpand(q, paymentExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	pay, err := h.Engine.GetPayment(r.Context(), scope(r), id)
	if err != nil {
		return err
	}
	return h.writePayment(w, r, pay, ex)
}

func (h *handler) updatePayment(w http.ResponseWriter, r *http.Request) error {
	id, err := h.paymentFromPath(r)
	if err != nil {
		return err
	}
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var u domain.PaymentUpdate
	for _, f := range []struct {
		key string
		dst **string
	}{{"description", &u.Description}, {"customer", &u.Customer}, {"receipt_email", &u.ReceiptEmail}} {
		v, ok, err := p.Str(f.key)
		if err != nil {
			return err
		}
		if ok {
			*f.dst = &v
		}
	}
	if u.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return err
	}
	ex, err := readExpand(p, paymentExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	pay, err := h.Engine.UpdatePayment(r.Context(), scope(r), id, u)
	if err != nil {
		return err
	}
	return h.writePayment(w, r, pay, ex)
}

func (h *handler) capturePayment(w http.ResponseWriter, r *http.Request) error {
	id, err := h.paymentFromPath(r)
	if err != nil {
		return err
	}
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var amount *int64
	for _, key := range []string{"amount", "amount_to_capture"} { // the second is Stripe's name
		if v, ok, err := intParam(p, key); err != nil {
			return err
		} else if ok {
			amount = &v
		}
	}
	ex, err := readExpand(p, paymentExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	pay, err := h.Engine.CapturePayment(r.Context(), scope(r), id, amount)
	if err != nil {
		return err
	}
	return h.writePayment(w, r, pay, ex)
}

func (h *handler) cancelPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := h.paymentFromPath(r)
	if err != nil {
		return err
	}
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	ex, err := readExpand(p, paymentExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	pay, err := h.Engine.CancelPayment(r.Context(), scope(r), id)
	if err != nil {
		return err
	}
	return h.writePayment(w, r, pay, ex)
}

func (h *handler) listPayments(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if lp.Customer, _, err = q.Str("customer"); err != nil {
		return err
	}
	if lp.Status, _, err = q.Str("status"); err != nil {
		return err
	}
	switch domain.PaymentStatus(lp.Status) {
	case "", domain.StatusProcessing, domain.StatusRequiresAction, domain.StatusSucceeded, domain.StatusFailed, domain.StatusCanceled,
		domain.StatusRequiresCapture:
	default:
		return domain.Invalid("status", "parameter_invalid",
			"Invalid status: must be one of processing, requires_action, requires_capture, succeeded, failed or canceled.")
	}
	ex, err := readExpand(q, paymentListExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListPayments(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]paymentJSON, len(page.Items))
	for i, p := range page.Items {
		items[i] = h.renderPayment(p)
		if err := h.expandPayment(r, &items[i], p, ex, "data."); err != nil {
			return err
		}
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/payments", items, page.HasMore))
	return nil
}

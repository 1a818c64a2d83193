package paysmart

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// refundJSON is a Stripe-style Refund object.
type refundJSON struct {
	ID       string  `json:"id"`
	Object   string  `json:"object"`
	Amount   int64   `json:"amount"`
	Currency string  `json:"currency"`
	Payment  any     `json:"payment"` // the payment's id, or the payment (expand[]=payment)
	Reason   *string `json:"reason"`
	Status   string  `json:"status"` // pending, succeeded or failed
	// FailureReason says why a failed refund failed.
	FailureReason *string           `json:"failure_reason"`
	Metadata      map[string]string `json:"metadata"`
	Livemode      bool              `json:"livemode"`
	Created       int64             `json:"created"`
}

func renderRefund(r domain.Refund) refundJSON {
	return refundJSON{ID: r.ID, Object: "refund", Amount: r.Amount, Currency: strings.ToLower(r.Currency.Code),
		Payment: paymentID(r.PaymentID), Reason: nullable(r.Reason), Status: r.Status, FailureReason: nullable(r.FailureReason),
		Metadata: metadataJSON(r.Metadata),
		Livemode: r.Livemode, Created: unix(r.Created)}
}

func (h *handler) createRefund(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var in domain.RefundInput
	wire, ok, err := p.Str("payment")
	if err != nil {
		return err
	}
	if !ok || wire == "" {
		return domain.Missing("payment")
	}
	id, ok := storedPaymentID(wire)
	if !ok {
		return domain.NotFound("payment", "payment", wire)
	}
	in.PaymentID = id
	if v, ok, err := intParam(p, "amount"); err != nil {
		return err
	} else if ok {
		in.Amount = &v
	}
	if in.Reason, _, err = p.Str("reason"); err != nil {
		return err
	}
	if in.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return err
	}
	ex, err := readExpand(p, refundExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	res, err := h.Engine.CreateRefund(r.Context(), scope(r), in)
	if err != nil {
		return err
	}
	return h.writeRefund(w, r, res.Refund, ex)
}

func (h *handler) getRefund(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	ex, err := readExpand(q, refundExpandable)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	ref, err := h.Engine.GetRefund(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.writeRefund(w, r, ref, ex)
}

// expandRefund puts the payment (and its customer) in place of its id when asked.
func (h *handler) expandRefund(r *http.Request, rj *refundJSON, ref domain.Refund, ex expansions, prefix string) error {
	if !ex[prefix+"payment"] && !ex[prefix+"payment.customer"] {
		return nil
	}
	p, err := h.Engine.GetPayment(r.Context(), scope(r), ref.PaymentID)
	if err != nil {
		return err
	}
	pj := h.renderPayment(p)
	if err := h.expandPayment(r, &pj, p, ex, prefix+"payment."); err != nil {
		return err
	}
	rj.Payment = pj
	return nil
}

func (h *handler) writeRefund(w http.ResponseWriter, r *http.Request, ref domain.Refund, ex expansions) error {
	rj := renderRefund(ref)
	if err := h.expandRefund(r, &rj, ref, ex, ""); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rj)
	return nil
}

func (h *handler) listRefunds(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if wire, ok, err := q.Str("payment"); err != nil {
		return err
	} else if ok && wire != "" {
		id, ok := storedPaymentID(wire)
		if !ok {
			return domain.NotFound("payment", "payment", wire)
		}
		lp.Payment = id
	}
	ex, err := readExpand(q, []string{"data.payment", "data.payment.customer"})
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListRefunds(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]refundJSON, len(page.Items))
	for i, ref := range page.Items {
		items[i] = renderRefund(ref)
		if err := h.expandRefund(r, &items[i], ref, ex, "data."); err != nil {
			return err
		}
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/refunds", items, page.HasMore))
	return nil
}

package paysmart

import (
	"net/http"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// subscriptionJSON is the subscription object, an extension in Stripe's
// shape (docs/decisions.md "Subscriptions"). The current period is the one
// last billed or being billed; next_payment_attempt is null once nothing
// more will be charged.
type subscriptionJSON struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	Customer           *string           `json:"customer"`
	PaymentMethod      string            `json:"payment_method"`
	Amount             int64             `json:"amount"`
	InitialAmount      *int64            `json:"initial_amount"`
	Currency           string            `json:"currency"`
	Interval           string            `json:"interval"`
	StartDate          int64             `json:"start_date"`
	TimeZone           string            `json:"time_zone"`
	Status             string            `json:"status"`
	CurrentPeriodStart int64             `json:"current_period_start"`
	CurrentPeriodEnd   int64             `json:"current_period_end"`
	PaymentsMade       int64             `json:"payments_made"`
	TotalPayments      *int64            `json:"total_payments"`
	NextPaymentAttempt *int64            `json:"next_payment_attempt"`
	AttemptCount       int               `json:"attempt_count"`
	LatestPayment      *string           `json:"latest_payment"`
	TestClock          *string           `json:"test_clock"`
	Metadata           map[string]string `json:"metadata"`
	CanceledAt         *int64            `json:"canceled_at"`
	EndedAt            *int64            `json:"ended_at"`
	Livemode           bool              `json:"livemode"`
	Created            int64             `json:"created"`
}

func positive(v int64) *int64 {
	if v <= 0 {
		return nil
	}
	return &v
}

func renderSubscription(sub domain.Subscription) subscriptionJSON {
	cur := sub.CurrentPeriod()
	var latest *string
	if sub.LatestPayment != "" {
		latest = nullable(paymentID(sub.LatestPayment))
	}
	return subscriptionJSON{ID: sub.ID, Object: "subscription", Customer: nullable(sub.Customer), PaymentMethod: sub.PaymentMethodID,
		Amount: sub.Amount, InitialAmount: positive(sub.InitialAmount), Currency: strings.ToLower(sub.Currency.Code),
		Interval: string(sub.Interval), StartDate: unix(sub.Anchor), TimeZone: sub.TimeZone, Status: string(sub.Status),
		CurrentPeriodStart: unix(sub.PeriodStart(cur)), CurrentPeriodEnd: unix(sub.PeriodStart(cur + 1)),
		PaymentsMade: sub.PaymentsMade, TotalPayments: positive(sub.TotalPayments), NextPaymentAttempt: unixPtr(sub.NextChargeAt),
		AttemptCount: sub.Attempt, LatestPayment: latest, TestClock: nullable(sub.TestClock),
		Metadata: metadataJSON(sub.Metadata), CanceledAt: unixPtr(sub.CanceledAt), EndedAt: unixPtr(sub.EndedAt),
		Livemode: sub.Livemode, Created: unix(sub.Created)}
}

// createSubscription: POST /v2/subscriptions.
func (h *handler) createSubscription(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var in domain.SubscriptionInput
	for _, f := range []struct {
		key string
		dst *string
	}{{"customer", &in.Customer}, {"payment_method", &in.PaymentMethodID}, {"currency", &in.Currency}, {"interval", &in.Interval}} {
		if *f.dst, _, err = p.Str(f.key); err != nil {
			return err
		}
	}
	amount, hasAmount, err := intParam(p, "amount")
	if err != nil {
		return err
	}
	in.Amount = amount
	var ok bool
	if in.InitialAmount, _, err = intParam(p, "initial_amount"); err != nil {
		return err
	}
	if in.TotalPayments, ok, err = intParam(p, "total_payments"); err != nil {
		return err
	}
	if ok && in.TotalPayments < 1 {
		return domain.Invalid("total_payments", "parameter_invalid", "total_payments must be a positive integer.")
	}
	start, ok, err := intParam(p, "start_date")
	if err != nil {
		return err
	}
	if ok {
		t := time.Unix(start, 0).UTC()
		in.StartDate = &t
	}
	if in.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	if !hasAmount {
		return domain.Missing("amount")
	}
	sub, err := h.Engine.CreateSubscription(r.Context(), scope(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderSubscription(sub))
	return nil
}

func (h *handler) getSubscription(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.Engine.GetSubscription(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderSubscription(sub))
	return nil
}

// updateSubscription: POST /v2/subscriptions/{id} (metadata, payment_method).
func (h *handler) updateSubscription(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var u domain.SubscriptionUpdate
	if pm, ok, err := p.Str("payment_method"); err != nil {
		return err
	} else if ok {
		u.PaymentMethodID = &pm
	}
	if u.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	sub, err := h.Engine.UpdateSubscription(r.Context(), scope(r), r.PathValue("id"), u)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderSubscription(sub))
	return nil
}

// cancelSubscription: DELETE /v2/subscriptions/{id} answers the canceled subscription, as Stripe's.
func (h *handler) cancelSubscription(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.Engine.CancelSubscription(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderSubscription(sub))
	return nil
}

func (h *handler) listSubscriptions(w http.ResponseWriter, r *http.Request) error {
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
	switch domain.SubscriptionStatus(lp.Status) {
	case "", domain.SubscriptionActive, domain.SubscriptionPastDue, domain.SubscriptionCanceled, domain.SubscriptionCompleted:
	default:
		return domain.Invalid("status", "parameter_invalid", "Invalid status: must be one of active, past_due, canceled or completed.")
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListSubscriptions(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]subscriptionJSON, len(page.Items))
	for i, sub := range page.Items {
		items[i] = renderSubscription(sub)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/subscriptions", items, page.HasMore))
	return nil
}

package paysmart

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Messages are an extension (issue 16): the outbox of e-mails and SMS the
// server sends, e.g. the receipt of a payment with receipt_email, shown in
// Stripe's conventions (object "message", Unix times, null for unset).

type messageJSON struct {
	ID             string           `json:"id"`
	Object         string           `json:"object"`
	Channel        string           `json:"channel"`
	Kind           string           `json:"kind"`
	Status         string           `json:"status"`
	To             string           `json:"to"`
	From           *string          `json:"from"`
	ReplyTo        *string          `json:"reply_to"`
	Subject        *string          `json:"subject"`
	Text           string           `json:"text"`
	HTML           *string          `json:"html"`
	Attachments    []attachmentJSON `json:"attachments"`
	MediaURL       *string          `json:"media_url"`
	Encoding       *string          `json:"encoding"`
	Segments       *int             `json:"segments"`
	Template       *string          `json:"template"`
	PaymentRequest *string          `json:"payment_request"`
	Payment        *string          `json:"payment"`
	Refund         *string          `json:"refund"`
	ResentFrom     *string          `json:"resent_from"`
	Attempts       int              `json:"attempts"`
	LastError      *string          `json:"last_error"`
	ProviderID     *string          `json:"provider_id"`
	Created        int64            `json:"created"`
	SentAt         *int64           `json:"sent_at"`
	Livemode       bool             `json:"livemode"`
}

type attachmentJSON struct {
	Source string  `json:"source"`
	Format *string `json:"format"`
	URL    *string `json:"url"`
}

func renderMessage(m domain.Message) messageJSON {
	out := messageJSON{ID: m.ID, Object: "message", Channel: m.Channel, Kind: m.Kind, Status: m.Status, To: m.To,
		From: nullable(m.From), ReplyTo: nullable(m.ReplyTo), Subject: nullable(m.Subject), Text: m.Text,
		HTML: nullable(m.HTML), Attachments: []attachmentJSON{}, MediaURL: nullable(m.MediaURL),
		Encoding: nullable(m.Encoding), Template: nullable(m.TemplateID), PaymentRequest: nullable(m.PaymentRequestID),
		Refund: nullable(m.RefundID), ResentFrom: nullable(m.ResentFrom), Attempts: m.Attempts, LastError: nullable(m.LastError),
		ProviderID: nullable(m.ProviderID), Created: unix(m.Created), Livemode: m.Livemode}
	if m.PaymentID != "" {
		out.Payment = nullable("pay_" + m.PaymentID)
	}
	if m.Channel == domain.ChannelSMS {
		out.Segments = &m.Segments
	}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, attachmentJSON{Source: a.Source, Format: nullable(a.Format), URL: nullable(a.URL)})
	}
	if m.SentAt != nil {
		t := unix(*m.SentAt)
		out.SentAt = &t
	}
	return out
}

// getMessage is GET /v2/messages/{id}.
func (h *handler) getMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Engine.GetMessage(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderMessage(m))
	return nil
}

// resendMessage is POST /v2/messages/{id}/resend: a new message that sends
// a sent or failed one again (resent_from names it); a message still queued
// is refused (400, message_queued).
func (h *handler) resendMessage(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	m, err := h.Engine.ResendMessage(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderMessage(m))
	return nil
}

// listMessages is GET /v2/messages: Stripe's cursors, and the filters
// status (domain.MessageStatuses), channel (email, sms, mms) and payment.
func (h *handler) listMessages(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		key     string
		dst     *string
		allowed []string
	}{{"status", &lp.Status, domain.MessageStatuses},
		{"channel", &lp.Type, []string{domain.ChannelEmail, domain.ChannelSMS, domain.ChannelMMS}}} {
		v, _, err := q.Str(f.key)
		if err != nil {
			return err
		}
		if v != "" && !contains(f.allowed, v) {
			return domain.Invalid(f.key, "parameter_invalid", "Invalid %s: must be one of %s.", f.key, strings.Join(f.allowed, ", "))
		}
		*f.dst = v
	}
	pay, _, err := q.Str("payment")
	if err != nil {
		return err
	}
	lp.Payment = strings.TrimPrefix(pay, "pay_")
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListMessages(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]messageJSON, len(page.Items))
	for i, m := range page.Items {
		items[i] = renderMessage(m)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/messages", items, page.HasMore))
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

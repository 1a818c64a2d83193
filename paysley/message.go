package paysley

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Messages are an extension (issue 16, docs/paysley-extensions.md): the
// outbox of the invoices, receipts and confirmations the server sends for
// payment requests and refunds, in the catalog's list envelope.

type messageJSON struct {
	MessageID        string           `json:"message_id"`
	Channel          string           `json:"channel"`
	Type             string           `json:"type"`
	Status           string           `json:"status"`
	To               string           `json:"to"`
	From             *string          `json:"from"`
	Subject          *string          `json:"subject"`
	Body             string           `json:"body"`
	HTMLBody         *string          `json:"html_body"`
	Attachments      []attachmentJSON `json:"attachments"`
	MediaURL         *string          `json:"media_url"`
	Encoding         *string          `json:"encoding"`
	Segments         *int             `json:"segments"`
	TemplateID       *string          `json:"template_id"`
	PaymentRequestID *string          `json:"payment_request_id"`
	PaymentID        *string          `json:"payment_id"`
	RefundID         *string          `json:"refund_id"`
	Attempts         int              `json:"attempts"`
	Error            *string          `json:"error"`
	ProviderID       *string          `json:"provider_id"`
	CreatedAt        string           `json:"created_at"`
	SentAt           *string          `json:"sent_at"`
}

type attachmentJSON struct {
	Source string  `json:"source"`
	Format *string `json:"format"`
	URL    *string `json:"url"`
}

type messageList struct {
	listEnvelope
	Messages []messageJSON `json:"messages"`
}

func renderMessage(m domain.Message) messageJSON {
	out := messageJSON{MessageID: m.ID, Channel: m.Channel, Type: m.Kind, Status: m.Status, To: m.To, From: nullable(m.From),
		Subject: nullable(m.Subject), Body: m.Text, HTMLBody: nullable(m.HTML), Attachments: []attachmentJSON{},
		MediaURL: nullable(m.MediaURL), Encoding: nullable(m.Encoding), TemplateID: nullable(m.TemplateID),
		PaymentRequestID: nullable(m.PaymentRequestID), PaymentID: nullable(m.PaymentID), RefundID: nullable(m.RefundID),
		Attempts: m.Attempts, Error: nullable(m.LastError), ProviderID: nullable(m.ProviderID), CreatedAt: isoTime(m.Created),
		SentAt: isoTimePtr(m.SentAt)}
	if m.Channel == domain.ChannelSMS {
		out.Segments = &m.Segments
	}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, attachmentJSON{Source: a.Source, Format: nullable(a.Format), URL: nullable(a.URL)})
	}
	return out
}

// listMessages is GET /v2/messages: page, limit, sort, keywords (recipient,
// subject), status (queued, sent, failed), channel (email, sms, mms).
func (h *handler) listMessages(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	if lp.Status, err = filterParam(q, "status", domain.MessageQueued, domain.MessageSent, domain.MessageFailed); err != nil {
		return err
	}
	if lp.Type, err = filterParam(q, "channel", domain.ChannelEmail, domain.ChannelSMS, domain.ChannelMMS); err != nil {
		return err
	}
	page, err := h.Engine.ListMessages(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	out := messageList{listEnvelope: newEnvelope(lp, page.Total), Messages: []messageJSON{}}
	for _, m := range page.Items {
		out.Messages = append(out.Messages, renderMessage(m))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// previewJSON is a rendered template.
type previewJSON struct {
	Result   string  `json:"result"`
	Channel  string  `json:"channel"`
	Subject  *string `json:"subject"`
	Body     string  `json:"body"`
	HTMLBody *string `json:"html_body"`
	Encoding *string `json:"encoding"`
	Segments *int    `json:"segments"`
}

// previewTemplate is POST /v2/templates/{template_id}/preview: the template
// rendered for a sample payment request (Jane Doe, USD 1,500.12, reference
// INV-0001, due in a week), as the customer would read it.
func (h *handler) previewTemplate(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Engine.PreviewTemplate(r.Context(), scope(r), r.PathValue("template_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errTemplateNotFound
	}
	if err != nil {
		return err
	}
	out := previewJSON{Result: "success", Channel: m.Channel, Subject: nullable(m.Subject), Body: m.Text,
		HTMLBody: nullable(m.HTML), Encoding: nullable(m.Encoding)}
	if m.Channel == domain.ChannelSMS {
		out.Segments = &m.Segments
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

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
	ResentFrom       *string          `json:"resent_from"`
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
		ResentFrom: nullable(m.ResentFrom), Attempts: m.Attempts, Error: nullable(m.LastError),
		ProviderID: nullable(m.ProviderID), CreatedAt: isoTime(m.Created), SentAt: isoTimePtr(m.SentAt)}
	if m.Channel == domain.ChannelSMS {
		out.Segments = &m.Segments
	}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, attachmentJSON{Source: a.Source, Format: nullable(a.Format), URL: nullable(a.URL)})
	}
	return out
}

// listMessages is GET /v2/messages: page, limit, sort, keywords (recipient,
// subject), status (domain.MessageStatuses), channel (email, sms, mms).
func (h *handler) listMessages(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	if lp.Status, err = filterParam(q, "status", domain.MessageStatuses...); err != nil {
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

// resentJSON is the message a resend queued, in the catalog's detail
// envelope.
type resentJSON struct {
	Result string `json:"result"`
	messageJSON
}

var errMessageNotFound = e2(http.StatusNotFound, "message_id", "message_id not found")

// resendMessage is POST /v2/messages/{message_id}/resend: a new message that
// sends a sent or failed one again (resent_from names it). A message still
// queued is refused: 400 E2 naming message_id.
func (h *handler) resendMessage(w http.ResponseWriter, r *http.Request) error {
	if _, err := web.Body(r); err != nil {
		return err
	}
	m, err := h.Engine.ResendMessage(r.Context(), scope(r), r.PathValue("message_id"))
	switch domain.ErrorCode(err) {
	case "":
	case domain.CodeNotFound:
		return errMessageNotFound
	case domain.CodeState:
		return e2(http.StatusBadRequest, "message_id", domain.AsError(err).Message)
	default:
		return err
	}
	web.WriteJSON(w, http.StatusOK, resentJSON{Result: "success", messageJSON: renderMessage(m)})
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

package dashboard

import (
	"net/http"
	"net/url"

	"github.com/paysmart/paysmart/domain"
)

// The outbox's filters.
var (
	messageChannels = []string{domain.ChannelEmail, domain.ChannelSMS, domain.ChannelMMS}
	messageStatuses = []string{domain.MessageQueued, domain.MessageSent, domain.MessageFailed}
)

type messagesView struct {
	frame
	Messages []domain.Message
	Channel  string
	Status   string
	Channels []string
	Statuses []string
	Older    string
}

// messages lists the outbox, newest first, filtered by channel and status,
// with the reason a message failed or waits.
func (s *site) messages(w http.ResponseWriter, r *http.Request, q *req) error {
	f := r.URL.Query()
	v := messagesView{frame: q.frame("Messages", "messages"), Channels: messageChannels, Statuses: messageStatuses}
	lp := domain.ListParams{Limit: pageSize, After: f.Get("after")}
	for _, c := range messageChannels {
		if c == f.Get("channel") {
			lp.Type, v.Channel = c, c
		}
	}
	for _, st := range messageStatuses {
		if st == f.Get("status") {
			lp.Status, v.Status = st, st
		}
	}
	page, err := s.Engine.ListMessages(r.Context(), q.scope(), lp)
	if domain.ErrorCode(err) == domain.CodeInvalid { // a stale cursor: start over
		lp.After = ""
		page, err = s.Engine.ListMessages(r.Context(), q.scope(), lp)
	}
	if err != nil {
		return err
	}
	v.Messages = page.Items
	if page.HasMore && len(page.Items) > 0 {
		next := url.Values{"after": {page.Items[len(page.Items)-1].ID}}
		if v.Channel != "" {
			next.Set("channel", v.Channel)
		}
		if v.Status != "" {
			next.Set("status", v.Status)
		}
		v.Older = "/dashboard/messages?" + next.Encode()
	}
	s.html(w, q, http.StatusOK, "messages.html", v)
	return nil
}

type messageDetailView struct {
	frame
	M       domain.Message
	Request string // the payment request's transaction id, its page's name
}

// message shows one message of the outbox as it was written: recipient,
// sender, texts, attachments, and what happened to it.
func (s *site) message(w http.ResponseWriter, r *http.Request, q *req) error {
	m, err := s.Engine.GetMessage(r.Context(), q.scope(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &pageError{Status: 404, Title: "Message not found",
			Message: "No message " + r.PathValue("id") + " in " + modeWord(q.session.Livemode) + " mode.", Back: "/dashboard/messages"}
	}
	if err != nil {
		return err
	}
	v := messageDetailView{frame: q.frame("Message "+m.ID, "messages"), M: m}
	if m.PaymentRequestID != "" {
		// The message names the request by its link id, a capability; its
		// page is named by the transaction id.
		pr, err := s.Engine.PaymentRequestLink(r.Context(), m.PaymentRequestID)
		if err == nil && pr.MerchantID == m.MerchantID && pr.Livemode == m.Livemode {
			v.Request = pr.TransactionID
		}
	}
	s.html(w, q, http.StatusOK, "message_detail.html", v)
	return nil
}

// channelLabel names a message channel for people.
func channelLabel(c string) string {
	return map[string]string{domain.ChannelEmail: "E-mail", domain.ChannelSMS: "SMS", domain.ChannelMMS: "MMS"}[c]
}

// kindLabel names what a message is for.
func kindLabel(k string) string {
	return map[string]string{domain.MessageInvoice: "Payment request", domain.MessageReceipt: "Receipt",
		domain.MessageConfirmation: "Confirmation", domain.MessageRefundReceipt: "Refund receipt",
		domain.MessageInvitation: "Dashboard invitation"}[k]
}

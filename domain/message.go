package domain

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The outbox: every e-mail, SMS and MMS PaySmart sends is a Message row,
// written in the transaction of the change that causes it (a payment request
// created, a payment succeeded, a refund succeeded) together with the
// message.send job that sends it. Its Key makes it unique per cause, channel
// and recipient, so nothing is queued twice; the job's id is the message's,
// so nothing is sent by two jobs.

// The channels a message goes out on. ChannelEmail and ChannelSMS are the
// template channels too.
const ChannelMMS = "mms"

// The kinds of message.
const (
	MessageInvoice       = "invoice"        // a payment request: the link, the invoice
	MessageReceipt       = "receipt"        // a payment succeeded: the receipt
	MessageConfirmation  = "confirmation"   // a payment succeeded: a short confirmation (send_confirmation)
	MessageRefundReceipt = "refund_receipt" // a refund succeeded (Paysley email / mobile_number)
	// A subscription's charge failed: retried later, given up (past_due), or
	// the subscription canceled by dunning (its Subscription says which).
	MessageSubscriptionPaymentFailed = "subscription_payment_failed"
)

// The message statuses. A queued message waits for its job (or, when no
// transport is configured for its mode, stays in the outbox); failed is
// final. A sent SMS or MMS becomes delivered or undelivered when the
// provider reports on it (RecordDelivery); e-mail stays sent. An invoice
// still queued when an edit of its payment request sends a newer one is
// withdrawn, and never sent.
const (
	MessageQueued      = "queued"
	MessageSent        = "sent"
	MessageFailed      = "failed"
	MessageDelivered   = "delivered"
	MessageUndelivered = "undelivered"
	MessageWithdrawn   = "withdrawn"
)

// MessageStatuses are every status a message can have, as the message
// lists filter them.
var MessageStatuses = []string{MessageQueued, MessageSent, MessageFailed, MessageDelivered, MessageUndelivered, MessageWithdrawn}

// The sources of an attachment or of an MMS picture.
const (
	SourceInvoice = "invoice" // the payment request's invoice PDF (pages)
	SourceReceipt = "receipt" // the payment's receipt file in Format (pages)
	SourceURL     = "url"     // the file at URL (a payment request's invoice_url)
)

// Attachment names a file a message carries, rendered or fetched when it is
// sent: the outbox keeps what to attach, not the bytes.
type Attachment struct {
	Source string // SourceInvoice, SourceReceipt or SourceURL
	Format string // pdf, png or jpeg (invoice and receipt)
	URL    string // SourceURL only
}

// Message is one e-mail, SMS or MMS in the outbox.
type Message struct {
	ID         string // "msg_" + 24 base62
	Number     int64
	MerchantID string
	Livemode   bool
	Key        string // unique per cause, channel and recipient
	Channel    string // ChannelEmail, ChannelSMS or ChannelMMS
	Kind       string // MessageInvoice, …

	To      string // an e-mail address, or an E.164 number
	From    string // the sender; "" is the server's default
	ReplyTo string // e-mail: the merchant's address
	Subject string // e-mail
	Text    string // the plain text (the whole SMS)
	HTML    string // e-mail

	Attachments []Attachment // e-mail
	Media       *Attachment  // what an MMS shows; nil for e-mail and SMS
	MediaURL    string       // the public URL of Media, as an MMS provider fetches it

	Encoding string // SMS: "gsm7" or "ucs2"
	Segments int    // SMS: how many parts the carrier bills

	TemplateID       string // the merchant's template used, if any
	PaymentRequestID string // "preq_…"
	PaymentID        string // bare payment id
	RefundID         string // "re_…"

	Status    string
	Attempts  int
	LastError string // why the last attempt failed, or why it stays in the outbox
	// Kept: queued, but its last attempt found no transport for its mode and
	// channel, so it waits in the outbox for one (QueueKeptMessages).
	Kept       bool
	ResentFrom string // the message this one sends again (ResendMessage)
	ProviderID string // the provider's id: the Message-Id of an e-mail, the SMS provider's sid
	Created    time.Time
	Updated    time.Time
	SentAt     *time.Time
}

// ObjectID is the message's id.
func (m Message) ObjectID() string { return m.ID }

// MessageArgs is the job that sends one message. Its tags are the stored
// format: renaming the field must not break queued jobs.
type MessageArgs struct {
	MessageID string `json:"message_id"`
}

// Kind names the job.
func (MessageArgs) Kind() string { return "message.send" }

// MessageJobID is the id of the job that sends message id: one job per
// message, so inserting it twice does nothing.
func MessageJobID(id string) string { return "msg:" + id }

// MessageContext is what a message is about, for its texts and links.
type MessageContext struct {
	Merchant Merchant
	Request  *PaymentRequest
	Payment  *Payment
	Refund   *Refund
	// Subscription is the subscription of a MessageSubscriptionPaymentFailed,
	// as the failure left it.
	Subscription *Subscription
	// Invitation is what an invitation's e-mail says (MessageInvitation).
	Invitation *InvitationContext
}

// MessageRenderer writes a message's texts: subject, plain text and HTML for
// e-mail, the text for SMS, from the merchant's template (nil: the built-in
// one) and the context. It also decides what the domain cannot: it writes To
// as E.164, turns an SMS with Media into an MMS where carriers take MMS (and
// into an SMS with a download link elsewhere), counts segments, and sets
// Status to MessageFailed with LastError for a recipient it cannot send to.
// The notify package implements it; the wiring sets Engine.Messages.
type MessageRenderer interface {
	Render(m *Message, t *Template, c MessageContext) error
}

// MessageResult is the outcome of one attempt to send a message.
type MessageResult struct {
	Sent       bool
	ProviderID string
	// Kept: no transport is configured for the message's mode and channel,
	// so it stays queued in the outbox with Error saying so.
	Kept bool
	// Final: the attempt failed for good (a permanent refusal, or the last
	// attempt); otherwise a failure is retried.
	Final bool
	Error string
}

// queueMessage renders m and writes it with its job in tx, unless a message
// with its key exists. The merchant's template applies to invoices: the
// request's template_id when it names one of the channel, else the channel's
// default, else the built-in text.
func (e *Engine) queueMessage(ctx context.Context, tx Tx, s Scope, m Message, c MessageContext, now time.Time) error {
	if e.Messages == nil {
		return nil
	}
	m.ID, m.MerchantID, m.Livemode, m.Status, m.Created, m.Updated = NewID("msg"), s.MerchantID, s.Livemode, MessageQueued, now, now
	var tmpl *Template
	if m.Kind == MessageInvoice && c.Request != nil {
		channel := m.Channel
		if channel == ChannelMMS {
			channel = ChannelSMS
		}
		if id := c.Request.TemplateID; id != "" {
			if t, err := tx.GetTemplate(ctx, s, id, false); err == nil && t.Channel == channel {
				tmpl = &t
			} else if err != nil && ErrorCode(err) != CodeNotFound {
				return err
			}
		}
		if tmpl == nil {
			t, err := tx.GetDefaultTemplate(ctx, s, channel)
			switch {
			case err == nil:
				tmpl = &t
			case ErrorCode(err) != CodeNotFound:
				return err
			}
		}
	}
	if tmpl != nil {
		m.TemplateID = tmpl.ID
	}
	if err := e.Messages.Render(&m, tmpl, c); err != nil {
		return Internal(err)
	}
	inserted, err := tx.InsertMessage(ctx, m)
	if err != nil || !inserted || m.Status != MessageQueued {
		return err
	}
	job, err := NewJob(MessageJobID(m.ID), MessageArgs{MessageID: m.ID}, &s, now)
	if err != nil {
		return err
	}
	return tx.InsertJob(ctx, job)
}

func messageKey(kind, channel, object, to string) string {
	return kind + ":" + channel + ":" + object + ":" + strings.ToLower(to)
}

// requestCreated queues a new payment request's invoice on every channel
// its request_methods ask for.
func (e *Engine) requestCreated(ctx context.Context, tx Tx, s Scope, pr PaymentRequest, now time.Time) error {
	return e.queueInvoices(ctx, tx, s, pr, pr.ID, []string{ChannelEmail, ChannelSMS}, now)
}

// requestEdited queues the invoice again after an edit that changes what
// the customer pays or where the invoice goes: on every requested channel
// when invoiceChanged, else on a channel whose recipient changed or that
// request_methods newly ask for. An edit that changes none of these (a
// reference number, a name, a redirect URL) sends nothing: the customer
// already holds the link, which always shows the request as it stands. Each
// edit's invoices are new messages, keyed by the edit; the earlier ones keep
// their history.
func (e *Engine) requestEdited(ctx context.Context, tx Tx, s Scope, old, pr PaymentRequest, now time.Time) error {
	if e.Messages == nil {
		return nil
	}
	changed := invoiceChanged(old, pr)
	var channels []string
	for _, c := range []struct{ channel, method, was, is string }{
		{ChannelEmail, "EMAIL", strings.ToLower(old.Email), strings.ToLower(pr.Email)},
		{ChannelSMS, "SMS", phoneDigits(old.MobileNumber), phoneDigits(pr.MobileNumber)},
	} {
		if changed || c.was != c.is || !slices.Contains(old.RequestMethods, c.method) {
			channels = append(channels, c.channel)
		}
	}
	if len(channels) == 0 {
		return nil
	}
	if err := e.withdrawInvoices(ctx, tx, s, pr.ID, channels, now); err != nil {
		return err
	}
	return e.queueInvoices(ctx, tx, s, pr, pr.ID+"/edit:"+NewHexID(), channels, now)
}

// withdrawInvoices marks withdrawn the invoices of a payment request still
// queued on channels (ChannelSMS covering MMS), which an edit is about to
// supersede: the customer gets the newer invoice only. The job of a
// withdrawn message finds it no longer queued and sends nothing; one
// already in flight with the provider is recorded as sent (RecordMessage).
func (e *Engine) withdrawInvoices(ctx context.Context, tx Tx, s Scope, requestID string, channels []string, now time.Time) error {
	queued, err := tx.QueuedInvoices(ctx, s, requestID)
	if err != nil {
		return err
	}
	for _, m := range queued {
		channel := m.Channel
		if channel == ChannelMMS {
			channel = ChannelSMS
		}
		if !slices.Contains(channels, channel) {
			continue
		}
		m.Status, m.Kept, m.Updated = MessageWithdrawn, false, now
		m.LastError = "withdrawn: an edit of the payment request superseded this invoice before it was sent"
		if err := tx.UpdateMessage(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// invoiceChanged reports whether an edit changes what the customer is asked
// to pay or by when: the amounts, currency, cart, taxes and shipping, the
// schedule of a subscription, the due date, or the invoice file.
func invoiceChanged(a, b PaymentRequest) bool {
	sameTime := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	sameInt := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Currency.Code != b.Currency.Code || a.Amount != b.Amount || a.AmountDue != b.AmountDue ||
		a.FixedAmount != b.FixedAmount || a.TaxAmount != b.TaxAmount || a.ShippingCharges != b.ShippingCharges ||
		a.ShippingTax != b.ShippingTax || !slices.Equal(a.CartItems, b.CartItems) || a.Frequency != b.Frequency ||
		!sameTime(a.PaymentStartDate, b.PaymentStartDate) || !sameInt(a.InitialPaymentAmount, b.InitialPaymentAmount) ||
		!sameInt(a.TotalNumberOfPayments, b.TotalNumberOfPayments) || !sameTime(a.ExpiresAt, b.ExpiresAt) ||
		a.InvoiceURL != b.InvoiceURL
}

// phoneDigits is a number as written without its spacing and punctuation,
// so that "+1 201-555-0123" and "+12015550123" are the same recipient.
func phoneDigits(n string) string {
	return strings.Map(func(r rune) rune {
		if r == '+' || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, n)
}

// queueInvoices queues pr's invoice on those of channels (ChannelEmail,
// ChannelSMS) that request_methods ask for and that have a recipient: an
// e-mail (with the invoice attached when attach_invoice: the file at
// invoice_url, else the invoice PDF), an SMS with the short link (an MMS
// with the invoice when send_mms_invoice). cause names what queued them in
// the messages' keys.
func (e *Engine) queueInvoices(ctx context.Context, tx Tx, s Scope, pr PaymentRequest, cause string, channels []string, now time.Time) error {
	if e.Messages == nil {
		return nil
	}
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	c := MessageContext{Merchant: m, Request: &pr}
	invoice := Attachment{Source: SourceInvoice, Format: "pdf"}
	if pr.InvoiceURL != "" {
		invoice = Attachment{Source: SourceURL, URL: pr.InvoiceURL}
	}
	if slices.Contains(channels, ChannelEmail) && slices.Contains(pr.RequestMethods, "EMAIL") && pr.Email != "" {
		msg := Message{Channel: ChannelEmail, Kind: MessageInvoice, To: pr.Email, PaymentRequestID: pr.ID,
			Key: messageKey(MessageInvoice, ChannelEmail, cause, pr.Email)}
		if pr.AttachInvoice {
			msg.Attachments = []Attachment{invoice}
		}
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	if slices.Contains(channels, ChannelSMS) && slices.Contains(pr.RequestMethods, "SMS") && pr.MobileNumber != "" {
		msg := Message{Channel: ChannelSMS, Kind: MessageInvoice, To: pr.MobileNumber, From: pr.MerchantPhoneNumber,
			PaymentRequestID: pr.ID, Key: messageKey(MessageInvoice, ChannelSMS, cause, pr.MobileNumber)}
		if pr.SendMMSInvoice {
			// An MMS shows a picture: the invoice as a PNG, unless the
			// merchant's own invoice_url is a picture.
			media := Attachment{Source: SourceInvoice, Format: "png"}
			if invoice.Source == SourceURL && isPictureURL(invoice.URL) {
				media = invoice
			}
			msg.Media = &media
		}
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	return nil
}

// isPictureURL reports whether a URL's path names a picture an MMS can
// show (PNG, JPEG or GIF), by its extension.
func isPictureURL(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.ToLower(u)
	for _, ext := range []string{".png", ".jpg", ".jpeg", ".gif"} {
		if strings.HasSuffix(u, ext) {
			return true
		}
	}
	return false
}

// paymentSucceeded queues what a succeeded payment sends. A payment of a
// payment request follows the request: an e-mail receipt with the file
// attached (attach_receipt, receipt_file_type) or, with only
// send_confirmation, a confirmation e-mail; an MMS receipt (send_mms_receipt)
// or, with only send_confirmation, a confirmation SMS. Any other payment
// with a receipt_email gets an e-mail receipt, as Stripe sends one.
func (e *Engine) paymentSucceeded(ctx context.Context, tx Tx, s Scope, p Payment, now time.Time) error {
	if e.Messages == nil || (p.RequestID == "" && p.ReceiptEmail == "") {
		return nil
	}
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	c := MessageContext{Merchant: m, Payment: &p}
	if p.RequestID == "" {
		return e.queueMessage(ctx, tx, s, Message{Channel: ChannelEmail, Kind: MessageReceipt, To: p.ReceiptEmail,
			PaymentID: p.ID, Key: messageKey(MessageReceipt, ChannelEmail, p.ObjectID(), p.ReceiptEmail)}, c, now)
	}
	pr, err := tx.GetPaymentRequestByID(ctx, p.RequestID)
	if err != nil {
		return err
	}
	c.Request = &pr
	file := Attachment{Source: SourceReceipt, Format: pr.ReceiptFileType}
	if file.Format == "" {
		file.Format = "pdf"
	}
	if pr.Email != "" && (pr.AttachReceipt || pr.SendConfirmation) {
		msg := Message{Channel: ChannelEmail, Kind: MessageConfirmation, To: pr.Email, PaymentID: p.ID,
			PaymentRequestID: pr.ID}
		if pr.AttachReceipt {
			msg.Kind, msg.Attachments = MessageReceipt, []Attachment{file}
		}
		msg.Key = messageKey(msg.Kind, ChannelEmail, p.ObjectID(), pr.Email)
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	if pr.MobileNumber != "" && (pr.SendMMSReceipt || pr.SendConfirmation) {
		msg := Message{Channel: ChannelSMS, Kind: MessageConfirmation, To: pr.MobileNumber, From: pr.MerchantPhoneNumber,
			PaymentID: p.ID, PaymentRequestID: pr.ID}
		if pr.SendMMSReceipt {
			// An MMS shows a picture: a PDF receipt goes as its PNG.
			media := file
			if media.Format == "pdf" {
				media.Format = "png"
			}
			msg.Kind, msg.Media = MessageReceipt, &media
		}
		msg.Key = messageKey(msg.Kind, ChannelSMS, p.ObjectID(), pr.MobileNumber)
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	return nil
}

// refundSucceeded queues a refund receipt to the refund's email and mobile
// number (Paysley: "A refund receipt will be send to this email address").
func (e *Engine) refundSucceeded(ctx context.Context, tx Tx, s Scope, r Refund, p Payment, now time.Time) error {
	if e.Messages == nil || (r.Email == "" && r.Mobile == "") {
		return nil
	}
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	c := MessageContext{Merchant: m, Payment: &p, Refund: &r}
	if r.Email != "" {
		msg := Message{Channel: ChannelEmail, Kind: MessageRefundReceipt, To: r.Email, PaymentID: p.ID, RefundID: r.ID,
			Key: messageKey(MessageRefundReceipt, ChannelEmail, r.ID, r.Email)}
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	if r.Mobile != "" {
		msg := Message{Channel: ChannelSMS, Kind: MessageRefundReceipt, To: r.Mobile, PaymentID: p.ID, RefundID: r.ID,
			Key: messageKey(MessageRefundReceipt, ChannelSMS, r.ID, r.Mobile)}
		if err := e.queueMessage(ctx, tx, s, msg, c, now); err != nil {
			return err
		}
	}
	return nil
}

// GetMessage returns a message of the outbox. Errors: CodeNotFound.
func (e *Engine) GetMessage(ctx context.Context, s Scope, id string) (Message, error) {
	var m Message
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { m, err = tx.GetMessage(ctx, s, id, false); return err })
	hideInvitationLink(&m)
	return m, err
}

// ListMessages returns a page of the outbox, newest first; ListParams.Status
// and Type (the channel) filter. Errors: CodeInvalid (cursor).
func (e *Engine) ListMessages(ctx context.Context, s Scope, lp ListParams) (Page[Message], error) {
	var out Page[Message]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListMessages(ctx, s, lp); return err })
	for i := range out.Items {
		hideInvitationLink(&out.Items[i])
	}
	return out, err
}

// MessageToSend returns a message and its merchant for the job that sends
// it. Errors: CodeNotFound.
func (e *Engine) MessageToSend(ctx context.Context, s Scope, id string) (Message, Merchant, error) {
	var m Message
	var mc Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if m, err = tx.GetMessage(ctx, s, id, false); err != nil {
			return err
		}
		mc, err = tx.GetMerchant(ctx, s.MerchantID)
		return err
	})
	return m, mc, err
}

// RecordMessage records an attempt to send a queued message under its row
// lock; a message no longer queued is left as it is (but for one withdrawn
// while the attempt that sent it was in flight). An SMS or MMS recorded sent
// takes the delivery report that came before this record, if one did
// (PendingDelivery), by RecordDelivery's rule. It returns the message as it
// now stands. Errors: CodeNotFound.
func (e *Engine) RecordMessage(ctx context.Context, s Scope, id string, res MessageResult) (Message, error) {
	now := e.now()
	var m Message
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		// Taken before the row, as RecordDelivery takes it: a report on the
		// id waits for this record, or this record for the report.
		if res.Sent && res.ProviderID != "" {
			if err := tx.LockProviderID(ctx, res.ProviderID); err != nil {
				return err
			}
		}
		if m, err = tx.GetMessage(ctx, s, id, true); err != nil {
			return err
		}
		// A message withdrawn while its send was in flight went out all the
		// same: the record says so.
		if m.Status != MessageQueued && (m.Status != MessageWithdrawn || !res.Sent) {
			return nil
		}
		m.Updated, m.LastError, m.Kept = now, res.Error, res.Kept
		switch {
		case res.Sent:
			m.Attempts++
			m.Status, m.ProviderID, m.SentAt, m.LastError = MessageSent, res.ProviderID, &now, ""
			if res.ProviderID != "" && (m.Channel == ChannelSMS || m.Channel == ChannelMMS) {
				p, ok, err := tx.TakePendingDelivery(ctx, m.Livemode, res.ProviderID)
				if err != nil {
					return err
				}
				if ok {
					applyDelivery(&m, p.Delivery, now)
				}
			}
		case res.Kept:
		case res.Final:
			m.Attempts++
			m.Status = MessageFailed
		default:
			m.Attempts++
		}
		return tx.UpdateMessage(ctx, m)
	})
	return m, err
}

// ResendMessage queues a new send of a message that was sent or failed: a
// new message to the same recipient with the same texts and files, linked
// to it by ResentFrom, so that each keeps its own history (attempts, error,
// provider id). Under an Idempotency-Key a retry returns the same resend.
// Errors: CodeNotFound, CodeState (the message is still queued: it will be
// sent, or fail, on its own).
func (e *Engine) ResendMessage(ctx context.Context, s Scope, id string) (Message, error) {
	if r := recovered(ctx, "msg_"); r != "" {
		return e.GetMessage(ctx, s, r)
	}
	now := e.now()
	newID := NewID("msg")
	var m Message
	err := e.txFor(ctx, newID, func(tx Tx) error {
		orig, err := tx.GetMessage(ctx, s, id, true)
		if err != nil {
			return err
		}
		if orig.Status == MessageQueued {
			return &Error{Code: CodeState, Reason: "message_queued", Param: "id",
				Message: "This message is still queued: it will be sent, or fail, on its own; resend it once it has."}
		}
		m = orig
		m.ID, m.Key, m.ResentFrom = newID, orig.Key+"/resend:"+newID, orig.ID
		m.Status, m.Attempts, m.LastError, m.ProviderID, m.Kept = MessageQueued, 0, "", "", false
		m.Created, m.Updated, m.SentAt = now, now, nil
		if _, err := tx.InsertMessage(ctx, m); err != nil {
			return err
		}
		job, err := NewJob(MessageJobID(m.ID), MessageArgs{MessageID: m.ID}, &s, now)
		if err != nil {
			return err
		}
		return tx.InsertJob(ctx, job)
	})
	hideInvitationLink(&m) // the copy goes out whole; the caller sees it as GetMessage shows it
	return m, err
}

// keptBatch is how many kept messages one transaction of
// QueueKeptMessages releases.
const keptBatch = 200

// QueueKeptMessages queues for sending the messages of a mode and of the
// channels that were kept in the outbox because no transport for them was
// configured; the wiring calls it at start-up for each transport it has.
// Each message is released once: its Kept mark is cleared under its row
// lock in the transaction that rearms its job, so a restart or another node
// starting at the same time does not queue it twice (and the job sends
// only a message still queued). It returns how many it queued.
func (e *Engine) QueueKeptMessages(ctx context.Context, livemode bool, channels ...string) (int, error) {
	total := 0
	for {
		n := 0
		err := e.Store.Tx(ctx, func(tx Tx) error {
			now := e.now()
			kept, err := tx.KeptMessages(ctx, livemode, channels, keptBatch)
			if err != nil {
				return err
			}
			n = len(kept)
			for _, m := range kept {
				m.Kept, m.Updated = false, now
				if err := tx.UpdateMessage(ctx, m); err != nil {
					return err
				}
				found, err := tx.RearmJob(ctx, MessageJobID(m.ID), now)
				if err != nil || found {
					if err != nil {
						return err
					}
					continue
				}
				// The finished job was pruned: a new one.
				s := Scope{MerchantID: m.MerchantID, Livemode: m.Livemode}
				job, err := NewJob(MessageJobID(m.ID), MessageArgs{MessageID: m.ID}, &s, now)
				if err != nil {
					return err
				}
				if err := tx.InsertJob(ctx, job); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < keptBatch {
			return total, nil
		}
	}
}

// PreviewTemplate renders a template as a message of its channel would
// read, for a sample payment request of the merchant's (variables filled
// with example values). Errors: CodeNotFound.
func (e *Engine) PreviewTemplate(ctx context.Context, s Scope, id string) (Message, error) {
	if e.Messages == nil {
		return Message{}, Internal(constError("engine has no message renderer"))
	}
	var t Template
	var mc Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if t, err = tx.GetTemplate(ctx, s, id, false); err != nil {
			return err
		}
		mc, err = tx.GetMerchant(ctx, s.MerchantID)
		return err
	})
	if err != nil {
		return Message{}, err
	}
	now := e.now()
	usd, _ := LookupCurrency("USD")
	expires := now.Add(7 * 24 * time.Hour)
	pr := PaymentRequest{ID: "preq_" + strings.Repeat("X", 24), TransactionID: "1234OO", MerchantID: s.MerchantID,
		Livemode: s.Livemode, ReferenceNumber: "INV-0001", CustomerFirstName: "Jane", CustomerLastName: "Doe",
		Email: "jane@example.com", MobileNumber: "+12015550123", Amount: 150012, AmountDue: 150012, Currency: usd,
		FixedAmount: true, ExpiresAt: &expires, Created: now, Status: "open"}
	m := Message{ID: "msg_preview", MerchantID: s.MerchantID, Livemode: s.Livemode, Channel: t.Channel, Kind: MessageInvoice,
		To: pr.Email, TemplateID: t.ID, PaymentRequestID: pr.ID, Status: MessageQueued, Created: now, Updated: now}
	if t.Channel == ChannelSMS {
		m.To = pr.MobileNumber
	}
	if err := e.Messages.Render(&m, &t, MessageContext{Merchant: mc, Request: &pr}); err != nil {
		return Message{}, Internal(err)
	}
	return m, nil
}

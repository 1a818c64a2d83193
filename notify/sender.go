package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/pages"
)

// Transports are where one mode's messages go. A nil field keeps that
// channel's messages in the outbox.
type Transports struct {
	Mail Mailer
	SMS  SMSProvider
}

// Sender is the message.send worker: it sends one queued message through
// its mode's transports and records the outcome. Test-mode messages only
// ever use Test and live-mode messages only Live, whatever is configured:
// the choice is made here, once, from the message's own mode.
type Sender struct {
	Engine     *domain.Engine
	Files      pages.Files // renders invoice and receipt attachments
	MailFrom   string      // the sender address when the merchant has none (--mail-from)
	SMSFrom    string      // the SMS sender when the merchant owns no number (--sms-from)
	Live, Test Transports
	// Fetch gets a payment request's invoice_url to attach, per mode
	// (live: public addresses only); nil attaches the invoice PDF instead.
	FetchLive, FetchTest *http.Client
	Log                  *slog.Logger
	Clock                domain.Clock
	// DKIM, when set, signs every e-mail (DKIM.Signer), live and test.
	DKIM *mail.DKIMSigner
}

// MaxAttachment is the largest invoice_url file attached to an e-mail.
const MaxAttachment = 10 << 20

// Register adds the worker to the runner: attempts bounded at a minute,
// retried from 30 seconds doubling to an hour (25 attempts: about a day).
func (s *Sender) Register(r *jobs.Runner) {
	jobs.Register(r, s.Send, jobs.Options{Timeout: time.Minute, Backoff: jobs.ExponentialBackoff(30*time.Second, time.Hour)})
}

// Send sends the message of a message.send job. A message no longer queued
// (sent by an earlier attempt, failed) is not sent again.
func (s *Sender) Send(ctx context.Context, j jobs.Job[domain.MessageArgs]) error {
	if j.Scope == nil {
		return jobs.Cancel(errors.New("message job without a scope"))
	}
	m, merchant, err := s.Engine.MessageToSend(ctx, *j.Scope, j.Args.MessageID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return jobs.Cancel(err)
	}
	if err != nil {
		return err
	}
	if m.Status != domain.MessageQueued {
		return nil
	}
	t := s.Test
	if m.Livemode {
		t = s.Live
	}
	providerID, sendErr := s.deliver(ctx, t, m, merchant)
	res := domain.MessageResult{Sent: sendErr == nil, ProviderID: providerID}
	switch {
	case sendErr == nil:
	case errors.Is(sendErr, ErrKept):
		res.Kept, res.Error = true, sendErr.Error()
	default:
		res.Error, res.Final = sendErr.Error(), IsPermanent(sendErr) || j.RetryAt.IsZero()
	}
	// Record even when the job's context ended: the provider may have the
	// message, and the record is what stops a second send.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := s.Engine.RecordMessage(rctx, *j.Scope, m.ID, res); err != nil {
		return err
	}
	log := s.log().With("message", m.ID, "channel", m.Channel, "livemode", m.Livemode, "attempt", j.Attempt)
	switch {
	case res.Sent:
		log.Info("message sent", "provider_id", providerID)
	case res.Kept:
		log.Info("message kept in the outbox", "reason", sendErr.Error())
	case res.Final:
		log.Warn("message failed", "error", sendErr.Error())
		return jobs.Cancel(sendErr)
	default:
		log.Info("message send failed; will retry", "error", sendErr.Error(), "retry_at", j.RetryAt)
		return sendErr
	}
	return nil
}

// QueueKept queues for sending the messages kept in the outbox for want of
// a transport that this Sender now has: e-mails of a mode with Mail, SMS and
// MMS of a mode with SMS. The wiring calls it once at start-up; each kept
// message is queued once, whatever the restarts and nodes
// (domain.Engine.QueueKeptMessages). It returns how many it queued.
func (s *Sender) QueueKept(ctx context.Context) (int, error) {
	total := 0
	for _, m := range []struct {
		live bool
		t    Transports
	}{{true, s.Live}, {false, s.Test}} {
		var channels []string
		if m.t.Mail != nil {
			channels = append(channels, domain.ChannelEmail)
		}
		if m.t.SMS != nil {
			channels = append(channels, domain.ChannelSMS, domain.ChannelMMS)
		}
		if len(channels) == 0 {
			continue
		}
		n, err := s.Engine.QueueKeptMessages(ctx, m.live, channels...)
		total += n
		if err != nil {
			return total, err
		}
		if n > 0 {
			s.log().Info("kept messages queued for sending", "livemode", m.live, "channels", channels, "count", n)
		}
	}
	return total, nil
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func (s *Sender) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

func (s *Sender) deliver(ctx context.Context, t Transports, m domain.Message, merchant domain.Merchant) (string, error) {
	mode := map[bool]string{true: "live", false: "test"}[m.Livemode]
	switch m.Channel {
	case domain.ChannelEmail:
		if t.Mail == nil {
			return "", Outbox{Why: "no " + mode + "-mode SMTP server is configured (--" + map[bool]string{true: "", false: "test-"}[m.Livemode] + "smtp-url)"}.SendMail(ctx, nil)
		}
		msg, id, err := s.email(ctx, m, merchant)
		if err != nil {
			return "", err
		}
		return id, t.Mail.SendMail(ctx, msg)
	case domain.ChannelSMS, domain.ChannelMMS:
		p := t.SMS
		if p == nil {
			p = Outbox{Why: "no " + mode + "-mode SMS provider is configured (--" + map[bool]string{true: "", false: "test-"}[m.Livemode] + "sms-url)"}
		}
		from := m.From
		if from == "" {
			from = s.SMSFrom
		}
		return p.SendSMS(ctx, SMS{To: m.To, From: from, Body: m.Text, MediaURL: m.MediaURL})
	}
	return "", Permanent(fmt.Errorf("no channel %q", m.Channel))
}

// email builds the MIME message: multipart/alternative text and HTML, the
// attachments, a Message-Id made of the message id (the same on every
// attempt, so a receiver can tell a resend), Date, and Reply-To the merchant.
func (s *Sender) email(ctx context.Context, m domain.Message, merchant domain.Merchant) (*mail.Msg, string, error) {
	from := m.From
	if from == "" {
		from = s.MailFrom
	}
	if from == "" {
		return nil, "", Permanent(errors.New("no sender address: set --mail-from or the merchant's mail_from"))
	}
	msg := mail.NewMsg()
	if s.DKIM != nil {
		msg.SetDKIM(s.DKIM)
	}
	if err := msg.FromFormat(merchant.Name, from); err != nil {
		return nil, "", Permanent(fmt.Errorf("sender %q: %w", from, err))
	}
	if err := msg.To(m.To); err != nil {
		return nil, "", Permanent(fmt.Errorf("recipient %q: %w", m.To, err))
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, "", Permanent(fmt.Errorf("reply-to %q: %w", m.ReplyTo, err))
		}
	}
	id := m.ID + "@" + addressDomain(from)
	msg.SetMessageIDWithValue(id)
	msg.SetDateWithValue(s.now())
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		name, typ, b, err := s.attachment(ctx, m, a)
		if err != nil {
			return nil, "", err
		}
		if err := msg.AttachReader(name, bytes.NewReader(b), mail.WithFileContentType(mail.ContentType(typ))); err != nil {
			return nil, "", err
		}
	}
	return msg, "<" + id + ">", nil
}

func (s *Sender) attachment(ctx context.Context, m domain.Message, a domain.Attachment) (name, typ string, b []byte, err error) {
	switch a.Source {
	case domain.SourceReceipt:
		return s.Files.Receipt(ctx, m.PaymentID, a.Format)
	case domain.SourceURL:
		if name, typ, b, err := s.fetch(ctx, m.Livemode, a.URL); err == nil {
			return name, typ, b, nil
		} else {
			// The invoice still goes: as PaySmart's own PDF of the request.
			s.log().Warn("invoice_url could not be fetched; attaching the invoice PDF instead",
				"message", m.ID, "error", err.Error())
		}
	}
	name, b, err = s.Files.Invoice(ctx, m.PaymentRequestID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		err = Permanent(err)
	}
	return name, "application/pdf", b, err
}

// fetch gets a file to attach, at most MaxAttachment bytes.
func (s *Sender) fetch(ctx context.Context, live bool, rawURL string) (name, typ string, b []byte, err error) {
	client := s.FetchTest
	if live {
		client = s.FetchLive
	}
	if client == nil {
		return "", "", nil, errors.New("fetching is off")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", "", nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", nil, fmt.Errorf("GET %s: %s", rawURL, resp.Status)
	}
	b, err = io.ReadAll(io.LimitReader(resp.Body, MaxAttachment+1))
	if err != nil {
		return "", "", nil, err
	}
	if len(b) > MaxAttachment {
		return "", "", nil, fmt.Errorf("GET %s: larger than %d bytes", rawURL, MaxAttachment)
	}
	typ = resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(typ); err == nil {
		typ = mt
	} else {
		typ = http.DetectContentType(b)
	}
	name = path.Base(req.URL.Path)
	if name == "/" || name == "." || strings.TrimSpace(name) == "" {
		name = "invoice"
	}
	return name, typ, b, nil
}

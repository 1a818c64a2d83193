package notify

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// DeliveryPath is where the SMS provider reports on the messages it
// accepted (Twilio's StatusCallback).
const DeliveryPath = "/webhooks/sms"

// DeliveryReports is the endpoint an SMS provider calls after a message was
// sent, with Twilio's status callback: a form POST of MessageSid,
// MessageStatus (queued, sent, delivered, undelivered, failed, …) and, when
// it failed, ErrorCode, signed in X-Twilio-Signature with the auth token of
// the account that sent it. Delivered, undelivered and failed are recorded
// (domain.Engine.RecordDelivery: delivered, or undelivered with the reason,
// once per message); the other statuses are steps on the way and are
// acknowledged without a change. The account whose token signed the report
// is the mode of the message it may change. A signed report on a sid no
// message has yet is kept until the worker records the send under that sid
// (Twilio may call back before its API answered the worker, and does not
// call again). E-mail has no such report: SMTP's acceptance is the last
// word PaySmart gets.
type DeliveryReports struct {
	Engine *domain.Engine
	// URL is the endpoint's public address, as the provider calls it (and
	// signs it): the server's --base-url and DeliveryPath.
	URL        string
	Live, Test *Twilio // nil: that mode's provider is not configured
	Log        *slog.Logger
}

// twilioErrors are the meanings of the error codes Twilio reports most on
// undelivered messages.
var twilioErrors = map[string]string{
	"30001": "queue overflow",
	"30002": "account suspended",
	"30003": "unreachable destination handset",
	"30004": "message blocked",
	"30005": "unknown destination handset",
	"30006": "landline or unreachable carrier",
	"30007": "filtered by the carrier",
	"30008": "unknown error",
	"21610": "the recipient replied STOP",
}

// maxSID bounds the sids kept for a message not recorded yet; Twilio's
// are 34 characters.
const maxSID = 64

// ServeHTTP answers 204 to a report it took (or had taken before), 202 to
// one it keeps for a message whose send is not recorded yet, 403 to one
// without a valid signature, and 400 to one without a MessageSid.
func (d *DeliveryReports) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "unreadable form", http.StatusBadRequest)
		return
	}
	u := d.URL
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	sig := r.Header.Get("X-Twilio-Signature")
	var livemode, signed bool
	for _, p := range []struct {
		live bool
		t    *Twilio
	}{{true, d.Live}, {false, d.Test}} {
		if p.t != nil && sig != "" && hmac.Equal([]byte(sig), []byte(TwilioSignature(p.t.token, u, r.PostForm))) {
			livemode, signed = p.live, true
			break
		}
	}
	if !signed {
		log.Warn("SMS delivery report refused: bad signature", "url", u)
		http.Error(w, "invalid X-Twilio-Signature", http.StatusForbidden)
		return
	}
	sid, status := r.PostForm.Get("MessageSid"), r.PostForm.Get("MessageStatus")
	if sid == "" {
		sid = r.PostForm.Get("SmsSid")
	}
	if sid == "" {
		http.Error(w, "MessageSid is missing", http.StatusBadRequest)
		return
	}
	if len(sid) > maxSID {
		http.Error(w, "MessageSid is too long", http.StatusBadRequest)
		return
	}
	rep := domain.Delivery{Livemode: livemode, ProviderID: sid}
	switch status {
	case "delivered":
		rep.Delivered = true
	case "undelivered", "failed":
		rep.Reason = status
		if code := r.PostForm.Get("ErrorCode"); code != "" {
			rep.Reason += ": error " + code
			if what := twilioErrors[code]; what != "" {
				rep.Reason += " (" + what + ")"
			}
		}
	default:
		w.WriteHeader(http.StatusNoContent)
		return
	}
	out, err := d.Engine.RecordDelivery(r.Context(), rep)
	switch {
	case err != nil:
		log.Error("SMS delivery report not recorded", "sid", sid, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
	case out.Pending:
		if out.Changed {
			log.Info("SMS delivery report kept: no message has its sid yet", "sid", sid, "livemode", livemode,
				"status", status)
		}
		w.WriteHeader(http.StatusAccepted)
	default:
		if out.Changed {
			log.Info("SMS delivery reported", "message", out.Message.ID, "status", out.Message.Status, "reason", rep.Reason)
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// TwilioSignature is Twilio's request signature: the base64 HMAC-SHA1,
// keyed with the auth token, of the URL followed by every POST parameter's
// name and value, sorted by name.
func TwilioSignature(token, rawURL string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(rawURL)
	for _, k := range keys {
		for _, v := range params[k] {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Reports sets the StatusCallback of s's Twilio providers to publicURL (the
// server's --base-url and DeliveryPath) and returns the endpoint that takes
// their reports there; ok is false when s has no Twilio provider.
func (s *Sender) Reports(publicURL string) (d *DeliveryReports, ok bool) {
	d = &DeliveryReports{Engine: s.Engine, URL: publicURL, Log: s.Log}
	for _, p := range []struct {
		t   SMSProvider
		dst **Twilio
	}{{s.Live.SMS, &d.Live}, {s.Test.SMS, &d.Test}} {
		if tw, isTwilio := p.t.(*Twilio); isTwilio {
			tw.StatusCallback, *p.dst = publicURL, tw
		}
	}
	return d, d.Live != nil || d.Test != nil
}

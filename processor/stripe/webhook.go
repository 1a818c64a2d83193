package stripe

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sdk/webhook"
)

// SignatureHeader is the header Stripe signs its webhooks in, with the same
// scheme as PaySmart-Signature (t=…,v1=…; HMAC-SHA256 of "t.body").
const SignatureHeader = "Stripe-Signature"

// WebhookConfig is what the webhook handler needs.
type WebhookConfig struct {
	Engine *domain.Engine
	// Live and Test are the connectors of each mode; events of a mode
	// without one are acknowledged and ignored.
	Live, Test *Processor
	// Secrets are the endpoint signing secrets (whsec_…); an event signed
	// with any of them is accepted (a live and a test endpoint, or a rolled
	// secret).
	Secrets []string
	// Tolerance is how old a signature may be (webhook.DefaultTolerance
	// when zero).
	Tolerance time.Duration
	Log       *slog.Logger
}

// event is the part of a Stripe event the handler reads.
type event struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Livemode bool   `json:"livemode"`
	Data     struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

// NewWebhookHandler serves POST /webhooks/stripe. It verifies the
// signature, then hands the object that changed to the engine, which reads
// the outcome from Stripe again (never from the event's body) and records
// it at most once:
//
//   - payment_intent.succeeded, payment_intent.payment_failed,
//     payment_intent.canceled: the payment's pending authorisation, capture
//     or cancel (domain.Engine.SettleReported);
//   - charge.refunded, charge.refund.updated, refund.updated, refund.failed:
//     each of our refunds among the charge's (SettleReported);
//   - charge.dispute.created: the payment.disputed event
//     (domain.Engine.RecordDispute).
//
// A 2xx tells Stripe to stop sending: it answers 200 for events it handled,
// for objects that are not PaySmart's and for types it ignores; 400 for a
// bad signature; 500 when the engine failed, so that Stripe sends it again.
func NewWebhookHandler(cfg WebhookConfig) http.Handler {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Tolerance <= 0 {
		cfg.Tolerance = webhook.DefaultTolerance
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, `{"error":"unreadable body"}`, http.StatusBadRequest)
			return
		}
		if !signed(body, r.Header.Get(SignatureHeader), cfg.Secrets, cfg.Tolerance) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"no Stripe-Signature matches the payload and the endpoint secret"}` + "\n"))
			return
		}
		var ev event
		if err := json.Unmarshal(body, &ev); err != nil {
			http.Error(w, `{"error":"not a Stripe event"}`, http.StatusBadRequest)
			return
		}
		proc := cfg.Test
		if ev.Livemode {
			proc = cfg.Live
		}
		log := cfg.Log.With("stripe_event", ev.ID, "type", ev.Type, "livemode", ev.Livemode)
		err = nil
		if proc != nil {
			err = handle(r.Context(), cfg.Engine, proc, ev)
		}
		switch {
		case err == nil:
		case domain.ErrorCode(err) == domain.CodeNotFound:
			log.Info("stripe event about an object PaySmart does not know", "error", err.Error())
		default:
			log.Error("stripe event not recorded; Stripe will send it again", "error", err.Error())
			http.Error(w, `{"error":"not recorded, send again"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"received":true}` + "\n"))
	})
}

func signed(body []byte, header string, secrets []string, tolerance time.Duration) bool {
	for _, s := range secrets {
		if s != "" && webhook.ValidatePayload(body, header, s, tolerance) == nil {
			return true
		}
	}
	return false
}

func handle(ctx context.Context, e *domain.Engine, p *Processor, ev event) error {
	switch ev.Type {
	case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled":
		var pi paymentIntent
		if err := json.Unmarshal(ev.Data.Object, &pi); err != nil {
			return err
		}
		payment, ok := strings.CutPrefix(pi.Metadata[metaPayment], "pay_")
		if !ok {
			return nil // not made by PaySmart
		}
		return e.SettleReported(ctx, domain.ProcessorReport{Livemode: ev.Livemode, PaymentID: payment,
			Object: "pay_" + payment, Reference: pi.ID})
	case "charge.refunded", "charge.refund.updated", "refund.updated", "refund.failed":
		var obj struct {
			ID     string `json:"id"`
			Object string `json:"object"`
		}
		if err := json.Unmarshal(ev.Data.Object, &obj); err != nil {
			return err
		}
		var refunds []refund
		if obj.Object == "charge" {
			var err error
			if refunds, err = p.chargeRefunds(ctx, obj.ID); err != nil {
				return err
			}
		} else {
			var rf refund
			if err := json.Unmarshal(ev.Data.Object, &rf); err != nil {
				return err
			}
			refunds = []refund{rf}
		}
		var errs []error
		for _, rf := range refunds {
			payment, ok := strings.CutPrefix(rf.Metadata[metaPayment], "pay_")
			if !ok || rf.Metadata[metaRefund] == "" {
				continue
			}
			err := e.SettleReported(ctx, domain.ProcessorReport{Livemode: ev.Livemode, PaymentID: payment,
				Object: rf.Metadata[metaRefund], Reference: rf.PaymentIntent})
			if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	case "charge.dispute.created":
		var d struct {
			ID            string `json:"id"`
			PaymentIntent string `json:"payment_intent"`
		}
		if err := json.Unmarshal(ev.Data.Object, &d); err != nil {
			return err
		}
		if d.PaymentIntent == "" {
			return nil
		}
		var pi paymentIntent
		if err := p.api.get(ctx, "/v1/payment_intents/"+url.PathEscape(d.PaymentIntent), nil, &pi); err != nil {
			return err
		}
		payment, ok := strings.CutPrefix(pi.Metadata[metaPayment], "pay_")
		if !ok {
			return nil
		}
		return e.RecordDispute(ctx, ev.Livemode, payment, d.ID)
	}
	return nil
}

// chargeRefunds lists every refund of a charge.
func (p *Processor) chargeRefunds(ctx context.Context, charge string) ([]refund, error) {
	q := url.Values{"charge": {charge}, "limit": {"100"}}
	var out []refund
	for {
		var page list[refund]
		if err := p.api.get(ctx, "/v1/refunds", q, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Data...)
		if !page.HasMore || len(page.Data) == 0 {
			return out, nil
		}
		q.Set("starting_after", page.Data[len(page.Data)-1].ID)
	}
}

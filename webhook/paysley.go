package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
)

// Callbacks posts Paysley's "Payment Response" to a payment request's
// response_url after each payment attempt: a form with one field, response,
// holding the documented JSON. It is signed like webhooks, in the
// PaySmart-Signature header, over the JSON text of the response field (what
// a receiver reads from its POST parameters), with the merchant's callback
// secret (GET /v2/callback-secret). Failures retry like webhook deliveries.
type Callbacks struct {
	Engine *domain.Engine
	// Render turns a payment attempt and its request into the Payment
	// Response JSON: paysley.RenderCallback (the dialect owns its wording).
	Render     func(domain.Payment, domain.PaymentRequest) ([]byte, error)
	TestClient *http.Client
	LiveClient *http.Client
	Clock      domain.Clock
	Log        *slog.Logger
}

// Register makes c the worker of paysley_callback jobs on r.
func (c *Callbacks) Register(r *jobs.Runner) {
	if c.Render == nil {
		panic("webhook: Callbacks needs Render (paysley.RenderCallback)")
	}
	if c.TestClient == nil {
		c.TestClient = NewClient(ClientConfig{})
	}
	if c.LiveClient == nil {
		c.LiveClient = NewClient(ClientConfig{Guard: GuardPublic})
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	jobs.Register(r, c.Send, jobs.Options{
		Timeout: 30 * time.Second,
		Backoff: Backoff,
		MaxAge: func(j domain.Job) time.Duration {
			return domain.WebhookRetryWindow(j.Scope != nil && j.Scope.Livemode)
		},
	})
}

// Send makes one callback attempt. A payment or request that is gone, or a
// request without a response_url any more, ends the job.
func (c *Callbacks) Send(ctx context.Context, j jobs.Job[domain.PaysleyCallbackArgs]) error {
	if j.Scope == nil {
		return jobs.Cancel(errors.New("paysley callback without a scope"))
	}
	cb, err := c.Engine.PaysleyCallback(ctx, *j.Scope, j.Args.PaymentID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return jobs.Cancel(err)
	}
	if err != nil {
		return err
	}
	if cb.URL == "" {
		return jobs.Cancel(fmt.Errorf("payment request %s has no response_url", cb.Request.TransactionID))
	}
	payload, err := c.Render(cb.Payment, cb.Request)
	if err != nil {
		return jobs.Cancel(err)
	}
	body := url.Values{"response": {string(payload)}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cb.URL, strings.NewReader(body))
	if err != nil {
		return jobs.Cancel(fmt.Errorf("response_url: %w", err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(sdk.SignatureHeader, sdk.SignHeader(payload, c.Clock(), cb.Secrets...))
	client := c.TestClient
	if j.Scope.Livemode {
		client = c.LiveClient
	}
	res, err := client.Do(req)
	if err != nil {
		if ctx.Err() == context.Canceled {
			return ctx.Err()
		}
		c.Log.Warn("paysley callback failed", "payment_id", cb.Payment.ID, "attempt", j.Attempt, "error", describe(err))
		return errors.New(describe(err))
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, maxResponseBody))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		c.Log.Warn("paysley callback refused", "payment_id", cb.Payment.ID, "attempt", j.Attempt, "status", res.StatusCode)
		return fmt.Errorf("HTTP %d %s", res.StatusCode, http.StatusText(res.StatusCode))
	}
	return nil
}

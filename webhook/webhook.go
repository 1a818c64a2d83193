// Package webhook delivers PaySmart events to merchants' webhook endpoints.
// It is the worker of the webhook_delivery jobs that the engine enqueues with
// every event, one per subscribed endpoint, in the event's transaction.
//
// A delivery POSTs the event exactly as GET /v2/events/{id} shows it, signed
// in the PaySmart-Signature header with every active secret of the endpoint
// (see package sdk/webhook, which merchants use to verify it). Any 2xx is
// success; anything else, a timeout or a refused connection is a failure that
// the job runner retries with Backoff until the mode's retry window
// (domain.WebhookRetryWindow) closes. Every attempt is recorded
// (GET /v2/events/{id}/deliveries) and updates the endpoint's health, in the
// transaction that finishes its job.
//
// Deliveries are cheap in bulk: the runner claims them in batches, the ones
// that start together load their events and endpoints with one read (each
// event rendered once, each endpoint's secrets opened once), the client
// keeps connections to each endpoint alive, and the runner writes the
// outcomes of many deliveries with one commit.
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
)

// Backoff is the delay before retrying a failed delivery: a minute, doubling
// to six hours. With jitter, a live event is tried about twenty times over its
// three days, a test event eight times over its three hours.
var Backoff = jobs.ExponentialBackoff(time.Minute, 6*time.Hour)

// userAgent names PaySmart to receivers.
const userAgent = "PaySmart-Webhooks/1.0 (+https://github.com/paysmart/paysmart)"

// maxResponseBody is how much of a receiver's answer is read (and thrown
// away) so that the connection can be reused; the rest is not read.
const maxResponseBody = 64 << 10

// Deliverer posts events to endpoints.
type Deliverer struct {
	Engine *domain.Engine
	// Render turns a stored event into the JSON body: paysmart.RenderEvent.
	Render func(domain.Event) ([]byte, error)
	// TestClient posts test-mode events, LiveClient live ones. Nil clients
	// are NewClient's, with GuardLinkLocal for test mode and GuardPublic for
	// live mode.
	TestClient *http.Client
	LiveClient *http.Client
	// Clock stamps signatures (default time.Now). Receivers compare the stamp
	// with their own clock, so it must be the real time.
	Clock domain.Clock
	Log   *slog.Logger

	once   sync.Once
	loader *loader
}

// Register makes d the worker of webhook_delivery jobs on r.
func (d *Deliverer) Register(r *jobs.Runner) {
	if d.TestClient == nil {
		d.TestClient = NewClient(ClientConfig{})
	}
	if d.LiveClient == nil {
		d.LiveClient = NewClient(ClientConfig{Guard: GuardPublic})
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	jobs.Register(r, d.Deliver, jobs.Options{
		Timeout: 30 * time.Second,
		Backoff: Backoff,
		MaxAge: func(j domain.Job) time.Duration {
			return domain.WebhookRetryWindow(j.Scope != nil && j.Scope.Livemode)
		},
	})
}

// Deliver makes one delivery attempt of an event to an endpoint. A deleted or
// disabled endpoint, or a deleted event, ends the job.
func (d *Deliverer) Deliver(ctx context.Context, j jobs.Job[domain.WebhookDeliveryArgs]) error {
	if j.Scope == nil {
		return jobs.Cancel(errors.New("webhook delivery without a scope"))
	}
	s := *j.Scope
	d.once.Do(func() { d.loader = &loader{engine: d.Engine, render: d.Render} })
	loaded, err := d.loader.load(ctx, domain.WebhookTargetRef{Scope: s, EventID: j.Args.EventID, EndpointID: j.Args.EndpointID})
	if err != nil {
		return err
	}
	target, body := loaded.target, loaded.body
	if domain.ErrorCode(loaded.err) == domain.CodeNotFound {
		return jobs.Cancel(loaded.err)
	}
	if loaded.err != nil {
		return loaded.err
	}
	if target.Endpoint.Disabled {
		return jobs.Cancel(fmt.Errorf("endpoint %s is disabled", target.Endpoint.ID))
	}
	if loaded.renderErr != nil {
		return jobs.Cancel(fmt.Errorf("rendering %s: %w", target.Event.ID, loaded.renderErr))
	}

	status, failure, elapsed := d.post(ctx, target, body, s.Livemode)
	if failure != "" && ctx.Err() == context.Canceled {
		return ctx.Err() // shutting down: the runner releases the job, this attempt does not count
	}
	rec := domain.WebhookDelivery{EventID: target.Event.ID, EndpointID: target.Endpoint.ID, Attempt: j.Attempt,
		StatusCode: status, Error: failure, Duration: elapsed}
	if failure != "" && !j.RetryAt.IsZero() {
		rec.NextRetryAt = &j.RetryAt
	}
	// Recorded with the job's outcome, in the transaction that finishes it:
	// a busy node records many deliveries for one commit.
	_, write := d.Engine.WebhookDeliveryRecord(s, rec)
	j.Record(write)
	if failure == "" {
		return nil
	}
	if rec.NextRetryAt == nil {
		d.Log.Warn("webhook delivery abandoned; endpoint flagged", "event", rec.EventID, "endpoint", rec.EndpointID,
			"attempt", j.Attempt, "error", failure)
	}
	return errors.New(failure)
}

// post sends body to the endpoint and reports the status (0 without a
// response), why it failed ("" for a 2xx) and how long it took.
func (d *Deliverer) post(ctx context.Context, t domain.WebhookTarget, body []byte, livemode bool) (int, string, time.Duration) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.Endpoint.URL, bytes.NewReader(body))
	if err != nil {
		return 0, "invalid endpoint URL: " + err.Error(), 0
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(sdk.SignatureHeader, sdk.SignHeader(body, d.Clock(), t.Secrets...))
	client := d.TestClient
	if livemode {
		client = d.LiveClient
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, describe(err), time.Since(start)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, maxResponseBody))
	res.Body.Close()
	elapsed := time.Since(start)
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Sprintf("HTTP %d %s", res.StatusCode, http.StatusText(res.StatusCode)), elapsed
	}
	return res.StatusCode, "", elapsed
}

// describe says why a request failed, without Go's "Post <url>:" prefix.
func describe(err error) string {
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timed out waiting for the endpoint"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

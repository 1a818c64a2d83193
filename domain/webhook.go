package domain

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
)

// EventWebhookEndpointDisabled reports an endpoint that PaySmart disabled
// because its deliveries kept failing.
const EventWebhookEndpointDisabled = "webhook_endpoint.disabled"

// Webhook rules.
const (
	// MaxWebhookEndpoints is how many endpoints a merchant may have per mode (Stripe's limit).
	MaxWebhookEndpoints = 16
	// MaxWebhookSecretGrace is the longest an old secret may keep signing after a roll.
	MaxWebhookSecretGrace = 24 * time.Hour
	// WebhookDisableAfter is how long an endpoint may fail every delivery, with
	// no success in between, before PaySmart disables it.
	WebhookDisableAfter = 3 * 24 * time.Hour
	// maxWebhookURLLen bounds a URL, as browsers and Stripe do.
	maxWebhookURLLen = 2048
	// maxWebhookDescriptionLen bounds a description.
	maxWebhookDescriptionLen = 5000
)

// WebhookRetryWindow is how long PaySmart keeps retrying a failed delivery:
// three days in live mode, as Stripe does, and three hours in test mode, where
// a developer's laptop is usually either listening or not.
func WebhookRetryWindow(livemode bool) time.Duration {
	if livemode {
		return 72 * time.Hour
	}
	return 3 * time.Hour
}

// WebhookEndpoint is a merchant's URL that receives events of one mode.
type WebhookEndpoint struct {
	ID         string // "we_..."
	MerchantID string
	Livemode   bool

	URL           string
	EnabledEvents []string // event types, or "*" for all
	Description   string
	Metadata      map[string]string
	Disabled      bool

	// The signing secrets, sealed by the vault. After a roll with a grace
	// period the previous secret keeps signing until PreviousExpires.
	SealedSecret    []byte
	SealedPrevious  []byte
	PreviousExpires *time.Time
	// Secret is the plaintext secret, set only on the value that
	// CreateWebhookEndpoint and RollWebhookSecret return.
	Secret string

	// FailingSince starts an unbroken run of failed deliveries; FlaggedAt is
	// when a delivery gave up during it. A successful delivery clears both.
	FailingSince *time.Time
	FlaggedAt    *time.Time

	Created time.Time
	Updated time.Time
}

// ObjectID is the id events carry for an endpoint.
func (w WebhookEndpoint) ObjectID() string { return w.ID }

// Subscribes reports whether the endpoint wants events of type typ.
func (w WebhookEndpoint) Subscribes(typ string) bool {
	return slices.Contains(w.EnabledEvents, "*") || slices.Contains(w.EnabledEvents, typ)
}

// WebhookEndpointInput creates or updates an endpoint; nil fields are left as they are.
type WebhookEndpointInput struct {
	URL           *string
	EnabledEvents []string // nil: unchanged
	Description   *string
	Metadata      map[string]string // merged: "" deletes a key
	Disabled      *bool
}

// WebhookDelivery is one attempt to deliver an event to an endpoint.
type WebhookDelivery struct {
	ID         string // "whd_..."
	MerchantID string
	Livemode   bool
	EventID    string
	EndpointID string
	Attempt    int
	StatusCode int    // 0 when no response came back
	Error      string // why it failed: transport error or non-2xx status
	Duration   time.Duration
	Created    time.Time
	// NextRetryAt is when the event is sent again; nil when it succeeded or
	// PaySmart gave up.
	NextRetryAt *time.Time
}

// Succeeded reports whether the endpoint acknowledged the event (any 2xx).
func (d WebhookDelivery) Succeeded() bool { return d.StatusCode >= 200 && d.StatusCode < 300 }

// WebhookDeliveryArgs is the job that delivers one event to one endpoint.
type WebhookDeliveryArgs struct {
	EventID    string `json:"EventID"` // the tags are the stored format (the field names before tags)
	EndpointID string `json:"EndpointID"`
}

// Kind implements JobArgs.
func (WebhookDeliveryArgs) Kind() string { return "webhook_delivery" }

// deliveryJobID is the job id of an event's delivery to an endpoint: one job
// per pair, so that a resend rearms it instead of racing it.
func deliveryJobID(eventID, endpointID string) string { return "wh:" + eventID + ":" + endpointID }

// WebhookTarget is what a delivery needs: the event, its endpoint, and the
// secrets to sign with, newest first.
type WebhookTarget struct {
	Event    Event
	Endpoint WebhookEndpoint
	Secrets  []string
}

// ValidateWebhookURL checks an endpoint URL: absolute http(s) with a host, no
// credentials and no fragment; https only in live mode. Test mode accepts
// http://localhost and the like, which developers need.
func ValidateWebhookURL(raw string, livemode bool) error {
	if strings.TrimSpace(raw) == "" {
		return Missing("url")
	}
	bad := func(format string, args ...any) error { return Invalid("url", "url_invalid", format, args...) }
	if len(raw) > maxWebhookURLLen {
		return bad("The URL must be at most %d characters.", maxWebhookURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return bad("Invalid URL: %s must be an absolute http or https URL.", clip(raw))
	}
	if u.User != nil {
		return bad("The URL must not contain credentials; authenticate webhooks by their signature.")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return bad("The URL must not contain a fragment (#...).")
	}
	if u.Hostname() == "" {
		return bad("Invalid URL: %s has no host.", clip(raw))
	}
	if refusedHost(u.Hostname()) {
		return bad("The URL's host %s is a link-local, multicast or reserved address, which PaySmart never calls.", clip(u.Hostname()))
	}
	if livemode && u.Scheme != "https" {
		return bad("Live mode webhook endpoints must use https.")
	}
	return nil
}

func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}

// normalizeEvents checks enabled_events and returns them deduplicated; "*"
// anywhere stands for all.
func normalizeEvents(events []string) ([]string, error) {
	if len(events) == 0 {
		return nil, Missing("enabled_events")
	}
	var out []string
	for i, ev := range events {
		ev = strings.TrimSpace(ev)
		if ev == "*" {
			return []string{"*"}, nil
		}
		if !slices.Contains(EventTypes, ev) {
			return nil, Invalid("enabled_events."+itoa(int64(i)), "parameter_invalid",
				"Invalid enabled_events: %s is not an event type. Use \"*\" or some of: %s.", clip(ev), strings.Join(EventTypes, ", "))
		}
		if !slices.Contains(out, ev) {
			out = append(out, ev)
		}
	}
	return out, nil
}

// newWebhookSecret returns a signing secret: "whsec_" and 32 base62 characters.
func newWebhookSecret() string { return "whsec_" + randomString(32) }

func (e *Engine) sealSecret(secret string) ([]byte, error) {
	if e.Vault == nil {
		return nil, Internal(constError("engine has no vault for webhook secrets"))
	}
	b, err := e.Vault.Seal(secret)
	if err != nil {
		return nil, Internal(err)
	}
	return b, nil
}

func (in WebhookEndpointInput) apply(w *WebhookEndpoint) error {
	if in.URL != nil {
		u := strings.TrimSpace(*in.URL)
		if err := ValidateWebhookURL(u, w.Livemode); err != nil {
			return err
		}
		w.URL = u
	}
	if in.EnabledEvents != nil {
		evs, err := normalizeEvents(in.EnabledEvents)
		if err != nil {
			return err
		}
		w.EnabledEvents = evs
	}
	if in.Description != nil {
		if len(*in.Description) > maxWebhookDescriptionLen {
			return Invalid("description", "parameter_invalid", "The description must be at most %d characters.", maxWebhookDescriptionLen)
		}
		w.Description = strings.TrimSpace(*in.Description)
	}
	if err := mergeMetadata(&w.Metadata, in.Metadata); err != nil {
		return err
	}
	if in.Disabled != nil {
		if w.Disabled && !*in.Disabled { // re-enabled: start with a clean slate
			w.FailingSince, w.FlaggedAt = nil, nil
		}
		w.Disabled = *in.Disabled
	}
	return nil
}

// CreateWebhookEndpoint registers an endpoint; the value returned carries its
// secret in plaintext, the only time it is shown.
// Errors: CodeInvalid (url, enabled_events, description, metadata, or the
// limit of MaxWebhookEndpoints per mode).
func (e *Engine) CreateWebhookEndpoint(ctx context.Context, s Scope, in WebhookEndpointInput) (WebhookEndpoint, error) {
	now := e.now()
	w := WebhookEndpoint{ID: NewID("we"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if in.URL == nil {
		return WebhookEndpoint{}, Missing("url")
	}
	if in.EnabledEvents == nil {
		return WebhookEndpoint{}, Missing("enabled_events")
	}
	in.Disabled = nil
	if err := in.apply(&w); err != nil {
		return WebhookEndpoint{}, err
	}
	secret := newWebhookSecret()
	sealed, err := e.sealSecret(secret)
	if err != nil {
		return WebhookEndpoint{}, err
	}
	w.SealedSecret = sealed
	err = e.tx(ctx, func(tx Tx) error {
		if err := tx.LockMerchant(ctx, s.MerchantID); err != nil {
			return err
		}
		n, err := tx.CountWebhookEndpoints(ctx, s)
		if err != nil {
			return err
		}
		if n >= MaxWebhookEndpoints {
			return Invalid("url", "webhook_endpoint_limit", "You have reached the maximum of %d webhook endpoints.", MaxWebhookEndpoints)
		}
		return tx.InsertWebhookEndpoint(ctx, w)
	})
	if err != nil {
		return WebhookEndpoint{}, err
	}
	w.Secret = secret
	return w, nil
}

// GetWebhookEndpoint returns an endpoint, without its plaintext secret.
// Errors: CodeNotFound.
func (e *Engine) GetWebhookEndpoint(ctx context.Context, s Scope, id string) (WebhookEndpoint, error) {
	var w WebhookEndpoint
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { w, err = tx.GetWebhookEndpoint(ctx, s, id, false); return err })
	return w, err
}

// ListWebhookEndpoints returns a page of endpoints, newest first.
// Errors: CodeInvalid (cursor).
func (e *Engine) ListWebhookEndpoints(ctx context.Context, s Scope, p ListParams) (Page[WebhookEndpoint], error) {
	var out Page[WebhookEndpoint]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListWebhookEndpoints(ctx, s, p); return err })
	return out, err
}

// UpdateWebhookEndpoint changes an endpoint; Disabled stops and resumes its
// deliveries. Errors: CodeNotFound, CodeInvalid (url, enabled_events,
// description, metadata).
func (e *Engine) UpdateWebhookEndpoint(ctx context.Context, s Scope, id string, in WebhookEndpointInput) (WebhookEndpoint, error) {
	now := e.now()
	var w WebhookEndpoint
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if w, err = tx.GetWebhookEndpoint(ctx, s, id, true); err != nil {
			return err
		}
		if err := in.apply(&w); err != nil {
			return err
		}
		w.Updated = now
		return tx.UpdateWebhookEndpoint(ctx, w)
	})
	return w, err
}

// DeleteWebhookEndpoint removes an endpoint; its pending deliveries stop.
// Errors: CodeNotFound.
func (e *Engine) DeleteWebhookEndpoint(ctx context.Context, s Scope, id string) (WebhookEndpoint, error) {
	var w WebhookEndpoint
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if w, err = tx.GetWebhookEndpoint(ctx, s, id, true); err != nil {
			return err
		}
		return tx.DeleteWebhookEndpoint(ctx, s, id)
	})
	return w, err
}

// RollWebhookSecret gives an endpoint a new secret, returned in plaintext.
// The old secret keeps signing beside the new one for grace (0 stops it at
// once), so receivers can switch without missing an event.
// Errors: CodeNotFound, CodeInvalid (grace negative or over MaxWebhookSecretGrace).
func (e *Engine) RollWebhookSecret(ctx context.Context, s Scope, id string, grace time.Duration) (WebhookEndpoint, error) {
	if grace < 0 || grace > MaxWebhookSecretGrace {
		return WebhookEndpoint{}, Invalid("expires_in", "parameter_invalid",
			"expires_in must be between 0 and %d seconds.", int64(MaxWebhookSecretGrace/time.Second))
	}
	now := e.now()
	secret := newWebhookSecret()
	sealed, err := e.sealSecret(secret)
	if err != nil {
		return WebhookEndpoint{}, err
	}
	var w WebhookEndpoint
	err = e.tx(ctx, func(tx Tx) error {
		if w, err = tx.GetWebhookEndpoint(ctx, s, id, true); err != nil {
			return err
		}
		w.SealedPrevious, w.PreviousExpires = nil, nil
		if grace > 0 {
			until := now.Add(grace)
			w.SealedPrevious, w.PreviousExpires = w.SealedSecret, &until
		}
		w.SealedSecret, w.Updated = sealed, now
		return tx.UpdateWebhookEndpoint(ctx, w)
	})
	if err != nil {
		return WebhookEndpoint{}, err
	}
	w.Secret = secret
	return w, nil
}

// WebhookDeliveryRetention is how long a delivery attempt stays listed under
// its event, as Stripe keeps 30 days of events; the event itself stays.
const WebhookDeliveryRetention = 30 * 24 * time.Hour

// pruneChunk bounds what one prune transaction deletes: the writer it holds
// is every payment's too.
const pruneChunk = 5000

// PruneWebhookDeliveries deletes delivery attempts older than
// WebhookDeliveryRetention, oldest first, a chunk a transaction. An old
// attempt written after a whole chunk of younger ones (by a node whose clock
// is behind) waits until they are old too.
func (e *Engine) PruneWebhookDeliveries(ctx context.Context) (int64, error) {
	cutoff := e.now().Add(-WebhookDeliveryRetention)
	var total int64
	for {
		var n int64
		err := e.Store.Tx(ctx, func(tx Tx) (err error) { n, err = tx.PruneWebhookDeliveries(ctx, cutoff, pruneChunk); return err })
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// enqueueDeliveries adds one delivery job per enabled endpoint of the event's
// scope that subscribes to its type, in the event's transaction.
func (e *Engine) enqueueDeliveries(ctx context.Context, tx Tx, ev Event, now time.Time) error {
	s := Scope{MerchantID: ev.MerchantID, Livemode: ev.Livemode}
	eps, err := tx.EnabledWebhookEndpoints(ctx, s)
	if err != nil {
		return err
	}
	for _, ep := range eps {
		if !ep.Subscribes(ev.Type) {
			continue
		}
		job, err := NewJob(deliveryJobID(ev.ID, ep.ID), WebhookDeliveryArgs{EventID: ev.ID, EndpointID: ep.ID}, &s, now)
		if err != nil {
			return err
		}
		if err := tx.InsertJob(ctx, job); err != nil {
			return err
		}
	}
	return nil
}

// ResendEvent delivers an event again, now, to every enabled endpoint that
// subscribes to it: a delivery waiting for its next retry runs at once, and a
// finished one starts over. Errors: CodeNotFound (event), CodeState (no
// enabled endpoint subscribes to the event).
func (e *Engine) ResendEvent(ctx context.Context, s Scope, eventID string) (Event, error) {
	now := e.now()
	var ev Event
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if ev, err = tx.GetEvent(ctx, s, eventID); err != nil {
			return err
		}
		eps, err := tx.EnabledWebhookEndpoints(ctx, s)
		if err != nil {
			return err
		}
		sent := 0
		for _, ep := range eps {
			if !ep.Subscribes(ev.Type) {
				continue
			}
			sent++
			id := deliveryJobID(ev.ID, ep.ID)
			found, err := tx.RearmJob(ctx, id, now)
			if err != nil || found {
				if err != nil {
					return err
				}
				continue
			}
			job, err := NewJob(id, WebhookDeliveryArgs{EventID: ev.ID, EndpointID: ep.ID}, &s, now)
			if err != nil {
				return err
			}
			if err := tx.InsertJob(ctx, job); err != nil {
				return err
			}
		}
		if sent == 0 {
			return StateError("no_webhook_endpoints", "No enabled webhook endpoint subscribes to %s events.", ev.Type)
		}
		return nil
	})
	return ev, err
}

// WebhookTarget loads what delivering eventID to endpointID needs.
// Errors: CodeNotFound (event or endpoint), CodeInternal (a secret the vault
// cannot open).
func (e *Engine) WebhookTarget(ctx context.Context, s Scope, eventID, endpointID string) (WebhookTarget, error) {
	ts, errs := e.WebhookTargets(ctx, []WebhookTargetRef{{Scope: s, EventID: eventID, EndpointID: endpointID}})
	return ts[0], errs[0]
}

// WebhookTargetRef names a delivery: an event and an endpoint of a scope.
type WebhookTargetRef struct {
	Scope      Scope
	EventID    string
	EndpointID string
}

// WebhookTargets is WebhookTarget for many deliveries at once, with one read
// of the database: a node delivering a batch of jobs loads them together,
// and opens each endpoint's secrets once. It returns a target or an error
// for each ref, in order.
func (e *Engine) WebhookTargets(ctx context.Context, refs []WebhookTargetRef) ([]WebhookTarget, []error) {
	targets, errs := make([]WebhookTarget, len(refs)), make([]error, len(refs))
	fail := func(err error) ([]WebhookTarget, []error) {
		for i := range errs {
			errs[i] = err
		}
		return targets, errs
	}
	if e.Vault == nil {
		return fail(Internal(constError("engine has no vault for webhook secrets")))
	}
	eventIDs, endpointIDs := make([]string, 0, len(refs)), make([]string, 0, len(refs))
	for _, r := range refs {
		eventIDs, endpointIDs = append(eventIDs, r.EventID), append(endpointIDs, r.EndpointID)
	}
	events, endpoints := map[string]Event{}, map[string]WebhookEndpoint{}
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		evs, err := tx.GetEventsByID(ctx, uniqueIDs(eventIDs))
		if err != nil {
			return err
		}
		eps, err := tx.GetWebhookEndpointsByID(ctx, uniqueIDs(endpointIDs))
		if err != nil {
			return err
		}
		for _, ev := range evs {
			events[ev.ID] = ev
		}
		for _, ep := range eps {
			endpoints[ep.ID] = ep
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	now := e.now()
	secrets := map[string][]string{} // by endpoint, opened once
	for i, r := range refs {
		ev, ok := events[r.EventID]
		if !ok || ev.MerchantID != r.Scope.MerchantID || ev.Livemode != r.Scope.Livemode {
			errs[i] = NotFound("event", "id", r.EventID)
			continue
		}
		ep, ok := endpoints[r.EndpointID]
		if !ok || ep.MerchantID != r.Scope.MerchantID || ep.Livemode != r.Scope.Livemode {
			errs[i] = NotFound("webhook endpoint", "id", r.EndpointID)
			continue
		}
		keys, ok := secrets[ep.ID]
		if !ok {
			sealed := [][]byte{ep.SealedSecret}
			if ep.PreviousExpires != nil && now.Before(*ep.PreviousExpires) {
				sealed = append(sealed, ep.SealedPrevious)
			}
			for _, b := range sealed {
				secret, err := e.Vault.Open(b)
				if err != nil {
					keys, errs[i] = nil, Internal(err)
					break
				}
				keys = append(keys, secret)
			}
			if errs[i] != nil {
				continue
			}
			secrets[ep.ID] = keys
		}
		targets[i] = WebhookTarget{Event: ev, Endpoint: ep, Secrets: keys}
	}
	return targets, errs
}

// uniqueIDs returns ids without repeats, in their first order.
func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// RecordWebhookDelivery keeps a delivery attempt and updates its endpoint's
// health: a success clears the failure marks; a failure starts or continues a
// failing run, flags the endpoint when the delivery gives up (NextRetryAt nil),
// and disables it, with a webhook_endpoint.disabled event, once it has failed
// for WebhookDisableAfter with no success. An endpoint deleted meanwhile is
// not an error.
func (e *Engine) RecordWebhookDelivery(ctx context.Context, s Scope, d WebhookDelivery) (WebhookDelivery, error) {
	d, write := e.WebhookDeliveryRecord(s, d)
	err := e.tx(ctx, func(tx Tx) error { return write(ctx, tx) })
	return d, err
}

// WebhookDeliveryRecord is RecordWebhookDelivery as writes for a transaction
// of the caller's: the delivery's job finishes in the same one, so that a
// busy node records many deliveries with one commit. It returns the
// delivery as it will be stored.
func (e *Engine) WebhookDeliveryRecord(s Scope, d WebhookDelivery) (WebhookDelivery, func(ctx context.Context, tx Tx) error) {
	now := e.now()
	d.ID, d.MerchantID, d.Livemode, d.Created = NewID("whd"), s.MerchantID, s.Livemode, now
	return d, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertWebhookDelivery(ctx, d); err != nil {
			return err
		}
		if d.Succeeded() {
			// The common case: one statement, which writes nothing unless
			// the endpoint was failing.
			return tx.ClearWebhookEndpointFailure(ctx, s, d.EndpointID, now)
		}
		w, err := tx.GetWebhookEndpoint(ctx, s, d.EndpointID, true)
		if ErrorCode(err) == CodeNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if w.FailingSince == nil {
			w.FailingSince = &now
		}
		if d.NextRetryAt == nil {
			w.FlaggedAt = &now
		}
		disable := !w.Disabled && now.Sub(*w.FailingSince) >= WebhookDisableAfter
		if disable {
			w.Disabled = true
		}
		w.Updated = now
		if err := tx.UpdateWebhookEndpoint(ctx, w); err != nil {
			return err
		}
		if disable {
			return e.emit(ctx, tx, s, EventWebhookEndpointDisabled, w, now)
		}
		return nil
	}
}

// ListWebhookDeliveries returns the delivery attempts of an event, newest
// first. Errors: CodeNotFound (event), CodeInvalid (cursor).
func (e *Engine) ListWebhookDeliveries(ctx context.Context, s Scope, eventID string, p ListParams) (Page[WebhookDelivery], error) {
	var out Page[WebhookDelivery]
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		if _, err := tx.GetEvent(ctx, s, eventID); err != nil {
			return err
		}
		var err error
		out, err = tx.ListWebhookDeliveries(ctx, s, eventID, p)
		return err
	})
	return out, err
}

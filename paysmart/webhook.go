package paysmart

import (
	"net/http"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// webhookEndpointJSON is Stripe's WebhookEndpoint object; secret appears only
// in the answers to create and roll_secret. failing_since and flagged_at are
// PaySmart's: when the current run of failed deliveries began, and when one
// of its deliveries was given up (both null while deliveries succeed).
type webhookEndpointJSON struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	URL           string            `json:"url"`
	EnabledEvents []string          `json:"enabled_events"`
	Description   *string           `json:"description"`
	Status        string            `json:"status"`
	Secret        string            `json:"secret,omitempty"`
	Metadata      map[string]string `json:"metadata"`
	Livemode      bool              `json:"livemode"`
	Created       int64             `json:"created"`
	FailingSince  *int64            `json:"failing_since"`
	FlaggedAt     *int64            `json:"flagged_at"`
}

func renderWebhookEndpoint(w domain.WebhookEndpoint) webhookEndpointJSON {
	status := "enabled"
	if w.Disabled {
		status = "disabled"
	}
	return webhookEndpointJSON{ID: w.ID, Object: "webhook_endpoint", URL: w.URL, EnabledEvents: w.EnabledEvents,
		Description: nullable(w.Description), Status: status, Secret: w.Secret, Metadata: metadataJSON(w.Metadata),
		Livemode: w.Livemode, Created: unix(w.Created), FailingSince: unixPtr(w.FailingSince), FlaggedAt: unixPtr(w.FlaggedAt)}
}

func unixPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.Unix()
	return &v
}

// webhookEndpointInput reads url, enabled_events, description, metadata and,
// on update, disabled.
func webhookEndpointInput(p *web.Params, update bool) (domain.WebhookEndpointInput, error) {
	var in domain.WebhookEndpointInput
	for _, f := range []struct {
		key string
		dst **string
	}{{"url", &in.URL}, {"description", &in.Description}} {
		v, ok, err := p.Str(f.key)
		if err != nil {
			return in, err
		}
		if ok {
			*f.dst = &v
		}
	}
	events, ok, err := p.StrList("enabled_events")
	if err != nil {
		return in, err
	}
	if ok && events == nil {
		events = []string{}
	}
	in.EnabledEvents = events
	if in.Metadata, _, err = p.StrMap("metadata"); err != nil {
		return in, err
	}
	if update {
		if v, ok, err := p.Bool("disabled"); err != nil {
			return in, err
		} else if ok {
			in.Disabled = &v
		}
	}
	return in, rejectUnknown(p)
}

func (h *handler) createWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := webhookEndpointInput(p, false)
	if err != nil {
		return err
	}
	ep, err := h.Engine.CreateWebhookEndpoint(r.Context(), scope(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderWebhookEndpoint(ep)) // 200, as Stripe answers creates
	return nil
}

func (h *handler) getWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	ep, err := h.Engine.GetWebhookEndpoint(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderWebhookEndpoint(ep))
	return nil
}

func (h *handler) updateWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := webhookEndpointInput(p, true)
	if err != nil {
		return err
	}
	ep, err := h.Engine.UpdateWebhookEndpoint(r.Context(), scope(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderWebhookEndpoint(ep))
	return nil
}

func (h *handler) deleteWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	ep, err := h.Engine.DeleteWebhookEndpoint(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, deletedJSON{ID: ep.ID, Object: "webhook_endpoint", Deleted: true})
	return nil
}

// rollWebhookSecret answers POST /v2/webhook_endpoints/{id}/roll_secret
// [expires_in=SECONDS]: a new secret, shown once; the old one keeps signing
// for expires_in seconds (default 0, at most 24 hours).
func (h *handler) rollWebhookSecret(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	secs, _, err := intParam(p, "expires_in")
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	if secs < 0 || secs > int64(domain.MaxWebhookSecretGrace/time.Second) {
		return domain.Invalid("expires_in", "parameter_invalid", "expires_in must be between 0 and %d seconds.",
			int64(domain.MaxWebhookSecretGrace/time.Second))
	}
	ep, err := h.Engine.RollWebhookSecret(r.Context(), scope(r), r.PathValue("id"), time.Duration(secs)*time.Second)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderWebhookEndpoint(ep))
	return nil
}

func (h *handler) listWebhookEndpoints(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListWebhookEndpoints(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]webhookEndpointJSON, len(page.Items))
	for i, ep := range page.Items {
		items[i] = renderWebhookEndpoint(ep)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/webhook_endpoints", items, page.HasMore))
	return nil
}

// webhookDeliveryJSON is one delivery attempt of an event to an endpoint.
type webhookDeliveryJSON struct {
	ID          string  `json:"id"`
	Object      string  `json:"object"`
	Event       string  `json:"event"`
	Endpoint    string  `json:"endpoint"`
	Attempt     int     `json:"attempt"`
	StatusCode  *int    `json:"status_code"`
	Error       *string `json:"error"`
	DurationMS  int64   `json:"duration_ms"`
	Livemode    bool    `json:"livemode"`
	Created     int64   `json:"created"`
	NextRetryAt *int64  `json:"next_retry_at"`
}

func renderWebhookDelivery(d domain.WebhookDelivery) webhookDeliveryJSON {
	var status *int
	if d.StatusCode != 0 {
		status = &d.StatusCode
	}
	return webhookDeliveryJSON{ID: d.ID, Object: "webhook_delivery", Event: d.EventID, Endpoint: d.EndpointID,
		Attempt: d.Attempt, StatusCode: status, Error: nullable(d.Error), DurationMS: d.Duration.Milliseconds(),
		Livemode: d.Livemode, Created: unix(d.Created), NextRetryAt: unixPtr(d.NextRetryAt)}
}

// listEventDeliveries answers GET /v2/events/{id}/deliveries: every attempt
// to deliver the event, newest first.
func (h *handler) listEventDeliveries(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	id := r.PathValue("id")
	page, err := h.Engine.ListWebhookDeliveries(r.Context(), scope(r), id, lp)
	if err != nil {
		return err
	}
	items := make([]webhookDeliveryJSON, len(page.Items))
	for i, d := range page.Items {
		items[i] = renderWebhookDelivery(d)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/events/"+id+"/deliveries", items, page.HasMore))
	return nil
}

// retryEvent answers POST /v2/events/{id}/retry: the event is delivered again
// now to every enabled endpoint that subscribes to it.
func (h *handler) retryEvent(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	ev, err := h.Engine.ResendEvent(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderEvent(ev))
	return nil
}

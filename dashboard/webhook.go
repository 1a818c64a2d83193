package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type eventRow struct {
	Event      domain.Event
	Deliveries []domain.WebhookDelivery
}

type webhooksView struct {
	frame
	Endpoints []domain.WebhookEndpoint
	Events    []eventRow
	Secret    string // a new endpoint's signing secret, shown this once
	SecretFor string
	Error     string
	URL       string
}

// webhooks shows the mode's endpoints and the latest events with every
// delivery attempt and why it failed, with a resend button per event.
func (s *site) webhooks(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderWebhooks(w, r, q, http.StatusOK, webhooksView{})
}

func (s *site) renderWebhooks(w http.ResponseWriter, r *http.Request, q *req, status int, v webhooksView) error {
	ctx, sc := r.Context(), q.scope()
	eps, err := s.Engine.ListWebhookEndpoints(ctx, sc, domain.ListParams{Limit: 100})
	if err != nil {
		return err
	}
	evs, err := s.Engine.ListEvents(ctx, sc, domain.ListParams{Limit: 10})
	if err != nil {
		return err
	}
	v.frame = q.frame("Webhooks", "webhooks")
	v.Notice = notice(r)
	v.Endpoints = eps.Items
	for _, ev := range evs.Items {
		d, err := s.Engine.ListWebhookDeliveries(ctx, sc, ev.ID, domain.ListParams{Limit: 20})
		if err != nil {
			return err
		}
		v.Events = append(v.Events, eventRow{Event: ev, Deliveries: d.Items})
	}
	s.html(w, q, status, "webhooks.html", v)
	return nil
}

// createWebhook registers an endpoint for every event (or the types given)
// through the engine's CreateWebhookEndpoint, and shows its secret once.
func (s *site) createWebhook(w http.ResponseWriter, r *http.Request, q *req) error {
	url := strings.TrimSpace(r.PostFormValue("url"))
	events := []string{"*"}
	if t := strings.Fields(strings.ReplaceAll(r.PostFormValue("events"), ",", " ")); len(t) > 0 {
		events = t
	}
	desc := strings.TrimSpace(r.PostFormValue("description"))
	ep, err := s.Engine.CreateWebhookEndpoint(r.Context(), q.scope(), domain.WebhookEndpointInput{URL: &url, EnabledEvents: events, Description: &desc})
	if domain.ErrorCode(err) == domain.CodeInvalid {
		return s.renderWebhooks(w, r, q, http.StatusUnprocessableEntity, webhooksView{Error: domain.AsError(err).Message, URL: url})
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "webhook_endpoint.created", ep.ID, url)
	return s.renderWebhooks(w, r, q, http.StatusOK, webhooksView{Secret: ep.Secret, SecretFor: ep.ID})
}

func (s *site) deleteWebhook(w http.ResponseWriter, r *http.Request, q *req) error {
	ep, err := s.Engine.DeleteWebhookEndpoint(r.Context(), q.scope(), r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/webhooks")
	}
	s.audit(r, q, "webhook_endpoint.deleted", ep.ID, ep.URL)
	return seeOther(w, r, "/dashboard/webhooks", "webhook_deleted")
}

func (s *site) resendEvent(w http.ResponseWriter, r *http.Request, q *req) error {
	ev, err := s.Engine.ResendEvent(r.Context(), q.scope(), r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/webhooks")
	}
	s.audit(r, q, "event.resent", ev.ID, ev.Type)
	return seeOther(w, r, "/dashboard/webhooks", "resent")
}

package dashboard

import (
	"net/http"
	"strings"
	"time"

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
	Secret    string // a new or rolled endpoint's signing secret, shown this once
	SecretFor string
	Rolled    bool   // Secret replaces an older one
	Previous  string // until when the old secret still signs, after a roll with a grace period
	Error     string // the add form's
	RollError string
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
	if r.PostFormValue("back") == "event" {
		return seeOther(w, r, "/dashboard/events/"+ev.ID, "resent")
	}
	return seeOther(w, r, "/dashboard/webhooks", "resent")
}

type webhookView struct {
	frame
	E      domain.WebhookEndpoint
	Events string // the enabled events as the form shows them
	Error  string
}

// webhook shows one endpoint's edit form: URL, events, description, and
// whether it is enabled.
func (s *site) webhook(w http.ResponseWriter, r *http.Request, q *req) error {
	ep, err := s.Engine.GetWebhookEndpoint(r.Context(), q.scope(), r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/webhooks")
	}
	return s.renderWebhook(w, q, http.StatusOK, ep, "")
}

func (s *site) renderWebhook(w http.ResponseWriter, q *req, status int, ep domain.WebhookEndpoint, msg string) error {
	v := webhookView{frame: q.frame("Webhook endpoint "+ep.ID, "webhooks"), E: ep, Events: strings.Join(ep.EnabledEvents, " "), Error: msg}
	s.html(w, q, status, "webhook.html", v)
	return nil
}

// updateWebhook changes an endpoint through the engine's
// UpdateWebhookEndpoint, as POST /v2/webhook_endpoints/{id} does: the fields
// the form sends change, the others stay (the list's Disable and Enable
// buttons send only "disabled").
func (s *site) updateWebhook(w http.ResponseWriter, r *http.Request, q *req) error {
	r.ParseForm()
	var in domain.WebhookEndpointInput
	if _, ok := r.PostForm["url"]; ok {
		u := strings.TrimSpace(r.PostFormValue("url"))
		in.URL = &u
	}
	if _, ok := r.PostForm["events"]; ok {
		in.EnabledEvents = []string{"*"}
		if t := strings.Fields(strings.ReplaceAll(r.PostFormValue("events"), ",", " ")); len(t) > 0 {
			in.EnabledEvents = t
		}
	}
	if _, ok := r.PostForm["description"]; ok {
		d := r.PostFormValue("description")
		in.Description = &d
	}
	if v, ok := r.PostForm["disabled"]; ok {
		off := v[len(v)-1] == "true"
		in.Disabled = &off
	}
	ep, err := s.Engine.UpdateWebhookEndpoint(r.Context(), q.scope(), r.PathValue("id"), in)
	if domain.ErrorCode(err) == domain.CodeInvalid {
		cur, gerr := s.Engine.GetWebhookEndpoint(r.Context(), q.scope(), r.PathValue("id"))
		if gerr != nil {
			return engineError(gerr, "/dashboard/webhooks")
		}
		if in.URL != nil {
			cur.URL = *in.URL
		}
		if in.EnabledEvents != nil {
			cur.EnabledEvents = in.EnabledEvents
		}
		return s.renderWebhook(w, q, http.StatusUnprocessableEntity, cur, domain.AsError(err).Message)
	}
	if err != nil {
		return engineError(err, "/dashboard/webhooks")
	}
	state := "enabled"
	if ep.Disabled {
		state = "disabled"
	}
	s.audit(r, q, "webhook_endpoint.updated", ep.ID, ep.URL+" ("+state+")")
	return seeOther(w, r, "/dashboard/webhooks", "webhook_updated")
}

// rollWebhook gives an endpoint a new signing secret through the engine's
// RollWebhookSecret, as POST /v2/webhook_endpoints/{id}/roll_secret does,
// and shows it once; the old one keeps signing for the grace period given
// ("0" for none, at most 24h).
func (s *site) rollWebhook(w http.ResponseWriter, r *http.Request, q *req) error {
	text := strings.TrimSpace(r.PostFormValue("grace"))
	grace, err := time.ParseDuration(text)
	if text == "0" || text == "" {
		grace, err = 0, nil
	}
	if err != nil || grace < 0 || grace > domain.MaxWebhookSecretGrace {
		return s.renderWebhooks(w, r, q, http.StatusUnprocessableEntity,
			webhooksView{RollError: "The old secret's grace period is a duration such as 1h, 30m or 0, at most 24h."})
	}
	ep, err := s.Engine.RollWebhookSecret(r.Context(), q.scope(), r.PathValue("id"), grace)
	if err != nil {
		return engineError(err, "/dashboard/webhooks")
	}
	s.audit(r, q, "webhook_endpoint.secret_rolled", ep.ID, "old secret signs for "+grace.String())
	v := webhooksView{Secret: ep.Secret, SecretFor: ep.ID, Rolled: true}
	if ep.PreviousExpires != nil {
		v.Previous = whenSec(*ep.PreviousExpires, zone(q.merchant))
	}
	return s.renderWebhooks(w, r, q, http.StatusOK, v)
}

package dashboard

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type eventsView struct {
	frame
	Events []domain.Event
	Type   string
	Types  []string
	Older  string
}

// events lists the mode's events, newest first, filtered by type.
func (s *site) events(w http.ResponseWriter, r *http.Request, q *req) error {
	f := r.URL.Query()
	v := eventsView{frame: q.frame("Events", "events"), Types: domain.EventTypes}
	lp := domain.ListParams{Limit: pageSize, After: f.Get("after")}
	if t := f.Get("type"); slices.Contains(domain.EventTypes, t) {
		lp.Type, v.Type = t, t
	}
	page, err := s.Engine.ListEvents(r.Context(), q.scope(), lp)
	if domain.ErrorCode(err) == domain.CodeInvalid { // a stale cursor: start over
		lp.After = ""
		page, err = s.Engine.ListEvents(r.Context(), q.scope(), lp)
	}
	if err != nil {
		return err
	}
	v.Events = page.Items
	if page.HasMore && len(page.Items) > 0 {
		next := url.Values{"after": {page.Items[len(page.Items)-1].ID}}
		if v.Type != "" {
			next.Set("type", v.Type)
		}
		v.Older = "/dashboard/events?" + next.Encode()
	}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "events.html", v)
	return nil
}

type eventView struct {
	frame
	E          domain.Event
	JSON       string
	Object     string // a link to the object's page, "" when it has none
	Deliveries []domain.WebhookDelivery
}

// event shows one event: the object's JSON as the event carries it, and the
// webhook deliveries with a resend button for owners and developers.
func (s *site) event(w http.ResponseWriter, r *http.Request, q *req) error {
	ev, err := s.Engine.GetEvent(r.Context(), q.scope(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &pageError{Status: 404, Title: "Event not found",
			Message: "No event " + r.PathValue("id") + " in " + modeWord(q.session.Livemode) + " mode.", Back: "/dashboard/events"}
	}
	if err != nil {
		return err
	}
	d, err := s.Engine.ListWebhookDeliveries(r.Context(), q.scope(), ev.ID, domain.ListParams{Limit: 100})
	if err != nil {
		return err
	}
	v := eventView{frame: q.frame(ev.Type, "events"), E: ev, JSON: indentJSON(ev.Data), Object: objectLink(ev.ObjectID), Deliveries: d.Items}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "event.html", v)
	return nil
}

// indentJSON lays JSON out for reading; what is not JSON is shown as it is.
func indentJSON(b []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b)
	}
	return out.String()
}

// objectLink is the dashboard page of an object an event is about.
func objectLink(id string) string {
	for prefix, page := range map[string]string{"pay_": "/dashboard/payments/", "sub_": "/dashboard/subscriptions/",
		"we_": "/dashboard/webhooks/", "msg_": "/dashboard/messages/"} {
		if strings.HasPrefix(id, prefix) {
			return page + id
		}
	}
	if strings.HasPrefix(id, "cus_") {
		return "/dashboard/payments?customer=" + url.QueryEscape(id)
	}
	return ""
}

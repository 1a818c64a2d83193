package paysmart

import (
	"encoding/json"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// eventJSON is {id, object:"event", type, created, livemode, data:{object}}.
type eventJSON struct {
	ID       string        `json:"id"`
	Object   string        `json:"object"`
	Type     string        `json:"type"`
	Created  int64         `json:"created"`
	Livemode bool          `json:"livemode"`
	Data     eventDataJSON `json:"data"`
}

type eventDataJSON struct {
	Object json.RawMessage `json:"object"`
}

// RenderEvent renders a stored event as the API and webhooks show it.
func RenderEvent(ev domain.Event) ([]byte, error) {
	return json.Marshal(renderEvent(ev))
}

func renderEvent(ev domain.Event) eventJSON {
	return eventJSON{ID: ev.ID, Object: "event", Type: ev.Type, Created: unix(ev.Created), Livemode: ev.Livemode,
		Data: eventDataJSON{Object: json.RawMessage(ev.Data)}}
}

// Snapshotter returns the function that renders a domain object as the JSON
// its events carry; baseURL makes receipt links absolute.
func Snapshotter(baseURL string) domain.Snapshotter {
	return func(obj any) ([]byte, error) { return snapshot(baseURL, obj) }
}

func snapshot(baseURL string, obj any) ([]byte, error) {
	switch o := obj.(type) {
	case domain.Customer:
		if o.Deleted {
			return json.Marshal(deletedJSON{ID: o.ID, Object: "customer", Deleted: true})
		}
		return json.Marshal(renderCustomer(o))
	case domain.Payment:
		return json.Marshal(renderPaymentWith(baseURL, o))
	case domain.Refund:
		return json.Marshal(renderRefund(o))
	case domain.Subscription:
		return json.Marshal(renderSubscription(o))
	case domain.TestClock:
		return json.Marshal(renderTestClock(o))
	case domain.WebhookEndpoint:
		o.Secret = "" // an event never carries a secret
		return json.Marshal(renderWebhookEndpoint(o))
	}
	return nil, &domain.Error{Code: domain.CodeInternal, Message: "no snapshot for object"}
}

func (h *handler) getEvent(w http.ResponseWriter, r *http.Request) error {
	ev, err := h.Engine.GetEvent(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderEvent(ev))
	return nil
}

func (h *handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if lp.Type, _, err = q.Str("type"); err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListEvents(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]eventJSON, len(page.Items))
	for i, ev := range page.Items {
		items[i] = renderEvent(ev)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/events", items, page.HasMore))
	return nil
}

package paysmart

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// list pages through path, fetching the next page after the last item while
// the server says there is more. An error ends the sequence.
func list[T any](ctx context.Context, c *Client, path string, p *ListParams, id func(*T) string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		q := url.Values(p.values())
		for {
			var page struct {
				Data    []*T `json:"data"`
				HasMore bool `json:"has_more"`
			}
			if err := c.call(ctx, http.MethodGet, path, q, nil, &page); err != nil {
				yield(nil, err)
				return
			}
			for _, it := range page.Data {
				if !yield(it, nil) {
					return
				}
			}
			if !page.HasMore || len(page.Data) == 0 {
				return
			}
			q.Set("starting_after", id(page.Data[len(page.Data)-1]))
		}
	}
}

func get[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	out := new(T)
	if err := c.call(ctx, method, path, nil, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentService calls /v2/payments.
type PaymentService struct{ c *Client }

// Create charges a card or a saved payment method. A declined card is an
// *Error of Type card_error whose Payment is the failed payment.
func (s *PaymentService) Create(ctx context.Context, p *PaymentParams) (*Payment, error) {
	return get[Payment](ctx, s.c, http.MethodPost, "/payments", p)
}

// Get retrieves a payment.
func (s *PaymentService) Get(ctx context.Context, id string) (*Payment, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Payment](ctx, s.c, http.MethodGet, "/payments/"+pid, nil)
}

// Update changes a payment's description, customer, receipt e-mail or metadata.
func (s *PaymentService) Update(ctx context.Context, id string, p *PaymentUpdateParams) (*Payment, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Payment](ctx, s.c, http.MethodPost, "/payments/"+pid, p)
}

// Capture captures an authorised payment; p may be nil to capture all of it.
func (s *PaymentService) Capture(ctx context.Context, id string, p *CaptureParams) (*Payment, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = &CaptureParams{}
	}
	return get[Payment](ctx, s.c, http.MethodPost, "/payments/"+pid+"/capture", p)
}

// Cancel releases an authorised payment (requires_capture) or ends the 3-D
// Secure wait of one in requires_action: either way it becomes canceled.
func (s *PaymentService) Cancel(ctx context.Context, id string) (*Payment, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Payment](ctx, s.c, http.MethodPost, "/payments/"+pid+"/cancel", struct{}{})
}

// List iterates over payments, newest first (filters: Customer, Status).
func (s *PaymentService) List(ctx context.Context, p *ListParams) iter.Seq2[*Payment, error] {
	return list(ctx, s.c, "/payments", p, func(x *Payment) string { return x.ID })
}

// RefundService calls /v2/refunds.
type RefundService struct{ c *Client }

// Create refunds a payment, fully or in part.
func (s *RefundService) Create(ctx context.Context, p *RefundParams) (*Refund, error) {
	return get[Refund](ctx, s.c, http.MethodPost, "/refunds", p)
}

// Get retrieves a refund.
func (s *RefundService) Get(ctx context.Context, id string) (*Refund, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Refund](ctx, s.c, http.MethodGet, "/refunds/"+pid, nil)
}

// List iterates over refunds, newest first (filter: Payment).
func (s *RefundService) List(ctx context.Context, p *ListParams) iter.Seq2[*Refund, error] {
	return list(ctx, s.c, "/refunds", p, func(x *Refund) string { return x.ID })
}

// CustomerService calls /v2/customers.
type CustomerService struct{ c *Client }

// Create creates a customer.
func (s *CustomerService) Create(ctx context.Context, p *CustomerParams) (*Customer, error) {
	return get[Customer](ctx, s.c, http.MethodPost, "/customers", p)
}

// Get retrieves a customer; a deleted one has Deleted set.
func (s *CustomerService) Get(ctx context.Context, id string) (*Customer, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Customer](ctx, s.c, http.MethodGet, "/customers/"+pid, nil)
}

// Update changes a customer.
func (s *CustomerService) Update(ctx context.Context, id string, p *CustomerParams) (*Customer, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Customer](ctx, s.c, http.MethodPost, "/customers/"+pid, p)
}

// Delete deletes a customer.
func (s *CustomerService) Delete(ctx context.Context, id string) (*Deleted, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Deleted](ctx, s.c, http.MethodDelete, "/customers/"+pid, nil)
}

// List iterates over customers, newest first (filter: Email).
func (s *CustomerService) List(ctx context.Context, p *ListParams) iter.Seq2[*Customer, error] {
	return list(ctx, s.c, "/customers", p, func(x *Customer) string { return x.ID })
}

// PaymentMethodService calls /v2/payment_methods.
type PaymentMethodService struct{ c *Client }

// Create tokenises a card.
func (s *PaymentMethodService) Create(ctx context.Context, p *PaymentMethodParams) (*PaymentMethod, error) {
	return get[PaymentMethod](ctx, s.c, http.MethodPost, "/payment_methods", p)
}

// Get retrieves a payment method.
func (s *PaymentMethodService) Get(ctx context.Context, id string) (*PaymentMethod, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[PaymentMethod](ctx, s.c, http.MethodGet, "/payment_methods/"+pid, nil)
}

// EventService calls /v2/events.
type EventService struct{ c *Client }

// Get retrieves an event.
func (s *EventService) Get(ctx context.Context, id string) (*Event, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Event](ctx, s.c, http.MethodGet, "/events/"+pid, nil)
}

// List iterates over events, newest first (filter: Type).
func (s *EventService) List(ctx context.Context, p *ListParams) iter.Seq2[*Event, error] {
	return list(ctx, s.c, "/events", p, func(x *Event) string { return x.ID })
}

// Deliveries iterates over the attempts to deliver an event, newest first.
func (s *EventService) Deliveries(ctx context.Context, id string, p *ListParams) iter.Seq2[*WebhookDelivery, error] {
	return list(ctx, s.c, "/events/"+url.PathEscape(id)+"/deliveries", p, func(x *WebhookDelivery) string { return x.ID })
}

// Retry delivers an event again now to every endpoint that subscribes to it.
func (s *EventService) Retry(ctx context.Context, id string) (*Event, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Event](ctx, s.c, http.MethodPost, "/events/"+pid+"/retry", struct{}{})
}

// WebhookEndpointService calls /v2/webhook_endpoints.
type WebhookEndpointService struct{ c *Client }

// Create registers an endpoint; the answer's Secret is shown only this once.
func (s *WebhookEndpointService) Create(ctx context.Context, p *WebhookEndpointParams) (*WebhookEndpoint, error) {
	return get[WebhookEndpoint](ctx, s.c, http.MethodPost, "/webhook_endpoints", p)
}

// Get retrieves an endpoint.
func (s *WebhookEndpointService) Get(ctx context.Context, id string) (*WebhookEndpoint, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[WebhookEndpoint](ctx, s.c, http.MethodGet, "/webhook_endpoints/"+pid, nil)
}

// Update changes an endpoint; Disabled stops or resumes its deliveries.
func (s *WebhookEndpointService) Update(ctx context.Context, id string, p *WebhookEndpointParams) (*WebhookEndpoint, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[WebhookEndpoint](ctx, s.c, http.MethodPost, "/webhook_endpoints/"+pid, p)
}

// Delete deletes an endpoint.
func (s *WebhookEndpointService) Delete(ctx context.Context, id string) (*Deleted, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Deleted](ctx, s.c, http.MethodDelete, "/webhook_endpoints/"+pid, nil)
}

// RollSecret gives an endpoint a new secret; the old one keeps signing for
// expiresIn seconds (at most 86400).
func (s *WebhookEndpointService) RollSecret(ctx context.Context, id string, expiresIn int64) (*WebhookEndpoint, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[WebhookEndpoint](ctx, s.c, http.MethodPost, "/webhook_endpoints/"+pid+"/roll_secret",
		map[string]int64{"expires_in": expiresIn})
}

// List iterates over endpoints, newest first.
func (s *WebhookEndpointService) List(ctx context.Context, p *ListParams) iter.Seq2[*WebhookEndpoint, error] {
	return list(ctx, s.c, "/webhook_endpoints", p, func(x *WebhookEndpoint) string { return x.ID })
}

// SubscriptionService calls /v2/subscriptions.
type SubscriptionService struct{ c *Client }

// Create starts a subscription; its first charge happens at StartDate (now
// by default, before the answer).
func (s *SubscriptionService) Create(ctx context.Context, p *SubscriptionParams) (*Subscription, error) {
	return get[Subscription](ctx, s.c, http.MethodPost, "/subscriptions", p)
}

// Get retrieves a subscription.
func (s *SubscriptionService) Get(ctx context.Context, id string) (*Subscription, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Subscription](ctx, s.c, http.MethodGet, "/subscriptions/"+pid, nil)
}

// Update changes a subscription's card or metadata.
func (s *SubscriptionService) Update(ctx context.Context, id string, p *SubscriptionUpdateParams) (*Subscription, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Subscription](ctx, s.c, http.MethodPost, "/subscriptions/"+pid, p)
}

// Cancel cancels a subscription: nothing more is charged. It answers the
// subscription, canceled; one that has ended already is an *Error (400).
func (s *SubscriptionService) Cancel(ctx context.Context, id string) (*Subscription, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Subscription](ctx, s.c, http.MethodDelete, "/subscriptions/"+pid, nil)
}

// List iterates over subscriptions, newest first (filters: Customer, Status).
func (s *SubscriptionService) List(ctx context.Context, p *ListParams) iter.Seq2[*Subscription, error] {
	return list(ctx, s.c, "/subscriptions", p, func(x *Subscription) string { return x.ID })
}

// TestClockService calls /v2/test_helpers/test_clocks (test mode only: a
// live key is refused with a 403).
type TestClockService struct{ c *Client }

// Create creates a test clock; give its ID to CustomerParams.TestClock.
func (s *TestClockService) Create(ctx context.Context, p *TestClockParams) (*TestClock, error) {
	return get[TestClock](ctx, s.c, http.MethodPost, "/test_helpers/test_clocks", p)
}

// Get retrieves a test clock.
func (s *TestClockService) Get(ctx context.Context, id string) (*TestClock, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[TestClock](ctx, s.c, http.MethodGet, "/test_helpers/test_clocks/"+pid, nil)
}

// Advance moves a clock forward to frozenTime (Unix seconds); every charge
// due by then is made, at its simulated time, before it answers.
func (s *TestClockService) Advance(ctx context.Context, id string, frozenTime int64) (*TestClock, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[TestClock](ctx, s.c, http.MethodPost, "/test_helpers/test_clocks/"+pid+"/advance",
		map[string]int64{"frozen_time": frozenTime})
}

// Delete deletes a test clock; its subscriptions are canceled.
func (s *TestClockService) Delete(ctx context.Context, id string) (*Deleted, error) {
	pid, err := pathID(id)
	if err != nil {
		return nil, err
	}
	return get[Deleted](ctx, s.c, http.MethodDelete, "/test_helpers/test_clocks/"+pid, nil)
}

// List iterates over test clocks, newest first.
func (s *TestClockService) List(ctx context.Context, p *ListParams) iter.Seq2[*TestClock, error] {
	return list(ctx, s.c, "/test_helpers/test_clocks", p, func(x *TestClock) string { return x.ID })
}

// Package paysmart serves the PaySmart v2 API dialect (sk_/pk_ keys): it
// decodes Stripe-style requests, calls the engine, and renders Stripe-style
// objects, lists and errors. It holds no business rules.
//
// The contract is shared/api-docs/paysmart-api.txt; where it is thin, the
// semantics are Stripe's (see docs/decisions.md).
package paysmart

import (
	"log/slog"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Deps are what the handlers need.
type Deps struct {
	Engine  *domain.Engine
	Log     *slog.Logger
	BaseURL string // public URL of this server, for receipt links
	// Done, when closed, ends long-lived responses (the event stream) so that
	// a server shutting down does not wait for them.
	Done <-chan struct{}
}

type handler struct {
	Deps
}

// handlerFunc is a handler that returns its error for one place to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// NewHandler returns the PaySmart API. It expects requests already
// authenticated with an sk_ or pk_ key (web.AuthFrom).
func NewHandler(d Deps) http.Handler {
	h := &handler{Deps: d}
	mux := http.NewServeMux()
	route := func(pattern string, fn handlerFunc, publishable bool) {
		mux.Handle(pattern, h.wrap(fn, publishable))
	}
	route("GET /v2/customers", h.listCustomers, false)
	route("POST /v2/customers", h.createCustomer, false)
	route("GET /v2/customers/{id}", h.getCustomer, false)
	route("POST /v2/customers/{id}", h.updateCustomer, false)
	route("DELETE /v2/customers/{id}", h.deleteCustomer, false)

	route("POST /v2/payments", h.createPayment, false)
	route("GET /v2/payments", h.listPayments, false)
	route("GET /v2/payments/{id}", h.getPayment, false)
	route("POST /v2/payments/{id}", h.updatePayment, false)
	route("POST /v2/payments/{id}/capture", h.capturePayment, false)
	route("POST /v2/payments/{id}/cancel", h.cancelPayment, false)

	route("POST /v2/refunds", h.createRefund, false)
	route("GET /v2/refunds", h.listRefunds, false)
	route("GET /v2/refunds/{id}", h.getRefund, false)

	route("POST /v2/payment_methods", h.createPaymentMethod, true)
	route("GET /v2/payment_methods/{id}", h.getPaymentMethod, false)

	route("GET /v2/events", h.listEvents, false)
	route("GET /v2/events/stream", h.streamEvents, false)
	route("GET /v2/events/{id}", h.getEvent, false)
	route("GET /v2/events/{id}/deliveries", h.listEventDeliveries, false)
	route("POST /v2/events/{id}/retry", h.retryEvent, false)

	route("POST /v2/webhook_endpoints", h.createWebhookEndpoint, false)
	route("GET /v2/webhook_endpoints", h.listWebhookEndpoints, false)
	route("GET /v2/webhook_endpoints/{id}", h.getWebhookEndpoint, false)
	route("POST /v2/webhook_endpoints/{id}", h.updateWebhookEndpoint, false)
	route("DELETE /v2/webhook_endpoints/{id}", h.deleteWebhookEndpoint, false)
	route("POST /v2/webhook_endpoints/{id}/roll_secret", h.rollWebhookSecret, false)

	route("POST /v2/subscriptions", h.createSubscription, false)
	route("GET /v2/subscriptions", h.listSubscriptions, false)
	route("GET /v2/subscriptions/{id}", h.getSubscription, false)
	route("POST /v2/subscriptions/{id}", h.updateSubscription, false)
	route("DELETE /v2/subscriptions/{id}", h.cancelSubscription, false)

	route("POST /v2/test_helpers/test_clocks", h.createTestClock, false)
	route("GET /v2/test_helpers/test_clocks", h.listTestClocks, false)
	route("GET /v2/test_helpers/test_clocks/{id}", h.getTestClock, false)
	route("POST /v2/test_helpers/test_clocks/{id}/advance", h.advanceTestClock, false)
	route("DELETE /v2/test_helpers/test_clocks/{id}", h.deleteTestClock, false)

	// Stripe's account, with the merchant's settings (docs/decisions.md).
	route("GET /v2/account", h.getAccount, false)
	route("POST /v2/account", h.updateAccount, false)

	// Extension: the outbox of e-mails and SMS (issue 16).
	route("GET /v2/messages", h.listMessages, false)
	route("GET /v2/messages/{id}", h.getMessage, false)
	route("POST /v2/messages/{id}/resend", h.resendMessage, false)
	return mux
}

// wrap renders a handler's error and enforces the key rule: publishable keys
// may make only the calls marked publishable.
func (h *handler) wrap(fn handlerFunc, publishable bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := web.AuthFrom(r.Context())
		if auth.Kind == domain.KeyPublishable && !publishable {
			WriteError(w, r, h.Log, &domain.Error{Code: domain.CodeForbidden, Reason: "secret_key_required",
				Message: "This API call cannot be made with a publishable API key. Please use a secret API key."})
			return
		}
		// Stripe refuses a JSON number where a string belongs; so do we (docs/decisions.md).
		r = r.WithContext(web.WithStrictTypes(r.Context()))
		if err := fn(w, r); err != nil {
			WriteError(w, r, h.Log, err)
		}
	})
}

// scope is the merchant and mode of the request.
func scope(r *http.Request) domain.Scope { return web.AuthFrom(r.Context()).Scope() }

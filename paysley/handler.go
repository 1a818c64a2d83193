// Package paysley serves the Paysley v2 API dialect (py_ keys): it decodes
// Paysley requests, calls the engine, and renders Paysley's envelopes and its
// per-endpoint error bodies. It holds no business rules.
//
// The contract is shared/api-docs/paysley-api.txt, indexed with resolutions
// in shared/api-docs/INVENTORY.md; departures are in docs/decisions.md.
package paysley

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
	BaseURL string // public URL of this server, for payment links
}

type handler struct {
	Deps
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// NewHandler returns the Paysley API. It expects requests already
// authenticated with a py_ key (web.AuthFrom).
func NewHandler(d Deps) http.Handler {
	h := &handler{Deps: d}
	mux := http.NewServeMux()
	route := func(pattern string, fn handlerFunc) { mux.Handle(pattern, h.wrap(fn)) }
	route("GET /v2/customers", h.listCustomers)
	route("POST /v2/customers", h.createCustomer)
	route("PUT /v2/customers", h.editCustomer)
	route("GET /v2/customers/{customer_id}", h.getCustomer) // extension, as the three below
	route("DELETE /v2/customers/{customer_id}", h.deleteCustomer)

	// Literal segments ("groups", "category") are more specific than the
	// {id} patterns beside them, so ServeMux never reads them as ids.
	route("POST /v2/customers/groups", h.createGroup)
	route("PUT /v2/customers/groups", h.editGroup)
	route("GET /v2/customers/groups", h.listGroups)
	route("GET /v2/customers/groups/{customer_group_id}", h.getGroup)
	route("DELETE /v2/customers/groups/{customer_group_id}", h.deleteGroup)

	route("POST /v2/products-services", h.createProduct)
	route("PUT /v2/products-services", h.editProduct)
	route("GET /v2/products-services", h.listProducts)
	route("GET /v2/products-services/{id}", h.getProduct)
	route("DELETE /v2/products-services/{id}", h.deleteProduct) // extension

	route("POST /v2/products-services/category", h.createCategory)
	route("PUT /v2/products-services/category", h.editCategory)
	route("GET /v2/products-services/category", h.listCategories)
	route("GET /v2/products-services/category/{category_id}", h.getCategory)
	route("DELETE /v2/products-services/category/{category_id}", h.deleteCategory)

	// Extensions: tax profiles and message templates (IC-P32).
	route("POST /v2/taxes", h.createTax)
	route("PUT /v2/taxes", h.editTax)
	route("GET /v2/taxes", h.listTaxes)
	route("DELETE /v2/taxes/{tax_id}", h.deleteTax)
	route("POST /v2/templates", h.createTemplate)
	route("PUT /v2/templates", h.editTemplate)
	route("GET /v2/templates", h.listTemplates)
	route("DELETE /v2/templates/{template_id}", h.deleteTemplate)
	route("POST /v2/templates/{template_id}/preview", h.previewTemplate)

	// Extension: the outbox of e-mails and SMS (issue 16).
	route("GET /v2/messages", h.listMessages)
	route("POST /v2/messages/{message_id}/resend", h.resendMessage)

	route("POST /v2/payment-requests", h.createPaymentRequest)
	route("PUT /v2/payment-requests", h.editPaymentRequest)
	route("GET /v2/payment-requests", h.listPaymentRequests)
	route("GET /v2/payment-requests/{transaction_id}", h.getPaymentRequest)
	route("DELETE /v2/payment-requests/{transaction_id}", h.deletePaymentRequest)

	route("GET /v2/payments", h.listPayments)
	route("GET /v2/payments/{payment_id}", h.getPayment)
	route("DELETE /v2/payments/subscription/{payment_id}", h.endSubscription)
	route("POST /v2/refunds/{payment_id}", h.refund)
	route("POST /v2/refunds", h.refund)
	route("POST /v2/captures/{payment_id}", h.capture)

	// Extension: the secret that signs response_url callbacks.
	route("GET /v2/callback-secret", h.getCallbackSecret)
	route("POST /v2/callback-secret/roll", h.rollCallbackSecret)
	return mux
}

func (h *handler) wrap(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			WriteError(w, r, h.Log, err)
		}
	})
}

func scope(r *http.Request) domain.Scope { return web.AuthFrom(r.Context()).Scope() }

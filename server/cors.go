package server

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/web"
)

// tokenizePath is the one API call a browser may make, with a publishable
// key: a card becomes a payment method (pm_...) on the customer's device, so
// the merchant's server only ever sees the token. It is the only /v2 route
// that answers cross-origin requests, as Stripe's tokenisation does.
const tokenizePath = "/v2/payment_methods"

// corsHeaders are what a browser's preflight may ask to send.
const corsHeaders = "Authorization, Content-Type, Idempotency-Key"

// tokenizationCORS answers the preflight of a cross-origin tokenisation call
// and marks the call itself readable by the page, when it carries a
// publishable key. It returns true when it has answered the request. Any
// other route, and a secret key on this one, gets no CORS headers: the
// browser then refuses to show the page the answer (and a pk_ key on any
// other route is refused by the dialect anyway).
func tokenizationCORS(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Origin") == "" || r.URL.Path != tokenizePath {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	if r.Method == http.MethodOptions {
		if r.Header.Get("Access-Control-Request-Method") != http.MethodPost {
			w.WriteHeader(http.StatusForbidden)
			return true
		}
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", corsHeaders)
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	if r.Method == http.MethodPost && strings.HasPrefix(web.Credential(r), "pk_") {
		// No cookies are involved, so any origin may read the answer (its
		// errors too: a declined or mistyped card is shown to the payer).
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "Request-Id")
	}
	return false
}

package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/paysley"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/web"
)

// dialect is one API face: its handler and how it renders errors.
type dialect struct {
	name       string // for logs and metrics
	handler    http.Handler
	writeError func(http.ResponseWriter, *http.Request, *slog.Logger, error)
}

// apiHandler authenticates /v2 requests and hands each to the dialect its
// key's prefix selects.
type apiHandler struct {
	engine   *domain.Engine
	log      *slog.Logger
	dialects map[domain.Dialect]dialect
	limit    *rateLimiter
	// httpsOnlyLive refuses live keys over plain HTTP.
	httpsOnlyLive bool
}

func (a *apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if tokenizationCORS(w, r) {
		return
	}
	raw := web.Credential(r)
	d := a.dialects[dialectOf(r)]
	if raw == "" {
		w.Header().Set("WWW-Authenticate", `Basic realm="PaySmart"`)
		d.writeError(w, r, a.log, &domain.Error{Code: domain.CodeUnauthenticated, Reason: "missing_api_key",
			Message: "You did not provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY' or as the HTTP Basic username."})
		return
	}
	// The prefix says the mode, so no lookup is spent on a refused key.
	if a.httpsOnlyLive && strings.Contains(raw, "_live_") && !secure(r, a.limit.proxies) {
		d.writeError(w, r, a.log, &domain.Error{Code: domain.CodeInvalid, Reason: "https_required",
			Message: "Live API keys must be sent over HTTPS: this request came over plain HTTP, so its key crossed the network " +
				"unencrypted. Use the https:// URL, and consider rolling the key."})
		return
	}
	// Per address first, so that guessing keys costs a 429, not a lookup.
	if !a.limit.check(w, r, "ip:"+clientIP(r, a.limit.proxies), a.limit.limits.IP, d.writeError) {
		return
	}
	auth, err := a.engine.Authenticate(r.Context(), raw)
	if err != nil {
		d.writeError(w, r, a.log, err)
		return
	}
	if !a.limit.check(w, r, "key:"+auth.KeyID, a.limit.keyLimit(auth), d.writeError) {
		return
	}
	r = r.WithContext(web.WithAuth(r.Context(), auth))
	a.idempotent(w, r, d, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.serveDialect(w, r, d)
	}))
}

// serveDialect runs the dialect's handler, answering route misses in the
// dialect's own error shape.
func (a *apiHandler) serveDialect(w http.ResponseWriter, r *http.Request, d dialect) {
	cw := &routeMissWriter{ResponseWriter: w}
	d.handler.ServeHTTP(cw, r)
	setRoute(r, d.name) // the dialect's mux set r.Pattern
	if cw.missed == 0 {
		return
	}
	clearHeaders(w)
	if cw.missed == http.StatusMethodNotAllowed {
		d.writeError(w, r, a.log, &domain.Error{Code: domain.CodeMethodNotAllowed, Reason: "method_not_allowed",
			Message: "The " + r.Method + " method is not allowed on " + r.URL.Path + "."})
		return
	}
	d.writeError(w, r, a.log, unrecognized(r))
}

// dialectOf is the one place that decides which dialect answers r. The key's
// prefix alone decides, so that even an unknown or revoked key is refused in
// the shape its client expects. Without a credential, a path only Paysley
// serves is answered by Paysley, and any other by PaySmart.
func dialectOf(r *http.Request) domain.Dialect {
	if raw := web.Credential(r); raw != "" {
		if strings.HasPrefix(raw, "py_") {
			return domain.DialectPaysley
		}
		return domain.DialectPaySmart
	}
	for _, p := range paysleyOnly {
		if r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/") {
			return domain.DialectPaysley
		}
	}
	return domain.DialectPaySmart
}

// paysleyOnly are the path prefixes only the Paysley dialect serves;
// /v2/payments, /v2/customers and /v2/refunds are both dialects'.
var paysleyOnly = []string{"/v2/payment-requests", "/v2/customers/groups", "/v2/products-services", "/v2/taxes",
	"/v2/templates", "/v2/captures", "/v2/payments/subscription", "/v2/callback-secret"}

// writeErrorFor renders err in the shape of the dialect that answers r, for
// the middleware that runs before a dialect is chosen.
func writeErrorFor(r *http.Request) func(http.ResponseWriter, *http.Request, *slog.Logger, error) {
	if dialectOf(r) == domain.DialectPaysley {
		return paysley.WriteError
	}
	return paysmart.WriteError
}

// routeMissWriter catches the plain-text 404 and 405 that http.ServeMux
// writes when no pattern matches, so the dialect can answer in its own shape.
// Handlers always write JSON, so a text/plain 404/405 can only be the mux's.
type routeMissWriter struct {
	http.ResponseWriter
	missed int
}

func (w *routeMissWriter) WriteHeader(status int) {
	if (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) &&
		strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.missed = status
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *routeMissWriter) Write(b []byte) (int, error) {
	if w.missed != 0 {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *routeMissWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func clearHeaders(w http.ResponseWriter) {
	for _, h := range []string{"Content-Type", "X-Content-Type-Options", "Allow"} {
		w.Header().Del(h)
	}
}

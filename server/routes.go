// Package server assembles every HTTP surface of PaySmart behind the shared
// middleware: both API dialects under /v2 (the credential's prefix picks
// which), health checks, the pages customers see and the merchant dashboard.
package server

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paysmart/paysmart/api"
	"github.com/paysmart/paysmart/dashboard"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/paysley"
	"github.com/paysmart/paysmart/paysmart"
)

// Config is what the server needs; cmd/paysmart builds it.
type Config struct {
	Engine       *domain.Engine
	Log          *slog.Logger
	BaseURL      string // public URL, e.g. http://localhost:8080
	MaxBodyBytes int64  // request body limit; 0 means DefaultMaxBodyBytes
	// Done, when closed, ends long-lived responses such as the event stream;
	// close it when shutdown begins (http.Server.RegisterOnShutdown).
	Done <-chan struct{}
	// Metrics, when set, is served at GET /metrics (Prometheus text format).
	Metrics http.Handler
	// StripeWebhook, when set, is served at POST /webhooks/stripe: Stripe's
	// reports on the live connector's payments (processor/stripe).
	StripeWebhook http.Handler
	// SMSReports, when set, is served at POST /webhooks/sms: the SMS
	// provider's delivery reports on sent messages (notify.DeliveryReports).
	SMSReports http.Handler
	// LoginAttempts and LoginWindow throttle dashboard sign-ins (0: the
	// dashboard's defaults).
	LoginAttempts int
	LoginWindow   time.Duration
	// DashboardIdleTimeout signs a dashboard session out after that long
	// unused (0: the dashboard's default, 30 minutes).
	DashboardIdleTimeout time.Duration
	// Limiter and RateLimits limit /v2 requests per key and per client
	// address; a nil Limiter limits nothing.
	Limiter    Limiter
	RateLimits RateLimits
	// TrustedProxies are the proxies whose X-Forwarded-For (and
	// X-Forwarded-Proto) headers are believed.
	TrustedProxies []netip.Prefix
	// Registerer, when set, receives the request metrics (served by Metrics).
	Registerer prometheus.Registerer
	// HTTPSOnlyLive refuses live keys on requests that did not arrive over
	// HTTPS, directly or through a trusted proxy saying
	// X-Forwarded-Proto: https. Test keys may use plain HTTP.
	HTTPSOnlyLive bool
}

// DefaultMaxBodyBytes is the request body limit: room for the largest
// Paysley profile picture (2 MiB, about 2.7 MiB in base64) and its customer.
const DefaultMaxBodyBytes = 4 << 20

// New returns the whole HTTP surface of PaySmart.
func New(cfg Config) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	dialects := &apiHandler{
		engine:        cfg.Engine,
		log:           cfg.Log,
		limit:         &rateLimiter{lim: cfg.Limiter, limits: cfg.RateLimits, proxies: cfg.TrustedProxies, log: cfg.Log},
		httpsOnlyLive: cfg.HTTPSOnlyLive,
		dialects: map[domain.Dialect]dialect{
			domain.DialectPaySmart: {
				name:       "paysmart",
				handler:    paysmart.NewHandler(paysmart.Deps{Engine: cfg.Engine, Log: cfg.Log, BaseURL: cfg.BaseURL, Done: cfg.Done}),
				writeError: paysmart.WriteError,
			},
			domain.DialectPaysley: {
				name:       "paysley",
				handler:    paysley.NewHandler(paysley.Deps{Engine: cfg.Engine, Log: cfg.Log, BaseURL: cfg.BaseURL}),
				writeError: paysley.WriteError,
			},
		},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(cfg.Engine))
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics)
	}
	mux.Handle("/v2/", dialects)
	mux.Handle("GET /openapi/paysmart.json", document(api.PaySmart))
	mux.Handle("GET /openapi/paysley.json", document(api.Paysley))
	mux.Handle("GET /docs", api.Reference())
	if cfg.StripeWebhook != nil {
		mux.Handle("POST /webhooks/stripe", cfg.StripeWebhook)
	}
	if cfg.SMSReports != nil {
		mux.Handle("POST /webhooks/sms", cfg.SMSReports)
	}
	// Pages people see: the payment page, 3-D Secure, receipts, invoices, QR
	// codes (pages/doc.go lists them), and stored files.
	pages.Register(mux, pages.Deps{Engine: cfg.Engine, Log: cfg.Log, BaseURL: cfg.BaseURL})
	// The merchant dashboard under /dashboard (dashboard/doc.go lists its pages).
	dashboard.Register(mux, dashboard.Deps{Engine: cfg.Engine, Log: cfg.Log, BaseURL: cfg.BaseURL,
		LoginAttempts: cfg.LoginAttempts, LoginWindow: cfg.LoginWindow, IdleTimeout: cfg.DashboardIdleTimeout})
	mux.Handle("GET /files/{id}", files(cfg.Engine, cfg.Log))
	mux.Handle("/", notFound(cfg.Log))

	var h http.Handler = recordRoute(mux)
	h = trimTrailingSlash(h)
	h = checkPath(h)
	h = limitBody(h, cfg.MaxBodyBytes)
	h = recoverPanics(h, cfg.Log)
	h = logRequests(h, cfg.Log, newHTTPMetrics(cfg.Registerer))
	h = hsts(h, cfg.TrustedProxies)
	h = requestID(h)
	return h
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok"}` + "\n"))
}

func readyz(e *domain.Engine) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if err := e.Ready(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"status":"unavailable","database":"unreachable"}` + "\n"))
			return
		}
		w.Write([]byte(`{"status":"ok","database":"ok"}` + "\n"))
	})
}

// document serves an embedded OpenAPI document.
func document(b []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Access-Control-Allow-Origin", "*") // API explorers fetch it from other origins
		w.Write(b)
	})
}

// notFound answers paths outside every surface in the PaySmart shape.
func notFound(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paysmart.WriteError(w, r, log, unrecognized(r))
	})
}

func unrecognized(r *http.Request) *domain.Error {
	return &domain.Error{Code: domain.CodeNotFound, Reason: "resource_missing",
		Message: "Unrecognized request URL (" + r.Method + ": " + r.URL.Path + ")."}
}

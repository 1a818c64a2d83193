// Package server assembles every HTTP surface of PaySmart behind the shared
// middleware: both API dialects under /v2 (the credential's prefix picks
// which), health checks, and room for pages and the dashboard.
package server

import (
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/prometheus/client_golang/prometheus"

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
	api := &apiHandler{
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
	mux.Handle("/v2/", api)
	// Pages people see: receipts and stored files now; the payment page, QR
	// codes, invoices and the dashboard later.
	pages.Register(mux, pages.Deps{Engine: cfg.Engine, Log: cfg.Log})
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

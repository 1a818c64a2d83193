package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// httpMetrics are the request counters and latencies /metrics shows, by
// route pattern (as registered, "GET /v2/customers/{id}", never the raw
// path), dialect and status.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	if reg == nil {
		return nil
	}
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paysmart_http_requests_total",
			Help: "HTTP requests answered, by route pattern, dialect (paysmart, paysley, or none) and status."},
			[]string{"route", "dialect", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "paysmart_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and dialect.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"route", "dialect"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) observe(ri *routeInfo, status int, d time.Duration) {
	if m == nil {
		return
	}
	route := ri.pattern
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, ri.dialect, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, ri.dialect).Observe(d.Seconds())
}

// routeInfo is filled in as a request passes the muxes, for its log line
// and metrics: the pattern that served it and the dialect.
type routeInfo struct {
	pattern, dialect string
}

type routeKey struct{}

func withRoute(ctx context.Context) (context.Context, *routeInfo) {
	ri := &routeInfo{}
	return context.WithValue(ctx, routeKey{}, ri), ri
}

// setRoute records the pattern r was served by, unless an inner mux did.
func setRoute(r *http.Request, dialect string) {
	if ri, ok := r.Context().Value(routeKey{}).(*routeInfo); ok && ri.pattern == "" && r.Pattern != "" {
		ri.pattern, ri.dialect = r.Pattern, dialect
	}
}

// recordRoute serves next (a mux) and records the pattern it chose.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		setRoute(r, "")
	})
}

package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// newMetrics returns the registry /metrics serves, with the Go runtime and
// process collectors in it, and its handler.
func newMetrics() (*prometheus.Registry, http.Handler) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}

// processorCalls is paysmart_processor_call_duration_seconds: every
// processor call by operation, mode and outcome (approved, declined,
// requires_action, unknown, or error when the call failed).
func processorCalls(reg prometheus.Registerer) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "paysmart_processor_call_duration_seconds",
		Help:    "Processor calls by operation (authorize, capture, cancel, refund, lookup), mode and outcome.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
		[]string{"op", "mode", "outcome"})
	reg.MustRegister(h)
	return h
}

// meteredProcessor times and counts the calls of a processor.
type meteredProcessor struct {
	p     domain.Processor
	mode  string
	calls *prometheus.HistogramVec
}

func meter(p domain.Processor, mode string, calls *prometheus.HistogramVec) domain.Processor {
	if p == nil {
		return nil
	}
	m := meteredProcessor{p: p, mode: mode, calls: calls}
	if _, ok := p.(domain.ActionRedirect); ok {
		return meteredRedirect{m}
	}
	if _, ok := p.(domain.InTransaction); ok {
		return meteredInTransaction{m}
	}
	return m
}

// meteredInTransaction is a metered processor that authorises inside the
// engine's transaction (the sandbox): it keeps that ability.
type meteredInTransaction struct{ meteredProcessor }

func (m meteredInTransaction) AuthorizeIn(ctx context.Context, tx domain.Tx, req domain.AuthorizeRequest) (domain.ProcessorResult, bool, error) {
	start := time.Now()
	res, ok, err := m.p.(domain.InTransaction).AuthorizeIn(ctx, tx, req)
	if ok || err != nil {
		m.observe("authorize", start, res, err)
	}
	return res, ok, err
}

// meteredRedirect is a metered processor whose customers answer 3-D Secure
// on the issuer's page (the Stripe connector): it keeps that ability, which
// the engine and the pages look for.
type meteredRedirect struct{ meteredProcessor }

func (m meteredRedirect) ActionURL(ctx context.Context, reference string) (string, error) {
	start := time.Now()
	u, err := m.p.(domain.ActionRedirect).ActionURL(ctx, reference)
	m.observe("action_url", start, domain.ProcessorResult{Outcome: domain.OutcomeApproved}, err)
	return u, err
}

func (m meteredProcessor) observe(op string, start time.Time, res domain.ProcessorResult, err error) {
	outcome := string(res.Outcome)
	if err != nil || outcome == "" {
		outcome = "error"
	}
	m.calls.WithLabelValues(op, m.mode, outcome).Observe(time.Since(start).Seconds())
}

func (m meteredProcessor) Authorize(ctx context.Context, req domain.AuthorizeRequest) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Authorize(ctx, req)
	m.observe("authorize", start, res, err)
	return res, err
}

func (m meteredProcessor) Capture(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Capture(ctx, req)
	m.observe("capture", start, res, err)
	return res, err
}

func (m meteredProcessor) Cancel(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Cancel(ctx, req)
	m.observe("cancel", start, res, err)
	return res, err
}

func (m meteredProcessor) Refund(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Refund(ctx, req)
	m.observe("refund", start, res, err)
	return res, err
}

func (m meteredProcessor) Lookup(ctx context.Context, key string) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Lookup(ctx, key)
	m.observe("lookup", start, res, err)
	return res, err
}

// requestIDHandler adds the request id of the context to every record
// logged with one (log.InfoContext(r.Context(), …)), so that every line of
// a request can be found by its id.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, rec slog.Record) error {
	if id := web.RequestID(ctx); id != "" {
		has := false
		rec.Attrs(func(a slog.Attr) bool {
			has = a.Key == "request_id"
			return !has
		})
		if !has {
			rec.AddAttrs(slog.String("request_id", id))
		}
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

func (m meteredProcessor) Authenticate(ctx context.Context, req domain.AuthenticateRequest) (domain.ProcessorResult, error) {
	start := time.Now()
	res, err := m.p.Authenticate(ctx, req)
	m.observe("authenticate", start, res, err)
	return res, err
}

// LookupReference keeps the wrapped processor's reference lookup (the Stripe
// connector's), and is a plain Lookup for one that has none.
func (m meteredProcessor) LookupReference(ctx context.Context, key, reference string) (domain.ProcessorResult, error) {
	start := time.Now()
	var res domain.ProcessorResult
	var err error
	if rl, ok := m.p.(domain.ReferenceLookup); ok {
		res, err = rl.LookupReference(ctx, key, reference)
	} else {
		res, err = m.p.Lookup(ctx, key)
	}
	m.observe("lookup", start, res, err)
	return res, err
}

// CheckAmount keeps the wrapped processor's amount limits (the Stripe
// connector's minimum charge); a processor without limits takes any amount.
func (m meteredProcessor) CheckAmount(amount int64, cur domain.Currency) error {
	if al, ok := m.p.(domain.AmountLimits); ok {
		return al.CheckAmount(amount, cur)
	}
	return nil
}

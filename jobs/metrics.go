package jobs

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
)

// metrics counts this runner's job outcomes by kind.
type metrics struct {
	mu     sync.Mutex
	counts map[[2]string]*atomic.Int64 // kind, outcome
}

func (m *metrics) add(kind, outcome string) {
	key := [2]string{kind, outcome}
	m.mu.Lock()
	c, ok := m.counts[key]
	if !ok {
		c = &atomic.Int64{}
		m.counts[key] = c
	}
	m.mu.Unlock()
	c.Add(1)
}

// Counts returns this runner's job outcomes so far: kind → outcome
// (succeeded, retried, discarded, released) → count.
func (r *Runner) Counts() map[string]map[string]int64 {
	r.metrics.mu.Lock()
	defer r.metrics.mu.Unlock()
	out := map[string]map[string]int64{}
	for k, c := range r.metrics.counts {
		if out[k[0]] == nil {
			out[k[0]] = map[string]int64{}
		}
		out[k[0]][k[1]] = c.Load()
	}
	return out
}

var (
	depthDesc = prometheus.NewDesc("paysmart_jobs_queue_depth",
		"Unfinished jobs in the job table by state: due (waiting for a worker), scheduled (waiting for their run time), running.",
		[]string{"state"}, nil)
	lagDesc = prometheus.NewDesc("paysmart_jobs_lag_seconds",
		"How long the oldest due job has waited past its run time.", nil, nil)
	totalDesc = prometheus.NewDesc("paysmart_jobs_total",
		"Job attempts finished by this node, by kind and outcome (succeeded, retried, discarded, released).",
		[]string{"kind", "outcome"}, nil)
)

// Collector returns a prometheus.Collector of the queue's depth and lag
// (read from the job table at each scrape: the whole table, every node) and
// this runner's outcome counters.
func (r *Runner) Collector() prometheus.Collector { return collector{r} }

type collector struct{ r *Runner }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- depthDesc
	ch <- lagDesc
	ch <- totalDesc
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if st, err := c.r.Stats(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(depthDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(st.Due), "due")
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(st.Scheduled), "scheduled")
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(st.Running), "running")
		ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, st.Lag.Seconds())
	}
	for kind, outcomes := range c.r.Counts() {
		for outcome, n := range outcomes {
			ch <- prometheus.MustNewConstMetric(totalDesc, prometheus.CounterValue, float64(n), kind, outcome)
		}
	}
}

// WriteMetrics writes the runner's metrics (Collector) in the Prometheus
// text format.
func (r *Runner) WriteMetrics(_ context.Context, w io.Writer) error {
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(r.Collector()); err != nil {
		return err
	}
	families, err := reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// MetricsHandler serves the runner's metrics alone over HTTP; the server
// serves them with everything else's (cmd/paysmart).
func (r *Runner) MetricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(r.Collector())
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

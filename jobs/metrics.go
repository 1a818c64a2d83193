package jobs

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
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

// WriteMetrics writes the queue's depth and lag (the whole table, all nodes)
// and this runner's outcome counters in the Prometheus text format.
func (r *Runner) WriteMetrics(ctx context.Context, w io.Writer) error {
	st, err := r.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "# HELP paysmart_jobs_queue_depth Unfinished jobs in the job table by state: due (waiting for a worker), scheduled (waiting for their run time), running.")
	fmt.Fprintln(w, "# TYPE paysmart_jobs_queue_depth gauge")
	fmt.Fprintf(w, "paysmart_jobs_queue_depth{state=\"due\"} %d\n", st.Due)
	fmt.Fprintf(w, "paysmart_jobs_queue_depth{state=\"scheduled\"} %d\n", st.Scheduled)
	fmt.Fprintf(w, "paysmart_jobs_queue_depth{state=\"running\"} %d\n", st.Running)
	fmt.Fprintln(w, "# HELP paysmart_jobs_lag_seconds How long the oldest due job has waited past its run time.")
	fmt.Fprintln(w, "# TYPE paysmart_jobs_lag_seconds gauge")
	fmt.Fprintf(w, "paysmart_jobs_lag_seconds %g\n", st.Lag.Seconds())
	fmt.Fprintln(w, "# HELP paysmart_jobs_total Job attempts finished by this node, by kind and outcome.")
	fmt.Fprintln(w, "# TYPE paysmart_jobs_total counter")
	counts := r.Counts()
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		outcomes := make([]string, 0, len(counts[k]))
		for o := range counts[k] {
			outcomes = append(outcomes, o)
		}
		slices.Sort(outcomes)
		for _, o := range outcomes {
			fmt.Fprintf(w, "paysmart_jobs_total{kind=%q,outcome=%q} %d\n", k, o, counts[k][o])
		}
	}
	return nil
}

// MetricsHandler serves WriteMetrics over HTTP.
func (r *Runner) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		if err := r.WriteMetrics(ctx, w); err != nil {
			http.Error(w, "metrics unavailable", http.StatusServiceUnavailable)
		}
	})
}

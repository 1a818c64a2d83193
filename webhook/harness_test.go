package webhook_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/paysley"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
	"github.com/paysmart/paysmart/webhook"
)

// clock is a fake clock that tests move forward by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is a real PaySmart HTTP server and a job runner delivering its
// webhooks, over one store. With a fake clock, the engine and the runner both
// read it; signatures are stamped with the real time, as receivers expect.
type harness struct {
	*servertest.Env
	store  *store.Store
	runner *jobs.Runner
	clock  *clock // nil: real time
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

func newHarness(t testing.TB, s *store.Store, c *clock, cfg jobs.Config) *harness {
	t.Helper()
	h := newStoppedHarness(t, s, c, cfg)
	if err := h.runner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return h
}

// newStoppedHarness is newHarness with the runner not started yet.
func newStoppedHarness(t testing.TB, s *store.Store, c *clock, cfg jobs.Config) *harness {
	t.Helper()
	e := storetest.Wire(t, s)
	if c != nil {
		e.Clock = c.Now
		cfg.Clock = c.Now
		cfg.Rand = func() float64 { return 0.5 } // the middle of the jitter band: no jitter
	}
	log := slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	e.Snapshot = paysmart.Snapshotter(base)
	srv.Config.Handler = server.New(server.Config{Engine: e, Log: log, BaseURL: base})
	srv.Start()
	t.Cleanup(srv.Close)
	_, keys := storetest.MustMerchant(t, e, "Acme")

	if cfg.Poll == 0 {
		cfg.Poll = 10 * time.Millisecond
	}
	cfg.Log = log
	r := jobs.New(s, cfg)
	(&webhook.Deliverer{Engine: e, Render: paysmart.RenderEvent, Log: log}).Register(r)
	(&webhook.Callbacks{Engine: e, Render: paysley.RenderCallback, Log: log}).Register(r)
	s.OnJobInserted(r.Wake)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
	return &harness{Env: &servertest.Env{URL: srv.URL, Engine: e, Keys: keys}, store: s, runner: r, clock: c}
}

// endpoint registers url for events and returns its id and secret.
func (h *harness) endpoint(t testing.TB, key, url, events string) (string, string) {
	t.Helper()
	r := h.Do(t, servertest.Call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: "bearer:" + key,
		Body: `{"url":"` + url + `","enabled_events":` + events + `}`})
	servertest.Expect(t, r, 200, nil)
	return r.JSON["id"].(string), r.JSON["secret"].(string)
}

// delivery is one request a receiver got.
type delivery struct {
	n      int
	header http.Header
	body   []byte
	status int
}

// receiver is a merchant's webhook endpoint; respond picks the status of the
// nth request (1-based).
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	got     []delivery
	respond func(n int, r *http.Request) int
}

func newReceiver(t testing.TB, respond func(n int, r *http.Request) int) *receiver {
	rc := &receiver{respond: respond}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got) + 1
		rc.mu.Unlock()
		status := 200
		if rc.respond != nil {
			status = rc.respond(n, r)
		}
		rc.mu.Lock()
		rc.got = append(rc.got, delivery{n: n, header: r.Header.Clone(), body: body, status: status})
		rc.mu.Unlock()
		w.WriteHeader(status)
		w.Write([]byte(`{"received":true}`))
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.got)
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

// waitFor polls cond in real time: it waits for goroutines and HTTP, never
// for a backoff, which the fake clock skips.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stays checks that cond holds for a while (several runner polls).
func stays(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for range 10 {
		if !cond() {
			t.Fatalf("%s did not hold", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustJob(t testing.TB, s *store.Store, id string) domain.Job {
	t.Helper()
	j, err := s.GetJob(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

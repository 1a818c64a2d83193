package notify_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// clock is a fake clock the tests move past backoffs.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running server whose messages go to a real SMTP server and an
// SMS sink (test mode), sent by a job runner.
type env struct {
	*servertest.Env
	store  *store.Store
	runner *jobs.Runner
	sender *notify.Sender
	clock  *clock
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// newEnv wires an engine, a server and a runner over s; wire sets the
// sender's transports before the runner starts.
func newEnv(t testing.TB, s *store.Store, wire func(sn *notify.Sender)) *env {
	t.Helper()
	c := &clock{t: time.Now().UTC()}
	e := storetest.Wire(t, s)
	e.Clock = c.Now
	log := slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	e.Snapshot = paysmart.Snapshotter(base)
	e.Messages = notify.Renderer{BaseURL: base}
	reports := &notify.DeliveryReports{}
	srv.Config.Handler = server.New(server.Config{Engine: e, Log: log, BaseURL: base, SMSReports: reports})
	srv.Start()
	t.Cleanup(srv.Close)
	m, keys := storetest.MustMerchant(t, e, "Acme & Co")
	if err := e.SetMerchantContact(context.Background(), m.ID, domain.MerchantContact{Email: "billing@acme.test"}); err != nil {
		t.Fatal(err)
	}
	r := jobs.New(s, jobs.Config{Poll: 10 * time.Millisecond, Clock: c.Now, Rand: func() float64 { return 0.5 }, Log: log})
	sn := &notify.Sender{Engine: e, Files: pages.Files{Engine: e, BaseURL: base}, MailFrom: "noreply@paysmart.test",
		SMSFrom: "+12015550100", Log: log, Clock: c.Now}
	if wire != nil {
		wire(sn)
	}
	if d, ok := sn.Reports(base + notify.DeliveryPath); ok {
		*reports = *d
	}
	sn.Register(r)
	s.OnJobInserted(r.Wake)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
	return &env{Env: &servertest.Env{URL: srv.URL, Engine: e, Keys: keys, MerchantID: m.ID}, store: s, runner: r,
		sender: sn, clock: c}
}

// messages lists the outbox through the Paysley API.
func (v *env) messages(t testing.TB, key string) []any {
	t.Helper()
	r := v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages?limit=100&sort=ASC", Auth: "bearer:" + key})
	servertest.Expect(t, r, 200, nil)
	list, _ := r.JSON["messages"].([]any)
	return list
}

// waitStatus waits until every message of the key's outbox has left queued,
// or until want of them are in status.
func (v *env) waitMessages(t testing.TB, key string, n int, status string) []any {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		list := v.messages(t, key)
		done := 0
		for _, m := range list {
			if m.(map[string]any)["status"] == status {
				done++
			}
		}
		if done >= n {
			return list
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox: %d of %d messages %s after 20s: %v", done, n, status, list)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func mustContain(t testing.TB, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}

// jobsJob is the message.send job of message id, as the runner hands it over.
func jobsJob(id string, s domain.Scope) jobs.Job[domain.MessageArgs] {
	return jobs.Job[domain.MessageArgs]{ID: domain.MessageJobID(id), Attempt: 2, MaxAttempts: 25, Scope: &s,
		RetryAt: time.Now().Add(time.Minute), Args: domain.MessageArgs{MessageID: id}}
}

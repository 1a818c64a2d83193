// Package servertest runs a real PaySmart HTTP server over a fresh store for
// tests, with one merchant and helpers to call both API dialects.
package servertest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// Env is a running server over a fresh store with one merchant.
type Env struct {
	URL    string
	Engine *domain.Engine
	Keys   domain.KeySet // the merchant's keys: "sk_test", "py_live", ...
	// MerchantID is the merchant's id.
	MerchantID string
	logs       *syncBuffer
	tb         testing.TB // where Client reports contract failures by default
}

// Options change the server New starts.
type Options struct {
	// ReadTimeout is the http.Server's ReadTimeout (0: none), for tests of
	// clients that send their request too slowly.
	ReadTimeout time.Duration
	// Limiter and RateLimits are the server's rate limits (none by default).
	Limiter    server.Limiter
	RateLimits server.RateLimits
	// HTTPSOnlyLive and TrustedProxies are the server's (see server.Config).
	HTTPSOnlyLive  bool
	TrustedProxies []netip.Prefix
}

// New starts a server over s; it stops when the test ends.
func New(t testing.TB, s *store.Store) *Env {
	t.Helper()
	return NewWith(t, s, Options{})
}

// NewWith is New with options.
func NewWith(t testing.TB, s *store.Store, o Options) *Env {
	t.Helper()
	e := storetest.Wire(t, s)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	e.Snapshot = paysmart.Snapshotter(base)
	e.Messages = notify.Renderer{BaseURL: base} // messages queue in the outbox; nothing sends them here
	srv.Config.Handler = server.New(server.Config{Engine: e, Log: log, BaseURL: base, MaxBodyBytes: 64 << 10,
		Limiter: o.Limiter, RateLimits: o.RateLimits, HTTPSOnlyLive: o.HTTPSOnlyLive, TrustedProxies: o.TrustedProxies})
	srv.Config.ReadTimeout = o.ReadTimeout
	srv.Start()
	t.Cleanup(srv.Close)
	m, keys := storetest.MustMerchant(t, e, "Acme")
	return &Env{URL: srv.URL, Engine: e, Keys: keys, MerchantID: m.ID, logs: logs, tb: t}
}

// Logs returns everything the server logged so far.
func (e *Env) Logs() string { return e.logs.String() }

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Call is one request. Auth is "bearer:KEY", "basic:KEY", a raw
// Authorization header value, or "" for none. A body with no ContentType is
// sent as JSON.
type Call struct {
	Method, Path, Auth, ContentType, Body string
	Headers                               map[string]string
}

// Reply is a response, with its body decoded when it is a JSON object.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// Text is the body as a string.
func (r Reply) Text() string { return string(r.Body) }

// Get digs a dotted path ("error.type", "data.0.id") out of the JSON body.
func (r Reply) Get(path string) any { return Field(r.JSON, path) }

// Do sends c and returns the reply. The request and the reply are checked
// against the dialect's OpenAPI document (see checkContract).
func (e *Env) Do(t testing.TB, c Call) Reply {
	t.Helper()
	req, err := http.NewRequest(c.Method, e.URL+c.Path, strings.NewReader(c.Body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(c.Auth, "bearer:"):
		req.Header.Set("Authorization", "Bearer "+strings.TrimPrefix(c.Auth, "bearer:"))
	case strings.HasPrefix(c.Auth, "basic:"):
		req.SetBasicAuth(strings.TrimPrefix(c.Auth, "basic:"), "")
	case c.Auth != "":
		req.Header.Set("Authorization", c.Auth)
	}
	if c.ContentType != "" {
		req.Header.Set("Content-Type", c.ContentType)
	} else if c.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := Reply{Status: res.StatusCode, Header: res.Header, Body: b}
	json.Unmarshal(b, &r.JSON)
	checkContract(t, req, []byte(c.Body), res.StatusCode, res.Header, b)
	return r
}

// Field digs a dotted path out of decoded JSON; numeric parts index arrays.
func Field(v any, path string) any {
	cur := v
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i := 0
			for _, ch := range p {
				if ch < '0' || ch > '9' {
					return nil
				}
				i = i*10 + int(ch-'0')
			}
			if i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// Expect checks status and fields of a reply; want maps dotted paths to
// values (JSON numbers are float64). The special value Present asserts only
// that the path exists and is not null.
func Expect(t testing.TB, r Reply, status int, want map[string]any) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body %s", r.Status, status, r.Body)
	}
	for path, w := range want {
		got := r.Get(path)
		if w == Present {
			if got == nil {
				t.Errorf("%s missing; body %s", path, r.Body)
			}
			continue
		}
		if got != w {
			t.Errorf("%s = %#v, want %#v; body %s", path, got, w, r.Body)
		}
	}
}

// Present is an Expect value meaning "any non-null value".
var Present = &struct{ present bool }{true}

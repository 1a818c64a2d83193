package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// env is a running server over a fresh store with one merchant.
type env struct {
	url    string
	engine *domain.Engine
	keys   domain.KeySet
	logs   *bytes.Buffer
}

func newEnv(t *testing.T, s *store.Store) *env {
	t.Helper()
	e := domain.NewEngine(s, nil)
	e.Snapshot = paysmart.Snapshot
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	srv := httptest.NewServer(server.New(server.Config{Engine: e, Log: log, MaxBodyBytes: 64 << 10}))
	t.Cleanup(srv.Close)
	_, keys := storetest.MustMerchant(t, e, "Acme")
	return &env{url: srv.URL, engine: e, keys: keys, logs: &logs.buf}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// call sends a request; auth is "bearer:KEY", "basic:KEY", a raw
// Authorization header value, or "".
type call struct {
	method, path, auth, contentType, body string
	headers                                map[string]string
}

type reply struct {
	status  int
	header  http.Header
	body    []byte
	json    map[string]any
	rawText string
}

func (e *env) do(t *testing.T, c call) reply {
	t.Helper()
	req, err := http.NewRequest(c.method, e.url+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(c.auth, "bearer:"):
		req.Header.Set("Authorization", "Bearer "+strings.TrimPrefix(c.auth, "bearer:"))
	case strings.HasPrefix(c.auth, "basic:"):
		req.SetBasicAuth(strings.TrimPrefix(c.auth, "basic:"), "")
	case c.auth != "":
		req.Header.Set("Authorization", c.auth)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	} else if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := reply{status: res.StatusCode, header: res.Header, body: b, rawText: string(b)}
	json.Unmarshal(b, &r.json)
	return r
}

// field digs a dotted path out of a JSON object.
func field(m map[string]any, path string) any {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[p]
	}
	return cur
}

func TestAuthAndRouting(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk, py := e.keys["sk_test"], e.keys["py_test"]
		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any // dotted path → value
		}{
			{"paysmart bearer", call{method: "GET", path: "/v2/customers", auth: "bearer:" + sk}, 200,
				map[string]any{"object": "list", "url": "/v2/customers", "has_more": false}},
			{"paysmart basic", call{method: "GET", path: "/v2/customers", auth: "basic:" + sk}, 200,
				map[string]any{"object": "list"}},
			{"paysley bearer", call{method: "GET", path: "/v2/customers", auth: "bearer:" + py}, 200,
				map[string]any{"result": "success", "limit": 10.0, "page": 1.0, "page_count": 0.0, "total_count": 0.0}},
			{"paysley basic", call{method: "GET", path: "/v2/customers", auth: "basic:" + py}, 200,
				map[string]any{"result": "success"}},
			{"no credential", call{method: "GET", path: "/v2/customers"}, 401,
				map[string]any{"error.type": "authentication_error", "error.code": "missing_api_key"}},
			{"unknown sk", call{method: "GET", path: "/v2/customers", auth: "bearer:sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, 401,
				map[string]any{"error.type": "authentication_error", "error.code": "invalid_api_key"}},
			{"unknown py", call{method: "GET", path: "/v2/customers", auth: "bearer:py_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"malformed key", call{method: "GET", path: "/v2/customers", auth: "bearer:hello"}, 401,
				map[string]any{"error.type": "authentication_error"}},
			{"malformed py key", call{method: "GET", path: "/v2/customers", auth: "bearer:py_prod_x"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"unknown route paysmart", call{method: "GET", path: "/v2/nope", auth: "bearer:" + sk}, 404,
				map[string]any{"error.type": "invalid_request_error", "error.message": "Unrecognized request URL (GET: /v2/nope)."}},
			{"unknown route paysley", call{method: "GET", path: "/v2/nope", auth: "bearer:" + py}, 404,
				map[string]any{"result": "failed", "is_valid": false}},
			{"wrong method paysmart", call{method: "PUT", path: "/v2/customers", auth: "bearer:" + sk}, 405,
				map[string]any{"error.code": "method_not_allowed"}},
			{"wrong method paysley", call{method: "PATCH", path: "/v2/customers", auth: "bearer:" + py}, 405,
				map[string]any{"message": "Method Not Allowed"}},
			{"outside /v2", call{method: "GET", path: "/v1/customers"}, 404,
				map[string]any{"error.type": "invalid_request_error"}},
			{"trailing slash", call{method: "GET", path: "/v2/customers/", auth: "bearer:" + py}, 200,
				map[string]any{"result": "success"}},
			{"malformed json", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, body: `{"email":`}, 400,
				map[string]any{"error.type": "invalid_request_error", "error.code": "malformed_json"}},
			{"json not object", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, body: `[1]`}, 400,
				map[string]any{"error.code": "not_object"}},
			{"wrong content type", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, contentType: "text/xml", body: `<a/>`}, 415,
				map[string]any{"error.code": "unsupported_media_type"}},
			{"oversize body", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, body: `{"description":"` + strings.Repeat("x", 70<<10) + `"}`}, 413,
				map[string]any{"error.type": "invalid_request_error"}},
			{"oversize body paysley", call{method: "POST", path: "/v2/customers", auth: "bearer:" + py, body: `{"email":"` + strings.Repeat("x", 70<<10) + `"}`}, 413,
				map[string]any{"result": "failed"}},
			{"unknown param", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, body: `{"emial":"a@b.co"}`}, 400,
				map[string]any{"error.param": "emial", "error.code": "parameter_unknown"}},
			{"form body", call{method: "POST", path: "/v2/customers", auth: "bearer:" + sk, contentType: "application/x-www-form-urlencoded",
				body: "email=jo%40example.com&address[city]=Paris&metadata[order]=42"}, 200,
				map[string]any{"object": "customer", "email": "jo@example.com", "address.city": "Paris", "metadata.order": "42"}},
			{"publishable key refused", call{method: "GET", path: "/v2/customers", auth: "bearer:" + e.keys["pk_test"]}, 403,
				map[string]any{"error.type": "permission_error"}},
			{"healthz", call{method: "GET", path: "/healthz"}, 200, map[string]any{"status": "ok"}},
			{"readyz", call{method: "GET", path: "/readyz"}, 200, map[string]any{"database": "ok"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := e.do(t, tc.call)
				if r.status != tc.status {
					t.Fatalf("status = %d, want %d; body %s", r.status, tc.status, r.rawText)
				}
				if r.header.Get("Request-Id") == "" {
					t.Error("no Request-Id header")
				}
				if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
					t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
				}
				for path, want := range tc.want {
					if got := field(r.json, path); got != want {
						t.Errorf("%s = %#v, want %#v; body %s", path, got, want, r.rawText)
					}
				}
			})
		}
	})
}

func TestRolledAndRevokedKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		keys, err := e.engine.ListKeys(ctx, mustAuth(t, e, e.keys["py_test"]).MerchantID)
		if err != nil {
			t.Fatal(err)
		}
		byKind := map[string]domain.APIKey{}
		for _, k := range keys {
			byKind[domain.KeyPrefix(k.Kind, k.Livemode)] = k
		}
		// Rolled with a grace period: old and new keys both work.
		nk, err := e.engine.RollKey(ctx, byKind["py_test_"].ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{e.keys["py_test"], nk.Secret} {
			if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + k}); r.status != 200 {
				t.Fatalf("during grace: %d %s", r.status, r.rawText)
			}
		}
		// Rolled with no grace: the old key stops at once.
		nk2, err := e.engine.RollKey(ctx, byKind["sk_test_"].ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "basic:" + e.keys["sk_test"]}); r.status != 401 || field(r.json, "error.type") != "authentication_error" {
			t.Fatalf("rolled key: %d %s", r.status, r.rawText)
		}
		if _, err := e.engine.RevokeKey(ctx, nk2.Key.ID); err != nil {
			t.Fatal(err)
		}
		if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + nk2.Secret}); r.status != 401 {
			t.Fatalf("revoked key: %d %s", r.status, r.rawText)
		}
		if _, err := e.engine.RevokeKey(ctx, nk.Key.ID); err != nil {
			t.Fatal(err)
		}
		if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + nk.Secret}); r.status != 401 || r.json["message"] != "Unauthorized" {
			t.Fatalf("revoked py key: %d %s", r.status, r.rawText)
		}
	})
}

func mustAuth(t *testing.T, e *env, key string) domain.Auth {
	t.Helper()
	a, err := e.engine.Authenticate(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestTestAndLiveNeverMix(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		other := newEnvOnStore(t, e, "Other")
		live := e.do(t, call{method: "POST", path: "/v2/customers", auth: "bearer:" + e.keys["sk_live"], body: `{"email":"live@example.com"}`})
		if live.status != 200 {
			t.Fatalf("create live: %d %s", live.status, live.rawText)
		}
		id := live.json["id"].(string)
		if live.json["livemode"] != true {
			t.Errorf("livemode = %v", live.json["livemode"])
		}
		for _, key := range []string{e.keys["sk_test"], other["sk_live"]} {
			if r := e.do(t, call{method: "GET", path: "/v2/customers/" + id, auth: "bearer:" + key}); r.status != 404 {
				t.Errorf("GET live customer with another scope's key: %d %s", r.status, r.rawText)
			}
			if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + key}); len(r.json["data"].([]any)) != 0 {
				t.Errorf("list leaks: %s", r.rawText)
			}
		}
		if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + e.keys["py_test"]}); r.json["total_count"] != 0.0 {
			t.Errorf("paysley test list sees live: %s", r.rawText)
		}
		if r := e.do(t, call{method: "GET", path: "/v2/customers", auth: "bearer:" + e.keys["py_live"]}); r.json["total_count"] != 1.0 {
			t.Errorf("paysley live list misses the live customer: %s", r.rawText)
		}
		if r := e.do(t, call{method: "GET", path: "/v2/events", auth: "bearer:" + e.keys["sk_test"]}); len(r.json["data"].([]any)) != 0 {
			t.Errorf("test events see live: %s", r.rawText)
		}
	})
}

// newEnvOnStore adds a second merchant to the same server.
func newEnvOnStore(t *testing.T, e *env, name string) domain.KeySet {
	t.Helper()
	_, keys := storetest.MustMerchant(t, e.engine, name)
	return keys
}

func TestIdempotency(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk := "bearer:" + e.keys["sk_test"]
		post := func(key, body string) reply {
			return e.do(t, call{method: "POST", path: "/v2/customers", auth: sk, body: body, headers: map[string]string{"Idempotency-Key": key}})
		}
		first := post("k1", `{"email":"a@example.com","name":"A"}`)
		if first.status != 200 || first.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %d %v", first.status, first.header)
		}
		// Same parameters in another order and encoding: replayed, byte for byte.
		again := e.do(t, call{method: "POST", path: "/v2/customers", auth: sk, contentType: "application/x-www-form-urlencoded",
			body: "name=A&email=a%40example.com", headers: map[string]string{"Idempotency-Key": "k1"}})
		if again.status != 200 || again.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.body, first.body) {
			t.Fatalf("replay: %d %v %s", again.status, again.header, again.rawText)
		}
		if r := post("k1", `{"email":"b@example.com"}`); r.status != 400 || field(r.json, "error.type") != "idempotency_error" {
			t.Fatalf("mismatch: %d %s", r.status, r.rawText)
		}
		// The same key in the other mode, or for another merchant, is another key.
		if r := e.do(t, call{method: "POST", path: "/v2/customers", auth: "bearer:" + e.keys["sk_live"], body: `{"email":"z@example.com"}`,
			headers: map[string]string{"Idempotency-Key": "k1"}}); r.status != 200 || r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("live with same key: %d %s", r.status, r.rawText)
		}
		// Errors (4xx) are stored and replayed too.
		bad := post("k2", `{"email":"not-an-email"}`)
		badAgain := post("k2", `{"email":"not-an-email"}`)
		if bad.status != 400 || badAgain.status != 400 || badAgain.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("4xx replay: %d %d", bad.status, badAgain.status)
		}

		// Concurrent duplicates create exactly one customer.
		const n = 20
		var wg sync.WaitGroup
		statuses := make(chan int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- post("race", `{"email":"race@example.com"}`).status
			}()
		}
		wg.Wait()
		close(statuses)
		counts := map[int]int{}
		for st := range statuses {
			counts[st]++
		}
		if counts[200] < 1 || counts[200]+counts[409] != n {
			t.Fatalf("concurrent statuses: %v", counts)
		}
		list := e.do(t, call{method: "GET", path: "/v2/customers?email=race@example.com", auth: sk})
		if got := len(list.json["data"].([]any)); got != 1 {
			t.Fatalf("concurrent duplicates made %d customers", got)
		}
	})
}

func TestLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.do(t, call{method: "GET", path: "/v2/customers?x=" + e.keys["sk_test"], auth: "bearer:" + e.keys["sk_test"]})
	e.do(t, call{method: "GET", path: "/v2/customers", auth: "basic:" + e.keys["py_test"]})
	logs := e.logs.String()
	if !strings.Contains(logs, `"path":"/v2/customers"`) {
		t.Fatalf("request not logged: %s", logs)
	}
	for _, k := range e.keys {
		if strings.Contains(logs, k) || strings.Contains(logs, k[8:]) {
			t.Fatalf("a key appears in the logs: %s", logs)
		}
	}
}

package server_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

type (
	call  = servertest.Call
	reply = servertest.Reply
)

func newEnv(t *testing.T, s *store.Store) *servertest.Env { return servertest.New(t, s) }

func field(m map[string]any, path string) any { return servertest.Field(m, path) }

func TestAuthAndRouting(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk, py := e.Keys["sk_test"], e.Keys["py_test"]
		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any // dotted path → value
		}{
			{"paysmart bearer", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + sk}, 200,
				map[string]any{"object": "list", "url": "/v2/customers", "has_more": false}},
			{"paysmart basic", call{Method: "GET", Path: "/v2/customers", Auth: "basic:" + sk}, 200,
				map[string]any{"object": "list"}},
			{"paysley bearer", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + py}, 200,
				map[string]any{"result": "success", "limit": 10.0, "page": 1.0, "page_count": 0.0, "total_count": 0.0}},
			{"paysley basic", call{Method: "GET", Path: "/v2/customers", Auth: "basic:" + py}, 200,
				map[string]any{"result": "success"}},
			{"no credential", call{Method: "GET", Path: "/v2/customers"}, 401,
				map[string]any{"error.type": "authentication_error", "error.code": "missing_api_key"}},
			{"no credential on a Paysley-only path", call{Method: "GET", Path: "/v2/payment-requests"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"no credential under a Paysley-only path", call{Method: "DELETE", Path: "/v2/products-services/category/1"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"unknown sk", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, 401,
				map[string]any{"error.type": "authentication_error", "error.code": "invalid_api_key"}},
			{"unknown py", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:py_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"malformed key", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:hello"}, 401,
				map[string]any{"error.type": "authentication_error"}},
			{"malformed py key", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:py_prod_x"}, 401,
				map[string]any{"message": "Unauthorized"}},
			{"unknown route paysmart", call{Method: "GET", Path: "/v2/nope", Auth: "bearer:" + sk}, 404,
				map[string]any{"error.type": "invalid_request_error", "error.message": "Unrecognized request URL (GET: /v2/nope)."}},
			{"unknown route paysley", call{Method: "GET", Path: "/v2/nope", Auth: "bearer:" + py}, 404,
				map[string]any{"result": "failed", "is_valid": false}},
			{"wrong method paysmart", call{Method: "PUT", Path: "/v2/customers", Auth: "bearer:" + sk}, 405,
				map[string]any{"error.code": "method_not_allowed"}},
			{"wrong method paysley", call{Method: "PATCH", Path: "/v2/customers", Auth: "bearer:" + py}, 405,
				map[string]any{"message": "Method Not Allowed"}},
			{"outside /v2", call{Method: "GET", Path: "/v1/customers"}, 404,
				map[string]any{"error.type": "invalid_request_error"}},
			{"trailing slash", call{Method: "GET", Path: "/v2/customers/", Auth: "bearer:" + py}, 200,
				map[string]any{"result": "success"}},
			{"malformed json", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"email":`}, 400,
				map[string]any{"error.type": "invalid_request_error", "error.code": "malformed_json"}},
			{"json not object", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `[1]`}, 400,
				map[string]any{"error.code": "not_object"}},
			{"wrong content type", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, ContentType: "text/xml", Body: `<a/>`}, 415,
				map[string]any{"error.code": "unsupported_media_type"}},
			{"oversize body", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"description":"` + strings.Repeat("x", 70<<10) + `"}`}, 413,
				map[string]any{"error.type": "invalid_request_error"}},
			{"oversize body paysley", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + py, Body: `{"email":"` + strings.Repeat("x", 70<<10) + `"}`}, 413,
				map[string]any{"result": "failed"}},
			{"unknown param", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"emial":"a@b.co"}`}, 400,
				map[string]any{"error.param": "emial", "error.code": "parameter_unknown"}},
			{"form body", call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, ContentType: "application/x-www-form-urlencoded",
				Body: "email=jo%40example.com&address[city]=Paris&metadata[order]=42"}, 200,
				map[string]any{"object": "customer", "email": "jo@example.com", "address.city": "Paris", "metadata.order": "42"}},
			{"publishable key refused", call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + e.Keys["pk_test"]}, 403,
				map[string]any{"error.type": "permission_error"}},
			{"healthz", call{Method: "GET", Path: "/healthz"}, 200, map[string]any{"status": "ok"}},
			{"readyz", call{Method: "GET", Path: "/readyz"}, 200, map[string]any{"database": "ok"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := e.Do(t, tc.call)
				if r.Status != tc.status {
					t.Fatalf("status = %d, want %d; body %s", r.Status, tc.status, r.Text())
				}
				if r.Header.Get("Request-Id") == "" {
					t.Error("no Request-Id header")
				}
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
				}
				for path, want := range tc.want {
					if got := field(r.JSON, path); got != want {
						t.Errorf("%s = %#v, want %#v; body %s", path, got, want, r.Text())
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
		keys, err := e.Engine.ListKeys(ctx, mustAuth(t, e, e.Keys["py_test"]).MerchantID)
		if err != nil {
			t.Fatal(err)
		}
		byKind := map[string]domain.APIKey{}
		for _, k := range keys {
			byKind[domain.KeyPrefix(k.Kind, k.Livemode)] = k
		}
		// Rolled with a grace period: old and new keys both work.
		nk, err := e.Engine.RollKey(ctx, byKind["py_test_"].ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{e.Keys["py_test"], nk.Secret} {
			if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + k}); r.Status != 200 {
				t.Fatalf("during grace: %d %s", r.Status, r.Text())
			}
		}
		// Rolled with no grace: the old key stops at once.
		nk2, err := e.Engine.RollKey(ctx, byKind["sk_test_"].ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "basic:" + e.Keys["sk_test"]}); r.Status != 401 || field(r.JSON, "error.type") != "authentication_error" {
			t.Fatalf("rolled key: %d %s", r.Status, r.Text())
		}
		if _, err := e.Engine.RevokeKey(ctx, nk2.Key.ID); err != nil {
			t.Fatal(err)
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + nk2.Secret}); r.Status != 401 {
			t.Fatalf("revoked key: %d %s", r.Status, r.Text())
		}
		if _, err := e.Engine.RevokeKey(ctx, nk.Key.ID); err != nil {
			t.Fatal(err)
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + nk.Secret}); r.Status != 401 || r.JSON["message"] != "Unauthorized" {
			t.Fatalf("revoked py key: %d %s", r.Status, r.Text())
		}
	})
}

func mustAuth(t *testing.T, e *servertest.Env, key string) domain.Auth {
	t.Helper()
	a, err := e.Engine.Authenticate(context.Background(), key)
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
		live := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + e.Keys["sk_live"], Body: `{"email":"live@example.com"}`})
		if live.Status != 200 {
			t.Fatalf("create live: %d %s", live.Status, live.Text())
		}
		id := live.JSON["id"].(string)
		if live.JSON["livemode"] != true {
			t.Errorf("livemode = %v", live.JSON["livemode"])
		}
		for _, key := range []string{e.Keys["sk_test"], other["sk_live"]} {
			if r := e.Do(t, call{Method: "GET", Path: "/v2/customers/" + id, Auth: "bearer:" + key}); r.Status != 404 {
				t.Errorf("GET live customer with another scope's key: %d %s", r.Status, r.Text())
			}
			if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + key}); len(r.JSON["data"].([]any)) != 0 {
				t.Errorf("list leaks: %s", r.Text())
			}
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + e.Keys["py_test"]}); r.JSON["total_count"] != 0.0 {
			t.Errorf("paysley test list sees live: %s", r.Text())
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + e.Keys["py_live"]}); r.JSON["total_count"] != 1.0 {
			t.Errorf("paysley live list misses the live customer: %s", r.Text())
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/events", Auth: "bearer:" + e.Keys["sk_test"]}); len(r.JSON["data"].([]any)) != 0 {
			t.Errorf("test events see live: %s", r.Text())
		}
	})
}

// newEnvOnStore adds a second merchant to the same server.
func newEnvOnStore(t *testing.T, e *servertest.Env, name string) domain.KeySet {
	t.Helper()
	_, keys := storetest.MustMerchant(t, e.Engine, name)
	return keys
}

func TestIdempotency(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		post := func(key, body string) reply {
			return e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: body, Headers: map[string]string{"Idempotency-Key": key}})
		}
		first := post("k1", `{"email":"a@example.com","name":"A"}`)
		if first.Status != 200 || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %d %v", first.Status, first.Header)
		}
		// Same parameters in another order and encoding: replayed, byte for byte.
		again := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: sk, ContentType: "application/x-www-form-urlencoded",
			Body: "name=A&email=a%40example.com", Headers: map[string]string{"Idempotency-Key": "k1"}})
		if again.Status != 200 || again.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.Body, first.Body) {
			t.Fatalf("replay: %d %v %s", again.Status, again.Header, again.Text())
		}
		if r := post("k1", `{"email":"b@example.com"}`); r.Status != 400 || field(r.JSON, "error.type") != "idempotency_error" {
			t.Fatalf("mismatch: %d %s", r.Status, r.Text())
		}
		// The same key in the other mode, or for another merchant, is another key.
		if r := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + e.Keys["sk_live"], Body: `{"email":"z@example.com"}`,
			Headers: map[string]string{"Idempotency-Key": "k1"}}); r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("live with same key: %d %s", r.Status, r.Text())
		}
		// A request refused before it changed anything keeps nothing, as
		// Stripe's validation failures: the key may be used again, even with
		// corrected parameters.
		bad := post("k2", `{"email":"not-an-email"}`)
		badAgain := post("k2", `{"email":"not-an-email"}`)
		if bad.Status != 400 || badAgain.Status != 400 || badAgain.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("4xx before execution: %d %d %v", bad.Status, badAgain.Status, badAgain.Header)
		}
		if fixed := post("k2", `{"email":"fixed@example.com"}`); fixed.Status != 200 {
			t.Fatalf("corrected retry: %d %s", fixed.Status, fixed.Text())
		}

		// Concurrent duplicates create exactly one customer.
		const n = 20
		var wg sync.WaitGroup
		statuses := make(chan int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- post("race", `{"email":"race@example.com"}`).Status
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
		list := e.Do(t, call{Method: "GET", Path: "/v2/customers?email=race@example.com", Auth: sk})
		if got := len(list.JSON["data"].([]any)); got != 1 {
			t.Fatalf("concurrent duplicates made %d customers", got)
		}
	})
}

func TestLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.Do(t, call{Method: "GET", Path: "/v2/customers?x=" + e.Keys["sk_test"], Auth: "bearer:" + e.Keys["sk_test"]})
	e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "basic:" + e.Keys["py_test"]})
	logs := e.Logs()
	if !strings.Contains(logs, `"path":"/v2/customers"`) {
		t.Fatalf("request not logged: %s", logs)
	}
	for _, k := range e.Keys {
		if strings.Contains(logs, k) || strings.Contains(logs, k[8:]) {
			t.Fatalf("a key appears in the logs: %s", logs)
		}
	}
}

package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestRateLimits: each key has its own allowance a second (live and test
// apart), each client address another; past it a 429 in the key's dialect
// with Retry-After and RateLimit-* headers.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	// The buckets' clock stands still, so no token comes back while the
	// requests run, however slow the machine.
	frozen := time.Now()
	stopped := func() time.Time { return frozen }
	e := servertest.NewWith(t, storetest.Open(t, store.SQLite), servertest.Options{
		Limiter: server.NewLocalLimiterAt(stopped), RateLimits: server.RateLimits{Live: 3, Test: 5, IP: 1000}})
	tests := []struct {
		name, key string
		allowed   int
		want      map[string]any // the 429's body
	}{
		{"PaySmart test key", "sk_test", 5, map[string]any{"error.type": "rate_limit_error", "error.code": "rate_limit"}},
		{"Paysley test key, its own allowance", "py_test", 5, map[string]any{"result": "failed", "is_valid": false}},
		{"PaySmart live key", "sk_live", 3, map[string]any{"error.type": "rate_limit_error"}},
	}
	for _, tt := range tests {
		ok := 0
		for ; ok <= tt.allowed+1; ok++ {
			r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + e.Keys[tt.key]})
			if r.Status == 429 {
				servertest.Expect(t, r, 429, tt.want)
				if ra, _ := strconv.Atoi(r.Header.Get("Retry-After")); ra < 1 || r.Header.Get("RateLimit-Remaining") != "0" ||
					r.Header.Get("RateLimit-Reset") == "" {
					t.Fatalf("%s: 429 headers %v", tt.name, r.Header)
				}
				break
			}
			if r.Status != 200 || r.Header.Get("RateLimit-Limit") != strconv.Itoa(tt.allowed) ||
				(ok == 0 && r.Header.Get("RateLimit-Remaining") != strconv.Itoa(tt.allowed-1)) {
				t.Fatalf("%s: request %d: %d, RateLimit-Limit %q, -Remaining %q; body %s", tt.name, ok, r.Status,
					r.Header.Get("RateLimit-Limit"), r.Header.Get("RateLimit-Remaining"), r.Body)
			}
		}
		if ok != tt.allowed {
			t.Fatalf("%s: %d requests allowed before a 429, want %d", tt.name, ok, tt.allowed)
		}
	}

	// Per address: whatever the key, one client gets IP requests a second.
	e = servertest.NewWith(t, storetest.Open(t, store.SQLite), servertest.Options{
		Limiter: server.NewLocalLimiterAt(stopped), RateLimits: server.RateLimits{IP: 4}})
	refused := 0
	for i, key := range []string{"sk_test", "py_test", "sk_live", "bearer:sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "py_live", "pk_test"} {
		auth := "bearer:" + e.Keys[key]
		if e.Keys[key] == "" {
			auth = key
		}
		r := e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: auth})
		if r.Status == 429 {
			refused++
		}
		if i < 4 && r.Status == 429 {
			t.Fatalf("request %d with %s: %d; body %s", i, key, r.Status, r.Body)
		}
	}
	if refused != 2 {
		t.Fatalf("six requests from one address at 4 a second: %d refused, want 2", refused)
	}
}

// TestRateLimitsAcrossNodes: with Redis, two servers share one allowance
// per key. It runs when PAYSMART_TEST_REDIS holds a Redis URL.
func TestRateLimitsAcrossNodes(t *testing.T) {
	t.Parallel()
	url := os.Getenv("PAYSMART_TEST_REDIS")
	if url == "" {
		t.Skip("Redis tests skipped: set PAYSMART_TEST_REDIS (e.g. redis://127.0.0.1:6379/0) to run them")
	}
	lim, rdb, err := server.NewRedisLimiter(url, "paysmart-test:"+domain.NewID("t")+":")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis: %v", err)
	}
	engine, _ := storetest.Engine(t, store.SQLite)
	_, keys := storetest.MustMerchant(t, engine, "Acme")
	var nodes []*servertest.Env
	for range 2 {
		srv := httptest.NewServer(server.New(server.Config{Engine: engine, Limiter: lim, RateLimits: server.RateLimits{Test: 5}}))
		t.Cleanup(srv.Close)
		nodes = append(nodes, &servertest.Env{URL: srv.URL})
	}
	// Ten at once, five to each node.
	var mu sync.Mutex
	var wg sync.WaitGroup
	allowed, refused := 0, 0
	start := time.Now()
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := nodes[i%2].Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + keys["sk_test"]})
			mu.Lock()
			defer mu.Unlock()
			switch r.Status {
			case 200:
				allowed++
			case 429:
				refused++
			default:
				t.Errorf("node %d: %d %s", i%2, r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	// One shared bucket lets 5 through, and one more per 200 ms the requests took;
	// alone, each node would let its 5 through: 10 in all.
	shared := 5 + int(time.Since(start)/(200*time.Millisecond))
	if allowed < 5 || allowed > shared || refused == 0 {
		t.Fatalf("%d allowed, %d refused across two nodes in %v; want one allowance of 5 a second (at most %d)",
			allowed, refused, time.Since(start), shared)
	}
}

package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestLiveKeysNeedHTTPS: a live key over plain HTTP is refused in its
// dialect's shape, unless a trusted proxy says the client used HTTPS; test
// keys may use plain HTTP. HTTPS responses carry HSTS.
func TestLiveKeysNeedHTTPS(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	behindProxy := servertest.NewWith(t, s, servertest.Options{HTTPSOnlyLive: true,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	direct := servertest.NewWith(t, storetest.Open(t, store.SQLite), servertest.Options{HTTPSOnlyLive: true})
	https := map[string]string{"X-Forwarded-Proto": "https"}
	tests := []struct {
		name    string
		env     *servertest.Env
		key     string
		headers map[string]string
		status  int
		want    map[string]any
		hsts    bool
	}{
		{"live PaySmart key over HTTP", direct, "sk_live", nil, 400,
			map[string]any{"error.type": "invalid_request_error", "error.code": "https_required"}, false},
		{"live Paysley key over HTTP", direct, "py_live", nil, 400, map[string]any{"result": "failed", "is_valid": false}, false},
		{"a client's own X-Forwarded-Proto is not believed", direct, "sk_live", https, 400,
			map[string]any{"error.code": "https_required"}, false},
		{"test key over HTTP", direct, "sk_test", nil, 200, map[string]any{"object": "list"}, false},
		{"live key through a trusted TLS proxy", behindProxy, "sk_live", https, 200, map[string]any{"object": "list"}, true},
		{"live key through a trusted proxy over HTTP", behindProxy, "py_live", map[string]string{"X-Forwarded-Proto": "http"}, 400,
			map[string]any{"result": "failed"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.env.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + tt.env.Keys[tt.key], Headers: tt.headers})
			servertest.Expect(t, r, tt.status, tt.want)
			if got := r.Header.Get("Strict-Transport-Security") != ""; got != tt.hsts {
				t.Errorf("HSTS %q, want present=%v", r.Header.Get("Strict-Transport-Security"), tt.hsts)
			}
		})
	}

	// On the server's own TLS, live keys work and every answer carries HSTS.
	engine, _ := storetest.Engine(t, store.SQLite)
	_, keys := storetest.MustMerchant(t, engine, "Acme")
	srv := httptest.NewTLSServer(server.New(server.Config{Engine: engine, HTTPSOnlyLive: true}))
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest("GET", srv.URL+"/v2/customers", nil)
	req.Header.Set("Authorization", "Bearer "+keys["sk_live"])
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
		t.Fatalf("over TLS: %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
}

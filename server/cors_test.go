package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestTokenizationCORS: a page on another origin may tokenise a card with a
// publishable key (preflight included) and read the answer, errors too;
// nothing else under /v2 answers cross-origin, and a secret key gets no CORS
// headers even on the tokenisation route. The browser itself is driven in
// sdk/browser_test.go.
func TestTokenizationCORS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, store.SQLite))
	do := func(method, path, key, body string, headers map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, e.URL+path, strings.NewReader(body))
		req.Header.Set("Origin", "https://shop.example")
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	preflight := map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
	card := `{"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}`
	pk, sk := e.Keys["pk_test"], e.Keys["sk_test"]

	res := do("OPTIONS", "/v2/payment_methods", "", "", preflight)
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") ||
		res.Header.Get("Access-Control-Allow-Methods") != "POST" {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	if res := do("OPTIONS", "/v2/payment_methods", "", "", map[string]string{"Access-Control-Request-Method": "DELETE"}); res.StatusCode != 403 ||
		res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight for DELETE: %d %v", res.StatusCode, res.Header)
	}
	for _, path := range []string{"/v2/payments", "/v2/customers", "/v2/payment_methods/pm_x", "/v2/payment-requests"} {
		if res := do("OPTIONS", path, "", "", preflight); res.Header.Get("Access-Control-Allow-Origin") != "" || res.StatusCode < 400 {
			t.Errorf("preflight of %s: %d %v", path, res.StatusCode, res.Header)
		}
	}

	for _, c := range []struct {
		name, method, path, key, body string
		status                        int
		cors                          bool
	}{
		{"pk tokenises", "POST", "/v2/payment_methods", pk, card, 200, true},
		{"pk sees its card error", "POST", "/v2/payment_methods", pk, strings.Replace(card, "4242424242424242", "4242424242424241", 1), 402, true},
		{"a wrong pk is readable too", "POST", "/v2/payment_methods", "pk_test_nope", card, 401, true},
		{"sk on the tokenisation route", "POST", "/v2/payment_methods", sk, card, 200, false},
		{"pk elsewhere stays refused", "POST", "/v2/payments", pk, `{"amount": 100, "currency": "usd"}`, 403, false},
		{"pk cannot list", "GET", "/v2/payments", pk, "", 403, false},
		{"sk elsewhere", "GET", "/v2/payments", sk, "", 200, false},
	} {
		res := do(c.method, c.path, c.key, c.body, nil)
		if res.StatusCode != c.status || (res.Header.Get("Access-Control-Allow-Origin") == "*") != c.cors {
			t.Errorf("%s: %d, Access-Control-Allow-Origin %q; want %d, CORS %v", c.name, res.StatusCode,
				res.Header.Get("Access-Control-Allow-Origin"), c.status, c.cors)
		}
		if c.cors && res.Header.Get("Access-Control-Expose-Headers") != "Request-Id" {
			t.Errorf("%s: Request-Id not exposed", c.name)
		}
	}
}

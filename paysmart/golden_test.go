package paysmart_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenObjects keeps each documented PaySmart object as it is rendered,
// under testdata/, with ids, times, the card's expiry year and the server's
// address normalised. go test ./paysmart -run Golden -update rewrites them.
func TestGoldenObjects(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	do := func(method, path, body string) servertest.Reply {
		t.Helper()
		return e.Do(t, call{Method: method, Path: path, Auth: sk, Body: body})
	}
	n := &normaliser{ids: map[string]string{}, base: e.URL}

	cus := do("POST", "/v2/customers", `{"email": "customer@example.com", "name": "John Doe", "phone": "+1234567890",
		"address": {"line1": "123 Main St", "city": "San Francisco", "state": "CA", "postal_code": "94111", "country": "US"}}`)
	n.golden(t, "customer", cus)
	pay := do("POST", "/v2/payments", documentedPayment)
	n.golden(t, "payment", pay)
	n.golden(t, "payment_declined", do("POST", "/v2/payments", payBody("4000000000009995", "")))
	auth := do("POST", "/v2/payments", payBody("5555555555554444", `, "capture": false`))
	n.golden(t, "payment_requires_capture", auth)
	n.golden(t, "refund", do("POST", "/v2/refunds", fmt.Sprintf(`{"payment": %q, "amount": 500}`, pay.Get("id"))))
	n.golden(t, "payment_method", do("POST", "/v2/payment_methods",
		`{"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": `+expYear+`, "cvc": "123"}}`))
	n.golden(t, "webhook_endpoint", do("POST", "/v2/webhook_endpoints", `{"url": "https://example.com/hook", "enabled_events": ["payment.succeeded"]}`))
	n.golden(t, "payment_list", do("GET", "/v2/payments?limit=1", ""))
	n.golden(t, "event", do("GET", "/v2/events?limit=1&type=payment.succeeded", ""))
	n.golden(t, "customer_deleted", do("DELETE", "/v2/customers/"+cus.Get("id").(string), ""))
	n.golden(t, "error_missing_param", do("POST", "/v2/payments", `{"currency": "usd"}`))
	n.golden(t, "error_not_found", do("GET", "/v2/payments/pay_00000000000000000000000000000000", ""))
	n.golden(t, "payment_requires_action", do("POST", "/v2/payments", payBody("4000002760003184", "")))
}

// normaliser replaces what changes from run to run with stable stand-ins.
type normaliser struct {
	ids  map[string]string
	base string
}

var (
	idPattern = regexp.MustCompile(`\b(pay|re|cus|pm|evt|we|whsec|acct|req)_[0-9A-Za-z]+`)
	timeKeys  = map[string]bool{"created": true, "failing_since": true, "flagged_at": true, "next_retry_at": true}
)

func (n *normaliser) golden(t *testing.T, name string, r servertest.Reply) {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("%s: %v: %s", name, err, r.Body)
	}
	got, err := json.MarshalIndent(map[string]any{"status": r.Status, "body": n.walk("", v)}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./paysmart -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (rerun with -update if the change is meant):\ngot:\n%s", name, path, got)
	}
}

func (n *normaliser) walk(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = n.walk(k, e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = n.walk(key, e)
		}
		return x
	case float64:
		switch {
		case timeKeys[key]:
			return 1767225600
		case key == "exp_year":
			return 2030
		}
	case string:
		s := strings.ReplaceAll(x, n.base, "http://127.0.0.1:8080")
		if key == "fingerprint" || key == "receipt_number" || key == "secret" {
			return "<" + key + ">"
		}
		return idPattern.ReplaceAllStringFunc(s, func(id string) string {
			if _, ok := n.ids[id]; !ok {
				prefix := id[:strings.Index(id, "_")]
				count := 0
				for _, v := range n.ids {
					if strings.HasPrefix(v, prefix+"_") {
						count++
					}
				}
				n.ids[id] = fmt.Sprintf("%s_%d", prefix, count+1)
			}
			return n.ids[id]
		})
	}
	return v
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/processor/stripe"
	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/sdk/webhook"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestServeLiveStripe runs "paysmart serve --live-processor stripe" against
// the stateful Stripe fake (every request it receives also validated by
// stripe-mock): a live-mode payment authorised, partly captured and partly
// refunded over HTTP; a refund whose Stripe answer times out, answered
// pending and settled by the reconcile job, its key replayed; Stripe's
// webhook endpoint verifying signatures; then paysmart verify is clean and
// the card number is nowhere in the logs.
func TestServeLiveStripe(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			fake := stripetest.New(t)
			fake.Validate = mock
			var refundFault atomic.Int32
			fake.Faults = func(r *http.Request, _ string) stripetest.Fault {
				if r.Method == "POST" && r.URL.Path == "/v1/refunds" && refundFault.CompareAndSwap(1, 0) {
					return stripetest.FaultTimeout
				}
				return stripetest.FaultNone
			}
			db := storetest.URL(t, flavor)
			vaultKey := strings.Repeat("ab", 32)
			var out bytes.Buffer
			m := createMerchant(t, db, vaultKey)
			const whsec = "whsec_stripe_test"
			env := map[string]string{"PAYSMART_STRIPE_SECRET_KEY": "sk_live_fake", "PAYSMART_STRIPE_API_BASE": fake.URL,
				"PAYSMART_STRIPE_WEBHOOK_SECRET": whsec}
			base, _, logs := serveWith(t, db, func(k string) string { return env[k] },
				"--live-processor", "stripe", "--processor-timeout", "2s", "--reconcile-after", "3s", "--trusted-proxy", "127.0.0.1")
			base = behindTLSProxy(t, base) // live keys come over HTTPS
			live := m.Keys["sk_live"]

			st, p := request(t, "POST", base+"/v2/payments", live, `{"amount": 5000, "currency": "usd", "capture": false,
				"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`)
			if st != 200 || p["status"] != "requires_capture" || p["livemode"] != true {
				t.Fatalf("live payment: %d %v", st, p)
			}
			id := p["id"].(string)
			st, p = request(t, "POST", base+"/v2/payments/"+id+"/capture", live, `{"amount": 3000}`)
			if st != 200 || p["status"] != "succeeded" || p["amount_captured"] != 3000.0 {
				t.Fatalf("partial capture: %d %v", st, p)
			}
			st, r := request(t, "POST", base+"/v2/refunds", live, `{"payment": "`+id+`", "amount": 1000}`)
			if st != 200 || r["status"] != "succeeded" {
				t.Fatalf("partial refund: %d %v", st, r)
			}

			// A refund whose answer never comes: pending, then settled by
			// the reconcile job; the same key replays the first answer.
			refundFault.Store(1)
			req := func() (int, map[string]any) {
				req, _ := http.NewRequest("POST", base+"/v2/refunds", strings.NewReader(`{"payment": "`+id+`", "amount": 500}`))
				req.Header.Set("Authorization", "Bearer "+live)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", "refund-2")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				var body map[string]any
				json.NewDecoder(res.Body).Decode(&body)
				return res.StatusCode, body
			}
			st, r = req()
			if st != 200 || r["status"] != "pending" {
				t.Fatalf("refund with a lost answer: %d %v", st, r)
			}
			refund := r["id"].(string)
			deadline := time.Now().Add(30 * time.Second)
			for r["status"] == "pending" && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
				_, r = request(t, "GET", base+"/v2/refunds/"+refund, live, "")
			}
			if r["status"] != "succeeded" {
				t.Fatalf("refund after reconcile: %v", r)
			}
			if st, again := req(); st != 200 || again["id"] != refund {
				t.Errorf("retried refund: %d %v", st, again)
			}
			_, p = request(t, "GET", base+"/v2/payments/"+id, live, "")
			if p["amount_captured"] != 3000.0 || p["amount_refunded"] != 1500.0 {
				t.Errorf("payment after refunds: %v", p)
			}
			pis := fake.Intents(id)
			if len(pis) != 1 || pis[0].AmountReceived != 3000 || pis[0].Refunded != 1500 {
				t.Errorf("Stripe's side: %+v", pis)
			}
			if n := fake.Effects(domain.CallKey(refund, domain.OpRefund)); n != 1 {
				t.Errorf("the timed-out refund took effect %d times upstream", n)
			}
			fake.Check(t)

			// Stripe's webhooks: signature checked; a known event settles
			// nothing new (everything is recorded), and is acknowledged.
			body := fake.Event("payment_intent.succeeded", pis[0].ID)
			for _, c := range []struct {
				sig  string
				want int
			}{{"", 400}, {webhook.SignHeader(body, time.Now(), "whsec_other"), 400}, {webhook.SignHeader(body, time.Now(), whsec), 200}} {
				req, _ := http.NewRequest("POST", base+"/webhooks/stripe", bytes.NewReader(body))
				req.Header.Set(stripe.SignatureHeader, c.sig)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != c.want {
					t.Errorf("webhook with signature %q: %d, want %d", c.sig, res.StatusCode, c.want)
				}
			}

			// A Paysley live payment request, paid by its customer on the
			// hosted page: the charge goes through the connector.
			st, preq := request(t, "POST", base+"/v2/payment-requests", m.Keys["py_live"], `{"request_methods": ["EMAIL"],
				"email": "buyer@example.com", "amount": "42.50", "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`)
			link, _ := preq["long_url"].(string)
			if st != 200 || !strings.Contains(link, "/pay/preq_") {
				t.Fatalf("live payment request: %d %v", st, preq)
			}
			noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			form := url.Values{"cc_name": {"Live Buyer"}, "cc_number": {"4242 4242 4242 4242"}, "cc_exp": {"12/31"}, "cc_csc": {"123"}}
			res, err := noFollow.PostForm(base+link[strings.Index(link, "/pay/"):], form)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			receipt := res.Header.Get("Location")
			paid := regexp.MustCompile(`pay_([0-9a-f]{32})`).FindString(receipt)
			if res.StatusCode != http.StatusSeeOther || paid == "" {
				t.Fatalf("paying the live request on its page: %d, Location %q", res.StatusCode, receipt)
			}
			_, p = request(t, "GET", base+"/v2/payments/"+paid, live, "")
			if p["status"] != "succeeded" || p["livemode"] != true || p["amount_captured"] != 4250.0 {
				t.Fatalf("the page's live payment: %v", p)
			}
			if pis := fake.Intents(paid); len(pis) != 1 || pis[0].AmountReceived != 4250 {
				t.Fatalf("Stripe's side of the page's payment: %+v", pis)
			}

			out.Reset()
			if err := run(context.Background(), []string{"verify", "--database", db}, noEnv, &out, &out); err != nil {
				t.Errorf("verify: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), ": 0 problems") {
				t.Errorf("verify: %s", out.String())
			}
			if strings.Contains(logs.String(), "4242424242424242") {
				t.Error("the card number is in the logs")
			}
		})
	}
}

// liveMerchant is a merchant made by "paysmart merchants create --json".
type liveMerchant struct {
	Keys map[string]string `json:"keys"`
}

// createMerchant makes a merchant on db through the CLI, with the vault key
// its server will use.
func createMerchant(t *testing.T, db, vaultKey string) liveMerchant {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"merchants", "create", "--name", "Acme", "--json", "--database", db,
		"--vault-key", vaultKey}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("merchants create: %v: %s", err, out.String())
	}
	var m liveMerchant
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

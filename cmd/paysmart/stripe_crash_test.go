package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestStripeCallSurvivesSIGKILL kills the server with SIGKILL while a live
// payment, then a live refund, is at Stripe (the stateful fake, each request
// validated by stripe-mock): Stripe has done the work, our process dies
// before it hears so. After a restart on the same database the client
// retries with its Idempotency-Key and the reconcile job asks Stripe what
// happened (Lookup). Each object then exists once on both sides, in the same
// state: one PaymentIntent charged once, one refund, no idempotency key
// taking effect twice upstream, and paysmart verify clean.
func TestStripeCallSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			fake := stripetest.New(t)
			fake.Validate = mock
			// hold makes the next charge or refund at Stripe a call whose
			// answer never comes while our process lives; entered says it
			// reached Stripe.
			var hold atomic.Bool
			entered := make(chan string, 1)
			fake.Faults = func(r *http.Request, _ string) stripetest.Fault {
				if r.Method == "POST" && (r.URL.Path == "/v1/payment_intents" || r.URL.Path == "/v1/refunds") && hold.CompareAndSwap(true, false) {
					entered <- r.URL.Path
					return stripetest.FaultTimeout
				}
				return stripetest.FaultNone
			}
			db := storetest.URL(t, flavor)
			m := createMerchant(t, db, procVaultKey)
			live := m.Keys["sk_live"]
			env := []string{"PAYSMART_STRIPE_SECRET_KEY=sk_live_fake", "PAYSMART_STRIPE_API_BASE=" + fake.URL}
			flags := []string{"--live-processor", "stripe", "--processor-timeout", "20s", "--reconcile-after", "2s",
				"--trusted-proxy", "127.0.0.1"}

			// send posts body with key to whichever server base names; ok is
			// false when no answer came (the server died under it).
			send := func(base, path, key, body string) (int, map[string]any, bool) {
				req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+live)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", key)
				res, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
				if err != nil {
					return 0, nil, false
				}
				defer res.Body.Close()
				var v map[string]any
				json.NewDecoder(res.Body).Decode(&v)
				return res.StatusCode, v, res.StatusCode < 500
			}
			// crashDuring sends the request while Stripe holds its answer,
			// kills the server once the call is at Stripe, restarts it and
			// retries with the same key until an answer comes; it returns
			// the new server's base and the object the answer names.
			crashDuring := func(p *proc, base, path, key, body string) (string, map[string]any) {
				hold.Store(true)
				answered := make(chan bool, 1)
				go func() { _, _, ok := send(base, path, key, body); answered <- ok }()
				select {
				case <-entered:
				case <-time.After(20 * time.Second):
					t.Fatalf("%s never reached Stripe", path)
				}
				p.kill(t)
				if <-answered {
					t.Fatalf("%s was answered although the server died during its Stripe call", path)
				}
				next := startProcEnv(t, db, env, flags...)
				*p = *next
				base = behindTLSProxy(t, p.base)
				deadline := time.Now().Add(30 * time.Second)
				for {
					st, v, ok := send(base, path, key, body)
					if ok && st == 200 {
						return base, v
					}
					if time.Now().After(deadline) {
						t.Fatalf("retrying %s after the crash: %d %v", path, st, v)
					}
					time.Sleep(200 * time.Millisecond)
				}
			}
			// settle polls an object until its status leaves the in-between state.
			settle := func(base, path string, obj map[string]any) map[string]any {
				deadline := time.Now().Add(30 * time.Second)
				for obj["status"] == "processing" || obj["status"] == "pending" {
					if time.Now().After(deadline) {
						t.Fatalf("%s stayed %v", path, obj["status"])
					}
					time.Sleep(200 * time.Millisecond)
					_, obj = request(t, "GET", base+path, live, "")
				}
				return obj
			}

			p := startProcEnv(t, db, env, flags...)
			base := behindTLSProxy(t, p.base)
			base, pay := crashDuring(p, base, "/v2/payments", "order-1", `{"amount": 5000, "currency": "usd",
				"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`)
			id, _ := pay["id"].(string)
			pay = settle(base, "/v2/payments/"+id, pay)
			if pay["status"] != "succeeded" || pay["amount_captured"] != 5000.0 {
				t.Fatalf("the payment after the crash: %v", pay)
			}
			base, ref := crashDuring(p, base, "/v2/refunds", "refund-1", `{"payment": "`+id+`", "amount": 2000}`)
			refund, _ := ref["id"].(string)
			if ref = settle(base, "/v2/refunds/"+refund, ref); ref["status"] != "succeeded" {
				t.Fatalf("the refund after the crash: %v", ref)
			}
			// The same keys once more: the first answers, no new objects.
			if st, again, _ := send(base, "/v2/payments", "order-1", `{"amount": 5000, "currency": "usd",
				"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`); st != 200 || again["id"] != id {
				t.Errorf("the payment's key replayed: %d %v", st, again)
			}
			_, pay = request(t, "GET", base+"/v2/payments/"+id, live, "")
			if pay["amount_refunded"] != 2000.0 {
				t.Errorf("the payment after its refund: %v", pay)
			}

			// Stripe's side: one PaymentIntent, charged once, refunded once.
			pis := fake.Intents(id)
			if len(pis) != 1 || pis[0].AmountReceived != 5000 || pis[0].Refunded != 2000 {
				t.Errorf("Stripe's side: %+v", pis)
			}
			authorize := domain.CallKey(id, domain.OpAuthorize)
			for _, key := range []string{authorize + ":payment_method", authorize + ":payment_intent", domain.CallKey(refund, domain.OpRefund)} {
				if n := fake.Effects(key); n != 1 {
					t.Errorf("%s took effect %d times at Stripe, want once", key, n)
				}
			}
			fake.Check(t)
			var out bytes.Buffer
			if err := run(context.Background(), []string{"verify", "--database", db}, noEnv, &out, &out); err != nil ||
				!strings.Contains(out.String(), ": 0 problems") {
				t.Errorf("verify: %v\n%s", err, out.String())
			}
			t.Logf("killed twice mid-call; payment %s and refund %s exist once on both sides", id, refund)
		})
	}
}

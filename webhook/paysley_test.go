package webhook_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestPaysleyCallbacks pays a payment request (once declined, once approved)
// and checks that its response_url receives each result as the document
// describes it: a form field "response" holding the JSON, signed, and
// retried when the receiver fails.
func TestPaysleyCallbacks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := &clock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
		h := newHarness(t, s, c, jobs.Config{})
		rc := newReceiver(t, func(n int, r *http.Request) int {
			if n == 2 {
				return 500 // the approval's first try fails, and is retried
			}
			return 200
		})
		py := "bearer:" + h.Keys["py_test"]
		r := h.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],
			"email":"cb@example.com","amount":"62.33","currency":"USD","fixed_amount":true,"reference_number":"ord-7",
			"response_url":"` + rc.URL + `/response/","payment_frequency":"ONE-TIME",
			"cart_items":[{"name":"Blue Shirt XL","qty":1,"sales_price":"32.33"},{"name":"Black Short Pant XL","qty":3,"sales_price":10}]}`})
		servertest.Expect(t, r, 200, nil)
		txn, link := r.Get("transaction_id").(string), r.Get("long_url").(string)
		link = link[strings.LastIndex(link, "/")+1:]
		secret := h.Do(t, servertest.Call{Method: "GET", Path: "/v2/callback-secret", Auth: py}).Get("secret").(string)
		if !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("secret %q", secret)
		}

		card := domain.CardInput{Number: "4000000000009995", ExpMonth: 12, ExpYear: 2040}
		declined, err := h.Engine.PayPaymentRequest(t.Context(), link, card, 0, nil)
		if domain.AsError(err).DeclineCode != "insufficient_funds" {
			t.Fatalf("decline: %v", err)
		}
		// One attempt at a time: callbacks run in parallel, and the checks
		// below read them in order.
		waitFor(t, "the decline's callback", func() bool { return rc.count() >= 1 })
		card.Number = "4242424242424242"
		paid, err := h.Engine.PayPaymentRequest(t.Context(), link, card, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the approval's callback", func() bool { return rc.count() >= 2 })
		c.Advance(2 * time.Minute) // past the first retry's backoff
		h.runner.Wake()
		waitFor(t, "the retried callback", func() bool { return rc.count() >= 3 })

		got := rc.deliveries()
		want := []struct {
			status, paymentID, code string
		}{{"NOK", declined.ID, "800.100.155"}, {"ACK", paid.ID, "000.000.000"}, {"ACK", paid.ID, "000.000.000"}}
		for i, w := range want {
			d := got[i]
			if ct := d.header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
				t.Fatalf("callback %d content type %q", i, ct)
			}
			form, err := url.ParseQuery(string(d.body))
			if err != nil {
				t.Fatal(err)
			}
			raw := form.Get("response")
			if err := sdk.ValidatePayload([]byte(raw), d.header.Get(sdk.SignatureHeader), secret, time.Hour); err != nil {
				t.Fatalf("callback %d signature: %v", i, err)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(raw), &m); err != nil {
				t.Fatal(err)
			}
			for k, v := range map[string]any{"status": w.status, "result": w.status, "payment_id": w.paymentID,
				"transaction_id": txn, "payment_type": "CC.DB", "currency": "USD", "amount": 62.33, "result_code": w.code,
				"payment_frequency": "ONE-TIME", "payment_reference_id": nil, "reference_number": "ord-7"} {
				if m[k] != v {
					t.Errorf("callback %d: %s = %#v, want %#v; %s", i, k, m[k], v, raw)
				}
			}
			items := m["cart_items"].([]any)
			if len(items) != 2 || items[1].(map[string]any)["name"] != "Black Short Pant XL" || items[1].(map[string]any)["qty"] != 3.0 {
				t.Errorf("cart_items %v", items)
			}
		}
		stays(t, "no further callbacks", func() bool { return rc.count() == 3 })

		// Rolling the secret changes it; a request without response_url sends nothing.
		rolled := h.Do(t, servertest.Call{Method: "POST", Path: "/v2/callback-secret/roll", Auth: py}).Get("secret")
		if rolled == secret || rolled == nil {
			t.Fatalf("roll: %v", rolled)
		}
	})
}

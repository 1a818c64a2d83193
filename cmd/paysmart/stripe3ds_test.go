package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestServeLiveStripe3DS: a live payment whose card asks for 3-D Secure
// answers requires_action; its next_action URL sends the customer to the
// card issuer's page (Stripe's next_action.redirect_to_url, here the fake's),
// which sends them back to our return page, where the processor's word
// settles the payment: succeeded after a passed challenge, failed with
// authentication_failed after a failed one. A sandbox payment, whose
// challenge is our own page, has no return page.
func TestServeLiveStripe3DS(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	fake := stripetest.New(t)
	fake.Validate = mock
	db := storetest.URL(t, store.SQLite)
	m := createMerchant(t, db, strings.Repeat("ab", 32))
	env := map[string]string{"PAYSMART_STRIPE_SECRET_KEY": "sk_live_fake", "PAYSMART_STRIPE_API_BASE": fake.URL}
	pagesBase, _, _ := serveWith(t, db, func(k string) string { return env[k] },
		"--live-processor", "stripe", "--trusted-proxy", "127.0.0.1")
	api := behindTLSProxy(t, pagesBase)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) (int, string) {
		t.Helper()
		res, err := noFollow.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	pay := func(key, result string) map[string]any {
		t.Helper()
		base := pagesBase
		if strings.HasPrefix(key, "sk_live_") {
			base = api
		}
		st, p := request(t, "POST", base+"/v2/payments", key, `{"amount": 2500, "currency": "eur",
			"payment_method": {"type": "card", "card": {"number": "4000002760003184", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`)
		next, _ := p["next_action"].(map[string]any)
		redirect, _ := next["redirect_to_url"].(map[string]any)
		challenge, _ := redirect["url"].(string)
		if st != 200 || p["status"] != "requires_action" || !strings.HasPrefix(challenge, pagesBase+"/authenticate/pay_") {
			t.Fatalf("a card asking for 3-D Secure: %d %v", st, p)
		}
		if result == "" {
			return p
		}
		// Our challenge URL sends the customer on to the issuer's page.
		st, issuer := get(challenge)
		if st != http.StatusSeeOther || !strings.HasPrefix(issuer, fake.URL+"/3ds/pi_") {
			t.Fatalf("the challenge page: %d, Location %q; want the issuer's page", st, issuer)
		}
		// The issuer sends the customer back to our return page.
		st, back := get(issuer + "?result=" + result)
		if st != http.StatusFound || !strings.HasPrefix(back, challenge+"/return?payment_intent=pi_") {
			t.Fatalf("the issuer's page: %d, Location %q; want %s/return", st, back, challenge)
		}
		st, receipt := get(back)
		switch {
		case result == "pass" && (st != http.StatusSeeOther || receipt != "/receipts/"+p["id"].(string)):
			t.Fatalf("back from a passed challenge: %d, Location %q", st, receipt)
		case result == "fail" && st != http.StatusPaymentRequired:
			t.Fatalf("back from a failed challenge: %d, Location %q; want the 402 page", st, receipt)
		}
		_, p = request(t, "GET", base+"/v2/payments/"+p["id"].(string), key, "")
		return p
	}

	if p := pay(m.Keys["sk_live"], "pass"); p["status"] != "succeeded" || p["amount_captured"] != 2500.0 {
		t.Errorf("after a passed challenge: %v", p)
	} else if pis := fake.Intents(p["id"].(string)); len(pis) != 1 || pis[0].Status != "succeeded" || pis[0].AmountReceived != 2500 {
		t.Errorf("Stripe's side: %+v", pis)
	}
	if p := pay(m.Keys["sk_live"], "fail"); p["status"] != "failed" || p["failure_code"] != "card_declined" {
		t.Errorf("after a failed challenge: %v", p)
	}
	// Test mode runs on the sandbox: its challenge is our page, and there
	// is no return page to come back through.
	p := pay(m.Keys["sk_test"], "")
	if st, _ := get(pagesBase + "/authenticate/" + p["id"].(string) + "/return"); st != http.StatusNotFound {
		t.Errorf("a sandbox payment's return page: %d, want 404", st)
	}
	if _, p = request(t, "GET", pagesBase+"/v2/payments/"+p["id"].(string), m.Keys["sk_test"], ""); p["status"] != "requires_action" {
		t.Errorf("the sandbox payment after a visit to the return page: %v", p["status"])
	}
	fake.Check(t)
}

package stripe_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/processor/stripe"
	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/vault"
)

// recorder remembers every request and status the connector saw.
type recorder struct {
	mu   sync.Mutex
	seen []string
	next http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	line := req.Method + " " + req.URL.Path + " key=" + req.Header.Get("Idempotency-Key")
	if err != nil {
		r.seen = append(r.seen, line+" error")
	} else {
		r.seen = append(r.seen, fmt.Sprintf("%s %d", line, resp.StatusCode))
	}
	return resp, err
}

func (r *recorder) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

func testVault(t *testing.T) domain.Vault {
	t.Helper()
	key := make([]byte, vault.KeySize)
	rand.Read(key)
	v, err := vault.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sealed(t *testing.T, v domain.Vault, number string) domain.CardRef {
	t.Helper()
	s, err := v.Seal(number)
	if err != nil {
		t.Fatal(err)
	}
	return domain.CardRef{PaymentMethodID: "pm_x", Brand: "visa", ExpMonth: 12, ExpYear: 2030, Sealed: s}
}

// TestEveryCallIsValidForStripeMock sends every request the connector makes
// to stripe-mock, which checks each against Stripe's API description and
// refuses (400) any unknown or malformed parameter. stripe-mock answers
// canned objects, so the outcomes asserted are the mapping of those.
func TestEveryCallIsValidForStripeMock(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	v := testVault(t)
	rec := &recorder{next: http.DefaultTransport}
	p, err := stripe.New(stripe.Config{SecretKey: "sk_test_123", APIBase: mock, Vault: v, HTTPClient: &http.Client{Transport: rec}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	usd := domain.Currency{Code: "USD", Exponent: 2}
	const pay = "0123456789abcdef0123456789abcdef"

	for _, capture := range []bool{true, false} {
		res, err := p.Authorize(ctx, domain.AuthorizeRequest{Key: domain.CallKey("pay_"+pay, domain.OpAuthorize), PaymentID: pay,
			Amount: 2000, Currency: usd, Card: sealed(t, v, "4242424242424242"), Capture: capture})
		// The canned PaymentIntent reads requires_payment_method with a
		// last_payment_error: a decline, with its id as the reference.
		if err != nil || res.Outcome != domain.OutcomeDeclined || !strings.HasPrefix(res.Reference, "pi_") {
			t.Errorf("authorize (capture %v) = %+v, %v; want the canned PaymentIntent read as declined", capture, res, err)
		}
	}
	fu := domain.FollowUpRequest{PaymentID: pay, Reference: "pi_123", Amount: 500, Currency: usd}
	fu.Key = domain.CallKey("pay_"+pay, domain.OpCapture)
	if res, err := p.Capture(ctx, fu); err != nil || res.Outcome != domain.OutcomeUnknown {
		t.Errorf("capture = %+v, %v; want unknown (the canned PaymentIntent is not succeeded)", res, err)
	}
	fu.Key = domain.CallKey("pay_"+pay, domain.OpCancel)
	if res, err := p.Cancel(ctx, fu); err != nil || res.Outcome != domain.OutcomeUnknown {
		t.Errorf("cancel = %+v, %v; want unknown (the canned PaymentIntent is not canceled)", res, err)
	}
	fu.Key = domain.CallKey("re_"+pay, domain.OpRefund)
	if res, err := p.Refund(ctx, fu); err != nil || res.Outcome != domain.OutcomeApproved || !strings.HasPrefix(res.Reference, "re_") {
		t.Errorf("refund = %+v, %v; want the canned succeeded refund approved", res, err)
	}
	// Lookups: search (no PaymentIntent id), GET by id, the refund list.
	// The canned objects carry no paysmart metadata, so none is taken for
	// ours: every answer is unknown.
	for _, c := range []struct{ key, ref string }{
		{domain.CallKey("pay_"+pay, domain.OpAuthorize), ""},
		{domain.CallKey("pay_"+pay, domain.OpCapture), "pi_123"},
		{domain.CallKey("re_"+pay, domain.OpRefund), "pi_123"},
	} {
		if res, err := p.LookupReference(ctx, c.key, c.ref); err != nil || res.Outcome != domain.OutcomeUnknown {
			t.Errorf("lookup %s (%q) = %+v, %v; want unknown", c.key, c.ref, res, err)
		}
	}

	lines := rec.lines()
	for _, want := range []string{
		"POST /v1/payment_methods key=pay_" + pay + ":authorize:payment_method 200",
		"POST /v1/payment_intents key=pay_" + pay + ":authorize:payment_intent 200",
		"POST /v1/payment_intents/pi_123/capture key=pay_" + pay + ":capture 200",
		"POST /v1/payment_intents/pi_123/cancel key=pay_" + pay + ":cancel 200",
		"POST /v1/refunds key=re_" + pay + ":refund 200",
		"GET /v1/payment_intents/search key= 200",
		"GET /v1/payment_intents/pi_123 key= 200",
		"GET /v1/refunds key= 200",
	} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("no request %q; the connector sent:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, " 200") {
			t.Errorf("stripe-mock refused %s", l)
		}
		if strings.HasPrefix(l, "POST") && strings.HasSuffix(l, "key= 200") {
			t.Errorf("a POST without an Idempotency-Key: %s", l)
		}
	}
}

// TestStripeMockValidates shows that stripe-mock does refuse what Stripe
// would (so the test above means something): a parameter Stripe does not
// know, and raw card data inside payment_method_data.
func TestStripeMockValidates(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	for _, body := range []string{
		"amount=100&currency=usd&no_such_parameter=1",
		"amount=100&currency=usd&confirm=true&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242",
	} {
		req, _ := http.NewRequest("POST", mock+"/v1/payment_intents", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer sk_test_123")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("stripe-mock answered %d to %s; want 400", resp.StatusCode, body)
		}
	}
}

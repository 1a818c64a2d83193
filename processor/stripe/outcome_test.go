package stripe

import (
	"errors"
	"testing"

	"github.com/paysmart/paysmart/domain"
)

// TestRefusal: which Stripe answers mean nothing happened (a result) and
// which leave the outcome unknown (an error), as docs/decisions.md tables.
func TestRefusal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name         string
		err          error
		outcome      domain.Outcome // "" means an error comes back
		reason, code string
	}{
		{"decline", &apiError{Status: 402, Err: stripeError{Type: "card_error", Code: "card_declined", DeclineCode: "lost_card"}}, domain.OutcomeDeclined, "card_declined", "lost_card"},
		{"decline without decline_code", &apiError{Status: 402, Err: stripeError{Type: "card_error", Code: "card_declined"}}, domain.OutcomeDeclined, "card_declined", "generic_decline"},
		{"expired", &apiError{Status: 402, Err: stripeError{Type: "card_error", Code: "expired_card"}}, domain.OutcomeDeclined, "expired_card", "expired_card"},
		{"off-session 3-D Secure", &apiError{Status: 402, Err: stripeError{Type: "card_error", Code: "authentication_required", DeclineCode: "authentication_required"}}, domain.OutcomeDeclined, "card_declined", "authentication_required"},
		{"invalid request", &apiError{Status: 400, Err: stripeError{Type: "invalid_request_error", Code: "amount_too_small"}}, domain.OutcomeDeclined, "amount_too_small", ""},
		{"missing object", &apiError{Status: 404, Err: stripeError{Type: "invalid_request_error", Code: "resource_missing"}}, domain.OutcomeDeclined, "resource_missing", ""},
		{"idempotency mismatch", &apiError{Status: 400, Err: stripeError{Type: "idempotency_error"}}, "", "", ""},
		{"key in use", &apiError{Status: 409, Err: stripeError{Type: "idempotency_error", Code: "idempotency_key_in_use"}}, "", "", ""},
		{"bad key", &apiError{Status: 401, Err: stripeError{Type: "invalid_request_error"}}, "", "", ""},
		{"forbidden", &apiError{Status: 403, Err: stripeError{Type: "invalid_request_error"}}, "", "", ""},
		{"rate limit", &apiError{Status: 429, Err: stripeError{Type: "invalid_request_error", Code: "rate_limit"}}, "", "", ""},
		{"server error", &apiError{Status: 500, Err: stripeError{Type: "api_error"}}, "", "", ""},
		{"network", errors.New("connection reset"), "", "", ""},
	} {
		res, err := refusal(c.err)
		if c.outcome == "" {
			if err == nil {
				t.Errorf("%s: %+v, want an error (unknown)", c.name, res)
			}
			continue
		}
		if err != nil || res.Outcome != c.outcome || res.Reason != c.reason || res.DeclineCode != c.code {
			t.Errorf("%s: %+v, %v; want %s %s/%s", c.name, res, err, c.outcome, c.reason, c.code)
		}
	}
}

func TestIntentOutcome(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		op     domain.Operation
		status string
		want   domain.Outcome
	}{
		{domain.OpAuthorize, "requires_capture", domain.OutcomeApproved},
		{domain.OpAuthorize, "succeeded", domain.OutcomeApproved},
		{domain.OpAuthorize, "requires_action", domain.OutcomeRequiresAction},
		{domain.OpAuthorize, "processing", domain.OutcomeUnknown},
		{domain.OpAuthorize, "requires_payment_method", domain.OutcomeUnknown},
		{domain.OpCapture, "succeeded", domain.OutcomeApproved},
		{domain.OpCapture, "requires_capture", domain.OutcomeUnknown},
		{domain.OpCapture, "canceled", domain.OutcomeDeclined},
		{domain.OpCancel, "canceled", domain.OutcomeApproved},
		{domain.OpCancel, "requires_capture", domain.OutcomeUnknown},
		{domain.OpCancel, "succeeded", domain.OutcomeDeclined},
	} {
		if got := intentOutcome(c.op, paymentIntent{ID: "pi_1", Status: c.status}); got.Outcome != c.want || got.Reference != "pi_1" {
			t.Errorf("%s of a %s PaymentIntent: %+v, want %s", c.op, c.status, got, c.want)
		}
	}
}

// TestKeysByMode: a live connector takes only live keys, a test one only
// test keys, so that live payments never land in Stripe's test mode.
func TestKeysByMode(t *testing.T) {
	t.Parallel()
	var v domain.Vault = fakeVault{}
	for _, c := range []struct {
		key  string
		live bool
		ok   bool
	}{
		{"sk_live_x", true, true}, {"rk_live_x", true, true}, {"sk_test_x", true, false}, {"", true, false},
		{"sk_test_x", false, true}, {"sk_live_x", false, false}, {"pk_test_x", false, false},
	} {
		_, err := New(Config{SecretKey: c.key, Livemode: c.live, Vault: v})
		if (err == nil) != c.ok {
			t.Errorf("key %q live %v: %v", c.key, c.live, err)
		}
	}
}

type fakeVault struct{ domain.Vault }

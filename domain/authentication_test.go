package domain_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// Test3DSecure walks the requires_action flow: the two 3-D Secure cards ask
// for a challenge on session, the customer's answer finishes the payment
// once through the processor, a second answer changes nothing, and MOTO
// skips the challenge.
func Test3DSecure(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		pay := func(number string, capture bool) domain.Payment {
			t.Helper()
			p, err := f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1000, Currency: "eur", Card: card(number), Capture: capture})
			if err != nil || p.Status != domain.StatusRequiresAction || p.AmountCaptured != 0 || p.PendingOp != "" {
				t.Fatalf("%s: %+v, %v", number, p, err)
			}
			return p
		}
		tests := []struct {
			name    string
			number  string
			capture bool
			passed  bool
			status  domain.PaymentStatus
			decline string
		}{
			{"3155 passed", sandbox.CardAuthenticateOnSession, true, true, domain.StatusSucceeded, ""},
			{"3184 passed, manual capture", sandbox.CardAuthenticateAlways, false, true, domain.StatusRequiresCapture, ""},
			{"3184 failed", sandbox.CardAuthenticateAlways, true, false, domain.StatusFailed, "authentication_failed"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				p := pay(tc.number, tc.capture)
				got, err := f.AuthenticatePayment(ctx, p.ID, tc.passed)
				if got.Status != tc.status || domain.AsError(err).DeclineCode != tc.decline {
					t.Fatalf("answered: %s, %v", got.Status, err)
				}
				// A second answer (a double click, the other button) changes nothing.
				again, _ := f.AuthenticatePayment(ctx, p.ID, !tc.passed)
				if again.Status != tc.status || again.AmountCaptured != got.AmountCaptured {
					t.Fatalf("second answer: %s", again.Status)
				}
				for _, op := range []domain.Operation{domain.OpAuthenticate, domain.OpFailAuthentication} {
					want := 0
					if (op == domain.OpAuthenticate) == tc.passed {
						want = 1
					}
					if n := f.calls(t, domain.CallKey(p.ObjectID(), op)); n != want {
						t.Fatalf("%s sent %d times, want %d", op, n, want)
					}
				}
			})
		}

		// A processor fault while answering leaves the payment processing;
		// the reconcile job finishes it under the same key.
		p := pay(sandbox.CardAuthenticateOnSession, true)
		f.inject(domain.OpAuthenticate, sandbox.FaultLost)
		got, err := f.AuthenticatePayment(ctx, p.ID, true)
		if err != nil || got.Status != domain.StatusProcessing || got.PendingOp != domain.OpAuthenticate {
			t.Fatalf("under fault: %+v %v", got, err)
		}
		f.fault.Store(nil)
		if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: p.ObjectID(), Op: domain.OpAuthenticate}, false); err != nil {
			t.Fatal(err)
		}
		if got := getPayment(t, f.Engine, sc, p.ID); got.Status != domain.StatusSucceeded || got.AmountCaptured != 1000 {
			t.Fatalf("after reconcile: %+v", got)
		}
		if n := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpAuthenticate)); n != 1 {
			t.Fatalf("authenticate sent %d times", n)
		}
		f.verifyClean(t)
	})
}

// Test3DSecurePaymentRequest pays a one-time request with a 3-D Secure
// card: MOTO skips the challenge; otherwise the request is paid only when
// the challenge is passed, and a challenge answered after someone else paid
// fails without reaching the processor.
func Test3DSecurePaymentRequest(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		fixed := true
		request := func(moto bool) domain.PaymentRequest {
			t.Helper()
			pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"}, Email: "payer@example.com",
				Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB", MotoEnabled: moto})
			if err != nil {
				t.Fatal(err)
			}
			return pr
		}
		status := func(pr domain.PaymentRequest) string {
			t.Helper()
			got, err := f.GetPaymentRequest(ctx, sc, pr.TransactionID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Status
		}

		moto := request(true)
		if p, err := f.PayPaymentRequest(ctx, moto.ID, *card(sandbox.CardAuthenticateAlways), 0, nil); err != nil || p.Status != domain.StatusSucceeded {
			t.Fatalf("MOTO: %s %v", p.Status, err)
		}

		pr := request(false)
		a, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, nil)
		if err != nil || a.Status != domain.StatusRequiresAction || status(pr) != "open" {
			t.Fatalf("first payer: %s %v, request %s", a.Status, err, status(pr))
		}
		b, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, nil)
		if err != nil || b.Status != domain.StatusRequiresAction {
			t.Fatalf("second payer: %s %v", b.Status, err)
		}
		if got, err := f.AuthenticatePayment(ctx, b.ID, true); err != nil || got.Status != domain.StatusSucceeded || status(pr) != "paid" {
			t.Fatalf("second payer passes: %s %v, request %s", got.Status, err, status(pr))
		}
		got, err := f.AuthenticatePayment(ctx, a.ID, true)
		if domain.AsError(err).Reason != "payment_request_paid" || got.Status != domain.StatusFailed {
			t.Fatalf("first payer passes late: %s %v", got.Status, err)
		}
		if n := f.calls(t, domain.CallKey(a.ObjectID(), domain.OpAuthenticate)); n != 0 {
			t.Fatalf("a refused challenge reached the processor %d times", n)
		}
		f.verifyClean(t)
	})
}

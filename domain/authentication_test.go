package domain_test

import (
	"context"
	"strings"
	"testing"
	"time"

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

// TestExpireChallenges moves the clock past ChallengeLifetime: a challenge
// older than that fails through the processor as a failed answer would
// (declined authentication_failed, its event, its history row no longer
// pending), a younger one and an answered one are left alone, a second run
// asks the processor nothing, and the payment request the expired payment
// was paying can still be paid.
func TestExpireChallenges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		at := func(d time.Duration) { f.offset.Store(int64(d)) }
		challenge := func() domain.Payment {
			t.Helper()
			p, err := f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1000, Currency: "eur",
				Card: card(sandbox.CardAuthenticateAlways), Capture: true})
			if err != nil || p.Status != domain.StatusRequiresAction {
				t.Fatalf("challenge: %+v, %v", p, err)
			}
			return p
		}
		expire := func(want int) {
			t.Helper()
			if n, err := f.ExpireChallenges(ctx); err != nil || n != want {
				t.Fatalf("ExpireChallenges = %d, %v; want %d", n, err, want)
			}
		}
		allCalls := func() int {
			t.Helper()
			all, err := s.SandboxLedger().SandboxCalls(ctx)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range all {
				n += c.Calls
			}
			return n
		}
		fixed := true
		pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"},
			Email: "payer@example.com", Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB"})
		if err != nil {
			t.Fatal(err)
		}
		requestStatus := func() string {
			t.Helper()
			got, err := f.GetPaymentRequest(ctx, sc, pr.TransactionID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Status
		}

		history := func(p domain.Payment) []string {
			t.Helper()
			page, err := f.ListHistory(ctx, sc, domain.HistoryParams{Page: 1, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var statuses []string
			for _, h := range page.Items {
				if h.PaymentID == p.ID {
					statuses = append(statuses, h.Status)
				}
			}
			return statuses
		}

		old := challenge()
		answered := challenge()
		if p, err := f.AuthenticatePayment(ctx, answered.ID, true); err != nil || p.Status != domain.StatusSucceeded {
			t.Fatalf("answered: %s %v", p.Status, err)
		}
		payer, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, nil)
		if err != nil || payer.Status != domain.StatusRequiresAction {
			t.Fatalf("request payer: %s %v", payer.Status, err)
		}
		at(2 * time.Hour)
		young := challenge()

		// Nothing has waited a whole lifetime yet.
		at(domain.ChallengeLifetime - time.Minute)
		expire(0)
		for _, p := range []domain.Payment{old, payer} {
			if h := history(p); len(h) != 1 || h[0] != domain.HistoryPending {
				t.Fatalf("%s before expiry: history %v", p.ID, h)
			}
		}

		at(domain.ChallengeLifetime + time.Minute)
		expire(2) // old and payer; young has waited 22 hours
		for _, p := range []domain.Payment{old, payer} {
			got := getPayment(t, f.Engine, sc, p.ID)
			if got.Status != domain.StatusFailed || got.DeclineCode != "authentication_failed" || got.PendingOp != "" ||
				got.AmountCaptured != 0 {
				t.Fatalf("expired %s: %+v", p.ID, got)
			}
			if n := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpFailAuthentication)); n != 1 {
				t.Fatalf("%s: fail_authentication sent %d times", p.ID, n)
			}
			if n := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpAuthenticate)); n != 0 {
				t.Fatalf("%s: authenticate sent %d times", p.ID, n)
			}
			events, err := f.ListEvents(ctx, sc, domain.ListParams{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			failed := 0
			for _, ev := range events.Items {
				if ev.ObjectID == p.ObjectID() && ev.Type == domain.EventPaymentFailed {
					failed++
				}
			}
			if failed != 1 {
				t.Fatalf("%s: %d payment.failed events", p.ID, failed)
			}
			if h := history(p); len(h) != 1 || h[0] != domain.HistoryFailed {
				t.Fatalf("%s: history %v", p.ID, h)
			}
		}
		if got := getPayment(t, f.Engine, sc, young.ID); got.Status != domain.StatusRequiresAction {
			t.Fatalf("young challenge: %s", got.Status)
		}
		if n := f.calls(t, domain.CallKey(young.ObjectID(), domain.OpFailAuthentication)); n != 0 {
			t.Fatalf("young challenge: fail_authentication sent %d times", n)
		}
		if got := getPayment(t, f.Engine, sc, answered.ID); got.Status != domain.StatusSucceeded || got.AmountCaptured != 1000 {
			t.Fatalf("answered challenge: %+v", got)
		}
		if n := f.calls(t, domain.CallKey(answered.ObjectID(), domain.OpFailAuthentication)); n != 0 {
			t.Fatalf("answered challenge: fail_authentication sent %d times", n)
		}

		// A second run changes nothing and asks the processor nothing.
		before, oldBefore := allCalls(), getPayment(t, f.Engine, sc, old.ID)
		expire(0)
		if n := allCalls(); n != before {
			t.Fatalf("second run: %d processor calls, want %d", n, before)
		}
		if got := getPayment(t, f.Engine, sc, old.ID); !got.Updated.Equal(oldBefore.Updated) {
			t.Fatalf("second run touched %s: updated %v, was %v", old.ID, got.Updated, oldBefore.Updated)
		}

		// The request its expired payer was paying is still open, and payable.
		if st := requestStatus(); st != "open" {
			t.Fatalf("request after expiry: %s", st)
		}
		if p, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, nil); err != nil || p.Status != domain.StatusSucceeded {
			t.Fatalf("paying the request after expiry: %s %v", p.Status, err)
		}
		if st := requestStatus(); st != "paid" {
			t.Fatalf("request after payment: %s", st)
		}

		// The young challenge's turn comes when it has waited its lifetime,
		// even behind an older one that cannot be ended: a live payment,
		// with no live processor to tell, errs and keeps waiting.
		live := domain.Payment{ID: domain.NewHexID(), MerchantID: sc.MerchantID, Livemode: true, Amount: 1000, Currency: old.Currency,
			Status: domain.StatusRequiresAction, Metadata: map[string]string{}, ProcessorRef: "pi_live", Created: old.Created, Updated: old.Created}
		if err := s.Tx(ctx, func(tx domain.Tx) error { _, err := tx.InsertPayment(ctx, live); return err }); err != nil {
			t.Fatal(err)
		}
		at(2*time.Hour + domain.ChallengeLifetime + time.Minute)
		n, err := f.ExpireChallenges(ctx)
		if n != 1 || domain.ErrorCode(err) != domain.CodeProcessor || !strings.Contains(err.Error(), live.ObjectID()) {
			t.Fatalf("with a live challenge and no live processor: %d, %v", n, err)
		}
		if got := getPayment(t, f.Engine, sc, young.ID); got.Status != domain.StatusFailed || got.DeclineCode != "authentication_failed" {
			t.Fatalf("young challenge, a day later: %+v", got)
		}
		if got := getPayment(t, f.Engine, domain.Scope{MerchantID: sc.MerchantID, Livemode: true}, live.ID); got.Status != domain.StatusRequiresAction {
			t.Fatalf("live challenge: %s", got.Status)
		}
		f.verifyClean(t)
	})
}

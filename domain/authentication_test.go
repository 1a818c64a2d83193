package domain_test

import (
	"context"
	"strings"
	"sync"
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
		challenge := func() domain.Payment { return mustChallenge(t, f, sc) }
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

// mustChallenge makes a payment that waits for its customer's 3-D Secure
// answer: the sandbox's card that always asks for one.
func mustChallenge(t *testing.T, f *faultyEngine, sc domain.Scope) domain.Payment {
	t.Helper()
	p, err := f.CreatePayment(context.Background(), sc, domain.PaymentInput{Amount: 1000, Currency: "eur",
		Card: card(sandbox.CardAuthenticateAlways), Capture: true})
	if err != nil || p.Status != domain.StatusRequiresAction {
		t.Fatalf("challenge: %+v, %v", p, err)
	}
	return p
}

// TestExpireChallengesTogether: a run ends its challenges several at a time
// (domain.ChallengeWorkers), each once. The sandbox holds every failed
// answer until a second one is in flight beside it, so a run that told the
// processor one payment after another would wait out the hold and the test
// fail.
func TestExpireChallengesTogether(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		var ids []string
		for range 3 {
			p := mustChallenge(t, f, sc)
			ids = append(ids, p.ID)
		}
		var mu sync.Mutex
		inFlight, most := 0, 0
		together := make(chan struct{})
		hold := func(op domain.Operation, _ string) sandbox.Fault {
			if op != domain.OpFailAuthentication {
				return sandbox.FaultNone
			}
			mu.Lock()
			inFlight++
			if inFlight == 2 && most < 2 {
				close(together)
			}
			most = max(most, inFlight)
			mu.Unlock()
			select {
			case <-together:
			case <-time.After(10 * time.Second):
			}
			mu.Lock()
			inFlight--
			mu.Unlock()
			return sandbox.FaultNone
		}
		f.fault.Store(&hold)
		f.offset.Store(int64(domain.ChallengeLifetime + time.Minute))
		if n, err := f.ExpireChallenges(ctx); err != nil || n != 3 {
			t.Fatalf("ExpireChallenges = %d, %v; want 3", n, err)
		}
		if most < 2 {
			t.Fatalf("at most %d failed answers in flight at once: the challenges were ended one after another", most)
		}
		for _, id := range ids {
			if got := getPayment(t, f.Engine, sc, id); got.Status != domain.StatusFailed || got.DeclineCode != "authentication_failed" {
				t.Fatalf("pay_%s: %s %s", id, got.Status, got.DeclineCode)
			}
			if n := f.calls(t, domain.CallKey("pay_"+id, domain.OpFailAuthentication)); n != 1 {
				t.Fatalf("pay_%s: fail_authentication sent %d times", id, n)
			}
		}
		f.verifyClean(t)
	})
}

// TestCancelChallenge cancels payments that wait for 3-D Secure: the
// challenge ends through the processor under its own key (not as a failed
// answer), the payment is canceled with its event, its webhook and its
// history row settled, and no failure code; a payment request it was paying
// stays payable. A second cancel and a cancel after a passed challenge are
// state errors that change nothing, and an answer after the cancel changes
// nothing either.
func TestCancelChallenge(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		challenge := func(number string, capture bool) domain.Payment {
			t.Helper()
			p, err := f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1000, Currency: "eur", Card: card(number), Capture: capture})
			if err != nil || p.Status != domain.StatusRequiresAction {
				t.Fatalf("challenge: %+v, %v", p, err)
			}
			return p
		}
		hook := "http://localhost/hook"
		ep, err := f.CreateWebhookEndpoint(ctx, sc, domain.WebhookEndpointInput{URL: &hook, EnabledEvents: []string{domain.EventPaymentCanceled}})
		if err != nil {
			t.Fatal(err)
		}
		events := func(p domain.Payment, typ string) []domain.Event {
			t.Helper()
			page, err := f.ListEvents(ctx, sc, domain.ListParams{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []domain.Event
			for _, ev := range page.Items {
				if ev.ObjectID == p.ObjectID() && ev.Type == typ {
					out = append(out, ev)
				}
			}
			return out
		}
		history := func(p domain.Payment) []domain.HistoryEntry {
			t.Helper()
			page, err := f.ListHistory(ctx, sc, domain.HistoryParams{Page: 1, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []domain.HistoryEntry
			for _, h := range page.Items {
				if h.PaymentID == p.ID {
					out = append(out, h)
				}
			}
			return out
		}
		canceled := func(p domain.Payment) {
			t.Helper()
			got := getPayment(t, f.Engine, sc, p.ID)
			if got.Status != domain.StatusCanceled || got.CanceledAt == nil || got.FailureCode != "" || got.DeclineCode != "" ||
				got.FailureMessage != "" || got.PendingOp != "" || got.AmountCaptured != 0 {
				t.Fatalf("canceled %s: %+v", p.ID, got)
			}
			if n := len(events(p, domain.EventPaymentCanceled)); n != 1 {
				t.Fatalf("%s: %d payment.canceled events", p.ID, n)
			}
			if n := len(events(p, domain.EventPaymentFailed)); n != 0 {
				t.Fatalf("%s: %d payment.failed events", p.ID, n)
			}
			if h := history(p); len(h) != 1 || h[0].Status != domain.HistoryFailed || h[0].Description != "Canceled while waiting for 3-D Secure authentication" {
				t.Fatalf("%s: history %+v", p.ID, h)
			}
			if _, err := s.GetJob(ctx, "reconcile_"+domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication)); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("%s: the reconcile job outlived the cancel: %v", p.ID, err)
			}
			if n := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication)); n != 1 {
				t.Fatalf("%s: cancel_authentication sent %d times", p.ID, n)
			}
			for _, op := range []domain.Operation{domain.OpAuthenticate, domain.OpFailAuthentication, domain.OpCancel} {
				if n := f.calls(t, domain.CallKey(p.ObjectID(), op)); n != 0 {
					t.Fatalf("%s: %s sent %d times", p.ID, op, n)
				}
			}
		}
		stateError := func(err error, status domain.PaymentStatus) {
			t.Helper()
			de := domain.AsError(err)
			if de.Code != domain.CodeState || de.Reason != "payment_unexpected_state" || !strings.Contains(de.Message, "status of "+string(status)) {
				t.Fatalf("want payment_unexpected_state naming %s, got %v", status, err)
			}
		}

		p := challenge(sandbox.CardAuthenticateAlways, true)
		got, err := f.CancelPayment(ctx, sc, p.ID)
		if err != nil || got.Status != domain.StatusCanceled {
			t.Fatalf("cancel: %+v, %v", got, err)
		}
		canceled(p)
		ev := events(p, domain.EventPaymentCanceled)[0]
		if _, err := s.GetJob(ctx, "wh:"+ev.ID+":"+ep.ID); err != nil {
			t.Fatalf("payment.canceled was not queued for its webhook endpoint: %v", err)
		}

		// A second cancel is refused and changes nothing.
		_, err = f.CancelPayment(ctx, sc, p.ID)
		stateError(err, domain.StatusCanceled)
		// The customer answers after all: the payment stays canceled, and
		// the processor is not asked to authorise it.
		for _, passed := range []bool{true, false} {
			if got, err := f.AuthenticatePayment(ctx, p.ID, passed); err != nil || got.Status != domain.StatusCanceled {
				t.Fatalf("answer (passed %v) after the cancel: %s, %v", passed, got.Status, err)
			}
		}
		canceled(p)

		// A challenge passed first cannot be canceled: the payment keeps
		// what the answer did, and the processor hears nothing of a cancel.
		passed := challenge(sandbox.CardAuthenticateOnSession, true)
		answered, err := f.AuthenticatePayment(ctx, passed.ID, true)
		if err != nil || answered.Status != domain.StatusSucceeded {
			t.Fatalf("passed: %s, %v", answered.Status, err)
		}
		_, err = f.CancelPayment(ctx, sc, passed.ID)
		stateError(err, domain.StatusSucceeded)
		if after := getPayment(t, f.Engine, sc, passed.ID); after.Status != domain.StatusSucceeded || after.AmountCaptured != 1000 ||
			after.CanceledAt != nil || !after.Updated.Equal(answered.Updated) {
			t.Fatalf("after a refused cancel: %+v", after)
		}
		if n := f.calls(t, domain.CallKey(passed.ObjectID(), domain.OpCancelAuthentication)); n != 0 {
			t.Fatalf("cancel_authentication of a passed challenge sent %d times", n)
		}

		// A payment request the canceled payment was paying stays payable.
		fixed := true
		pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"},
			Email: "payer@example.com", Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB"})
		if err != nil {
			t.Fatal(err)
		}
		payer, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, nil)
		if err != nil || payer.Status != domain.StatusRequiresAction {
			t.Fatalf("request payer: %s %v", payer.Status, err)
		}
		if got, err := f.CancelPayment(ctx, sc, payer.ID); err != nil || got.Status != domain.StatusCanceled {
			t.Fatalf("cancel the request's payer: %s %v", got.Status, err)
		}
		canceled(payer)
		if got, err := f.GetPaymentRequest(ctx, sc, pr.TransactionID); err != nil || got.Status != "open" || got.PaymentID != "" {
			t.Fatalf("request after the cancel: %+v %v", got, err)
		}
		if p, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, nil); err != nil || p.Status != domain.StatusSucceeded {
			t.Fatalf("paying the request after the cancel: %s %v", p.Status, err)
		}

		// Other statuses are refused, naming both that may be canceled.
		_, err = f.CancelPayment(ctx, sc, mustPay(t, f.Engine, sc, 500, true).ID)
		stateError(err, domain.StatusSucceeded)
		if !strings.Contains(err.Error(), "Only a payment with status requires_capture or requires_action can be canceled.") {
			t.Fatalf("state error: %v", err)
		}
		f.verifyClean(t)
	})
}

// TestCancelChallengeCrash leaves a cancel of a challenge between its
// phases — the processor never told (a crash before the call, a 500), or
// told with its answer lost — with its pending operation and reconcile job:
// the job, or a retry of the request under the same Idempotency-Key,
// settles it canceled, not failed, telling the processor once. Only when
// the processor cannot be reached on the job's last attempt is the payment
// failed, as any authorisation whose outcome cannot be established.
func TestCancelChallengeCrash(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		// The sandbox hears of a canceled challenge as of a failed answer.
		interrupted := func(cctx context.Context, fault sandbox.Fault) domain.Payment {
			t.Helper()
			f.fault.Store(nil)
			p := mustChallenge(t, f, sc)
			f.inject(domain.OpFailAuthentication, fault)
			got, err := f.CancelPayment(cctx, sc, p.ID)
			if err != nil || got.Status != domain.StatusProcessing || got.PendingOp != domain.OpCancelAuthentication {
				t.Fatalf("cancel under fault %d: %+v, %v", fault, got, err)
			}
			if _, err := s.GetJob(ctx, "reconcile_"+domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication)); err != nil {
				t.Fatalf("no reconcile job: %v", err)
			}
			f.fault.Store(nil)
			f.Engine.ProcessorTimeout = time.Minute
			return got
		}
		settled := func(p domain.Payment, want domain.PaymentStatus, decline string) {
			t.Helper()
			got := getPayment(t, f.Engine, sc, p.ID)
			if got.Status != want || got.DeclineCode != decline || got.PendingOp != "" || got.AmountCaptured != 0 {
				t.Fatalf("%s: %+v, want %s %q", p.ID, got, want, decline)
			}
			if n := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication)); n != 1 {
				t.Fatalf("%s: cancel_authentication took effect %d times", p.ID, n)
			}
			if _, err := s.GetJob(ctx, "reconcile_"+domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication)); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatalf("%s: reconcile job after settling: %v", p.ID, err)
			}
		}
		for name, fault := range map[string]sandbox.Fault{"never told": sandbox.FaultError, "answer lost": sandbox.FaultLost} {
			t.Run(name, func(t *testing.T) {
				p := interrupted(ctx, fault)
				args := domain.ReconcileArgs{Object: p.ObjectID(), Op: domain.OpCancelAuthentication}
				if err := f.Reconcile(ctx, sc, args, false); err != nil {
					t.Fatal(err)
				}
				settled(p, domain.StatusCanceled, "")
				// A late answer of the customer, and the job run again, change nothing.
				if got, err := f.AuthenticatePayment(ctx, p.ID, true); err != nil || got.Status != domain.StatusCanceled {
					t.Fatalf("answer after the reconciled cancel: %s %v", got.Status, err)
				}
				if err := f.Reconcile(ctx, sc, args, true); err != nil {
					t.Fatal(err)
				}
				settled(p, domain.StatusCanceled, "")
			})
		}

		// The merchant retries the request under its Idempotency-Key once
		// the dead one's lease ran out: the retry finishes the cancel.
		c, _, err := f.BeginIdempotent(ctx, sc, "cancel", "fp-cancel")
		if err != nil {
			t.Fatal(err)
		}
		p := interrupted(domain.WithIdempotency(ctx, c), sandbox.FaultLost)
		f.offset.Add(int64(domain.IdempotencyLease + time.Second))
		rc, _, err := f.BeginIdempotent(ctx, sc, "cancel", "fp-cancel")
		if err != nil || rc.Recovered != p.ObjectID() {
			t.Fatalf("retry's claim: %+v %v", rc, err)
		}
		if got, err := f.CancelPayment(domain.WithIdempotency(ctx, rc), sc, p.ID); err != nil || got.Status != domain.StatusCanceled {
			t.Fatalf("retried cancel: %s %v", got.Status, err)
		}
		settled(p, domain.StatusCanceled, "")

		// A processor that never answers: on the job's last attempt the
		// payment fails, as an authorisation whose outcome is unknown does.
		p = interrupted(ctx, sandbox.FaultError)
		down := func(domain.Operation, string) sandbox.Fault { return sandbox.FaultError } // lookups too
		f.fault.Store(&down)
		if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: p.ObjectID(), Op: domain.OpCancelAuthentication}, true); err != nil {
			t.Fatal(err)
		}
		got := getPayment(t, f.Engine, sc, p.ID)
		if got.Status != domain.StatusFailed || got.DeclineCode != "processor_unreachable" || got.PendingOp != "" {
			t.Fatalf("given up: %+v", got)
		}
		f.verifyClean(t)
	})
}

// TestCancelChallengeRace cancels payments while their customers pass the
// challenge at the same moment: the row lock lets exactly one begin. Either
// the payment is canceled and the processor was never asked to authorise
// it, or it succeeded, the cancel was refused, and the processor never
// heard of a cancel.
func TestCancelChallengeRace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		for range 8 {
			p := mustChallenge(t, f, sc)
			var wg sync.WaitGroup
			var cancelErr, answerErr error
			wg.Go(func() { _, cancelErr = f.CancelPayment(ctx, sc, p.ID) })
			wg.Go(func() { _, answerErr = f.AuthenticatePayment(ctx, p.ID, true) })
			wg.Wait()
			got := getPayment(t, f.Engine, sc, p.ID)
			cancels := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication))
			answers := f.calls(t, domain.CallKey(p.ObjectID(), domain.OpAuthenticate))
			switch got.Status {
			case domain.StatusCanceled:
				if cancelErr != nil || answerErr != nil || cancels != 1 || answers != 0 {
					t.Fatalf("canceled: cancel %v, answer %v, calls %d/%d", cancelErr, answerErr, cancels, answers)
				}
			case domain.StatusSucceeded:
				if domain.AsError(cancelErr).Reason != "payment_unexpected_state" || answerErr != nil || cancels != 0 || answers != 1 ||
					got.AmountCaptured != 1000 {
					t.Fatalf("succeeded: cancel %v, answer %v, calls %d/%d", cancelErr, answerErr, cancels, answers)
				}
			default:
				t.Fatalf("after the race: %+v", got)
			}
		}
		f.verifyClean(t)
	})
}

package stripe_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/processor/stripe"
	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// live is an engine whose live mode runs on the connector against the fake.
type live struct {
	*domain.Engine
	fake       *stripetest.Fake
	conn       *stripe.Processor
	live, test domain.Scope

	mu    sync.Mutex
	fault func(r *http.Request) stripetest.Fault
}

func newLive(t *testing.T, s *store.Store, mock string) *live {
	t.Helper()
	l := &live{Engine: storetest.Wire(t, s), fake: stripetest.New(t)}
	l.fake.Validate = mock
	l.fake.Faults = func(r *http.Request, _ string) stripetest.Fault {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.fault == nil {
			return stripetest.FaultNone
		}
		return l.fault(r)
	}
	conn, err := stripe.New(stripe.Config{SecretKey: "sk_live_fake", Livemode: true, APIBase: l.fake.URL, Vault: l.Vault})
	if err != nil {
		t.Fatal(err)
	}
	l.conn, l.LiveProcessor, l.ProcessorTimeout = conn, conn, 10*time.Second
	m, _ := storetest.MustMerchant(t, l.Engine, "Acme")
	l.live, l.test = domain.Scope{MerchantID: m.ID, Livemode: true}, domain.Scope{MerchantID: m.ID}
	return l
}

// once injects fault into the first request whose method and path match;
// while it is set, the engine gives up on a call after 1.5s (the tests
// call the engine from one goroutine, so the field is theirs), otherwise
// after 10s, so that a slow machine makes no call time out by accident.
func (l *live) once(method, path string, fault stripetest.Fault) {
	l.ProcessorTimeout = 10 * time.Second
	if fault != stripetest.FaultNone {
		l.ProcessorTimeout = 1500 * time.Millisecond // room for the calls before the faulted one on a loaded machine
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	done := false
	l.fault = func(r *http.Request) stripetest.Fault {
		if done || r.Method != method || r.URL.Path != path && !strings.HasSuffix(r.URL.Path, path) {
			return stripetest.FaultNone
		}
		done = true
		return fault
	}
}

func (l *live) pay(t *testing.T, s domain.Scope, number string, amount int64, capture bool) (domain.Payment, error) {
	t.Helper()
	return l.CreatePayment(context.Background(), s, domain.PaymentInput{Amount: amount, Currency: "usd", Capture: capture,
		Card: &domain.CardInput{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 2}})
}

func (l *live) mustPay(t *testing.T, amount int64, capture bool) domain.Payment {
	t.Helper()
	p, err := l.pay(t, l.live, "4242424242424242", amount, capture)
	if err != nil {
		t.Fatalf("live payment: %v", err)
	}
	return p
}

func (l *live) payment(t *testing.T, id string) domain.Payment {
	t.Helper()
	p, err := l.GetPayment(context.Background(), l.live, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// same fails t unless our payment and its PaymentIntent agree: one
// PaymentIntent, in the matching status, with the same amounts.
func (l *live) same(t *testing.T, p domain.Payment) {
	t.Helper()
	pis := l.fake.Intents(p.ObjectID())
	if len(pis) != 1 {
		t.Fatalf("payment %s has %d PaymentIntents upstream", p.ID, len(pis))
	}
	pi := pis[0]
	want := map[domain.PaymentStatus]string{domain.StatusSucceeded: "succeeded", domain.StatusRequiresCapture: "requires_capture",
		domain.StatusCanceled: "canceled", domain.StatusFailed: "requires_payment_method"}[p.Status]
	if pi.Status != want || pi.AmountReceived != p.AmountCaptured || pi.Refunded != p.AmountRefunded || pi.ID != p.ProcessorRef {
		t.Errorf("ours: %s captured %d refunded %d ref %s; Stripe: %s %s received %d refunded %d",
			p.Status, p.AmountCaptured, p.AmountRefunded, p.ProcessorRef, pi.ID, pi.Status, pi.AmountReceived, pi.Refunded)
	}
}

func TestLiveMoneyMovement(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		l := newLive(t, s, mock)
		ctx := context.Background()

		p := l.mustPay(t, 2000, true)
		if p.Status != domain.StatusSucceeded || p.AmountCaptured != 2000 || !strings.HasPrefix(p.ProcessorRef, "pi_") {
			t.Fatalf("payment = %s captured %d ref %q", p.Status, p.AmountCaptured, p.ProcessorRef)
		}
		for _, amt := range []int64{500, 1500} {
			r, err := l.CreateRefund(ctx, l.live, domain.RefundInput{PaymentID: p.ID, Amount: &amt})
			if err != nil || r.Refund.Status != domain.RefundSucceeded {
				t.Fatalf("refund %d: %+v, %v", amt, r.Refund, err)
			}
		}
		l.same(t, l.payment(t, p.ID))

		m := l.mustPay(t, 1000, false)
		six := int64(600)
		if m, err := l.CapturePayment(ctx, l.live, m.ID, &six); err != nil || m.Status != domain.StatusSucceeded || m.AmountCaptured != 600 {
			t.Fatalf("partial capture: %s %d, %v", m.Status, m.AmountCaptured, err)
		}
		l.same(t, l.payment(t, m.ID))

		c := l.mustPay(t, 700, false)
		if c, err := l.CancelPayment(ctx, l.live, c.ID); err != nil || c.Status != domain.StatusCanceled {
			t.Fatalf("cancel: %s, %v", c.Status, err)
		}
		l.same(t, l.payment(t, c.ID))
		l.fake.Check(t)
		verify(t, s)
	})
}

// TestDeclinesMatchTheSandbox pays with each of Stripe's test cards in live
// mode (through the connector and the fake, which declines as Stripe does)
// and in test mode (the sandbox): the failure code and decline code agree,
// and a card that asks for 3-D Secure waits for it in both.
func TestDeclinesMatchTheSandbox(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	s := storetest.Open(t, store.SQLite)
	l := newLive(t, s, mock)
	for number := range stripetest.Cards {
		lp, lerr := l.pay(t, l.live, number, 1000, true)
		tp, terr := l.pay(t, l.test, number, 1000, true)
		if tp.Status == domain.StatusRequiresAction { // 3-D Secure: both wait for the challenge
			if lerr != nil || terr != nil || lp.Status != domain.StatusRequiresAction {
				t.Errorf("%s: live %s %v, test %s %v; want both requires_action", number, lp.Status, lerr, tp.Status, terr)
			}
			continue
		}
		if lerr == nil || terr == nil {
			t.Errorf("%s: live %v, test %v; want both declined", number, lerr, terr)
			continue
		}
		if lp.Status != domain.StatusFailed || lp.FailureCode != tp.FailureCode || lp.DeclineCode != tp.DeclineCode {
			t.Errorf("%s: live %s %s/%s, sandbox %s %s/%s", number, lp.Status, lp.FailureCode, lp.DeclineCode, tp.Status, tp.FailureCode, tp.DeclineCode)
		}
		if le, te := lerr.(*domain.Error), terr.(*domain.Error); le.Reason != te.Reason || le.DeclineCode != te.DeclineCode {
			t.Errorf("%s: live error %s/%s, sandbox %s/%s", number, le.Reason, le.DeclineCode, te.Reason, te.DeclineCode)
		}
	}
	l.fake.Check(t)
}

// TestExactlyOnceUnderFaults breaks each request of each operation once —
// a 500 before the effect, the answer lost after it, a timeout after it, a
// hang before it — then lets the reconcile job settle the operation. Each
// idempotency key takes effect upstream exactly once, and both sides end in
// the same state. For the authorisation, search is also blinded (as
// Stripe's lags), so the job must send the call again under the same keys.
func TestExactlyOnceUnderFaults(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	faults := map[stripetest.Fault]string{stripetest.FaultError: "500 before", stripetest.FaultLost: "lost after",
		stripetest.FaultTimeout: "timeout after", stripetest.FaultHang: "hang before"}
	steps := []struct {
		name, path string
		op         domain.Operation
	}{
		{"authorize/payment_method", "/v1/payment_methods", domain.OpAuthorize},
		{"authorize/payment_intent", "/v1/payment_intents", domain.OpAuthorize},
		{"capture", "/capture", domain.OpCapture},
		{"cancel", "/cancel", domain.OpCancel},
		{"refund", "/v1/refunds", domain.OpRefund},
	}
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		l := newLive(t, s, mock)
		ctx := context.Background()
		for _, st := range steps {
			for fault, fname := range faults {
				for _, hide := range []bool{false, true} {
					if hide && st.op != domain.OpAuthorize {
						continue
					}
					name := fmt.Sprintf("%s %s hidden=%v", st.name, fname, hide)
					var p domain.Payment
					if st.op != domain.OpAuthorize {
						p = l.mustPay(t, 3000, st.op == domain.OpRefund)
					}
					l.fake.HideFromSearch(hide)
					l.once("POST", st.path, fault)
					object := p.ObjectID()
					amount := int64(1200)
					var err error
					switch st.op {
					case domain.OpAuthorize:
						p, err = l.pay(t, l.live, "4242424242424242", 3000, false)
						object = p.ObjectID()
					case domain.OpCapture:
						p, err = l.CapturePayment(ctx, l.live, p.ID, &amount)
					case domain.OpCancel:
						p, err = l.CancelPayment(ctx, l.live, p.ID)
					case domain.OpRefund:
						var r domain.RefundResult
						r, err = l.CreateRefund(ctx, l.live, domain.RefundInput{PaymentID: p.ID, Amount: &amount})
						if r.Refund.Status != domain.RefundPending {
							t.Errorf("%s: refund %s, want pending", name, r.Refund.Status)
						}
						object = r.Refund.ID
					}
					if err != nil || st.op != domain.OpRefund && p.Status != domain.StatusProcessing {
						t.Errorf("%s: %s, %v; want processing", name, p.Status, err)
					}
					l.once("", "", stripetest.FaultNone)
					for range 2 { // the second finds nothing left to do
						if err := l.Reconcile(ctx, l.live, domain.ReconcileArgs{Object: object, Op: st.op}, false); err != nil {
							t.Errorf("%s: reconcile: %v", name, err)
						}
					}
					l.fake.HideFromSearch(false)
					p = l.payment(t, p.ID)
					want := map[domain.Operation]domain.PaymentStatus{domain.OpAuthorize: domain.StatusRequiresCapture,
						domain.OpCapture: domain.StatusSucceeded, domain.OpCancel: domain.StatusCanceled, domain.OpRefund: domain.StatusSucceeded}[st.op]
					if p.Status != want || p.PendingOp != "" {
						t.Errorf("%s: after reconcile %s pending %q, want %s", name, p.Status, p.PendingOp, want)
					}
					if st.op == domain.OpRefund && p.AmountRefunded != amount {
						t.Errorf("%s: refunded %d, want %d", name, p.AmountRefunded, amount)
					}
					key := domain.CallKey(object, st.op)
					for _, k := range upstreamKeys(key) {
						if n := l.fake.Effects(k); n != 1 {
							t.Errorf("%s: %s took effect %d times upstream", name, k, n)
						}
					}
					l.same(t, p)
				}
			}
		}
		l.fake.Check(t)
		verify(t, s)
	})
}

// upstreamKeys are the Idempotency-Keys the connector sends for one call.
func upstreamKeys(key string) []string {
	if strings.HasSuffix(key, ":authorize") {
		return []string{key + ":payment_method", key + ":payment_intent"}
	}
	return []string{key}
}

// verify fails t unless the store's money checks are clean (paysmart verify).
func verify(t *testing.T, s *store.Store) {
	t.Helper()
	a, err := s.Verify(context.Background(), time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range a.Problems {
		t.Errorf("verify: %+v", p)
	}
	if a.Payments == 0 {
		t.Error("verify saw no payments")
	}
}

// TestMinimumChargeNeverReachesStripe: an amount under Stripe's minimum for
// its currency is a 400 naming amount, refused before anything is written or
// sent, for a payment and for a payment request whose page would charge it;
// the minimum itself, and a currency Stripe sets no fixed minimum for, go
// through. Test mode (the sandbox) has no such minimum.
func TestMinimumChargeNeverReachesStripe(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	s := storetest.Open(t, store.SQLite)
	l := newLive(t, s, mock)
	ctx := context.Background()
	card := func() *domain.CardInput {
		return &domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: time.Now().Year() + 2}
	}
	for _, c := range []struct {
		amount   int64
		currency string
		refused  bool
	}{{49, "usd", true}, {29, "gbp", true}, {49, "jpy", true}, {17499, "huf", true},
		{50, "usd", false}, {30, "gbp", false}, {50, "jpy", false}, {100, "isk", false}} {
		before := len(l.fake.Requests())
		_, err := l.CreatePayment(ctx, l.live, domain.PaymentInput{Amount: c.amount, Currency: c.currency, Capture: true, Card: card()})
		var de *domain.Error
		if err != nil {
			de = domain.AsError(err)
		}
		switch {
		case c.refused && (de == nil || de.Code != domain.CodeInvalid || de.Reason != "amount_too_small" || de.Param != "amount"):
			t.Errorf("%d %s: %v, want amount_too_small on amount", c.amount, c.currency, err)
		case c.refused && len(l.fake.Requests()) != before:
			t.Errorf("%d %s: refused, yet Stripe got %v", c.amount, c.currency, l.fake.Requests()[before:])
		case !c.refused && err != nil:
			t.Errorf("%d %s: %v", c.amount, c.currency, err)
		}
	}
	if _, err := l.CreatePayment(ctx, l.test, domain.PaymentInput{Amount: 1, Currency: "usd", Capture: true, Card: card()}); err != nil {
		t.Errorf("test mode, 1 cent: %v", err)
	}
	page, err := l.ListPayments(ctx, l.live, domain.ListParams{Limit: 100})
	if err != nil || len(page.Items) != 4 {
		t.Errorf("live payments written: %d (%v), want the 4 that were not refused", len(page.Items), err)
	}
	fixed := true
	_, err = l.CreatePaymentRequest(ctx, l.live, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"}, Email: "a@example.com",
		Amount: "0.40", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB"})
	if err == nil || domain.AsError(err).Reason != "amount_too_small" {
		t.Errorf("a live payment request of 0.40 USD: %v, want amount_too_small", err)
	}
	verify(t, s)
}

// TestCancelChallengeOnStripe cancels live payments whose PaymentIntent
// requires action. Still waiting, the PaymentIntent is canceled under the
// cancel's key and the payment is canceled. When the customer passed the
// challenge at Stripe first — before the cancel was sent, or between the
// connector's read and its cancel (which Stripe then refuses) — the payment
// records what Stripe says (succeeded, or requires_capture, which a second
// cancel releases) and the cancel is refused. A cancel whose answer was lost
// is settled by the reconcile job, canceled, with one effect upstream.
func TestCancelChallengeOnStripe(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		l := newLive(t, s, mock)
		ctx := context.Background()
		challenge := func(capture bool) domain.Payment {
			t.Helper()
			l.once("", "", stripetest.FaultNone)
			p, err := l.pay(t, l.live, "4000002760003184", 2500, capture)
			if err != nil || p.Status != domain.StatusRequiresAction || !strings.HasPrefix(p.ProcessorRef, "pi_") {
				t.Fatalf("challenge: %+v, %v", p, err)
			}
			return p
		}
		cancelKey := func(p domain.Payment) string { return domain.CallKey(p.ObjectID(), domain.OpCancelAuthentication) }
		refused := func(err error, status domain.PaymentStatus) {
			t.Helper()
			if de := domain.AsError(err); de.Code != domain.CodeState || de.Reason != "payment_unexpected_state" ||
				!strings.Contains(de.Message, "status of "+string(status)) {
				t.Fatalf("want payment_unexpected_state naming %s, got %v", status, err)
			}
		}

		waiting := challenge(true)
		if p, err := l.CancelPayment(ctx, l.live, waiting.ID); err != nil || p.Status != domain.StatusCanceled || p.FailureCode != "" {
			t.Fatalf("cancel: %+v, %v", p, err)
		}
		l.same(t, l.payment(t, waiting.ID))
		if n := l.fake.Effects(cancelKey(waiting)); n != 1 {
			t.Fatalf("the PaymentIntent was canceled %d times under %s", n, cancelKey(waiting))
		}

		for _, capture := range []bool{true, false} {
			// Passed at Stripe, and the customer never came back.
			passed := challenge(capture)
			l.fake.AnswerChallenge(passed.ProcessorRef, true)
			_, err := l.CancelPayment(ctx, l.live, passed.ID)
			got := l.payment(t, passed.ID)
			want := map[bool]domain.PaymentStatus{true: domain.StatusSucceeded, false: domain.StatusRequiresCapture}[capture]
			refused(err, want)
			if got.Status != want || got.AmountCaptured != map[bool]int64{true: 2500}[capture] {
				t.Fatalf("after a cancel that came too late: %+v", got)
			}
			l.same(t, got)
			if n := l.fake.Effects(cancelKey(passed)); n != 0 {
				t.Fatalf("a passed challenge's PaymentIntent was canceled (%d)", n)
			}
			if !capture { // an authorisation, which a cancel releases as ever
				if p, err := l.CancelPayment(ctx, l.live, passed.ID); err != nil || p.Status != domain.StatusCanceled {
					t.Fatalf("release after the challenge: %s, %v", p.Status, err)
				}
				l.same(t, l.payment(t, passed.ID))
			}
		}

		// Passed between the connector's read and its cancel: Stripe
		// refuses the cancel, and the connector reports what happened.
		raced := challenge(true)
		l.mu.Lock()
		l.fault = func(r *http.Request) stripetest.Fault {
			if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/cancel") {
				l.fake.AnswerChallenge(raced.ProcessorRef, true)
			}
			return stripetest.FaultNone
		}
		l.mu.Unlock()
		_, err := l.CancelPayment(ctx, l.live, raced.ID)
		refused(err, domain.StatusSucceeded)
		got := l.payment(t, raced.ID)
		if got.Status != domain.StatusSucceeded || got.AmountCaptured != 2500 {
			t.Fatalf("after the race: %+v", got)
		}
		l.same(t, got)

		// The cancel's answer is lost: the reconcile job reads the
		// PaymentIntent and settles the payment canceled.
		lost := challenge(true)
		l.once("POST", "/cancel", stripetest.FaultLost)
		if p, err := l.CancelPayment(ctx, l.live, lost.ID); err != nil || p.Status != domain.StatusProcessing ||
			p.PendingOp != domain.OpCancelAuthentication {
			t.Fatalf("cancel with its answer lost: %+v, %v", p, err)
		}
		l.once("", "", stripetest.FaultNone)
		if err := l.Reconcile(ctx, l.live, domain.ReconcileArgs{Object: lost.ObjectID(), Op: domain.OpCancelAuthentication}, false); err != nil {
			t.Fatal(err)
		}
		if got := l.payment(t, lost.ID); got.Status != domain.StatusCanceled || got.FailureCode != "" || got.PendingOp != "" {
			t.Fatalf("after reconcile: %+v", got)
		}
		l.same(t, l.payment(t, lost.ID))
		if n := l.fake.Effects(cancelKey(lost)); n != 1 {
			t.Fatalf("the PaymentIntent was canceled %d times", n)
		}
		l.fake.Check(t)
		verify(t, s)
	})
}

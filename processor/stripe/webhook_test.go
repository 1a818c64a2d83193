package stripe_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/processor/stripe"
	"github.com/paysmart/paysmart/processor/stripe/stripetest"
	"github.com/paysmart/paysmart/sdk/webhook"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

const whsec = "whsec_test_secret"

// send delivers a signed Stripe event to the handler and returns its status.
func send(t *testing.T, url string, body []byte) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set(stripe.SignatureHeader, webhook.SignHeader(body, time.Now(), whsec))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func (l *live) events(t *testing.T, typ string) int {
	t.Helper()
	page, err := l.ListEvents(context.Background(), l.live, domain.ListParams{Limit: 100, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

// TestWebhooksSettleOnce delivers every event twice: what Stripe settled
// after our call gave up (a payment, a decline, a pending refund) is
// recorded once, and a dispute is one payment.disputed event.
func TestWebhooksSettleOnce(t *testing.T) {
	t.Parallel()
	mock := stripetest.StartMock(t)
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		l := newLive(t, s, mock)
		srv := httptest.NewServer(stripe.NewWebhookHandler(stripe.WebhookConfig{Engine: l.Engine, Live: l.conn, Secrets: []string{"whsec_old", whsec}}))
		t.Cleanup(srv.Close)
		ctx := context.Background()

		// A payment and a decline whose answers timed out.
		l.once("POST", "/v1/payment_intents", stripetest.FaultTimeout)
		p, _ := l.pay(t, l.live, "4242424242424242", 2500, true)
		l.once("POST", "/v1/payment_intents", stripetest.FaultTimeout)
		d, _ := l.pay(t, l.live, "4000000000009995", 2500, true)
		l.once("", "", stripetest.FaultNone)
		if p.Status != domain.StatusProcessing || d.Status != domain.StatusProcessing {
			t.Fatalf("payments %s, %s; want processing", p.Status, d.Status)
		}
		for range 2 {
			if st := send(t, srv.URL, l.fake.Event("payment_intent.succeeded", l.fake.Intents(p.ObjectID())[0].ID)); st != 200 {
				t.Errorf("payment_intent.succeeded: %d", st)
			}
			if st := send(t, srv.URL, l.fake.Event("payment_intent.payment_failed", l.fake.Intents(d.ObjectID())[0].ID)); st != 200 {
				t.Errorf("payment_intent.payment_failed: %d", st)
			}
		}
		if p = l.payment(t, p.ID); p.Status != domain.StatusSucceeded {
			t.Errorf("payment after its webhook: %s", p.Status)
		}
		if d = l.payment(t, d.ID); d.Status != domain.StatusFailed || d.DeclineCode != "insufficient_funds" {
			t.Errorf("decline after its webhook: %s %s", d.Status, d.DeclineCode)
		}
		l.same(t, p)
		if n := l.events(t, domain.EventPaymentSucceeded); n != 1 {
			t.Errorf("%d payment.succeeded events, want 1", n)
		}
		if n := l.events(t, domain.EventPaymentFailed); n != 1 {
			t.Errorf("%d payment.failed events, want 1", n)
		}

		// A refund Stripe answers pending and settles later.
		l.fake.PendingRefunds(true)
		amt := int64(1000)
		r, err := l.CreateRefund(ctx, l.live, domain.RefundInput{PaymentID: p.ID, Amount: &amt})
		if err != nil || r.Refund.Status != domain.RefundPending {
			t.Fatalf("refund: %s, %v; want pending", r.Refund.Status, err)
		}
		upstream := l.fake.Refunds(r.Refund.ID)
		if len(upstream) != 1 {
			t.Fatalf("refund upstream: %v", upstream)
		}
		send(t, srv.URL, l.fake.Event("charge.refunded", upstream[0])) // still pending: nothing changes
		if got, _ := l.GetRefund(ctx, l.live, r.Refund.ID); got.Status != domain.RefundPending {
			t.Errorf("refund after charge.refunded while pending upstream: %s", got.Status)
		}
		l.fake.SetRefundStatus(upstream[0], "succeeded")
		for range 2 {
			if st := send(t, srv.URL, l.fake.Event("charge.refunded", upstream[0])); st != 200 {
				t.Errorf("charge.refunded: %d", st)
			}
		}
		if got, _ := l.GetRefund(ctx, l.live, r.Refund.ID); got.Status != domain.RefundSucceeded {
			t.Errorf("refund after charge.refunded: %s", got.Status)
		}
		if n := l.events(t, domain.EventRefundCreated); n != 1 {
			t.Errorf("%d refund.created events, want 1", n)
		}

		// A dispute, reported twice, is one event.
		dp := l.fake.Dispute(p.ProcessorRef)
		for range 2 {
			if st := send(t, srv.URL, l.fake.Event("charge.dispute.created", dp)); st != 200 {
				t.Errorf("charge.dispute.created: %d", st)
			}
		}
		if n := l.events(t, domain.EventPaymentDisputed); n != 1 {
			t.Errorf("%d payment.disputed events, want 1", n)
		}

		// Forged or foreign: refused, or acknowledged and ignored.
		body := l.fake.Event("payment_intent.succeeded", p.ProcessorRef)
		req, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(body))
		req.Header.Set(stripe.SignatureHeader, webhook.SignHeader(body, time.Now(), "whsec_guess"))
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 400 {
			t.Errorf("forged event: %v %v", res, err)
		}
		if st := send(t, srv.URL, []byte(`{"id":"evt_1","type":"payment_intent.succeeded","livemode":true,"data":{"object":{"id":"pi_other","metadata":{}}}}`)); st != 200 {
			t.Errorf("someone else's PaymentIntent: %d", st)
		}
		if st := send(t, srv.URL, []byte(`{"id":"evt_2","type":"payment_intent.succeeded","livemode":true,"data":{"object":{"id":"pi_x","metadata":{"paysmart_payment":"pay_00000000000000000000000000000000"}}}}`)); st != 200 {
			t.Errorf("an unknown payment: %d", st)
		}
		l.fake.Check(t)
		verify(t, s)
	})
}

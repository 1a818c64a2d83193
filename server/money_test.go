package server_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestProcessingShownInBothDialects: a payment whose processor does not
// answer in time is answered processing (PaySmart) and pending (Paysley
// history), the answer is kept for its Idempotency-Key, and once the
// reconcile job settles it both dialects show the outcome.
func TestProcessingShownInBothDialects(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		box := e.Engine.TestProcessor.(*sandbox.Processor)
		var hang atomic.Bool
		hang.Store(true)
		box.Faults = func(op domain.Operation, _ string) sandbox.Fault {
			if hang.Load() && op == domain.OpAuthorize {
				return sandbox.FaultHang
			}
			return sandbox.FaultNone
		}
		e.Engine.ProcessorTimeout = 100 * time.Millisecond
		sk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["py_test"]
		body := `{"amount": 2000, "currency": "usd", "payment_method": {"type": "card", "card": {"number": "4242424242424242",
			"exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`
		key := map[string]string{"Idempotency-Key": "slow-1"}
		first := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: body, Headers: key})
		if first.Status != 200 || first.Get("status") != "processing" {
			t.Fatalf("slow payment: %d %s", first.Status, first.Text())
		}
		id := first.Get("id").(string)
		hist := e.Do(t, call{Method: "GET", Path: "/v2/payments/" + strings.TrimPrefix(id, "pay_"), Auth: py})
		if hist.Status != 200 || !strings.Contains(hist.Text(), `"pending"`) {
			t.Fatalf("Paysley view of a processing payment: %d %s", hist.Status, hist.Text())
		}
		// A refund of it is refused: nothing is captured yet.
		if r := e.Do(t, call{Method: "POST", Path: "/v2/refunds", Auth: sk, Body: `{"payment": "` + id + `"}`}); r.Status != 400 {
			t.Fatalf("refund of a processing payment: %d %s", r.Status, r.Text())
		}

		hang.Store(false)
		e.Engine.ProcessorTimeout = time.Minute // the processor answers now, however loaded the machine
		if err := e.Engine.Reconcile(context.Background(), domain.Scope{MerchantID: e.MerchantID}, domain.ReconcileArgs{Object: id, Op: domain.OpAuthorize}, false); err != nil {
			t.Fatal(err)
		}
		if r := e.Do(t, call{Method: "GET", Path: "/v2/payments/" + id, Auth: sk}); r.Get("status") != "succeeded" || r.Get("amount_captured") != 2000.0 {
			t.Fatalf("after reconcile: %s", r.Text())
		}
		hist = e.Do(t, call{Method: "GET", Path: "/v2/payments/" + strings.TrimPrefix(id, "pay_"), Auth: py})
		if !strings.Contains(hist.Text(), `"success"`) {
			t.Fatalf("Paysley view after reconcile: %s", hist.Text())
		}
		// The key keeps its first answer; it made one payment.
		again := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: body, Headers: key})
		if again.Header.Get("Idempotent-Replayed") != "true" || again.Get("id") != id {
			t.Fatalf("retry: %v %s", again.Header, again.Text())
		}
		list := e.Do(t, call{Method: "GET", Path: "/v2/payments", Auth: sk})
		if n := len(list.Get("data").([]any)); n != 1 {
			t.Fatalf("%d payments", n)
		}
		// A decline is an answer that began: kept and replayed, 402 and all.
		dkey := map[string]string{"Idempotency-Key": "decline-1"}
		decl := strings.Replace(body, "4242424242424242", "4000000000000002", 1)
		d1 := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: decl, Headers: dkey})
		d2 := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: decl, Headers: dkey})
		if d1.Status != 402 || d2.Status != 402 || d2.Header.Get("Idempotent-Replayed") != "true" || d1.Text() != d2.Text() {
			t.Fatalf("decline replay: %d %d %v", d1.Status, d2.Status, d2.Header)
		}
	})
}

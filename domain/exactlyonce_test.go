package domain_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// faultyEngine is an engine whose sandbox takes injected faults and whose
// clock the test moves.
type faultyEngine struct {
	*domain.Engine
	store  *store.Store
	box    *sandbox.Processor
	fault  atomic.Pointer[func(op domain.Operation, key string) sandbox.Fault]
	offset atomic.Int64 // clock offset, ns
}

func newFaultyEngine(t *testing.T, s *store.Store) *faultyEngine {
	t.Helper()
	f := &faultyEngine{Engine: storetest.Wire(t, s), store: s}
	f.box = f.Engine.TestProcessor.(*sandbox.Processor)
	f.box.Faults = func(op domain.Operation, key string) sandbox.Fault {
		if fn := f.fault.Load(); fn != nil {
			return (*fn)(op, key)
		}
		return sandbox.FaultNone
	}
	f.Engine.Clock = func() time.Time { return time.Now().Add(time.Duration(f.offset.Load())) }
	f.Engine.ProcessorTimeout = time.Minute // only a hang waits for it: see inject
	return f
}

// inject makes every call of op fail with fault. A hang lasts until the
// processor timeout, short then; otherwise it is long, so that no answer is
// lost to a loaded machine.
func (f *faultyEngine) inject(op domain.Operation, fault sandbox.Fault) {
	f.Engine.ProcessorTimeout = time.Minute
	if fault == sandbox.FaultHang {
		f.Engine.ProcessorTimeout = 200 * time.Millisecond
	}
	fn := func(o domain.Operation, _ string) sandbox.Fault {
		if o == op {
			return fault
		}
		return sandbox.FaultNone
	}
	f.fault.Store(&fn)
}

// calls returns how often the sandbox received key.
func (f *faultyEngine) calls(t *testing.T, key string) int {
	t.Helper()
	all, err := f.store.SandboxLedger().SandboxCalls(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Key == key {
			return c.Calls
		}
	}
	return 0
}

// verifyClean runs the money audit and fails on any problem.
func (f *faultyEngine) verifyClean(t *testing.T) {
	t.Helper()
	audit, err := f.store.Verify(context.Background(), time.Now().Add(time.Hour), 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range audit.Problems {
		t.Errorf("verify: %s", p)
	}
}

func getPayment(t *testing.T, e *domain.Engine, s domain.Scope, id string) domain.Payment {
	t.Helper()
	p, err := e.GetPayment(context.Background(), s, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProcessorFaults injects each fault into each money operation: the
// object is left processing (payment) or pending (refund), nothing is lost,
// and the reconcile job settles it with the processor's real outcome
// without moving money twice.
func TestProcessorFaults(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ops := []domain.Operation{domain.OpAuthorize, domain.OpCapture, domain.OpCancel, domain.OpRefund}
		faults := map[string]sandbox.Fault{"error": sandbox.FaultError, "lost": sandbox.FaultLost, "hang": sandbox.FaultHang}
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		for _, op := range ops {
			for name, fault := range faults {
				t.Run(string(op)+"/"+name, func(t *testing.T) {
					// Set up what op works on, without faults.
					var p domain.Payment
					switch op {
					case domain.OpCapture, domain.OpCancel:
						p = mustPayWith(t, f, sc, 1000, false)
					case domain.OpRefund:
						p = mustPayWith(t, f, sc, 1000, true)
					}
					f.inject(op, fault)
					var object string
					var err error
					switch op {
					case domain.OpAuthorize:
						p, err = f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1000, Currency: "usd", Card: card("4242424242424242"), Capture: true})
						object = p.ObjectID()
					case domain.OpCapture:
						amt := int64(600)
						p, err = f.CapturePayment(ctx, sc, p.ID, &amt)
						object = p.ObjectID()
					case domain.OpCancel:
						p, err = f.CancelPayment(ctx, sc, p.ID)
						object = p.ObjectID()
					case domain.OpRefund:
						amt := int64(400)
						var r domain.RefundResult
						r, err = f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: p.ID, Amount: &amt})
						object, p = r.Refund.ID, r.Payment
						if r.Refund.Status != domain.RefundPending || p.AmountRefunded != 400 {
							t.Fatalf("refund under fault: %+v, refunded %d", r.Refund, p.AmountRefunded)
						}
					}
					if err != nil {
						t.Fatalf("%s under %s fault: %v", op, name, err)
					}
					if op != domain.OpRefund && (p.Status != domain.StatusProcessing || p.PendingOp != op) {
						t.Fatalf("%s under %s fault: status %s, pending %q", op, name, p.Status, p.PendingOp)
					}
					// Another operation meanwhile is refused, not queued behind it.
					if op == domain.OpCapture {
						if _, err := f.CancelPayment(ctx, sc, p.ID); domain.ErrorCode(err) != domain.CodeState {
							t.Fatalf("cancel during a pending capture: %v", err)
						}
					}

					// The processor recovers; the reconcile job settles, with a
					// timeout a loaded machine cannot hit.
					f.fault.Store(nil)
					f.Engine.ProcessorTimeout = time.Minute
					if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: object, Op: op}, false); err != nil {
						t.Fatalf("reconcile: %v", err)
					}
					key := domain.CallKey(object, op)
					if n := f.calls(t, key); n != 1 {
						t.Fatalf("%s reached the processor %d times, want 1 effect and 1 call", key, n)
					}
					// A second reconcile (a job retried) changes nothing.
					if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: object, Op: op}, false); err != nil {
						t.Fatalf("second reconcile: %v", err)
					}
					got := getPayment(t, f.Engine, sc, p.ID)
					want := map[domain.Operation]struct {
						status             domain.PaymentStatus
						captured, refunded int64
					}{
						domain.OpAuthorize: {domain.StatusSucceeded, 1000, 0},
						domain.OpCapture:   {domain.StatusSucceeded, 600, 0},
						domain.OpCancel:    {domain.StatusCanceled, 0, 0},
						domain.OpRefund:    {domain.StatusSucceeded, 1000, 400},
					}[op]
					if got.Status != want.status || got.AmountCaptured != want.captured || got.AmountRefunded != want.refunded || got.PendingOp != "" {
						t.Fatalf("after reconcile: %s captured %d refunded %d pending %q; want %+v", got.Status, got.AmountCaptured,
							got.AmountRefunded, got.PendingOp, want)
					}
					if op == domain.OpRefund {
						r, err := f.GetRefund(ctx, sc, object)
						if err != nil || r.Status != domain.RefundSucceeded {
							t.Fatalf("refund after reconcile: %+v %v", r, err)
						}
					}
				})
			}
		}
		f.verifyClean(t)
	})
}

func mustPayWith(t *testing.T, f *faultyEngine, s domain.Scope, amount int64, capture bool) domain.Payment {
	t.Helper()
	f.fault.Store(nil)
	f.Engine.ProcessorTimeout = time.Minute
	return mustPay(t, f.Engine, s, amount, capture)
}

// TestReconcileGivesUp marks an operation whose outcome stays unknown
// failed on the job's last attempt, and gives a refund's amount back.
func TestReconcileGivesUp(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()

		f.inject(domain.OpAuthorize, sandbox.FaultError)
		p, err := f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 700, Currency: "eur", Card: card("4242424242424242"), Capture: true})
		if err != nil || p.Status != domain.StatusProcessing {
			t.Fatalf("payment under fault: %s %v", p.Status, err)
		}
		args := domain.ReconcileArgs{Object: p.ObjectID(), Op: domain.OpAuthorize}
		if err := f.Reconcile(ctx, sc, args, false); domain.ErrorCode(err) != domain.CodeProcessor {
			t.Fatalf("reconcile while still unknown: %v", err)
		}
		if err := f.Reconcile(ctx, sc, args, true); err != nil {
			t.Fatalf("last reconcile: %v", err)
		}
		got := getPayment(t, f.Engine, sc, p.ID)
		if got.Status != domain.StatusFailed || got.DeclineCode != "processor_unreachable" || got.PendingOp != "" {
			t.Fatalf("given up: %+v", got)
		}

		paid := mustPayWith(t, f, sc, 900, true)
		f.inject(domain.OpRefund, sandbox.FaultHang)
		r, err := f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: paid.ID})
		if err != nil || r.Refund.Status != domain.RefundPending || r.Payment.AmountRefunded != 900 {
			t.Fatalf("refund under fault: %+v %v", r, err)
		}
		// Nothing more can be refunded while it is pending.
		if _, err := f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: paid.ID}); domain.ErrorCode(err) != domain.CodeState {
			t.Fatalf("second refund of a pending full refund: %v", err)
		}
		if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: r.Refund.ID, Op: domain.OpRefund}, true); err != nil {
			t.Fatalf("last reconcile of refund: %v", err)
		}
		got = getPayment(t, f.Engine, sc, paid.ID)
		rr, _ := f.GetRefund(ctx, sc, r.Refund.ID)
		if rr.Status != domain.RefundFailed || got.AmountRefunded != 0 {
			t.Fatalf("refund given up: %+v, payment refunded %d", rr, got.AmountRefunded)
		}
		f.verifyClean(t)
	})
}

// TestNothingReachesTheProcessorThatIsRefused: a refund whose input is bad
// (a 41-character metadata key) is refused before the processor is asked.
func TestNothingReachesTheProcessorThatIsRefused(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		p := mustPayWith(t, f, sc, 1000, true)
		var asked atomic.Int32
		fn := func(op domain.Operation, _ string) sandbox.Fault {
			if op == domain.OpRefund {
				asked.Add(1)
			}
			return sandbox.FaultNone
		}
		f.fault.Store(&fn)
		_, err := f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: p.ID, Metadata: map[string]string{strings.Repeat("k", 41): "v"}})
		if domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("bad metadata: %v", err)
		}
		amt := int64(5000)
		if _, err := f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: p.ID, Amount: &amt}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("refund over the balance: %v", err)
		}
		if asked.Load() != 0 {
			t.Fatalf("the processor was asked %d times for refused refunds", asked.Load())
		}
		if got := getPayment(t, f.Engine, sc, p.ID); got.AmountRefunded != 0 {
			t.Fatalf("refunded %d", got.AmountRefunded)
		}
	})
}

// TestConcurrentPayersOfOneTimeRequest: twenty payers of one ONE-TIME
// payment request at once are charged once, whatever the processor's speed.
func TestConcurrentPayersOfOneTimeRequest(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		f.box.Latency = 20 * time.Millisecond
		f.Engine.ProcessorTimeout = time.Minute // no fault here: every call must answer
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		fixed := true
		pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"}, Email: "payer@example.com",
			Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB"})
		if err != nil {
			t.Fatal(err)
		}
		const n = 20
		var wg sync.WaitGroup
		var succeeded atomic.Int32
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, nil)
				if err == nil {
					succeeded.Add(1)
					return
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if domain.ErrorCode(err) != domain.CodeState {
				t.Errorf("a refused payer got %v", err)
			}
		}
		if succeeded.Load() != 1 {
			t.Fatalf("%d payers succeeded, want 1", succeeded.Load())
		}
		all, err := f.store.SandboxLedger().SandboxCalls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].Calls != 1 || all[0].Outcome != string(domain.OutcomeApproved) {
			t.Fatalf("processor calls: %+v", all)
		}
		page, err := f.ListPayments(ctx, sc, domain.ListParams{Limit: 100})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("payments: %d %v", len(page.Items), err)
		}
		if _, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, nil); domain.ErrorCode(err) != domain.CodeState {
			t.Fatalf("paying a paid request: %v", err)
		}
		f.verifyClean(t)
	})
}

// TestIdempotencyRecovery plays a server that died after committing a
// change but before storing its response: the retry with the same key
// waits out the dead claim's short lease, then gets the same object back,
// never a second one.
func TestIdempotencyRecovery(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		claim := func(key string) (context.Context, *domain.IdempotencyClaim) {
			t.Helper()
			c, replay, err := f.BeginIdempotent(ctx, sc, key, "fp-"+key)
			if err != nil || replay != nil {
				t.Fatalf("claim %s: %v %v", key, replay, err)
			}
			return domain.WithIdempotency(ctx, c), c
		}
		crash := func(key string, do func(ctx context.Context) string) {
			t.Helper()
			cctx, c := claim(key)
			first := do(cctx) // commits; the response is never stored
			if !c.Began() {
				t.Fatalf("%s: the claim did not record that it began", key)
			}
			// The dead request's lease has not run out: a retry is told to wait.
			if _, _, err := f.BeginIdempotent(ctx, sc, key, "fp-"+key); domain.ErrorCode(err) != domain.CodeIdempotencyInFlight {
				t.Fatalf("%s: retry within the lease: %v", key, err)
			}
			f.offset.Add(int64(domain.IdempotencyLease + time.Second))
			rctx, rc := claim(key)
			if rc.Recovered != first {
				t.Fatalf("%s: recovered %q, want %q", key, rc.Recovered, first)
			}
			if again := do(rctx); again != first {
				t.Fatalf("%s: the retry made %s, the first request %s", key, again, first)
			}
			// The dead request, were it alive after all, can no longer finish the key.
			if err := f.FinishIdempotent(ctx, c, domain.StoredResponse{Status: 500}); err != nil {
				t.Fatal(err)
			}
			if err := f.FinishIdempotent(ctx, rc, domain.StoredResponse{Status: 200, Body: []byte(first)}); err != nil {
				t.Fatal(err)
			}
			_, replay, err := f.BeginIdempotent(ctx, sc, key, "fp-"+key)
			if err != nil || replay == nil || replay.Status != 200 || string(replay.Body) != first {
				t.Fatalf("%s: replay after finish: %+v %v", key, replay, err)
			}
		}
		var payID string
		crash("pay", func(ctx context.Context) string {
			p, err := f.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1200, Currency: "usd", Card: card("4242424242424242"), Capture: true})
			if err != nil {
				t.Fatal(err)
			}
			payID = p.ID
			return p.ObjectID()
		})
		crash("refund", func(ctx context.Context) string {
			amt := int64(200)
			r, err := f.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: payID, Amount: &amt})
			if err != nil {
				t.Fatal(err)
			}
			return r.Refund.ID
		})
		auth := mustPayWith(t, f, sc, 800, false)
		crash("capture", func(ctx context.Context) string {
			p, err := f.CapturePayment(ctx, sc, auth.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			return p.ObjectID()
		})
		page, err := f.ListPayments(ctx, sc, domain.ListParams{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 {
			t.Fatalf("%d payments, want the keyed one and the authorisation", len(page.Items))
		}
		if got := getPayment(t, f.Engine, sc, auth.ID); got.Status != domain.StatusSucceeded || got.AmountCaptured != 800 {
			t.Fatalf("captured: %+v", got)
		}
		if got := getPayment(t, f.Engine, sc, payID); got.AmountRefunded != 200 {
			t.Fatalf("refunded %d, want one refund of 200", got.AmountRefunded)
		}
		f.verifyClean(t)
	})
}

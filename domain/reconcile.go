package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// DefaultReconcileAfter is how long after a money operation began its
// reconcile job first looks at it: longer than a processor call may take
// (DefaultProcessorTimeout), so the job never races the request itself.
const DefaultReconcileAfter = time.Minute

// ReconcileArgs is the job that settles a money operation whose outcome was
// not recorded: the first phase inserts it with the intent, the third
// deletes it. It runs only when something went wrong between them (a crash,
// a timeout, a processor error). Its tags are the stored format.
type ReconcileArgs struct {
	Object string    `json:"object"` // "pay_…" or "re_…"
	Op     Operation `json:"op"`
}

// Kind names the job.
func (ReconcileArgs) Kind() string { return "money.reconcile" }

func reconcileJobID(objectID string, op Operation) string {
	return "reconcile_" + CallKey(objectID, op)
}

// scheduleReconcile inserts the reconcile job of an operation that begins now.
func (e *Engine) scheduleReconcile(ctx context.Context, tx Tx, s Scope, objectID string, op Operation, now time.Time) error {
	after := e.ReconcileAfter
	if after <= 0 {
		after = DefaultReconcileAfter
	}
	j, err := NewJob(reconcileJobID(objectID, op), ReconcileArgs{Object: objectID, Op: op}, &s, now.Add(after))
	if err != nil {
		return err
	}
	return tx.InsertJob(ctx, j)
}

// Reconcile settles the operation of a reconcile job. It asks the
// processor what became of the call (Lookup by its idempotency key); when
// the processor never received it, it sends the call again under the same
// key, which cannot move money twice. While the outcome stays unknown it
// returns an error, so the job retries with backoff; on the last attempt
// (last) the object is marked failed with a reason saying so.
// Errors: CodeProcessor (the outcome is still unknown), CodeNotFound.
func (e *Engine) Reconcile(ctx context.Context, s Scope, args ReconcileArgs, last bool) error {
	switch {
	case strings.HasPrefix(args.Object, "pay_"):
		return e.reconcilePayment(ctx, s, strings.TrimPrefix(args.Object, "pay_"), args.Op, last)
	case strings.HasPrefix(args.Object, "re_"):
		return e.reconcileRefund(ctx, s, args.Object, last)
	}
	return Internal(fmt.Errorf("reconcile: unknown object %q", args.Object))
}

// errStillUnknown says that the processor cannot tell yet.
func errStillUnknown(key, msg string) error {
	return &Error{Code: CodeProcessor, Reason: "outcome_unknown",
		Message: fmt.Sprintf("The processor's answer to %s is not known yet: %s", key, msg)}
}

// declineUnreachable is the decline code of the unreachable outcome.
const declineUnreachable = "processor_unreachable"

// unreachable is the outcome recorded when the processor's answer could not
// be had after every try.
func unreachable(op Operation) ProcessorResult {
	return ProcessorResult{Outcome: OutcomeDeclined, Reason: "processing_error", DeclineCode: declineUnreachable,
		Message: "The payment processor's answer to this " + string(op) + " could not be established; it was marked failed."}
}

// lookup asks the processor about an earlier call; an error is unknown.
// reference, the processor's id of the payment when one is known, goes to a
// processor that looks calls up by it (ReferenceLookup).
func (e *Engine) lookup(ctx context.Context, proc Processor, key, reference string) ProcessorResult {
	return e.bounded(ctx, func(ctx context.Context) (ProcessorResult, error) {
		if rl, ok := proc.(ReferenceLookup); ok {
			return rl.LookupReference(ctx, key, reference)
		}
		return proc.Lookup(ctx, key)
	})
}

// outcomeOf finds what became of the call under key: Lookup first; when the
// processor never received it, resend (the same key, so it cannot move money
// twice). Still unknown, it is an error to retry later, or on the last
// attempt the unreachable outcome to record.
func (e *Engine) outcomeOf(ctx context.Context, proc Processor, key, reference string, op Operation, last bool,
	resend func() ProcessorResult) (ProcessorResult, error) {
	res := e.lookup(ctx, proc, key, reference)
	if res.Outcome == OutcomeUnknown {
		res = resend()
	}
	if res.Outcome == OutcomeUnknown {
		if !last {
			return res, errStillUnknown(key, res.Message)
		}
		res = unreachable(op)
	}
	return res, nil
}

func (e *Engine) reconcilePayment(ctx context.Context, s Scope, id string, op Operation, last bool) error {
	var p Payment
	var pm PaymentMethod
	var moto bool
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if p, err = tx.GetPayment(ctx, s, id, false); err != nil || p.PendingOp != op || op != OpAuthorize {
			return err
		}
		if p.RequestID != "" {
			pr, err := tx.GetPaymentRequestByID(ctx, p.RequestID)
			if err != nil {
				return err
			}
			moto = pr.MotoEnabled
		}
		pm, err = tx.GetPaymentMethod(ctx, s, p.PaymentMethodID)
		return err
	})
	if err != nil || p.PendingOp != op {
		return err
	}
	proc, err := e.processor(s)
	if err != nil {
		return err
	}
	key := CallKey(p.ObjectID(), op)
	res, err := e.outcomeOf(ctx, proc, key, p.ProcessorRef, op, last, func() ProcessorResult {
		if op.endsChallenge() {
			return e.callAuthenticate(ctx, proc, authenticateRequest(p, op))
		}
		return e.call(ctx, proc, op,
			AuthorizeRequest{Key: key, PaymentID: p.ID, Amount: p.Amount, Currency: p.Currency, Card: cardRef(pm),
				Capture: !p.CaptureManual, OnSession: true, MOTO: moto},
			FollowUpRequest{Key: key, PaymentID: p.ID, Reference: p.ProcessorRef, Amount: p.PendingAmount, Currency: p.Currency})
	})
	if err != nil {
		return err
	}
	_, err = e.recordPaymentOp(ctx, s, id, op, res)
	if ErrorCode(err) == CodeCard {
		return nil // a decline, recorded
	}
	return err
}

func (e *Engine) reconcileRefund(ctx context.Context, s Scope, id string, last bool) error {
	var r Refund
	var p Payment
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if r, err = tx.GetRefund(ctx, s, id); err != nil || r.Status != RefundPending {
			return err
		}
		p, err = tx.GetPayment(ctx, s, r.PaymentID, false)
		return err
	})
	if err != nil || r.Status != RefundPending {
		return err
	}
	proc, err := e.processor(s)
	if err != nil {
		return err
	}
	key := CallKey(r.ID, OpRefund)
	res, err := e.outcomeOf(ctx, proc, key, p.ProcessorRef, OpRefund, last, func() ProcessorResult {
		return e.call(ctx, proc, OpRefund, AuthorizeRequest{},
			FollowUpRequest{Key: key, PaymentID: p.ID, Reference: p.ProcessorRef, Amount: r.Amount, Currency: r.Currency})
	})
	if err != nil {
		return err
	}
	_, err = e.recordRefund(ctx, s, id, res)
	return err
}

package domain

import (
	"context"
	"crypto/sha256"
	"strings"
)

// ProcessorReport is news a processor sent on its own, such as a Stripe
// webhook, that one of our objects changed upstream.
type ProcessorReport struct {
	Livemode  bool
	PaymentID string // the bare id of the payment the object belongs to
	Object    string // what changed: "pay_<id>" (the payment) or "re_<id>" (one of its refunds)
	// Reference is the processor's id of the payment (Stripe's
	// PaymentIntent), which the report carries; the payment's own
	// ProcessorRef wins when it has one.
	Reference string
}

// SettleReported settles the pending operation of a reported object. It
// takes nothing from the report but which object changed: the outcome
// comes from the processor's Lookup, as the reconcile job's does, and is
// recorded through the same third phase as the call's own answer, under the
// row lock and only while the operation is pending. So however often and in
// whatever order reports arrive, each outcome is recorded once. An object
// with nothing pending, or whose outcome the processor cannot tell yet,
// changes nothing; a report never sends a call.
// Errors: CodeNotFound (no such payment or refund in that mode), CodeProcessor.
func (e *Engine) SettleReported(ctx context.Context, r ProcessorReport) error {
	p, s, err := e.reportedPayment(ctx, r.Livemode, r.PaymentID)
	if err != nil {
		return err
	}
	proc, err := e.processor(s)
	if err != nil {
		return err
	}
	ref := p.ProcessorRef
	if ref == "" {
		ref = r.Reference
	}
	switch {
	case r.Object == p.ObjectID():
		op := p.PendingOp
		if op == "" {
			return nil
		}
		res := e.lookup(ctx, proc, CallKey(p.ObjectID(), op), ref)
		if res.Outcome == OutcomeUnknown {
			return nil
		}
		_, err := e.recordPaymentOp(ctx, s, p.ID, op, res)
		if ErrorCode(err) == CodeCard {
			return nil // a decline, recorded
		}
		return err
	case strings.HasPrefix(r.Object, "re_"):
		var rf Refund
		if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { rf, err = tx.GetRefund(ctx, s, r.Object); return err }); err != nil {
			return err
		}
		if rf.PaymentID != p.ID {
			return NotFound("refund", "refund", r.Object)
		}
		if rf.Status != RefundPending {
			return nil
		}
		res := e.lookup(ctx, proc, CallKey(rf.ID, OpRefund), ref)
		if res.Outcome == OutcomeUnknown {
			return nil
		}
		_, err := e.recordRefund(ctx, s, rf.ID, res)
		return err
	}
	return NotFound("object", "object", r.Object)
}

// reportedPayment finds the payment a processor reported on, in any
// merchant's scope but only in the report's mode.
func (e *Engine) reportedPayment(ctx context.Context, livemode bool, id string) (Payment, Scope, error) {
	var p Payment
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPaymentByID(ctx, id); return err }); err != nil {
		if ErrorCode(err) == CodeNotFound {
			return p, Scope{}, NotFound("payment", "payment", id)
		}
		return p, Scope{}, err
	}
	if p.Livemode != livemode {
		return Payment{}, Scope{}, NotFound("payment", "payment", id)
	}
	return p, Scope{MerchantID: p.MerchantID, Livemode: p.Livemode}, nil
}

// RecordDispute records that the card holder disputed a payment, as its
// processor reported (Stripe's charge.dispute.created): the event
// payment.disputed with the payment, once per dispute id however often the
// report arrives. Answering the dispute is done at the processor.
// Errors: CodeNotFound (no such payment in that mode).
func (e *Engine) RecordDispute(ctx context.Context, livemode bool, paymentID, disputeID string) error {
	p, s, err := e.reportedPayment(ctx, livemode, paymentID)
	if err != nil {
		return err
	}
	id := disputeEventID(disputeID)
	now := e.now()
	return e.tx(ctx, func(tx Tx) error {
		if _, err := tx.GetEvent(ctx, s, id); err == nil {
			return nil // recorded already
		} else if ErrorCode(err) != CodeNotFound {
			return err
		}
		if p, err = tx.GetPayment(ctx, s, p.ID, true); err != nil {
			return err
		}
		return e.emitID(ctx, tx, s, id, EventPaymentDisputed, p, now)
	})
}

// disputeEventID is the id of a dispute's event: the same for every report of
// one dispute, so the event is written once.
func disputeEventID(disputeID string) string {
	sum := sha256.Sum256([]byte("dispute:" + disputeID))
	out := make([]byte, 24)
	for i := range out {
		out[i] = base62[int(sum[i])%62]
	}
	return "evt_" + string(out)
}

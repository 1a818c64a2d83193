package domain

import (
	"context"
	"strings"
	"time"
)

// Refund returns captured money to the card, in full or in part; a payment
// may be refunded many times up to what was captured.
type Refund struct {
	ID         string // "re_" + 32 hex; the hex is its Paysley history payment_id
	MerchantID string
	Livemode   bool
	PaymentID  string // bare payment id
	Amount     int64
	Currency   Currency
	Reason     string // duplicate, fraudulent, requested_by_customer, or ""
	Status     string // RefundPending, RefundSucceeded or RefundFailed
	// FailureReason says why a failed refund failed (the processor's code).
	FailureReason string
	Metadata      map[string]string
	Email         string // where a refund receipt goes (Paysley)
	Mobile        string
	Created       time.Time
	Updated       time.Time
}

// The refund statuses. A pending refund has been sent to the processor and
// its amount already counts in the payment's AmountRefunded, so concurrent
// refunds can never exceed what was captured; a failed one gives it back.
const (
	RefundPending   = "pending"
	RefundSucceeded = "succeeded"
	RefundFailed    = "failed"
)

// ObjectID is the id events carry for a refund.
func (r Refund) ObjectID() string { return r.ID }

// RefundReasons are the reasons a refund may give, as Stripe's.
var RefundReasons = map[string]bool{"duplicate": true, "fraudulent": true, "requested_by_customer": true}

// RefundInput asks for a refund; a nil Amount refunds what remains.
type RefundInput struct {
	PaymentID string
	Amount    *int64
	Reason    string
	Metadata  map[string]string
	Email     string
	Mobile    string
}

// RefundResult is the refund and the payment after it.
type RefundResult struct {
	Refund  Refund
	Payment Payment
}

// CreateRefund refunds a succeeded payment, in two phases: under the
// payment's row lock every input is checked and the refund written pending,
// its amount counted against what remains refundable; then the processor is
// asked outside any transaction; then the outcome is recorded (refund.created
// on success, refund.failed and the amount given back on failure). An
// unknown answer leaves it pending for the reconcile job.
// Errors: CodeNotFound (payment), CodeState (payment not succeeded, or fully
// refunded), CodeInvalid (amount, reason, metadata, email), CodeProcessor.
func (e *Engine) CreateRefund(ctx context.Context, s Scope, in RefundInput) (RefundResult, error) {
	if id := recovered(ctx, "re_"); id != "" {
		if err := e.reconcileRefund(ctx, s, id, false); err != nil && ErrorCode(err) != CodeProcessor {
			return RefundResult{}, err
		}
		return e.refundResult(ctx, s, id)
	}
	if in.Reason != "" && !RefundReasons[in.Reason] {
		return RefundResult{}, Invalid("reason", "parameter_invalid",
			"Invalid reason: must be one of duplicate, fraudulent or requested_by_customer.")
	}
	if in.Email != "" && !ValidEmail(in.Email) {
		return RefundResult{}, Invalid("email", "email_invalid", "Invalid email address: %s", in.Email)
	}
	if in.Amount != nil && *in.Amount <= 0 {
		return RefundResult{}, Invalid("amount", "amount_too_small", "The refund amount must be a positive integer.")
	}
	now := e.now()
	r := Refund{ID: "re_" + NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, PaymentID: in.PaymentID,
		Reason: in.Reason, Status: RefundPending, Email: in.Email, Mobile: in.Mobile, Created: now, Updated: now}
	if err := mergeMetadata(&r.Metadata, in.Metadata); err != nil {
		return RefundResult{}, err
	}
	proc, err := e.processor(s)
	if err != nil {
		return RefundResult{}, err
	}
	var p Payment
	err = e.txFor(ctx, r.ID, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, in.PaymentID, true); err != nil {
			if ErrorCode(err) == CodeNotFound {
				return NotFound("payment", "payment", in.PaymentID)
			}
			return err
		}
		if p.Status != StatusSucceeded {
			return StateError("payment_unexpected_state",
				"This payment cannot be refunded because it has a status of %s. Only a succeeded payment can be refunded.", p.Status)
		}
		remaining := p.Remaining()
		if remaining == 0 {
			return StateError("charge_already_refunded", "Payment pay_%s has already been refunded.", p.ID)
		}
		r.Amount, r.Currency = remaining, p.Currency
		if in.Amount != nil {
			if *in.Amount > remaining {
				return Invalid("amount", "amount_too_large",
					"Refund amount (%s %s) is greater than the unrefunded amount on the payment (%s %s).",
					FormatMajor(*in.Amount, p.Currency), p.Currency.Code, FormatMajor(remaining, p.Currency), p.Currency.Code)
			}
			r.Amount = *in.Amount
		}
		p.AmountRefunded += r.Amount
		p.Updated = now
		if err := p.checkInvariant(); err != nil {
			return err
		}
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		if err := tx.InsertRefund(ctx, r); err != nil {
			return err
		}
		if err := recordHistory(ctx, tx, p, strings.TrimPrefix(r.ID, "re_"), HistoryRefund, r.Amount, HistoryPending, "Refund", now); err != nil {
			return err
		}
		return e.scheduleReconcile(ctx, tx, s, r.ID, OpRefund, now)
	})
	if err != nil {
		return RefundResult{}, err
	}
	res := e.call(ctx, proc, OpRefund, AuthorizeRequest{}, FollowUpRequest{Key: CallKey(r.ID, OpRefund), PaymentID: p.ID,
		Reference: p.ProcessorRef, Amount: r.Amount, Currency: r.Currency})
	return e.recordRefund(ctx, s, r.ID, res)
}

// recordRefund is the third phase of a refund: under the payment's row
// lock, if the refund is still pending, it applies the processor's answer.
// An unknown answer changes nothing.
func (e *Engine) recordRefund(ctx context.Context, s Scope, id string, res ProcessorResult) (RefundResult, error) {
	if res.Outcome == OutcomeUnknown {
		return e.refundResult(ctx, s, id)
	}
	now := e.now()
	var out RefundResult
	err := e.tx(ctx, func(tx Tx) error {
		r, err := tx.GetRefund(ctx, s, id)
		if err != nil {
			return err
		}
		p, err := tx.GetPayment(ctx, s, r.PaymentID, true)
		if err != nil {
			return err
		}
		if r, err = tx.GetRefund(ctx, s, id); err != nil { // again, under the lock
			return err
		}
		out = RefundResult{Refund: r, Payment: p}
		if r.Status != RefundPending {
			return nil
		}
		r.Updated = now
		status, event := HistorySuccess, EventRefundCreated
		if res.Outcome == OutcomeApproved {
			r.Status = RefundSucceeded
		} else {
			r.Status, r.FailureReason = RefundFailed, orDefault(res.DeclineCode, orDefault(res.Reason, "declined"))
			status, event = HistoryFailed, EventRefundFailed
			p.AmountRefunded -= r.Amount
			p.Updated = now
			if err := p.checkInvariant(); err != nil {
				return err
			}
			if err := tx.UpdatePayment(ctx, p); err != nil {
				return err
			}
		}
		if err := tx.UpdateRefund(ctx, r); err != nil {
			return err
		}
		if err := tx.UpdateHistoryStatus(ctx, s, strings.TrimPrefix(r.ID, "re_"), status, "Refund"); err != nil {
			return err
		}
		out = RefundResult{Refund: r, Payment: p}
		if err := e.emit(ctx, tx, s, event, r, now); err != nil {
			return err
		}
		if r.Status == RefundSucceeded {
			if err := e.refundSucceeded(ctx, tx, s, r, p, now); err != nil {
				return err
			}
		}
		return tx.DeleteJob(ctx, reconcileJobID(r.ID, OpRefund))
	})
	return out, err
}

// refundResult reads a refund and its payment as they stand.
func (e *Engine) refundResult(ctx context.Context, s Scope, id string) (RefundResult, error) {
	var out RefundResult
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if out.Refund, err = tx.GetRefund(ctx, s, id); err != nil {
			return err
		}
		out.Payment, err = tx.GetPayment(ctx, s, out.Refund.PaymentID, false)
		return err
	})
	return out, err
}

// GetRefund returns a refund. Errors: CodeNotFound.
func (e *Engine) GetRefund(ctx context.Context, s Scope, id string) (Refund, error) {
	var r Refund
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { r, err = tx.GetRefund(ctx, s, id); return err })
	return r, err
}

// ListRefunds returns a page of refunds; ListParams.Payment filters.
func (e *Engine) ListRefunds(ctx context.Context, s Scope, lp ListParams) (Page[Refund], error) {
	var out Page[Refund]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListRefunds(ctx, s, lp); return err })
	return out, err
}

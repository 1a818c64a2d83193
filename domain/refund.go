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
	Status     string // succeeded
	Metadata   map[string]string
	Email      string // where a refund receipt goes (Paysley)
	Mobile     string
	Created    time.Time
}

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

// CreateRefund refunds a succeeded payment. The payment row is locked for
// the whole check-and-write, so concurrent refunds can never exceed what was
// captured. Emits refund.created.
// Errors: CodeNotFound (payment), CodeState (payment not succeeded, or fully
// refunded), CodeInvalid (amount, reason, metadata), CodeProcessor.
func (e *Engine) CreateRefund(ctx context.Context, s Scope, in RefundInput) (RefundResult, error) {
	if in.Reason != "" && !RefundReasons[in.Reason] {
		return RefundResult{}, Invalid("reason", "parameter_invalid",
			"Invalid reason: must be one of duplicate, fraudulent or requested_by_customer.")
	}
	if in.Email != "" && !ValidEmail(in.Email) {
		return RefundResult{}, Invalid("email", "email_invalid", "Invalid email address: %s", in.Email)
	}
	now := e.now()
	var out RefundResult
	err := e.Store.Tx(ctx, func(tx Tx) error {
		p, err := tx.GetPayment(ctx, s, in.PaymentID, true)
		if err != nil {
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
		amt := remaining
		if in.Amount != nil {
			amt = *in.Amount
			if amt <= 0 {
				return Invalid("amount", "amount_too_small", "The refund amount must be a positive integer.")
			}
			if amt > remaining {
				return Invalid("amount", "amount_too_large",
					"Refund amount (%s %s) is greater than the unrefunded amount on the payment (%s %s).",
					FormatMajor(amt, p.Currency), p.Currency.Code, FormatMajor(remaining, p.Currency), p.Currency.Code)
			}
		}
		if err := e.processor(s).Refund(ctx, p.ProcessorRef, amt); err != nil {
			return err
		}
		r := Refund{ID: "re_" + NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, PaymentID: p.ID, Amount: amt,
			Currency: p.Currency, Reason: in.Reason, Status: "succeeded", Email: in.Email, Mobile: in.Mobile, Created: now}
		if err := mergeMetadata(&r.Metadata, in.Metadata); err != nil {
			return err
		}
		p.AmountRefunded += amt
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
		if err := recordHistory(ctx, tx, p, strings.TrimPrefix(r.ID, "re_"), HistoryRefund, amt, "success", "Refund", now); err != nil {
			return err
		}
		out = RefundResult{Refund: r, Payment: p}
		return e.emit(ctx, tx, s, EventRefundCreated, r, now)
	})
	return out, err
}

// GetRefund returns a refund. Errors: CodeNotFound.
func (e *Engine) GetRefund(ctx context.Context, s Scope, id string) (Refund, error) {
	var r Refund
	err := e.Store.Read(ctx, func(tx Tx) (err error) { r, err = tx.GetRefund(ctx, s, id); return err })
	return r, err
}

// ListRefunds returns a page of refunds; ListParams.Payment filters.
func (e *Engine) ListRefunds(ctx context.Context, s Scope, lp ListParams) (Page[Refund], error) {
	var out Page[Refund]
	err := e.Store.Read(ctx, func(tx Tx) (err error) { out, err = tx.ListRefunds(ctx, s, lp); return err })
	return out, err
}

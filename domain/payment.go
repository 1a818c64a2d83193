package domain

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// PaymentStatus is where a payment stands.
type PaymentStatus string

// The payment statuses and their transitions:
//
//	(create) → succeeded            captured at once (capture = true)
//	(create) → requires_capture     authorised only (capture = false)
//	(create) → failed               declined; recorded with its failure code
//	requires_capture → succeeded    capture (full or partial, once)
//	requires_capture → canceled     cancel (releases the authorisation)
//
// Refunds do not change the status; they raise AmountRefunded, which never
// exceeds AmountCaptured, which never exceeds Amount.
const (
	StatusRequiresCapture PaymentStatus = "requires_capture"
	StatusSucceeded       PaymentStatus = "succeeded"
	StatusFailed          PaymentStatus = "failed"
	StatusCanceled        PaymentStatus = "canceled"
)

// MaxPaymentAmount is the largest amount one payment may carry, in minor
// units, as Stripe's (999,999.99 in a two-decimal currency).
const MaxPaymentAmount int64 = 99_999_999

// Payment is a card payment. Both dialects show the same payment: PaySmart
// as "pay_"+ID, Paysley by the bare ID (its payment_id).
type Payment struct {
	ID         string // 32 lower-case hex
	Number     int64  // database sequence
	MerchantID string
	Livemode   bool

	Amount         int64 // authorised, minor units
	Currency       Currency
	Status         PaymentStatus
	AmountCaptured int64
	AmountRefunded int64
	CaptureManual  bool

	PaymentMethodID string
	Card            Card
	RequestID       string // the Paysley payment request it pays, if any

	Customer       string
	Description    string
	Metadata       map[string]string
	ReceiptEmail   string
	ReceiptNumber  string
	FailureCode    string
	FailureMessage string
	DeclineCode    string
	ProcessorRef   string

	Created    time.Time
	Updated    time.Time
	CapturedAt *time.Time
	CanceledAt *time.Time
}

// ObjectID is the id events carry for a payment.
func (p Payment) ObjectID() string { return "pay_" + p.ID }

// Remaining is what may still be refunded.
func (p Payment) Remaining() int64 { return p.AmountCaptured - p.AmountRefunded }

// checkInvariant guards the money rule before every write:
// 0 ≤ refunded ≤ captured ≤ authorised.
func (p Payment) checkInvariant() error {
	if p.AmountRefunded < 0 || p.AmountRefunded > p.AmountCaptured || p.AmountCaptured > p.Amount || p.AmountCaptured < 0 {
		return Internal(fmt.Errorf("payment %s would break refunded ≤ captured ≤ authorised (%d, %d, %d)",
			p.ID, p.AmountRefunded, p.AmountCaptured, p.Amount))
	}
	return nil
}

// PaymentInput creates a payment. Exactly one of Card and PaymentMethodID.
type PaymentInput struct {
	Amount          int64
	Currency        string
	Card            *CardInput
	PaymentMethodID string
	Customer        string
	Description     string
	Metadata        map[string]string
	Capture         bool
	ReceiptEmail    string
	requestID       string // set by PayPaymentRequest
	// inTx runs inside the transaction that records the payment, for the
	// use cases built on CreatePayment (paying a payment request).
	inTx func(ctx context.Context, tx Tx, p Payment) error
}

// processor picks the processor for the scope's mode.
func (e *Engine) processor(s Scope) Processor {
	if s.Livemode {
		if e.LiveProcessor != nil {
			return e.LiveProcessor
		}
		return NoProcessor{}
	}
	if e.TestProcessor != nil {
		return e.TestProcessor
	}
	return NoProcessor{}
}

// ValidateAmount checks an amount in minor units.
func ValidateAmount(param string, amount int64) error {
	if amount <= 0 {
		return Invalid(param, "amount_too_small", "Amount must be a positive integer in the currency's smallest unit.")
	}
	if amount > MaxPaymentAmount {
		return Invalid(param, "amount_too_large", "Amount must be no more than %d in the currency's smallest unit.", MaxPaymentAmount)
	}
	return nil
}

// CreatePayment authorises a card and, unless Capture is false, captures it.
// A declined card still records a failed payment and its payment.failed
// event, and returns it together with a CodeCard error.
// Errors: CodeInvalid (amount, currency, payment_method, receipt_email,
// metadata), CodeNotFound (customer, payment_method), CodeCard (the card's
// checks or the processor's decline), CodeProcessor (no processor, or it failed).
func (e *Engine) CreatePayment(ctx context.Context, s Scope, in PaymentInput) (Payment, error) {
	if err := ValidateAmount("amount", in.Amount); err != nil {
		return Payment{}, err
	}
	cur, ok := LookupCurrency(in.Currency)
	if !ok {
		if strings.TrimSpace(in.Currency) == "" {
			return Payment{}, Missing("currency")
		}
		return Payment{}, Invalid("currency", "parameter_invalid", "Invalid currency: %s. Use a three-letter ISO 4217 code.", strings.ToLower(in.Currency))
	}
	if in.ReceiptEmail != "" && !ValidEmail(in.ReceiptEmail) {
		return Payment{}, Invalid("receipt_email", "email_invalid", "Invalid email address: %s", in.ReceiptEmail)
	}
	now := e.now()
	p := Payment{ID: NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, Amount: in.Amount, Currency: cur, RequestID: in.requestID,
		CaptureManual: !in.Capture, Customer: in.Customer, Description: in.Description, ReceiptEmail: in.ReceiptEmail,
		Created: now, Updated: now}
	if err := mergeMetadata(&p.Metadata, in.Metadata); err != nil {
		return Payment{}, err
	}

	// The card: new (validated and sealed here) or a saved payment method.
	// An expired card is declined without asking the processor.
	var pm PaymentMethod
	var card CardInput
	var expired error
	newPM := false
	switch {
	case in.Card != nil && in.PaymentMethodID != "":
		return Payment{}, Invalid("payment_method", "parameter_invalid", "Give either a card or a payment method id, not both.")
	case in.Card != nil:
		var err error
		pm, card, err = e.newPaymentMethod(s, *in.Card, now)
		if err != nil && !isExpired(err) {
			return Payment{}, err
		}
		expired, newPM = err, true
	case in.PaymentMethodID != "":
		var err error
		if err = e.Store.Read(ctx, func(tx Tx) (err error) { pm, err = tx.GetPaymentMethod(ctx, s, in.PaymentMethodID); return err }); err != nil {
			if ErrorCode(err) == CodeNotFound {
				return Payment{}, NotFound("payment method", "payment_method", in.PaymentMethodID)
			}
			return Payment{}, err
		}
		if pm.Customer != "" && in.Customer != "" && pm.Customer != in.Customer {
			return Payment{}, Invalid("payment_method", "payment_method_customer_mismatch",
				"The payment method %s belongs to another customer.", pm.ID)
		}
		pan, err := e.Vault.Open(pm.SealedPAN)
		if err != nil {
			return Payment{}, Internal(err)
		}
		card = CardInput{Number: pan, ExpMonth: pm.Card.ExpMonth, ExpYear: pm.Card.ExpYear}
		if _, _, err := ValidateCard(card, now); err != nil {
			if !isExpired(err) {
				return Payment{}, err
			}
			expired = err // a saved card can expire
		}
	default:
		return Payment{}, Missing("payment_method")
	}
	p.PaymentMethodID, p.Card = pm.ID, pm.Card
	if in.Customer != "" {
		if err := e.Store.Read(ctx, func(tx Tx) error { return customerExists(ctx, tx, s, in.Customer) }); err != nil {
			return Payment{}, err
		}
	}

	var res ChargeResult
	declineParam := ""
	if expired != nil {
		ee := expired.(*Error)
		res = ChargeResult{Reason: ee.Reason, DeclineCode: ee.DeclineCode, Message: ee.Message}
		declineParam = ee.Param
	} else {
		var err error
		res, err = e.processor(s).Authorize(ctx, ChargeRequest{PaymentID: p.ID, Amount: p.Amount, Currency: cur,
			Card: card, Brand: pm.Card.Brand, Capture: in.Capture})
		if err != nil {
			return Payment{}, err
		}
	}
	var declined *Error
	event := EventPaymentSucceeded
	switch {
	case !res.Approved:
		p.Status, p.FailureCode, p.FailureMessage, p.DeclineCode = StatusFailed, res.Reason, res.Message, res.DeclineCode
		declined = &Error{Code: CodeCard, Reason: res.Reason, Message: res.Message, DeclineCode: res.DeclineCode,
			PaymentID: p.ID, Param: declineParam}
		event = EventPaymentFailed
	case in.Capture:
		p.Status, p.AmountCaptured, p.CapturedAt, p.ReceiptNumber = StatusSucceeded, p.Amount, &now, receiptNumber()
	default:
		p.Status = StatusRequiresCapture
		event = ""
	}
	p.ProcessorRef = res.Reference
	if err := p.checkInvariant(); err != nil {
		return Payment{}, err
	}
	err := e.Store.Tx(ctx, func(tx Tx) error {
		if newPM {
			if err := tx.InsertPaymentMethod(ctx, pm); err != nil {
				return err
			}
		}
		n, err := tx.InsertPayment(ctx, p)
		if err != nil {
			return err
		}
		p.Number = n
		if err := e.recordPaymentHistory(ctx, tx, p, now); err != nil {
			return err
		}
		if in.inTx != nil {
			if err := in.inTx(ctx, tx, p); err != nil {
				return err
			}
		}
		if event == "" {
			return nil
		}
		return e.emit(ctx, tx, s, event, p, now)
	})
	if err != nil {
		return Payment{}, err
	}
	if declined != nil {
		return p, declined
	}
	return p, nil
}

// receiptNumber is a human-friendly number for a receipt, "1234-5678".
func receiptNumber() string {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		panic(err)
	}
	v := n.Int64()
	return fmt.Sprintf("%04d-%04d", v/10000, v%10000)
}

// GetPayment returns a payment by its bare id. Errors: CodeNotFound.
func (e *Engine) GetPayment(ctx context.Context, s Scope, id string) (Payment, error) {
	var p Payment
	err := e.Store.Read(ctx, func(tx Tx) (err error) { p, err = tx.GetPayment(ctx, s, id, false); return err })
	return p, err
}

// ListPayments returns a page of payments; ListParams.Customer and Status filter.
func (e *Engine) ListPayments(ctx context.Context, s Scope, lp ListParams) (Page[Payment], error) {
	var out Page[Payment]
	err := e.Store.Read(ctx, func(tx Tx) (err error) { out, err = tx.ListPayments(ctx, s, lp); return err })
	return out, err
}

// PaymentUpdate changes what may change after creation; nil leaves a field.
type PaymentUpdate struct {
	Description  *string
	Customer     *string
	ReceiptEmail *string
	Metadata     map[string]string
}

// UpdatePayment changes a payment's description, customer, receipt email or
// metadata. Errors: CodeNotFound (payment, customer), CodeInvalid.
func (e *Engine) UpdatePayment(ctx context.Context, s Scope, id string, u PaymentUpdate) (Payment, error) {
	now := e.now()
	var p Payment
	err := e.Store.Tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		if u.Description != nil {
			p.Description = *u.Description
		}
		if u.Customer != nil {
			if *u.Customer != "" && *u.Customer != p.Customer {
				if err := customerExists(ctx, tx, s, *u.Customer); err != nil {
					return err
				}
			}
			p.Customer = *u.Customer
		}
		if u.ReceiptEmail != nil {
			if *u.ReceiptEmail != "" && !ValidEmail(*u.ReceiptEmail) {
				return Invalid("receipt_email", "email_invalid", "Invalid email address: %s", *u.ReceiptEmail)
			}
			p.ReceiptEmail = *u.ReceiptEmail
		}
		if err := mergeMetadata(&p.Metadata, u.Metadata); err != nil {
			return err
		}
		p.Updated = now
		return tx.UpdatePayment(ctx, p)
	})
	return p, err
}

// CapturePayment captures an authorised payment, in full or (amount > 0) in
// part, once; the rest of the authorisation is released. It emits
// payment.captured and payment.succeeded.
// Errors: CodeNotFound, CodeState (not requires_capture), CodeInvalid (amount), CodeProcessor.
func (e *Engine) CapturePayment(ctx context.Context, s Scope, id string, amount *int64) (Payment, error) {
	now := e.now()
	var p Payment
	err := e.Store.Tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		if p.Status != StatusRequiresCapture {
			return StateError("payment_unexpected_state",
				"This payment could not be captured because it has a status of %s. Only a payment with status requires_capture can be captured.", p.Status)
		}
		amt := p.Amount
		if amount != nil {
			amt = *amount
			if amt <= 0 {
				return Invalid("amount", "amount_too_small", "The capture amount must be a positive integer.")
			}
			if amt > p.Amount {
				return Invalid("amount", "amount_too_large",
					"The capture amount (%d) is greater than the amount authorised (%d).", amt, p.Amount)
			}
		}
		if err := e.processor(s).Capture(ctx, p.ProcessorRef, amt); err != nil {
			return err
		}
		p.Status, p.AmountCaptured, p.CapturedAt, p.Updated = StatusSucceeded, amt, &now, now
		p.ReceiptNumber = receiptNumber()
		if err := p.checkInvariant(); err != nil {
			return err
		}
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		if err := recordHistory(ctx, tx, p, NewHexID(), HistoryCapture, amt, "success", "Capture of a pre-authorisation", now); err != nil {
			return err
		}
		if err := e.emit(ctx, tx, s, EventPaymentCaptured, p, now); err != nil {
			return err
		}
		return e.emit(ctx, tx, s, EventPaymentSucceeded, p, now)
	})
	return p, err
}

// CancelPayment releases an authorised, uncaptured payment and emits
// payment.canceled. Errors: CodeNotFound, CodeState, CodeProcessor.
func (e *Engine) CancelPayment(ctx context.Context, s Scope, id string) (Payment, error) {
	now := e.now()
	var p Payment
	err := e.Store.Tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		if p.Status != StatusRequiresCapture {
			return StateError("payment_unexpected_state",
				"This payment could not be canceled because it has a status of %s. Only a payment with status requires_capture can be canceled.", p.Status)
		}
		if err := e.processor(s).Cancel(ctx, p.ProcessorRef); err != nil {
			return err
		}
		p.Status, p.CanceledAt, p.Updated = StatusCanceled, &now, now
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		if err := recordHistory(ctx, tx, p, NewHexID(), HistoryReversal, p.Amount, "success", "Pre-authorisation released", now); err != nil {
			return err
		}
		return e.emit(ctx, tx, s, EventPaymentCanceled, p, now)
	})
	return p, err
}

// ReceiptPayment returns a payment for its public receipt page, whatever its
// merchant and mode: the 128-bit id is the capability. It returns the
// merchant too, whose name the receipt shows. Errors: CodeNotFound.
func (e *Engine) ReceiptPayment(ctx context.Context, id string) (Payment, Merchant, error) {
	var p Payment
	var m Merchant
	err := e.Store.Read(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetPaymentByID(ctx, id); err != nil {
			return err
		}
		m, err = tx.GetMerchant(ctx, p.MerchantID)
		return err
	})
	return p, m, err
}

// recordPaymentHistory writes the history row of a new payment: a debit or a
// pre-authorisation, successful or failed.
func (e *Engine) recordPaymentHistory(ctx context.Context, tx Tx, p Payment, now time.Time) error {
	kind, status, desc := HistoryDebit, "success", "Request successfully processed"
	if p.CaptureManual {
		kind = HistoryPreAuth
	}
	if p.Status == StatusFailed {
		status, desc = "failed", p.FailureMessage
	}
	return recordHistory(ctx, tx, p, p.ID, kind, p.Amount, status, desc, now)
}

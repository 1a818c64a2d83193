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

// The payment statuses and their transitions. Every move through the
// processor is two-phase: the intent is written (status processing, with
// PendingOp), the processor is asked outside any transaction, and the
// outcome is recorded under the row lock; the reconcile job records it when
// a crash or a timeout left the payment processing.
//
//	(create) → processing (authorize) → succeeded          captured at once (capture = true)
//	                                  → requires_capture   authorised only (capture = false)
//	                                  → failed             declined; recorded with its failure code
//	                                  → requires_action    the card asks for 3-D Secure (AuthenticatePayment)
//	requires_action → processing (authenticate | fail_authentication) → succeeded | requires_capture | failed
//	requires_action → processing (cancel_authentication) → canceled    the merchant ended the challenge
//	                                                     → succeeded | requires_capture   the customer passed it first
//	requires_capture → processing (capture) → succeeded    full or partial, once
//	requires_capture → processing (cancel)  → canceled     releases the authorisation
//	processing (capture or cancel) → requires_capture      the processor refused the operation
//
// Refunds do not change the status; they raise AmountRefunded (pending
// refunds included), which never exceeds AmountCaptured, which never exceeds
// Amount.
const (
	StatusProcessing      PaymentStatus = "processing"
	StatusRequiresCapture PaymentStatus = "requires_capture"
	StatusSucceeded       PaymentStatus = "succeeded"
	StatusFailed          PaymentStatus = "failed"
	StatusCanceled        PaymentStatus = "canceled"
	// StatusRequiresAction waits for the customer to answer a 3-D Secure
	// challenge; nothing is authorised yet.
	StatusRequiresAction PaymentStatus = "requires_action"
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
	SubscriptionID  string // the subscription it charges, if any

	Customer       string
	Description    string
	Metadata       map[string]string
	ReceiptEmail   string
	ReceiptNumber  string
	FailureCode    string
	FailureMessage string
	DeclineCode    string
	ProcessorRef   string

	// PendingOp is the processor operation sent and not yet recorded
	// (authorize, capture, cancel, or one that ends a 3-D Secure
	// challenge); Status is processing meanwhile.
	// PendingAmount is the amount being authorised or captured.
	PendingOp     Operation
	PendingAmount int64

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

// paymentIntent is a payment checked and ready to write, with its card.
type paymentIntent struct {
	p     Payment
	pm    PaymentMethod
	newPM bool
	// expired is the refusal of a card past its expiry: the payment is
	// recorded as declined without asking the processor.
	expired *Error
	// moto exempts the authorisation from 3-D Secure (a payment request's
	// moto_enabled).
	moto bool
	// settled says the first phase settled the payment already: a
	// processor that authorises in the engine's transaction (InTransaction)
	// answered there.
	settled bool
}

// CreatePayment authorises a card and, unless Capture is false, captures it,
// in two phases (see PaymentStatus). A declined card still records a failed
// payment and its payment.failed event, and returns it together with a
// CodeCard error. When the processor's answer is unknown (a timeout), the
// payment is returned processing and the reconcile job settles it.
// Errors: CodeInvalid (amount, currency, payment_method, receipt_email,
// metadata), CodeNotFound (customer, payment_method), CodeCard (the card's
// checks or the processor's decline), CodeProcessor (no processor).
func (e *Engine) CreatePayment(ctx context.Context, s Scope, in PaymentInput) (Payment, error) {
	if id := recovered(ctx, "pay_"); id != "" {
		return e.resumePayment(ctx, s, strings.TrimPrefix(id, "pay_"), OpAuthorize)
	}
	proc, err := e.processor(s)
	if err != nil {
		return Payment{}, err
	}
	pi, err := e.preparePayment(ctx, s, in)
	if err != nil {
		return Payment{}, err
	}
	if err := e.beginPayment(ctx, s, proc, &pi, nil); err != nil {
		return Payment{}, err
	}
	return e.authorizePayment(ctx, s, proc, pi)
}

// preparePayment validates a payment and its card, reading but writing
// nothing. The payment it builds is processing, pending its authorisation.
func (e *Engine) preparePayment(ctx context.Context, s Scope, in PaymentInput) (paymentIntent, error) {
	if err := ValidateAmount("amount", in.Amount); err != nil {
		return paymentIntent{}, err
	}
	cur, ok := LookupCurrency(in.Currency)
	if !ok {
		if strings.TrimSpace(in.Currency) == "" {
			return paymentIntent{}, Missing("currency")
		}
		return paymentIntent{}, Invalid("currency", "parameter_invalid", "Invalid currency: %s. Use a three-letter ISO 4217 code.", strings.ToLower(in.Currency))
	}
	if err := e.checkAmount(s, in.Amount, cur); err != nil {
		return paymentIntent{}, err
	}
	if in.ReceiptEmail != "" && !ValidEmail(in.ReceiptEmail) {
		return paymentIntent{}, Invalid("receipt_email", "email_invalid", "Invalid email address: %s", in.ReceiptEmail)
	}
	now := e.now()
	pi := paymentIntent{p: Payment{ID: NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, Amount: in.Amount, Currency: cur,
		Status: StatusProcessing, PendingOp: OpAuthorize, PendingAmount: in.Amount,
		CaptureManual: !in.Capture, Customer: in.Customer, Description: in.Description, ReceiptEmail: in.ReceiptEmail,
		Created: now, Updated: now}}
	if err := mergeMetadata(&pi.p.Metadata, in.Metadata); err != nil {
		return paymentIntent{}, err
	}

	// The card: new (validated and sealed here) or a saved payment method.
	// An expired card is declined without asking the processor.
	var expired error
	switch {
	case in.Card != nil && in.PaymentMethodID != "":
		return paymentIntent{}, Invalid("payment_method", "parameter_invalid", "Give either a card or a payment method id, not both.")
	case in.Card != nil:
		var err error
		pi.pm, _, err = e.newPaymentMethod(s, *in.Card, now)
		if err != nil && !isExpired(err) {
			return paymentIntent{}, err
		}
		expired, pi.newPM = err, true
	case in.PaymentMethodID != "":
		err := e.Store.Read(ctx, func(tx ReadTx) (err error) { pi.pm, err = tx.GetPaymentMethod(ctx, s, in.PaymentMethodID); return err })
		if err != nil {
			if ErrorCode(err) == CodeNotFound {
				return paymentIntent{}, NotFound("payment method", "payment_method", in.PaymentMethodID)
			}
			return paymentIntent{}, err
		}
		if pi.pm.Customer != "" && in.Customer != "" && pi.pm.Customer != in.Customer {
			return paymentIntent{}, Invalid("payment_method", "payment_method_customer_mismatch",
				"The payment method %s belongs to another customer.", pi.pm.ID)
		}
		if err := checkExpiry(pi.pm.Card.ExpMonth, pi.pm.Card.ExpYear, now); err != nil {
			expired = err // a saved card can expire
		}
	default:
		return paymentIntent{}, Missing("payment_method")
	}
	if expired != nil {
		pi.expired = expired.(*Error)
	}
	pi.p.PaymentMethodID, pi.p.Card = pi.pm.ID, pi.pm.Card
	if in.Customer != "" {
		if err := e.Store.Read(ctx, func(tx ReadTx) error { return customerExists(ctx, tx, s, in.Customer) }); err != nil {
			return paymentIntent{}, err
		}
	}
	return pi, nil
}

// beginPayment is the first phase: one transaction writes the processing
// payment, its card, its pending history row, the Idempotency-Key's recovery
// point and the reconcile job. check, when set, runs first in the same
// transaction (paying a payment request locks and checks the request there).
// A card that expired is declined in this same transaction, and so is the
// whole payment settled when proc authorises inside it (InTransaction): then
// there is no second phase.
func (e *Engine) beginPayment(ctx context.Context, s Scope, proc Processor, pi *paymentIntent, check func(tx Tx) error) error {
	p := &pi.p
	now := p.Created
	start := *p
	return e.txFor(ctx, p.ObjectID(), func(tx Tx) error {
		*p, pi.settled = start, false // a retried transaction starts over
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		if pi.newPM {
			if err := tx.InsertPaymentMethod(ctx, pi.pm); err != nil {
				return err
			}
		}
		// The answer, when it is known before the payment is written (an
		// expired card, a processor answering in this transaction): the
		// payment and its history row are written settled.
		var res *ProcessorResult
		if pi.expired != nil {
			res = &ProcessorResult{Outcome: OutcomeDeclined, Reason: pi.expired.Reason, DeclineCode: pi.expired.DeclineCode,
				Message: pi.expired.Message}
		} else if inTx, ok := proc.(InTransaction); ok {
			answer, ok, err := inTx.AuthorizeIn(ctx, tx, authorizeRequest(*pi))
			if err != nil {
				return err
			}
			if ok {
				res, pi.settled = &answer, true
			}
		}
		var events []string
		history := pendingHistory
		if res != nil {
			events, history = authorizationOutcome(p, *res, now)
			if err := p.checkInvariant(); err != nil {
				return err
			}
		}
		n, err := tx.InsertPayment(ctx, *p)
		if err != nil {
			return err
		}
		p.Number = n
		if err := recordHistory(ctx, tx, *p, p.ID, historyKind(*p), p.Amount, history.status, history.description, now); err != nil {
			return err
		}
		if res == nil {
			return e.scheduleReconcile(ctx, tx, s, p.ObjectID(), OpAuthorize, now)
		}
		return e.settled(ctx, tx, s, p, OpAuthorize, events, now)
	})
}

// authorizePayment is the second and third phase: ask the processor, outside
// any transaction, then record its answer.
func (e *Engine) authorizePayment(ctx context.Context, s Scope, proc Processor, pi paymentIntent) (Payment, error) {
	p := pi.p
	if pi.expired != nil { // declined in the first phase
		err := paymentError(p)
		if ce, ok := err.(*Error); ok {
			ce.Param = pi.expired.Param
		}
		return p, err
	}
	if pi.settled { // the processor answered in the first phase
		return p, paymentError(p)
	}
	res := e.call(ctx, proc, OpAuthorize, authorizeRequest(pi), FollowUpRequest{})
	return e.recordPaymentOp(ctx, s, p.ID, OpAuthorize, res)
}

// authorizeRequest is what the processor is asked to authorise for pi.
func authorizeRequest(pi paymentIntent) AuthorizeRequest {
	p := pi.p
	return AuthorizeRequest{Key: CallKey(p.ObjectID(), OpAuthorize), PaymentID: p.ID, Amount: p.Amount, Currency: p.Currency,
		Card: cardRef(pi.pm), Capture: !p.CaptureManual, OnSession: true, MOTO: pi.moto}
}

func cardRef(pm PaymentMethod) CardRef {
	return CardRef{PaymentMethodID: pm.ID, Brand: pm.Card.Brand, ExpMonth: pm.Card.ExpMonth, ExpYear: pm.Card.ExpYear, Sealed: pm.SealedPAN}
}

// recordPaymentOp is the third phase of an operation on payment id: under
// the row lock, if op is still pending, it applies the processor's answer.
// An unknown answer changes nothing (the reconcile job asks again). It
// returns the payment as it now stands, with the error a client should see
// for it (a decline).
func (e *Engine) recordPaymentOp(ctx context.Context, s Scope, id string, op Operation, res ProcessorResult) (Payment, error) {
	var p Payment
	if res.Outcome == OutcomeUnknown {
		err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPayment(ctx, s, id, false); return err })
		return p, err
	}
	now := e.now()
	settled := false
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		settled = false
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		if p.PendingOp != op {
			return nil // recorded already, by the reconcile job or a retry
		}
		settled = true
		return e.settlePayment(ctx, tx, s, &p, res, now)
	})
	if err != nil {
		return p, err
	}
	if op.authorizes() {
		return p, paymentError(p)
	}
	if settled && res.Outcome != OutcomeApproved {
		return p, &Error{Code: CodeCard, Reason: orDefault(res.Reason, "processing_error"), DeclineCode: res.DeclineCode,
			Message: orDefault(res.Message, "The processor refused to "+string(op)+" this payment."), PaymentID: p.ID}
	}
	return p, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// authorised reports whether a settled authorisation moved money: the
// payment succeeded or waits for its capture. A failed one did not, nor one
// canceled while it waited for 3-D Secure.
func (p Payment) authorised() bool {
	return p.Status == StatusSucceeded || p.Status == StatusRequiresCapture
}

// paymentError is the error a client sees with a payment: its decline for a
// failed payment, nil otherwise.
func paymentError(p Payment) error {
	if p.Status != StatusFailed {
		return nil
	}
	return &Error{Code: CodeCard, Reason: p.FailureCode, Message: p.FailureMessage, DeclineCode: p.DeclineCode, PaymentID: p.ID}
}

// settlePayment applies a definitive processor answer to p's pending
// operation, inside the caller's transaction: status, history, events, the
// payment request it pays, and the reconcile job is no longer needed.
func (e *Engine) settlePayment(ctx context.Context, tx Tx, s Scope, p *Payment, res ProcessorResult, now time.Time) error {
	op, pending := p.PendingOp, p.PendingAmount
	ok := res.Outcome == OutcomeApproved
	p.PendingOp, p.PendingAmount, p.Updated = "", 0, now
	var events []string
	switch op {
	case OpAuthorize, OpAuthenticate, OpFailAuthentication, OpCancelAuthentication:
		var history settledHistory
		if op == OpCancelAuthentication && challengeEnded(res) {
			events, history = challengeCanceled(p, now)
		} else {
			events, history = authorizationOutcome(p, res, now)
		}
		if history.status != HistoryPending {
			if err := tx.UpdateHistoryStatus(ctx, s, p.ID, history.status, history.description); err != nil {
				return err
			}
		}
	case OpCapture:
		amount := pending
		p.Status = StatusRequiresCapture
		if ok {
			p.Status, p.AmountCaptured, p.CapturedAt, p.ReceiptNumber = StatusSucceeded, amount, &now, receiptNumber()
			if err := recordHistory(ctx, tx, *p, NewHexID(), HistoryCapture, amount, HistorySuccess, "Capture of a pre-authorisation", now); err != nil {
				return err
			}
			events = append(events, EventPaymentCaptured, EventPaymentSucceeded)
		}
	case OpCancel:
		p.Status = StatusRequiresCapture
		if ok {
			p.Status, p.CanceledAt = StatusCanceled, &now
			if err := recordHistory(ctx, tx, *p, NewHexID(), HistoryReversal, p.Amount, HistorySuccess, "Pre-authorisation released", now); err != nil {
				return err
			}
			events = append(events, EventPaymentCanceled)
		}
	default:
		return Internal(fmt.Errorf("payment %s has no pending operation to settle", p.ID))
	}
	if err := p.checkInvariant(); err != nil {
		return err
	}
	if err := tx.UpdatePayment(ctx, *p); err != nil {
		return err
	}
	if err := e.settled(ctx, tx, s, p, op, events, now); err != nil {
		return err
	}
	return tx.DeleteJob(ctx, reconcileJobID(p.ObjectID(), op))
}

// settledHistory is the status and description an authorisation's answer
// gives its history row.
type settledHistory struct{ status, description string }

// pendingHistory is the history row of an authorisation not answered yet.
var pendingHistory = settledHistory{HistoryPending, "Processing"}

// authorizationOutcome applies the processor's answer to an authorisation
// (OpAuthorize, or the 3-D Secure answer that finishes one) to p in memory,
// and returns the events it raises and its history row's status: still
// pending when the card asks for 3-D Secure.
func authorizationOutcome(p *Payment, res ProcessorResult, now time.Time) ([]string, settledHistory) {
	p.PendingOp, p.PendingAmount, p.Updated = "", 0, now
	if res.Outcome == OutcomeRequiresAction && p.SubscriptionID == "" {
		// The card asks for 3-D Secure: the payment waits for the customer;
		// its history stays pending and no request is paid. A
		// subscription's charge has no customer present: declined below.
		p.Status, p.ProcessorRef = StatusRequiresAction, res.Reference
		return []string{EventPaymentRequiresAction}, pendingHistory
	}
	if res.Outcome == OutcomeRequiresAction { // a second challenge is not offered
		res = ProcessorResult{Outcome: OutcomeDeclined, Reason: "card_declined", DeclineCode: "authentication_required",
			Message: "Your card was declined. This transaction requires authentication."}
	}
	switch {
	case res.Outcome != OutcomeApproved:
		p.Status, p.FailureCode, p.FailureMessage, p.DeclineCode = StatusFailed, res.Reason, res.Message, res.DeclineCode
		return []string{EventPaymentFailed}, settledHistory{HistoryFailed, p.FailureMessage}
	case p.CaptureManual:
		p.Status, p.ProcessorRef = StatusRequiresCapture, orDefault(res.Reference, p.ProcessorRef)
		return nil, settledHistory{HistorySuccess, "Request successfully processed"}
	default:
		p.Status, p.ProcessorRef, p.AmountCaptured, p.CapturedAt, p.ReceiptNumber = StatusSucceeded, orDefault(res.Reference, p.ProcessorRef), p.Amount, &now, receiptNumber()
		return []string{EventPaymentSucceeded}, settledHistory{HistorySuccess, "Request successfully processed"}
	}
}

// challengeEnded reports whether the processor's answer to a canceled
// challenge (OpCancelAuthentication) says it ended with nothing authorised:
// any decline but the one recorded when the processor could not be reached,
// which says nothing and fails the payment as it fails any authorisation.
// An approval means the customer passed the challenge first: money moved,
// and authorizationOutcome records it.
func challengeEnded(res ProcessorResult) bool {
	return res.Outcome == OutcomeDeclined && res.DeclineCode != declineUnreachable
}

// challengeCanceled applies to p the end of its challenge that its merchant
// asked for: canceled, with no failure code (nothing was declined), and the
// event payment.canceled. Its history row settles failed, saying why: the
// Paysley history knows only pending, success and failed, and a success
// would count money that never moved; unlike a released pre-authorisation,
// nothing was authorised, so no reversal row follows it.
func challengeCanceled(p *Payment, now time.Time) ([]string, settledHistory) {
	p.Status, p.CanceledAt = StatusCanceled, &now
	return []string{EventPaymentCanceled}, settledHistory{HistoryFailed, "Canceled while waiting for 3-D Secure authentication"}
}

// settled raises what a settled operation op on p causes, in the caller's
// transaction: its events (and a success's receipt), and for an
// authorisation the subscription charge and the payment request it settles.
// A payment waiting for 3-D Secure settles nothing yet.
func (e *Engine) settled(ctx context.Context, tx Tx, s Scope, p *Payment, op Operation, events []string, now time.Time) error {
	for _, ev := range events {
		if err := e.emit(ctx, tx, s, ev, *p, now); err != nil {
			return err
		}
		if ev == EventPaymentSucceeded {
			if err := e.paymentSucceeded(ctx, tx, s, *p, now); err != nil {
				return err
			}
		}
	}
	if p.Status == StatusRequiresAction {
		return nil
	}
	if op.authorizes() && p.SubscriptionID != "" {
		if err := e.settleSubscriptionCharge(ctx, tx, s, *p, now); err != nil {
			return err
		}
	}
	if op.authorizes() && p.RequestID != "" {
		if err := e.settleRequest(ctx, tx, s, *p); err != nil {
			return err
		}
	}
	return nil
}

// resumePayment answers a retried request whose first attempt died after it
// began operation op on payment id: it settles the operation now if the
// processor can tell, and returns the payment as it stands.
func (e *Engine) resumePayment(ctx context.Context, s Scope, id string, op Operation) (Payment, error) {
	if err := e.reconcilePayment(ctx, s, id, op, false); err != nil && ErrorCode(err) != CodeProcessor {
		return Payment{}, err
	}
	var p Payment
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPayment(ctx, s, id, false); return err }); err != nil {
		return p, err
	}
	if op.authorizes() {
		return p, paymentError(p)
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
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPayment(ctx, s, id, false); return err })
	return p, err
}

// ListPayments returns a page of payments; ListParams.Customer and Status filter.
func (e *Engine) ListPayments(ctx context.Context, s Scope, lp ListParams) (Page[Payment], error) {
	var out Page[Payment]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListPayments(ctx, s, lp); return err })
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
	err := e.tx(ctx, func(tx Tx) error {
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
// payment.captured and payment.succeeded. It is two-phase like every
// processor operation: while the processor is asked the payment is
// processing, and an unknown answer leaves it so for the reconcile job.
// Errors: CodeNotFound, CodeState (not requires_capture), CodeInvalid (amount),
// CodeCard (the processor refused), CodeProcessor (no processor).
func (e *Engine) CapturePayment(ctx context.Context, s Scope, id string, amount *int64) (Payment, error) {
	return e.followUp(ctx, s, id, func(p Payment) (Operation, int64, error) {
		if p.Status != StatusRequiresCapture {
			return "", 0, unexpectedState(p, "captured", "requires_capture")
		}
		if amount == nil {
			return OpCapture, p.Amount, nil
		}
		if *amount <= 0 {
			return "", 0, Invalid("amount", "amount_too_small", "The capture amount must be a positive integer.")
		}
		if *amount > p.Amount {
			return "", 0, Invalid("amount", "amount_too_large",
				"The capture amount (%d) is greater than the amount authorised (%d).", *amount, p.Amount)
		}
		return OpCapture, *amount, nil
	})
}

// CancelPayment cancels a payment that has moved no money, and emits
// payment.canceled, in two phases like CapturePayment. An authorised,
// uncaptured payment (requires_capture) is released (OpCancel). A payment
// waiting for its customer's 3-D Secure challenge (requires_action) has the
// challenge ended (OpCancelAuthentication): the processor is told as a
// failed answer tells it, a later answer of the customer changes nothing,
// and a payment request it was paying stays payable. The processor has the
// last word on a challenge: when it says the customer passed it first, the
// payment is recorded as that made it (succeeded, or requires_capture) and
// the cancel is refused, as Stripe refuses to cancel a PaymentIntent that
// succeeded; only one of a cancel and an answer begins (the row lock).
// Errors: CodeNotFound, CodeState (payment_unexpected_state: neither
// requires_capture nor requires_action, or authorised before the cancel
// reached the processor), CodeCard (the processor refused to release an
// authorisation), CodeProcessor (no processor).
func (e *Engine) CancelPayment(ctx context.Context, s Scope, id string) (Payment, error) {
	p, err := e.followUp(ctx, s, id, func(p Payment) (Operation, int64, error) {
		switch p.Status {
		case StatusRequiresCapture:
			return OpCancel, 0, nil
		case StatusRequiresAction:
			return OpCancelAuthentication, 0, nil
		}
		return "", 0, unexpectedState(p, "canceled", "requires_capture or requires_action")
	})
	if err == nil && p.Status != StatusCanceled && p.Status != StatusProcessing {
		return p, StateError("payment_unexpected_state",
			"This payment could not be canceled because it has a status of %s: the processor reported it authorised before the cancel took effect.",
			p.Status)
	}
	return p, err
}

// unexpectedState refuses to begin an operation on a payment in a status
// that does not allow it, in the words of Stripe's
// payment_intent_unexpected_state.
func unexpectedState(p Payment, verb, allowed string) error {
	return StateError("payment_unexpected_state",
		"This payment could not be %s because it has a status of %s. Only a payment with status %s can be %s.",
		verb, p.Status, allowed, verb)
}

// followUp runs a capture or a cancel of a payment: the first phase reads
// the payment under its row lock, begin checks the request against it and
// chooses the operation and its amount, which is marked pending with its
// reconcile job; the processor is asked, and the outcome recorded. A
// retried request whose first attempt died after its first phase resumes
// the payment's pending operation instead.
func (e *Engine) followUp(ctx context.Context, s Scope, id string, begin func(Payment) (Operation, int64, error)) (Payment, error) {
	if recovered(ctx, "pay_") == "pay_"+id {
		return e.resumeFollowUp(ctx, s, id)
	}
	proc, err := e.processor(s)
	if err != nil {
		return Payment{}, err
	}
	now := e.now()
	var p Payment
	err = e.txFor(ctx, "pay_"+id, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		op, amt, err := begin(p)
		if err != nil {
			return err
		}
		p.Status, p.PendingOp, p.PendingAmount, p.Updated = StatusProcessing, op, amt, now
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		return e.scheduleReconcile(ctx, tx, s, p.ObjectID(), op, now)
	})
	if err != nil {
		return Payment{}, err
	}
	op := p.PendingOp
	var res ProcessorResult
	if op.endsChallenge() {
		res = e.callAuthenticate(ctx, proc, authenticateRequest(p, op))
	} else {
		res = e.call(ctx, proc, op, AuthorizeRequest{}, FollowUpRequest{Key: CallKey(p.ObjectID(), op), PaymentID: p.ID,
			Reference: p.ProcessorRef, Amount: p.PendingAmount, Currency: p.Currency})
	}
	return e.recordPaymentOp(ctx, s, id, op, res)
}

// resumeFollowUp answers a retried capture or cancel whose first attempt
// died after its first phase: it settles the payment's pending operation
// if the processor can tell, and returns the payment as it stands.
func (e *Engine) resumeFollowUp(ctx context.Context, s Scope, id string) (Payment, error) {
	p, err := e.GetPayment(ctx, s, id)
	if err != nil || p.PendingOp == "" {
		return p, err
	}
	return e.resumePayment(ctx, s, id, p.PendingOp)
}

// ReceiptPayment returns a payment for its public receipt page, whatever its
// merchant and mode: the 128-bit id is the capability. It returns the
// merchant too, whose name the receipt shows. Errors: CodeNotFound.
func (e *Engine) ReceiptPayment(ctx context.Context, id string) (Payment, Merchant, error) {
	var p Payment
	var m Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		var err error
		if p, err = tx.GetPaymentByID(ctx, id); err != nil {
			return err
		}
		m, err = tx.GetMerchant(ctx, p.MerchantID)
		return err
	})
	return p, m, err
}

// recordPaymentHistory writes the pending history row of a new payment, to
// be settled with its outcome.
func (e *Engine) recordPaymentHistory(ctx context.Context, tx Tx, p Payment, now time.Time) error {
	return recordHistory(ctx, tx, p, p.ID, historyKind(p), p.Amount, pendingHistory.status, pendingHistory.description, now)
}

// historyKind is a new payment's movement: a debit or a pre-authorisation.
func historyKind(p Payment) HistoryKind {
	if p.CaptureManual {
		return HistoryPreAuth
	}
	return HistoryDebit
}

package domain

import (
	"context"
	"fmt"
	"time"
)

// Operation is a money movement a processor performs.
type Operation string

// The processor operations. Each is sent with an upstream idempotency key
// made from the object id and the operation (CallKey), so the processor
// performs it at most once however often it is sent.
const (
	OpAuthorize Operation = "authorize"
	OpCapture   Operation = "capture"
	OpCancel    Operation = "cancel"
	OpRefund    Operation = "refund"
	// OpAuthenticate and OpFailAuthentication finish an authorisation that
	// required action (3-D Secure): the customer passed or failed the
	// challenge. OpCancelAuthentication ends it because its merchant
	// canceled the payment (CancelPayment): the processor is told as a
	// failed answer tells it, and its decline makes the payment canceled,
	// not failed. Only one of the three is ever sent for a payment, so each
	// has its own call key without any risk of two moving money.
	OpAuthenticate         Operation = "authenticate"
	OpFailAuthentication   Operation = "fail_authentication"
	OpCancelAuthentication Operation = "cancel_authentication"
)

// CallKey is the upstream idempotency key of operation op on an object:
// "pay_<id>:authorize", "re_<id>:refund". It never changes for one object
// and operation, so a retried or reconciled call cannot move money twice.
func CallKey(objectID string, op Operation) string { return objectID + ":" + string(op) }

// Outcome is what a processor call did.
type Outcome string

// The processor outcomes. Unknown means nobody can tell yet (a timeout, a
// network error, a 5xx): the object stays processing and the reconcile job
// asks again with Lookup.
const (
	OutcomeApproved       Outcome = "approved"
	OutcomeDeclined       Outcome = "declined"
	OutcomeRequiresAction Outcome = "requires_action"
	OutcomeUnknown        Outcome = "unknown"
)

// CardRef is a card as it travels to a processor: a reference into the
// vault, never the clear number. Only a connector opens Sealed, to send the
// number upstream.
type CardRef struct {
	PaymentMethodID string
	Brand           CardBrand
	ExpMonth        int
	ExpYear         int
	Sealed          []byte // the vault's sealed card number
}

// AuthorizeRequest asks a processor to authorise a card and, when Capture,
// to capture it at once.
type AuthorizeRequest struct {
	Key       string // upstream idempotency key, CallKey(payment, OpAuthorize)
	PaymentID string
	Amount    int64
	Currency  Currency
	Card      CardRef
	Capture   bool
	// OnSession says a customer is present to answer a 3-D Secure challenge
	// (the hosted page, a PaySmart API payment); off session a card that
	// asks for one is declined with authentication_required.
	OnSession bool
	// MOTO marks a mail or telephone order, exempt from 3-D Secure
	// (a payment request's moto_enabled).
	MOTO bool
}

// AuthenticateRequest tells a processor how the customer answered the
// challenge of an authorisation that required action (Reference), and asks
// it to finish that authorisation: approve it (capturing when Capture) if
// Passed, decline it otherwise.
type AuthenticateRequest struct {
	Key       string // upstream idempotency key, CallKey(payment, OpAuthenticate or OpFailAuthentication)
	PaymentID string
	Reference string
	Amount    int64
	Currency  Currency
	Capture   bool
	Passed    bool
}

// FollowUpRequest asks a processor to capture, cancel or refund an earlier
// authorisation (Reference). Amount is zero for a cancel.
type FollowUpRequest struct {
	Key       string // upstream idempotency key
	PaymentID string
	Reference string // the processor's id of the authorisation
	Amount    int64
	Currency  Currency
}

// ProcessorResult is a processor's answer. A decline is a result, not an
// error: OutcomeDeclined with Reason (Stripe's error code, e.g.
// "card_declined") and DeclineCode (e.g. "insufficient_funds").
type ProcessorResult struct {
	Outcome     Outcome
	Reason      string
	DeclineCode string
	Message     string
	Reference   string // the processor's id for later capture, cancel and refund
}

// Processor moves money. The sandbox implements it for test mode; live
// connectors plug in behind the same interface. Every call carries an
// idempotency key; sending the same key again must return the first call's
// result without moving money again. An error means the outcome is unknown
// (the engine treats it as OutcomeUnknown and reconciles later).
type Processor interface {
	Authorize(ctx context.Context, req AuthorizeRequest) (ProcessorResult, error)
	Capture(ctx context.Context, req FollowUpRequest) (ProcessorResult, error)
	Cancel(ctx context.Context, req FollowUpRequest) (ProcessorResult, error)
	Refund(ctx context.Context, req FollowUpRequest) (ProcessorResult, error)
	// Authenticate finishes an authorisation that answered
	// OutcomeRequiresAction, once the customer answered the challenge.
	Authenticate(ctx context.Context, req AuthenticateRequest) (ProcessorResult, error)
	// Lookup answers what happened to an earlier call by its key:
	// OutcomeUnknown when the processor never received it.
	Lookup(ctx context.Context, key string) (ProcessorResult, error)
}

// ReferenceLookup is implemented by a Processor that finds an earlier call
// more surely when it also has the processor's own id of the payment
// (Reference, "" when the payment has none yet): Stripe reads a capture,
// cancel or refund from its PaymentIntent, which it cannot find by our key
// alone. The engine calls LookupReference instead of Lookup when a processor
// implements it; the answer means the same as Lookup's.
type ReferenceLookup interface {
	LookupReference(ctx context.Context, key, reference string) (ProcessorResult, error)
}

// ActionRedirect is implemented by a Processor whose 3-D Secure challenge
// the customer answers on the card issuer's own page, reached through the
// processor (Stripe's next_action.redirect_to_url), rather than on the
// simulated challenge of the pages: the payment page sends the customer
// there, and the issuer sends them back to the payment's return page, which
// asks the processor how the challenge ended (AuthenticatePayment, passed:
// the processor's word decides, not the customer's).
type ActionRedirect interface {
	// ActionURL is where the customer answers the challenge of the
	// authorisation reference, or "" when it asks for none (any more).
	ActionURL(ctx context.Context, reference string) (string, error)
}

// InTransaction is implemented by a Processor that keeps its record of calls
// in the engine's own database (the sandbox's ledger). It can authorise
// inside the transaction that writes the payment, so the payment, the call
// and its answer commit together or not at all: the phases exist to survive a
// crash between an outside processor's effect and our record of it, and
// there is no such window here (docs/decisions.md "One transaction for the
// sandbox's authorisations"). A payment so made costs one commit instead of
// three.
type InTransaction interface {
	// AuthorizeIn authorises req in tx. ok is false when the processor will
	// not answer in a transaction now (a latency or faults are set, to act
	// as an outside processor); the engine then calls Authorize after the
	// first phase committed. An error rolls the whole payment back.
	AuthorizeIn(ctx context.Context, tx Tx, req AuthorizeRequest) (res ProcessorResult, ok bool, err error)
}

// AmountLimits is implemented by a Processor that refuses some amounts on
// its own (Stripe's minimum charge per currency). The engine asks it while it
// validates a payment, before anything is written, so that such an amount is
// a clear 400 naming the field and never reaches the processor.
type AmountLimits interface {
	// CheckAmount returns nil, or an *Error of CodeInvalid (Param "amount")
	// that says the limit.
	CheckAmount(amount int64, cur Currency) error
}

// checkAmount asks the scope's processor whether it takes amount, when it
// has limits of its own; a mode without a processor is refused elsewhere.
func (e *Engine) checkAmount(s Scope, amount int64, cur Currency) error {
	proc, err := e.processor(s)
	if err != nil {
		return nil
	}
	if al, ok := proc.(AmountLimits); ok {
		return al.CheckAmount(amount, cur)
	}
	return nil
}

// DefaultProcessorTimeout bounds one processor call; past it the outcome is
// unknown and the reconcile job takes over.
const DefaultProcessorTimeout = 30 * time.Second

// NoProcessor is the live-mode processor until a live connector is
// configured: every call fails clearly instead of pretending to move money.
// The engine refuses a live payment before writing anything when it is the
// processor, so nothing is charged or recorded.
type NoProcessor struct{}

func errNoLiveProcessor() error {
	return &Error{Code: CodeProcessor, Reason: "processor_unavailable",
		Message: "No live payment processor is configured on this PaySmart server; live payments cannot be made. Use a test key, or configure a live connector."}
}

// Authorize always fails.
func (NoProcessor) Authorize(context.Context, AuthorizeRequest) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Capture always fails.
func (NoProcessor) Capture(context.Context, FollowUpRequest) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Cancel always fails.
func (NoProcessor) Cancel(context.Context, FollowUpRequest) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Refund always fails.
func (NoProcessor) Refund(context.Context, FollowUpRequest) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Authenticate always fails.
func (NoProcessor) Authenticate(context.Context, AuthenticateRequest) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Lookup always fails.
func (NoProcessor) Lookup(context.Context, string) (ProcessorResult, error) {
	return ProcessorResult{}, errNoLiveProcessor()
}

// Vault keeps card numbers: encrypted at rest, fingerprinted per merchant.
type Vault interface {
	Seal(pan string) ([]byte, error)
	Open(sealed []byte) (string, error)
	// Fingerprint is the same for the same card number and merchant, and
	// says nothing about the number to anyone without the vault key.
	Fingerprint(merchantID, pan string) string
	// Current reports whether a value was sealed under the key Seal uses
	// now, not under an old one (key rotation, RotateVault).
	Current(sealed []byte) bool
}

// processor picks the processor for the scope's mode, or an error when the
// mode has none: a refusal before anything is written.
func (e *Engine) processor(s Scope) (Processor, error) {
	p := e.TestProcessor
	if s.Livemode {
		p = e.LiveProcessor
	}
	if p == nil {
		return nil, errNoLiveProcessor()
	}
	if _, none := p.(NoProcessor); none {
		return nil, errNoLiveProcessor()
	}
	return p, nil
}

// call sends one operation to the processor under the engine's timeout. An
// error or a timeout is OutcomeUnknown: the call may or may not have
// happened, and only Lookup can tell.
func (e *Engine) call(ctx context.Context, proc Processor, op Operation, auth AuthorizeRequest, fu FollowUpRequest) ProcessorResult {
	return e.bounded(ctx, func(ctx context.Context) (ProcessorResult, error) {
		switch op {
		case OpAuthorize:
			return proc.Authorize(ctx, auth)
		case OpCapture:
			return proc.Capture(ctx, fu)
		case OpCancel:
			return proc.Cancel(ctx, fu)
		case OpRefund:
			return proc.Refund(ctx, fu)
		}
		return ProcessorResult{}, fmt.Errorf("no processor call for operation %s", op)
	})
}

// callAuthenticate sends the customer's answer to a challenge, as call does.
func (e *Engine) callAuthenticate(ctx context.Context, proc Processor, req AuthenticateRequest) ProcessorResult {
	return e.bounded(ctx, func(ctx context.Context) (ProcessorResult, error) { return proc.Authenticate(ctx, req) })
}

// bounded runs one processor call under the engine's timeout, detached from
// the client's cancellation; an error is OutcomeUnknown.
func (e *Engine) bounded(ctx context.Context, do func(context.Context) (ProcessorResult, error)) ProcessorResult {
	timeout := e.ProcessorTimeout
	if timeout <= 0 {
		timeout = DefaultProcessorTimeout
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	res, err := do(ctx)
	if err != nil || res.Outcome == "" {
		msg := "The processor did not answer."
		if err != nil {
			msg = err.Error()
		}
		return ProcessorResult{Outcome: OutcomeUnknown, Message: msg}
	}
	return res
}

// authorizes reports whether op settles an authorisation: the first call,
// or the end of its 3-D Secure challenge.
func (op Operation) authorizes() bool {
	return op == OpAuthorize || op.endsChallenge()
}

// endsChallenge reports whether op ends a 3-D Secure challenge, which the
// processor hears of through Authenticate.
func (op Operation) endsChallenge() bool {
	return op == OpAuthenticate || op == OpFailAuthentication || op == OpCancelAuthentication
}

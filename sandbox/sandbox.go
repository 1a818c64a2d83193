// Package sandbox is the test-mode processor: no network, outcomes chosen by
// the card number, as Stripe's test cards do. The README lists the table.
package sandbox

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Outcome is what a test card does when charged.
type Outcome struct {
	Reason      string // Stripe error code; "" approves
	DeclineCode string
	Message     string
}

// Approved is the outcome of every success card.
var Approved = Outcome{}

func decline(code, message string) Outcome {
	return Outcome{Reason: "card_declined", DeclineCode: code, Message: message}
}

// Cards maps each test card number to its outcome. Any other number that
// passes the card checks is declined in test mode, as Stripe declines real
// cards used with a test key.
var Cards = map[string]Outcome{
	// Successes, one or more per brand.
	"4242424242424242": Approved, // visa
	"4000056655665556": Approved, // visa debit
	"5555555555554444": Approved, // mastercard
	"2223003122003222": Approved, // mastercard (2-series)
	"5200828282828210": Approved, // mastercard debit
	"5105105105105100": Approved, // mastercard prepaid
	"378282246310005":  Approved, // amex
	"371449635398431":  Approved, // amex
	"6011111111111117": Approved, // discover
	"6011000990139424": Approved, // discover
	"3056930009020004": Approved, // diners
	"36227206271667":   Approved, // diners (14 digits)
	"3566002020360505": Approved, // jcb
	"6200000000000005": Approved, // unionpay

	// Declines.
	"4000000000000002": decline("generic_decline", "Your card was declined."),
	"4000000000009995": decline("insufficient_funds", "Your card has insufficient funds."),
	"4000000000009987": decline("lost_card", "Your card was declined."),
	"4000000000009979": decline("stolen_card", "Your card was declined."),
	"4000000000000069": {Reason: "expired_card", DeclineCode: "expired_card", Message: "Your card has expired."},
	"4000000000000127": {Reason: "incorrect_cvc", DeclineCode: "incorrect_cvc", Message: "Your card's security code is incorrect."},
	"4000000000000119": {Reason: "processing_error", DeclineCode: "processing_error", Message: "An error occurred while processing your card. Try again in a little bit."},
	// Attaches as a payment method (it passes every check) but fails when charged.
	"4000000000000341": decline("generic_decline", "Your card was declined."),
}

// The 3-D Secure cards (see Authorize): 3155 asks for a challenge when a
// customer is present to answer it and is declined off session, as Stripe
// declines off-session charges; 3184 always asks. A MOTO payment skips both.
const (
	CardAuthenticateOnSession = "4000002500003155"
	CardAuthenticateAlways    = "4000002760003184"
)

var authenticationRequired = decline("authentication_required", "Your card was declined. This transaction requires authentication.")

// Fault is a test switch: what the sandbox does instead of answering.
type Fault int

// The faults. FaultError fails before the call takes effect (the processor
// never saw it); FaultLost takes effect and then loses the answer (a
// connection cut after the processor acted); FaultHang takes no effect and
// answers only when the caller gives up (a timeout).
const (
	FaultNone Fault = iota
	FaultError
	FaultLost
	FaultHang
)

// Ledger remembers every call by its idempotency key, as a real processor
// does, so that a key sent twice moves money once and Lookup can answer after
// a restart. The store implements it over the database; NewMemoryLedger
// keeps it in memory.
type Ledger interface {
	// Record keeps res as the outcome of key unless key is known, and
	// returns the outcome kept: the first call's.
	Record(ctx context.Context, key string, op domain.Operation, amount int64, currency string, res domain.ProcessorResult) (domain.ProcessorResult, error)
	// Find returns the outcome kept for key, if any.
	Find(ctx context.Context, key string) (domain.ProcessorResult, bool, error)
}

// TxLedger is a Ledger kept in the engine's own database: it records a call
// in the engine's transaction, so the sandbox can authorise inside it
// (domain.InTransaction).
type TxLedger interface {
	Ledger
	RecordIn(ctx context.Context, tx domain.Tx, key string, op domain.Operation, amount int64, currency string, res domain.ProcessorResult) (domain.ProcessorResult, error)
}

// Processor implements domain.Processor for test mode.
type Processor struct {
	Vault  domain.Vault // opens card numbers, as a connector does to send them upstream
	Ledger Ledger       // nil: a ledger in memory
	// Latency delays every answer (demos and crash tests widen their windows
	// with it).
	Latency time.Duration
	// Faults, when set, picks a fault for each call (tests).
	Faults func(op domain.Operation, key string) Fault
}

var (
	_ domain.Processor     = (*Processor)(nil)
	_ domain.InTransaction = (*Processor)(nil)
)

var errUnavailable = errors.New("sandbox: processor unavailable (injected fault)")

// do runs one call: the fault switch, the latency, then the outcome kept
// in the ledger under key (decide computes it for a new key).
func (p *Processor) do(ctx context.Context, op domain.Operation, key string, amount int64, currency string,
	decide func() (domain.ProcessorResult, error)) (domain.ProcessorResult, error) {
	fault := FaultNone
	if p.Faults != nil {
		fault = p.Faults(op, key)
	}
	switch fault {
	case FaultError:
		return domain.ProcessorResult{}, errUnavailable
	case FaultHang:
		<-ctx.Done()
		return domain.ProcessorResult{}, ctx.Err()
	}
	if p.Latency > 0 {
		t := time.NewTimer(p.Latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return domain.ProcessorResult{}, ctx.Err()
		case <-t.C:
		}
	}
	res, err := decide()
	if err != nil {
		return res, err
	}
	if res, err = p.ledger().Record(ctx, key, op, amount, currency, res); err != nil {
		return res, err
	}
	if fault == FaultLost {
		return domain.ProcessorResult{}, errors.New("sandbox: connection lost after the call took effect (injected fault)")
	}
	return res, nil
}

func (p *Processor) ledger() Ledger {
	if p.Ledger != nil {
		return p.Ledger
	}
	defaultLedgerOnce.Do(func() { defaultLedger = NewMemoryLedger() })
	return defaultLedger
}

var (
	defaultLedgerOnce sync.Once
	defaultLedger     Ledger
)

// Authorize answers from the test card table.
func (p *Processor) Authorize(ctx context.Context, req domain.AuthorizeRequest) (domain.ProcessorResult, error) {
	return p.do(ctx, domain.OpAuthorize, req.Key, req.Amount, req.Currency.Code, func() (domain.ProcessorResult, error) {
		return p.authorize(req)
	})
}

// AuthorizeIn answers as Authorize does, inside the engine's transaction,
// when the ledger lives in the engine's database and no latency or fault
// makes the sandbox act as an outside processor.
func (p *Processor) AuthorizeIn(ctx context.Context, tx domain.Tx, req domain.AuthorizeRequest) (domain.ProcessorResult, bool, error) {
	ledger, ok := p.Ledger.(TxLedger)
	if !ok || p.Latency > 0 || p.Faults != nil {
		return domain.ProcessorResult{}, false, nil
	}
	res, err := p.authorize(req)
	if err != nil {
		return res, false, err
	}
	res, err = ledger.RecordIn(ctx, tx, req.Key, domain.OpAuthorize, req.Amount, req.Currency.Code, res)
	return res, err == nil, err
}

// authorize decides an authorisation from the test card table.
func (p *Processor) authorize(req domain.AuthorizeRequest) (domain.ProcessorResult, error) {
	if p.Vault == nil {
		return domain.ProcessorResult{}, errors.New("sandbox: no vault to open the card")
	}
	number, err := p.Vault.Open(req.Card.Sealed)
	if err != nil {
		return domain.ProcessorResult{}, err
	}
	if number == CardAuthenticateOnSession || number == CardAuthenticateAlways {
		switch {
		case req.MOTO:
			return domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: "sbx_" + req.PaymentID}, nil
		case req.OnSession || number == CardAuthenticateAlways:
			return domain.ProcessorResult{Outcome: domain.OutcomeRequiresAction, Reference: "sbx_" + req.PaymentID}, nil
		}
		o := authenticationRequired
		return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: o.Reason, DeclineCode: o.DeclineCode, Message: o.Message}, nil
	}
	o, ok := Cards[number]
	if !ok {
		o = decline("test_mode_live_card",
			"Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, see the README.")
	}
	if o.Reason != "" {
		return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: o.Reason, DeclineCode: o.DeclineCode, Message: o.Message}, nil
	}
	return domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: "sbx_" + req.PaymentID}, nil
}

func approve(ref string) func() (domain.ProcessorResult, error) {
	return func() (domain.ProcessorResult, error) {
		return domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: ref}, nil
	}
}

// Capture always succeeds in the sandbox.
func (p *Processor) Capture(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	return p.do(ctx, domain.OpCapture, req.Key, req.Amount, req.Currency.Code, approve(req.Reference))
}

// Cancel always succeeds in the sandbox.
func (p *Processor) Cancel(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	return p.do(ctx, domain.OpCancel, req.Key, 0, req.Currency.Code, approve(req.Reference))
}

// Refund always succeeds in the sandbox.
func (p *Processor) Refund(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	return p.do(ctx, domain.OpRefund, req.Key, req.Amount, req.Currency.Code, approve("sbx_"+req.Key))
}

// Authenticate finishes an authorisation that asked for 3-D Secure: approved
// when the customer passed the challenge, declined when they failed it. It
// refuses (an error: the outcome stays unknown) an authorisation it never
// asked to authenticate.
func (p *Processor) Authenticate(ctx context.Context, req domain.AuthenticateRequest) (domain.ProcessorResult, error) {
	op := domain.OpFailAuthentication
	if req.Passed {
		op = domain.OpAuthenticate
	}
	return p.do(ctx, op, req.Key, req.Amount, req.Currency.Code, func() (domain.ProcessorResult, error) {
		first, ok, err := p.ledger().Find(ctx, domain.CallKey("pay_"+req.PaymentID, domain.OpAuthorize))
		if err != nil {
			return first, err
		}
		if !ok || first.Outcome != domain.OutcomeRequiresAction {
			return domain.ProcessorResult{}, errors.New("sandbox: payment " + req.PaymentID + " has no authorisation waiting for 3-D Secure")
		}
		if !req.Passed {
			return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: "card_declined", DeclineCode: "authentication_failed",
				Message: "The card's 3-D Secure authentication failed."}, nil
		}
		return domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: first.Reference}, nil
	})
}

// Lookup answers from the ledger: OutcomeUnknown for a key never received.
func (p *Processor) Lookup(ctx context.Context, key string) (domain.ProcessorResult, error) {
	if p.Faults != nil && p.Faults("lookup", key) == FaultError {
		return domain.ProcessorResult{}, errUnavailable
	}
	res, ok, err := p.ledger().Find(ctx, key)
	if err != nil || !ok {
		return domain.ProcessorResult{Outcome: domain.OutcomeUnknown}, err
	}
	return res, nil
}

// MemoryLedger is a Ledger in memory, for a process of its own.
type MemoryLedger struct {
	mu    sync.Mutex
	calls map[string]domain.ProcessorResult
	count map[string]int
}

// NewMemoryLedger returns an empty ledger.
func NewMemoryLedger() *MemoryLedger {
	return &MemoryLedger{calls: map[string]domain.ProcessorResult{}, count: map[string]int{}}
}

// Record implements Ledger.
func (m *MemoryLedger) Record(_ context.Context, key string, _ domain.Operation, _ int64, _ string, res domain.ProcessorResult) (domain.ProcessorResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count[key]++
	if old, ok := m.calls[key]; ok {
		return old, nil
	}
	m.calls[key] = res
	return res, nil
}

// Find implements Ledger.
func (m *MemoryLedger) Find(_ context.Context, key string) (domain.ProcessorResult, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	res, ok := m.calls[key]
	return res, ok, nil
}

// Calls reports how often key was sent.
func (m *MemoryLedger) Calls(key string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.count[key]
}

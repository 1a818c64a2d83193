package domain

import "context"

// ChargeRequest asks a processor to authorise (and maybe capture) a card.
// It carries the card number in clear only in memory, on its way to the
// processor; nothing stores or logs it.
type ChargeRequest struct {
	PaymentID string
	Amount    int64
	Currency  Currency
	Card      CardInput
	Brand     CardBrand
	Capture   bool
}

// ChargeResult is a processor's answer. A decline is a result, not an error:
// Approved false with Reason (Stripe's error code, e.g. "card_declined") and
// DeclineCode (e.g. "insufficient_funds").
type ChargeResult struct {
	Approved    bool
	Reason      string
	DeclineCode string
	Message     string
	Reference   string // the processor's id for later capture, cancel and refund
}

// Processor moves money. The sandbox implements it for test mode; live
// connectors plug in behind the same interface. Errors mean the processor
// could not be asked or did not answer (CodeProcessor), never a decline.
type Processor interface {
	Authorize(ctx context.Context, req ChargeRequest) (ChargeResult, error)
	Capture(ctx context.Context, reference string, amount int64) error
	Cancel(ctx context.Context, reference string) error
	Refund(ctx context.Context, reference string, amount int64) error
}

// NoProcessor is the live-mode processor until a live connector is
// configured: every call fails clearly instead of pretending to move money.
type NoProcessor struct{}

func errNoLiveProcessor() error {
	return &Error{Code: CodeProcessor, Reason: "processor_unavailable",
		Message: "No live payment processor is configured on this PaySmart server; live payments cannot be made. Use a test key, or configure a live connector."}
}

// Authorize always fails.
func (NoProcessor) Authorize(context.Context, ChargeRequest) (ChargeResult, error) {
	return ChargeResult{}, errNoLiveProcessor()
}

// Capture always fails.
func (NoProcessor) Capture(context.Context, string, int64) error { return errNoLiveProcessor() }

// Cancel always fails.
func (NoProcessor) Cancel(context.Context, string) error { return errNoLiveProcessor() }

// Refund always fails.
func (NoProcessor) Refund(context.Context, string, int64) error { return errNoLiveProcessor() }

// Vault keeps card numbers: encrypted at rest, fingerprinted per merchant.
type Vault interface {
	Seal(pan string) ([]byte, error)
	Open(sealed []byte) (string, error)
	// Fingerprint is the same for the same card number and merchant, and
	// says nothing about the number to anyone without the vault key.
	Fingerprint(merchantID, pan string) string
}

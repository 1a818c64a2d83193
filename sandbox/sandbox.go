// Package sandbox is the test-mode processor: no network, outcomes chosen by
// the card number, as Stripe's test cards do. The README lists the table.
package sandbox

import (
	"context"

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
	// Requires 3-D Secure: with no customer present to authenticate, the
	// charge is declined as Stripe declines off-session charges.
	"4000002500003155": decline("authentication_required", "Your card was declined. This transaction requires authentication."),
}

// Processor implements domain.Processor for test mode.
type Processor struct{}

var _ domain.Processor = Processor{}

// Authorize answers from the test card table.
func (Processor) Authorize(_ context.Context, req domain.ChargeRequest) (domain.ChargeResult, error) {
	o, ok := Cards[req.Card.Number]
	if !ok {
		o = decline("test_mode_live_card",
			"Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, see the README.")
	}
	if o.Reason != "" {
		return domain.ChargeResult{Reason: o.Reason, DeclineCode: o.DeclineCode, Message: o.Message}, nil
	}
	return domain.ChargeResult{Approved: true, Reference: "sbx_" + req.PaymentID}, nil
}

// Capture always succeeds in the sandbox.
func (Processor) Capture(context.Context, string, int64) error { return nil }

// Cancel always succeeds in the sandbox.
func (Processor) Cancel(context.Context, string) error { return nil }

// Refund always succeeds in the sandbox.
func (Processor) Refund(context.Context, string, int64) error { return nil }

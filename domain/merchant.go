package domain

import (
	"context"
	"strings"
	"time"
)

// Merchant is an account that takes payments. Every other object belongs to
// one merchant and one mode.
type Merchant struct {
	ID      string
	Name    string
	Wallets string // comma-separated wallets the merchant offers (Paysley payment_methods)
	// TimeZone (IANA, default UTC) is the calendar of new subscriptions and
	// the zone the hosted pages, receipts and invoices show dates in;
	// DunningFinal what a subscription becomes when its dunning gives up.
	TimeZone     string
	DunningFinal SubscriptionStatus
	MerchantContact
	Created time.Time
}

// MerchantContact is how a merchant's messages reach and answer people.
type MerchantContact struct {
	Email        string // Reply-To of its e-mails
	MailFrom     string // sender address of its e-mails; "" is the server's --mail-from
	PhoneNumbers string // comma-separated E.164 numbers it owns: merchant_phone_number may name one as the SMS sender
}

// SetMerchantContact sets a merchant's reply-to address, sender address and
// owned phone numbers. Errors: CodeNotFound, CodeInvalid (an address).
func (e *Engine) SetMerchantContact(ctx context.Context, merchantID string, c MerchantContact) error {
	for _, f := range []struct{ name, v string }{{"email", c.Email}, {"mail_from", c.MailFrom}} {
		if f.v != "" && !ValidEmail(f.v) {
			return Invalid(f.name, "email_invalid", "Invalid email address: %s", f.v)
		}
	}
	for _, n := range strings.Split(c.PhoneNumbers, ",") {
		if n = strings.TrimSpace(n); n != "" && !validPhone(n) {
			return Invalid("phone_numbers", "parameter_invalid", "Invalid phone number: %s", n)
		}
	}
	return e.tx(ctx, func(tx Tx) error { return tx.SetMerchantContact(ctx, merchantID, c) })
}

// ListMerchants returns every merchant, oldest first, for operators.
func (e *Engine) ListMerchants(ctx context.Context) ([]Merchant, error) {
	var out []Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListMerchants(ctx); return err })
	return out, err
}

// Merchant returns one merchant. Errors: CodeNotFound.
func (e *Engine) Merchant(ctx context.Context, id string) (Merchant, error) {
	var m Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { m, err = tx.GetMerchant(ctx, id); return err })
	return m, err
}

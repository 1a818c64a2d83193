package domain

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// MaxMerchantNameLen is the longest business name, in characters.
const MaxMerchantNameLen = 100

// CheckMerchantName returns name trimmed, or CodeInvalid (name) when it is
// empty, longer than MaxMerchantNameLen characters, not UTF-8 or holds a
// control character (it is shown on pages, receipts and e-mail headers).
func CheckMerchantName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", Invalid("name", "parameter_missing", "The business name is required.")
	case n > MaxMerchantNameLen:
		return "", Invalid("name", "parameter_invalid", "The business name must be at most %d characters long.", MaxMerchantNameLen)
	}
	if !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", Invalid("name", "parameter_invalid", "The business name must not contain control characters such as line breaks.")
	}
	return name, nil
}

// RenameMerchant changes a merchant's business name, which pages, receipts
// and messages show from then on, and returns the merchant. Errors:
// CodeInvalid (name), CodeNotFound.
func (e *Engine) RenameMerchant(ctx context.Context, merchantID, name string) (Merchant, error) {
	name, err := CheckMerchantName(name)
	if err != nil {
		return Merchant{}, err
	}
	var m Merchant
	err = e.tx(ctx, func(tx Tx) error {
		if err := tx.RenameMerchant(ctx, merchantID, name); err != nil {
			return err
		}
		m, err = tx.GetMerchant(ctx, merchantID)
		return err
	})
	return m, err
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

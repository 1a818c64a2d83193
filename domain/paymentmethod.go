package domain

import (
	"context"
	"strings"
	"time"
)

// Card is what is kept of a card besides its sealed number. Never the CVC.
type Card struct {
	Brand       CardBrand
	Last4       string
	ExpMonth    int
	ExpYear     int
	Fingerprint string
}

// PaymentMethod is a tokenised card ("pm_...").
type PaymentMethod struct {
	ID         string
	MerchantID string
	Livemode   bool
	Type       string // "card"
	Card       Card
	SealedPAN  []byte
	Customer   string
	Created    time.Time
}

// PaymentMethodInput creates a payment method.
type PaymentMethodInput struct {
	Type     string
	Card     CardInput
	Customer string
}

// newPaymentMethod validates a card and seals it. An expired card still
// yields its payment method beside the error, so that a payment can record
// the decline.
func (e *Engine) newPaymentMethod(s Scope, in CardInput, now time.Time) (PaymentMethod, CardInput, error) {
	card, brand, cardErr := ValidateCard(in, now)
	if cardErr != nil && !isExpired(cardErr) {
		return PaymentMethod{}, card, cardErr
	}
	if e.Vault == nil {
		return PaymentMethod{}, card, Internal(constError("engine has no card vault"))
	}
	sealed, err := e.Vault.Seal(card.Number)
	if err != nil {
		return PaymentMethod{}, card, Internal(err)
	}
	return PaymentMethod{
		ID: NewID("pm"), MerchantID: s.MerchantID, Livemode: s.Livemode, Type: "card",
		Card: Card{Brand: brand, Last4: Last4(card.Number), ExpMonth: card.ExpMonth, ExpYear: card.ExpYear,
			Fingerprint: e.Vault.Fingerprint(s.MerchantID, card.Number)},
		SealedPAN: sealed, Created: now,
	}, card, cardErr
}

// isExpired reports whether err is the issuer-style expired_card refusal,
// which is a decline (recorded as a failed payment) rather than bad input.
func isExpired(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Code == CodeCard && e.Reason == "expired_card"
}

// CreatePaymentMethod tokenises a card. No processor is asked: a card that
// passes its checks attaches, even one that will be declined when charged.
// Errors: CodeInvalid (type, customer), CodeCard (number, expiry, cvc), CodeNotFound (customer).
func (e *Engine) CreatePaymentMethod(ctx context.Context, s Scope, in PaymentMethodInput) (PaymentMethod, error) {
	if t := strings.TrimSpace(in.Type); t != "" && t != "card" {
		return PaymentMethod{}, Invalid("type", "parameter_invalid", "Invalid payment method type: %s. Only card is supported.", t)
	}
	now := e.now()
	pm, _, err := e.newPaymentMethod(s, in.Card, now)
	if err != nil {
		return PaymentMethod{}, err
	}
	pm.Customer = in.Customer
	err = e.tx(ctx, func(tx Tx) error {
		if pm.Customer != "" {
			if err := customerExists(ctx, tx, s, pm.Customer); err != nil {
				return err
			}
		}
		return tx.InsertPaymentMethod(ctx, pm)
	})
	return pm, err
}

// GetPaymentMethod returns a payment method. Errors: CodeNotFound.
func (e *Engine) GetPaymentMethod(ctx context.Context, s Scope, id string) (PaymentMethod, error) {
	var pm PaymentMethod
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { pm, err = tx.GetPaymentMethod(ctx, s, id); return err })
	return pm, err
}

// customerExists checks that a live customer with id belongs to the scope.
func customerExists(ctx context.Context, tx ReadTx, s Scope, id string) error {
	c, err := tx.GetCustomer(ctx, s, CustomerRef{ID: id}, false)
	if err == nil && c.Deleted {
		err = NotFound("customer", "customer", id)
	}
	if ErrorCode(err) == CodeNotFound {
		return NotFound("customer", "customer", id)
	}
	return err
}

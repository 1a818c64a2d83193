package domain

import (
	"context"
	"time"
)

// Merchant is an account that takes payments. Every other object belongs to
// one merchant and one mode.
type Merchant struct {
	ID      string
	Name    string
	Wallets string // comma-separated wallets the merchant offers (Paysley payment_methods)
	Created time.Time
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

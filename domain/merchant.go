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
	// TimeZone (IANA, default UTC) is the calendar of new subscriptions and
	// the zone the hosted pages, receipts and invoices show dates in;
	// DunningFinal what a subscription becomes when its dunning gives up.
	TimeZone     string
	DunningFinal SubscriptionStatus
	Created      time.Time
}

// ListMerchants returns every merchant, oldest first, for operators.
func (e *Engine) ListMerchants(ctx context.Context) ([]Merchant, error) {
	var out []Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListMerchants(ctx); return err })
	return out, err
}

package domain

import "time"

// Merchant is an account that takes payments. Every other object belongs to
// one merchant and one mode.
type Merchant struct {
	ID      string
	Name    string
	Wallets string // comma-separated wallets the merchant offers (Paysley payment_methods)
	// TimeZone (IANA, default UTC) is the calendar of new subscriptions;
	// DunningFinal what a subscription becomes when its dunning gives up.
	TimeZone     string
	DunningFinal SubscriptionStatus
	Created      time.Time
}

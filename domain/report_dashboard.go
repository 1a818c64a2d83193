package domain

import (
	"context"
	"time"
)

// DayTotal is one UTC day's payments in one currency: how many were made,
// how many succeeded, and the money they moved (captured less refunded).
type DayTotal struct {
	Day       time.Time // midnight UTC
	Currency  string    // ISO 4217 code, upper-case
	Count     int
	Succeeded int
	Volume    int64 // minor units: captured minus refunded, succeeded payments
}

// PaymentTotals returns the scope's payments per UTC day and currency for the
// last days days, today included, oldest first.
func (e *Engine) PaymentTotals(ctx context.Context, s Scope, days int) ([]DayTotal, error) {
	now := e.now()
	since := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1-days)
	var out []DayTotal
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.PaymentTotals(ctx, s, since); return err })
	return out, err
}

// Today is the engine clock's current UTC day, at midnight.
func (e *Engine) Today() time.Time {
	now := e.now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

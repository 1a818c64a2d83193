package domain

import (
	"context"
	"sort"
	"time"
)

// DayTotal is one day's payments in one currency: how many were made, how
// many succeeded, and the money they moved (captured less refunded).
type DayTotal struct {
	Day       time.Time // the day's midnight, in the time zone asked for
	Currency  string    // ISO 4217 code, upper-case
	Count     int
	Succeeded int
	Volume    int64 // minor units: captured minus refunded, succeeded payments
}

// PaymentTotals returns the scope's payments per day of loc (the merchant's
// time zone) and currency for the last days days, today included, oldest
// first. The store sums quarter hours, which fold into any zone's days.
func (e *Engine) PaymentTotals(ctx context.Context, s Scope, days int, loc *time.Location) ([]DayTotal, error) {
	since := e.Today(loc).AddDate(0, 0, 1-days)
	var quarters []DayTotal
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { quarters, err = tx.PaymentTotals(ctx, s, since); return err }); err != nil {
		return nil, err
	}
	type key struct {
		day      time.Time
		currency string
	}
	sums := map[key]*DayTotal{}
	var out []*DayTotal
	for _, q := range quarters {
		t := q.Day.In(loc)
		k := key{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), q.Currency}
		d := sums[k]
		if d == nil {
			d = &DayTotal{Day: k.day, Currency: k.currency}
			sums[k] = d
			out = append(out, d)
		}
		d.Count, d.Succeeded, d.Volume = d.Count+q.Count, d.Succeeded+q.Succeeded, d.Volume+q.Volume
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Day.Equal(out[j].Day) {
			return out[i].Day.Before(out[j].Day)
		}
		return out[i].Currency < out[j].Currency
	})
	totals := make([]DayTotal, len(out))
	for i, d := range out {
		totals[i] = *d
	}
	return totals, nil
}

// Today is the engine clock's current day in loc, at its midnight.
func (e *Engine) Today(loc *time.Location) time.Time {
	now := e.now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
}

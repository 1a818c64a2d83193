package domain_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestPaymentTotalsByLocalDay: the home page's days are the merchant's: a
// payment at 23:30 UTC is the next day in Tokyo, and India's half-hour
// offset splits a UTC hour between two days.
func TestPaymentTotalsByLocalDay(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := storetest.Wire(t, st)
		s := testScope(t, e)
		ctx := context.Background()
		at := func(clock string) {
			t.Helper()
			when, err := time.Parse(time.RFC3339, clock)
			if err != nil {
				t.Fatal(err)
			}
			e.Clock = func() time.Time { return when }
			if _, err := e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 1000, Currency: "usd", Capture: true,
				Card: &domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2031}}); err != nil {
				t.Fatal(err)
			}
		}
		at("2026-12-06T10:00:00Z") // Tokyo 19:00 on the 6th, India 15:30 on the 6th
		at("2026-12-06T18:15:00Z") // India 23:45 on the 6th
		at("2026-12-06T18:45:00Z") // India 00:15 on the 7th
		at("2026-12-06T23:30:00Z") // Tokyo 08:30 on the 7th, UTC still the 6th
		for _, c := range []struct {
			zone string
			want map[string]int // day → payments
		}{
			{"UTC", map[string]int{"2026-12-06": 4}},
			{"Asia/Tokyo", map[string]int{"2026-12-06": 1, "2026-12-07": 3}},
			{"Asia/Kolkata", map[string]int{"2026-12-06": 2, "2026-12-07": 2}},
		} {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			totals, err := e.PaymentTotals(ctx, s, 7, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, d := range totals {
				if d.Day.Location() != loc || d.Day.Hour() != 0 || d.Currency != "USD" || d.Volume != int64(d.Count)*1000 {
					t.Errorf("%s: %+v", c.zone, d)
				}
				got[d.Day.Format(time.DateOnly)] += d.Count
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: %v, want %v", c.zone, got, c.want)
			}
			for day, n := range c.want {
				if got[day] != n {
					t.Errorf("%s: %v, want %v", c.zone, got, c.want)
				}
			}
		}
	})
}

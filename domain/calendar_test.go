package domain_test

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has

	"github.com/paysmart/paysmart/domain"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestPeriodStartExamples(t *testing.T) {
	t.Parallel()
	paris := mustZone(t, "Europe/Paris")
	ny := mustZone(t, "America/New_York")
	for _, tc := range []struct {
		name   string
		anchor time.Time
		iv     domain.Interval
		loc    *time.Location
		n      int
		want   time.Time
	}{
		{"31 Jan → Feb clamps", time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC), domain.IntervalMonth, time.UTC, 1, time.Date(2025, 2, 28, 10, 0, 0, 0, time.UTC)},
		{"31 Jan → leap Feb", time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC), domain.IntervalMonth, time.UTC, 1, time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC)},
		{"31 Jan → 31 Mar, no drift", time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC), domain.IntervalMonth, time.UTC, 2, time.Date(2025, 3, 31, 10, 0, 0, 0, time.UTC)},
		{"31 Jan → 30 Apr", time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC), domain.IntervalMonth, time.UTC, 3, time.Date(2025, 4, 30, 10, 0, 0, 0, time.UTC)},
		{"quarter from 30 Nov", time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC), domain.IntervalQuarter, time.UTC, 1, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)},
		{"29 Feb yearly", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), domain.IntervalYear, time.UTC, 1, time.Date(2025, 2, 28, 12, 0, 0, 0, time.UTC)},
		{"29 Feb, 4 years", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), domain.IntervalYear, time.UTC, 4, time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)},
		{"Paris keeps 09:00 across DST", time.Date(2025, 3, 1, 9, 0, 0, 0, paris), domain.IntervalMonth, paris, 1, time.Date(2025, 4, 1, 9, 0, 0, 0, paris)},
		{"weekly over spring forward", time.Date(2025, 3, 26, 9, 0, 0, 0, paris), domain.IntervalWeek, paris, 1, time.Date(2025, 4, 2, 9, 0, 0, 0, paris)},
		{"skipped 02:30 → 03:30", time.Date(2025, 3, 23, 2, 30, 0, 0, paris), domain.IntervalWeek, paris, 1,
			time.Date(2025, 3, 30, 1, 30, 0, 0, time.UTC)},
		{"repeated 01:30 → the first", time.Date(2025, 10, 26, 1, 30, 0, 0, ny), domain.IntervalWeek, ny, 1,
			time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)},
		{"month end in the merchant's zone", time.Date(2025, 1, 31, 23, 30, 0, 0, ny), domain.IntervalMonth, ny, 1,
			time.Date(2025, 2, 28, 23, 30, 0, 0, ny)},
	} {
		if got := domain.PeriodStart(tc.anchor, tc.iv, tc.n, tc.loc); !got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.name, got.In(tc.loc), tc.want.In(tc.loc))
		}
	}
}

// TestPeriodStartProperties checks the calendar over many anchors × intervals
// × zones: periods strictly increase; the local date is the anchor's plus
// the interval (the day clamped to the month's end); the local time of day is
// the anchor's unless that wall time does not exist on the day, when it is
// later by less than the gap; a repeated wall time is its first occurrence.
func TestPeriodStartProperties(t *testing.T) {
	t.Parallel()
	zones := []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Auckland",
		"Asia/Kolkata", "America/Santiago", "Africa/Casablanca"}
	ivs := []domain.Interval{domain.IntervalWeek, domain.IntervalMonth, domain.IntervalQuarter, domain.IntervalYear}
	r := rand.New(rand.NewPCG(10, 10))
	for _, zn := range zones {
		loc := mustZone(t, zn)
		for range 400 {
			// Random local anchors, with extra weight on month ends and the
			// small hours when clocks change.
			day := 1 + r.IntN(31)
			if r.IntN(3) == 0 {
				day = 28 + r.IntN(4)
			}
			hour := r.IntN(24)
			if r.IntN(3) == 0 {
				hour = r.IntN(4)
			}
			y, m := 2000+r.IntN(40), time.Month(1+r.IntN(12))
			anchor := time.Date(y, m, min(day, daysInMonth(y, m)), hour, 15*r.IntN(4), 0, 0, loc)
			for _, iv := range ivs {
				checkSchedule(t, anchor, iv, loc)
			}
		}
	}
}

func daysInMonth(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func checkSchedule(t *testing.T, anchor time.Time, iv domain.Interval, loc *time.Location) {
	t.Helper()
	a := anchor.In(loc)
	prev := time.Time{}
	for n := range 60 {
		got := domain.PeriodStart(anchor, iv, n, loc)
		l := got.In(loc)
		if !prev.IsZero() && !got.After(prev) {
			t.Fatalf("%s %s %s: period %d (%s) not after %s", loc, iv, a, n, l, prev.In(loc))
		}
		prev = got
		// The wanted local date.
		var wy int
		var wm time.Month
		var wd int
		switch iv {
		case domain.IntervalWeek:
			wy, wm, wd = time.Date(a.Year(), a.Month(), a.Day()+7*n, 12, 0, 0, 0, time.UTC).Date()
		default:
			k := map[domain.Interval]int{domain.IntervalMonth: 1, domain.IntervalQuarter: 3, domain.IntervalYear: 12}[iv]
			total := int(a.Month()) - 1 + n*k
			wy, wm = a.Year()+total/12, time.Month(total%12+1)
			wd = min(a.Day(), daysInMonth(wy, wm))
		}
		want := time.Date(wy, wm, wd, a.Hour(), a.Minute(), a.Second(), 0, time.UTC) // wall reading
		wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
		if wall.Equal(want) {
			// A repeated wall time must be its first occurrence.
			for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
				e := got.Add(-back).In(loc)
				if time.Date(e.Year(), e.Month(), e.Day(), e.Hour(), e.Minute(), e.Second(), 0, time.UTC).Equal(want) {
					t.Fatalf("%s %s %s: period %d is %s but %s shows the same wall time earlier", loc, iv, a, n, l, e)
				}
			}
			continue
		}
		// Otherwise the wall time must not exist that day, and we are after it within 3h.
		if d := wall.Sub(want); d <= 0 || d > 3*time.Hour {
			t.Fatalf("%s %s %s: period %d is %s, want %s", loc, iv, a, n, l, want.Format("2006-01-02 15:04"))
		}
		for probe := got.Add(-4 * time.Hour); probe.Before(got.Add(4 * time.Hour)); probe = probe.Add(15 * time.Minute) {
			p := probe.In(loc)
			if time.Date(p.Year(), p.Month(), p.Day(), p.Hour(), p.Minute(), p.Second(), 0, time.UTC).Equal(want) {
				t.Fatalf("%s %s %s: period %d is %s, but %s exists at %s", loc, iv, a, n, l, want.Format("15:04"), probe)
			}
		}
	}
}

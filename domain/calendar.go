package domain

import "time"

// Interval is how often a subscription charges.
type Interval string

// The intervals. A quarter is three months.
const (
	IntervalWeek    Interval = "week"
	IntervalMonth   Interval = "month"
	IntervalQuarter Interval = "quarter"
	IntervalYear    Interval = "year"
)

// months is the length of a month-based interval; 0 for weeks.
func (iv Interval) months() int {
	switch iv {
	case IntervalMonth:
		return 1
	case IntervalQuarter:
		return 3
	case IntervalYear:
		return 12
	}
	return 0
}

// Valid reports whether iv is one of the intervals.
func (iv Interval) Valid() bool {
	return iv == IntervalWeek || iv.months() > 0
}

// PeriodStart is when period n (0, 1, …) of a schedule anchored at anchor
// begins, on the wall calendar of loc. Every period is computed from the
// anchor, never from the period before it, so a clamped day does not drift:
//
//   - week: the anchor's local date plus 7n days;
//   - month, quarter, year: the anchor's local month plus n, 3n or 12n
//     months, on the anchor's day of the month, clamped to the month's last
//     day (31 Jan → 28 or 29 Feb → 31 Mar);
//
// always at the anchor's local time of day. Daylight saving time moves
// instants, not wall times: a time of day that the change skips (02:30 on a
// spring-forward night) is taken after the gap, shifted by its length
// (03:30); one that happens twice (01:30 on a fall-back night) is the first.
func PeriodStart(anchor time.Time, iv Interval, n int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	a := anchor.In(loc)
	y, m, d := a.Date()
	hh, mm, ss := a.Clock()
	ns := a.Nanosecond()
	if k := iv.months(); k > 0 {
		total := int(m) - 1 + n*k
		ty, tm := y+floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
		return wallTime(ty, tm, min(d, daysIn(ty, tm)), hh, mm, ss, ns, loc)
	}
	return wallTime(y, m, d+7*n, hh, mm, ss, ns, loc)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// daysIn is the number of days of a month.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// wallTime is the instant a wall clock in loc shows the given date and time,
// with the rule of PeriodStart for times a DST change skips or repeats (Go's
// time.Date leaves the choice unspecified).
func wallTime(y int, m time.Month, d, hh, mm, ss, ns int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, hh, mm, ss, ns, loc)
	u := time.Date(y, m, d, hh, mm, ss, ns, time.UTC) // the wall reading, as if in UTC
	_, before := t.Add(-6 * time.Hour).Zone()
	_, after := t.Add(6 * time.Hour).Zone()
	if before == after {
		return t // no offset change nearby
	}
	early := u.Add(-time.Duration(before) * time.Second)
	late := u.Add(-time.Duration(after) * time.Second)
	shows := func(c time.Time) bool { return sameWall(c.In(loc), u) }
	switch {
	case shows(early) && shows(late):
		if early.Before(late) {
			return early
		}
		return late
	case shows(early):
		return early
	case shows(late):
		return late
	}
	// Skipped: read the wall time with the offset in force before the gap,
	// which lands after it, later by the gap's length.
	return early
}

func sameWall(local, u time.Time) bool {
	y1, m1, d1 := local.Date()
	y2, m2, d2 := u.Date()
	h1, n1, s1 := local.Clock()
	h2, n2, s2 := u.Clock()
	return y1 == y2 && m1 == m2 && d1 == d2 && h1 == h2 && n1 == n2 && s1 == s2 && local.Nanosecond() == u.Nanosecond()
}

// LoadZone returns the time zone named by an IANA name ("Europe/Paris");
// "" is UTC. Errors: CodeInvalid (param).
func LoadZone(param, name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, Invalid(param, "timezone_invalid", "Unknown time zone %q: use an IANA name such as Europe/Paris.", name)
	}
	return loc, nil
}

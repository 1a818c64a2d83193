package dashboard

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// period is one column of the home page: payments made and money moved.
type period struct {
	Label     string
	Count     int
	Succeeded int
	Volume    []string // one per currency, largest first: "$1,234.00"
}

// bar is one day of the chart, in SVG user units.
type bar struct {
	X, Y, W, H float64
	Title      string
	Label      string // the day, under every seventh bar
}

type homeView struct {
	frame
	Periods    []period
	Bars       []bar
	ChartTitle string
	Max        string
	Empty      bool
}

const chartDays = 30

// home shows today, the last 7 and the last 30 days, and a chart of the
// daily volume in the merchant's main currency, drawn on the server as SVG.
func (s *site) home(w http.ResponseWriter, r *http.Request, q *req) error {
	loc := zone(q.merchant)
	totals, err := s.Engine.PaymentTotals(r.Context(), q.scope(), chartDays, loc)
	if err != nil {
		return err
	}
	today := s.Engine.Today(loc)
	v := homeView{frame: q.frame("Home", "home")}
	v.Notice = notice(r)
	for _, p := range []struct {
		label string
		days  int
	}{{"Today", 1}, {"Last 7 days", 7}, {"Last 30 days", 30}} {
		since := today.AddDate(0, 0, 1-p.days)
		per := period{Label: p.label}
		vol := map[string]int64{}
		for _, t := range totals {
			if t.Day.Before(since) {
				continue
			}
			per.Count += t.Count
			per.Succeeded += t.Succeeded
			vol[t.Currency] += t.Volume
		}
		per.Volume = volumes(vol)
		v.Periods = append(v.Periods, per)
	}
	v.Bars, v.ChartTitle, v.Max, v.Empty = chart(totals, today, loc)
	s.html(w, q, http.StatusOK, "home.html", v)
	return nil
}

// volumes formats per-currency sums, largest first.
func volumes(vol map[string]int64) []string {
	codes := make([]string, 0, len(vol))
	for c := range vol {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if vol[codes[i]] != vol[codes[j]] {
			return vol[codes[i]] > vol[codes[j]]
		}
		return codes[i] < codes[j]
	})
	var out []string
	for _, c := range codes {
		if cur, ok := domain.LookupCurrency(c); ok {
			out = append(out, money(vol[c], cur))
		}
	}
	if len(out) == 0 {
		out = []string{"—"}
	}
	return out
}

// chart lays out one bar per day for the currency that moved the most.
func chart(totals []domain.DayTotal, today time.Time, loc *time.Location) ([]bar, string, string, bool) {
	sum := map[string]int64{}
	for _, t := range totals {
		sum[t.Currency] += t.Volume
	}
	main := ""
	for c, v := range sum {
		if main == "" || v > sum[main] || (v == sum[main] && c < main) {
			main = c
		}
	}
	cur, ok := domain.LookupCurrency(main)
	if main == "" || !ok {
		cur, _ = domain.LookupCurrency("USD")
		main = "USD"
	}
	daily := make([]int64, chartDays)
	first := today.AddDate(0, 0, 1-chartDays)
	index := map[string]int{} // by date: a day is 23 or 25 hours long when clocks change
	for i := range chartDays {
		index[first.AddDate(0, 0, i).Format(time.DateOnly)] = i
	}
	var top int64
	for _, t := range totals {
		i, ok := index[t.Day.Format(time.DateOnly)]
		if t.Currency != main || !ok {
			continue
		}
		daily[i] += t.Volume
		top = max(top, daily[i])
	}
	const width, height, gap = 600.0, 160.0, 4.0
	bw := width/chartDays - gap
	bars := make([]bar, chartDays)
	for i, v := range daily {
		h := 0.0
		if top > 0 {
			h = float64(v) / float64(top) * height
		}
		if v > 0 && h < 2 {
			h = 2
		}
		day := first.AddDate(0, 0, i)
		b := bar{X: float64(i)*(bw+gap) + gap/2, W: bw, H: h, Y: height - h,
			Title: fmt.Sprintf("%s: %s", day.Format("Mon 2 Jan"), money(v, cur))}
		if (chartDays-1-i)%7 == 0 {
			b.Label = day.Format("2 Jan")
		}
		bars[i] = b
	}
	return bars, "Daily volume, " + main + ", last 30 days (" + today.Format("MST") + ")", money(top, cur), top == 0
}

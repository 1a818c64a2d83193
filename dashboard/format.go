package dashboard

import (
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/bojanz/currency"

	"github.com/paysmart/paysmart/domain"
)

var moneyFormat = currency.NewFormatter(currency.NewLocale("en"))

// money formats minor units for people ("$1,500.12"), through the exact
// decimal text, never a float.
func money(minor int64, cur domain.Currency) string {
	a, err := currency.NewAmount(domain.FormatMajor(minor, cur), cur.Code)
	if err != nil {
		return domain.FormatMajor(minor, cur) + " " + cur.Code
	}
	return moneyFormat.Format(a)
}

// when formats a time for people in the merchant's time zone, named by its
// abbreviation ("2 Jan 2006 15:04 CET", "… UTC").
func when(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006 15:04 MST") }

// whenSec is when with seconds: a grace period can be short.
func whenSec(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006 15:04:05 MST")
}

// zone is a merchant's time zone, UTC when unset or unknown.
func zone(m domain.Merchant) *time.Location {
	loc, err := domain.LoadZone("timezone", m.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// zoned holds the templates with their date functions bound to one time
// zone, made on first use from the parsed (never executed) set: html/template
// cannot clone a template once it has run.
var zoned = struct {
	sync.Mutex
	m map[string]*template.Template
}{m: map[string]*template.Template{}}

// templatesIn returns the templates whose when and whenp show dates in loc.
func templatesIn(loc *time.Location) *template.Template {
	zoned.Lock()
	defer zoned.Unlock()
	if t, ok := zoned.m[loc.String()]; ok {
		return t
	}
	t := template.Must(templates.Clone()).Funcs(template.FuncMap{
		"when": func(t time.Time) string { return when(t, loc) },
		"whenp": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return when(*t, loc)
		},
	})
	zoned.m[loc.String()] = t
	return t
}

func cardLabel(c domain.Card) string {
	if c.Last4 == "" {
		return "—"
	}
	brand := string(c.Brand)
	if brand != "" {
		brand = strings.ToUpper(brand[:1]) + brand[1:]
	}
	return strings.TrimSpace(brand + " •••• " + c.Last4)
}

var funcs = template.FuncMap{
	"money":     money,
	"major":     domain.FormatMajor,
	"when":      func(t time.Time) string { return when(t, time.UTC) },
	"card":      cardLabel,
	"status":    statusLabel,
	"interval":  intervalLabel,
	"channel":   channelLabel,
	"wallet":    walletLabel,
	"kind":      kindLabel,
	"substatus": subStatusLabel,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"whenp": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return when(*t, time.UTC)
	},
	"future": func(t *time.Time) bool { return t != nil && time.Now().Before(*t) },
}

// statusLabel is a payment status for people.
func statusLabel(s domain.PaymentStatus) string {
	return map[domain.PaymentStatus]string{domain.StatusSucceeded: "Succeeded", domain.StatusFailed: "Failed",
		domain.StatusProcessing: "Processing", domain.StatusRequiresCapture: "Uncaptured", domain.StatusCanceled: "Canceled",
		domain.StatusRequiresAction: "Needs 3-D Secure"}[s]
}

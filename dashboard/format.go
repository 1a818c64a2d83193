package dashboard

import (
	"html/template"
	"strings"
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

// when formats a time in UTC until merchants have a time zone setting.
func when(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }

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
	"money":  money,
	"major":  domain.FormatMajor,
	"when":   when,
	"card":   cardLabel,
	"status": statusLabel,
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
		return when(*t)
	},
}

// statusLabel is a payment status for people.
func statusLabel(s domain.PaymentStatus) string {
	return map[domain.PaymentStatus]string{domain.StatusSucceeded: "Succeeded", domain.StatusFailed: "Failed",
		domain.StatusProcessing: "Processing", domain.StatusRequiresCapture: "Uncaptured", domain.StatusCanceled: "Canceled",
		domain.StatusRequiresAction: "Needs 3-D Secure"}[s]
}

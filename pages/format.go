package pages

import (
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/paysmart/paysmart/domain"
)

var moneyFormat = currency.NewFormatter(currency.NewLocale("en"))

// money formats minor units for people: "$1,500.12", "€9.99", "¥1,500".
// The amount goes through its exact decimal text, never a float.
func money(minor int64, cur domain.Currency) string {
	a, err := currency.NewAmount(domain.FormatMajor(minor, cur), cur.Code)
	if err != nil {
		return domain.FormatMajor(minor, cur) + " " + cur.Code
	}
	return moneyFormat.Format(a)
}

// cardLabel is "Visa •••• 4242".
func cardLabel(c domain.Card) string {
	if c.Last4 == "" {
		return ""
	}
	brand := map[domain.CardBrand]string{"amex": "American Express", "diners": "Diners Club", "jcb": "JCB",
		"unionpay": "UnionPay", "mastercard": "Mastercard"}[c.Brand]
	if brand == "" && c.Brand != "" {
		brand = strings.ToUpper(string(c.Brand[:1])) + string(c.Brand[1:])
	}
	return strings.TrimSpace(brand + " •••• " + c.Last4)
}

// dateTime formats a time for a page in the merchant's time zone (its
// setting, UTC by default or when the zone cannot be loaded), naming the zone.
func dateTime(t time.Time, m domain.Merchant) string {
	loc := time.UTC
	if m.TimeZone != "" {
		if l, err := time.LoadLocation(m.TimeZone); err == nil {
			loc = l
		}
	}
	return t.In(loc).Format("2 January 2006, 15:04 MST")
}

// FormatMoney formats minor units as the pages show them ("$1,500.12"), for
// messages that quote an amount.
func FormatMoney(minor int64, cur domain.Currency) string { return money(minor, cur) }

// FormatDate formats a time as the pages show it, in the merchant's time zone.
func FormatDate(t time.Time, m domain.Merchant) string { return dateTime(t, m) }

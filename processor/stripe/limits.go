package stripe

import (
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// minimumCharge is Stripe's smallest charge per presentment currency, in the
// currency's minor units ("Minimum and maximum charge amounts", Stripe's
// currencies guide): below it Stripe answers amount_too_small. Currencies
// not listed must be worth at least 0.50 USD once converted, which depends on
// the day's rate; those are left to Stripe.
var minimumCharge = map[string]int64{
	"USD": 50, "AED": 200, "AUD": 50, "BGN": 100, "BRL": 50, "CAD": 50, "CHF": 50, "CZK": 1500,
	"DKK": 250, "EUR": 50, "GBP": 30, "HKD": 400, "HUF": 17500, "INR": 50, "JPY": 50, "MXN": 1000,
	"MYR": 200, "NOK": 300, "NZD": 50, "PLN": 200, "RON": 200, "SEK": 300, "SGD": 50, "THB": 1000,
}

var _ domain.AmountLimits = (*Processor)(nil)

// CheckAmount refuses an amount below Stripe's minimum charge for its
// currency before anything is written or sent (domain.AmountLimits).
func (p *Processor) CheckAmount(amount int64, cur domain.Currency) error {
	code := strings.ToUpper(cur.Code)
	min, ok := minimumCharge[code]
	if !ok || amount >= min {
		return nil
	}
	return &domain.Error{Code: domain.CodeInvalid, Reason: "amount_too_small", Param: "amount",
		Message: "Amount must be at least " + domain.FormatMajor(min, cur) + " " + code + " (the card processor's minimum charge)."}
}

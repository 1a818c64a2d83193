package domain

import (
	"errors"
	"strings"
)

// Catalog amounts (product prices, fixed taxes) carry no currency: a product
// is sold in whatever currency a payment request names. They are held as an
// int64 count of hundredths, the two decimals Paysley shows ("1.00"), and tax
// rates as an int64 count of ten-thousandths of a percent (7.5% is 75000).
// Neither ever passes through a float.
const (
	hundredthsExponent = 2
	rateExponent       = 4
)

// maxRate is 100% in rate units: a tax rate above that is a typing mistake.
const maxRate = 100 * 10_000

// parseFixed reads s, a plain non-negative decimal ("1", "1.5", "0.0075"),
// as an integer count of 10^-exp units, refusing more decimals than exp
// (unless they are zeros), signs, exponents and anything over
// MaxMinorAmount. The error is a CodeInvalid one naming param.
func parseFixed(s, param string, exp int) (int64, error) {
	v, err := ParseMajor(strings.TrimSpace(s), Currency{Exponent: exp})
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, ErrAmountPrecision):
		return 0, Invalid(param, "parameter_invalid", "%s can have at most %d decimals.", param, exp)
	case errors.Is(err, ErrAmountTooLarge):
		return 0, Invalid(param, "parameter_invalid", "%s is too large.", param)
	}
	return 0, Invalid(param, "parameter_invalid", "%s must be a non-negative decimal number such as 10.50.", param)
}

// FormatHundredths renders hundredths with exactly two decimals: 100 is "1.00".
func FormatHundredths(v int64) string {
	return FormatMajor(v, Currency{Exponent: hundredthsExponent})
}

// FormatHundredthsTrim renders hundredths as short as exact: 100 is "1", 150 "1.5".
func FormatHundredthsTrim(v int64) string {
	return FormatMajorTrim(v, Currency{Exponent: hundredthsExponent})
}

// FormatRate renders a tax rate in percent as short as exact: 75000 is "7.5".
func FormatRate(v int64) string {
	return FormatMajorTrim(v, Currency{Exponent: rateExponent})
}

package domain

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bojanz/currency"
)

// Currency is a currency PaySmart can charge in. Amounts are always held as
// an int64 count of its minor unit, so the exponent is all the engine needs.
type Currency struct {
	Code     string // upper-case ISO 4217 alphabetic code, e.g. "USD"
	Exponent int    // ISO 4217 minor unit digits: 1 USD = 10^2 minor units, 1 JPY = 10^0
}

// MaxMinorAmount is the largest amount, in minor units, that PaySmart accepts
// in any currency: 99,999,999,999, just under 1e11 (999,999,999.99 USD,
// 99,999,999,999 JPY, 99,999,999.999 KWD). It is far above any real card
// payment yet small enough that a JavaScript client reading it as a float64
// keeps it exact, and that int64 sums of millions of such amounts (balances,
// reports) cannot overflow. It bounds what a parser reads; what one payment
// may carry is MaxPaymentAmount, lower, and a payment request whose amount
// due exceeds that is refused when it is created or edited.
const MaxMinorAmount int64 = 99_999_999_999

// maxExponent bounds Currency.Exponent in ParseMajor; 10^18 is the largest
// power of ten an int64 holds, and it keeps the padding loop short even for
// a hand-built Currency.
const maxExponent = 18

// notPayable lists ISO 4217 codes that name no currency anyone can pay in.
// ISO gives all but XAD the minor unit "N.A.", so the library already omits
// them; listing them again keeps them out should a library upgrade or a
// currency.Register call elsewhere in the binary ever add one.
var notPayable = map[string]bool{
	"XXX": true, "XTS": true, // "no currency" and the testing code
	"XAU": true, "XAG": true, "XPT": true, "XPD": true, // precious metals
	"XBA": true, "XBB": true, "XBC": true, "XBD": true, // European bond-market units
	"XDR": true, "XSU": true, "XUA": true, // units of account of the IMF, ALBA and the AfDB
	// XAD, the Arab Monetary Fund's accounting dinar, has minor unit 2 in ISO
	// but is a unit of account between central banks, like XDR, not money a
	// card can be charged in.
	"XAD": true,
}

// LookupCurrency returns the currency with the ISO 4217 alphabetic code, in
// any letter case, and false when the code is not an active ISO 4217 code or
// names no payable currency (XXX, XTS, precious metals, units of account).
//
// The table is github.com/bojanz/currency's, which is generated from ISO's
// own List One (SIX Group) rather than from CLDR. golang.org/x/text/currency
// follows CLDR, whose display digits differ from ISO's minor units for about
// twenty codes (IQD 0 instead of 3; IDR, COP, PKR 0 instead of 2) and which
// lacks newer codes (VES, UYW, ZWG); the minor unit is what card networks and
// processors count in. github.com/Rhymond/go-money still lists withdrawn
// codes (HRK, VEF), metals and non-ISO codes (GGP), and lacks UYW. The library
// agreed with ISO 4217 on every code when v1.5.0 was pinned, so there is no
// override table; money_test.go pins the exponents that matter most so that
// an upgrade which changes one fails loudly.
func LookupCurrency(code string) (Currency, bool) {
	if len(code) != 3 {
		return Currency{}, false
	}
	// Check for ASCII letters before upper-casing, so that no Unicode case
	// mapping can turn some other string into a valid code.
	var b [3]byte
	for i := range 3 {
		c := code[i]
		switch {
		case 'A' <= c && c <= 'Z':
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		default:
			return Currency{}, false
		}
		b[i] = c
	}
	up := string(b[:])
	if notPayable[up] {
		return Currency{}, false
	}
	digits, ok := currency.GetDigits(up)
	if !ok {
		return Currency{}, false
	}
	return Currency{Code: up, Exponent: int(digits)}, true
}

// Errors returned, wrapped, by ParseMajor. Their messages are safe to show to
// an API caller.
var (
	// ErrAmountSyntax reports a string that is not a plain non-negative
	// decimal number.
	ErrAmountSyntax = errors.New(`amount must be a non-negative decimal number such as "10.50", without sign, exponent, spaces or separators`)
	// ErrAmountPrecision reports more decimal places than the currency's
	// minor unit allows.
	ErrAmountPrecision = errors.New("amount has more decimal places than the currency allows")
	// ErrAmountTooLarge reports an amount above MaxMinorAmount.
	ErrAmountTooLarge = errors.New("amount is too large")
)

// ParseMajor converts s, an exact decimal amount in major units such as
// "1500.12", into minor units of cur (150012 for USD). It accepts only
// ASCII digits with an optional dot followed by at least one digit; a sign,
// exponent, spaces, grouping separators, NaN and Inf are all rejected rather
// than guessed at, because a misread amount is money moved. Decimals beyond
// the currency's exponent are accepted only when they are zeros ("1.50" and
// "1.500" for USD, "5.0" for JPY) so that no amount is ever rounded. Zero is
// accepted: minimum amounts are the caller's rule. The error wraps
// ErrAmountSyntax, ErrAmountPrecision or ErrAmountTooLarge and is meant to
// be reported through Invalid with the caller's param.
func ParseMajor(s string, cur Currency) (int64, error) {
	if cur.Exponent < 0 || cur.Exponent > maxExponent {
		return 0, fmt.Errorf("currency %q has unsupported exponent %d", cur.Code, cur.Exponent)
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || (hasDot && !allDigits(frac)) {
		return 0, ErrAmountSyntax
	}
	if len(frac) > cur.Exponent {
		if strings.Trim(frac[cur.Exponent:], "0") != "" {
			if cur.Exponent == 0 {
				return 0, fmt.Errorf("%w: %s has no minor unit", ErrAmountPrecision, cur.Code)
			}
			return 0, fmt.Errorf("%w: %s allows at most %d", ErrAmountPrecision, cur.Code, cur.Exponent)
		}
		frac = frac[:cur.Exponent]
	}

	// Read the digits of the integer part, then exactly Exponent fraction
	// digits (padded with zeros), as one integer. Checking the bound after
	// every digit keeps v below 10*MaxMinorAmount+9, far from overflow,
	// however many leading zeros or digits s has.
	var v int64
	for i := range len(intPart) + cur.Exponent {
		d := byte('0')
		switch {
		case i < len(intPart):
			d = intPart[i]
		case i-len(intPart) < len(frac):
			d = frac[i-len(intPart)]
		}
		v = v*10 + int64(d-'0')
		if v > MaxMinorAmount {
			return 0, fmt.Errorf("%w: the maximum is %s %s", ErrAmountTooLarge, FormatMajorTrim(MaxMinorAmount, cur), cur.Code)
		}
	}
	return v, nil
}

// allDigits reports whether s is one or more ASCII digits. Unicode digits,
// which strconv would also reject, are not amounts.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatMajor renders minor units of cur in major units with exactly the
// currency's number of decimals: 150012 USD is "1500.12", 100 USD "1.00",
// 5 JPY "5", 1234 BHD "1.234" and -150 USD "-1.50". It is the wire form that
// ParseMajor reads back.
func FormatMajor(minor int64, cur Currency) string {
	// Work on the magnitude as uint64 so that math.MinInt64 has one too.
	mag := uint64(minor)
	sign := ""
	if minor < 0 {
		mag = -mag
		sign = "-"
	}
	digits := strconv.FormatUint(mag, 10)
	exp := max(cur.Exponent, 0)
	if exp == 0 {
		return sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	cut := len(digits) - exp
	return sign + digits[:cut] + "." + digits[cut:]
}

// FormatMajorTrim is FormatMajor without trailing fractional zeros or a bare
// dot: 150012 USD is "1500.12", 150010 USD "1500.1" and 300 USD "3". It suits
// APIs and messages that write amounts as short as they can.
func FormatMajorTrim(minor int64, cur Currency) string {
	s := FormatMajor(minor, cur)
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

package domain

import (
	"fmt"
	"strings"
	"time"
)

// CardBrand is a card network, spelled as Stripe spells it in card.brand.
type CardBrand string

// The card brands PaySmart recognises.
const (
	BrandVisa       CardBrand = "visa"
	BrandMastercard CardBrand = "mastercard"
	BrandAmex       CardBrand = "amex"
	BrandDiscover   CardBrand = "discover"
	BrandDiners     CardBrand = "diners"
	BrandJCB        CardBrand = "jcb"
	BrandUnionPay   CardBrand = "unionpay"
	BrandUnknown    CardBrand = "unknown"
)

// DetectBrand returns the brand of a card number from its leading digits
// (its IIN), or BrandUnknown. Spaces and dashes are ignored, and a partial
// number is enough, so a form can show the brand while the number is typed.
//
// The 622126–622925 range is UnionPay's, which Discover merely accepts on its
// network by agreement; it is reported as unionpay, as Stripe does for every
// number starting with 62. 3095 is a Diners Club range like 300–305.
func DetectBrand(pan string) CardBrand {
	pan = normalizePAN(pan)
	p1, p2, p3, p4 := iin(pan, 1), iin(pan, 2), iin(pan, 3), iin(pan, 4)
	switch {
	case p2 == 34 || p2 == 37:
		return BrandAmex
	case 3528 <= p4 && p4 <= 3589:
		return BrandJCB
	case 300 <= p3 && p3 <= 305, p4 == 3095, p2 == 36, p2 == 38, p2 == 39:
		return BrandDiners
	case p1 == 4:
		return BrandVisa
	case 51 <= p2 && p2 <= 55, 2221 <= p4 && p4 <= 2720:
		return BrandMastercard
	case p4 == 6011, 644 <= p3 && p3 <= 649, p2 == 65:
		return BrandDiscover
	case p2 == 62, p2 == 81:
		return BrandUnionPay
	}
	return BrandUnknown
}

// iin returns the first n digits of pan as a number, or -1 when pan is
// shorter or they are not all digits, which matches no range.
func iin(pan string, n int) int {
	if len(pan) < n {
		return -1
	}
	v := 0
	for i := range n {
		c := pan[i]
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// validLength reports whether a number of n digits can be a card of brand b.
func validLength(b CardBrand, n int) bool {
	switch b {
	case BrandVisa:
		return n == 13 || n == 16 || n == 19
	case BrandMastercard:
		return n == 16
	case BrandAmex:
		return n == 15
	case BrandDiners:
		return 14 <= n && n <= 19
	case BrandDiscover, BrandJCB, BrandUnionPay:
		return 16 <= n && n <= 19
	default:
		return 12 <= n && n <= 19
	}
}

// luhnValid reports whether pan, digits only, passes the Luhn (mod 10) check
// that catches a mistyped digit or two swapped neighbours.
func luhnValid(pan string) bool {
	if !allDigits(pan) {
		return false
	}
	sum := 0
	double := false
	for i := len(pan) - 1; i >= 0; i-- {
		d := int(pan[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// normalizePAN drops the spaces and dashes people type to group digits.
func normalizePAN(pan string) string {
	if !strings.ContainsAny(pan, " -") {
		return pan
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(pan)
}

// Last4 returns the last four digits of a card number, ignoring spaces and
// dashes; a shorter number is returned whole.
func Last4(pan string) string {
	pan = normalizePAN(pan)
	if len(pan) <= 4 {
		return pan
	}
	return pan[len(pan)-4:]
}

// CardInput is a card as a caller sends it. It is raw cardholder data: keep
// it out of logs and storage (String masks it) and keep only the brand,
// Last4 and expiry.
type CardInput struct {
	Number   string // may contain spaces and dashes until ValidateCard removes them
	ExpMonth int    // 1 to 12
	ExpYear  int    // four digits
	CVC      string // optional
}

// String masks the number and CVC, so that a CardInput printed with %v or
// %+v, or logged by accident, does not leak cardholder data.
func (c CardInput) String() string {
	cvc := ""
	if c.CVC != "" {
		cvc = ", CVC ***"
	}
	return fmt.Sprintf("card ending %s, expiring %02d/%04d%s", Last4(c.Number), c.ExpMonth, c.ExpYear, cvc)
}

// GoString masks the card like String does, for %#v.
func (c CardInput) GoString() string { return c.String() }

// maxExpiryYears is how far ahead an expiry year may be. Cards are issued for
// at most a few years; anything beyond this is a typing mistake.
const maxExpiryYears = 50

// ValidateCard checks a card before it is sent to a processor and returns it
// normalised (number with digits only) with its brand. It returns CodeCard
// errors with Stripe's card error codes in Reason, so that they render as a
// 402 card_error as Stripe's do:
//
//   - invalid_number: the number is not digits or has a length its brand
//     never has;
//   - incorrect_number: the number fails the Luhn check;
//   - invalid_expiry_month: ExpMonth is not 1 to 12;
//   - invalid_expiry_year: ExpYear is not four digits, or is more than 50
//     years after now;
//   - invalid_cvc: CVC, when given, is not 4 digits for amex or 3 for others;
//   - expired_card: the expiry month ended before now, in UTC (a card is good
//     through the last day of its expiry month). Its DeclineCode is set too,
//     since Stripe reports it as a decline.
//
// Malformed input is reported before expiry, so that a refusal that may be
// recorded as a declined payment is only ever about a well-formed card. Once
// the number is valid, the normalised input and brand are returned even with
// an error, so that a caller can record the refused card's brand and Last4.
func ValidateCard(in CardInput, now time.Time) (CardInput, CardBrand, error) {
	in.Number = normalizePAN(in.Number)
	if !allDigits(in.Number) {
		return CardInput{}, "", errInvalidNumber()
	}
	brand := DetectBrand(in.Number)
	if !validLength(brand, len(in.Number)) {
		return CardInput{}, "", errInvalidNumber()
	}
	if !luhnValid(in.Number) {
		return CardInput{}, "", cardError("incorrect_number", "card.number", "Your card number is incorrect.")
	}

	now = now.UTC()
	if in.ExpMonth < 1 || in.ExpMonth > 12 {
		return in, brand, cardError("invalid_expiry_month", "card.exp_month", "Your card's expiration month is invalid.")
	}
	// Two-digit years are refused rather than widened to 20xx: the API
	// documents four-digit years, and a silent century guess is the kind of
	// fix-up that surprises someone later.
	if in.ExpYear < 1000 || in.ExpYear > now.Year()+maxExpiryYears {
		return in, brand, cardError("invalid_expiry_year", "card.exp_year", "Your card's expiration year is invalid.")
	}
	if in.CVC != "" {
		want := 3
		if brand == BrandAmex {
			want = 4
		}
		if len(in.CVC) != want || !allDigits(in.CVC) {
			return in, brand, cardError("invalid_cvc", "card.cvc", "Your card's security code is invalid.")
		}
	}
	if err := checkExpiry(in.ExpMonth, in.ExpYear, now); err != nil {
		return in, brand, err
	}
	return in, brand, nil
}

// checkExpiry refuses a card whose expiry month ended before now (UTC).
func checkExpiry(month, year int, now time.Time) *Error {
	now = now.UTC()
	if year < now.Year() || (year == now.Year() && month < int(now.Month())) {
		// Stripe points expired_card at exp_month whichever field is stale.
		e := cardError("expired_card", "card.exp_month", "Your card has expired.")
		e.DeclineCode = "expired_card"
		return e
	}
	return nil
}

func errInvalidNumber() *Error {
	return cardError("invalid_number", "card.number", "Your card number is not a valid credit card number.")
}

func cardError(reason, param, message string) *Error {
	return &Error{Code: CodeCard, Reason: reason, Param: param, Message: message}
}

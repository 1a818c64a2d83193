package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// stripeTestCards are Stripe's published test numbers, one or more per brand.
var stripeTestCards = []struct {
	number string
	brand  CardBrand
}{
	{"4242424242424242", BrandVisa},
	{"4000056655665556", BrandVisa}, // debit
	{"5555555555554444", BrandMastercard},
	{"2223003122003222", BrandMastercard}, // 2-series
	{"5200828282828210", BrandMastercard}, // debit
	{"378282246310005", BrandAmex},
	{"371449635398431", BrandAmex},
	{"6011111111111117", BrandDiscover},
	{"6011000990139424", BrandDiscover},
	{"6011981111111113", BrandDiscover}, // debit
	{"3056930009020004", BrandDiners},
	{"36227206271667", BrandDiners}, // 14 digits
	{"3566002020360505", BrandJCB},
	{"6200000000000005", BrandUnionPay},
}

// mustLuhn returns a Luhn-valid number of length digits starting with prefix.
func mustLuhn(t *testing.T, prefix string, length int) string {
	t.Helper()
	if len(prefix) >= length {
		t.Fatalf("mustLuhn: prefix %q is not shorter than %d", prefix, length)
	}
	body := prefix + strings.Repeat("0", length-1-len(prefix))
	for d := '0'; d <= '9'; d++ {
		if n := body + string(d); luhnValid(n) {
			return n
		}
	}
	t.Fatalf("mustLuhn: no check digit for %q", body)
	return ""
}

func TestDetectBrand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pan  string
		want CardBrand
	}{
		// Range edges.
		{"4", BrandVisa},
		{"4111", BrandVisa},
		{"50", BrandUnknown},
		{"51", BrandMastercard},
		{"55", BrandMastercard},
		{"56", BrandUnknown},
		{"2220", BrandUnknown},
		{"2221", BrandMastercard},
		{"2500", BrandMastercard},
		{"2720", BrandMastercard},
		{"2721", BrandUnknown},
		{"34", BrandAmex},
		{"37", BrandAmex},
		{"35", BrandUnknown},
		{"3527", BrandUnknown},
		{"3528", BrandJCB},
		{"3589", BrandJCB},
		{"3590", BrandUnknown},
		{"300", BrandDiners},
		{"305", BrandDiners},
		{"306", BrandUnknown},
		{"3094", BrandUnknown},
		{"3095", BrandDiners},
		{"3096", BrandUnknown},
		{"36", BrandDiners},
		{"38", BrandDiners},
		{"39", BrandDiners},
		{"6011", BrandDiscover},
		{"6010", BrandUnknown},
		{"6012", BrandUnknown},
		{"643", BrandUnknown},
		{"644", BrandDiscover},
		{"649", BrandDiscover},
		{"65", BrandDiscover},
		{"62", BrandUnionPay},
		{"622125", BrandUnionPay},
		{"622126", BrandUnionPay}, // co-branded with Discover; Stripe says unionpay
		{"622925", BrandUnionPay},
		{"81", BrandUnionPay},
		{"80", BrandUnknown},
		{"1", BrandUnknown},
		{"7", BrandUnknown},
		{"9", BrandUnknown},
		{"0", BrandUnknown},

		// Too short to tell.
		{"", BrandUnknown},
		{"3", BrandUnknown},
		{"5", BrandUnknown},
		{"6", BrandUnknown},
		{"60", BrandUnknown},
		{"30", BrandUnknown},
		{"22", BrandUnknown},

		// Grouping is ignored; other characters are not digits.
		{"4242 4242 4242 4242", BrandVisa},
		{"3782-822463-10005", BrandAmex},
		{" 5555", BrandMastercard},
		{"x4242", BrandUnknown},
		{"3a", BrandUnknown},
		{"６２", BrandUnknown}, // fullwidth
	}
	for _, c := range stripeTestCards {
		tests = append(tests, struct {
			pan  string
			want CardBrand
		}{c.number, c.brand})
	}
	for _, tt := range tests {
		t.Run(tt.pan, func(t *testing.T) {
			t.Parallel()
			if got := DetectBrand(tt.pan); got != tt.want {
				t.Errorf("DetectBrand(%q) = %q; want %q", tt.pan, got, tt.want)
			}
		})
	}
}

func TestCardBrandStrings(t *testing.T) {
	t.Parallel()
	// These are wire values in Stripe's card.brand; they must not drift.
	want := map[CardBrand]string{
		BrandVisa: "visa", BrandMastercard: "mastercard", BrandAmex: "amex", BrandDiscover: "discover",
		BrandDiners: "diners", BrandJCB: "jcb", BrandUnionPay: "unionpay", BrandUnknown: "unknown",
	}
	for b, s := range want {
		if string(b) != s {
			t.Errorf("brand %q; want %q", b, s)
		}
	}
}

func TestLuhnValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pan  string
		want bool
	}{
		{"4242424242424241", false},
		{"4242424242424243", false},
		{"2424242424242424", false}, // reversed
		{"4242424242424422", false}, // neighbours swapped
		{"79927398713", true},       // the textbook example
		{"79927398710", false},
		{"0", true},
		{"00", true},
		{"18", true},
		{"", false},
		{"4242 4242 4242 4242", false}, // callers normalise first
		{"424242424242424a", false},
	}
	for _, c := range stripeTestCards {
		tests = append(tests, struct {
			pan  string
			want bool
		}{c.number, true})
	}
	for _, tt := range tests {
		t.Run(tt.pan, func(t *testing.T) {
			t.Parallel()
			if got := luhnValid(tt.pan); got != tt.want {
				t.Errorf("luhnValid(%q) = %v; want %v", tt.pan, got, tt.want)
			}
		})
	}
}

func TestLast4(t *testing.T) {
	t.Parallel()
	tests := []struct{ pan, want string }{
		{"4242424242424242", "4242"},
		{"378282246310005", "0005"},
		{"4000 0566 5566 5556", "5556"},
		{"3782-822463-10005", "0005"},
		{"1234", "1234"},
		{"123", "123"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Last4(tt.pan); got != tt.want {
			t.Errorf("Last4(%q) = %q; want %q", tt.pan, got, tt.want)
		}
	}
}

// cardNow is the clock the card tests use unless they say otherwise.
var cardNow = time.Date(2026, time.May, 15, 12, 0, 0, 0, time.UTC)

var (
	cardErrInvalidNumber = &Error{Code: CodeCard, Reason: "invalid_number", Param: "card.number",
		Message: "Your card number is not a valid credit card number."}
	cardErrIncorrectNumber = &Error{Code: CodeCard, Reason: "incorrect_number", Param: "card.number",
		Message: "Your card number is incorrect."}
	cardErrExpMonth = &Error{Code: CodeCard, Reason: "invalid_expiry_month", Param: "card.exp_month",
		Message: "Your card's expiration month is invalid."}
	cardErrExpYear = &Error{Code: CodeCard, Reason: "invalid_expiry_year", Param: "card.exp_year",
		Message: "Your card's expiration year is invalid."}
	cardErrExpired = &Error{Code: CodeCard, Reason: "expired_card", Param: "card.exp_month",
		Message: "Your card has expired.", DeclineCode: "expired_card"}
	cardErrCVC = &Error{Code: CodeCard, Reason: "invalid_cvc", Param: "card.cvc",
		Message: "Your card's security code is invalid."}
)

// checkValidateCard runs ValidateCard and compares everything it returns.
func checkValidateCard(t *testing.T, in CardInput, at time.Time, wantNumber string, wantBrand CardBrand, wantErr *Error) {
	t.Helper()
	got, brand, err := ValidateCard(in, at)
	if wantErr != nil {
		e, ok := err.(*Error)
		if !ok || *e != *wantErr {
			t.Fatalf("ValidateCard(%+v) error = %#v; want %#v", in, err, wantErr)
		}
		if wantErr.Param == "card.number" {
			if got != (CardInput{}) || brand != "" {
				t.Errorf("ValidateCard(%+v) = %+v, %q with a number error; want zero values", in, got, brand)
			}
			return
		}
	} else if err != nil {
		t.Fatalf("ValidateCard(%+v) error = %v; want nil", in, err)
	}
	want := CardInput{Number: wantNumber, ExpMonth: in.ExpMonth, ExpYear: in.ExpYear, CVC: in.CVC}
	if got != want || brand != wantBrand {
		t.Errorf("ValidateCard(%+v) = %#v, %q; want number %s, %q", in, got, brand, wantNumber, wantBrand)
	}
}

func TestValidateCardStripeTestCards(t *testing.T) {
	t.Parallel()
	for _, c := range stripeTestCards {
		t.Run(c.number, func(t *testing.T) {
			t.Parallel()
			cvc := "123"
			if c.brand == BrandAmex {
				cvc = "1234"
			}
			checkValidateCard(t, CardInput{Number: c.number, ExpMonth: 12, ExpYear: 2034, CVC: cvc}, cardNow, c.number, c.brand, nil)
		})
	}
}

func TestValidateCardNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		number    string
		want      string
		wantBrand CardBrand
		wantErr   *Error
	}{
		{"spaces", "4242 4242 4242 4242", "4242424242424242", BrandVisa, nil},
		{"dashes", "3782-822463-10005", "378282246310005", BrandAmex, nil},
		{"spaces and dashes", " 4242-4242 4242-4242 ", "4242424242424242", BrandVisa, nil},
		{"Luhn fails", "4242424242424241", "", "", cardErrIncorrectNumber},
		{"Luhn fails amex", "378282246310006", "", "", cardErrIncorrectNumber},
		{"empty", "", "", "", cardErrInvalidNumber},
		{"only spaces", "   ", "", "", cardErrInvalidNumber},
		{"letters", "4242424242424a42", "", "", cardErrInvalidNumber},
		{"tab", "4242\t4242424242424242", "", "", cardErrInvalidNumber},
		{"dot", "4242.4242.4242.4242", "", "", cardErrInvalidNumber},
		{"fullwidth digits", "４２４２４２４２４２４２４２４２", "", "", cardErrInvalidNumber},
		{"too short", "424242424242", "", "", cardErrInvalidNumber},
		{"too long", "42424242424242424242", "", "", cardErrInvalidNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkValidateCard(t, CardInput{Number: tt.number, ExpMonth: 1, ExpYear: 2030}, cardNow, tt.want, tt.wantBrand, tt.wantErr)
		})
	}
}

// TestValidateCardLength checks every brand's lengths with Luhn-valid
// numbers, so that only the length can be at fault.
func TestValidateCardLength(t *testing.T) {
	t.Parallel()
	brands := []struct {
		prefix string
		brand  CardBrand
		valid  []int
	}{
		{"4", BrandVisa, []int{13, 16, 19}},
		{"51", BrandMastercard, []int{16}},
		{"2221", BrandMastercard, []int{16}},
		{"34", BrandAmex, []int{15}},
		{"6011", BrandDiscover, []int{16, 17, 18, 19}},
		{"65", BrandDiscover, []int{16, 17, 18, 19}},
		{"300", BrandDiners, []int{14, 15, 16, 17, 18, 19}},
		{"36", BrandDiners, []int{14, 15, 16, 17, 18, 19}},
		{"3528", BrandJCB, []int{16, 17, 18, 19}},
		{"62", BrandUnionPay, []int{16, 17, 18, 19}},
		{"81", BrandUnionPay, []int{16, 17, 18, 19}},
		{"9", BrandUnknown, []int{12, 13, 14, 15, 16, 17, 18, 19}},
	}
	for _, b := range brands {
		for n := 10; n <= 21; n++ {
			t.Run(fmt.Sprintf("%s/%d", b.prefix, n), func(t *testing.T) {
				t.Parallel()
				pan := mustLuhn(t, b.prefix, n)
				valid := false
				for _, v := range b.valid {
					valid = valid || v == n
				}
				if !valid {
					checkValidateCard(t, CardInput{Number: pan, ExpMonth: 1, ExpYear: 2030}, cardNow, "", "", cardErrInvalidNumber)
					return
				}
				checkValidateCard(t, CardInput{Number: pan, ExpMonth: 1, ExpYear: 2030}, cardNow, pan, b.brand, nil)
			})
		}
	}
}

func TestValidateCardExpiry(t *testing.T) {
	t.Parallel()
	const visa = "4242424242424242"
	tests := []struct {
		name    string
		month   int
		year    int
		at      time.Time
		wantErr *Error
	}{
		{"this month", 5, 2026, cardNow, nil},
		{"next month", 6, 2026, cardNow, nil},
		{"last month", 4, 2026, cardNow, cardErrExpired},
		{"January this year", 1, 2026, cardNow, cardErrExpired},
		{"December last year", 12, 2025, cardNow, cardErrExpired},
		{"long ago", 12, 1999, cardNow, cardErrExpired},
		{"four-digit year 1000", 1, 1000, cardNow, cardErrExpired},
		{"next year", 1, 2027, cardNow, nil},
		{"first moment of the month", 5, 2026, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), nil},
		{"last moment of the month", 5, 2026, time.Date(2026, 5, 31, 23, 59, 59, 999999999, time.UTC), nil},
		{"first moment after the month", 5, 2026, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), cardErrExpired},

		// December → January rollover.
		{"December on 31 December", 12, 2026, time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), nil},
		{"December on 1 January", 12, 2026, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), cardErrExpired},
		{"January on 1 January", 1, 2027, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), nil},
		{"January on 31 December", 1, 2027, time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), nil},

		// The comparison is in UTC, whatever zone now is in.
		{"still December in UTC", 12, 2026, time.Date(2027, 1, 1, 1, 0, 0, 0, time.FixedZone("EET", 2*3600)), nil},
		{"already January in UTC", 12, 2026, time.Date(2026, 12, 31, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)), cardErrExpired},

		{"month 0", 0, 2030, cardNow, cardErrExpMonth},
		{"month 13", 13, 2030, cardNow, cardErrExpMonth},
		{"month -1", -1, 2030, cardNow, cardErrExpMonth},
		{"month 1", 1, 2030, cardNow, nil},
		{"month 12", 12, 2030, cardNow, nil},
		{"bad month beats past year", 13, 2020, cardNow, cardErrExpMonth},

		{"two-digit year", 12, 30, cardNow, cardErrExpYear},
		{"year 99", 12, 99, cardNow, cardErrExpYear},
		{"year 0", 12, 0, cardNow, cardErrExpYear},
		{"negative year", 12, -2030, cardNow, cardErrExpYear},
		{"three-digit year", 12, 999, cardNow, cardErrExpYear},
		{"50 years ahead", 12, 2076, cardNow, nil},
		{"51 years ahead", 1, 2077, cardNow, cardErrExpYear},
		{"five-digit year", 1, 20300, cardNow, cardErrExpYear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := CardInput{Number: visa, ExpMonth: tt.month, ExpYear: tt.year, CVC: "123"}
			checkValidateCard(t, in, tt.at, visa, BrandVisa, tt.wantErr)
		})
	}
}

func TestValidateCardCVC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		number  string
		brand   CardBrand
		cvc     string
		wantErr *Error
	}{
		{"378282246310005", BrandAmex, "1234", nil},
		{"378282246310005", BrandAmex, "0000", nil},
		{"378282246310005", BrandAmex, "", nil},
		{"378282246310005", BrandAmex, "123", cardErrCVC},
		{"378282246310005", BrandAmex, "12345", cardErrCVC},
		{"378282246310005", BrandAmex, "12a4", cardErrCVC},
		{"4242424242424242", BrandVisa, "123", nil},
		{"4242424242424242", BrandVisa, "000", nil},
		{"4242424242424242", BrandVisa, "", nil},
		{"4242424242424242", BrandVisa, "1234", cardErrCVC},
		{"4242424242424242", BrandVisa, "12", cardErrCVC},
		{"4242424242424242", BrandVisa, "1", cardErrCVC},
		{"4242424242424242", BrandVisa, "12a", cardErrCVC},
		{"4242424242424242", BrandVisa, " 123", cardErrCVC},
		{"4242424242424242", BrandVisa, "123 ", cardErrCVC},
		{"4242424242424242", BrandVisa, "-12", cardErrCVC},
		{"4242424242424242", BrandVisa, "１２３", cardErrCVC},
		{"5555555555554444", BrandMastercard, "123", nil},
		{"5555555555554444", BrandMastercard, "1234", cardErrCVC},
		{"6011111111111117", BrandDiscover, "123", nil},
		{"6011111111111117", BrandDiscover, "1234", cardErrCVC},
		{"36227206271667", BrandDiners, "123", nil},
		{"36227206271667", BrandDiners, "1234", cardErrCVC},
		{"3566002020360505", BrandJCB, "123", nil},
		{"3566002020360505", BrandJCB, "1234", cardErrCVC},
		{"6200000000000005", BrandUnionPay, "123", nil},
		{"6200000000000005", BrandUnionPay, "1234", cardErrCVC},
		{"9000000000001", BrandUnknown, "123", nil},
		{"9000000000001", BrandUnknown, "1234", cardErrCVC},
	}
	for _, tt := range tests {
		t.Run(tt.number+"/"+tt.cvc, func(t *testing.T) {
			t.Parallel()
			in := CardInput{Number: tt.number, ExpMonth: 12, ExpYear: 2030, CVC: tt.cvc}
			checkValidateCard(t, in, cardNow, tt.number, tt.brand, tt.wantErr)
		})
	}
}

// TestValidateCardOrder checks which error wins when several fields are bad:
// malformed fields first, in form order, and expiry last.
func TestValidateCardOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      CardInput
		wantErr *Error
	}{
		{"number before month", CardInput{Number: "4242424242424241", ExpMonth: 13, ExpYear: 30, CVC: "x"}, cardErrIncorrectNumber},
		{"month before year", CardInput{Number: "4242424242424242", ExpMonth: 13, ExpYear: 30, CVC: "x"}, cardErrExpMonth},
		{"year before CVC", CardInput{Number: "4242424242424242", ExpMonth: 1, ExpYear: 30, CVC: "x"}, cardErrExpYear},
		{"CVC before expiry", CardInput{Number: "4242424242424242", ExpMonth: 1, ExpYear: 2020, CVC: "x"}, cardErrCVC},
		{"expiry last", CardInput{Number: "4242424242424242", ExpMonth: 1, ExpYear: 2020, CVC: "123"}, cardErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := ValidateCard(tt.in, cardNow)
			if e, ok := err.(*Error); !ok || *e != *tt.wantErr {
				t.Errorf("ValidateCard(%+v) error = %v; want %v", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestCardInputStringMasks(t *testing.T) {
	t.Parallel()
	in := CardInput{Number: "4242 4242 4242 4242", ExpMonth: 3, ExpYear: 2030, CVC: "987"}
	const want = "card ending 4242, expiring 03/2030, CVC ***"
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		got := fmt.Sprintf(verb, in)
		if got != want {
			t.Errorf("Sprintf(%q) = %q; want %q", verb, got, want)
		}
		if strings.Contains(got, "987") || strings.Contains(got, "4242424242424242") || strings.Contains(got, "4242 4242") {
			t.Errorf("Sprintf(%q) = %q leaks card data", verb, got)
		}
	}
	if got := (CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2030}).String(); got != "card ending 4242, expiring 12/2030" {
		t.Errorf("String without CVC = %q", got)
	}
}

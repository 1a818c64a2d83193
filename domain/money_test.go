package domain

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"testing"

	"github.com/bojanz/currency"
)

var (
	moneyUSD = Currency{Code: "USD", Exponent: 2}
	moneyJPY = Currency{Code: "JPY", Exponent: 0}
	moneyBHD = Currency{Code: "BHD", Exponent: 3}
	moneyCLF = Currency{Code: "CLF", Exponent: 4}
)

func TestLookupCurrency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   string
		want   Currency
		wantOK bool
	}{
		// Exponents that differ from the common 2, and some that do not; an
		// upgrade of the table that changes any of them must be looked at.
		{"JPY", Currency{"JPY", 0}, true},
		{"KRW", Currency{"KRW", 0}, true},
		{"VND", Currency{"VND", 0}, true},
		{"ISK", Currency{"ISK", 0}, true},
		{"CLP", Currency{"CLP", 0}, true},
		{"XAF", Currency{"XAF", 0}, true},
		{"XOF", Currency{"XOF", 0}, true},
		{"PYG", Currency{"PYG", 0}, true},
		{"UGX", Currency{"UGX", 0}, true},
		{"USD", Currency{"USD", 2}, true},
		{"EUR", Currency{"EUR", 2}, true},
		{"GBP", Currency{"GBP", 2}, true},
		{"ZAR", Currency{"ZAR", 2}, true},
		{"BHD", Currency{"BHD", 3}, true},
		{"KWD", Currency{"KWD", 3}, true},
		{"JOD", Currency{"JOD", 3}, true},
		{"OMR", Currency{"OMR", 3}, true},
		{"TND", Currency{"TND", 3}, true},
		{"LYD", Currency{"LYD", 3}, true},
		{"IQD", Currency{"IQD", 3}, true},
		{"CLF", Currency{"CLF", 4}, true},
		{"UYW", Currency{"UYW", 4}, true},
		// Codes where CLDR (golang.org/x/text/currency) disagrees with ISO.
		{"IDR", Currency{"IDR", 2}, true},
		{"COP", Currency{"COP", 2}, true},
		{"HUF", Currency{"HUF", 2}, true},
		{"TWD", Currency{"TWD", 2}, true},
		{"PKR", Currency{"PKR", 2}, true},
		// Recent codes.
		{"VES", Currency{"VES", 2}, true},
		{"VED", Currency{"VED", 2}, true},
		{"SLE", Currency{"SLE", 2}, true},
		{"XCG", Currency{"XCG", 2}, true},
		{"ZWG", Currency{"ZWG", 2}, true},

		// Any letter case.
		{"usd", Currency{"USD", 2}, true},
		{"Jpy", Currency{"JPY", 0}, true},
		{"bHd", Currency{"BHD", 3}, true},

		// Not payable.
		{"XXX", Currency{}, false},
		{"xts", Currency{}, false},
		{"XAU", Currency{}, false},
		{"XAG", Currency{}, false},
		{"XPT", Currency{}, false},
		{"XPD", Currency{}, false},
		{"XDR", Currency{}, false},
		{"XSU", Currency{}, false},
		{"XUA", Currency{}, false},
		{"XBA", Currency{}, false},
		{"XAD", Currency{}, false},

		// Withdrawn or never ISO.
		{"HRK", Currency{}, false},
		{"VEF", Currency{}, false},
		{"LTL", Currency{}, false},
		{"MRO", Currency{}, false},
		{"BYR", Currency{}, false},
		{"GGP", Currency{}, false},
		{"BTC", Currency{}, false},
		{"ABC", Currency{}, false},

		// Malformed.
		{"", Currency{}, false},
		{"US", Currency{}, false},
		{"USDD", Currency{}, false},
		{" USD", Currency{}, false},
		{"USD ", Currency{}, false},
		{"U D", Currency{}, false},
		{"U$D", Currency{}, false},
		{"US1", Currency{}, false},
		{"US\x00", Currency{}, false},
		{"ÜSD", Currency{}, false},
		{"\u0131sk", Currency{}, false}, // dotless i, which strings.ToUpper maps to I
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			got, ok := LookupCurrency(tt.code)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("LookupCurrency(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestLookupCurrencyWholeTable checks every code the library knows, so that a
// library upgrade cannot bring in a code PaySmart cannot handle.
func TestLookupCurrencyWholeTable(t *testing.T) {
	t.Parallel()
	codes := currency.GetCurrencyCodes()
	if len(codes) < 150 {
		t.Fatalf("the library knows only %d currencies; ISO 4217 has about 160", len(codes))
	}
	for _, code := range codes {
		got, ok := LookupCurrency(code)
		if notPayable[code] {
			if ok {
				t.Errorf("LookupCurrency(%q) = %+v, true; want it rejected as not payable", code, got)
			}
			continue
		}
		if !ok {
			t.Errorf("LookupCurrency(%q) = false; want the library's currency", code)
			continue
		}
		if got.Code != code || got.Exponent < 0 || got.Exponent > 4 {
			t.Errorf("LookupCurrency(%q) = %+v; want an upper-case code and an ISO exponent of 0 to 4", code, got)
		}
	}
}

func TestParseMajor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		s       string
		cur     Currency
		want    int64
		wantErr error
	}{
		{"cents", "1500.12", moneyUSD, 150012, nil},
		{"whole", "3", moneyUSD, 300, nil},
		{"half", "0.5", moneyUSD, 50, nil},
		{"one decimal", "1500.1", moneyUSD, 150010, nil},
		{"trailing zero beyond exponent", "1500.120", moneyUSD, 150012, nil},
		{"many trailing zeros", "1.5000000000000000000000000", moneyUSD, 150, nil},
		{"zero", "0", moneyUSD, 0, nil},
		{"zero with decimals", "0.00", moneyUSD, 0, nil},
		{"one cent", "0.01", moneyUSD, 1, nil},
		{"leading zeros", "007.50", moneyUSD, 750, nil},
		{"many leading zeros", "000000000000000000000000000001", moneyUSD, 100, nil},
		{"JPY whole", "5", moneyJPY, 5, nil},
		{"JPY zero decimal", "5.0", moneyJPY, 5, nil},
		{"JPY zero decimals", "1500.000", moneyJPY, 1500, nil},
		{"BHD", "1.234", moneyBHD, 1234, nil},
		{"BHD short", "1.2", moneyBHD, 1200, nil},
		{"CLF", "0.0001", moneyCLF, 1, nil},
		{"max USD", "999999999.99", moneyUSD, MaxMinorAmount, nil},
		{"max JPY", "99999999999", moneyJPY, MaxMinorAmount, nil},
		{"max BHD", "99999999.999", moneyBHD, MaxMinorAmount, nil},
		{"max USD trailing zeros", "999999999.990", moneyUSD, MaxMinorAmount, nil},

		{"too large USD", "1000000000", moneyUSD, 0, ErrAmountTooLarge},
		{"just too large USD", "1000000000.00", moneyUSD, 0, ErrAmountTooLarge},
		{"too large JPY", "100000000000", moneyJPY, 0, ErrAmountTooLarge},
		{"too large BHD", "100000000", moneyBHD, 0, ErrAmountTooLarge},
		{"int64 overflow", "9223372036854775808", moneyUSD, 0, ErrAmountTooLarge},
		{"huge", "100000000000000000000000000000000000000000", moneyUSD, 0, ErrAmountTooLarge},

		{"three decimals USD", "1.005", moneyUSD, 0, ErrAmountPrecision},
		{"nonzero after zeros", "1.0001", moneyUSD, 0, ErrAmountPrecision},
		{"decimal JPY", "1.5", moneyJPY, 0, ErrAmountPrecision},
		{"four decimals BHD", "1.2345", moneyBHD, 0, ErrAmountPrecision},

		{"empty", "", moneyUSD, 0, ErrAmountSyntax},
		{"negative", "-1.00", moneyUSD, 0, ErrAmountSyntax},
		{"negative zero", "-0", moneyUSD, 0, ErrAmountSyntax},
		{"plus", "+1.00", moneyUSD, 0, ErrAmountSyntax},
		{"NaN", "NaN", moneyUSD, 0, ErrAmountSyntax},
		{"nan", "nan", moneyUSD, 0, ErrAmountSyntax},
		{"Inf", "Inf", moneyUSD, 0, ErrAmountSyntax},
		{"Infinity", "+Infinity", moneyUSD, 0, ErrAmountSyntax},
		{"exponent", "1e3", moneyUSD, 0, ErrAmountSyntax},
		{"upper exponent", "1E3", moneyUSD, 0, ErrAmountSyntax},
		{"decimal exponent", "1.5e2", moneyUSD, 0, ErrAmountSyntax},
		{"leading space", " 1.00", moneyUSD, 0, ErrAmountSyntax},
		{"trailing space", "1.00 ", moneyUSD, 0, ErrAmountSyntax},
		{"trailing newline", "1.00\n", moneyUSD, 0, ErrAmountSyntax},
		{"inner space", "1 000", moneyUSD, 0, ErrAmountSyntax},
		{"comma decimal", "1,50", moneyUSD, 0, ErrAmountSyntax},
		{"thousands comma", "1,000.00", moneyUSD, 0, ErrAmountSyntax},
		{"underscore", "1_000", moneyUSD, 0, ErrAmountSyntax},
		{"hex", "0x10", moneyUSD, 0, ErrAmountSyntax},
		{"bare dot", ".", moneyUSD, 0, ErrAmountSyntax},
		{"no integer part", ".5", moneyUSD, 0, ErrAmountSyntax},
		{"no fraction part", "5.", moneyUSD, 0, ErrAmountSyntax},
		{"two dots", "1.2.3", moneyUSD, 0, ErrAmountSyntax},
		{"letters", "ten", moneyUSD, 0, ErrAmountSyntax},
		{"currency suffix", "10 USD", moneyUSD, 0, ErrAmountSyntax},
		{"dollar sign", "$10", moneyUSD, 0, ErrAmountSyntax},
		{"Arabic-Indic digits", "١٠", moneyUSD, 0, ErrAmountSyntax},
		{"fullwidth digits", "１０", moneyUSD, 0, ErrAmountSyntax},
		{"NUL", "1\x00", moneyUSD, 0, ErrAmountSyntax},
		{"syntax beats precision", "1.005x", moneyUSD, 0, ErrAmountSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMajor(tt.s, tt.cur)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || got != 0 {
					t.Errorf("ParseMajor(%q, %s) = %d, %v; want 0, %v", tt.s, tt.cur.Code, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseMajor(%q, %s) = %d, %v; want %d, nil", tt.s, tt.cur.Code, got, err, tt.want)
			}
		})
	}
}

func TestParseMajorErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		cur  Currency
		want string
	}{
		{"1.005", moneyUSD, "amount has more decimal places than the currency allows: USD allows at most 2"},
		{"1.5", moneyJPY, "amount has more decimal places than the currency allows: JPY has no minor unit"},
		{"1000000000", moneyUSD, "amount is too large: the maximum is 999999999.99 USD"},
		{"1e3", moneyUSD, ErrAmountSyntax.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			t.Parallel()
			_, err := ParseMajor(tt.s, tt.cur)
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseMajor(%q, %s) error = %v; want %q", tt.s, tt.cur.Code, err, tt.want)
			}
		})
	}
}

func TestParseMajorBadExponent(t *testing.T) {
	t.Parallel()
	for _, exp := range []int{-1, maxExponent + 1, math.MaxInt} {
		if got, err := ParseMajor("1", Currency{Code: "BAD", Exponent: exp}); err == nil {
			t.Errorf("ParseMajor with exponent %d = %d, nil; want an error", exp, got)
		}
	}
}

func TestFormatMajor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		minor    int64
		cur      Currency
		want     string
		wantTrim string
	}{
		{150012, moneyUSD, "1500.12", "1500.12"},
		{150010, moneyUSD, "1500.10", "1500.1"},
		{150000, moneyUSD, "1500.00", "1500"},
		{300, moneyUSD, "3.00", "3"},
		{100, moneyUSD, "1.00", "1"},
		{50, moneyUSD, "0.50", "0.5"},
		{5, moneyUSD, "0.05", "0.05"},
		{0, moneyUSD, "0.00", "0"},
		{-1, moneyUSD, "-0.01", "-0.01"},
		{-150, moneyUSD, "-1.50", "-1.5"},
		{-100, moneyUSD, "-1.00", "-1"},
		{MaxMinorAmount, moneyUSD, "999999999.99", "999999999.99"},
		{5, moneyJPY, "5", "5"},
		{0, moneyJPY, "0", "0"},
		{1500, moneyJPY, "1500", "1500"},
		{-5, moneyJPY, "-5", "-5"},
		{1234, moneyBHD, "1.234", "1.234"},
		{1200, moneyBHD, "1.200", "1.2"},
		{1, moneyBHD, "0.001", "0.001"},
		{1, moneyCLF, "0.0001", "0.0001"},
		{10000, moneyCLF, "1.0000", "1"},
		{math.MaxInt64, moneyUSD, "92233720368547758.07", "92233720368547758.07"},
		{math.MinInt64, moneyUSD, "-92233720368547758.08", "-92233720368547758.08"},
		{math.MinInt64, moneyJPY, "-9223372036854775808", "-9223372036854775808"},
		{7, Currency{Code: "BAD", Exponent: -1}, "7", "7"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := FormatMajor(tt.minor, tt.cur); got != tt.want {
				t.Errorf("FormatMajor(%d, %s) = %q; want %q", tt.minor, tt.cur.Code, got, tt.want)
			}
			if got := FormatMajorTrim(tt.minor, tt.cur); got != tt.wantTrim {
				t.Errorf("FormatMajorTrim(%d, %s) = %q; want %q", tt.minor, tt.cur.Code, got, tt.wantTrim)
			}
		})
	}
}

// TestRoundTrip checks both wire forms read back to the same amount in every
// currency LookupCurrency returns.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	amounts := []int64{0, 1, 5, 10, 99, 100, 101, 999, 1000, 1001, 123456, 150010, 10_000_000, MaxMinorAmount - 1, MaxMinorAmount}
	for _, code := range currency.GetCurrencyCodes() {
		cur, ok := LookupCurrency(code)
		if !ok {
			continue
		}
		for _, minor := range amounts {
			for _, s := range []string{FormatMajor(minor, cur), FormatMajorTrim(minor, cur)} {
				got, err := ParseMajor(s, cur)
				if err != nil || got != minor {
					t.Errorf("ParseMajor(%q, %s) = %d, %v; want %d", s, code, got, err, minor)
				}
			}
		}
	}
}

// amountGrammar is the grammar ParseMajor documents, used as an independent
// oracle by the fuzz test.
var amountGrammar = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// FuzzParseMajor checks ParseMajor against math/big on arbitrary strings
// and that FormatMajor output always parses back to the same amount.
func FuzzParseMajor(f *testing.F) {
	seeds := []struct {
		s     string
		minor int64
		exp   uint8
	}{
		{"1500.12", 150012, 2},
		{"3", 300, 2},
		{"0.5", 50, 2},
		{"1500.120", 0, 2},
		{"1.005", 1, 2},
		{"1.5", 5, 0},
		{"1.234", 1234, 3},
		{"0.0001", 1, 4},
		{"999999999.99", MaxMinorAmount, 2},
		{"1000000000", MaxMinorAmount + 1, 2},
		{"9223372036854775808", math.MaxInt64, 0},
		{"-1", -1, 2},
		{"+1", math.MinInt64, 2},
		{"1e3", 1000, 2},
		{"NaN", 0, 2},
		{"Inf", 0, 2},
		{" 1", 0, 2},
		{".5", 0, 2},
		{"5.", 0, 2},
		{"", 0, 2},
		{"00000000000000000000000.10", 10, 2},
	}
	for _, s := range seeds {
		f.Add(s.s, s.minor, s.exp)
	}
	f.Fuzz(func(t *testing.T, s string, minor int64, exp uint8) {
		cur := Currency{Code: "TST", Exponent: int(exp % 5)}

		// Any string: never panic, and agree with an exact rational reading.
		got, err := ParseMajor(s, cur)
		want, wantOK := oracleParseMajor(s, cur)
		switch {
		case wantOK && (err != nil || got != want):
			t.Fatalf("ParseMajor(%q, exp %d) = %d, %v; want %d", s, cur.Exponent, got, err, want)
		case !wantOK && err == nil:
			t.Fatalf("ParseMajor(%q, exp %d) = %d, nil; want an error", s, cur.Exponent, got)
		}
		if err == nil {
			if back := FormatMajor(got, cur); mustParseMajor(t, back, cur) != got {
				t.Fatalf("ParseMajor(FormatMajor(%d)) via %q does not round-trip", got, back)
			}
		}

		// Any amount in range: both formats parse back to it.
		if minor < 0 {
			minor = -(minor + 1) // maps MinInt64 too
		}
		minor %= MaxMinorAmount + 1
		for _, s := range []string{FormatMajor(minor, cur), FormatMajorTrim(minor, cur)} {
			if back := mustParseMajor(t, s, cur); back != minor {
				t.Fatalf("ParseMajor(%q, exp %d) = %d; want %d", s, cur.Exponent, back, minor)
			}
		}
	})
}

// oracleParseMajor reads s the slow, obviously right way: the documented grammar,
// then exact rational arithmetic.
func oracleParseMajor(s string, cur Currency) (int64, bool) {
	if !amountGrammar.MatchString(s) {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur.Exponent)), nil)
	r.Mul(r, new(big.Rat).SetInt(scale))
	if !r.IsInt() || r.Num().Cmp(big.NewInt(MaxMinorAmount)) > 0 {
		return 0, false
	}
	return r.Num().Int64(), true
}

func mustParseMajor(t *testing.T, s string, cur Currency) int64 {
	t.Helper()
	v, err := ParseMajor(s, cur)
	if err != nil {
		t.Fatalf("ParseMajor(%q, exp %d): %v", s, cur.Exponent, err)
	}
	return v
}

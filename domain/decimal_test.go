package domain

import "testing"

func TestParseFixed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		exp  int
		want int64
		ok   bool
	}{
		{"1", 2, 100, true},
		{"1.5", 2, 150, true},
		{"1.50", 2, 150, true},
		{"1.500", 2, 150, true},
		{" 2.25 ", 2, 225, true},
		{"0", 2, 0, true},
		{"0.01", 2, 1, true},
		{"1500.12", 2, 150012, true},
		{"999999999.99", 2, 99_999_999_999, true},
		{"1000000000", 2, 0, false},
		{"1.005", 2, 0, false},
		{"-1", 2, 0, false},
		{"+1", 2, 0, false},
		{"1e2", 2, 0, false},
		{"NaN", 2, 0, false},
		{".5", 2, 0, false},
		{"1.", 2, 0, false},
		{"", 2, 0, false},
		{"1,5", 2, 0, false},
		{"7.5", 4, 75000, true},
		{"0.0001", 4, 1, true},
		{"7.12345", 4, 0, false},
	}
	for _, tt := range tests {
		got, err := parseFixed(tt.in, "x", tt.exp)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseFixed(%q, %d) = %d, %v; want %d, ok=%v", tt.in, tt.exp, got, err, tt.want, tt.ok)
		}
		if err != nil && (ErrorCode(err) != CodeInvalid || AsError(err).Param != "x") {
			t.Errorf("parseFixed(%q) error %v: want invalid x", tt.in, err)
		}
	}
}

func TestFormatCatalogAmounts(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		got, want string
	}{
		{FormatHundredths(100), "1.00"},
		{FormatHundredths(5), "0.05"},
		{FormatHundredths(150012), "1500.12"},
		{FormatHundredthsTrim(100), "1"},
		{FormatHundredthsTrim(150), "1.5"},
		{FormatHundredthsTrim(0), "0"},
		{FormatRate(75000), "7.5"},
		{FormatRate(1), "0.0001"},
		{FormatRate(1_000_000), "100"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

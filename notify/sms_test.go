package notify

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, text string
		enc        string
		segments   int
	}{
		{"empty", "", GSM7, 0},
		{"short", "Pay $15.00 at https://x.test/p/abc", GSM7, 1},
		{"160 gsm", strings.Repeat("a", 160), GSM7, 1},
		{"161 gsm", strings.Repeat("a", 161), GSM7, 2},
		{"306 gsm", strings.Repeat("a", 306), GSM7, 2},
		{"307 gsm", strings.Repeat("a", 307), GSM7, 3},
		{"euro counts twice", strings.Repeat("€", 80), GSM7, 1},
		{"euro over", strings.Repeat("€", 81), GSM7, 2},
		{"escape not split", strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152), GSM7, 3},
		{"accents in gsm", "Café à Zürich: ñ ü é", GSM7, 1},
		{"ucs2 70", strings.Repeat("ç", 70), UCS2, 1}, // ç is not in GSM-7 (only Ç is)
		{"ucs2 71", strings.Repeat("ç", 71), UCS2, 2},
		{"ucs2 134", strings.Repeat("ж", 134), UCS2, 2},
		{"ucs2 135", strings.Repeat("ж", 135), UCS2, 3},
		{"emoji are two units", strings.Repeat("😀", 35), UCS2, 1},
		{"emoji over", strings.Repeat("😀", 36), UCS2, 2},
		{"surrogate pair not split", strings.Repeat("a", 66) + "😀" + strings.Repeat("a", 66), UCS2, 3},
	} {
		enc, n := Segments(c.text)
		if enc != c.enc || n != c.segments {
			t.Errorf("%s: Segments = %s, %d; want %s, %d", c.name, enc, n, c.enc, c.segments)
		}
	}
}

func TestE164(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want, region string }{
		{"+1 (201) 555-0123", "+12015550123", "US"},
		{"+12345678901", "+12345678901", "US"},
		{"14165550199", "+14165550199", "CA"},
		{"+44 20 7946 0958", "+442079460958", "GB"},
		{"+33 6 12 34 56 78", "+33612345678", "FR"},
		{"+1234567890", "", ""}, // too short for the NANP
		{"+999 123", "", ""},
		{"hello", "", ""},
	} {
		got, region, err := E164(c.in)
		if got != c.want || region != c.region || (err != nil) != (c.want == "") {
			t.Errorf("E164(%q) = %q, %q, %v; want %q, %q", c.in, got, region, err, c.want, c.region)
		}
	}
}

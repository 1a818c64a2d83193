package domain

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseExpiry: any expiry_date text gives an instant in UTC that reads
// back the same, or an error; never a panic.
func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"2030-01-02 15:04", " 2030-01-02 15:04 ", "2030-01-02T15:04:05Z", "2030-01-02T15:04:05.999999999+14:00",
		"2030-01-02T15:04:05-23:59", "2030-02-30 10:00", "2030-01-02 24:00", "2030-01-02", "0000-01-01 00:00",
		"9999-12-31T23:59:59Z", "2030-01-02T15:04:05+24:00", "2030-01-02 15:04:05", "", "２０３０-01-02 15:04"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := parseExpiry(text)
		if err != nil {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("parseExpiry(%q) = %v, not in UTC", text, got)
		}
		again, err := parseExpiry(got.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(got) {
			t.Fatalf("parseExpiry(%q) = %v, which reads back as %v, %v", text, got, again, err)
		}
		if strings.TrimSpace(text) == "" {
			t.Fatalf("parseExpiry(%q) accepted a blank date: %v", text, got)
		}
	})
}

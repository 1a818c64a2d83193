package paysley

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParseHistoryDate: any start_date gives the day it names at midnight
// UTC, written back as the caller wrote it, or a 400 naming the field; never
// a panic.
func FuzzParseHistoryDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", " 2024-01-01 ", "2024-1-1", "2024-01-01T00:00:00Z", "0000-01-01",
		"9999-12-31", "10000-01-01", "-001-01-01", "２０２４-01-01", "", "2024-13-01", "2024-01-32", "2024/01/01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := historyDate("start_date", text)
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != 400 || ae.body.(e2Body).ErrorField != "start_date" {
				t.Fatalf("historyDate(%q): %#v; want a 400 naming start_date", text, err)
			}
			return
		}
		if got.Location() != time.UTC || got.Hour() != 0 || got.Minute() != 0 || got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("historyDate(%q) = %v; want midnight UTC", text, got)
		}
		if back := got.Format("2006-01-02"); back != strings.TrimSpace(text) {
			t.Fatalf("historyDate(%q) = %v, written back as %q", text, got, back)
		}
	})
}

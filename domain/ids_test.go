package domain

import (
	"regexp"
	"testing"
	"time"
)

func TestIDsAreOrderedInTimeAndStillRandom(t *testing.T) {
	hex := regexp.MustCompile(`^[0-9a-f]{32}$`)
	b62 := regexp.MustCompile(`^evt_[0-9A-Za-z]{24}$`)
	seen := map[string]bool{}
	prevHex, prevB62 := NewHexID(), NewID("evt")
	for range 3 {
		time.Sleep(2 * time.Millisecond) // the next millisecond: strictly later
		h, b := NewHexID(), NewID("evt")
		if !hex.MatchString(h) || !b62.MatchString(b) {
			t.Fatalf("ids %q and %q: want 32 hex characters and evt_ + 24 base62", h, b)
		}
		if h <= prevHex || b <= prevB62 {
			t.Errorf("an id made later sorts first: %q after %q, %q after %q", h, prevHex, b, prevB62)
		}
		prevHex, prevB62 = h, b
	}
	// Within one millisecond the random part alone tells ids apart.
	for range 10000 {
		for _, id := range []string{NewHexID(), NewID("evt")} {
			if seen[id] {
				t.Fatalf("id %q made twice", id)
			}
			seen[id] = true
		}
	}
}

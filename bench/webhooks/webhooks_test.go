package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestSmoke runs the benchmark briefly, as CI does: every delivery of every
// event reaches its endpoint exactly once with a valid signature, the
// database records each as a success with no job left, and the baseline
// posts the same bodies. It asserts no speed: that is the benchmark's to
// measure.
func TestSmoke(t *testing.T) {
	t.Parallel()
	o := options{events: 40, endpoints: 3, workers: 4, senders: 4, clients: 4, repeat: 1,
		postgres: os.Getenv("PAYSMART_TEST_POSTGRES")}
	results, err := run(context.Background(), o, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := 2 // SQLite and the baseline
	if o.postgres != "" {
		want = 3
	}
	if len(results) != want {
		t.Fatalf("%d results, want %d: %+v", len(results), want, results)
	}
	for _, r := range results {
		if r.want != o.events*o.endpoints || r.got != r.want || r.duplicates != 0 || r.badSignatures != 0 || r.perSecond <= 0 {
			t.Errorf("%s on %s: %d of %d received once, %d duplicates, %d bad signatures, %.0f/s",
				r.name, r.database, r.got, r.want, r.duplicates, r.badSignatures, r.perSecond)
		}
		if r.database != "—" && (r.recorded != r.want || r.jobsLeft != 0) {
			t.Errorf("%s on %s: %d successful attempts recorded, %d jobs left; want %d and 0",
				r.name, r.database, r.recorded, r.jobsLeft, r.want)
		}
	}
	var out bytes.Buffer
	report(&out, o, results)
	for _, s := range []string{"| paysmart (this tree) | SQLite |", "| baseline: Go client", "median deliveries/s"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("the report lacks %q:\n%s", s, out.String())
		}
	}
	t.Log("\n" + out.String())
}

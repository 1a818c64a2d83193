package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary be the echo baseline too, as run starts it.
func TestMain(m *testing.M) {
	if addr := os.Getenv(echoEnv); addr != "" {
		echo(addr)
		return
	}
	os.Exit(m.Run())
}

// TestSmoke runs the whole benchmark briefly, as CI does: every target
// starts, answers the load without a failure, and the report names the
// goal's ratios. It asserts no speed: that is the benchmark's to measure.
func TestSmoke(t *testing.T) {
	t.Parallel()
	o := options{clients: 2, duration: 300 * time.Millisecond, postgres: os.Getenv("PAYSMART_TEST_POSTGRES")}
	results, err := run(context.Background(), o, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := 4 // echo, stripe-mock, PaySmart and the store alone on SQLite
	if o.postgres != "" {
		want = 7 // and PaySmart, the store alone and pgbench on PostgreSQL
	}
	if len(results) != want {
		t.Fatalf("%d targets measured, want %d: %+v", len(results), want, results)
	}
	for _, r := range results {
		if r.requests == 0 || r.failures != 0 || r.perSecond <= 0 {
			t.Errorf("%s: %d answered, %d failed, %.0f/s", r.name, r.requests, r.failures, r.perSecond)
		}
	}
	var out bytes.Buffer
	report(&out, o, results)
	for _, s := range []string{"PaySmart on SQLite / stripe-mock", "PaySmart on SQLite / echo", "the store alone on SQLite / stripe-mock", "| stripe-mock POST /v1/payment_intents |"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("the report lacks %q:\n%s", s, out.String())
		}
	}
	t.Log("\n" + out.String())
}

package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestSmoke seeds a small database on each engine with bench/seed and runs
// the benchmark on it briefly, as CI does: every request of every target is
// answered 200 with the items it should hold, and every total_count is the
// number of history rows the seed reported. It asserts no speed.
func TestSmoke(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seedBin, paysmartBin := filepath.Join(dir, "seed"), filepath.Join(dir, "paysmart")
	for bin, pkg := range map[string]string{seedBin: "bench/seed", paysmartBin: "cmd/paysmart"} {
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/paysmart/paysmart/"+pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			out, err := exec.Command(seedBin, "-database", db, "-payments", "2000", "-days", "90").Output()
			if err != nil {
				t.Fatalf("seed: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`with (\d+) payments and (\d+) history rows`).FindSubmatch(out)
			if m == nil || string(m[1]) != "2000" {
				t.Fatalf("seed printed:\n%s", out)
			}
			history, _ := strconv.Atoi(string(m[2]))

			o := options{database: db, clients: 2, duration: 200 * time.Millisecond, paysmart: paysmartBin, vaultKey: strings.Repeat("ab", 32)}
			results, err := run(context.Background(), o, &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 8 {
				t.Fatalf("%d results, want 8: %+v", len(results), results)
			}
			for _, r := range results {
				if r.answered == 0 || r.failed != 0 {
					t.Errorf("%s: %d answered, %d failed (%s)", r.name, r.answered, r.failed, r.firstError)
				}
			}
			for _, r := range []result{results[0], results[1], results[2], results[7]} {
				if r.totalCount != history {
					t.Errorf("%s: total_count %d, want the %d history rows seeded", r.name, r.totalCount, history)
				}
			}
			var report_ bytes.Buffer
			report(&report_, o, results)
			if !strings.Contains(report_.String(), "| PaySmart GET /v2/payments?limit=100 | ") {
				t.Errorf("the report lacks the PaySmart list:\n%s", report_.String())
			}
			t.Log("\n" + report_.String())
		})
	}
}

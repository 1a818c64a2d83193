// Command seed fills a fresh PaySmart database with one merchant and many of
// its payments, for the list benchmark (bench/lists) and for trying the
// dashboard and the APIs at scale:
//
//	go run ./bench/seed -database sqlite:/tmp/big.db -payments 1000000
//
// It prints the merchant's test keys. The rows are the engine's own: the
// engine makes a few payments of each kind (succeeded, declined, authorised
// then captured, partly refunded) through the sandbox processor with its
// clock stopped, and seed copies what they wrote — payment, card, history,
// refund, events, the sandbox's ledger, the receipt e-mail (as sent, its
// job done and pruned) — with new ids, times spread over -days and
// customers' e-mail addresses, in batched INSERTs. Then it
// rebuilds the kept counts, runs ANALYZE (VACUUM ANALYZE on PostgreSQL, as
// autovacuum would after a bulk load) and, unless -verify=false, checks the
// result with "paysmart verify"'s audit.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/paysmart/paysmart/store"
)

func main() {
	var o options
	flag.StringVar(&o.database, "database", os.Getenv("PAYSMART_DATABASE_URL"), "the database to fill: sqlite:PATH or postgres://… (env PAYSMART_DATABASE_URL); it must hold no merchant yet")
	flag.IntVar(&o.payments, "payments", 1_000_000, "how many payments to write")
	flag.IntVar(&o.customers, "customers", 0, "how many distinct customer e-mail addresses the payments share (default payments/10)")
	flag.IntVar(&o.days, "days", 365, "the payments are spread evenly over this many days, up to an hour ago")
	flag.StringVar(&o.vaultKey, "vault-key", strings.Repeat("ab", 32), "the card vault key the server will run with (seals the cards' numbers)")
	flag.BoolVar(&o.verify, "verify", true, "check the database with paysmart verify's audit at the end")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "seed:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if o.database == "" {
		fmt.Fprintln(os.Stderr, "seed: -database is required")
		os.Exit(2)
	}
	res, err := seed(context.Background(), o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
	res.print(os.Stdout)
}

type options struct {
	database  string
	payments  int
	customers int
	days      int
	vaultKey  string
	verify    bool
}

// result is what was seeded.
type result struct {
	merchantID string
	keys       map[string]string
	payments   int // rows in payments
	history    int // rows in history
	took       time.Duration
}

// print writes the merchant and its keys as the server prints a new
// database's, which the list benchmark reads.
func (r result) print(w io.Writer) {
	fmt.Fprintf(w, "Seeded merchant %s with %d payments and %d history rows in %s. Its test keys:\n",
		r.merchantID, r.payments, r.history, r.took.Round(time.Second))
	for _, k := range []string{"sk_test", "pk_test", "py_test"} {
		fmt.Fprintf(w, "  %-8s %s\n", k, r.keys[k])
	}
}

// seed fills o.database, logging its progress to log.
func seed(ctx context.Context, o options, log io.Writer) (result, error) {
	start := time.Now()
	if o.payments < len(kinds) || o.days < 1 {
		return result{}, fmt.Errorf("-payments must be at least %d (a payment of each kind), -days at least 1", len(kinds))
	}
	if o.customers <= 0 {
		o.customers = max(1, o.payments/10)
	}
	s, err := store.Open(ctx, o.database)
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	var merchants int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM merchants`).Scan(&merchants); err != nil {
		return result{}, err
	}
	if merchants > 0 {
		return result{}, fmt.Errorf("the database holds %d merchants already: seed fills a fresh one", merchants)
	}
	e, err := newEngine(s, o.vaultKey)
	if err != nil {
		return result{}, err
	}
	fmt.Fprintln(log, "seed: the engine writes the templates")
	m, tables, templates, err := e.templates(ctx)
	if err != nil {
		return result{}, err
	}
	for _, t := range templates {
		var parts []string
		for _, tt := range t.tables {
			parts = append(parts, fmt.Sprintf("%s %d", tt.name, len(tt.rows)))
		}
		fmt.Fprintf(log, "seed: the engine's %s payment wrote %s\n", t.name, strings.Join(parts, ", "))
	}
	fmt.Fprintf(log, "seed: copying them into %d payments\n", o.payments)
	if err := fill(ctx, s, tables, templates, o, log); err != nil {
		return result{}, err
	}
	fmt.Fprintln(log, "seed: counting, analyzing")
	if err := s.Recount(ctx); err != nil {
		return result{}, err
	}
	analyze := `ANALYZE`
	if s.Flavor() == store.Postgres {
		analyze = `VACUUM (ANALYZE)`
	}
	if _, err := s.DB().ExecContext(ctx, analyze); err != nil {
		return result{}, fmt.Errorf("%s: %w", analyze, err)
	}
	res := result{merchantID: m.merchant.ID, keys: m.keys}
	if err := s.DB().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM history)`).
		Scan(&res.payments, &res.history); err != nil {
		return result{}, err
	}
	if o.verify {
		fmt.Fprintln(log, "seed: verifying")
		a, err := s.Verify(ctx, time.Now(), 15*time.Minute)
		if err != nil {
			return result{}, err
		}
		if len(a.Problems) > 0 {
			for _, p := range a.Problems[:min(len(a.Problems), 10)] {
				fmt.Fprintln(log, p)
			}
			return result{}, fmt.Errorf("verify: %s", a.Summary())
		}
		fmt.Fprintln(log, "seed:", a.Summary())
	}
	res.took = time.Since(start)
	return res, nil
}

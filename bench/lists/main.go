// Command lists measures PaySmart's list reads on a big database: it
// starts `paysmart serve` on a database filled by bench/seed and drives,
// one after the other, the Paysley payment history (numbered pages with
// total_count: the first, later ones, a keyword search, a date range) and
// PaySmart's GET /v2/payments?limit=100 (the first page and one deep in
// the list), each with the same closed-loop clients for a fixed time, and
// prints p50 and p99. Every answer is checked: status 200, and each
// total_count equal to the rows the database holds. Beside them it times
// the COUNT(*) a numbered page ran before the counts were kept (issue 17),
// straight against the database. The keyword search repeats one
// customer's fragment: on SQLite the server remembers how common its
// trigrams are after the first request (store/history.go), which a
// fragment searched for the first time pays for once (tens of ms).
//
//	go run ./bench/seed -database sqlite:/tmp/big.db -payments 1000000
//	go run ./bench/lists -database sqlite:/tmp/big.db
//
// -before OLDBIN measures an older build's server the same way, on the same
// database, and prints its figures beside.
//
// Like bench, it reports and never judges (docs/performance.md).
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paysmart/paysmart/bench/internal/proc"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
)

func main() {
	var o options
	flag.StringVar(&o.database, "database", os.Getenv("PAYSMART_DATABASE_URL"), "a database filled by bench/seed: sqlite:PATH or postgres://… (env PAYSMART_DATABASE_URL)")
	flag.IntVar(&o.clients, "clients", 4, "concurrent clients")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long each request is driven")
	flag.StringVar(&o.paysmart, "paysmart", "", "a paysmart binary to serve with (default: built from this tree)")
	flag.StringVar(&o.before, "before", "", "another paysmart binary (an older build) to measure the same way, for comparison")
	flag.StringVar(&o.vaultKey, "vault-key", strings.Repeat("ab", 32), "the card vault key the database was seeded with")
	flag.Parse()
	if o.database == "" {
		fmt.Fprintln(os.Stderr, "lists: -database is required")
		os.Exit(2)
	}
	results, err := run(context.Background(), o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lists:", err)
		os.Exit(1)
	}
	report(os.Stdout, o, results)
}

type options struct {
	database string
	clients  int
	duration time.Duration
	paysmart string
	before   string
	vaultKey string
}

// result is one request's figures.
type result struct {
	name       string
	answered   int // status 200 with the expected total_count and items
	failed     int // anything else
	p50, p99   time.Duration
	totalCount int // the total_count every answer gave; -1 when the list shows none
	firstError string
	before     *result // the same request served by -before
}

// target is one request to drive and what its answers must say.
type target struct {
	name  string
	path  string
	key   string
	total int // the total_count expected; -1: none (a cursor list)
	items int // the items expected on the page
}

// run prepares the database, starts the server, drives every target, and
// times the old COUNT(*).
func run(ctx context.Context, o options, log io.Writer) ([]result, error) {
	db, err := inspect(ctx, o.database)
	if err != nil {
		return nil, err
	}
	bin := o.paysmart
	if bin == "" {
		dir, err := os.MkdirTemp("", "paysmart-lists-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "paysmart")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/paysmart/paysmart/cmd/paysmart").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	fmt.Fprintf(log, "lists: merchant %s: %d payments, %d history rows\n", db.merchant, db.payments, db.history)
	targets := db.targets()
	results, err := serveAndDrive(ctx, o, bin, targets, log)
	if err != nil {
		return nil, err
	}
	if o.before != "" {
		before, err := serveAndDrive(ctx, o, o.before, targets, log)
		if err != nil {
			return nil, fmt.Errorf("-before: %w", err)
		}
		for i := range results {
			results[i].before = &before[i]
		}
	}
	fmt.Fprintln(log, "lists: the COUNT(*) of a page before the counts were kept")
	r, err := driveCount(ctx, o, db)
	if err != nil {
		return nil, err
	}
	return append(results, r), nil
}

// serveAndDrive starts bin's server on the database and drives every target.
func serveAndDrive(ctx context.Context, o options, bin string, targets []target, log io.Writer) ([]result, error) {
	fmt.Fprintln(log, "lists: starting", bin, "serve")
	srv, err := proc.Start(ctx, proc.Paysmart, nil, bin, "serve", "--addr", "127.0.0.1:0", "--database", o.database, "--vault-key", o.vaultKey,
		"--log-level", "error", "--rate-limit-test", "0", "--rate-limit-ip", "0")
	if err != nil {
		return nil, err
	}
	defer srv.Kill()
	var results []result
	for _, t := range targets {
		fmt.Fprintln(log, "lists:", t.name)
		drive(o, srv.Base, t, 2*o.clients) // warm the caches and the connections
		results = append(results, drive(o, srv.Base, t, 0))
	}
	return results, nil
}

// targets are the requests the benchmark drives, with the answers the
// database says they must give.
func (db seeded) targets() []target {
	limit := 10 // Paysley's default page
	pages := (db.history + limit - 1) / limit
	later := min(pages, 100)
	return []target{
		{"Paysley history, page 1", "/v2/payments?page=1&limit=10", db.py, db.history, min(limit, db.history)},
		{fmt.Sprintf("Paysley history, page %d", later), fmt.Sprintf("/v2/payments?page=%d&limit=10", later), db.py, db.history,
			min(limit, db.history-(later-1)*limit)},
		{fmt.Sprintf("Paysley history, page %d (the middle)", max(1, pages/2)), fmt.Sprintf("/v2/payments?page=%d&limit=10", max(1, pages/2)),
			db.py, db.history, min(limit, db.history-(max(1, pages/2)-1)*limit)},
		{fmt.Sprintf("Paysley history, keywords=%s", db.keyword), "/v2/payments?page=1&limit=10&keywords=" + url.QueryEscape(db.keyword),
			db.py, db.keywordRows, min(limit, db.keywordRows)},
		{fmt.Sprintf("Paysley history, %s to %s", db.from, db.to), "/v2/payments?page=1&limit=10&start_date=" + db.from + "&end_date=" + db.to,
			db.py, db.rangeRows, min(limit, db.rangeRows)},
		{"PaySmart GET /v2/payments?limit=100", "/v2/payments?limit=100", db.sk, -1, min(100, db.payments)},
		{"PaySmart GET /v2/payments?limit=100, from the middle", "/v2/payments?limit=100&starting_after=pay_" + db.middle, db.sk, -1,
			min(100, db.payments-db.payments/2-1)},
	}
}

// seeded is what the benchmark learns from the database before it serves it.
type seeded struct {
	merchant          string
	payments, history int
	sk, py            string // keys minted for the run
	keyword           string // a customer's e-mail fragment
	keywordRows       int
	from, to          string // a 30-day range (YYYY-MM-DD, both included)
	rangeRows         int
	middle            string // the id of the payment in the middle of the list
}

// inspect reads the merchant with the most payments and the expected
// answers from the database, and mints a secret and a Paysley test key
// for the run.
func inspect(ctx context.Context, dbURL string) (seeded, error) {
	var d seeded
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		return d, err
	}
	defer s.Close()
	q := s.DB()
	err = q.QueryRowContext(ctx, `SELECT merchant_id, COUNT(*) FROM payments WHERE livemode = $1
		GROUP BY merchant_id ORDER BY 2 DESC LIMIT 1`, false).Scan(&d.merchant, &d.payments)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errors.New("the database holds no test payments: fill it with bench/seed")
	}
	if err != nil {
		return d, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM history WHERE merchant_id = $1 AND livemode = $2`,
		d.merchant, false).Scan(&d.history); err != nil {
		return d, err
	}
	// A customer of the middle of the history; "customer4242@" matches
	// customer4242@… alone.
	var email string
	var created int64
	if err := q.QueryRowContext(ctx, `SELECT email, created FROM history WHERE merchant_id = $1 AND livemode = $2
		ORDER BY seq LIMIT 1 OFFSET $3`, d.merchant, false, d.history/2).Scan(&email, &created); err != nil {
		return d, err
	}
	if at := strings.IndexByte(email, '@'); at > 0 {
		d.keyword = email[:at+1]
	} else {
		d.keyword = email
	}
	pattern := "%" + strings.ToLower(d.keyword) + "%"
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM history WHERE merchant_id = $1 AND livemode = $2
		AND LOWER(email || ' ' || mobile || ' ' || reference_number) LIKE $3`, d.merchant, false, pattern).Scan(&d.keywordRows); err != nil {
		return d, err
	}
	from := time.UnixMilli(created).UTC().Truncate(24 * time.Hour)
	to := from.AddDate(0, 0, 29)
	d.from, d.to = from.Format("2006-01-02"), to.Format("2006-01-02")
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM history WHERE merchant_id = $1 AND livemode = $2
		AND created >= $3 AND created < $4`, d.merchant, false, from.UnixMilli(), to.AddDate(0, 0, 1).UnixMilli()).Scan(&d.rangeRows); err != nil {
		return d, err
	}
	if err := q.QueryRowContext(ctx, `SELECT id FROM payments WHERE merchant_id = $1 AND livemode = $2
		ORDER BY seq DESC LIMIT 1 OFFSET $3`, d.merchant, false, d.payments/2).Scan(&d.middle); err != nil {
		return d, err
	}
	e := domain.NewEngine(s, nil)
	for _, k := range []struct {
		kind domain.KeyKind
		dst  *string
	}{{domain.KeySecret, &d.sk}, {domain.KeyPaysley, &d.py}} {
		nk, err := e.CreateKey(ctx, d.merchant, k.kind, false)
		if err != nil {
			return d, err
		}
		*k.dst = nk.Secret
	}
	return d, nil
}

// drive sends t's request from o.clients clients for o.duration, or n
// requests in all when n > 0, each client sending its next request when
// its last is answered, and checks every answer.
func drive(o options, base string, t target, n int) result {
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.clients, MaxIdleConnsPerHost: o.clients, DisableCompression: true}}
	defer client.CloseIdleConnections()
	r := result{name: t.name, totalCount: t.total}
	var mu sync.Mutex
	var latencies []time.Duration
	deadline := time.Now().Add(o.duration)
	sent := 0
	more := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if n > 0 {
			sent++
			return sent <= n
		}
		return time.Now().Before(deadline)
	}
	var wg sync.WaitGroup
	for range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for more() {
				req, _ := http.NewRequest("GET", base+t.path, nil)
				req.Header.Set("Authorization", "Bearer "+t.key)
				began := time.Now()
				res, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(res.Body)
					res.Body.Close()
				}
				took := time.Since(began)
				if err == nil {
					err = check(t, res.StatusCode, body)
				}
				mu.Lock()
				if err != nil {
					r.failed++
					if r.firstError == "" {
						r.firstError = err.Error()
					}
				} else {
					latencies = append(latencies, took)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(latencies)
	r.answered = len(latencies)
	if k := len(latencies); k > 0 {
		r.p50, r.p99 = latencies[k/2], latencies[min(k-1, k*99/100)]
	}
	return r
}

// check reads an answer: 200, the expected total_count (Paysley), and
// the expected number of items.
func check(t target, status int, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", status, body)
	}
	var page struct {
		TotalCount *int              `json:"total_count"`
		Payments   []json.RawMessage `json:"payments"` // Paysley
		Data       []json.RawMessage `json:"data"`     // PaySmart
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	items := len(page.Payments) + len(page.Data)
	if t.total >= 0 && (page.TotalCount == nil || *page.TotalCount != t.total) {
		got := "none"
		if page.TotalCount != nil {
			got = strconv.Itoa(*page.TotalCount)
		}
		return fmt.Errorf("total_count %s, want %d", got, t.total)
	}
	if items != t.items {
		return fmt.Errorf("%d items, want %d", items, t.items)
	}
	return nil
}

// driveCount times, with the same clients, the statement every numbered
// page of the history ran for its total_count before the counts were kept.
func driveCount(ctx context.Context, o options, d seeded) (result, error) {
	s, err := store.Connect(o.database)
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	r := result{name: "(before) SELECT COUNT(*) of the history's numbered pages", totalCount: d.history}
	var mu sync.Mutex
	var latencies []time.Duration
	deadline := time.Now().Add(o.duration)
	var wg sync.WaitGroup
	for range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				began := time.Now()
				var n int
				err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM history WHERE merchant_id = $1 AND livemode = $2`,
					d.merchant, false).Scan(&n)
				took := time.Since(began)
				mu.Lock()
				if err != nil || n != d.history {
					r.failed++
					if r.firstError == "" {
						r.firstError = fmt.Sprintf("count %d, %v", n, err)
					}
				} else {
					latencies = append(latencies, took)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(latencies)
	r.answered = len(latencies)
	if k := len(latencies); k > 0 {
		r.p50, r.p99 = latencies[k/2], latencies[min(k-1, k*99/100)]
	}
	return r, nil
}

// report prints the table.
func report(w io.Writer, o options, results []result) {
	fmt.Fprintf(w, "%d clients, %s a request\n\n", o.clients, o.duration)
	compare := o.before != ""
	fmt.Fprintf(w, "| request | answered | failed | p50 | p99 |")
	if compare {
		fmt.Fprintf(w, " -before: p50 | p99 | failed |")
	}
	fmt.Fprintf(w, " total_count |\n|---|---|---|---|---|%s---|\n", strings.Repeat("---|", 3*btoi(compare)))
	lat := func(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
	for _, r := range results {
		total := "—"
		if r.totalCount >= 0 {
			total = strconv.Itoa(r.totalCount)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s |", r.name, r.answered, r.failed, lat(r.p50), lat(r.p99))
		if compare {
			if b := r.before; b != nil {
				fmt.Fprintf(w, " %s | %s | %d |", lat(b.p50), lat(b.p99), b.failed)
			} else {
				fmt.Fprintf(w, " | | |")
			}
		}
		fmt.Fprintf(w, " %s |\n", total)
	}
	for _, r := range results {
		for _, x := range []*result{&r, r.before} {
			if x != nil && x.firstError != "" {
				fmt.Fprintf(w, "\n%s: first failure: %s\n", r.name, x.firstError)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

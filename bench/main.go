// Command bench is PaySmart's load benchmark: in one run it starts each
// system under test as its own process on this machine — a bare net/http
// JSON echo (the HTTP+JSON ceiling), stripe-mock (Stripe's stateless API
// mock, creating PaymentIntents), `paysmart serve` on SQLite and, with
// PAYSMART_TEST_POSTGRES set, on PostgreSQL — drives each with the same
// closed-loop load (a number of clients, each sending its next request when
// the last is answered, for a fixed time), runs pgbench's TPC-B against the
// same PostgreSQL with the same client count, and prints every figure and
// the ratios the performance goals are stated in (docs/performance.md). It
// also runs the store's BenchmarkWriterCeiling: the same payments' rows
// written without HTTP or engine, the most this schema allows.
//
//	go run ./bench -clients 32 -duration 10s
//
// It reports; it never judges: the machines it runs on are noisy, so only
// the ratios of one run mean anything.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/paysmart/paysmart/bench/internal/proc"
)

func main() {
	if addr := os.Getenv(echoEnv); addr != "" { // the echo baseline, as a process of its own
		echo(addr)
		return
	}
	var o options
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients of every target")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long each target is driven")
	flag.StringVar(&o.postgres, "postgres", os.Getenv("PAYSMART_TEST_POSTGRES"), "a PostgreSQL URL (env PAYSMART_TEST_POSTGRES); empty: SQLite only")
	flag.Parse()
	results, err := run(context.Background(), o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	report(os.Stdout, o, results)
}

// echoEnv, when set, makes this program the echo baseline listening there:
// run starts it so, as a process of its own like every other target.
const echoEnv = "PAYSMART_BENCH_ECHO"

type options struct {
	clients  int
	duration time.Duration
	postgres string
}

// result is one target's figures.
type result struct {
	name       string
	requests   int     // answered with the expected status
	failures   int     // any other answer, or none
	perSecond  float64 // requests per second
	p50, p99   time.Duration
	peakRSSKiB int64 // the serving process's peak resident memory; 0 when not known
	note       string
}

// run starts every target in turn, drives it, and stops it.
func run(ctx context.Context, o options, log io.Writer) ([]result, error) {
	dir, err := os.MkdirTemp("", "paysmart-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	paysmartBin := filepath.Join(dir, "paysmart")
	if out, err := exec.Command("go", "build", "-o", paysmartBin, "github.com/paysmart/paysmart/cmd/paysmart").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var results []result

	fmt.Fprintln(log, "bench: echo baseline")
	p, err := proc.Start(ctx, regexp.MustCompile(`echo listening on (\S+)`), []string{echoEnv + "=127.0.0.1:0"}, self)
	if err != nil {
		return nil, fmt.Errorf("echo: %w", err)
	}
	r := drive(o, "echo (net/http JSON)", http.StatusOK, func() *http.Request {
		req, _ := http.NewRequest("POST", p.Base+"/echo", strings.NewReader(`{"amount": 2000, "currency": "usd"}`))
		req.Header.Set("Content-Type", "application/json")
		return req
	})
	results = append(results, stop(p, r))

	fmt.Fprintln(log, "bench: stripe-mock")
	mock, err := exec.Command("go", "tool", "-n", "stripe-mock").Output()
	if err != nil {
		return nil, fmt.Errorf("go tool -n stripe-mock: %w", err)
	}
	p, err = proc.Start(ctx, regexp.MustCompile(`Listening for HTTP at address: (\S+)`), nil, strings.TrimSpace(string(mock)),
		"-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("stripe-mock: %w", err)
	}
	p.Base = "http://" + p.Base
	form := url.Values{"amount": {"2000"}, "currency": {"usd"}, "payment_method_types[]": {"card"}}.Encode()
	r = drive(o, "stripe-mock POST /v1/payment_intents", http.StatusOK, func() *http.Request {
		req, _ := http.NewRequest("POST", p.Base+"/v1/payment_intents", strings.NewReader(form))
		req.Header.Set("Authorization", "Bearer sk_test_123")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	})
	results = append(results, stop(p, r))

	databases := []struct{ name, url string }{{"SQLite", "sqlite:" + filepath.Join(dir, "paysmart.db")}}
	if o.postgres != "" {
		u, err := proc.FreshSchema(o.postgres, "bench")
		if err != nil {
			return nil, err
		}
		databases = append(databases, struct{ name, url string }{"PostgreSQL", u})
	}
	for _, db := range databases {
		fmt.Fprintln(log, "bench: paysmart on", db.name)
		r, err := paysmart(ctx, o, paysmartBin, db.name, db.url)
		if err != nil {
			return nil, fmt.Errorf("paysmart on %s: %w", db.name, err)
		}
		results = append(results, r)
	}
	fmt.Fprintln(log, "bench: the store alone (BenchmarkWriterCeiling)")
	rs, err := ceiling(o)
	if err != nil {
		return nil, fmt.Errorf("store ceiling: %w", err)
	}
	results = append(results, rs...)
	if o.postgres != "" {
		fmt.Fprintln(log, "bench: pgbench")
		r, err := pgbench(o)
		if err != nil {
			return nil, fmt.Errorf("pgbench: %w", err)
		}
		results = append(results, r)
	}
	return results, nil
}

// paysmart serves a fresh database with `paysmart serve` and drives its
// POST /v2/payments with the API document's card payment.
func paysmart(ctx context.Context, o options, bin, name, dbURL string) (result, error) {
	p, err := proc.Start(ctx, proc.Paysmart, nil, bin, "serve", "--addr", "127.0.0.1:0",
		"--database", dbURL, "--vault-key", strings.Repeat("ab", 32), "--log-level", "error",
		"--rate-limit-test", "0", "--rate-limit-ip", "0")
	if err != nil {
		return result{}, err
	}
	key := regexp.MustCompile(`sk_test\s+(sk_test_\S+)`).FindStringSubmatch(p.Out.String())
	if key == nil {
		p.Kill()
		return result{}, errors.New("no sk_test key in the server's output")
	}
	body := fmt.Sprintf(`{"amount": 2000, "currency": "usd", "payment_method": {"type": "card",
		"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": %d, "cvc": "123"}}}`, time.Now().Year()+3)
	r := drive(o, "PaySmart POST /v2/payments, "+name, http.StatusOK, func() *http.Request {
		req, _ := http.NewRequest("POST", p.Base+"/v2/payments", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key[1])
		req.Header.Set("Content-Type", "application/json")
		return req
	})
	return stop(p, r), nil
}

// drive sends requests from o.clients goroutines for o.duration, each the
// moment its last was answered, and measures what came back.
func drive(o options, name string, want int, newRequest func() *http.Request) result {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.clients, MaxIdleConnsPerHost: o.clients, DisableCompression: true}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	var latencies []time.Duration
	failures := 0
	start := time.Now()
	deadline := start.Add(o.duration)
	var wg sync.WaitGroup
	for range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				t := time.Now()
				res, err := client.Do(newRequest())
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				if err != nil || res.StatusCode != want {
					bad++
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			latencies, failures = append(latencies, mine...), failures+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	r := result{name: name, requests: len(latencies), failures: failures, perSecond: float64(len(latencies)) / elapsed.Seconds()}
	if n := len(latencies); n > 0 {
		r.p50, r.p99 = latencies[n/2], latencies[min(n-1, n*99/100)]
	}
	return r
}

// pgbench runs TPC-B (pgbench's default script) against a fresh database on
// the same server, with the same client count, synchronous_commit on.
func pgbench(o options) (result, error) {
	tool, err := exec.LookPath("pgbench")
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
		if len(matches) == 0 {
			return result{}, errors.New("pgbench is not installed (Debian: postgresql-client or the server package)")
		}
		tool = matches[len(matches)-1]
	}
	admin, err := sql.Open("pgx", o.postgres)
	if err != nil {
		return result{}, err
	}
	defer admin.Close()
	db := "paysmart_pgbench"
	admin.Exec("DROP DATABASE IF EXISTS " + db)
	if _, err := admin.Exec("CREATE DATABASE " + db); err != nil {
		return result{}, err
	}
	defer admin.Exec("DROP DATABASE IF EXISTS " + db)
	u, err := url.Parse(o.postgres)
	if err != nil {
		return result{}, err
	}
	u.Path, u.RawQuery = "/"+db, ""
	if out, err := exec.Command(tool, "-i", "-q", "-s", "10", u.String()).CombinedOutput(); err != nil {
		return result{}, fmt.Errorf("pgbench -i: %v\n%s", err, out)
	}
	threads := min(o.clients, 2)
	out, err := exec.Command(tool, "-n", "-c", strconv.Itoa(o.clients), "-j", strconv.Itoa(threads),
		"-T", strconv.Itoa(max(1, int(o.duration.Seconds()))), "-r", u.String()).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindSubmatch(out)
	tx := regexp.MustCompile(`number of transactions actually processed: (\d+)`).FindSubmatch(out)
	if m == nil || tx == nil {
		return result{}, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	n, _ := strconv.Atoi(string(tx[1]))
	return result{name: "pgbench TPC-B (same PostgreSQL)", requests: n, perSecond: tps,
		note: "transactions, not HTTP requests"}, nil
}

// ceiling runs the store's BenchmarkWriterCeiling: the rows of the sandbox's
// card payment written through the group writer's batches with no HTTP and
// no engine, the most POST /v2/payments could reach with this schema on this
// machine. About two seconds of it for every second a target is driven.
func ceiling(o options) ([]result, error) {
	n := max(64, int(o.duration.Seconds()*4000))
	cmd := exec.Command("go", "test", "github.com/paysmart/paysmart/store", "-run", "^$", "-bench", "WriterCeiling",
		"-benchtime", fmt.Sprintf("%dx", n))
	cmd.Env = append(os.Environ(), "PAYSMART_TEST_POSTGRES="+o.postgres)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench WriterCeiling: %v\n%s", err, out)
	}
	var rs []result
	for _, m := range ceilingLine.FindAllSubmatch(out, -1) {
		perSecond, _ := strconv.ParseFloat(string(m[2]), 64)
		name := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[string(m[1])]
		rs = append(rs, result{name: "store alone, " + name, requests: n, perSecond: perSecond,
			note: "payments written, no HTTP"})
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no payments/s in:\n%s", out)
	}
	return rs, nil
}

var ceilingLine = regexp.MustCompile(`BenchmarkWriterCeiling/(\w+)-\d+\s+\d+\s+[\d.]+ ns/op\s+([\d.]+) payments/s`)

// stop reads the process's peak memory into r, then ends it.
func stop(p *proc.Proc, r result) result {
	r.peakRSSKiB = p.PeakRSS()
	p.Kill()
	return r
}

// echo serves POST /echo: it decodes the JSON body and writes it back, the
// least an HTTP JSON API can do.
func echo(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("echo listening on http://%s\n", ln.Addr())
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var buf bytes.Buffer
		json.NewEncoder(&buf).Encode(v)
		w.Header().Set("Content-Type", "application/json")
		w.Write(buf.Bytes())
	}))
}

// report prints the figures and the goal's ratios.
func report(w io.Writer, o options, results []result) {
	fmt.Fprintf(w, "%d clients, %s a target\n\n", o.clients, o.duration)
	fmt.Fprintf(w, "| target | answered | failed | per second | p50 | p99 | peak RSS |\n|---|---|---|---|---|---|---|\n")
	by := map[string]result{}
	for _, r := range results {
		by[r.name] = r
		rss := "—"
		if r.peakRSSKiB > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(r.peakRSSKiB)/1024)
		}
		lat := func(d time.Duration) string {
			if d == 0 {
				return "—"
			}
			return d.Round(10 * time.Microsecond).String()
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.0f | %s | %s | %s |\n", r.name, r.requests, r.failures, r.perSecond, lat(r.p50), lat(r.p99), rss)
	}
	ratio := func(a, b string) string {
		x, y := by[a], by[b]
		if y.perSecond == 0 || x.name == "" {
			return "—"
		}
		return fmt.Sprintf("%.2f×", x.perSecond/y.perSecond)
	}
	fmt.Fprintf(w, "\nratios (goal in brackets)\n")
	fmt.Fprintf(w, "- PaySmart on SQLite / stripe-mock: %s (≥ 1.5×, with a lower p99)\n", ratio("PaySmart POST /v2/payments, SQLite", "stripe-mock POST /v1/payment_intents"))
	fmt.Fprintf(w, "- PaySmart on PostgreSQL / pgbench TPC-B: %s (≥ 2×)\n", ratio("PaySmart POST /v2/payments, PostgreSQL", "pgbench TPC-B (same PostgreSQL)"))
	fmt.Fprintf(w, "- PaySmart on SQLite / echo: %s (the HTTP+JSON ceiling)\n", ratio("PaySmart POST /v2/payments, SQLite", "echo (net/http JSON)"))
	fmt.Fprintf(w, "- the store alone on SQLite / stripe-mock: %s (what this schema allows at most)\n", ratio("store alone, SQLite", "stripe-mock POST /v1/payment_intents"))
	fmt.Fprintf(w, "- the store alone on PostgreSQL / pgbench TPC-B: %s\n", ratio("store alone, PostgreSQL", "pgbench TPC-B (same PostgreSQL)"))
}

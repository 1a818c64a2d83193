// Command webhooks is PaySmart's webhook fan-out benchmark: how many signed
// deliveries per second `paysmart serve` makes to a local receiver, against
// the receiver's own ceiling measured in the same run.
//
//	go run ./bench/webhooks -events 5000 -endpoints 4
//
// For each database (SQLite, and PostgreSQL with PAYSMART_TEST_POSTGRES set)
// it serves a fresh database with the job runner off (--job-workers 0),
// registers -endpoints test-mode endpoints that subscribe to every event,
// creates -events customers through the API (each writes a customer.created
// event and one delivery job per endpoint, in its transaction) and stops the
// server. Then it serves the same database again with the job runner on, so
// that what is measured is the fan-out alone, not the creation of the events:
// from the first delivery the receiver gets to the last. The receiver checks
// every signature with the endpoint's secret (sdk/webhook) and counts each
// (endpoint, event) pair; after the server stopped, the database must hold
// one successful delivery attempt per pair and every job succeeded.
//
// The baseline is the receiver's ceiling: a plain Go client posting the same
// bodies, signed the same way, with -senders concurrent senders over
// kept-alive connections, to the same receiver in this process.
//
// Beside the rate it reports the server's CPU time per delivery (user and
// system, from /proc), which a noisy machine moves less than the rate.
// -compare PATH measures a second paysmart binary (an older build, say) in
// the same run, for before/after figures; -repeat N measures each binary N
// times, alternating, and the summary shows the medians. -cpuprofile saves a
// CPU profile of the server's fan-out (through its --debug-addr) for
// go tool pprof. It reports; it never judges.
package main

import (
	"bufio"
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
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/paysmart/paysmart/bench/internal/proc"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
)

func main() {
	var o options
	flag.IntVar(&o.events, "events", 5000, "events to create, each delivered to every endpoint")
	flag.IntVar(&o.endpoints, "endpoints", 4, "webhook endpoints subscribed to every event (at most 16)")
	flag.IntVar(&o.workers, "workers", 0, "the server's --job-workers; 0 keeps its default")
	flag.IntVar(&o.senders, "senders", 32, "concurrent senders of the baseline")
	flag.IntVar(&o.clients, "clients", 16, "concurrent API clients creating the events")
	flag.IntVar(&o.repeat, "repeat", 1, "measure each binary this many times, alternating them (shared machines are noisy); the summary shows the median")
	flag.StringVar(&o.postgres, "postgres", os.Getenv("PAYSMART_TEST_POSTGRES"), "a PostgreSQL URL (env PAYSMART_TEST_POSTGRES); empty: SQLite only")
	flag.StringVar(&o.bin, "bin", "", "a paysmart binary to measure; empty builds ./cmd/paysmart")
	flag.StringVar(&o.compare, "compare", "", "another paysmart binary measured in the same run (an older build, for before/after)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the server's fan-out (its first -profile-for) to this file, one per run (suffixed)")
	flag.DurationVar(&o.profileFor, "profile-for", 5*time.Second, "how long -cpuprofile profiles")
	flag.Parse()
	results, err := run(context.Background(), o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/webhooks:", err)
		os.Exit(1)
	}
	report(os.Stdout, o, results)
}

type options struct {
	events, endpoints, workers, senders, clients, repeat int
	postgres, bin, compare                               string
	cpuProfile                                           string
	profileFor                                           time.Duration
}

// result is one measured fan-out, or the baseline.
type result struct {
	name, database string
	want           int // deliveries expected: events × endpoints
	got            int // distinct (endpoint, event) pairs received with a valid signature
	duplicates     int // deliveries of a pair received before
	badSignatures  int
	recorded       int           // successful attempts in webhook_deliveries after the run (-1: not checked)
	jobsLeft       int           // webhook_delivery jobs not succeeded after the run
	perSecond      float64       // deliveries per second, first to last
	span           time.Duration // first to last delivery
	recordedAfter  time.Duration // first delivery to the server reporting every job done
	cpuPerDelivery time.Duration // the server's CPU time (user+system) over the fan-out, per delivery; 0 when not known
	createPerSec   float64       // events created per second through the API (informational)
}

// run measures every binary on every database, then the baseline.
func run(ctx context.Context, o options, log io.Writer) ([]result, error) {
	if o.endpoints < 1 || o.endpoints > 16 || o.events < 1 {
		return nil, errors.New("want 1 to 16 endpoints and at least one event")
	}
	dir, err := os.MkdirTemp("", "paysmart-bench-webhooks-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bins := []struct{ name, path string }{{"paysmart", o.bin}}
	if o.bin == "" {
		bins[0].name, bins[0].path = "paysmart (this tree)", filepath.Join(dir, "paysmart")
		fmt.Fprintln(log, "bench/webhooks: go build ./cmd/paysmart")
		if out, err := exec.Command("go", "build", "-o", bins[0].path, "github.com/paysmart/paysmart/cmd/paysmart").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	if o.compare != "" {
		bins = append(bins, struct{ name, path string }{"paysmart " + o.compare, o.compare})
	}
	var results []result
	var sample []delivery // bodies the first run received, for the baseline
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		if db == "PostgreSQL" && o.postgres == "" {
			continue
		}
		for n := range max(1, o.repeat) {
			for i, b := range bins {
				dbURL := "sqlite:" + filepath.Join(dir, fmt.Sprintf("paysmart-%d-%d.db", n, i))
				if db == "PostgreSQL" {
					if dbURL, err = proc.FreshSchema(o.postgres, "bench_webhooks"); err != nil {
						return nil, err
					}
				}
				fmt.Fprintf(log, "bench/webhooks: %s on %s\n", b.name, db)
				profile := ""
				if o.cpuProfile != "" {
					profile = fmt.Sprintf("%s.%s.%d.%d", o.cpuProfile, strings.ToLower(db), i, n)
				}
				r, got, err := fanOut(ctx, o, b.path, dbURL, profile, log)
				if err != nil {
					return nil, fmt.Errorf("%s on %s: %w", b.name, db, err)
				}
				r.name, r.database = b.name, db
				results = append(results, r)
				if sample == nil {
					sample = got
				}
			}
		}
	}
	fmt.Fprintln(log, "bench/webhooks: baseline")
	results = append(results, baseline(o, sample))
	return results, nil
}

// delivery is what the receiver got: the signed body and the endpoint.
type delivery struct {
	endpoint int
	body     []byte
}

// receiver answers 200 to every delivery whose signature is valid for the
// endpoint in its path (/ep/N), and counts each (endpoint, event) pair.
type receiver struct {
	secrets []string

	mu    sync.Mutex
	seen  map[pair]int
	kept  []delivery
	bad   int
	first time.Time
	last  time.Time
	count atomic.Int64 // distinct pairs
}

type pair struct {
	endpoint int
	event    string
}

func newReceiver(secrets []string) *receiver {
	return &receiver{secrets: secrets, seen: map[pair]int{}}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	n, perr := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/ep/"))
	if err != nil || perr != nil || n < 0 || n >= len(rc.secrets) {
		http.Error(w, "no such endpoint", http.StatusNotFound)
		return
	}
	now := time.Now()
	var ev struct {
		ID string `json:"id"`
	}
	if sdk.ValidatePayload(body, r.Header.Get(sdk.SignatureHeader), rc.secrets[n], 0) != nil ||
		json.Unmarshal(body, &ev) != nil || ev.ID == "" {
		rc.mu.Lock()
		rc.bad++
		rc.mu.Unlock()
		http.Error(w, "bad signature", http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	k := pair{n, ev.ID}
	rc.seen[k]++
	if rc.seen[k] == 1 {
		rc.kept = append(rc.kept, delivery{n, body})
		rc.count.Add(1)
	}
	if rc.first.IsZero() {
		rc.first = now
	}
	rc.last = now
	rc.mu.Unlock()
}

// tally returns distinct pairs, duplicates, bad signatures and the span.
func (rc *receiver) tally() (got, dups, bad int, first, last time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, c := range rc.seen {
		got++
		dups += c - 1
	}
	return got, dups, rc.bad, rc.first, rc.last
}

// listen serves rc on a loopback port and returns its base URL.
func listen(rc http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: rc, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// fanOut creates the events with the runner off, then serves the database
// with the runner on and measures the deliveries.
func fanOut(ctx context.Context, o options, bin, dbURL, profile string, log io.Writer) (result, []delivery, error) {
	r := result{want: o.events * o.endpoints, recorded: -1}
	common := []string{"serve", "--addr", "127.0.0.1:0", "--database", dbURL, "--vault-key", strings.Repeat("ab", 32),
		"--log-level", "error", "--rate-limit-test", "0", "--rate-limit-ip", "0"}

	// 1. The events and their delivery jobs, with no worker to run them.
	p, err := proc.Start(ctx, proc.Paysmart, nil, bin, append(common, "--job-workers", "0")...)
	if err != nil {
		return r, nil, err
	}
	key := regexp.MustCompile(`sk_test\s+(sk_test_\S+)`).FindStringSubmatch(p.Out.String())
	if key == nil {
		p.Interrupt()
		return r, nil, errors.New("no sk_test key in the server's output")
	}
	secrets := make([]string, o.endpoints)
	rc := newReceiver(secrets)
	recvURL, stopRecv, err := listen(rc)
	if err != nil {
		p.Interrupt()
		return r, nil, err
	}
	defer stopRecv()
	api := &client{base: p.Base, key: key[1], http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}}}
	for i := range secrets {
		var ep struct{ Secret string }
		err := api.post("/v2/webhook_endpoints", fmt.Sprintf(`{"url": "%s/ep/%d", "enabled_events": ["*"]}`, recvURL, i), &ep)
		if err != nil {
			p.Interrupt()
			return r, nil, fmt.Errorf("creating endpoint %d: %w", i, err)
		}
		secrets[i] = ep.Secret
	}
	created := time.Now()
	if err := api.createCustomers(o.events, o.clients); err != nil {
		p.Interrupt()
		return r, nil, err
	}
	r.createPerSec = float64(o.events) / time.Since(created).Seconds()
	if err := p.Interrupt(); err != nil {
		return r, nil, err
	}

	// 2. The fan-out: the same database, the runner on.
	args := common
	if o.workers > 0 {
		args = append(args, "--job-workers", strconv.Itoa(o.workers))
	}
	var debug string
	if profile != "" {
		if debug, err = freePort(); err != nil {
			return r, nil, err
		}
		args = append(args, "--debug-addr", debug)
	}
	p, err = proc.Start(ctx, proc.Paysmart, nil, bin, args...)
	if err != nil {
		return r, nil, err
	}
	defer p.Interrupt()
	profiled := make(chan error, 1)
	profiling := false
	deadline := time.Now().Add(time.Minute + time.Duration(r.want)*time.Millisecond)
	var cpuStart time.Duration
	for rc.count.Load() < int64(r.want) && time.Now().Before(deadline) {
		if rc.count.Load() > 0 && cpuStart == 0 {
			cpuStart = cpuTime(p.Cmd.Process.Pid)
			if profile != "" && !profiling {
				profiling = true
				go func() { profiled <- fetchProfile(debug, o.profileFor, profile) }()
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	var first, last time.Time
	r.got, r.duplicates, r.badSignatures, first, last = rc.tally()
	if r.got < r.want {
		return r, nil, fmt.Errorf("only %d of %d deliveries arrived:\n%s", r.got, r.want, p.Out)
	}
	// Every job done, as the server counts it: its outcome is recorded.
	for time.Now().Before(deadline) {
		n, err := succeeded(p.Base)
		if err != nil {
			return r, nil, err
		}
		if n >= r.want {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.recordedAfter = time.Since(first)
	if cpuEnd := cpuTime(p.Cmd.Process.Pid); cpuStart > 0 && cpuEnd > cpuStart {
		r.cpuPerDelivery = (cpuEnd - cpuStart) / time.Duration(r.want)
	}
	r.span = last.Sub(first)
	if r.span > 0 {
		r.perSecond = float64(r.got-1) / r.span.Seconds()
	}
	if profiling {
		if err := <-profiled; err != nil {
			fmt.Fprintln(log, "bench/webhooks: profile:", err)
		} else {
			fmt.Fprintln(log, "bench/webhooks: CPU profile in", profile)
		}
	}
	if err := p.Interrupt(); err != nil {
		return r, nil, err
	}
	// Late duplicates (a retry after the count was reached) count too.
	r.got, r.duplicates, r.badSignatures, _, _ = rc.tally()
	r.recorded, r.jobsLeft, err = check(dbURL)
	if err != nil {
		return r, nil, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return r, rc.kept, nil
}

// check counts, in the stopped server's database, the successful delivery
// attempts and the webhook_delivery jobs that did not succeed.
func check(dbURL string) (recorded, left int, err error) {
	driver, dsn := "pgx", dbURL
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+path+"?mode=ro"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT COUNT(*) FROM webhook_deliveries WHERE status_code BETWEEN 200 AND 299`).Scan(&recorded); err != nil {
		return 0, 0, err
	}
	err = db.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'webhook_delivery' AND state <> 'succeeded'`).Scan(&left)
	return recorded, left, err
}

// succeeded reads the server's count of succeeded webhook deliveries from
// /metrics.
func succeeded(base string) (int, error) {
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "paysmart_jobs_total{") && strings.Contains(line, `kind="webhook_delivery"`) &&
			strings.Contains(line, `outcome="succeeded"`) {
			f := strings.Fields(line)
			v, err := strconv.ParseFloat(f[len(f)-1], 64)
			return int(v), err
		}
	}
	return 0, sc.Err()
}

// cpuTime is the CPU time a process used so far, user and system, from
// /proc (Linux); 0 elsewhere.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which may hold spaces, in parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

// fetchProfile saves a CPU profile of the server from its --debug-addr.
func fetchProfile(addr string, d time.Duration, path string) error {
	res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, int(d.Seconds()))))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: HTTP %d", res.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// baseline posts the sample's bodies, signed with one secret, to a fresh receiver from
// o.senders goroutines over kept-alive connections: the ceiling of the
// receiver and of Go's HTTP client on this machine.
func baseline(o options, sample []delivery) result {
	const secret = "whsec_baseline"
	r := result{name: fmt.Sprintf("baseline: Go client, %d senders, same bodies", o.senders), database: "—", recorded: -1,
		want: len(sample)}
	secrets := make([]string, 16)
	for i := range secrets {
		secrets[i] = secret
	}
	rc := newReceiver(secrets)
	base, stop, err := listen(rc)
	if err != nil {
		return r
	}
	defer stop()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.senders, MaxIdleConnsPerHost: o.senders}}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range o.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(sample)); i = next.Add(1) - 1 {
				d := sample[i]
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/ep/%d", base, d.endpoint), bytes.NewReader(d.body))
				req.Header.Set("Content-Type", "application/json; charset=utf-8")
				req.Header.Set(sdk.SignatureHeader, sdk.SignHeader(d.body, time.Now(), secret))
				res, err := client.Do(req)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	var first, last time.Time
	r.got, r.duplicates, r.badSignatures, first, last = rc.tally()
	r.span = last.Sub(first)
	if r.span > 0 {
		r.perSecond = float64(r.got-1) / r.span.Seconds()
	}
	return r
}

// client calls the PaySmart API with a secret key.
type client struct {
	base, key string
	http      *http.Client
}

func (c *client) post(path, body string, out any) error {
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: HTTP %d: %s", path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// createCustomers creates n customers from the given number of clients.
func (c *client) createCustomers(n, clients int) error {
	var next atomic.Int64
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if err := c.post("/v2/customers", fmt.Sprintf(`{"email": "bench%d@example.com", "name": "Bench %d"}`, i, i), nil); err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// report prints the table.
func report(w io.Writer, o options, results []result) {
	workers := "the server's default"
	if o.workers > 0 {
		workers = strconv.Itoa(o.workers)
	}
	fmt.Fprintf(w, "%d events × %d endpoints = %d deliveries a run; job workers: %s\n\n", o.events, o.endpoints,
		o.events*o.endpoints, workers)
	fmt.Fprintf(w, "| target | database | received once | duplicates | bad signatures | recorded | deliveries/s | first→last | all recorded after | server CPU a delivery | events created/s |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|---|\n")
	var ceiling float64
	for _, r := range results {
		if r.database == "—" {
			ceiling = r.perSecond
		}
	}
	for _, r := range results {
		rec, after, created, cpu := "—", "—", "—", "—"
		if r.cpuPerDelivery > 0 {
			cpu = r.cpuPerDelivery.Round(time.Microsecond).String()
		}
		if r.recorded >= 0 {
			rec = fmt.Sprintf("%d (%d jobs left)", r.recorded, r.jobsLeft)
			after = r.recordedAfter.Round(time.Millisecond).String()
			created = fmt.Sprintf("%.0f", r.createPerSec)
		}
		fmt.Fprintf(w, "| %s | %s | %d/%d | %d | %d | %s | %.0f | %s | %s | %s | %s |\n", r.name, r.database, r.got, r.want,
			r.duplicates, r.badSignatures, rec, r.perSecond, r.span.Round(time.Millisecond), after, cpu, created)
	}
	// The median of each binary on each database, in the order first measured.
	var keys [][2]string
	rates := map[[2]string][]float64{}
	for _, r := range results {
		if r.database == "—" {
			continue
		}
		k := [2]string{r.name, r.database}
		if rates[k] == nil {
			keys = append(keys, k)
		}
		rates[k] = append(rates[k], r.perSecond)
	}
	fmt.Fprintf(w, "\n| target | database | runs | median deliveries/s | / baseline |\n|---|---|---|---|---|\n")
	for _, k := range keys {
		v := rates[k]
		slices.Sort(v)
		med := v[len(v)/2]
		if len(v)%2 == 0 {
			med = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		ratio := "—"
		if ceiling > 0 {
			ratio = fmt.Sprintf("%.2f×", med/ceiling)
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.0f | %s |\n", k[0], k[1], len(v), med, ratio)
	}
	fmt.Fprintf(w, "\ngoal: ≥ 5,000 signed deliveries/s on SQLite\n")
}

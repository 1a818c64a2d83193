package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestMoneySurvivesSIGKILL is the exactly-once crash test. Concurrent
// clients make payments, partial refunds, captures and cancels, each with
// its own Idempotency-Key, while the server process is killed with SIGKILL
// at random moments and restarted on the same database. A client retries
// every request that got no definitive answer with the same key, against
// whichever process is up. Afterwards: every key made exactly one object
// (none lost, none doubled), every call the sandbox processor received is
// recorded in its final state, and `paysmart verify` is clean. Beside them,
// payers of one-time payment requests pay through the hosted page's form
// (crash_payers_test.go): one success per request, and every payer told
// "paid" names that one payment.
//
// It runs twice per database: with a sandbox latency, the sandbox acts as an
// outside processor and every payment goes through the three phases; without
// one, it authorises inside the payment's first transaction
// (domain.InTransaction), and the kills fall between batched commits.
func TestMoneySurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		for _, latency := range []string{"3ms", "0s"} {
			t.Run(string(flavor)+"/sandbox-latency-"+latency, func(t *testing.T) {
				t.Parallel()
				runCrashTest(t, storetest.URL(t, flavor), latency)
			})
		}
	}
}

const crashKills = 5

// crashClient drives the workload against whichever server is up.
type crashClient struct {
	t     *testing.T
	sk    string
	base  atomic.Pointer[string]
	http  *http.Client
	mu    sync.Mutex
	acked map[string]string // idempotency key → id of the object its answers name
	// counters
	requests, retries, acknowledged, replays, inFlight, refused atomic.Int64
	problems                                                    []string
}

func (c *crashClient) problem(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// do sends one request with its key until it gets a definitive answer:
// a 2xx or a 4xx other than 409 (a claim still held). Connection errors
// (the server is down) and 5xx are retried with the same key.
func (c *crashClient) do(ctx context.Context, key, path, body string, idOf func(map[string]any) string) (int, map[string]any) {
	deadline := time.Now().Add(90 * time.Second)
	for attempt := 0; ; attempt++ {
		if time.Now().After(deadline) {
			c.problem("%s: no definitive answer after %d attempts", key, attempt)
			return 0, nil
		}
		if attempt > 0 {
			c.retries.Add(1)
			time.Sleep(time.Duration(20+rand.IntN(60)) * time.Millisecond)
		}
		c.requests.Add(1)
		req, _ := http.NewRequestWithContext(ctx, "POST", *c.base.Load()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+c.sk)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		res, err := c.http.Do(req)
		if err != nil {
			c.refused.Add(1)
			continue // killed mid-request, or not up yet
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusConflict {
			c.inFlight.Add(1) // a dead process's claim, until its lease lapses
		}
		if err != nil || res.StatusCode == http.StatusConflict || res.StatusCode >= 500 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			c.problem("%s: not JSON: %s", key, b)
			return res.StatusCode, nil
		}
		if res.Header.Get("Idempotent-Replayed") == "true" {
			c.replays.Add(1)
		}
		id := idOf(m)
		c.mu.Lock()
		if prev, ok := c.acked[key]; ok && prev != id {
			c.problems = append(c.problems, fmt.Sprintf("%s: answered %s, and %s before", key, id, prev))
		}
		c.acked[key] = id
		c.mu.Unlock()
		c.acknowledged.Add(1)
		return res.StatusCode, m
	}
}

func objectID(m map[string]any) string {
	if id, ok := m["id"].(string); ok {
		return id
	}
	if e, ok := m["error"].(map[string]any); ok {
		if p, ok := e["payment"].(map[string]any); ok {
			id, _ := p["id"].(string)
			return id
		}
		code, _ := e["code"].(string)
		return "error:" + code
	}
	return ""
}

// scenario runs one customer's story: a payment refunded twice in part, an
// authorisation captured in part, an authorisation canceled, or a decline.
func (c *crashClient) scenario(ctx context.Context, name string, kind int) {
	meta := func(key string) string { return `"metadata": {"ck": "` + key + `"}` }
	pay := func(key, cardNumber string, capture bool, amount int) (int, string) {
		st, m := c.do(ctx, key, "/v2/payments", fmt.Sprintf(`{"amount": %d, "currency": "usd", "capture": %t, %s,
			"payment_method": {"type": "card", "card": {"number": "%s", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}}`,
			amount, capture, meta(key), cardNumber), objectID)
		return st, objectID(m)
	}
	switch kind % 4 {
	case 0:
		st, id := pay(name+"-pay", "4242424242424242", true, 1000)
		if st != 200 {
			c.problem("%s-pay: status %d", name, st)
			return
		}
		for i, amt := range []int{100, 250} {
			key := fmt.Sprintf("%s-re%d", name, i)
			if st, _ := c.do(ctx, key, "/v2/refunds", fmt.Sprintf(`{"payment": %q, "amount": %d, %s}`, id, amt, meta(key)), objectID); st != 200 {
				c.problem("%s: status %d", key, st)
			}
		}
	case 1, 2:
		st, id := pay(name+"-auth", "5555555555554444", false, 900)
		if st != 200 {
			c.problem("%s-auth: status %d", name, st)
			return
		}
		path, body, key := "/v2/payments/"+id+"/capture", `{"amount": 500}`, name+"-capture"
		if kind%4 == 2 {
			path, body, key = "/v2/payments/"+id+"/cancel", ``, name+"-cancel"
		}
		if st, _ := c.do(ctx, key, path, body, objectID); st != 200 {
			c.problem("%s: status %d", key, st)
		}
	case 3:
		if st, _ := pay(name+"-decline", "4000000000000002", true, 700); st != 402 {
			c.problem("%s-decline: status %d", name, st)
		}
	}
}

func runCrashTest(t *testing.T, db, sandboxLatency string) {
	// A short job lease: a job a killed node held is taken over in seconds, not the default two minutes
	// (a payer waits at most 90 s for its request to leave "in progress").
	flags := []string{"--reconcile-after", "1s", "--sandbox-latency", sandboxLatency, "--job-workers", "4", "--job-lease", "4s"}
	p := startProc(t, db, flags...)
	keys := demoKeys(t, p.stdout.String())
	c := &crashClient{t: t, sk: keys["sk_test"], acked: map[string]string{},
		http: &http.Client{Timeout: 10 * time.Second}}
	c.base.Store(&p.base)
	ctx := context.Background()
	prs := c.createRequests(ctx, keys["py_test"])

	// The killer: SIGKILL at random moments, then a restart on the same database.
	var kills atomic.Int32
	killerDone := make(chan struct{})
	go func() {
		defer close(killerDone)
		for range crashKills {
			time.Sleep(time.Duration(150+rand.IntN(450)) * time.Millisecond)
			p.kill(t)
			kills.Add(1)
			p = startProc(t, db, flags...)
			c.base.Store(&p.base)
		}
	}()

	// Clients run scenarios until the killer is through, and at least a few each.
	const workers = 6
	var wg sync.WaitGroup
	c.runPayers(ctx, prs, &wg)
	var scenarios atomic.Int64
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; ; j++ {
				select {
				case <-killerDone:
					if j >= 6 {
						return
					}
				default:
				}
				c.scenario(ctx, fmt.Sprintf("w%d-s%d", w, j), w+j)
				scenarios.Add(1)
			}
		}()
	}
	wg.Wait()
	<-killerDone
	for _, pr := range c.problems {
		t.Error(pr)
	}

	// Let the reconcile jobs settle what the kills left processing.
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitFor(t, 60*time.Second, "nothing processing", func() bool {
		var n int
		err := s.DB().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM payments WHERE pending_op <> '')
			+ (SELECT COUNT(*) FROM refunds WHERE status = 'pending')`).Scan(&n)
		return err == nil && n == 0
	})

	lost, dups := checkObjects(t, s, c.acked)
	told := checkPayers(t, s, prs)
	unrecorded := checkLedger(t, s)

	out, err := exec.Command(paysmartBinary(t), "verify", "--database", db).CombinedOutput()
	verify := "clean"
	if err != nil {
		verify = "FAILED"
		t.Errorf("paysmart verify: %v\n%s", err, out)
	}
	t.Logf("crash test: %d kills, %d scenarios, %d requests (%d retries: %d unanswered, %d while a dead claim's lease ran or a payment was in progress; %d replays), %d keys acknowledged; "+
		"%d payment requests paid by %d payers through the page, %d told paid; %d lost, %d duplicates, %d processor calls without a record; verify %s",
		kills.Load(), scenarios.Load(), c.requests.Load(), c.retries.Load(), c.refused.Load(), c.inFlight.Load(), c.replays.Load(), len(c.acked),
		len(prs.ids), len(prs.ids)*crashPayersPerRequest, told, lost, dups, unrecorded, verify)
	if kills.Load() != crashKills {
		t.Errorf("%d kills, want %d", kills.Load(), crashKills)
	}
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkObjects counts, per idempotency key, the payments or refunds that
// carry it in their metadata: exactly one each, and the one its answers named.
func checkObjects(t *testing.T, s *store.Store, acked map[string]string) (lost, dups int) {
	t.Helper()
	made := map[string][]string{}
	for _, q := range []string{`SELECT 'pay_' || id, metadata FROM payments`, `SELECT id, metadata FROM refunds`} {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, meta string
			if err := rows.Scan(&id, &meta); err != nil {
				t.Fatal(err)
			}
			var m map[string]string
			json.Unmarshal([]byte(meta), &m)
			if ck := m["ck"]; ck != "" {
				made[ck] = append(made[ck], id)
			}
		}
		rows.Close()
	}
	for key, id := range acked {
		if strings.HasSuffix(key, "-capture") || strings.HasSuffix(key, "-cancel") {
			continue // they change the payment their key names; verify checks them
		}
		switch objs := made[key]; {
		case len(objs) == 0:
			lost++
			t.Errorf("%s was acknowledged (%s) but made nothing", key, id)
		case len(objs) > 1:
			dups++
			t.Errorf("%s made %d objects: %v", key, len(objs), objs)
		case objs[0] != id:
			t.Errorf("%s made %s but its answer named %s", key, objs[0], id)
		}
	}
	for key, objs := range made {
		if _, ok := acked[key]; !ok {
			t.Errorf("%s made %v but was never acknowledged", key, objs)
		}
	}
	return lost, dups
}

// checkLedger matches every call the sandbox processor received against the
// object it moved money for, in its final state.
func checkLedger(t *testing.T, s *store.Store) (unrecorded int) {
	t.Helper()
	calls, err := s.SandboxLedger().SandboxCalls(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range calls {
		object, op, _ := strings.Cut(call.Key, ":")
		var status string
		var q string
		if strings.HasPrefix(object, "re_") {
			q = `SELECT status FROM refunds WHERE id = $1`
		} else {
			q = `SELECT status FROM payments WHERE id = $1`
			object = strings.TrimPrefix(object, "pay_")
		}
		if err := s.DB().QueryRow(q, object).Scan(&status); err != nil {
			unrecorded++
			t.Errorf("processor call %s (%s) has no object: %v", call.Key, call.Outcome, err)
			continue
		}
		want := map[string]map[string]bool{
			"authorize": {"succeeded": true, "requires_capture": true, "canceled": true},
			"capture":   {"succeeded": true},
			"cancel":    {"canceled": true},
			"refund":    {"succeeded": true},
		}[op]
		if call.Outcome == "declined" {
			want = map[string]bool{"failed": true, "requires_capture": op != "authorize"}
		}
		if !want[status] {
			unrecorded++
			t.Errorf("processor call %s answered %s, but its object is %s", call.Key, call.Outcome, status)
		}
	}
	return unrecorded
}

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// These tests run the real binary as separate processes: one killed with
// SIGKILL mid-delivery, two sharing a PostgreSQL database.

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// paysmartBinary builds cmd/paysmart once per test run.
func paysmartBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		}
		if binDir, buildErr = os.MkdirTemp("", "paysmart-test-bin"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "paysmart")
		out, err := exec.Command(goTool, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// procVaultKey is the vault key of every process startProc runs.
var procVaultKey = strings.Repeat("cd", 32)

// proc is a "paysmart serve" process.
type proc struct {
	cmd    *exec.Cmd
	base   string
	stdout *lockedBuffer
	stderr *lockedBuffer
	exited chan struct{}
}

func startProc(t *testing.T, dbURL string, flags ...string) *proc {
	t.Helper()
	return startProcEnv(t, dbURL, nil, flags...)
}

// startProcEnv is startProc with more environment variables (NAME=value).
func startProcEnv(t *testing.T, dbURL string, env []string, flags ...string) *proc {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--database", dbURL}, flags...)
	p := &proc{cmd: exec.Command(paysmartBinary(t), args...), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	// The workloads here send more than a test key's 25 requests a second.
	p.cmd.Env = append(append(os.Environ(), "PAYSMART_VAULT_KEY="+procVaultKey, "PAYSMART_LOG_LEVEL=warn",
		"PAYSMART_RATE_LIMIT_TEST=0", "PAYSMART_RATE_LIMIT_LIVE=0", "PAYSMART_RATE_LIMIT_IP=0"), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	re := regexp.MustCompile(`listening on (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(p.stdout.String()); m != nil {
			if res, err := http.Get(m[1] + "/healthz"); err == nil {
				res.Body.Close()
				p.base = m[1]
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("paysmart serve exited: %s\n%s", p.stdout, p.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("paysmart serve did not come up: %s\n%s", p.stdout, p.stderr)
	return nil
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
}

func eventID(body []byte) string {
	var ev struct{ ID string }
	json.Unmarshal(body, &ev)
	return ev.ID
}

// TestPendingDeliveriesSurviveSIGKILL kills the server while two deliveries
// are in flight and eight wait for a worker; after a restart on the same
// database every one of the ten events arrives.
func TestPendingDeliveriesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			block := make(chan struct{})
			var started atomic.Int64
			var mu sync.Mutex
			delivered := map[string]int{}
			recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if started.Add(1) <= 2 {
					// The first two deliveries hang until their server is gone.
					select {
					case <-block:
					case <-r.Context().Done():
					}
					return
				}
				mu.Lock()
				delivered[eventID(body)]++
				mu.Unlock()
			}))
			defer recv.Close()
			defer close(block)

			flags := []string{"--job-workers", "2", "--job-lease", "4s"}
			p := startProc(t, db, flags...)
			sk := demoKeys(t, p.stdout.String())["sk_test"]
			if st, ep := request(t, "POST", p.base+"/v2/webhook_endpoints", sk,
				`{"url":"`+recv.URL+`","enabled_events":["customer.created"]}`); st != 200 {
				t.Fatalf("endpoint: %d %v", st, ep)
			}
			for i := range 10 {
				if st, _ := request(t, "POST", p.base+"/v2/customers", sk, fmt.Sprintf(`{"email":"c%d@example.com"}`, i)); st != 200 {
					t.Fatalf("customer %d: %d", i, st)
				}
			}
			waitUntil(t, "two deliveries in flight", func() bool { return started.Load() == 2 })
			p.kill(t)

			p2 := startProc(t, db, flags...)
			_, list := request(t, "GET", p2.base+"/v2/events?type=customer.created&limit=100", sk, "")
			var want []string
			for _, ev := range list["data"].([]any) {
				want = append(want, ev.(map[string]any)["id"].(string))
			}
			if len(want) != 10 {
				t.Fatalf("%d events after the restart", len(want))
			}
			waitUntil(t, "every pending delivery", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(delivered) == 10
			})
			mu.Lock()
			defer mu.Unlock()
			for _, id := range want {
				if delivered[id] != 1 {
					t.Errorf("event %s delivered %d times after the restart", id, delivered[id])
				}
			}
		})
	}
}

// TestTwoProcessesShareDeliveries runs two servers on one PostgreSQL
// database: events made through either are delivered once each, by either
// process, and never by both at once.
func TestTwoProcessesShareDeliveries(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t, store.Postgres)
	var mu sync.Mutex
	inFlight := map[string]int{}
	count := map[string]int{}
	overlaps := 0
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := eventID(mustRead(r))
		mu.Lock()
		inFlight[id]++
		if inFlight[id] > 1 {
			overlaps++
		}
		count[id]++
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight[id]--
		mu.Unlock()
	}))
	defer recv.Close()

	p1 := startProc(t, db, "--job-workers", "4")
	p2 := startProc(t, db, "--job-workers", "4")
	sk := demoKeys(t, p1.stdout.String())["sk_test"]
	if st, _ := request(t, "POST", p1.base+"/v2/webhook_endpoints", sk, `{"url":"`+recv.URL+`","enabled_events":["*"]}`); st != 200 {
		t.Fatal("endpoint")
	}
	const n = 60
	for i := range n {
		base := []string{p1.base, p2.base}[i%2]
		if st, _ := request(t, "POST", base+"/v2/customers", sk, `{}`); st != 200 {
			t.Fatalf("customer %d: %d", i, st)
		}
	}
	waitUntil(t, "every event", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(count) == n
	})
	time.Sleep(500 * time.Millisecond) // a duplicate would show now
	mu.Lock()
	for id, c := range count {
		if c != 1 {
			t.Errorf("event %s delivered %d times", id, c)
		}
	}
	if overlaps != 0 {
		t.Errorf("%d deliveries overlapped another of the same event", overlaps)
	}
	mu.Unlock()

	// Each process's metrics count the deliveries it made.
	var total int
	var per []int
	for _, p := range []*proc{p1, p2} {
		v := metric(t, p.base, `paysmart_jobs_total{kind="webhook_delivery",outcome="succeeded"}`)
		per = append(per, v)
		total += v
	}
	t.Logf("deliveries by process: %v", per)
	if total != n || per[0] == 0 || per[1] == 0 {
		t.Errorf("deliveries by process %v, want both working and %d in all", per, n)
	}
}

func mustRead(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

// metric reads one sample from a server's /metrics.
func metric(t *testing.T, base, name string) int {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}

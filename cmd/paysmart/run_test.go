package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
	"github.com/paysmart/paysmart/web"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func noEnv(string) string { return "" }

// startServer runs "paysmart serve" on a free port and returns its base URL
// and stdout; the server stops when the test ends.
func startServer(t *testing.T, dbURL string) (string, *lockedBuffer) {
	t.Helper()
	base, stdout, _ := serveWith(t, dbURL, noEnv)
	return base, stdout
}

// serveWith is startServer with an environment and more flags; it returns
// stderr (the logs) too.
func serveWith(t *testing.T, dbURL string, getenv func(string) string, flags ...string) (string, *lockedBuffer, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--database", dbURL,
			"--vault-key", strings.Repeat("ab", 32)}, flags...), getenv, stdout, stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	re := regexp.MustCompile(`listening on (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			base := m[1]
			if res, err := http.Get(base + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					return base, stdout, stderr
				}
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("server did not come up; stdout: %s stderr: %s", stdout, stderr)
	return "", nil, nil
}

func request(t *testing.T, method, url, auth, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, url, b)
	}
	return res.StatusCode, m
}

func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			base, stdout := startServer(t, storetest.URL(t, flavor))
			keys := map[string]string{}
			for _, m := range regexp.MustCompile(`(sk_test|pk_test|py_test)\s+(\S+)`).FindAllStringSubmatch(stdout.String(), -1) {
				keys[m[1]] = m[2]
			}
			if len(keys) != 3 {
				t.Fatalf("demo keys not printed: %s", stdout)
			}
			st, created := request(t, "POST", base+"/v2/customers", keys["sk_test"], `{"email":"ada@example.com","name":"Ada Lovelace"}`)
			if st != 200 || created["object"] != "customer" {
				t.Fatalf("create: %d %v", st, created)
			}
			st, list := request(t, "GET", base+"/v2/customers", keys["py_test"], "")
			if st != 200 || list["total_count"] != 1.0 {
				t.Fatalf("paysley list: %d %v", st, list)
			}
			c := list["customers"].([]any)[0].(map[string]any)
			if c["email"] != "ada@example.com" || c["first_name"] != "Ada Lovelace" {
				t.Fatalf("the Paysley dialect sees another customer: %v", c)
			}
			if st, _ := request(t, "GET", base+"/readyz", "", ""); st != 200 {
				t.Fatalf("readyz %d", st)
			}
		})
	}
}

func TestDemoMerchantOnlyOnNewDatabase(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"merchants", "create", "--name", "First", "--database", db}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	_, stdout := startServer(t, db)
	if strings.Contains(stdout.String(), "Demo merchant") {
		t.Fatalf("demo merchant created on a database that had one: %s", stdout)
	}
}

func TestMerchantsAndKeysCLI(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	env := func(k string) string {
		if k == "PAYSMART_DATABASE_URL" {
			return db
		}
		return ""
	}
	cli := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, env, &out, &errOut); err != nil {
			t.Fatalf("paysmart %v: %v\n%s", args, err, errOut.String())
		}
		return out.String()
	}
	raw := cli("merchants", "create", "--name", "Acme Ltd", "--json")
	var m struct {
		ID   string            `json:"id"`
		Name string            `json:"name"`
		Keys map[string]string `json:"keys"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	wantOrder := `{"id":"` + m.ID + `","name":"Acme Ltd","keys":{"sk_test":"`
	if !strings.HasPrefix(raw, wantOrder) || len(m.Keys) != 6 || !strings.HasPrefix(m.ID, "acct_") {
		t.Fatalf("merchants create --json = %s", raw)
	}
	for name, k := range m.Keys {
		if !strings.HasPrefix(k, name+"_") {
			t.Errorf("key %s = %s", name, k)
		}
	}

	var created struct{ ID, Key string }
	json.Unmarshal([]byte(cli("keys", "create", "--merchant", m.ID, "--kind", "py", "--mode", "live", "--json")), &created)
	if !strings.HasPrefix(created.Key, "py_live_") || !strings.HasPrefix(created.ID, "key_") {
		t.Fatalf("keys create: %+v", created)
	}
	var rolled struct{ ID, Key string }
	json.Unmarshal([]byte(cli("keys", "roll", "--key", created.ID, "--grace", "1h", "--json")), &rolled)
	if !strings.HasPrefix(rolled.Key, "py_live_") || rolled.ID == created.ID {
		t.Fatalf("keys roll: %+v", rolled)
	}
	cli("keys", "revoke", "--key", rolled.ID)
	list := cli("keys", "list", "--merchant", m.ID)
	for _, want := range []string{created.ID, "rolled, works until", rolled.ID, "revoked", "Audit trail", "replaced by " + rolled.ID} {
		if !strings.Contains(list, want) {
			t.Errorf("keys list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, created.Key) || strings.Contains(list, rolled.Key) {
		t.Fatalf("keys list shows a secret:\n%s", list)
	}
	if out := cli("merchants", "update", "--id", m.ID, "--wallets", "google_pay"); !strings.Contains(out, "GOOGLE_PAY") {
		t.Fatalf("merchants update: %s", out)
	}
	if err := run(context.Background(), []string{"merchants", "update", "--id", m.ID, "--wallets", "PAYPAL"}, env, io.Discard, io.Discard); err == nil {
		t.Fatal("unknown wallet accepted")
	}
	if out := cli("merchants", "update", "--id", m.ID, "--name", "  Acme Bakery  "); !strings.Contains(out, `"Acme Bakery"`) {
		t.Fatalf("merchants update --name: %s", out)
	}
	if out := cli("merchants", "list"); !strings.Contains(out, "Acme Bakery") {
		t.Fatalf("merchants list after the rename: %s", out)
	}
	for _, bad := range []string{" ", "Acme\nBakery", strings.Repeat("x", 101)} {
		var errOut bytes.Buffer
		err := run(context.Background(), []string{"merchants", "update", "--id", m.ID, "--name", bad}, env, io.Discard, &errOut)
		if err == nil || !strings.Contains(err.Error()+errOut.String(), "business name") {
			t.Fatalf("name %q: %v %s", bad, err, errOut.String())
		}
	}
	if out := cli("migrate"); !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %s", out)
	}
	var errOut bytes.Buffer
	if err := run(context.Background(), []string{"keys", "revoke", "--key", "key_missing"}, env, io.Discard, &errOut); err == nil {
		t.Fatal("revoking an unknown key succeeded")
	}
}

// TestCommandsSayWhichDatabase: every command names the database it opened
// by its absolute path, a CLI command that creates a new one warns, and
// `merchants list` finds the merchants made before.
func TestCommandsSayWhichDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	db := "sqlite:" + path
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"merchants", "create", "--name", "First", "--database", db}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "database sqlite:"+path) || !strings.Contains(errOut.String(), "warning: there was no database") {
		t.Fatalf("first command's notices: %s", errOut.String())
	}
	errOut.Reset()
	out.Reset()
	if err := run(context.Background(), []string{"merchants", "list", "--database", db}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut.String(), "warning") || !strings.Contains(out.String(), "  First  ") {
		t.Fatalf("list: %s / %s", out.String(), errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"merchants", "list", "--json", "--database", db}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var ms []map[string]any
	if err := json.Unmarshal(out.Bytes(), &ms); err != nil || len(ms) != 1 || ms[0]["name"] != "First" {
		t.Fatalf("list --json: %s %v", out.String(), err)
	}
}

// TestDatabaseAndKeyFilesPrivate: the SQLite file and its vault key are
// created readable by their owner alone, and serve warns when the key sits
// beside the database while live keys exist.
func TestDatabaseAndKeyFilesPrivate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "paysmart.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"merchants", "create", "--name", "Acme", "--database", "sqlite:" + db},
		noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{db, db + ".vault-key"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", "sqlite:" + db, "--job-workers", "0"},
			noEnv, stdout, stderr)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stdout.String(), "listening") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "WARNING: the card vault key sits beside the database") {
		t.Errorf("no warning about the vault key beside the database; stderr:\n%s", stderr.String())
	}
}

// TestServeTLSSelfSigned: --tls-self-signed serves HTTPS (TLS 1.2 and
// later, HTTP/2) with a certificate kept beside the database, whose printed
// fingerprint is the one the server presents; a restart keeps it.
func TestServeTLSSelfSigned(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "p.db")
	serveOnce := func() (base, fp string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", db, "--tls-self-signed", "--job-workers", "0"},
				noEnv, stdout, stderr)
		}()
		re := regexp.MustCompile(`listening on (https://\S+)`)
		deadline := time.Now().Add(20 * time.Second)
		for re.FindStringSubmatch(stdout.String()) == nil && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		m := re.FindStringSubmatch(stdout.String())
		if m == nil {
			t.Fatalf("no https address; stdout %s stderr %s", stdout, stderr)
		}
		fp = regexp.MustCompile(`fingerprint ([0-9A-F:]{95})`).FindStringSubmatch(stdout.String())[1]

		var presented string
		client := &http.Client{Transport: &http.Transport{ForceAttemptHTTP2: true, TLSClientConfig: &tls.Config{
			InsecureSkipVerify: true, // checked by fingerprint below, as a person would
			VerifyConnection: func(cs tls.ConnectionState) error {
				presented = fingerprint(tls.Certificate{Certificate: [][]byte{cs.PeerCertificates[0].Raw}})
				return nil
			}}}}
		res, err := client.Get(m[1] + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.ProtoMajor != 2 || presented != fp || res.Header.Get("Strict-Transport-Security") == "" {
			t.Fatalf("GET /healthz: %d over %s, presented %s, printed %s, HSTS %q", res.StatusCode, res.Proto, presented, fp,
				res.Header.Get("Strict-Transport-Security"))
		}
		old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11}}}
		if res, err := old.Get(m[1] + "/healthz"); err == nil {
			res.Body.Close()
			t.Fatal("a TLS 1.1 client was served")
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		return m[1], fp
	}
	_, first := serveOnce()
	if fi, err := os.Stat(filepath.Join(dir, "paysmart-tls-key.pem")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("TLS key file: %v, %v", fi, err)
	}
	if _, again := serveOnce(); again != first {
		t.Fatalf("the certificate changed across a restart: %s then %s", first, again)
	}
}

// TestBackup: "paysmart backup" copies a SQLite database, while it is open,
// into a file that opens as the same database.
func TestBackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "p.db")
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(args, "--database", db, "--vault-key", strings.Repeat("ab", 32)), noEnv, &out, io.Discard)
		return out.String(), err
	}
	if _, err := cli("merchants", "create", "--name", "Acme"); err != nil {
		t.Fatal(err)
	}
	open, err := store.Open(context.Background(), db) // another process would hold it open the same way
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	to := filepath.Join(dir, "copy.db")
	if out, err := cli("backup", "--to", to); err != nil || !strings.Contains(out, "backed up to") {
		t.Fatalf("backup: %q, %v", out, err)
	}
	if _, err := cli("backup", "--to", to); err == nil {
		t.Fatal("a backup over an existing file was made")
	}
	if fi, err := os.Stat(to); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("backup file: %v, %v", fi, err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"verify", "--database", "sqlite:" + to, "--vault-key", strings.Repeat("ab", 32)},
		noEnv, &out, io.Discard); err != nil {
		t.Fatalf("verify the copy: %v\n%s", err, out.String())
	}
	copyStore, err := store.Open(context.Background(), "sqlite:"+to)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	if live, err := copyStore.HasLiveKeys(context.Background()); err != nil || !live {
		t.Fatalf("the copy has no merchant keys: %v, %v", live, err)
	}
}

// TestMetricsEndpoint: /metrics (prometheus/client_golang) shows requests by
// route pattern and status, processor calls by outcome, the job queue, and
// the Go runtime and process.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	base, stdout := startServer(t, "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	sk := regexp.MustCompile(`sk_test\s+(\S+)`).FindStringSubmatch(stdout.String())[1]
	st, _ := request(t, "POST", base+"/v2/payments", sk, `{"amount":2000,"currency":"usd",
		"payment_method":{"type":"card","card":{"number":"4242424242424242","exp_month":12,"exp_year":2040,"cvc":"123"}}}`)
	if st != 200 {
		t.Fatalf("payment: %d", st)
	}
	request(t, "GET", base+"/v2/payments/4242424242424242", sk, "")
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{
		`paysmart_http_requests_total{dialect="paysmart",route="POST /v2/payments",status="200"} 1`,
		`paysmart_http_requests_total{dialect="paysmart",route="GET /v2/payments/{id}",status="404"} 1`,
		`paysmart_http_request_duration_seconds_count{dialect="paysmart",route="POST /v2/payments"} 1`,
		`paysmart_processor_call_duration_seconds_count{mode="test",op="authorize",outcome="approved"} 1`,
		`paysmart_jobs_queue_depth{state="due"}`,
		`paysmart_jobs_lag_seconds`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(b), "4242424242424242") {
		t.Error("/metrics shows a card number")
	}
}

// TestLogsCarryRequestID: a line logged with a request's context carries
// its request id, once.
func TestLogsCarryRequestID(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log, err := newLogger(&buf, "info")
	if err != nil {
		t.Fatal(err)
	}
	ctx := web.WithRequestID(context.Background(), "req_1")
	log.InfoContext(ctx, "a")
	log.With("k", "v").WarnContext(ctx, "b", "request_id", "req_1")
	log.Info("c")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for i, want := range []int{1, 1, 0} {
		if got := strings.Count(lines[i], `"request_id":"req_1"`); got != want {
			t.Errorf("line %d has the request id %d times: %s", i, got, lines[i])
		}
	}
}

// behindTLSProxy stands in for the TLS-terminating proxy a live deployment
// has: it forwards to base saying X-Forwarded-Proto: https. The server must
// trust it (--trusted-proxy 127.0.0.1) for live keys to pass.
func behindTLSProxy(t *testing.T, base string) string {
	t.Helper()
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	director := rp.Director
	rp.Director = func(r *http.Request) {
		director(r)
		r.Header.Set("X-Forwarded-Proto", "https")
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Package sdk_test runs the client libraries in six languages against a real
// PaySmart server: the binary built from cmd/paysmart, on a fresh SQLite
// database. Each language's folder has a test.sh that runs its unit and
// integration tests; this test gives it a fresh merchant's keys, the base URL
// and a webhook that the server delivered seconds before, and fails when it
// fails. A language whose toolchain is missing is skipped with the Debian
// packages to install (CI installs them, and refuses any skip).
package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/sdk/webhook"
)

// libraries are the languages the PaySmart document promises, each with the
// commands its test.sh needs and the Debian packages that bring them.
var libraries = []struct {
	name     string
	commands []string
	packages string
}{
	{"node", []string{"node"}, "nodejs"},
	{"python", []string{"/usr/bin/python3"}, "python3-pytest"},
	{"php", []string{"php", "phpunit"}, "php-cli phpunit"},
	{"ruby", []string{"ruby"}, "ruby ruby-minitest"},
	{"java", []string{"javac", "java"}, "openjdk-17-jdk-headless junit5"},
	{"dotnet", []string{"mcs", "mono"}, "mono-mcs libmono-system-net-http4.0-cil nunit-console libnunit-cil-dev"},
}

func TestLibraries(t *testing.T) {
	srv := startServer(t)
	for _, lib := range libraries {
		t.Run(lib.name, func(t *testing.T) {
			for _, c := range lib.commands {
				if _, err := exec.LookPath(c); err != nil {
					t.Skipf("%s is not installed (apt-get install %s)", c, lib.packages)
				}
			}
			if lib.name == "python" && exec.Command("/usr/bin/python3", "-c", "import pytest").Run() != nil {
				t.Skipf("pytest is not installed for /usr/bin/python3 (apt-get install %s)", lib.packages)
			}
			keys := srv.merchant(t, "SDK "+lib.name)
			hook := srv.delivery(t, keys.SkTest)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "bash", "test.sh")
			cmd.Dir = lib.name
			cmd.Env = append(os.Environ(),
				"PAYSMART_API_BASE="+srv.base+"/v2",
				"PAYSMART_TEST_SECRET_KEY="+keys.SkTest,
				"PAYSMART_TEST_PUBLISHABLE_KEY="+keys.PkTest,
				"PAYSMART_TEST_WEBHOOK_SECRET="+hook.secret,
				"PAYSMART_TEST_WEBHOOK_PAYLOAD="+string(hook.payload),
				"PAYSMART_TEST_WEBHOOK_SIGNATURE="+hook.signature,
			)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s/test.sh: %v\n%s", lib.name, err, out)
			}
			t.Logf("%s/test.sh: %s", lib.name, lastLine(out))
		})
	}
}

// server is a "paysmart serve" process on a fresh SQLite database.
type server struct {
	bin, db, base string
	env           []string
}

func startServer(t *testing.T) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{bin: filepath.Join(dir, "paysmart"), db: "sqlite:" + filepath.Join(dir, "paysmart.db")}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	if out, err := exec.Command(goTool, "build", "-o", s.bin, "github.com/paysmart/paysmart/cmd/paysmart").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The tests walk 250 customers: no rate limit. Webhooks go to 127.0.0.1.
	s.env = append(os.Environ(), "PAYSMART_VAULT_KEY="+strings.Repeat("ab", 32), "PAYSMART_LOG_LEVEL=warn",
		"PAYSMART_RATE_LIMIT_TEST=0", "PAYSMART_RATE_LIMIT_LIVE=0", "PAYSMART_RATE_LIMIT_IP=0")
	cmd := exec.Command(s.bin, "serve", "--addr", "127.0.0.1:0", "--database", s.db, "--webhook-allow-private")
	cmd.Env = s.env
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	listening := regexp.MustCompile(`listening on (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for s.base == "" {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			s.base = m[1]
			break
		}
		select {
		case <-exited:
			t.Fatalf("the server exited:\n%s%s", stdout, stderr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s%s", stdout, stderr)
		}
	}
	return s
}

type keys struct {
	SkTest string `json:"sk_test"`
	PkTest string `json:"pk_test"`
}

// merchant creates a merchant through the CLI, beside the running server.
func (s *server) merchant(t *testing.T, name string) keys {
	t.Helper()
	cmd := exec.Command(s.bin, "merchants", "create", "--name", name, "--json", "--database", s.db)
	cmd.Env = s.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("merchants create: %v\n%s", err, out)
	}
	var m struct{ Keys keys }
	if err := json.Unmarshal(out, &m); err != nil || m.Keys.SkTest == "" || m.Keys.PkTest == "" {
		t.Fatalf("merchants create printed %s (%v)", out, err)
	}
	return m.Keys
}

// hook is one webhook as the server delivered it.
type hook struct {
	secret, signature string
	payload           []byte
}

// delivery registers a webhook endpoint at a local receiver, makes a payment,
// and returns the payment.succeeded event the server delivered; the endpoint
// is deleted again, so the library's own payments go nowhere.
func (s *server) delivery(t *testing.T, sk string) hook {
	t.Helper()
	got := make(chan hook, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		select {
		case got <- hook{signature: r.Header.Get(webhook.SignatureHeader), payload: body}:
		default:
		}
	}))
	defer receiver.Close()
	var endpoint struct{ ID, Secret string }
	s.call(t, sk, "POST", "/v2/webhook_endpoints", fmt.Sprintf(`{"url": %q, "enabled_events": ["payment.succeeded"]}`, receiver.URL), &endpoint)
	defer s.call(t, sk, "DELETE", "/v2/webhook_endpoints/"+endpoint.ID, "", nil)
	s.call(t, sk, "POST", "/v2/payments", `{"amount": 1234, "currency": "usd", "description": "the harness's webhook",
		"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}}`, nil)
	select {
	case h := <-got:
		h.secret = endpoint.Secret
		ev, err := webhook.ConstructEvent(h.payload, h.signature, h.secret, 0)
		if err != nil || ev.Type != "payment.succeeded" {
			t.Fatalf("the delivered webhook (%s, %v): %s", ev.Type, err, h.payload)
		}
		return h
	case <-time.After(30 * time.Second):
		t.Fatal("no webhook delivered within 30 s")
		return hook{}
	}
}

// call makes one API call that must answer 200, decoding its body into out.
func (s *server) call(t *testing.T, key, method, path, body string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

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

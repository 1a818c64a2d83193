package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestApplicationsCLI drives the Paysley application model through the CLI
// against a running server: the operator's commands run in another process
// (another engine, another key cache), so each change reaches the server
// within domain.KeyCacheTTL.
func TestApplicationsCLI(t *testing.T) {
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
	var m struct{ ID string }
	json.Unmarshal([]byte(cli("merchants", "create", "--name", "Acme", "--json")), &m)
	raw := cli("applications", "create", "--merchant", m.ID, "--name", "Shop plugin", "--json")
	var app struct {
		ID   string            `json:"id"`
		Keys map[string]string `json:"keys"`
	}
	if err := json.Unmarshal([]byte(raw), &app); err != nil || !strings.HasPrefix(app.ID, "app_") ||
		!strings.HasPrefix(app.Keys["py_test"], "py_test_") || !strings.HasPrefix(app.Keys["py_live"], "py_live_") || len(app.Keys) != 2 {
		t.Fatalf("applications create --json = %s (%v)", raw, err)
	}
	base, _, _ := serveWith(t, db, noEnv, "--trusted-proxy", "127.0.0.1")
	base = behindTLSProxy(t, base) // live keys come over HTTPS
	status := func(key string) int {
		t.Helper()
		s, _ := request(t, "GET", base+"/v2/customers", key, "")
		return s
	}
	// eventually waits out the server's key cache (one second).
	eventually := func(step, key string, want int) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for {
			got := status(key)
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: status %d, want %d", step, got, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if s := status(app.Keys["py_test"]); s != 200 {
		t.Fatalf("test key of a draft: %d", s)
	}
	code, body := request(t, "GET", base+"/v2/customers", app.Keys["py_live"], "")
	if code != 403 || body["message"] != "Forbidden" {
		t.Fatalf("draft live key: %d %v", code, body)
	}
	if out := cli("applications", "publish", "--application", app.ID); !strings.Contains(out, "published, not enabled") {
		t.Fatalf("publish: %s", out)
	}
	time.Sleep(1100 * time.Millisecond)
	if s := status(app.Keys["py_live"]); s != 403 {
		t.Fatalf("published, not enabled: %d", s)
	}
	cli("applications", "enable", "--application", app.ID)
	eventually("enabled", app.Keys["py_live"], 200)
	cli("applications", "disable", "--application", app.ID)
	eventually("disabled", app.Keys["py_live"], 403)
	if out := cli("applications", "list", "--merchant", m.ID); !strings.Contains(out, app.ID) || !strings.Contains(out, "not enabled") {
		t.Fatalf("list: %s", out)
	}

	// A dashboard user with a generated password, printed once.
	var u struct{ ID, Email, Role, Password string }
	json.Unmarshal([]byte(cli("users", "create", "--merchant", m.ID, "--email", "Owner@Example.com", "--role", "owner", "--json")), &u)
	if !strings.HasPrefix(u.ID, "usr_") || u.Email != "owner@example.com" || u.Role != "owner" || len(u.Password) < 10 {
		t.Fatalf("users create: %+v", u)
	}
	if out := cli("users", "list", "--merchant", m.ID); !strings.Contains(out, "owner@example.com") || strings.Contains(out, u.Password) {
		t.Fatalf("users list: %s", out)
	}
}

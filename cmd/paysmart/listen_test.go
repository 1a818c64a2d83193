package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/paysmart/paysmart/sdk/webhook"
)

// received is what a local webhook receiver got.
type received struct {
	mu   sync.Mutex
	reqs []receivedReq
}

type receivedReq struct {
	body   []byte
	header http.Header
}

func (r *received) add(body []byte, h http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, receivedReq{body, h})
}

func (r *received) all() []receivedReq {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receivedReq(nil), r.reqs...)
}

func demoKeys(t *testing.T, stdout string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, m := range regexp.MustCompile(`(sk_test|pk_test|py_test)\s+(\S+)`).FindAllStringSubmatch(stdout, -1) {
		keys[m[1]] = m[2]
	}
	if keys["sk_test"] == "" {
		t.Fatalf("no demo keys in %s", stdout)
	}
	return keys
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestListenAndTrigger(t *testing.T) {
	t.Parallel()
	base, serverOut := startServer(t, "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	sk := demoKeys(t, serverOut.String())["sk_test"]

	var got received
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.add(b, r.Header.Clone())
		if r.URL.Path != "/webhook" {
			w.WriteHeader(404)
		}
	}))
	t.Cleanup(recv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"listen", "--forward-to", strings.TrimPrefix(recv.URL, "http://") + "/webhook",
			"--events", "payment.succeeded,customer.created"}, func(k string) string {
			return map[string]string{"PAYSMART_API_KEY": sk, "PAYSMART_API_URL": base}[k]
		}, out, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("listen returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("listen did not stop")
		}
	})
	secretRE := regexp.MustCompile(`Ready! Your webhook signing secret is (whsec_\S+)`)
	waitUntil(t, "listen to connect", func() bool { return secretRE.MatchString(out.String()) })
	secret := secretRE.FindStringSubmatch(out.String())[1]

	cli := func(args ...string) (string, error) {
		var o, e lockedBuffer
		err := run(context.Background(), args, noEnv, &o, &e)
		return o.String() + e.String(), err
	}
	for _, ev := range []string{"payment.succeeded", "payment.failed", "refund.created", "customer.created"} {
		text, err := cli("trigger", ev, "--api-key", sk, "--api-url", base)
		if err != nil || !strings.Contains(text, "Trigger succeeded") {
			t.Fatalf("trigger %s: %v\n%s", ev, err, text)
		}
		st, list := request(t, "GET", base+"/v2/events?type="+ev, sk, "")
		if st != 200 || len(list["data"].([]any)) == 0 {
			t.Fatalf("no %s event after trigger: %v", ev, list)
		}
	}

	// listen forwards what --events asked for, signed with its session secret:
	// payment.succeeded twice (refund.created's fixture pays first) and customer.created.
	waitUntil(t, "three forwarded events", func() bool { return len(got.all()) >= 3 })
	time.Sleep(600 * time.Millisecond) // a few stream polls: nothing else may come
	types := map[string]int{}
	for _, r := range got.all() {
		ev, err := sdk.ConstructEvent(r.body, r.header.Get("PaySmart-Signature"), secret, 0)
		if err != nil {
			t.Fatalf("forwarded event does not verify: %v", err)
		}
		types[ev.Type]++
	}
	if types["payment.succeeded"] != 2 || types["customer.created"] != 1 || len(types) != 2 {
		t.Fatalf("forwarded %v", types)
	}
	if n := strings.Count(out.String(), "<--  [200] POST "+recv.URL+"/webhook"); n != 3 {
		t.Errorf("listen showed %d successful forwards:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "--> customer.created [evt_") {
		t.Errorf("listen output:\n%s", out.String())
	}

	// Refusals.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"trigger", "payment.succeeded", "--api-key", "sk_live_" + strings.Repeat("a", 32), "--api-url", base}, "test mode only"},
		{[]string{"trigger", "invoice.paid", "--api-key", sk, "--api-url", base}, "supported events"},
		{[]string{"trigger", "payment.succeeded", "--api-url", base}, "--api-key"},
		{[]string{"trigger", "customer.created", "--api-key", "sk_test_" + strings.Repeat("a", 32), "--api-url", base}, "401"},
		{[]string{"listen", "--forward-to", "localhost:1/x", "--api-key", "sk_test_" + strings.Repeat("a", 32), "--api-url", base}, "401"},
		{[]string{"listen", "--forward-to", "localhost:1/x", "--api-key", sk, "--api-url", base, "--events", "nope"}, "not an event type"},
	} {
		text, err := cli(tc.args...)
		if err == nil || !strings.Contains(err.Error()+text, tc.want) {
			t.Errorf("%v: %v %s; want an error mentioning %q", tc.args, err, text, tc.want)
		}
	}
}

// TestShutdownEndsEventStreams: a SIGTERM'd server does not wait for open
// event streams (paysmart listen sessions) to end on their own.
func TestShutdownEndsEventStreams(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", "sqlite:" + filepath.Join(t.TempDir(), "p.db")},
			noEnv, stdout, io.Discard)
	}()
	re := regexp.MustCompile(`listening on (http://\S+)`)
	waitUntil(t, "the server", func() bool { return re.MatchString(stdout.String()) })
	base := re.FindStringSubmatch(stdout.String())[1]
	req, _ := http.NewRequest("GET", base+"/v2/events/stream", nil)
	req.Header.Set("Authorization", "Bearer "+demoKeys(t, stdout.String())["sk_test"])
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("stream: %v %v", res, err)
	}
	defer res.Body.Close()
	stopped := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve waited for the open stream")
	}
	if d := time.Since(stopped); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if _, err := io.ReadAll(res.Body); err != nil {
		t.Logf("stream ended with %v", err)
	}
}

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestThreeNodes runs three server processes on one PostgreSQL database
// behind a round-robin proxy, under a mixed workload: payments, refunds,
// captures, cancels and declines, each request retried with its
// Idempotency-Key (a retry lands on another node), and a webhook endpoint
// receiving every event; meanwhile subscriptions created on each node are
// billed (every node scans for due charges each second) and invoices e-mailed
// through one SMTP server. Nothing is charged twice or lost, every event is
// delivered exactly once by one of the nodes, each subscription period is
// charged once, each message is sent once, money stays refunded ≤ captured ≤
// authorised, and `paysmart verify` is clean.
func TestThreeNodes(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t, store.Postgres)
	ctx := context.Background()

	var mu sync.Mutex
	deliveries := map[string]int{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := eventID(mustRead(r))
		mu.Lock()
		deliveries[id]++
		mu.Unlock()
	}))
	defer recv.Close()

	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	flags := []string{"--reconcile-after", "1s", "--sandbox-latency", "3ms", "--job-workers", "4",
		"--billing-interval", "1s", "--dunning-schedule", "1s,2s", "--test-smtp-url", mail.URL(), "--mail-from", "noreply@paysmart.test"}
	var nodes []*proc
	var backends []*url.URL
	for range 3 {
		p := startProc(t, db, flags...)
		u, _ := url.Parse(p.base)
		nodes, backends = append(nodes, p), append(backends, u)
	}
	var next atomic.Uint64
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(backends[next.Add(1)%uint64(len(backends))])
	}})
	defer proxy.Close()

	keys := demoKeys(t, nodes[0].stdout.String())
	sk := keys["sk_test"]
	if st, _ := request(t, "POST", proxy.URL+"/v2/webhook_endpoints", sk, `{"url":"`+recv.URL+`","enabled_events":["*"]}`); st != 200 {
		t.Fatalf("webhook endpoint: %d", st)
	}
	c := &crashClient{t: t, sk: sk, acked: map[string]string{}, http: &http.Client{Timeout: 10 * time.Second}}
	c.base.Store(&proxy.URL)
	const workers, perWorker = 6, 8
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perWorker {
				c.scenario(ctx, fmt.Sprintf("w%d-s%d", w, j), w+j)
				if j%3 == 0 { // the same key again, on the next node: the first answer, replayed
					c.scenario(ctx, fmt.Sprintf("w%d-s%d", w, j), w+j)
				}
			}
		}()
	}
	// Beside the workload, on this goroutine (the helpers may stop the
	// test): subscriptions and e-mailed invoices, each on every node in turn.
	const subscriptions, invoices = 12, 12
	bases := []string{nodes[0].base, nodes[1].base, nodes[2].base}
	subscribeMany(t, bases, sk, subscriptions)
	for i := range invoices {
		st, body := request(t, "POST", bases[i%3]+"/v2/payment-requests", keys["py_test"], fmt.Sprintf(`{"request_methods": ["EMAIL"],
			"email": "inv%d@doe.test", "amount": 10, "currency": "USD", "fixed_amount": true}`, i))
		if st != 200 {
			t.Fatalf("payment request %d: %d %v", i, st, body)
		}
	}
	wg.Wait()
	for _, pr := range c.problems {
		t.Error(pr)
	}

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
	waitBilled(t, s, subscriptions)
	checkBilledOnce(t, s, subscriptions)
	lost, dups := checkObjects(t, s, c.acked)
	unrecorded := checkLedger(t, s)
	var broken int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM payments
		WHERE amount_refunded > amount_captured OR amount_captured > amount`).Scan(&broken); err != nil || broken != 0 {
		t.Errorf("%d payments with refunded > captured or captured > authorised (%v)", broken, err)
	}

	// Every event, delivered once.
	var events int
	waitFor(t, 60*time.Second, "every event delivered", func() bool {
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM events`).Scan(&events); err != nil {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		return len(deliveries) >= events
	})
	time.Sleep(300 * time.Millisecond) // a second delivery would show now
	mu.Lock()
	for id, n := range deliveries {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
	mu.Unlock()
	var per []int
	total := 0
	for _, p := range nodes {
		v := metric(t, p.base, `paysmart_jobs_total{kind="webhook_delivery",outcome="succeeded"}`)
		per, total = append(per, v), total+v
	}
	if total != events {
		t.Errorf("nodes report %v deliveries, %d in all, for %d events", per, total, events)
	}

	// Every message sent, each received once, by whichever node.
	var messages int
	waitFor(t, 60*time.Second, "every message sent", func() bool {
		messages = countRows(t, s, `SELECT COUNT(*) FROM messages`)
		return messages >= invoices && countRows(t, s, `SELECT COUNT(*) FROM messages WHERE status <> 'sent'`) == 0
	})
	time.Sleep(300 * time.Millisecond) // a second send would show now
	received := map[string]int{}
	for _, m := range mail.Mails() {
		received[m.MessageID]++
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT id, provider_id FROM messages`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, provider string
		if err := rows.Scan(&id, &provider); err != nil {
			t.Fatal(err)
		}
		if received[provider] != 1 {
			t.Errorf("message %s (%s) received %d times", id, provider, received[provider])
		}
	}
	rows.Close()
	if n := len(mail.Mails()); n != messages {
		t.Errorf("%d e-mails received for %d messages", n, messages)
	}

	out, err := exec.Command(paysmartBinary(t), "verify", "--database", db).CombinedOutput()
	if err != nil {
		t.Errorf("paysmart verify: %v\n%s", err, out)
	}
	t.Logf("three nodes: %d requests (%d retries, %d replays), %d keys, %d events delivered by node %v; %d lost, %d duplicates, %d unrecorded calls; %d messages sent",
		c.requests.Load(), c.retries.Load(), c.replays.Load(), len(c.acked), events, per, lost, dups, unrecorded, messages)
}

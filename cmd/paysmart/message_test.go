package main

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestQueuedMessagesSurviveSIGKILL kills the server while e-mails are in
// flight (the SMTP server holds their sessions at RCPT) and others wait for
// a worker; after a restart on the same database every message is sent,
// each exactly once, and the one sent before the kill is not sent again.
func TestQueuedMessagesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
			flags := []string{"--job-workers", "2", "--job-lease", "3s", "--test-smtp-url", mail.URL(),
				"--mail-from", "noreply@paysmart.test"}
			p := startProc(t, db, flags...)
			py := demoKeys(t, p.stdout.String())["py_test"]
			create := func(base string, i int) {
				t.Helper()
				st, body := request(t, "POST", base+"/v2/payment-requests", py, fmt.Sprintf(`{"request_methods": ["EMAIL"],
					"email": "c%d@doe.test", "amount": 10, "currency": "USD", "fixed_amount": true}`, i))
				if st != 200 {
					t.Fatalf("payment request %d: %d %v", i, st, body)
				}
			}
			outbox := func(base string) []any {
				_, list := request(t, "GET", base+"/v2/messages?limit=100", py, "")
				msgs, _ := list["messages"].([]any)
				return msgs
			}
			sent := func(base string) int {
				n := 0
				for _, m := range outbox(base) {
					if m.(map[string]any)["status"] == "sent" {
						n++
					}
				}
				return n
			}

			create(p.base, 0)
			mail.Wait(1)
			waitUntil(t, "the first message recorded sent", func() bool { return sent(p.base) == 1 })
			mail.Hold()
			for i := 1; i <= 6; i++ {
				create(p.base, i)
			}
			waitUntil(t, "two messages in flight", func() bool { return mail.Sessions() >= 3 })
			p.kill(t)
			mail.Release()

			p2 := startProc(t, db, flags...)
			waitUntil(t, "every message sent after the restart", func() bool { return sent(p2.base) == 7 })
			time.Sleep(200 * time.Millisecond)
			got := map[string]int{}
			for _, m := range mail.Mails() {
				got[m.MessageID]++
			}
			for _, m := range outbox(p2.base) {
				id := m.(map[string]any)["provider_id"].(string)
				if got[id] != 1 {
					t.Errorf("message %s received %d times", id, got[id])
				}
			}
			if n := len(mail.Mails()); n != 7 {
				t.Errorf("%d e-mails received, want 7", n)
			}
		})
	}
}

// TestKeptMessagesSentWhenTransportConfigured starts the server without a
// test SMTP server: an invoice stays in the outbox. Restarted with
// --test-smtp-url it is sent; restarted again (or by a second server on the
// same database) it is not sent twice.
func TestKeptMessagesSentWhenTransportConfigured(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
			stop := func(p *proc) {
				t.Helper()
				if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
					t.Fatal(err)
				}
				<-p.exited
			}
			p := startProc(t, db, "--mail-from", "noreply@paysmart.test")
			py := demoKeys(t, p.stdout.String())["py_test"]
			outbox := func(base string) []map[string]any {
				_, list := request(t, "GET", base+"/v2/messages?limit=100", py, "")
				var out []map[string]any
				for _, m := range list["messages"].([]any) {
					out = append(out, m.(map[string]any))
				}
				return out
			}
			st, body := request(t, "POST", p.base+"/v2/payment-requests", py, `{"request_methods": ["EMAIL"],
				"email": "kept@doe.test", "amount": 10, "currency": "USD", "fixed_amount": true}`)
			if st != 200 {
				t.Fatalf("payment request: %d %v", st, body)
			}
			waitUntil(t, "the invoice kept in the outbox", func() bool {
				m := outbox(p.base)
				e, _ := m[0]["error"].(string)
				return len(m) == 1 && m[0]["status"] == "queued" && strings.Contains(e, "--test-smtp-url")
			})
			stop(p)

			flags := []string{"--mail-from", "noreply@paysmart.test", "--test-smtp-url", mail.URL()}
			p = startProc(t, db, flags...)
			if got := mail.Wait(1)[0]; got.To[0] != "kept@doe.test" {
				t.Errorf("sent to %v", got.To)
			}
			waitUntil(t, "the invoice recorded sent", func() bool { return outbox(p.base)[0]["status"] == "sent" })
			p2 := startProc(t, db, flags...) // a second node, on PostgreSQL; a restart on SQLite
			stop(p)
			time.Sleep(300 * time.Millisecond)
			if n := len(mail.Mails()); n != 1 {
				t.Errorf("%d e-mails, want 1", n)
			}
			// A kept attempt is not counted: the one attempt is the send.
			if m := outbox(p2.base); len(m) != 1 || m[0]["attempts"] != 1.0 || m[0]["status"] != "sent" {
				t.Errorf("outbox: %d messages, the first %v after %v attempts; want one, sent once", len(m), m[0]["status"], m[0]["attempts"])
			}
		})
	}
}

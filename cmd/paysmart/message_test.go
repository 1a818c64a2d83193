package main

import (
	"fmt"
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

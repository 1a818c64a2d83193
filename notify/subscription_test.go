package notify_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// A subscription whose card fails at every charge e-mails its customer at
// each failure, through the outbox to a real SMTP server: a retry scheduled
// (with its date), then past_due after the last retry; with the account's
// dunning_final set to canceled (POST /v2/account), the last e-mail says the
// subscription is canceled.
func TestSubscriptionFailureEmails(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
		v := newEnv(t, s, testTransports(t, mail, nil))
		sk := "basic:" + v.Keys["sk_test"]
		do := func(method, path, body string) servertest.Reply {
			t.Helper()
			return v.Do(t, servertest.Call{Method: method, Path: path, Auth: sk, Body: body})
		}
		start := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
		r := do("POST", "/v2/test_helpers/test_clocks", fmt.Sprintf(`{"frozen_time": %d}`, start.Unix()))
		servertest.Expect(t, r, 200, nil)
		clock := r.Get("id").(string)
		r = do("POST", "/v2/customers", fmt.Sprintf(`{"email": "payer@doe.test", "test_clock": %q}`, clock))
		servertest.Expect(t, r, 200, nil)
		customer := r.Get("id").(string)
		subscribe := func(interval string) {
			t.Helper()
			r := do("POST", "/v2/payment_methods", fmt.Sprintf(`{"type": "card", "customer": %q,
				"card": {"number": "4000000000000341", "exp_month": 12, "exp_year": 2045, "cvc": "123"}}`, customer))
			servertest.Expect(t, r, 200, nil)
			r = do("POST", "/v2/subscriptions", fmt.Sprintf(`{"customer": %q, "payment_method": %q, "amount": 1500,
				"currency": "usd", "interval": %q}`, customer, r.Get("id"), interval))
			servertest.Expect(t, r, 200, map[string]any{"status": "active"})
		}

		subscribe("month") // the first charge fails at once
		first := mail.Wait(1)[0]
		mustContain(t, "first failure", first.Subject, "Your payment to Acme & Co failed; we will try again")
		mustContain(t, "first failure", first.Text, "Hello there,", "subscription payment of $15.00 to Acme & Co",
			"did not go through: ", "We will try your card again on 2 March 2027, 12:00 UTC")
		mustContain(t, "first failure HTML", first.HTML, "Acme &amp; Co")
		if len(first.To) != 1 || first.To[0] != "payer@doe.test" {
			t.Errorf("sent to %v", first.To)
		}

		advance := func(to time.Time) {
			t.Helper()
			r := do("POST", "/v2/test_helpers/test_clocks/"+clock+"/advance", fmt.Sprintf(`{"frozen_time": %d}`, to.Unix()))
			servertest.Expect(t, r, 200, map[string]any{"status": "ready"})
		}
		advance(start.AddDate(0, 0, 10)) // the retries after 1, 3 and 5 days
		// The job runner's workers send concurrently: the order in which
		// the mails arrive is not the order they were written in.
		got := mail.Wait(4)
		mailWith(t, got, "try your card again on 4 March 2027")
		mailWith(t, got, "try your card again on 6 March 2027")
		last := mailWith(t, got, "is past due")
		mustContain(t, "given up", last.Subject, "Your payment to Acme & Co is past due")
		mustContain(t, "given up", last.Text, "will not try it again", "The next payment is due on 1 April 2027")

		r = do("POST", "/v2/account", `{"settings": {"subscriptions": {"dunning_final": "canceled"}}}`)
		servertest.Expect(t, r, 200, map[string]any{"settings.subscriptions.dunning_final": "canceled"})
		subscribe("year")
		advance(start.AddDate(0, 0, 20))
		// The past_due subscription's next period is not due; the new one
		// fails four times, then is canceled.
		got = mail.Wait(8)
		canceled := mailWith(t, got, "is canceled")
		mustContain(t, "canceled", canceled.Subject, "Your subscription with Acme & Co is canceled")
		mustContain(t, "canceled", canceled.Text, "no further payments will be taken")
		r = do("GET", "/v2/messages?limit=100", "")
		servertest.Expect(t, r, 200, map[string]any{"data.0.kind": "subscription_payment_failed"})
		if n := len(r.Get("data").([]any)); n != 8 {
			t.Errorf("%d messages in the outbox, want 8", n)
		}
		if strings.Contains(canceled.Text, "{{") {
			t.Errorf("a variable left unexpanded:\n%s", canceled.Text)
		}
	})
}

// mailWith returns the one mail whose subject or text holds s.
func mailWith(t *testing.T, mails []notifytest.Mail, s string) notifytest.Mail {
	t.Helper()
	var found []notifytest.Mail
	for _, m := range mails {
		if strings.Contains(m.Subject, s) || strings.Contains(m.Text, s) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d mails hold %q, want 1", len(found), s)
	}
	return found[0]
}

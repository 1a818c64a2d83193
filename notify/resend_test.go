package notify_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// A sent or a failed message is resent as a new message linked to it, once
// per Idempotency-Key, in each dialect; the original keeps its history. A
// message still queued is refused in each dialect's shape.
func TestResendMessage(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
		mail.Behave(func(n int) error {
			if n == 1 {
				return notifytest.PermFail
			}
			return nil
		})
		v := newEnv(t, s, testTransports(t, mail, nil)) // no SMS transport: SMS stay in the outbox
		py, sk := v.Keys["py_test"], v.Keys["sk_test"]
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
			"request_methods": ["EMAIL", "SMS"], "email": "john@doe.test", "mobile_number": "+12015550123",
			"amount": 10, "currency": "USD", "fixed_amount": true, "attach_invoice": true}`})
		servertest.Expect(t, r, 200, nil)
		list := waitOutbox(t, v, py, func(m map[string]any) bool { return m["status"] == domain.MessageFailed })
		var failed, kept string
		for _, m := range list {
			m := m.(map[string]any)
			switch m["channel"] {
			case "email":
				failed = m["message_id"].(string)
			case "sms":
				kept = m["message_id"].(string)
			}
		}
		waitOutbox(t, v, py, func(m map[string]any) bool {
			e, _ := m["error"].(string)
			return m["message_id"] == kept && strings.Contains(e, "kept in the outbox")
		})

		// The failed e-mail, resent through PaySmart with an Idempotency-Key.
		call := servertest.Call{Method: "POST", Path: "/v2/messages/" + failed + "/resend", Auth: "basic:" + sk,
			Headers: map[string]string{"Idempotency-Key": "resend-1"}}
		r = v.Do(t, call)
		servertest.Expect(t, r, 200, map[string]any{"object": "message", "resent_from": failed, "status": "queued",
			"channel": "email", "kind": "invoice", "to": "john@doe.test", "attempts": 0.0, "last_error": nil,
			"attachments.0.source": "invoice"})
		resent := r.Get("id").(string)
		r = v.Do(t, call)
		servertest.Expect(t, r, 200, map[string]any{"id": resent})
		if r.Header.Get("Idempotent-Replayed") != "true" {
			t.Error("the retry of the resend was not replayed")
		}
		got := mail.Wait(1)[0]
		mustContain(t, "resent invoice", got.Text, "$10.00")
		if got.MessageID != "<"+resent+"@paysmart.test>" || len(got.Attachments) != 1 {
			t.Errorf("resent e-mail: Message-Id %s, %d attachments", got.MessageID, len(got.Attachments))
		}
		r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + failed, Auth: "basic:" + sk})
		servertest.Expect(t, r, 200, map[string]any{"status": "failed", "attempts": 1.0, "resent_from": nil})
		mustContain(t, "original's error", r.Get("last_error").(string), "550")

		// The sent resend, resent again through Paysley.
		waitOutbox(t, v, py, func(m map[string]any) bool { return m["message_id"] == resent && m["status"] == "sent" })
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/messages/" + resent + "/resend", Auth: "bearer:" + py})
		servertest.Expect(t, r, 200, map[string]any{"result": "success", "resent_from": resent, "status": "queued",
			"type": "invoice", "channel": "email"})
		again := r.Get("message_id").(string)
		mail.Wait(2)
		waitOutbox(t, v, py, func(m map[string]any) bool { return m["message_id"] == again && m["status"] == "sent" })
		r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + resent, Auth: "basic:" + sk})
		servertest.Expect(t, r, 200, map[string]any{"status": "sent", "attempts": 1.0,
			"provider_id": "<" + resent + "@paysmart.test>"})

		// A queued message is refused; an unknown one is not found.
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/messages/" + kept + "/resend", Auth: "basic:" + sk})
		servertest.Expect(t, r, 400, map[string]any{"error.type": "invalid_request_error", "error.code": "message_queued"})
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/messages/" + kept + "/resend", Auth: "bearer:" + py})
		servertest.Expect(t, r, 400, map[string]any{"result": "failed", "is_valid": false, "error_field": "message_id"})
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/messages/msg_nope/resend", Auth: "bearer:" + py})
		servertest.Expect(t, r, 404, map[string]any{"error_field": "message_id", "error_message": "message_id not found"})
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/messages/" + failed + "/resend", Auth: "basic:" + sk,
			Body: `{"to": "x@doe.test"}`})
		servertest.Expect(t, r, 400, map[string]any{"error.param": "to"})

		time.Sleep(100 * time.Millisecond)
		if n := len(mail.Mails()); n != 2 {
			t.Errorf("%d e-mails accepted, want 2 (the first attempt was refused)", n)
		}
		if n := len(v.messages(t, py)); n != 4 {
			t.Errorf("%d messages in the outbox, want 4", n)
		}
	})
}

// restart stops v's runner and starts one whose sender has the transports
// wire sets, as a server restarted with new flags: it returns the sender.
func restart(t *testing.T, v *env, wire func(*notify.Sender)) *notify.Sender {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v.runner.Stop(ctx)
	sn := &notify.Sender{Engine: v.sender.Engine, Files: v.sender.Files, MailFrom: v.sender.MailFrom,
		SMSFrom: v.sender.SMSFrom, Log: v.sender.Log, Clock: v.clock.Now}
	wire(sn)
	r := jobs.New(v.store, jobs.Config{Poll: 10 * time.Millisecond, Clock: v.clock.Now, Rand: func() float64 { return 0.5 }})
	sn.Register(r)
	v.store.OnJobInserted(r.Wake)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
	v.runner, v.sender = r, sn
	return sn
}

// Messages kept in the outbox for want of a transport are sent once one is
// configured: QueueKept at start-up queues those of its channels and modes,
// once even when two nodes start together, and not again after that.
func TestKeptMessagesSentOnceTransportConfigured(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, nil)
		py := v.Keys["py_test"]
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
			"request_methods": ["EMAIL", "SMS"], "email": "john@doe.test", "mobile_number": "+12015550123",
			"amount": 25, "currency": "USD", "fixed_amount": true}`})
		servertest.Expect(t, r, 200, nil)
		r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_live"], Body: `{
			"request_methods": ["EMAIL"], "email": "live@doe.test", "amount": 25, "currency": "USD", "fixed_amount": true}`})
		servertest.Expect(t, r, 200, nil)
		keptAll := func(key string, n int) {
			t.Helper()
			waitFor(t, "the messages kept", func() bool {
				k := 0
				for _, m := range v.messages(t, key) {
					e, _ := m.(map[string]any)["error"].(string)
					if strings.Contains(e, "kept in the outbox") {
						k++
					}
				}
				return k == n
			})
		}
		keptAll(py, 2)
		keptAll(v.Keys["py_live"], 1)
		// A week later the finished jobs of the e-mail and SMS are pruned:
		// queueing them inserts new ones.
		v.clock.Advance(8 * 24 * time.Hour)
		if _, err := v.runner.Prune(context.Background(), 7*24*time.Hour); err != nil {
			t.Fatal(err)
		}

		// Two nodes start with a test-mode SMTP server (no SMS provider).
		withMail := testTransports(t, mail, nil)
		restart(t, v, withMail)
		other := &notify.Sender{Engine: v.Engine}
		withMail(other)
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i, sn := range []*notify.Sender{v.sender, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := sn.QueueKept(context.Background())
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if counts[0]+counts[1] != 1 {
			t.Fatalf("queued %v, want the one test e-mail once", counts)
		}
		if got := mail.Wait(1)[0]; got.To[0] != "john@doe.test" {
			t.Errorf("sent to %v", got.To)
		}
		v.waitMessages(t, py, 1, domain.MessageSent)

		// Restarted again with the SMS provider too: only the SMS is queued.
		sn := restart(t, v, testTransports(t, mail, sms))
		if n, err := sn.QueueKept(context.Background()); err != nil || n != 1 {
			t.Fatalf("queued %d (%v), want the SMS", n, err)
		}
		if got := sms.Wait(t, 1)[0]; got.To != "+12015550123" {
			t.Errorf("sms to %s", got.To)
		}
		v.waitMessages(t, py, 2, domain.MessageSent)
		if n, err := sn.QueueKept(context.Background()); err != nil || n != 0 {
			t.Errorf("queued %d (%v) on a later start, want 0", n, err)
		}
		time.Sleep(100 * time.Millisecond)
		if len(mail.Mails()) != 1 || len(sms.Messages()) != 1 {
			t.Errorf("%d e-mails and %d SMS, want one each", len(mail.Mails()), len(sms.Messages()))
		}
		// The live e-mail waits for a live transport: test ones never send it.
		for _, m := range v.messages(t, v.Keys["py_live"]) {
			if m.(map[string]any)["status"] != "queued" {
				t.Errorf("a live message left the outbox through test transports: %v", m)
			}
		}
	})
}

// Editing a payment request sends the invoice again when the customer would
// see a difference: a new amount to both channels (with the new invoice
// attached), a new address to its channel alone; an edit of nothing the
// customer sees, or a replayed edit, sends nothing.
func TestInvoiceOnPaymentRequestEdit(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, testTransports(t, mail, sms))
		py := v.Keys["py_test"]
		body := func(tx, ref, email, amount, expiry string) string {
			return `{` + tx + `"request_methods": ["EMAIL", "SMS"], "email": "` + email + `", "mobile_number": "+12015550123",
				"reference_number": "` + ref + `", "amount": ` + amount + `, "currency": "USD", "fixed_amount": true,
				"attach_invoice": true, "expiry_date": "` + expiry + `"}`
		}
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py,
			Body: body("", "R-1", "john@doe.test", "10", "2099-01-02 03:04")})
		servertest.Expect(t, r, 200, nil)
		tx := `"transaction_id": "` + r.Get("transaction_id").(string) + `", `
		mail.Wait(1)
		sms.Wait(t, 1)
		v.waitMessages(t, py, 2, domain.MessageSent)
		edit := func(key, b string) {
			t.Helper()
			call := servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: b}
			if key != "" {
				call.Headers = map[string]string{"Idempotency-Key": key}
			}
			servertest.Expect(t, v.Do(t, call), 200, nil)
		}
		settled := func(n int) {
			t.Helper()
			v.waitMessages(t, py, n, domain.MessageSent)
			time.Sleep(100 * time.Millisecond)
			if got := len(v.messages(t, py)); got != n {
				t.Fatalf("%d messages, want %d", got, n)
			}
		}

		// Only the reference number and the phone's spacing: nothing is sent.
		edit("", strings.Replace(body(tx, "R-2", "John@Doe.test", "10", "2099-01-02 03:04"), "+12015550123", "+1 201 555 0123", 1))
		settled(2)

		// A new amount: the invoice goes again to both, the new PDF attached.
		edit("edit-1", body(tx, "R-2", "john@doe.test", "12.5", "2099-01-02 03:04"))
		edit("edit-1", body(tx, "R-2", "john@doe.test", "12.5", "2099-01-02 03:04")) // replayed
		got := mail.Wait(2)[1]
		mustContain(t, "edited invoice", got.Text, "$12.50")
		if len(got.Attachments) != 1 {
			t.Fatalf("attachments %+v", got.Attachments)
		}
		mustContain(t, "edited invoice PDF", pdfText(t, got.Attachments[0].Data), "$12.50")
		mustContain(t, "edited sms", sms.Wait(t, 2)[1].Body, "$12.50")
		settled(4)

		// A new e-mail address: the e-mail alone, to it.
		edit("", body(tx, "R-2", "jane@doe.test", "12.5", "2099-01-02 03:04"))
		if got := mail.Wait(3)[2]; got.To[0] != "jane@doe.test" {
			t.Errorf("sent to %v", got.To)
		}
		settled(5)

		// A new due date: both again.
		edit("", body(tx, "R-2", "jane@doe.test", "12.5", "2099-02-02 03:04"))
		mustContain(t, "new due date", mail.Wait(4)[3].Text, "2 February 2099")
		sms.Wait(t, 3)
		settled(7)
		if len(mail.Mails()) != 4 || len(sms.Messages()) != 3 {
			t.Errorf("%d e-mails and %d SMS, want 4 and 3", len(mail.Mails()), len(sms.Messages()))
		}
	})
}

package notify_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func card() domain.CardInput {
	return domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: time.Now().Year() + 2, CVC: "123"}
}

func testTransports(t testing.TB, mail *notifytest.SMTP, sms *notifytest.SMSSink) func(*notify.Sender) {
	return func(sn *notify.Sender) {
		if mail != nil {
			m, err := notify.NewSMTP(mail.URL(), mail.TLS)
			if err != nil {
				t.Fatal(err)
			}
			sn.Test.Mail = m
		}
		if sms != nil {
			p, err := notify.NewTwilio(sms.ProviderURL("ACtest", "secret"), nil)
			if err != nil {
				t.Fatal(err)
			}
			sn.Test.SMS = p
		}
	}
}

// A payment request with EMAIL and SMS yields exactly one e-mail (links and
// the PDF invoice checked in the parsed MIME) and one MMS at the provider;
// paying it yields the receipt, with the receipt PDF attached.
func TestPaymentRequestSendsInvoiceAndReceipt(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{STARTTLS: true})
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, testTransports(t, mail, sms))
		py := v.Keys["py_test"]
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
			"request_methods": ["EMAIL", "SMS"], "email": "john@doe.test", "mobile_number": "+1 201 555 0123",
			"customer_first_name": "John", "customer_last_name": "<Doe>", "reference_number": "OO-1234",
			"amount": 1500.12, "currency": "USD", "fixed_amount": true, "attach_invoice": true,
			"send_mms_invoice": true, "attach_receipt": true, "receipt_file_type": "pdf"}`})
		servertest.Expect(t, r, 200, nil)
		short, long := r.Get("short_url").(string), r.Get("long_url").(string)
		linkID := long[strings.LastIndex(long, "/")+1:]

		m := mail.Wait(1)[0]
		if m.To[0] != "john@doe.test" || m.From != "noreply@paysmart.test" {
			t.Errorf("envelope %s → %v", m.From, m.To)
		}
		mustContain(t, "From", m.Header.Get("From"), "Acme & Co", "noreply@paysmart.test")
		mustContain(t, "Reply-To", m.Header.Get("Reply-To"), "billing@acme.test")
		if m.Header.Get("Date") == "" || !strings.HasPrefix(m.MessageID, "<msg_") {
			t.Errorf("Date %q, Message-Id %q", m.Header.Get("Date"), m.MessageID)
		}
		if !m.Alternative || m.ContentType != "multipart/mixed" {
			t.Errorf("content type %s, alternative %v", m.ContentType, m.Alternative)
		}
		mustContain(t, "subject", m.Subject, "Acme & Co asks you to pay $1,500.12", "OO-1234")
		mustContain(t, "text", m.Text, "Hello John <Doe>,", long, "$1,500.12")
		mustContain(t, "html", m.HTML, `<a href="`+long+`">`, "John &lt;Doe&gt;", "Acme &amp; Co")
		if strings.Contains(m.HTML, "<Doe>") {
			t.Error("the HTML carries the customer's name unescaped")
		}
		if len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/pdf" {
			t.Fatalf("attachments %+v", m.Attachments)
		}
		mustContain(t, "invoice PDF", pdfText(t, m.Attachments[0].Data), "Acme & Co", "$1,500.12", short)

		got := sms.Wait(t, 1)[0]
		if got.To != "+12015550123" || got.From != "+12015550100" || got.Account != "ACtest" || got.Token != "secret" ||
			got.URL != "/2010-04-01/Accounts/ACtest/Messages.json" {
			t.Errorf("sms %+v", got)
		}
		mustContain(t, "sms", got.Body, short, "$1,500.12")
		if len(got.MediaURL) != 1 || got.MediaURL[0] != pages.InvoiceImageURL(strings.TrimSuffix(long, "/pay/"+linkID), linkID) {
			t.Fatalf("MediaUrl %v", got.MediaURL)
		}
		// The MMS carries the invoice as a picture, served where it says.
		res, err := http.Get(got.MediaURL[0])
		if err != nil {
			t.Fatal(err)
		}
		img, format, err := image.Decode(res.Body)
		res.Body.Close()
		if err != nil || format != "png" || res.Header.Get("Content-Type") != "image/png" || img.Bounds().Dx() != 1000 {
			t.Errorf("MMS media: %v %s %s", err, format, res.Header.Get("Content-Type"))
		}

		list := v.waitMessages(t, py, 2, domain.MessageSent)
		email, mms := list[0].(map[string]any), list[1].(map[string]any)
		if email["channel"] != "email" || email["type"] != "invoice" || email["provider_id"] != m.MessageID ||
			mms["channel"] != "mms" || !strings.HasPrefix(mms["provider_id"].(string), "SM") {
			t.Errorf("outbox %v", list)
		}

		// Paying it sends the receipt, once.
		if _, err := v.Engine.PayPaymentRequest(context.Background(), linkID, card(), 0, nil); err != nil {
			t.Fatal(err)
		}
		all := mail.Wait(2)
		rc := all[1]
		mustContain(t, "receipt subject", rc.Subject, "Your receipt from Acme & Co")
		mustContain(t, "receipt", rc.Text, "$1,500.12", "/receipts/pay_")
		if len(rc.Attachments) != 1 || rc.Attachments[0].ContentType != "application/pdf" {
			t.Fatalf("receipt attachments %+v", rc.Attachments)
		}
		mustContain(t, "receipt PDF", pdfText(t, rc.Attachments[0].Data), "Receipt", "$1,500.12", "Paid")
		v.waitMessages(t, py, 3, domain.MessageSent)
		time.Sleep(100 * time.Millisecond)
		if n := len(mail.Mails()); n != 2 {
			t.Errorf("%d e-mails, want 2", n)
		}
		if n := len(sms.Messages()); n != 1 {
			t.Errorf("%d SMS, want 1 (send_mms_receipt is false)", n)
		}

		// The PaySmart face of the same outbox.
		r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages?limit=2", Auth: "basic:" + v.Keys["sk_test"]})
		servertest.Expect(t, r, 200, map[string]any{"object": "list", "url": "/v2/messages", "has_more": true,
			"data.0.object": "message", "data.0.kind": "receipt", "data.0.status": "sent", "data.1.channel": "mms"})
		id := r.Get("data.0.id").(string)
		r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + id, Auth: "basic:" + v.Keys["sk_test"]})
		servertest.Expect(t, r, 200, map[string]any{"id": id, "attachments.0.source": "receipt", "attachments.0.format": "pdf",
			"livemode": false, "attempts": 1.0})
		r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages?channel=fax", Auth: "basic:" + v.Keys["sk_test"]})
		servertest.Expect(t, r, 400, map[string]any{"error.param": "channel"})
	})
}

// An SMTP server that answers 4xx and then accepts is retried: the message
// is sent once, on its second attempt; a 5xx fails it at once with the reason.
func TestSMTPTemporaryThenPermanent(t *testing.T) {
	t.Parallel()
	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	mail.Behave(func(n int) error {
		switch n {
		case 1:
			return notifytest.TempFail
		case 3:
			return notifytest.PermFail
		}
		return nil
	})
	v := newEnv(t, storetest.Open(t, store.SQLite), testTransports(t, mail, nil))
	py := v.Keys["py_test"]
	create := func(email string) {
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
			"request_methods": ["EMAIL"], "email": "` + email + `", "amount": 10, "currency": "EUR", "fixed_amount": true}`})
		servertest.Expect(t, r, 200, nil)
	}
	create("first@doe.test")
	waitFor(t, "the first attempt", func() bool { return mail.Sessions() >= 1 })
	list := waitOutbox(t, v, py, func(m map[string]any) bool { return m["attempts"] == 1.0 })
	m := list[0].(map[string]any)
	if m["status"] != "queued" || !strings.Contains(m["error"].(string), "451") {
		t.Fatalf("after a 451: %v", m)
	}
	v.clock.Advance(31 * time.Second) // past the first backoff
	v.runner.Wake()
	v.waitMessages(t, py, 1, domain.MessageSent)
	if got := mail.Wait(1); len(got) != 1 || got[0].To[0] != "first@doe.test" {
		t.Fatalf("accepted %d", len(got))
	}

	create("second@doe.test")
	list = waitOutbox(t, v, py, func(m map[string]any) bool { return m["status"] == domain.MessageFailed })
	m = list[1].(map[string]any)
	if m["status"] != "failed" || !strings.Contains(m["error"].(string), "550") || m["attempts"] != 1.0 {
		t.Fatalf("after a 550: %v", m)
	}
	if len(mail.Mails()) != 1 {
		t.Fatal("a refused message was accepted")
	}
}

// Test mode never reaches the live SMTP server or SMS provider, even when
// both are configured: without test transports its messages stay queued in
// the outbox; with them they go there. Live mode uses the live ones.
func TestTestModeNeverReachesLive(t *testing.T) {
	t.Parallel()
	liveMail := notifytest.NewSMTP(t, notifytest.SMTPOptions{Implicit: true, Auth: [2]string{"acme", "s3cret"}})
	liveSMS := notifytest.NewSMSSink(t)
	testMail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	testSMS := notifytest.NewSMSSink(t)
	live := func(sn *notify.Sender) {
		m, err := notify.NewSMTP(liveMail.URL(), liveMail.TLS)
		if err != nil {
			t.Fatal(err)
		}
		p, err := notify.NewTwilio(liveSMS.ProviderURL("AClive", "token"), nil)
		if err != nil {
			t.Fatal(err)
		}
		sn.Live = notify.Transports{Mail: m, SMS: p}
	}
	body := `{"request_methods": ["EMAIL", "SMS"], "email": "john@doe.test", "mobile_number": "+442079460958",
		"amount": 10, "currency": "GBP", "fixed_amount": true, "send_mms_invoice": true}`

	// Live transports only: test messages stay in the outbox.
	v := newEnv(t, storetest.Open(t, store.SQLite), live)
	r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_test"], Body: body})
	servertest.Expect(t, r, 200, nil)
	list := waitOutbox(t, v, v.Keys["py_test"], func(m map[string]any) bool {
		return m["error"] != nil && strings.Contains(m["error"].(string), "kept in the outbox")
	})
	time.Sleep(100 * time.Millisecond)
	for _, m := range v.messages(t, v.Keys["py_test"]) {
		if m.(map[string]any)["status"] != "queued" {
			t.Errorf("test message left the outbox: %v", m)
		}
	}
	if len(list) != 2 || liveMail.Sessions() != 0 || liveSMS.Hits() != 0 {
		t.Fatalf("live servers contacted by test mode: smtp %d, sms %d", liveMail.Sessions(), liveSMS.Hits())
	}
	// Outside the US and Canada an MMS becomes an SMS with the download link.
	sms := list[1].(map[string]any)
	if sms["channel"] != "sms" || !strings.Contains(sms["body"].(string), "Invoice: http") || sms["segments"] != 1.0 ||
		sms["encoding"] != "gsm7" {
		t.Errorf("GB sms %v", sms)
	}

	// Both configured: test to test, live to live.
	v = newEnv(t, storetest.Open(t, store.SQLite), func(sn *notify.Sender) {
		live(sn)
		testTransports(t, testMail, testSMS)(sn)
	})
	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_test"], Body: body})
	servertest.Expect(t, r, 200, nil)
	testMail.Wait(1)
	testSMS.Wait(t, 1)
	v.waitMessages(t, v.Keys["py_test"], 2, domain.MessageSent)
	if liveMail.Sessions() != 0 || liveSMS.Hits() != 0 {
		t.Fatalf("live servers contacted by test mode: smtp %d, sms %d", liveMail.Sessions(), liveSMS.Hits())
	}
	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_live"], Body: body})
	servertest.Expect(t, r, 200, nil)
	got := liveMail.Wait(1)[0]
	if got.To[0] != "john@doe.test" || strings.Contains(got.Text, "TEST MODE") {
		t.Errorf("live mail %+v", got)
	}
	if s := liveSMS.Wait(t, 1)[0]; s.Account != "AClive" || s.To != "+442079460958" {
		t.Errorf("live sms %+v", s)
	}
	v.waitMessages(t, v.Keys["py_live"], 2, domain.MessageSent)
	if len(testMail.Mails()) != 1 || len(testSMS.Messages()) != 1 {
		t.Error("a live message reached a test transport")
	}
}

// A PaySmart payment with receipt_email sends a receipt; a Paysley refund
// with email and mobile_number sends a refund receipt to both.
func TestReceiptEmailAndRefundReceipt(t *testing.T) {
	t.Parallel()
	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	sms := notifytest.NewSMSSink(t)
	v := newEnv(t, storetest.Open(t, store.SQLite), testTransports(t, mail, sms))
	sk := v.Keys["sk_test"]
	r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "basic:" + sk, Body: fmt.Sprintf(`{
		"amount": 2000, "currency": "usd", "receipt_email": "payer@doe.test",
		"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": %d}}}`, time.Now().Year()+2)})
	servertest.Expect(t, r, 200, map[string]any{"status": "succeeded"})
	payment := r.Get("id").(string)
	rc := mail.Wait(1)[0]
	mustContain(t, "receipt", rc.Text, "$20.00", "/receipts/"+payment, "Hello there,")
	if len(rc.Attachments) != 0 {
		t.Errorf("a Stripe-style receipt has no attachment: %+v", rc.Attachments)
	}

	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/refunds/" + strings.TrimPrefix(payment, "pay_"),
		Auth: "bearer:" + v.Keys["py_test"], Body: `{"amount": 5, "email": "payer@doe.test", "mobile_number": "+12015550123"}`})
	servertest.Expect(t, r, 200, nil)
	refund := mail.Wait(2)[1]
	mustContain(t, "refund receipt", refund.Subject, "Refund of $5.00 from Acme & Co")
	if s := sms.Wait(t, 1)[0]; !strings.Contains(s.Body, "refunded $5.00") || s.To != "+12015550123" {
		t.Errorf("refund sms %+v", s)
	}
	r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages?payment=" + payment, Auth: "basic:" + sk})
	servertest.Expect(t, r, 200, map[string]any{"data.0.kind": "refund_receipt", "data.2.kind": "receipt"})
}

// A merchant's template is used with its variables, HTML-escaped, and
// previewed; an SMS template's segments are counted.
func TestTemplates(t *testing.T) {
	t.Parallel()
	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	v := newEnv(t, storetest.Open(t, store.SQLite), testTransports(t, mail, nil))
	py := v.Keys["py_test"]
	r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates", Auth: "bearer:" + py, Body: `{"name": "Invoice",
		"channel": "email", "subject": "Invoice {{ reference_number }} from {{merchant_name}}", "is_default": true,
		"body": "Dear {{customer_name}},\n\nPlease pay {{amount}} by {{due_date}}: {{link}}\n<b>{{unknown}}</b>"}`})
	servertest.Expect(t, r, 200, nil)
	tmpl := r.Get("template_id").(string)

	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates/" + tmpl + "/preview", Auth: "bearer:" + py})
	servertest.Expect(t, r, 200, map[string]any{"result": "success", "channel": "email",
		"subject": "Invoice INV-0001 from Acme & Co"})
	mustContain(t, "preview", r.Get("body").(string), "Dear Jane Doe,", "$1,500.12", "/pay/preq_", "<b>{{unknown}}</b>")
	mustContain(t, "preview html", r.Get("html_body").(string), "&lt;b&gt;{{unknown}}&lt;/b&gt;", `<a href="http`)
	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates/tmpl_nope/preview", Auth: "bearer:" + py})
	servertest.Expect(t, r, 404, nil)

	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
		"request_methods": ["EMAIL"], "email": "john@doe.test", "customer_first_name": "<script>x</script>",
		"reference_number": "R-7", "amount": 99.5, "currency": "USD", "fixed_amount": true, "expiry_date": "2099-01-02 03:04"}`})
	servertest.Expect(t, r, 200, nil)
	m := mail.Wait(1)[0]
	if m.Subject != "Invoice R-7 from Acme & Co" {
		t.Errorf("subject %q", m.Subject)
	}
	mustContain(t, "text", m.Text, "Dear <script>x</script>,", "$99.50", "2 January 2099, 03:04 UTC")
	mustContain(t, "html", m.HTML, "Dear &lt;script&gt;x&lt;/script&gt;,")
	if strings.Contains(m.HTML, "<script>") {
		t.Error("HTML not escaped")
	}
	r = v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages", Auth: "bearer:" + py})
	servertest.Expect(t, r, 200, map[string]any{"messages.0.template_id": tmpl, "total_count": 1.0})

	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates", Auth: "bearer:" + py, Body: `{"name": "SMS",
		"channel": "sms", "body": "Пожалуйста, оплатите {{amount}}: {{link}}"}`})
	servertest.Expect(t, r, 200, nil)
	r = v.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates/" + r.Get("template_id").(string) + "/preview", Auth: "bearer:" + py})
	servertest.Expect(t, r, 200, map[string]any{"channel": "sms", "encoding": "ucs2", "segments": 2.0, "subject": nil})
}

// A message already sent is never sent again, even if its job runs again.
func TestSendIsOnce(t *testing.T) {
	t.Parallel()
	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	v := newEnv(t, storetest.Open(t, store.SQLite), testTransports(t, mail, nil))
	r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_test"], Body: `{
		"request_methods": ["EMAIL"], "email": "john@doe.test", "amount": 10, "currency": "USD", "fixed_amount": true}`})
	servertest.Expect(t, r, 200, nil)
	list := v.waitMessages(t, v.Keys["py_test"], 1, domain.MessageSent)
	id := list[0].(map[string]any)["message_id"].(string)
	s := domain.Scope{MerchantID: v.MerchantID}
	job := jobsJob(id, s)
	if err := v.sender.Send(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if n := len(mail.Mails()); n != 1 {
		t.Fatalf("%d e-mails after the job ran twice", n)
	}
	if _, err := v.Engine.RecordMessage(context.Background(), s, id, domain.MessageResult{Final: true, Error: "x"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := v.Engine.GetMessage(context.Background(), s, id); m.Status != domain.MessageSent {
		t.Errorf("a sent message changed: %s", m.Status)
	}
	if !errors.Is(notify.Outbox{Why: "x"}.SendMail(context.Background(), nil), notify.ErrKept) {
		t.Error("Outbox does not keep")
	}
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitOutbox waits until some message of the outbox satisfies cond.
func waitOutbox(t testing.TB, v *env, key string, cond func(map[string]any) bool) []any {
	t.Helper()
	var list []any
	waitFor(t, "the outbox", func() bool {
		list = v.messages(t, key)
		for _, m := range list {
			if cond(m.(map[string]any)) {
				return true
			}
		}
		return false
	})
	return list
}

package notify_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/notify/notifytest"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// The SMS provider's delivery reports, signed as Twilio signs them, turn a
// sent SMS into delivered, or undelivered with the reason, once: a later
// or repeated report changes nothing. Both dialects show the outcome. A
// report signed with another token, or not signed, is refused; a signed one
// on a sid no message has is kept for the send that will have it (202).
func TestDeliveryReports(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, testTransports(t, nil, sms))
		py, sk := v.Keys["py_test"], "basic:"+v.Keys["sk_test"]
		for _, n := range []string{"+12015550123", "+12015550124"} {
			r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
				"request_methods": ["SMS"], "mobile_number": "` + n + `", "amount": 7, "currency": "USD", "fixed_amount": true}`})
			servertest.Expect(t, r, 200, nil)
		}
		got := sms.Wait(t, 2)
		list := v.waitMessages(t, py, 2, domain.MessageSent)
		if got[0].StatusCallback != v.URL+notify.DeliveryPath {
			t.Fatalf("StatusCallback %q, want %s", got[0].StatusCallback, v.URL+notify.DeliveryPath)
		}
		ids := map[string]string{} // sid → message id
		for _, m := range list {
			m := m.(map[string]any)
			ids[m["provider_id"].(string)] = m["message_id"].(string)
		}
		first, second := got[0], got[1]
		status := func(sid string) map[string]any {
			t.Helper()
			r := v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + ids[sid], Auth: sk})
			servertest.Expect(t, r, 200, nil)
			return r.JSON
		}

		forged := first
		forged.Token = "not-the-token"
		if code := notifytest.Report(t, forged, "delivered", ""); code != 403 {
			t.Errorf("forged report: %d, want 403", code)
		}
		unsigned, err := http.PostForm(first.StatusCallback, url.Values{"MessageSid": {"SMnothing"}, "MessageStatus": {"delivered"}})
		if err != nil {
			t.Fatal(err)
		}
		unsigned.Body.Close()
		if unsigned.StatusCode != 403 {
			t.Errorf("unsigned report: %d, want 403", unsigned.StatusCode)
		}
		forged.SID = "SMnothing"
		if code := notifytest.Report(t, forged, "delivered", ""); code != 403 {
			t.Errorf("forged report on an unknown sid: %d, want 403", code)
		}
		if code := notifytest.PostSigned(t, first.StatusCallback, first.Token, url.Values{"MessageSid": {"SMnothing"},
			"MessageStatus": {"delivered"}}); code != 202 {
			t.Errorf("report on an unknown sid: %d, want 202", code)
		}
		if code := notifytest.PostSigned(t, first.StatusCallback, first.Token, url.Values{"MessageSid": {strings.Repeat("S", 65)},
			"MessageStatus": {"delivered"}}); code != 400 {
			t.Errorf("report on a 65-character sid: %d, want 400", code)
		}
		// A step on the way changes nothing.
		if code := notifytest.Report(t, first, "sent", ""); code != 204 {
			t.Errorf("sent report: %d", code)
		}
		if m := status(first.SID); m["status"] != "sent" {
			t.Errorf("after a sent report: %v", m["status"])
		}

		if code := notifytest.Report(t, first, "undelivered", "30003"); code != 204 {
			t.Fatalf("undelivered report: %d", code)
		}
		m := status(first.SID)
		if m["status"] != domain.MessageUndelivered || !strings.Contains(m["last_error"].(string), "30003 (unreachable destination handset)") {
			t.Errorf("undelivered: %v %v", m["status"], m["last_error"])
		}
		// Once: a later report, even a contrary one, changes nothing.
		if code := notifytest.Report(t, first, "delivered", ""); code != 204 {
			t.Errorf("second report: %d", code)
		}
		if m := status(first.SID); m["status"] != domain.MessageUndelivered {
			t.Errorf("a second report changed the status to %v", m["status"])
		}

		for range 2 {
			if code := notifytest.Report(t, second, "delivered", ""); code != 204 {
				t.Fatalf("delivered report: %d", code)
			}
		}
		if m := status(second.SID); m["status"] != domain.MessageDelivered || m["last_error"] != nil {
			t.Errorf("delivered: %v %v", m["status"], m["last_error"])
		}
		// The Paysley face of the same outbox.
		for _, m := range v.messages(t, py) {
			m := m.(map[string]any)
			switch m["provider_id"] {
			case first.SID:
				if m["status"] != "undelivered" || !strings.Contains(m["error"].(string), "error 30003") {
					t.Errorf("paysley undelivered: %v", m)
				}
			case second.SID:
				if m["status"] != "delivered" {
					t.Errorf("paysley delivered: %v", m)
				}
			}
		}
	})
}

// Twilio may call back before its API answered the worker, so before the
// message is recorded sent: such a report is answered 202 and kept, and the
// record of the send applies it, by the rule of a report that comes after.
// Of two early reports the first final one stands (a step on the way is
// only acknowledged); a later report changes nothing. A kept report that no
// send claims is pruned after domain.PendingDeliveryTTL.
func TestEarlyDeliveryReports(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, testTransports(t, nil, sms))
		py, sk := v.Keys["py_test"], "basic:"+v.Keys["sk_test"]
		var mu sync.Mutex
		codes := map[string][]int{} // recipient → what the early reports were answered
		early := map[string][][2]string{
			"+12015550123": {{"delivered", ""}},
			"+12015550124": {{"undelivered", "30003"}, {"sent", ""}, {"delivered", ""}},
		}
		sms.OnAccept(func(m notifytest.SMS) {
			for _, r := range early[m.To] {
				code := notifytest.Report(t, m, r[0], r[1])
				mu.Lock()
				codes[m.To] = append(codes[m.To], code)
				mu.Unlock()
			}
		})
		for _, n := range []string{"+12015550123", "+12015550124"} {
			r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: `{
				"request_methods": ["SMS"], "mobile_number": "` + n + `", "amount": 7, "currency": "USD", "fixed_amount": true}`})
			servertest.Expect(t, r, 200, nil)
		}
		got := sms.Wait(t, 2)
		v.waitMessages(t, py, 1, domain.MessageDelivered)
		v.waitMessages(t, py, 1, domain.MessageUndelivered)
		mu.Lock()
		if a, b := fmt.Sprint(codes["+12015550123"]), fmt.Sprint(codes["+12015550124"]); a != "[202]" || b != "[202 204 202]" {
			t.Errorf("early reports answered %s and %s, want [202] and [202 204 202]", a, b)
		}
		mu.Unlock()

		byTo := map[string]map[string]any{}
		for _, m := range v.messages(t, py) {
			m := m.(map[string]any)
			r := v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + m["message_id"].(string), Auth: sk})
			servertest.Expect(t, r, 200, nil)
			byTo[r.JSON["to"].(string)] = r.JSON
		}
		if m := byTo["+12015550123"]; m["status"] != domain.MessageDelivered || m["last_error"] != nil || m["sent_at"] == nil {
			t.Errorf("delivered before recorded sent: %v %v %v", m["status"], m["last_error"], m["sent_at"])
		}
		if m := byTo["+12015550124"]; m["status"] != domain.MessageUndelivered ||
			!strings.Contains(fmt.Sprint(m["last_error"]), "error 30003 (unreachable destination handset)") {
			t.Errorf("undelivered before recorded sent: %v %v", m["status"], m["last_error"])
		}
		// After the record, a report is a late one: it changes nothing.
		second := got[0]
		if second.To != "+12015550124" {
			second = got[1]
		}
		if code := notifytest.Report(t, second, "delivered", ""); code != 204 {
			t.Errorf("report after the record: %d, want 204", code)
		}
		r := v.Do(t, servertest.Call{Method: "GET", Path: "/v2/messages/" + byTo["+12015550124"]["id"].(string), Auth: sk})
		if r.JSON["status"] != domain.MessageUndelivered {
			t.Errorf("a late report changed the status to %v", r.JSON["status"])
		}

		// A report that no send ever claims waits a week, then is pruned;
		// the early ones above were taken by their sends.
		if code := notifytest.PostSigned(t, second.StatusCallback, second.Token, url.Values{"MessageSid": {"SMnever"},
			"MessageStatus": {"failed"}, "ErrorCode": {"30005"}}); code != 202 {
			t.Errorf("report on an unknown sid: %d, want 202", code)
		}
		prune := func() int64 {
			t.Helper()
			n, err := v.Engine.PrunePendingDeliveries(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		v.clock.Advance(domain.PendingDeliveryTTL - time.Minute)
		if n := prune(); n != 0 {
			t.Errorf("pruned %d reports before the bound", n)
		}
		v.clock.Advance(2 * time.Minute)
		if n := prune(); n != 1 {
			t.Errorf("pruned %d reports past the bound, want 1 (SMnever)", n)
		}
	})
}

// An invoice still queued when an edit sends a newer one is withdrawn and
// never sent: on the channel whose recipient changed alone, on both when
// the amount did. Only the newest invoices reach the customer.
func TestInvoiceWithdrawnOnEdit(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
		sms := notifytest.NewSMSSink(t)
		v := newEnv(t, s, nil) // no transports yet: messages wait in the outbox
		py := v.Keys["py_test"]
		body := func(tx, email, amount string) string {
			return `{` + tx + `"request_methods": ["EMAIL", "SMS"], "email": "` + email + `",
				"mobile_number": "+12015550123", "amount": ` + amount + `, "currency": "USD", "fixed_amount": true}`
		}
		r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: body("", "john@doe.test", "10")})
		servertest.Expect(t, r, 200, nil)
		tx := `"transaction_id": "` + r.Get("transaction_id").(string) + `", `
		edit := func(b string) {
			t.Helper()
			servertest.Expect(t, v.Do(t, servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Auth: "bearer:" + py, Body: b}), 200, nil)
		}
		count := func() map[string]int {
			n := map[string]int{}
			for _, m := range v.messages(t, py) {
				m := m.(map[string]any)
				n[m["channel"].(string)+" "+m["status"].(string)]++
			}
			return n
		}

		edit(body(tx, "jane@doe.test", "10")) // the e-mail's recipient: its invoice alone
		if n := count(); n["email withdrawn"] != 1 || n["email queued"] != 1 || n["sms queued"] != 1 || n["sms withdrawn"] != 0 {
			t.Fatalf("after a new address: %v", n)
		}
		edit(body(tx, "jane@doe.test", "12.5")) // the amount: both
		if n := count(); n["email withdrawn"] != 2 || n["sms withdrawn"] != 1 || n["email queued"] != 1 || n["sms queued"] != 1 {
			t.Fatalf("after a new amount: %v", n)
		}
		for _, m := range v.messages(t, py) {
			m := m.(map[string]any)
			if m["status"] == "withdrawn" && !strings.Contains(m["error"].(string), "superseded") {
				t.Errorf("withdrawn without the reason: %v", m)
			}
		}

		// With transports: the newest invoices go, the withdrawn never.
		sn := restart(t, v, testTransports(t, mail, sms))
		if _, err := sn.QueueKept(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := mail.Wait(1)[0]; got.To[0] != "jane@doe.test" || !strings.Contains(got.Text, "$12.50") {
			t.Errorf("e-mail to %v: %s", got.To, got.Text)
		}
		mustContain(t, "sms", sms.Wait(t, 1)[0].Body, "$12.50")
		v.waitMessages(t, py, 2, domain.MessageSent)
		time.Sleep(150 * time.Millisecond)
		if len(mail.Mails()) != 1 || len(sms.Messages()) != 1 {
			t.Errorf("%d e-mails and %d SMS, want one each", len(mail.Mails()), len(sms.Messages()))
		}
		if n := count(); n["email withdrawn"] != 2 || n["sms withdrawn"] != 1 || n["email sent"] != 1 || n["sms sent"] != 1 {
			t.Errorf("outbox: %v", n)
		}
	})
}

// With DKIM configured, the e-mail the SMTP server receives carries a
// DKIM-Signature that an independent verifier (emersion/go-msgauth) checks
// against the published key; a changed subject breaks it.
func TestDKIM(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "dkim.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	record := "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(pub)
	lookup := func(name string) ([]string, error) {
		if name != "ps2026._domainkey.paysmart.test" {
			t.Errorf("DKIM key looked up at %s", name)
		}
		return []string{record}, nil
	}
	for _, bad := range []notify.DKIM{{KeyFile: keyFile}, {KeyFile: filepath.Join(t.TempDir(), "none"), Selector: "s", Domain: "d.test"}} {
		if _, err := bad.Signer(); err == nil {
			t.Errorf("DKIM %+v: no error", bad)
		}
	}
	signer, err := notify.DKIM{KeyFile: keyFile, Selector: "ps2026", Domain: "PaySmart.test"}.Signer()
	if err != nil {
		t.Fatal(err)
	}

	mail := notifytest.NewSMTP(t, notifytest.SMTPOptions{})
	v := newEnv(t, storetest.Open(t, store.SQLite), func(sn *notify.Sender) {
		testTransports(t, mail, nil)(sn)
		sn.DKIM = signer
	})
	r := v.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + v.Keys["py_test"], Body: `{
		"request_methods": ["EMAIL"], "email": "john@doe.test", "amount": 99.5, "currency": "USD", "fixed_amount": true,
		"attach_invoice": true}`})
	servertest.Expect(t, r, 200, nil)
	got := mail.Wait(1)[0]
	if got.Header.Get("DKIM-Signature") == "" {
		t.Fatalf("no DKIM-Signature:\n%s", got.Raw)
	}
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(got.Raw), &dkim.VerifyOptions{LookupTXT: lookup})
	if err != nil || len(vs) != 1 {
		t.Fatalf("verify: %v, %d signatures", err, len(vs))
	}
	if vs[0].Err != nil || vs[0].Domain != "paysmart.test" {
		t.Fatalf("signature: %v (domain %s)", vs[0].Err, vs[0].Domain)
	}
	for _, h := range []string{"from", "subject", "message-id", "date", "to"} {
		if !containsFold(vs[0].HeaderKeys, h) {
			t.Errorf("%s is not signed: %v", h, vs[0].HeaderKeys)
		}
	}
	tampered := bytes.Replace(got.Raw, []byte("Subject: "), []byte("Subject: URGENT "), 1)
	vs, err = dkim.VerifyWithOptions(bytes.NewReader(tampered), &dkim.VerifyOptions{LookupTXT: lookup})
	if err != nil || len(vs) != 1 || vs[0].Err == nil {
		t.Errorf("a changed subject still verifies: %v %v", err, vs)
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

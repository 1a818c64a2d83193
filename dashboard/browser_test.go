package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paysmart/paysmart/dashboard"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

type step = chromedp.Action[chromedp.Void]

// TestDashboardInBrowser drives the dashboard in Debian's chromium, headless:
// sign in, refund part of a payment and see it in the timeline, roll a key
// and watch the old one stop after its grace period, create a payment
// request and open its link, cancel a subscription, read an event's JSON and
// a message of the outbox, create and edit a tax profile and a template,
// edit, disable and roll the secret of a webhook endpoint, change the time
// zone and see dates follow it, an idle session signed out, a viewer's
// refund refused by the server, a cross-site form refused, sign-in throttled. With PAYSMART_SCREENSHOTS=DIR
// it writes the README's screenshots there (docs/screenshots).
func TestDashboardInBrowser(t *testing.T) {
	t.Parallel()
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (apt-get install chromium): %v", err)
	}
	s := storetest.Open(t, store.SQLite)
	e := servertest.New(t, s)
	ctx := context.Background()
	mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
	mustUser(t, e.Engine, e.MerchantID, "viewer@example.com", domain.RoleViewer)
	payID := seed(t, e, s)
	sub, _ := mustSubscription(t, e) // before the key that makes it is rolled
	fixed := true
	if _, err := e.Engine.CreatePaymentRequest(ctx, domain.Scope{MerchantID: e.MerchantID}, domain.PaymentRequestInput{Amount: "42.00", Currency: "USD",
		Email: "invoices@example.com", FixedAmount: &fixed, PaymentType: "DB", RequestMethods: []string{"EMAIL"}}); err != nil {
		t.Fatal(err)
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))...)
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	shots := os.Getenv("PAYSMART_SCREENSHOTS")

	// person is one browser profile (its own cookies) that runs steps.
	type person struct{ ctx context.Context }
	newPerson := func() *person {
		c, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(c); err != nil {
			t.Fatal(err)
		}
		return &person{ctx: c}
	}
	run := func(t *testing.T, p *person, steps ...step) {
		t.Helper()
		c, cancel := context.WithTimeout(p.ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string, dst *string) step {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			v, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
			*dst = v
			return err
		})
	}
	eval := func(js string, dst *string) step {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			v, err := chromedp.Evaluate[string](js)(ctx, tg)
			*dst = v
			return err
		})
	}
	shot := func(name string) step {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if shots == "" {
				return nil
			}
			for _, v := range []struct {
				suffix string
				w, h   int64
			}{{"desktop", 1280, 800}, {"phone", 390, 844}} {
				if _, err := chromedp.EmulateViewport(v.w, v.h)(ctx, tg); err != nil {
					return err
				}
				b, err := chromedp.FullScreenshot(100)(ctx, tg)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(shots, "dashboard-"+name+"-"+v.suffix+".png"), b, 0o644); err != nil {
					return err
				}
			}
			_, err := chromedp.EmulateViewport(1280, 800)(ctx, tg)
			return err
		})
	}
	signIn := func(email, password string) []step {
		return []step{chromedp.Navigate(e.URL + "/dashboard/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
			chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error, nav.nav"))}
	}

	owner := newPerson()
	t.Run("sign in", func(t *testing.T) {
		var h1 string
		run(t, owner, append(signIn("owner@example.com", "correct horse battery"), chromedp.WaitVisible(chromedp.CSS("svg.chart")),
			text("h1", &h1), shot("home"))...)
		if h1 != "Home" {
			t.Fatalf("after sign-in: %q", h1)
		}
	})

	t.Run("refund part of a payment", func(t *testing.T) {
		var timeline, notice string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/payments"), chromedp.WaitVisible(chromedp.CSS("table.list")), shot("payments"),
			chromedp.Navigate(e.URL+"/dashboard/payments/"+payID), chromedp.WaitVisible(chromedp.CSS("#amount")),
			chromedp.Clear(chromedp.CSS("#amount")), chromedp.SendKeys(chromedp.CSS("#amount"), "12.50"),
			chromedp.Click(chromedp.CSS("form[action$='/refund'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			text(".notice", &notice), text("ol.timeline", &timeline), shot("payment"))
		if notice != "Refund created." || !strings.Contains(timeline, "Refund of $12.50 succeeded") {
			t.Fatalf("after the refund: %q; timeline %q", notice, timeline)
		}
		p, _ := e.Engine.GetPayment(ctx, domain.Scope{MerchantID: e.MerchantID}, strings.TrimPrefix(payID, "pay_"))
		if p.AmountRefunded != 1250 {
			t.Fatalf("refunded %d, want 1250", p.AmountRefunded)
		}
	})

	t.Run("roll a key", func(t *testing.T) {
		keys, _ := e.Engine.ListKeys(ctx, e.MerchantID)
		var old domain.APIKey
		for _, k := range keys {
			if k.Kind == domain.KeySecret && !k.Livemode {
				old = k
			}
		}
		api := func(key string) int {
			return e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + key}).Status
		}
		var secret, state string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/keys"), chromedp.WaitVisible(chromedp.CSS("#grace-"+old.ID)),
			chromedp.Clear(chromedp.CSS("#grace-"+old.ID)), chromedp.SendKeys(chromedp.CSS("#grace-"+old.ID), "2s"),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/keys/"+old.ID+"/roll'] button")),
			chromedp.WaitVisible(chromedp.CSS("#new-secret")), text("#new-secret", &secret), shot("keys"))
		if !strings.HasPrefix(secret, "sk_test_") {
			t.Fatalf("new secret %q", secret)
		}
		if api(e.Keys["sk_test"]) != 200 || api(secret) != 200 {
			t.Fatal("during the grace period both keys should work")
		}
		time.Sleep(2100 * time.Millisecond)
		run(t, owner, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("table.list")),
			eval(`[...document.querySelectorAll("tr")].find(r => r.textContent.includes("`+old.ID+`")).children[1].textContent`, &state))
		if got := api(e.Keys["sk_test"]); got != 401 || !strings.HasPrefix(state, "Expired") {
			t.Fatalf("after the grace period the old key answers %d, shown %q", got, state)
		}
		if api(secret) != 200 {
			t.Fatal("the new key stopped")
		}
	})

	t.Run("webhooks", func(t *testing.T) {
		var secret string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/webhooks"), chromedp.WaitVisible(chromedp.CSS("#url")),
			chromedp.SendKeys(chromedp.CSS("#url"), "https://shop.example.com/hooks/paysmart"),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/webhooks'] button")), chromedp.WaitVisible(chromedp.CSS(".reveal")),
			text("code.secret", &secret))
		if !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("endpoint secret %q", secret)
		}
		recordDeliveries(t, e)
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/webhooks"), chromedp.WaitVisible(chromedp.CSS(".attempt")), shot("webhooks"))
	})

	t.Run("payment request", func(t *testing.T) {
		var link, due string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/payment-requests"), chromedp.WaitVisible(chromedp.CSS("#pr-amount")),
			chromedp.SendKeys(chromedp.CSS("#pr-amount"), "18.60"), chromedp.SendKeys(chromedp.CSS("#pr-email"), "payer@example.com"),
			chromedp.SendKeys(chromedp.CSS("#pr-ref"), "ORDER-2001"),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/payment-requests'] button")), chromedp.WaitVisible(chromedp.CSS("#link")),
			chromedp.WaitVisible(chromedp.CSS(".qr img")),
			eval(`document.getElementById("link").value`, &link))
		if !strings.HasPrefix(link, e.URL+"/pay/preq_") {
			t.Fatalf("link %q", link)
		}
		run(t, owner, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#pay-button")), text(".due", &due))
		if !strings.Contains(due, "$18.60") {
			t.Fatalf("payment page shows %q", due)
		}
	})

	t.Run("subscriptions", func(t *testing.T) {
		var status, notice string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/subscriptions"), chromedp.WaitVisible(chromedp.CSS("a[href='/dashboard/subscriptions/"+sub+"']")),
			shot("subscriptions"), chromedp.Click(chromedp.CSS("a[href='/dashboard/subscriptions/"+sub+"']")),
			chromedp.WaitVisible(chromedp.CSS("form[action$='/cancel'] button")), shot("subscription"),
			chromedp.Click(chromedp.CSS("form[action$='/cancel'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			text(".notice", &notice), text("h1 .pill", &status))
		if status != "Canceled" || !strings.HasPrefix(notice, "Subscription canceled") {
			t.Fatalf("after cancel: %q, %q", status, notice)
		}
		if got, _ := e.Engine.GetSubscription(ctx, domain.Scope{MerchantID: e.MerchantID}, sub); got.Status != domain.SubscriptionCanceled {
			t.Fatalf("subscription is %s", got.Status)
		}
	})

	t.Run("events", func(t *testing.T) {
		var data string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/events?type="+domain.EventSubscriptionCanceled),
			chromedp.WaitVisible(chromedp.CSS("table.list tbody a")), shot("events"),
			chromedp.Click(chromedp.CSS("table.list tbody a")), chromedp.WaitVisible(chromedp.CSS("#event-json")),
			text("#event-json", &data), shot("event"))
		if !strings.Contains(data, `"status": "canceled"`) {
			t.Fatalf("event JSON: %s", data)
		}
	})

	t.Run("messages", func(t *testing.T) {
		var to, body string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/messages"), chromedp.WaitVisible(chromedp.CSS("table.list tbody a")),
			text("table.list tbody a", &to), shot("messages"),
			chromedp.Click(chromedp.CSS("table.list tbody a")), chromedp.WaitVisible(chromedp.CSS("#message-text")),
			text("#message-text", &body), shot("message"))
		if to != "invoices@example.com" || !strings.Contains(body, "/pay/preq_") {
			t.Fatalf("message to %q: %q", to, body)
		}
	})

	t.Run("tax profiles and templates", func(t *testing.T) {
		var notice, rows string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/taxes"), chromedp.WaitVisible(chromedp.CSS("#tax-name")),
			chromedp.SendKeys(chromedp.CSS("#tax-name"), "VAT"), chromedp.SendKeys(chromedp.CSS("#tax-rate"), "20"),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/taxes'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			chromedp.Click(chromedp.CSS("table.list tbody a")), chromedp.WaitVisible(chromedp.CSS("form[action^='/dashboard/taxes/']")),
			chromedp.Clear(chromedp.CSS("#tax-rate")), chromedp.SendKeys(chromedp.CSS("#tax-rate"), "7.5"),
			chromedp.Click(chromedp.CSS("form[action^='/dashboard/taxes/'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			text(".notice", &notice), chromedp.Navigate(e.URL+"/dashboard/taxes"), chromedp.WaitVisible(chromedp.CSS("table.list")),
			text("table.list tbody", &rows), shot("taxes"))
		if notice != "Tax profile saved." || !strings.Contains(rows, "VAT") || !strings.Contains(rows, "7.5%") {
			t.Fatalf("tax profiles: %q, %q", notice, rows)
		}
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/templates"), chromedp.WaitVisible(chromedp.CSS("#tmpl-name")),
			chromedp.SendKeys(chromedp.CSS("#tmpl-name"), "Friendly invoice"), chromedp.SendKeys(chromedp.CSS("#tmpl-subject"), "Your invoice from Acme"),
			chromedp.SendKeys(chromedp.CSS("#tmpl-body"), "Hello {{customer_name}}, please pay {{amount}} here: {{link}}"),
			chromedp.Click(chromedp.CSS("input[name=default]")),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/templates'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			text("table.list tbody", &rows), shot("templates"),
			chromedp.Click(chromedp.CSS("table.list tbody a")), chromedp.WaitVisible(chromedp.CSS("#tmpl-body")), shot("template"))
		if !strings.Contains(rows, "Friendly invoice") || !strings.Contains(rows, "default") {
			t.Fatalf("templates: %q", rows)
		}
	})

	t.Run("webhook edit, disable and secret roll", func(t *testing.T) {
		var notice, state, secret string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/webhooks"), chromedp.WaitVisible(chromedp.CSS("div.actions a[href^='/dashboard/webhooks/']")),
			chromedp.Click(chromedp.CSS("div.actions a[href^='/dashboard/webhooks/']")), chromedp.WaitVisible(chromedp.CSS("#description")),
			chromedp.SendKeys(chromedp.CSS("#description"), "Shop backend"), shot("webhook"),
			chromedp.Click(chromedp.CSS("form[action^='/dashboard/webhooks/'] button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".notice")),
			text(".notice", &notice),
			chromedp.Click(chromedp.CSS("div.actions input[name=disabled] + button")), chromedp.WaitVisible(chromedp.CSS("table.list tbody tr .pill.failed")),
			text("table.list tbody tr .pill", &state),
			chromedp.SetValue(chromedp.CSS("form.roll select"), "1h"),
			chromedp.Click(chromedp.CSS("form.roll button")), chromedp.WaitVisible(chromedp.CSS(".reveal")), text("code.secret", &secret))
		if notice != "Webhook endpoint saved." || state != "Disabled" || !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("webhooks: %q, %q, secret %q", notice, state, secret)
		}
		eps, _ := e.Engine.ListWebhookEndpoints(ctx, domain.Scope{MerchantID: e.MerchantID}, domain.ListParams{Limit: 1})
		if ep := eps.Items[0]; ep.Description != "Shop backend" || !ep.Disabled || ep.PreviousExpires == nil {
			t.Fatalf("endpoint: %+v", ep)
		}
	})

	t.Run("settings", func(t *testing.T) {
		var notice, date string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/settings"), chromedp.WaitVisible(chromedp.CSS("#timezone")),
			chromedp.Clear(chromedp.CSS("#timezone")), chromedp.SendKeys(chromedp.CSS("#timezone"), "America/New_York"),
			chromedp.Click(chromedp.CSS("input[value=APPLE_PAY]")),
			chromedp.Click(chromedp.CSS("button.save")), chromedp.WaitVisible(chromedp.CSS(".notice")), text(".notice", &notice), shot("settings"),
			chromedp.Navigate(e.URL+"/dashboard/payments"), chromedp.WaitVisible(chromedp.CSS("table.list")),
			text("table.list tbody tr td:last-child", &date))
		if notice != "Settings saved." || !(strings.HasSuffix(date, "EST") || strings.HasSuffix(date, "EDT")) {
			t.Fatalf("settings: %q; a payment's date %q", notice, date)
		}
		m, _ := e.Engine.Merchant(ctx, e.MerchantID)
		if m.TimeZone != "America/New_York" || m.Wallets != "GOOGLE_PAY" {
			t.Fatalf("merchant: %+v", m)
		}
	})

	t.Run("rename the business and invite a user", func(t *testing.T) {
		var brand, invited string
		run(t, owner, chromedp.Navigate(e.URL+"/dashboard/settings"), chromedp.WaitVisible(chromedp.CSS("#business-name")),
			chromedp.Clear(chromedp.CSS("#business-name")), chromedp.SendKeys(chromedp.CSS("#business-name"), "Acme Coffee Roasters"),
			chromedp.Click(chromedp.CSS("button.save")), chromedp.WaitVisible(chromedp.CSS(".notice")), text("a.brand", &brand),
			chromedp.Navigate(e.URL+"/dashboard/users"), chromedp.WaitVisible(chromedp.CSS("#u-email")),
			chromedp.SendKeys(chromedp.CSS("#u-email"), "barista@example.com"), chromedp.SetValue(chromedp.CSS("#u-role"), "developer"),
			chromedp.Click(chromedp.CSS("form[action='/dashboard/users'] button")), chromedp.WaitVisible(chromedp.CSS(".reveal")),
			text(".reveal", &invited), shot("users"))
		if brand != "Acme Coffee Roasters" || !strings.HasPrefix(invited, "Invitation e-mailed to barista@example.com as developer") {
			t.Fatalf("brand %q; invited %q", brand, invited)
		}
		msgs, _ := e.Engine.ListMessages(ctx, domain.Scope{MerchantID: e.MerchantID, Livemode: true}, domain.ListParams{Limit: 1})
		msg, _, _ := e.Engine.MessageToSend(ctx, domain.Scope{MerchantID: e.MerchantID, Livemode: true}, msgs.Items[0].ID) // whole, as the sender reads it
		link := regexp.MustCompile(`https?://\S+/dashboard/invitations/\w+`).FindString(msg.Text)
		if link == "" {
			t.Fatalf("no link in the invitation: %+v", msgs.Items)
		}
		invitee := newPerson()
		var h1, welcome, again string
		run(t, invitee, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#new_password")), text("h1", &h1), shot("invitation"),
			chromedp.SendKeys(chromedp.CSS("#new_password"), "freshly roasted beans"),
			chromedp.SendKeys(chromedp.CSS("#confirm_password"), "freshly roasted beans"),
			chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("nav.nav")), text(".notice", &welcome),
			chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("h1")), text("main", &again))
		if h1 != "Join Acme Coffee Roasters" || welcome != "Welcome! You are signed in." || !strings.Contains(again, "used already") {
			t.Fatalf("invitation page %q; after joining %q; the link again %q", h1, welcome, again)
		}
	})

	t.Run("idle session signed out", func(t *testing.T) {
		mux := http.NewServeMux()
		dashboard.Register(mux, dashboard.Deps{Engine: e.Engine, IdleTimeout: time.Second})
		idle := httptest.NewServer(mux)
		defer idle.Close()
		sleeper := newPerson()
		var h1, msg string
		run(t, sleeper, chromedp.Navigate(idle.URL+"/dashboard/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), "viewer@example.com"), chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery"),
			chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("nav.nav")), text("h1", &h1),
			chromedp.Sleep(1300*time.Millisecond), chromedp.Navigate(idle.URL+"/dashboard/payments"), chromedp.WaitVisible(chromedp.CSS("#email")),
			text(".notice", &msg))
		if h1 != "Home" || !strings.HasPrefix(msg, "You were signed out after 1 second without activity") {
			t.Fatalf("signed in to %q; after a second idle: %q", h1, msg)
		}
	})

	t.Run("viewer refused a refund by the server", func(t *testing.T) {
		viewer := newPerson()
		var forms, title, sent string
		run(t, viewer, append(signIn("viewer@example.com", "correct horse battery"),
			chromedp.Navigate(e.URL+"/dashboard/payments/"+payID), chromedp.WaitVisible(chromedp.CSS("ol.timeline")),
			eval(`String(document.querySelectorAll("form[action$='/refund']").length)`, &forms),
			// The button is not shown; post the form anyway, with the session's own token.
			eval(`(() => { const f = document.createElement("form"); f.method = "post"; f.action = location.pathname + "/refund";
				f.innerHTML = '<input name="amount" value="1.00"><input name="csrf" value="' + document.querySelector("input[name=csrf]").value + '">';
				document.body.append(f); f.submit(); return "sent" })()`, &sent),
			chromedp.WaitVisible(chromedp.CSS("h1")), chromedp.Sleep(200*time.Millisecond), text("h1", &title))...)
		if forms != "0" || title != "Not allowed" {
			t.Fatalf("viewer: %s refund forms, then %q", forms, title)
		}
	})

	t.Run("cross-site POST refused", func(t *testing.T) {
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<!doctype html><form id=f method=post action="%s/dashboard/payments/%s/refund"><input name=amount value=5.00></form>
				<script>document.getElementById("f").submit()</script>`, e.URL, payID)
		}))
		defer evil.Close()
		var body string
		run(t, owner, chromedp.Navigate(evil.URL), chromedp.Sleep(500*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("body")),
			text("body", &body))
		p, _ := e.Engine.GetPayment(ctx, domain.Scope{MerchantID: e.MerchantID}, strings.TrimPrefix(payID, "pay_"))
		if p.AmountRefunded != 1250 || !strings.Contains(strings.ToLower(body), "cross-origin") {
			t.Fatalf("after a cross-site form: refunded %d, page %q", p.AmountRefunded, body)
		}
	})

	t.Run("sign-in throttled", func(t *testing.T) {
		stranger := newPerson()
		var msg string
		var steps []step
		for range 5 {
			steps = append(steps, signIn("owner@example.com", "not the password")...)
		}
		steps = append(steps, signIn("owner@example.com", "correct horse battery")...)
		run(t, stranger, append(steps, chromedp.WaitVisible(chromedp.CSS(".error")), text(".error", &msg))...)
		if !strings.HasPrefix(msg, "Too many failed sign-ins") {
			t.Fatalf("sixth sign-in: %q", msg)
		}
	})
}

// seed makes a month of test payments (backdated in the database) and
// returns one of today's, of $40.00, to refund.
func seed(t *testing.T, e *servertest.Env, s *store.Store) string {
	t.Helper()
	cards := []string{"4242424242424242", "5555555555554444", "378282246310005", "4000000000000002"}
	descs := []string{"Order #1042", "Espresso beans, 1 kg", "Annual plan", "Gift card", "Order #1057"}
	now := time.Now().UTC()
	for i := range 40 {
		amount, cvc := 900+(i*1733)%9000, "123"
		if cards[i%len(cards)][0] == '3' {
			cvc = "1234"
		}
		r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_test"],
			Body: fmt.Sprintf(`{"amount": %d, "currency": "usd", "description": %q, "payment_method": {"type": "card", "card": {"number": %q, "exp_month": 12, "exp_year": 2030, "cvc": %q}}}`,
				amount, descs[i%len(descs)], cards[i%len(cards)], cvc)})
		id, _ := r.Get("id").(string)
		if id == "" {
			id, _ = r.Get("error.payment.id").(string)
		}
		when := now.Add(-time.Duration(i*17) * time.Hour)
		if _, err := s.DB().Exec(`UPDATE payments SET created = $2 WHERE id = $1`, strings.TrimPrefix(id, "pay_"), when.UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_test"],
		Body: `{"amount": 4000, "currency": "usd", "description": "Order #1099", "payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}}`})
	return r.Get("id").(string)
}

// recordDeliveries gives the newest events delivery attempts to the first
// endpoint, one that failed and one that worked, as the webhook worker would.
func recordDeliveries(t *testing.T, e *servertest.Env) {
	t.Helper()
	ctx := context.Background()
	sc := domain.Scope{MerchantID: e.MerchantID}
	eps, err := e.Engine.ListWebhookEndpoints(ctx, sc, domain.ListParams{Limit: 1})
	if err != nil || len(eps.Items) == 0 {
		t.Fatalf("endpoints: %v", err)
	}
	evs, _ := e.Engine.ListEvents(ctx, sc, domain.ListParams{Limit: 3})
	for i, ev := range evs.Items {
		retry := time.Now().Add(time.Duration(i+1) * 5 * time.Minute)
		d := domain.WebhookDelivery{EventID: ev.ID, EndpointID: eps.Items[0].ID, Attempt: 1, StatusCode: 500, Error: "HTTP 500",
			Duration: 120 * time.Millisecond, NextRetryAt: &retry}
		switch i {
		case 1:
			d.StatusCode, d.Error, d.NextRetryAt = 200, "", nil
		case 2:
			d.StatusCode, d.Error = 0, "dial tcp 203.0.113.7:443: connect: connection refused"
		}
		if _, err := e.Engine.RecordWebhookDelivery(ctx, sc, d); err != nil {
			t.Fatal(err)
		}
	}
}

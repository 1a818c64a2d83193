package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/dashboard"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// browser is a cookie-keeping HTTP client that sends forms as a browser on
// the dashboard's own origin does.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// post sends a form; site is the Sec-Fetch-Site the browser would send.
func (b *browser) post(path string, form url.Values, site string) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", site)
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var tokenRe = regexp.MustCompile(`name="(?:csrf|token)" value="([^"]+)"`)

func field(t *testing.T, page string) string {
	t.Helper()
	m := tokenRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no token in page:\n%s", page)
	}
	return m[1]
}

func (b *browser) login(email, password string) (int, string) {
	b.t.Helper()
	_, page := b.get("/dashboard/login")
	return b.post("/dashboard/login", url.Values{"email": {email}, "password": {password}, "token": {field(b.t, page)}}, "same-origin")
}

func mustUser(t *testing.T, e *domain.Engine, merchant, email string, role domain.Role) {
	t.Helper()
	if _, _, err := e.CreateUser(context.Background(), merchant, email, role, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
}

// TestDashboardOverHTTP: sign-in, roles enforced by the server, CSRF tokens,
// cross-site POSTs, a refund in major units, sign-out revoking the session,
// and the sign-in throttle.
func TestDashboardOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
		mustUser(t, e.Engine, e.MerchantID, "viewer@example.com", domain.RoleViewer)
		pay := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_test"],
			Body: `{"amount": 2000, "currency": "usd", "payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}}`})
		id := pay.JSON["id"].(string)

		anon := newBrowser(t, e.URL)
		if code, page := anon.get("/dashboard/payments"); code != 200 || !strings.Contains(page, `autocomplete="current-password"`) {
			t.Fatalf("anonymous: %d, want the sign-in page", code)
		}
		if code, _ := anon.login("owner@example.com", "wrong password!"); code != 401 {
			t.Fatalf("wrong password: %d", code)
		}

		owner := newBrowser(t, e.URL)
		if code, page := owner.login("owner@example.com", "correct horse battery"); code != 200 || !strings.Contains(page, "Last 30 days") {
			t.Fatalf("sign in: %d\n%s", code, page)
		}
		code, page := owner.get("/dashboard/payments/" + id)
		if code != 200 || !strings.Contains(page, "$20.00") {
			t.Fatalf("payment page: %d", code)
		}
		csrf := field(t, page)
		// No token, a wrong one, or a cross-site POST: refused, nothing refunded.
		for _, c := range []struct {
			form url.Values
			site string
		}{{url.Values{"amount": {"1.00"}}, "same-origin"}, {url.Values{"amount": {"1.00"}, "csrf": {"x"}}, "same-origin"},
			{url.Values{"amount": {"1.00"}, "csrf": {csrf}}, "cross-site"}} {
			if code, _ := owner.post("/dashboard/payments/"+id+"/refund", c.form, c.site); code != 403 {
				t.Errorf("refund %v %s: %d, want 403", c.form, c.site, code)
			}
		}
		if code, page := owner.post("/dashboard/payments/"+id+"/refund", url.Values{"amount": {"1.005"}, "csrf": {csrf}}, "same-origin"); code != 422 ||
			!strings.Contains(page, "more decimals") {
			t.Errorf("refund 1.005: %d", code)
		}
		if code, page := owner.post("/dashboard/payments/"+id+"/refund", url.Values{"amount": {"5.25"}, "csrf": {csrf}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Refund of $5.25 succeeded") {
			t.Fatalf("refund: %d\n%s", code, page)
		}
		p, _ := e.Engine.GetPayment(context.Background(), domain.Scope{MerchantID: e.MerchantID}, strings.TrimPrefix(id, "pay_"))
		if p.AmountRefunded != 525 {
			t.Fatalf("refunded %d, want 525", p.AmountRefunded)
		}

		viewer := newBrowser(t, e.URL)
		viewer.login("viewer@example.com", "correct horse battery")
		code, page = viewer.get("/dashboard/payments/" + id)
		if code != 200 || strings.Contains(page, `/refund"`) {
			t.Fatalf("viewer sees the refund form (%d)", code)
		}
		if code, _ := viewer.post("/dashboard/payments/"+id+"/refund", url.Values{"amount": {"1.00"}, "csrf": {field(t, page)}}, "same-origin"); code != 403 {
			t.Errorf("viewer refund: %d, want 403", code)
		}
		if code, _ := viewer.get("/dashboard/keys"); code != 403 {
			t.Errorf("viewer keys: %d, want 403", code)
		}
		// Owner pages render.
		for _, path := range []string{"/dashboard", "/dashboard/payments?status=succeeded", "/dashboard/customers", "/dashboard/payment-requests",
			"/dashboard/webhooks", "/dashboard/keys", "/dashboard/applications", "/dashboard/users", "/dashboard/audit", "/dashboard/password"} {
			if code, page := owner.get(path); code != 200 {
				t.Errorf("GET %s: %d\n%s", path, code, page)
			}
		}
		if _, page := owner.get("/dashboard/audit"); !strings.Contains(page, "payment.refunded") {
			t.Errorf("audit log lacks the refund")
		}
		// Sign-out revokes the session server-side.
		_, page = owner.get("/dashboard")
		owner.post("/dashboard/logout", url.Values{"csrf": {field(t, page)}}, "same-origin")
		if _, page := owner.get("/dashboard"); !strings.Contains(page, "Sign in") {
			t.Error("still signed in after sign-out")
		}

		// Throttle: after five failures the right password is refused too.
		for range 5 {
			anon.login("viewer@example.com", "wrong password!")
		}
		if code, page := anon.login("viewer@example.com", "correct horse battery"); code != 429 || !strings.Contains(page, "Too many") {
			t.Errorf("throttled sign-in: %d", code)
		}
	})
}

// unescaped is a page's text with html/template's escapes undone, to look
// for JSON and quotes in it.
func unescaped(page string) string { return html.UnescapeString(page) }

// mustSubscription starts a monthly $15.00 subscription for a new customer
// through the PaySmart API and returns its id and the customer's.
func mustSubscription(t *testing.T, e *servertest.Env) (string, string) {
	t.Helper()
	sk := "bearer:" + e.Keys["sk_test"]
	cus := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"email": "ada@example.com", "name": "Ada Lovelace"}`}).Get("id").(string)
	pm := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment_methods", Auth: sk,
		Body: `{"type": "card", "customer": "` + cus + `", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}`}).Get("id").(string)
	sub := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/subscriptions", Auth: sk,
		Body: `{"customer": "` + cus + `", "payment_method": "` + pm + `", "amount": 1500, "currency": "usd", "interval": "month"}`}).Get("id").(string)
	return sub, cus
}

// TestDashboardPagesOverHTTP: subscriptions, events, messages, tax profiles,
// templates, settings and the webhook endpoint's edit, disable and secret
// roll, each with its roles enforced by the server and cross-site forms
// refused.
func TestDashboardPagesOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		ctx, sc := context.Background(), domain.Scope{MerchantID: e.MerchantID}
		mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
		mustUser(t, e.Engine, e.MerchantID, "dev@example.com", domain.RoleDeveloper)
		mustUser(t, e.Engine, e.MerchantID, "viewer@example.com", domain.RoleViewer)
		sub, cus := mustSubscription(t, e)
		we := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: "bearer:" + e.Keys["sk_test"],
			Body: `{"url": "https://shop.example.com/hooks", "enabled_events": ["*"]}`}).Get("id").(string)

		people := map[string]*browser{}
		csrf := map[string]string{}
		for _, who := range []string{"owner", "dev", "viewer"} {
			b := newBrowser(t, e.URL)
			if code, page := b.login(who+"@example.com", "correct horse battery"); code != 200 {
				t.Fatalf("%s signs in: %d\n%s", who, code, page)
			}
			_, page := b.get("/dashboard")
			people[who], csrf[who] = b, field(t, page)
		}
		owner, dev, viewer := people["owner"], people["dev"], people["viewer"]
		// A payment request sent by e-mail puts an invoice in the outbox.
		fixed := true
		if _, err := e.Engine.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{Amount: "18.60", Currency: "USD", Email: "payer@example.com",
			FixedAmount: &fixed, PaymentType: "DB", RequestMethods: []string{"EMAIL"}}); err != nil {
			t.Fatal(err)
		}

		// Reads: every role sees the lists and details; the links are in the navigation.
		_, home := viewer.get("/dashboard")
		for _, link := range []string{"/dashboard/subscriptions", "/dashboard/events", "/dashboard/messages", "/dashboard/taxes", "/dashboard/templates"} {
			if !strings.Contains(home, `href="`+link+`"`) {
				t.Errorf("navigation lacks %s", link)
			}
		}
		if strings.Contains(home, `href="/dashboard/settings"`) {
			t.Error("a viewer's navigation offers the settings")
		}
		if code, page := viewer.get("/dashboard/subscriptions"); code != 200 || !strings.Contains(page, sub) || !strings.Contains(page, "$15.00") ||
			!strings.Contains(page, "Monthly") || !strings.Contains(page, "Ada Lovelace") || !strings.Contains(page, ">Active<") {
			t.Errorf("subscriptions: %d\n%s", code, page)
		}
		if _, page := viewer.get("/dashboard/subscriptions?status=canceled"); strings.Contains(page, sub) {
			t.Error("the canceled filter shows an active subscription")
		}
		if _, page := viewer.get("/dashboard/subscriptions?customer=" + cus); !strings.Contains(page, sub) {
			t.Error("the customer filter hides the customer's subscription")
		}
		code, page := viewer.get("/dashboard/subscriptions/" + sub)
		if code != 200 || !strings.Contains(page, "Next charge") || strings.Contains(page, "/cancel") {
			t.Errorf("viewer's subscription page: %d, cancel form shown: %v", code, strings.Contains(page, "/cancel"))
		}
		if code, _ := viewer.get("/dashboard/subscriptions/sub_nope"); code != 404 {
			t.Errorf("unknown subscription: %d", code)
		}
		evs, _ := e.Engine.ListEvents(ctx, sc, domain.ListParams{Limit: 100, Type: domain.EventSubscriptionCreated})
		if len(evs.Items) != 1 {
			t.Fatalf("subscription.created events: %d", len(evs.Items))
		}
		ev := evs.Items[0]
		if _, page := viewer.get("/dashboard/events?type=subscription.created"); !strings.Contains(page, ev.ID) {
			t.Error("events by type lack subscription.created")
		}
		if _, page := viewer.get("/dashboard/events?type=customer.created"); strings.Contains(page, ev.ID) {
			t.Error("events of another type show subscription.created")
		}
		if code, page := viewer.get("/dashboard/events/" + ev.ID); code != 200 || !strings.Contains(unescaped(page), `"id": "`+sub+`"`) ||
			strings.Contains(page, "/resend") {
			t.Errorf("event page: %d (resend shown to a viewer: %v)\n%s", code, strings.Contains(page, "/resend"), page)
		}
		// Ids a prober sends are a page saying not found, never a 500.
		for _, page := range []string{"subscriptions", "events", "messages", "taxes", "templates", "webhooks"} {
			for _, id := range []string{"nope", "%c0%ae%c0%ae", "caf%C3%A9", strings.Repeat("a", 4000), "..%2f..%2fgo.mod"} {
				b := viewer
				if page == "webhooks" {
					b = dev
				}
				if code, _ := b.get("/dashboard/" + page + "/" + id); code != 404 && code != 400 {
					t.Errorf("GET /dashboard/%s/%.20s: %d, want 404 (or 400 from the server's path check)", page, id, code)
				}
			}
		}
		msgs, _ := e.Engine.ListMessages(ctx, sc, domain.ListParams{Limit: 10})
		if len(msgs.Items) == 0 {
			t.Fatal("no message in the outbox")
		}
		m := msgs.Items[0]
		if code, page := viewer.get("/dashboard/messages?channel=email"); code != 200 || !strings.Contains(page, "payer@example.com") ||
			!strings.Contains(page, "E-mail") || !strings.Contains(page, m.Status) {
			t.Errorf("messages: %d\n%s", code, page)
		}
		if _, page := viewer.get("/dashboard/messages?channel=sms"); strings.Contains(page, "payer@example.com") {
			t.Error("the SMS filter shows an e-mail")
		}
		if code, page := viewer.get("/dashboard/messages/" + m.ID); code != 200 || !strings.Contains(page, "Payment request") ||
			(m.Subject != "" && !strings.Contains(unescaped(page), m.Subject)) {
			t.Errorf("message page: %d\n%s", code, page)
		}

		// Writes: who may do what, whatever the page shows.
		for _, c := range []struct {
			who, path string
			form      url.Values
			site      string
			want      int
		}{
			{"viewer", "/dashboard/subscriptions/" + sub + "/cancel", nil, "same-origin", 403},
			{"dev", "/dashboard/subscriptions/" + sub + "/cancel", nil, "cross-site", 403},
			{"viewer", "/dashboard/taxes", url.Values{"name": {"VAT"}, "type": {"percentage"}, "rate": {"20"}}, "same-origin", 403},
			{"viewer", "/dashboard/templates", url.Values{"name": {"T"}, "channel": {"sms"}, "body": {"Pay"}}, "same-origin", 403},
			{"viewer", "/dashboard/webhooks/" + we, url.Values{"disabled": {"true"}}, "same-origin", 403},
			{"viewer", "/dashboard/webhooks/" + we + "/roll", url.Values{"grace": {"0"}}, "same-origin", 403},
			{"dev", "/dashboard/settings", url.Values{"timezone": {"Asia/Tokyo"}, "dunning_final": {"past_due"}}, "same-origin", 403},
			{"viewer", "/dashboard/settings", url.Values{"timezone": {"Asia/Tokyo"}, "dunning_final": {"past_due"}}, "same-origin", 403},
			{"owner", "/dashboard/settings", url.Values{"timezone": {"Asia/Tokyo"}, "dunning_final": {"past_due"}}, "cross-site", 403},
			{"dev", "/dashboard/webhooks/" + we, url.Values{"disabled": {"true"}}, "cross-site", 403},
			{"dev", "/dashboard/taxes", url.Values{"name": {"VAT"}, "type": {"percentage"}, "rate": {"20"}}, "cross-site", 403},
		} {
			form := url.Values{"csrf": {csrf[c.who]}}
			for k, v := range c.form {
				form[k] = v
			}
			if code, _ := people[c.who].post(c.path, form, c.site); code != c.want {
				t.Errorf("%s POST %s (%s): %d, want %d", c.who, c.path, c.site, code, c.want)
			}
		}
		for _, path := range []string{"/dashboard/settings"} {
			if code, _ := dev.get(path); code != 403 {
				t.Errorf("developer GET %s: %d, want 403", path, code)
			}
		}
		if got, _ := e.Engine.GetSubscription(ctx, sc, sub); got.Status != domain.SubscriptionActive {
			t.Fatalf("refused cancels canceled: %s", got.Status)
		}
		if got, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we); got.Disabled {
			t.Fatal("a refused form disabled the endpoint")
		}
		if taxes, _ := e.Engine.ListTaxes(ctx, sc, domain.ListParams{Limit: 10, Page: 1}); len(taxes.Items) != 0 {
			t.Fatal("a refused form created a tax")
		}

		// Subscriptions: a developer cancels; twice is a conflict.
		if _, page := dev.get("/dashboard/subscriptions/" + sub); !strings.Contains(page, "/subscriptions/"+sub+"/cancel") {
			t.Error("a developer is not offered the cancel button")
		}
		if code, page := dev.post("/dashboard/subscriptions/"+sub+"/cancel", url.Values{"csrf": {csrf["dev"]}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Subscription canceled") || !strings.Contains(page, ">Canceled<") {
			t.Errorf("cancel: %d\n%s", code, page)
		}
		if got, _ := e.Engine.GetSubscription(ctx, sc, sub); got.Status != domain.SubscriptionCanceled {
			t.Errorf("after cancel: %s", got.Status)
		}
		if code, page := dev.post("/dashboard/subscriptions/"+sub+"/cancel", url.Values{"csrf": {csrf["dev"]}}, "same-origin"); code != 409 ||
			!strings.Contains(page, "canceled already") {
			t.Errorf("cancel again: %d\n%s", code, page)
		}

		// Tax profiles: created and edited by a developer; bad input is a 422 naming the problem.
		if code, page := dev.post("/dashboard/taxes", url.Values{"csrf": {csrf["dev"]}, "name": {"VAT"}, "type": {"percentage"}, "rate": {"abc"}}, "same-origin"); code != 422 ||
			!strings.Contains(page, "rate") || !strings.Contains(page, `value="VAT"`) {
			t.Errorf("tax with a bad rate: %d\n%s", code, page)
		}
		if code, page := dev.post("/dashboard/taxes", url.Values{"csrf": {csrf["dev"]}, "name": {"VAT"}, "type": {"percentage"}, "rate": {"7.5"}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Tax profile created") || !strings.Contains(page, "7.5%") {
			t.Errorf("create tax: %d\n%s", code, page)
		}
		taxes, _ := e.Engine.ListTaxes(ctx, sc, domain.ListParams{Limit: 10, Page: 1})
		if len(taxes.Items) != 1 || taxes.Items[0].Rate != 75000 {
			t.Fatalf("taxes: %+v", taxes.Items)
		}
		tax := taxes.Items[0].ID
		if code, page := dev.post("/dashboard/taxes/"+tax, url.Values{"csrf": {csrf["dev"]}, "name": {"Delivery"}, "type": {"fixed_amount"}, "amount": {"2.50"}, "rate": {"7.5"}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Tax profile saved") {
			t.Errorf("edit tax: %d\n%s", code, page)
		}
		if got, _ := e.Engine.GetTax(ctx, sc, tax); got.Name != "Delivery" || got.Type != domain.TaxFixedAmount || got.Amount != 250 {
			t.Errorf("after the edit: %+v", got)
		}
		if code, page := viewer.get("/dashboard/taxes/" + tax); code != 200 || !strings.Contains(page, "<fieldset disabled>") || strings.Contains(page, "Save tax profile") {
			t.Errorf("viewer's tax page: %d", code)
		}
		if code, _ := viewer.post("/dashboard/taxes/"+tax, url.Values{"csrf": {csrf["viewer"]}, "name": {"X"}, "type": {"percentage"}, "rate": {"1"}}, "same-origin"); code != 403 {
			t.Errorf("viewer edits a tax: %d", code)
		}

		// Templates: an e-mail needs a subject; the default is marked.
		if code, page := dev.post("/dashboard/templates", url.Values{"csrf": {csrf["dev"]}, "name": {"Invoice"}, "channel": {"email"}, "body": {"Please pay {{link}}"}}, "same-origin"); code != 422 ||
			!strings.Contains(page, "subject") {
			t.Errorf("template without a subject: %d\n%s", code, page)
		}
		if code, page := dev.post("/dashboard/templates", url.Values{"csrf": {csrf["dev"]}, "name": {"Invoice"}, "channel": {"email"}, "subject": {"Your invoice"},
			"body": {"Please pay."}}, "same-origin"); code != 200 || !strings.Contains(page, "Template created") {
			t.Errorf("create template: %d\n%s", code, page)
		}
		tmpls, _ := e.Engine.ListTemplates(ctx, sc, domain.ListParams{Limit: 10, Page: 1})
		if len(tmpls.Items) != 1 || tmpls.Items[0].IsDefault {
			t.Fatalf("templates: %+v", tmpls.Items)
		}
		tmpl := tmpls.Items[0].ID
		if code, page := owner.post("/dashboard/templates/"+tmpl, url.Values{"csrf": {csrf["owner"]}, "name": {"Invoice"}, "channel": {"sms"}, "subject": {"ignored for SMS"},
			"body": {"Pay here"}, "default": {"true"}}, "same-origin"); code != 200 || !strings.Contains(page, "Template saved") || !strings.Contains(page, "default") {
			t.Errorf("edit template: %d\n%s", code, page)
		}
		if got, _ := e.Engine.GetTemplate(ctx, sc, tmpl); got.Channel != domain.ChannelSMS || got.Subject != "" || !got.IsDefault || got.Body != "Pay here" {
			t.Errorf("after the edit: %+v", got)
		}

		// Webhooks: edit, disable and enable, roll the secret (shown once).
		if code, page := dev.get("/dashboard/webhooks/" + we); code != 200 || !strings.Contains(page, `value="https://shop.example.com/hooks"`) {
			t.Errorf("endpoint page: %d", code)
		}
		if code, page := dev.post("/dashboard/webhooks/"+we, url.Values{"csrf": {csrf["dev"]}, "url": {"ftp://nope"}, "events": {""}, "description": {""}, "disabled": {"false"}}, "same-origin"); code != 422 ||
			!strings.Contains(page, "URL") {
			t.Errorf("endpoint with a bad URL: %d\n%s", code, page)
		}
		if code, page := dev.post("/dashboard/webhooks/"+we, url.Values{"csrf": {csrf["dev"]}, "url": {"https://shop.example.com/v2/hooks"},
			"events": {"payment.succeeded refund.created"}, "description": {"Shop"}, "disabled": {"false"}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Webhook endpoint saved") {
			t.Errorf("edit endpoint: %d\n%s", code, page)
		}
		got, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we)
		if got.URL != "https://shop.example.com/v2/hooks" || strings.Join(got.EnabledEvents, ",") != "payment.succeeded,refund.created" || got.Description != "Shop" {
			t.Errorf("after the edit: %+v", got)
		}
		if code, page := dev.post("/dashboard/webhooks/"+we, url.Values{"csrf": {csrf["dev"]}, "disabled": {"true"}}, "same-origin"); code != 200 || !strings.Contains(page, ">Disabled<") {
			t.Errorf("disable endpoint: %d", code)
		}
		if got, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we); !got.Disabled || got.URL != "https://shop.example.com/v2/hooks" {
			t.Errorf("after disabling: disabled %v, URL %s", got.Disabled, got.URL)
		}
		dev.post("/dashboard/webhooks/"+we, url.Values{"csrf": {csrf["dev"]}, "disabled": {"false"}}, "same-origin")
		if got, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we); got.Disabled {
			t.Error("enable left the endpoint disabled")
		}
		if code, page := dev.post("/dashboard/webhooks/"+we+"/roll", url.Values{"csrf": {csrf["dev"]}, "grace": {"48h"}}, "same-origin"); code != 422 ||
			!strings.Contains(page, "at most 24h") {
			t.Errorf("roll with 48h: %d", code)
		}
		before, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we)
		code, page = dev.post("/dashboard/webhooks/"+we+"/roll", url.Values{"csrf": {csrf["dev"]}, "grace": {"1h"}}, "same-origin")
		secret := regexp.MustCompile(`<code class="secret">(whsec_\w+)</code>`).FindStringSubmatch(page)
		if code != 200 || secret == nil || !strings.Contains(page, "The old secret also signs until") {
			t.Fatalf("roll: %d\n%s", code, page)
		}
		after, _ := e.Engine.GetWebhookEndpoint(ctx, sc, we)
		if string(after.SealedPrevious) != string(before.SealedSecret) || after.PreviousExpires == nil {
			t.Error("the old secret does not keep signing after a roll with a grace period")
		}
		if _, page := dev.get("/dashboard/webhooks"); strings.Contains(page, secret[1]) {
			t.Error("the new secret is shown again")
		}

		// Settings: the owner's; a bad zone or wallet changes nothing; dates follow the zone.
		was, _ := e.Engine.Merchant(ctx, e.MerchantID)
		code, page = owner.get("/dashboard/settings")
		if code != 200 || !strings.Contains(page, `name="name" value="Acme"`) || !strings.Contains(page, `value="UTC"`) {
			t.Fatalf("settings: %d\n%s", code, page)
		}
		for _, bad := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"timezone": {"Mars/Olympus"}, "dunning_final": {"past_due"}, "wallets": {"APPLE_PAY"}}, "Unknown time zone"},
			{url.Values{"timezone": {"Local"}, "dunning_final": {"past_due"}}, "Unknown time zone"},
			{url.Values{"timezone": {"Asia/Tokyo"}, "dunning_final": {"past_due"}, "wallets": {"PAYPAL"}}, "Unknown wallet PAYPAL"},
			{url.Values{"timezone": {"Asia/Tokyo"}, "dunning_final": {"past_due"}, "phone_numbers": {"12"}}, "Invalid phone number"},
		} {
			bad.form.Set("csrf", csrf["owner"])
			if code, page := owner.post("/dashboard/settings", bad.form, "same-origin"); code != 422 || !strings.Contains(page, bad.want) {
				t.Errorf("settings %v: %d, want 422 %q", bad.form, code, bad.want)
			}
		}
		if now, _ := e.Engine.Merchant(ctx, e.MerchantID); now != was {
			t.Fatalf("refused settings changed the merchant: %+v", now)
		}
		if code, page := owner.post("/dashboard/settings", url.Values{"csrf": {csrf["owner"]}, "timezone": {"Asia/Tokyo"}, "dunning_final": {"canceled"},
			"wallets": {"GOOGLE_PAY"}, "email": {"billing@example.com"}, "phone_numbers": {"+14155550100"}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Settings saved") || !strings.Contains(page, `value="Asia/Tokyo"`) {
			t.Fatalf("save settings: %d\n%s", code, page)
		}
		mc, _ := e.Engine.Merchant(ctx, e.MerchantID)
		if mc.TimeZone != "Asia/Tokyo" || mc.Wallets != "GOOGLE_PAY" || mc.DunningFinal != domain.SubscriptionCanceled ||
			mc.Email != "billing@example.com" || mc.PhoneNumbers != "+14155550100" {
			t.Errorf("after saving: %+v", mc)
		}
		_, page = viewer.get("/dashboard/events/" + ev.ID)
		if want := ev.Created.In(mustZone(t, "Asia/Tokyo")).Format("2 Jan 2006 15:04") + " JST"; !strings.Contains(page, want) || strings.Contains(page, " UTC<") {
			t.Errorf("event page after the zone change lacks %q", want)
		}
		if !strings.Contains(page, "Times are shown in Asia/Tokyo") {
			t.Error("the frame does not say the time zone")
		}
		if _, page := owner.get("/dashboard/audit"); !strings.Contains(page, "settings.changed") || !strings.Contains(page, "webhook_endpoint.secret_rolled") ||
			!strings.Contains(page, "subscription.canceled") {
			t.Error("the audit log lacks the settings, the roll or the cancel")
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestDashboardIdleTimeout: a session used within the idle timeout lives
// on; one left alone longer is revoked and must sign in again, and a seen
// cookie cannot be made up.
func TestDashboardIdleTimeout(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	e := servertest.New(t, s)
	mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
	const idle = time.Second
	mux := http.NewServeMux()
	dashboard.Register(mux, dashboard.Deps{Engine: e.Engine, IdleTimeout: idle})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := newBrowser(t, srv.URL)
	if code, page := b.login("owner@example.com", "correct horse battery"); code != 200 || !strings.Contains(page, "Last 30 days") {
		t.Fatalf("sign in: %d", code)
	}
	for range 5 { // 1.5 s of use, 0.3 s apart: still signed in
		time.Sleep(idle * 3 / 10)
		if _, page := b.get("/dashboard"); !strings.Contains(page, "Last 30 days") {
			t.Fatal("signed out while in use")
		}
	}
	u, _ := url.Parse(srv.URL + "/dashboard")
	sessionOf := func(b *browser) *http.Cookie {
		for _, c := range b.c.Jar.Cookies(u) {
			if c.Name == "paysmart_session" {
				return c
			}
		}
		t.Fatal("no session cookie")
		return nil
	}
	// The session cookie without its seen cookie, or with a made-up one, is
	// refused, and the session revoked.
	for _, seen := range []string{"", "9999999999999.forged", fmt.Sprint(time.Now().UnixMilli()) + ".forged"} {
		if seen != "" {
			b = newBrowser(t, srv.URL)
			b.login("owner@example.com", "correct horse battery")
		}
		session := sessionOf(b)
		jar, _ := cookiejar.New(nil)
		cs := []*http.Cookie{{Name: session.Name, Value: session.Value}}
		if seen != "" {
			cs = append(cs, &http.Cookie{Name: "paysmart_seen", Value: seen})
		}
		jar.SetCookies(u, cs)
		forger := &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar}}
		if _, page := forger.get("/dashboard"); !strings.Contains(page, "Sign in") {
			t.Errorf("seen cookie %q let the session in", seen)
		}
		if _, page := b.get("/dashboard"); !strings.Contains(page, "Sign in") {
			t.Errorf("seen cookie %q did not revoke the session", seen)
		}
	}

	// Left alone past the timeout: a GET goes to the sign-in page saying
	// why, a form is refused, and the session stays revoked.
	b = newBrowser(t, srv.URL)
	b.login("owner@example.com", "correct horse battery")
	_, page := b.get("/dashboard")
	token := field(t, page)
	time.Sleep(idle + 200*time.Millisecond)
	if code, page := b.post("/dashboard/mode", url.Values{"csrf": {token}, "mode": {"live"}}, "same-origin"); code != 401 ||
		!strings.Contains(page, "signed out after 1 second without activity") {
		t.Errorf("a form after the timeout: %d\n%s", code, page)
	}
	if _, page := b.get("/dashboard/payments"); !strings.Contains(page, `autocomplete="current-password"`) {
		t.Error("still signed in after the idle timeout")
	}
	if code, page := b.login("owner@example.com", "correct horse battery"); code != 200 || !strings.Contains(page, "Last 30 days") {
		t.Errorf("signing in again: %d", code)
	}
}

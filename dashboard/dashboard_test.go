package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

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

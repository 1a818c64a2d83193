package dashboard_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// The abuse tests of server/abuse_test.go, for the dashboard: tenant
// isolation between two signed-in merchants, odd ids and form fields, and
// every page refused without a session. They walk the routes dashboard.go
// registers rather than a hand-picked list, so that a route added later
// fails here until it says which object it names and which form it takes.

// dashboardRoutes returns the patterns Register mounts ("GET
// /dashboard/payments/{id}"), read from dashboard.go: its get(...) and
// post(...) helpers and its mux.Handle calls.
func dashboardRoutes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "dashboard.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		p, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			switch fn.Name {
			case "get":
				out = append(out, "GET /dashboard"+p)
			case "post":
				out = append(out, "POST /dashboard"+p)
			}
		case *ast.SelectorExpr:
			if (fn.Sel.Name == "Handle" || fn.Sel.Name == "HandleFunc") && strings.Contains(p, " ") {
				out = append(out, p)
			}
		}
		return true
	})
	for _, want := range []string{"GET /dashboard/payments/{id}", "POST /dashboard/payments/{id}/refund", "GET /dashboard/login",
		"POST /dashboard/invitations/{token}", "POST /dashboard/applications/{id}/{action}"} {
		if !slices.Contains(out, want) {
			t.Fatalf("%s is not among the routes read from dashboard.go (%v): has the way routes are registered changed?", want, out)
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d routes read from dashboard.go", len(out))
	}
	return out
}

// fieldsRead returns the form fields (PostFormValue("x"), PostForm["x"])
// and the query parameters (Query().Get("x"), f.Get("x")) that the
// dashboard's handlers read, from its source.
func fieldsRead(t *testing.T) (form, query []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	add := func(to *[]string, s string) {
		if !slices.Contains(*to, s) {
			*to = append(*to, s)
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var sel *ast.SelectorExpr
			var arg ast.Expr
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, _ = n.Fun.(*ast.SelectorExpr)
				if len(n.Args) == 1 {
					arg = n.Args[0]
				}
			case *ast.IndexExpr:
				sel, arg = nil, n.Index
				if s, ok := n.X.(*ast.SelectorExpr); ok && s.Sel.Name == "PostForm" {
					if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						add(&form, v)
					}
				}
				return true
			}
			lit, ok := arg.(*ast.BasicLit)
			if sel == nil || !ok || lit.Kind != token.STRING {
				return true
			}
			v, _ := strconv.Unquote(lit.Value)
			switch sel.Sel.Name {
			case "PostFormValue":
				add(&form, v)
			case "Get":
				if v == strings.ToLower(v) { // not a header
					add(&query, v)
				}
			}
			return true
		})
	}
	if len(form) < 20 || len(query) < 5 {
		t.Fatalf("read only %d form fields and %d query parameters from the source", len(form), len(query))
	}
	return form, query
}

// marker is in a text field of every object merchant A owns.
const marker = "Acmemark"

// merchantA is the test mode objects of the env's merchant ("Acme") that
// dashboard routes name, with its owner and a viewer signed up.
type merchantA struct {
	e     *servertest.Env
	owner string // the owner's e-mail address
	// customers are the customer of A's payment and the subscription's,
	// which list filters name.
	customers [2]string
	ids       map[string]string // by the path before a route's first parameter: "/dashboard/payments/" → "pay_…"
	byRoute   map[string]string // where one path names several objects: "POST /dashboard/payments/{id}/capture" → "pay_…"
	// secret are what no one else may see of A: its ids, e-mail addresses,
	// amounts, and its merchant id.
	secret []string
}

// seedMerchantA gives the env's merchant one object of every kind a
// dashboard route names, each with the marker in a text field.
func seedMerchantA(t *testing.T, e *servertest.Env) *merchantA {
	t.Helper()
	ctx, sc := context.Background(), domain.Scope{MerchantID: e.MerchantID}
	sk := "bearer:" + e.Keys["sk_test"]
	do := func(method, path, body string) string {
		t.Helper()
		r := e.Do(t, servertest.Call{Method: method, Path: path, Auth: sk, Body: body})
		id, ok := r.Get("id").(string)
		if r.Status != 200 || !ok {
			t.Fatalf("seeding: %s %s = %d: %s", method, path, r.Status, r.Body)
		}
		return id
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding: %v", err)
		}
	}
	email := func(who string) string { return who + "." + strings.ToLower(marker) + "@example.com" }
	exp := fmt.Sprint(time.Now().Year() + 2)
	card := `{"number": "4242424242424242", "exp_month": 12, "exp_year": ` + exp + `, "cvc": "123"}`

	owner, _, err := e.Engine.CreateUser(ctx, e.MerchantID, email("owner"), domain.RoleOwner, "correct horse battery")
	must(err)
	viewer, _, err := e.Engine.CreateUser(ctx, e.MerchantID, email("viewer"), domain.RoleViewer, "correct horse battery")
	must(err)
	cus := do("POST", "/v2/customers", `{"email": "`+email("ann")+`", "name": "Ann `+marker+`"}`)
	pay := do("POST", "/v2/payments", `{"amount": 4713, "currency": "usd", "customer": "`+cus+`", "description": "`+marker+`",
		"receipt_email": "`+email("ann")+`", "payment_method": {"type": "card", "card": `+card+`}}`)
	re := do("POST", "/v2/refunds", `{"payment": "`+pay+`", "amount": 100}`)
	auth := do("POST", "/v2/payments", `{"amount": 3829, "currency": "usd", "capture": false, "description": "`+marker+`",
		"payment_method": {"type": "card", "card": `+card+`}}`)
	we := do("POST", "/v2/webhook_endpoints", `{"url": "https://acmemark.example.com/hook", "enabled_events": ["*"], "description": "`+marker+`"}`)
	scus := do("POST", "/v2/customers", `{"email": "`+email("sub")+`", "name": "Sub `+marker+`"}`)
	spm := do("POST", "/v2/payment_methods", `{"type": "card", "customer": "`+scus+`", "card": `+card+`}`)
	sub := do("POST", "/v2/subscriptions", `{"customer": "`+scus+`", "payment_method": "`+spm+`", "amount": 1517,
		"currency": "usd", "interval": "month", "metadata": {"note": "`+marker+`"}}`)
	fixed := true
	pr, err := e.Engine.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{Amount: "18.61", Currency: "USD", Email: email("payer"),
		FixedAmount: &fixed, PaymentType: "DB", RequestMethods: []string{"EMAIL"}, ReferenceNumber: marker})
	must(err)
	msgs, err := e.Engine.ListMessages(ctx, sc, domain.ListParams{Limit: 1})
	must(err)
	evs, err := e.Engine.ListEvents(ctx, sc, domain.ListParams{Limit: 1})
	must(err)
	if len(msgs.Items) == 0 || len(evs.Items) == 0 {
		t.Fatal("seeding: no message or no event")
	}
	taxName, taxType, rate := marker+" VAT", domain.TaxPercentage, "7.25"
	tax, err := e.Engine.CreateTax(ctx, sc, domain.TaxInput{Name: &taxName, Type: &taxType, Rate: &rate})
	must(err)
	tmplName, channel, subject, body, no := marker+" invoice", domain.ChannelEmail, marker+" invoice", "Please pay.", false
	tmpl, err := e.Engine.CreateTemplate(ctx, sc, domain.TemplateInput{Name: &tmplName, Channel: &channel, Subject: &subject, Body: &body, IsDefault: &no})
	must(err)
	key, err := e.Engine.CreateKey(ctx, e.MerchantID, domain.KeySecret, false)
	must(err)
	app, _, err := e.Engine.CreateApplication(ctx, e.MerchantID, marker+" app")
	must(err)
	inv, err := e.Engine.InviteUser(ctx, e.MerchantID, owner, email("invitee"), domain.RoleDeveloper)
	must(err)

	return &merchantA{e: e, owner: owner.Email, customers: [2]string{cus, scus},
		ids: map[string]string{
			"/dashboard/payments/":         pay,
			"/dashboard/payment-requests/": pr.TransactionID,
			"/dashboard/webhooks/":         we,
			"/dashboard/events/":           evs.Items[0].ID,
			"/dashboard/subscriptions/":    sub,
			"/dashboard/messages/":         msgs.Items[0].ID,
			"/dashboard/taxes/":            tax.ID,
			"/dashboard/templates/":        tmpl.ID,
			"/dashboard/keys/":             key.Key.ID,
			"/dashboard/applications/":     app.ID,
			"/dashboard/users/":            viewer.ID,
			"/dashboard/invitations/":      inv.Invitation.ID,
		},
		byRoute: map[string]string{
			"POST /dashboard/payments/{id}/capture": auth, // uncaptured, so that a capture would succeed for A
			"GET /dashboard/assets/{file}":          "dashboard.css",
			"GET /dashboard/invitations/{token}":    inv.Token,
			"POST /dashboard/invitations/{token}":   inv.Token,
		},
		// Paysley's transaction ids ("1OO") are numbers that repeat across
		// merchants: not secret, and left out.
		secret: []string{e.MerchantID, cus, pay, strings.TrimPrefix(pay, "pay_"), re, auth, strings.TrimPrefix(auth, "pay_"), we, scus, spm,
			sub, pr.ID, msgs.Items[0].ID, evs.Items[0].ID, tax.ID, tmpl.ID, key.Key.ID, app.ID, owner.ID, viewer.ID, inv.Invitation.ID,
			inv.Token, "$47.13", "$38.29", "$15.17", "$18.61", "7.25%"},
	}
}

// actions are the values of {action} in /dashboard/applications/{id}/{action}.
var actions = []string{"publish", "enable", "disable"}

// target is one concrete request of a route: its path and the id in it.
type target struct{ path, id string }

// targets returns route's paths naming A's object (or, with ghost, an id
// of the same form that names nothing), one per {action}; a route without
// a parameter is its own path.
func (a *merchantA) targets(t *testing.T, route string, ghost bool) []target {
	t.Helper()
	_, pattern, _ := strings.Cut(route, " ")
	i := strings.Index(pattern, "{")
	if i < 0 {
		return []target{{path: pattern}}
	}
	id, ok := a.byRoute[route]
	if !ok {
		id, ok = a.ids[pattern[:i]]
	}
	if !ok {
		t.Errorf("%s: merchant A has no object for this route: add one to seedMerchantA", route)
		return nil
	}
	if ghost {
		id = ghostOf(id)
	}
	path := pattern[:i] + id + pattern[strings.Index(pattern, "}")+1:]
	if !strings.Contains(path, "{") {
		return []target{{path, id}}
	}
	if !strings.HasSuffix(path, "/{action}") {
		t.Errorf("%s: a second parameter the tests do not know: say what it takes in merchantA.targets", route)
		return nil
	}
	var out []target
	for _, act := range actions {
		out = append(out, target{strings.TrimSuffix(path, "{action}") + act, id})
	}
	return out
}

// ghostOf is an id of the same form as id that names nothing: its prefix
// ("pay_"), then nines.
func ghostOf(id string) string {
	prefix := id[:strings.LastIndex(id, "_")+1]
	return prefix + strings.Repeat("9", max(6, len(id)-len(prefix)))
}

// unID replaces id in page, with and without its prefix, so that the pages
// answered for two ids can be compared.
func unID(page, id string) string {
	page = strings.ReplaceAll(page, id, "{ID}")
	if _, bare, ok := strings.Cut(id, "_"); ok && len(bare) >= 6 {
		page = strings.ReplaceAll(page, bare, "{ID}")
	}
	return page
}

// unseen fails when page shows anything of A but the id it was asked about.
func (a *merchantA) unseen(t *testing.T, who, what, page, asked string) {
	t.Helper()
	if asked != "" {
		page = unID(page, asked)
	}
	if strings.Contains(strings.ToLower(page), strings.ToLower(marker)) || strings.Contains(page, "Acme") {
		t.Errorf("%s: %s shows merchant A's objects: %.600s", who, what, page)
		return
	}
	for _, s := range a.secret {
		if strings.Contains(page, s) {
			t.Errorf("%s: %s shows merchant A's %s: %.600s", who, what, s, page)
		}
	}
}

// validForms are, by route, a form that succeeds for the route's object
// (without its csrf field): what another merchant sends to find out whether
// a form alone keeps it out, and what the odd inputs replace one field of.
// The sign-in form's token comes from the page; invitations/{token} accepts.
var validForms = map[string]url.Values{
	"POST /dashboard/login":                     {"email": {"someone@example.com"}, "password": {"not the password"}},
	"POST /dashboard/logout":                    {},
	"POST /dashboard/mode":                      {"mode": {"test"}, "back": {"/dashboard/payments"}},
	"POST /dashboard/payments/{id}/refund":      {"amount": {"1.00"}, "reason": {"requested_by_customer"}},
	"POST /dashboard/payments/{id}/capture":     {"amount": {"10.00"}},
	"POST /dashboard/customers":                 {"name": {"Cy"}, "email": {"cy@example.com"}, "phone": {"+14155550100"}, "description": {"New"}},
	"POST /dashboard/payment-requests":          {"amount": {"5.00"}, "currency": {"USD"}, "email": {"pr@example.com"}, "mobile_number": {"+14155550100"}, "reference_number": {"R1"}, "fixed": {"on"}},
	"POST /dashboard/webhooks":                  {"url": {"https://example.com/new"}, "events": {"payment.succeeded"}, "description": {"New"}},
	"POST /dashboard/webhooks/{id}/delete":      {},
	"POST /dashboard/webhooks/{id}":             {"url": {"https://example.com/other"}, "events": {"*"}, "description": {"Intruder"}, "disabled": {"false"}},
	"POST /dashboard/webhooks/{id}/roll":        {"grace": {"1h"}},
	"POST /dashboard/events/{id}/resend":        {"back": {"event"}},
	"POST /dashboard/subscriptions/{id}/cancel": {},
	"POST /dashboard/taxes":                     {"name": {"VAT"}, "type": {"percentage"}, "rate": {"7.5"}, "amount": {""}},
	"POST /dashboard/taxes/{id}":                {"name": {"Intruder"}, "type": {"fixed_amount"}, "amount": {"2.50"}, "rate": {""}},
	"POST /dashboard/templates":                 {"name": {"T"}, "channel": {"email"}, "subject": {"S"}, "body": {"Pay."}, "default": {"true"}},
	"POST /dashboard/templates/{id}":            {"name": {"Intruder"}, "channel": {"sms"}, "subject": {""}, "body": {"Pay here"}, "default": {"true"}},
	"POST /dashboard/settings": {"name": {"Acme"}, "timezone": {"UTC"}, "dunning_final": {"past_due"}, "wallets": {"APPLE_PAY"},
		"email": {"billing@example.com"}, "mail_from": {""}, "phone_numbers": {"+14155550100"}},
	"POST /dashboard/keys":                       {"kind": {"sk"}},
	"POST /dashboard/keys/{id}/roll":             {"grace": {"0"}},
	"POST /dashboard/keys/{id}/revoke":           {},
	"POST /dashboard/applications":               {"name": {"App"}},
	"POST /dashboard/applications/{id}/{action}": {},
	"POST /dashboard/users":                      {"email": {"new@example.com"}, "role": {"viewer"}},
	"POST /dashboard/users/{id}/role":            {"role": {"developer"}},
	"POST /dashboard/invitations/{id}/revoke":    {},
	"POST /dashboard/invitations/{token}":        {"new_password": {"staple battery horse"}, "confirm_password": {"staple battery horse"}},
	"POST /dashboard/password":                   {"current_password": {"not the password"}, "new_password": {"staple battery horse"}, "confirm_password": {"staple battery horse"}},
}

// formOf returns a copy of route's valid form with csrf set.
func formOf(t *testing.T, route, csrf string) url.Values {
	t.Helper()
	f, ok := validForms[route]
	if !ok {
		t.Errorf("%s: no valid form in validForms: add one", route)
	}
	out := url.Values{"csrf": {csrf}}
	for k, v := range f {
		out[k] = slices.Clone(v)
	}
	return out
}

// public are the routes a browser without a session may use, and why.
var public = map[string]string{
	"GET /dashboard/login":                "the sign-in form",
	"POST /dashboard/login":               "signs in",
	"GET /dashboard/invitations/{token}":  "the invitation's token is the credential",
	"POST /dashboard/invitations/{token}": "the invitation's token is the credential",
	"GET /dashboard/assets/{file}":        "the stylesheet",
}

// raw sends one request without following redirects: a form when form is
// not nil, with the Sec-Fetch-Site a same-origin browser sends.
func raw(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatalf("%s %.200s: %v", method, u, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %.200s: %v (is the server down?)", method, u, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// noFollow is c without following redirects.
func noFollow(c *http.Client) *http.Client {
	return &http.Client{Jar: c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestDashboardTenantIsolation: merchant B's owner, signed in, asking for
// merchant A's object on any dashboard route that names one (the pages, and
// every form with B's own CSRF token and a form that would succeed for A)
// gets the very page an id that names nothing gets: a 404 saying nothing of
// A. B's lists and filters show nothing of A, and afterwards A's pages are
// as they were, while A's own forms on the same objects succeed.
func TestDashboardTenantIsolation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		a := seedMerchantA(t, e)
		bravo, _ := storetest.MustMerchant(t, e.Engine, "Bravo")
		mustUser(t, e.Engine, bravo.ID, "owner@bravo.example.com", domain.RoleOwner)
		owner, ownerCSRF := signedIn(t, e.URL, a.owner)
		other, otherCSRF := signedIn(t, e.URL, "owner@bravo.example.com")
		routes := dashboardRoutes(t)
		before := a.snapshot(t, owner, routes)

		n := 0
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			if !strings.Contains(pattern, "{") {
				if method == "GET" {
					_, page := other.get(pattern)
					a.unseen(t, "merchant B", route, page, "")
				}
				continue
			}
			if _, ok := public[route]; ok {
				continue // no merchant's scope: a token or a file (see public)
			}
			mine, ghosts := a.targets(t, route, false), a.targets(t, route, true)
			for i := range min(len(mine), len(ghosts)) {
				n++
				var form url.Values
				if method == "POST" {
					form = formOf(t, route, otherCSRF)
				}
				code, page := send(other, method, mine[i].path, form)
				gcode, gpage := send(other, method, ghosts[i].path, form)
				a.unseen(t, "merchant B", method+" "+mine[i].path, page, mine[i].id)
				if code != http.StatusNotFound || gcode != http.StatusNotFound {
					t.Errorf("merchant B: %s %s = %d (an unknown id: %d), want 404 for both: %.400s", method, mine[i].path, code, gcode, page)
				}
				if unID(page, mine[i].id) != unID(gpage, ghosts[i].id) {
					t.Errorf("merchant B: %s %s tells A's object from none:\n%.800s\nfor an unknown id:\n%.800s", method, mine[i].path, page, gpage)
				}
			}
		}
		if n < 24 {
			t.Fatalf("only %d requests for A's objects", n)
		}

		// Filters and cursors naming A's objects find nothing of A: the page
		// an unknown id gets.
		for _, f := range []struct{ path, id string }{
			{"/dashboard/payments?customer=", a.customers[0]}, {"/dashboard/payments?q=", a.ids["/dashboard/payments/"]},
			{"/dashboard/payments?q=", strings.TrimPrefix(a.ids["/dashboard/payments/"], "pay_")},
			{"/dashboard/payments?after=", a.ids["/dashboard/payments/"]},
			{"/dashboard/subscriptions?customer=", a.customers[1]}, {"/dashboard/subscriptions?after=", a.ids["/dashboard/subscriptions/"]},
			{"/dashboard/events?after=", a.ids["/dashboard/events/"]}, {"/dashboard/messages?after=", a.ids["/dashboard/messages/"]},
			{"/dashboard/customers?q=", marker}, {"/dashboard/customers?q=", a.customers[0]},
		} {
			code, page := other.get(f.path + url.QueryEscape(f.id))
			gcode, gpage := other.get(f.path + url.QueryEscape(ghostOf(f.id)))
			a.unseen(t, "merchant B", f.path+f.id, page, f.id)
			if code != gcode || unID(page, f.id) != unID(gpage, ghostOf(f.id)) {
				t.Errorf("merchant B: %s%s tells A's object from none:\n%d %.800s\nfor an unknown id:\n%d %.800s", f.path, f.id, code, page, gcode, gpage)
			}
		}

		after := a.snapshot(t, owner, routes)
		for k, b := range before {
			if after[k] != b {
				t.Errorf("merchant B changed merchant A's objects: %s was\n%.600s\nand is now\n%.600s", k, b, after[k])
			}
		}

		// The forms B sent would have worked for A: B was kept out by the
		// scope, not by the form. Deletions go last.
		var deletes []string
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			if method != "POST" || !strings.Contains(pattern, "{") {
				continue
			}
			if _, ok := public[route]; ok {
				continue
			}
			if strings.HasSuffix(pattern, "/delete") {
				deletes = append(deletes, route)
				continue
			}
			a.succeeds(t, owner, ownerCSRF, route)
		}
		for _, route := range deletes {
			a.succeeds(t, owner, ownerCSRF, route)
		}
	})
}

// send is b.get, or b.post of form from the dashboard's own origin.
func send(b *browser, method, path string, form url.Values) (int, string) {
	b.t.Helper()
	if method == "GET" {
		return b.get(path)
	}
	return b.post(path, form, "same-origin")
}

// snapshot is every page about A's objects as A's owner sees them: each
// GET route, on A's object when it names one. The home page is left out:
// its charts move with the clock.
func (a *merchantA) snapshot(t *testing.T, owner *browser, routes []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, route := range routes {
		method, pattern, _ := strings.Cut(route, " ")
		if method != "GET" || pattern == "/dashboard" || pattern == "/dashboard/login" || strings.HasPrefix(pattern, "/dashboard/assets/") {
			continue
		}
		for _, tg := range a.targets(t, route, false) {
			code, page := owner.get(tg.path)
			if code != 200 {
				t.Errorf("merchant A: GET %s = %d: %.400s", tg.path, code, page)
			}
			out[tg.path] = fmt.Sprintf("%d %s", code, page)
		}
	}
	return out
}

// succeeds sends route's valid form as A's owner on A's objects and wants
// the page it leads to.
func (a *merchantA) succeeds(t *testing.T, owner *browser, csrf, route string) {
	t.Helper()
	for _, tg := range a.targets(t, route, false) {
		code, page := owner.post(tg.path, formOf(t, route, csrf), "same-origin")
		if code != 200 || strings.Contains(page, `class="error-text"`) || strings.Contains(page, `role="alert"`) {
			t.Errorf("merchant A: POST %s with %v = %d, want it done: %.600s", tg.path, validForms[route], code, page)
		}
	}
}

// TestDashboardWithoutSession: without a session, with a made-up one, or
// with one signed out, every dashboard route but the public ones sends a
// GET to the sign-in page and refuses a form with 401, whatever object it
// names, showing nothing of the merchant's.
func TestDashboardWithoutSession(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		a := seedMerchantA(t, e)
		// A session as it was before its owner signed out.
		gone, csrf := signedIn(t, e.URL, a.owner)
		base, _ := url.Parse(e.URL + "/dashboard")
		cookies := gone.c.Jar.Cookies(base)
		if code, _ := gone.post("/dashboard/logout", url.Values{"csrf": {csrf}}, "same-origin"); code != 200 {
			t.Fatalf("sign out: %d", code)
		}
		clients := map[string]*http.Client{"no session": noFollow(&http.Client{})}
		for name, cs := range map[string][]*http.Cookie{
			"a made-up session":    {{Name: "paysmart_session", Value: "made-up"}},
			"a signed-out session": cookies,
		} {
			jar, _ := cookiejar.New(nil)
			jar.SetCookies(base, cs)
			clients[name] = noFollow(&http.Client{Jar: jar})
		}
		if len(cookies) < 2 {
			t.Fatalf("the signed-out browser kept %d cookies, want its session and seen cookies", len(cookies))
		}
		n := 0
		for _, route := range dashboardRoutes(t) {
			method, _, _ := strings.Cut(route, " ")
			if _, ok := public[route]; ok {
				continue
			}
			for who, c := range clients {
				for _, tg := range a.targets(t, route, false) {
					n++
					var form url.Values
					if method == "POST" {
						form = formOf(t, route, csrf)
					}
					code, page, h := raw(t, c, method, e.URL+tg.path, form)
					a.unseen(t, who, method+" "+tg.path, page, "")
					switch {
					case method == "GET" && code == http.StatusSeeOther && strings.HasPrefix(h.Get("Location"), "/dashboard/login"):
					case method == "POST" && code == http.StatusUnauthorized && strings.Contains(page, "Please sign in"):
					default:
						t.Errorf("%s: %s %s = %d (Location %q), want the sign-in page or a 401: %.400s", who, method, tg.path, code, h.Get("Location"), page)
					}
				}
			}
		}
		if n < 3*40 {
			t.Fatalf("only %d requests without a session", n)
		}
		// The public routes show nothing of a merchant's without their credential.
		anon := clients["no session"]
		// (the sign-in form without its token, an unknown invitation).
		want := map[string]int{"GET /dashboard/login": 200, "POST /dashboard/login": 403, "GET /dashboard/assets/{file}": 200,
			"GET /dashboard/invitations/{token}": 404, "POST /dashboard/invitations/{token}": 404}
		for route := range public {
			if _, ok := want[route]; !ok || !slices.Contains(dashboardRoutes(t), route) {
				t.Errorf("public route %s: not registered, or no answer expected of it here", route)
				continue
			}
			method, pattern, _ := strings.Cut(route, " ")
			path := a.targets(t, route, strings.Contains(pattern, "{token}"))[0].path
			var form url.Values
			if method == "POST" {
				form = formOf(t, route, "")
			}
			code, page, _ := raw(t, anon, method, e.URL+path, form)
			a.unseen(t, "no session", route, page, "")
			if code != want[route] {
				t.Errorf("no session: %s = %d, want %d: %.400s", route, code, want[route], page)
			}
		}
		// The assets' directory is no page (it used to redirect to itself).
		for _, p := range []string{"/dashboard/assets/", "/dashboard/assets"} {
			if code, _, h := raw(t, anon, "GET", e.URL+p, nil); code != http.StatusNotFound {
				t.Errorf("GET %s = %d (Location %q), want 404", p, code, h.Get("Location"))
			}
		}
	})
}

// oddIDs are path segments a prober sends, as they go on the wire: NUL,
// half a UTF-16 surrogate pair in UTF-8 (WTF-8) and other bytes that are
// not UTF-8, traversal, very long ids, SQL and LIKE metacharacters, markup.
var oddIDs = []string{"%00", "a%00b", "%ED%A0%80", "x%ED%B0%80y", "%FF", "%C0%AE%C0%AE", "..", "..%2f..%2fgo.mod",
	"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwin.ini", strings.Repeat("a", 8000), "pay_" + strings.Repeat("9", 5000),
	"'%22;--", "%27%20OR%20%271%27=%271", "1%27;DROP%20TABLE%20payments;--", "%25", "_", "%25_%5c", "caf%C3%A9",
	"%F0%9F%92%B3", "%E2%80%AE", "%3Cscript%3E", "%20", "pay_", "pay_%00"}

// oddValues are form fields and query parameters a prober sends (the
// form's encoding escapes them): the same, and numbers and durations
// that overflow.
var oddValues = []string{"\x00", "a\x00b", "\xed\xa0\x80", "x\xed\xb0\x80y", "\xff\xfe", `\ud800`, "../../../etc/passwd", `'";--`,
	`' OR '1'='1`, `1'; DROP TABLE payments; --`, "%", "_", `%_\`, strings.Repeat("a", 5000), strings.Repeat("é", 3000),
	"<script>alert(1)</script>", "-1", "1e400", "99999999999999999999.99", "NaN", " ", "\r\n", "9999999999h", "-0"}

// TestDashboardOddInput: on every dashboard route, as a signed-in owner,
// odd ids, and odd values in every form field and query parameter the
// handlers read (each field alone in a form that otherwise works, and all at
// once), never get a 500, never redirect off the server, never log an
// error or a panic; the server answers its health check afterwards.
func TestDashboardOddInput(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		a := seedMerchantA(t, e)
		owner, csrf := signedIn(t, e.URL, a.owner)
		signedInClient := noFollow(owner.c)
		signIn := newBrowser(t, e.URL) // for the sign-in form, whose token lives in a cookie
		formFields, queryNames := fieldsRead(t)
		covered := map[string]bool{"csrf": true}
		for _, f := range validForms {
			for k := range f {
				covered[k] = true
			}
		}
		if extra := slices.DeleteFunc(slices.Clone(formFields), func(f string) bool { return covered[f] || f == "token" }); len(extra) > 0 {
			t.Errorf("form fields %v are read by the dashboard but in no valid form: add them to validForms", extra)
		}

		// NUL and what is not UTF-8 are refused before any handler, in a
		// query, a form or a multipart form alike, and nothing is written.
		ctx, sc := context.Background(), domain.Scope{MerchantID: e.MerchantID}
		before, _ := e.Engine.ListCustomers(ctx, sc, domain.ListParams{Limit: 100, Page: 1})
		for _, c := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/dashboard/payments?customer=%00", nil},
			{"GET", "/dashboard/customers?q=%ED%A0%80", nil},
			{"POST", "/dashboard/customers", url.Values{"csrf": {csrf}, "name": {"a\x00b"}}},
			{"POST", "/dashboard/customers", url.Values{"csrf": {csrf}, "name": {"\xed\xa0\x80"}}},
			{"POST", "/dashboard/customers", url.Values{"csrf": {csrf}, "name\x00": {"Cy"}}},
		} {
			code, page, _ := raw(t, signedInClient, c.method, e.URL+c.path, c.form)
			if code != http.StatusBadRequest || !strings.Contains(page, "without NUL characters") {
				t.Errorf("%s %s %q = %d, want 400: %.400s", c.method, c.path, c.form.Encode(), code, page)
			}
		}
		var body strings.Builder
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrf)
		mw.WriteField("name", "a\x00b")
		mw.Close()
		req, _ := http.NewRequest("POST", e.URL+"/dashboard/customers", strings.NewReader(body.String()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := signedInClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("a multipart form with a NUL: %d, want 400", res.StatusCode)
		}
		if after, _ := e.Engine.ListCustomers(ctx, sc, domain.ListParams{Limit: 100, Page: 1}); len(after.Items) != len(before.Items) {
			t.Errorf("refused forms created %d customers", len(after.Items)-len(before.Items))
		}
		if code, _ := owner.post("/dashboard/customers", url.Values{"csrf": {csrf}, "name": {"Cy"}}, "same-origin"); code != 200 {
			t.Errorf("the same form without the NUL: %d", code)
		}
		if after, _ := e.Engine.ListCustomers(ctx, sc, domain.ListParams{Limit: 100, Page: 1}); len(after.Items) != len(before.Items)+1 {
			t.Errorf("the same form without the NUL created %d customers, want 1", len(after.Items)-len(before.Items))
		}

		routes := dashboardRoutes(t)
		// Signing out ends the session the other requests use: last.
		slices.SortStableFunc(routes, func(x, y string) int {
			return strings.Compare(fmt.Sprint(x == "POST /dashboard/logout"), fmt.Sprint(y == "POST /dashboard/logout"))
		})
		n := 0
		check := func(method, path string, form url.Values) {
			t.Helper()
			n++
			c := signedInClient
			switch {
			case strings.HasPrefix(path, "/dashboard/invitations/") && method == "POST" && !strings.HasSuffix(path, "/revoke"):
				c = noFollow(newBrowser(t, e.URL).c) // accepting signs the browser in as someone else
			case path == "/dashboard/login":
				c = noFollow(signIn.c)
				if method == "POST" && form.Get("token") == "" {
					_, page := signIn.get("/dashboard/login")
					form.Set("token", field(t, page))
				}
			}
			code, page, h := raw(t, c, method, e.URL+path, form)
			if loc := h.Get("Location"); code >= 300 && code < 400 {
				if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
					t.Errorf("%s %.200s redirects off the server: %q", method, path, loc)
					return
				}
				u, _ := url.Parse(e.URL)
				next, err := u.Parse(loc)
				if err != nil {
					t.Errorf("%s %.200s redirects to %q: %v", method, path, loc, err)
					return
				}
				code, page, _ = raw(t, c, "GET", next.String(), nil)
			}
			if code >= 500 {
				t.Errorf("%s %.200s %.300q = %d: %.400s", method, path, form.Encode(), code, page)
			}
		}

		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			hasID := strings.Contains(pattern, "{")
			var own []target
			if hasID {
				own = a.targets(t, route, false)
			} else {
				own = []target{{path: pattern}}
			}
			// Odd ids, in each parameter.
			if hasID {
				for _, id := range oddIDs {
					i, j := strings.Index(pattern, "{"), strings.Index(pattern, "}")
					paths := []string{pattern[:i] + id + pattern[j+1:]}
					if strings.HasSuffix(pattern, "/{action}") {
						p := strings.TrimSuffix(pattern, "/{action}")
						paths = []string{p[:i] + id + "/publish", strings.TrimSuffix(own[0].path, "publish") + id}
					}
					for _, p := range paths {
						var form url.Values
						if method == "POST" {
							form = formOf(t, route, csrf)
						}
						check(method, p, form)
					}
				}
			}
			for _, tg := range own {
				for _, v := range oddValues {
					if method == "GET" {
						// Every query parameter the handlers read, at once: each
						// handler reads its few and ignores the others.
						all := url.Values{}
						for _, q := range queryNames {
							all.Set(q, v)
						}
						check(method, tg.path+"?"+all.Encode(), nil)
						continue
					}
					// Each field of a form that works alone, then every field read.
					valid := formOf(t, route, csrf)
					for k := range valid {
						f := formOf(t, route, csrf)
						f.Set(k, v)
						check(method, tg.path, f)
					}
					all := url.Values{"csrf": {csrf}}
					for _, k := range formFields {
						all.Set(k, v)
					}
					check(method, tg.path, all)
				}
			}
		}
		if n < 2000 {
			t.Fatalf("only %d odd requests", n)
		}
		if logs := e.Logs(); strings.Contains(logs, `"level":"ERROR"`) || strings.Contains(logs, "panic") {
			t.Errorf("odd input was logged at ERROR or panicked: %.3000s", errorLines(logs))
		}
		if code, _, _ := raw(t, http.DefaultClient, "GET", e.URL+"/healthz", nil); code != 200 {
			t.Errorf("healthz after the odd input: %d", code)
		}
	})
}

// errorLines are the log's ERROR lines.
func errorLines(logs string) string {
	var out []string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, `"level":"ERROR"`) || strings.Contains(l, "panic") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

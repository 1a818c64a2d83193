package server_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// The abuse tests (issue 13) walk the route tables rather than a hand-picked
// list: the API operations come from the OpenAPI documents (which
// api/routes_test.go holds to the code), the pages from the patterns that
// server/routes.go and pages/pages.go register. A new route is covered, or
// fails here until it says which object it names.

// operation is one API route of one document.
type operation struct {
	doc, method, path string // "paysmart.yaml", "GET", "/v2/customers/{id}"
	op                *openapi3.Operation
}

func (o operation) String() string { return o.doc + " " + o.method + " " + o.path }

// apiOperations returns the /v2 operations of both documents, in a stable order.
func apiOperations(t *testing.T) []operation {
	t.Helper()
	docs, err := servertest.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var out []operation
	for name, doc := range docs {
		for path, item := range doc.Paths.Map() {
			if !strings.HasPrefix(path, "/v2/") {
				continue
			}
			for method, op := range item.Operations() {
				out = append(out, operation{name, method, path, op})
			}
		}
	}
	slices.SortFunc(out, func(a, b operation) int { return strings.Compare(a.String(), b.String()) })
	if len(out) < 60 {
		t.Fatalf("only %d API operations in the documents: has their layout changed?", len(out))
	}
	return out
}

// hasParam reports whether the operation's path names an object.
func (o operation) hasParam() bool { return strings.Contains(o.path, "{") }

// marker is in a text field of every object merchant A owns, so that a list
// answered to anyone else can be searched for it.
const marker = "Acmemark"

// merchantA is one merchant's objects in test mode, of every kind a route
// names: ids by the path before a route's parameter, and bodies by
// operation (a valid body for the route; for a route whose body names the
// object, the body with {ID} where the id goes, and that id in refs).
type merchantA struct {
	e      *servertest.Env
	ids    map[string]string // "paysmart.yaml /v2/customers/" → "cus_…"
	bodies map[string]string // "paysley.yaml PUT /v2/customers" → `{"customer_id": {ID}, …}`
	refs   map[string]string // "paysley.yaml PUT /v2/customers" → "1"
	// secret are A's ids that appear in no one else's answer (PaySmart's
	// random ids; Paysley's numbers repeat across merchants).
	secret []string
}

// seedMerchantA creates one object of every kind for the env's merchant in
// test mode, each with the marker in a text field.
func seedMerchantA(t *testing.T, e *servertest.Env) *merchantA {
	t.Helper()
	sk, pk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["pk_test"], "bearer:"+e.Keys["py_test"]
	exp := fmt.Sprint(time.Now().Year() + 2)
	card := `{"number": "4242424242424242", "exp_month": 12, "exp_year": ` + exp + `, "cvc": "123"}`
	do := func(auth, method, path, body string) servertest.Reply {
		t.Helper()
		r := e.Do(t, servertest.Call{Method: method, Path: path, Auth: auth, Body: body})
		if r.Status != 200 {
			t.Fatalf("seeding: %s %s = %d: %s", method, path, r.Status, r.Body)
		}
		return r
	}
	str := func(r servertest.Reply, path string) string {
		t.Helper()
		switch v := r.Get(path).(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		t.Fatalf("seeding: %s missing in %s", path, r.Body)
		return ""
	}
	email := strings.ToLower(marker) + "@example.com"

	cus := str(do(sk, "POST", "/v2/customers", `{"email": "`+email+`", "name": "Ann `+marker+`"}`), "id")
	pm := str(do(pk, "POST", "/v2/payment_methods", `{"type": "card", "card": `+card+`}`), "id")
	pay := str(do(sk, "POST", "/v2/payments", `{"amount": 2000, "currency": "usd", "customer": "`+cus+`", "description": "`+marker+`",
		"receipt_email": "`+email+`", "payment_method": {"type": "card", "card": `+card+`}}`), "id")
	auth := str(do(sk, "POST", "/v2/payments", `{"amount": 999, "currency": "usd", "capture": false, "description": "`+marker+`",
		"payment_method": "`+pm+`"}`), "id")
	re := str(do(sk, "POST", "/v2/refunds", `{"payment": "`+pay+`", "amount": 100}`), "id")
	we := str(do(sk, "POST", "/v2/webhook_endpoints", `{"url": "https://example.com/hook", "enabled_events": ["*"], "description": "`+marker+`"}`), "id")
	evt := str(do(sk, "GET", "/v2/events?limit=1", ""), "data.0.id")
	msg := str(do(sk, "GET", "/v2/messages?limit=1", ""), "data.0.id")
	now := time.Now().Unix()
	clock := str(do(sk, "POST", "/v2/test_helpers/test_clocks", fmt.Sprintf(`{"frozen_time": %d, "name": "%s"}`, now, marker)), "id")
	ccus := str(do(sk, "POST", "/v2/customers", `{"email": "`+email+`", "name": "`+marker+`", "test_clock": "`+clock+`"}`), "id")
	cpm := str(do(sk, "POST", "/v2/payment_methods", `{"type": "card", "customer": "`+ccus+`", "card": `+card+`}`), "id")
	sub := str(do(sk, "POST", "/v2/subscriptions", `{"customer": "`+ccus+`", "payment_method": "`+cpm+`", "amount": 1500,
		"currency": "usd", "interval": "month", "total_payments": 12, "metadata": {"note": "`+marker+`"}}`), "id")

	pcus := str(do(py, "POST", "/v2/customers", `{"email": "py.`+email+`", "first_name": "`+marker+`"}`), "customer_id")
	group := str(do(py, "POST", "/v2/customers/groups", `{"group_name": "`+marker+` group"}`), "customer_group_id")
	cat := str(do(py, "POST", "/v2/products-services/category", `{"name": "`+marker+` coffee"}`), "id")
	tax := str(do(py, "POST", "/v2/taxes", `{"name": "`+marker+` VAT", "type": "percentage", "rate": "7.5"}`), "tax_id")
	prod := str(do(py, "POST", "/v2/products-services", `{"name": "`+marker+` espresso", "type": "product", "category_id": `+cat+`,
		"unit_type": "per-item", "cost": 1, "sales_price": 3, "tax_id": "`+tax+`"}`), "id")
	tmpl := str(do(py, "POST", "/v2/templates", `{"name": "`+marker+` invoice", "channel": "sms", "body": "Pay {amount}: {url}"}`), "template_id")
	preq := str(do(py, "POST", "/v2/payment-requests", `{"request_methods": ["EMAIL"], "email": "`+email+`",
		"reference_number": "`+marker+`", "amount": 15.5, "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`), "transaction_id")
	pmsg := str(do(py, "GET", "/v2/messages?limit=1", ""), "messages.0.message_id")
	hex, authHex := strings.TrimPrefix(pay, "pay_"), strings.TrimPrefix(auth, "pay_")

	return &merchantA{e: e,
		ids: map[string]string{
			"paysmart.yaml /v2/customers/":                 cus,
			"paysmart.yaml /v2/payments/":                  auth, // uncaptured, so that capture and cancel would succeed for A
			"paysmart.yaml /v2/refunds/":                   re,
			"paysmart.yaml /v2/payment_methods/":           pm,
			"paysmart.yaml /v2/events/":                    evt,
			"paysmart.yaml /v2/messages/":                  msg,
			"paysmart.yaml /v2/webhook_endpoints/":         we,
			"paysmart.yaml /v2/subscriptions/":             sub,
			"paysmart.yaml /v2/test_helpers/test_clocks/":  clock,
			"paysley.yaml /v2/customers/":                  pcus,
			"paysley.yaml /v2/customers/groups/":           group,
			"paysley.yaml /v2/products-services/":          prod,
			"paysley.yaml /v2/products-services/category/": cat,
			"paysley.yaml /v2/taxes/":                      tax,
			"paysley.yaml /v2/templates/":                  tmpl,
			"paysley.yaml /v2/messages/":                   pmsg,
			"paysley.yaml /v2/payment-requests/":           preq,
			"paysley.yaml /v2/payments/":                   hex,
			"paysley.yaml /v2/payments/subscription/":      hex, // A's answer is a 404 too: a once-off payment has no subscription
			"paysley.yaml /v2/refunds/":                    hex,
			"paysley.yaml /v2/captures/":                   authHex,
		},
		bodies: map[string]string{
			"paysmart.yaml POST /v2/customers/{id}":                        `{"name": "Intruder"}`,
			"paysmart.yaml POST /v2/payments/{id}":                         `{"metadata": {"by": "intruder"}}`,
			"paysmart.yaml POST /v2/payments/{id}/capture":                 `{"amount": 500}`,
			"paysmart.yaml POST /v2/webhook_endpoints/{id}":                `{"description": "Intruder"}`,
			"paysmart.yaml POST /v2/webhook_endpoints/{id}/roll_secret":    `{"expires_in": 60}`,
			"paysmart.yaml POST /v2/subscriptions/{id}":                    `{"metadata": {"by": "intruder"}}`,
			"paysmart.yaml POST /v2/test_helpers/test_clocks/{id}/advance": fmt.Sprintf(`{"frozen_time": %d}`, now+40*86400),
			"paysley.yaml POST /v2/refunds/{payment_id}":                   `{"amount": 1}`,
			"paysley.yaml POST /v2/captures/{payment_id}":                  `{"amount": 5}`,

			"paysmart.yaml POST /v2/refunds":                  `{"payment": "{ID}", "amount": 100}`,
			"paysmart.yaml POST /v2/payments":                 `{"amount": 100, "currency": "usd", "payment_method": "{ID}"}`,
			"paysmart.yaml POST /v2/subscriptions":            `{"customer": "{ID}", "payment_method": "` + cpm + `", "amount": 100, "currency": "usd", "interval": "month"}`,
			"paysmart.yaml POST /v2/payment_methods":          `{"type": "card", "customer": "{ID}", "card": ` + card + `}`,
			"paysley.yaml PUT /v2/customers":                  `{"customer_id": {ID}, "last_name": "Intruder"}`,
			"paysley.yaml PUT /v2/customers/groups":           `{"customer_group_id": {ID}, "description": "Intruder"}`,
			"paysley.yaml PUT /v2/products-services":          `{"id": {ID}, "sales_price": 9}`,
			"paysley.yaml PUT /v2/products-services/category": `{"category_id": {ID}, "name": "Intruder"}`,
			"paysley.yaml PUT /v2/taxes":                      `{"tax_id": "{ID}", "rate": "9"}`,
			"paysley.yaml PUT /v2/templates":                  `{"template_id": "{ID}", "is_default": true}`,
			"paysley.yaml PUT /v2/payment-requests":           `{"transaction_id": "{ID}", "request_methods": ["EMAIL"], "email": "x@example.com", "reference_number": "2", "amount": 1, "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`,
			"paysley.yaml POST /v2/refunds":                   `{"payment_id": "{ID}", "amount": 1}`,
			"paysley.yaml POST /v2/products-services":         `{"name": "X", "type": "product", "category_id": {ID}, "unit_type": "per-item", "cost": 1, "sales_price": 3}`,
		},
		refs: map[string]string{
			"paysmart.yaml POST /v2/refunds":                  pay,
			"paysmart.yaml POST /v2/payments":                 pm,
			"paysmart.yaml POST /v2/subscriptions":            ccus,
			"paysmart.yaml POST /v2/payment_methods":          cus,
			"paysley.yaml PUT /v2/customers":                  pcus,
			"paysley.yaml PUT /v2/customers/groups":           group,
			"paysley.yaml PUT /v2/products-services":          prod,
			"paysley.yaml PUT /v2/products-services/category": cat,
			"paysley.yaml PUT /v2/taxes":                      tax,
			"paysley.yaml PUT /v2/templates":                  tmpl,
			"paysley.yaml PUT /v2/payment-requests":           preq,
			"paysley.yaml POST /v2/refunds":                   hex,
			"paysley.yaml POST /v2/products-services":         cat,
		},
		secret: []string{cus, pm, pay, auth, re, we, evt, msg, clock, ccus, cpm, sub, preq, hex, authHex, pmsg},
	}
}

// target is op's path and body naming A's object, or the object of id
// ghost instead when ghost is not ""; ok is false for a route that names no
// object.
func (a *merchantA) target(t *testing.T, op operation, ghost bool) (path, body string, ok bool) {
	t.Helper()
	body = a.bodies[op.String()]
	i := strings.Index(op.path, "{")
	if i < 0 {
		id, ok := a.refs[op.String()]
		if !ok {
			if op.method == "PUT" {
				t.Errorf("%s names its object in the body: give merchantA a body and a ref for it", op)
			}
			return op.path, body, false
		}
		if ghost {
			id = ghostOf(id)
		}
		return op.path, strings.ReplaceAll(body, "{ID}", id), true
	}
	id, found := a.ids[op.doc+" "+op.path[:i]]
	if !found {
		t.Errorf("%s: merchantA has no object for this route: add one to seedMerchantA", op)
		return "", "", false
	}
	if ghost {
		id = ghostOf(id)
	}
	return op.path[:i] + id + op.path[strings.Index(op.path, "}")+1:], body, true
}

// ghostOf is an id of the same form as id that names no object: its prefix
// ("cus_"), then nines.
func ghostOf(id string) string {
	prefix := id[:strings.LastIndex(id, "_")+1]
	return prefix + strings.Repeat("9", max(6, len(id)-len(prefix)))
}

// keys are the merchant's keys by document.
type keys struct{ paysmart, paysley string }

func (k keys) of(op operation) string {
	if op.doc == "paysley.yaml" {
		return "bearer:" + k.paysley
	}
	return "bearer:" + k.paysmart
}

// snapshot is every GET answer about A's objects, A's lists among them, as A
// sees them (the event stream aside, which never ends).
func (a *merchantA) snapshot(t *testing.T) map[string]string {
	t.Helper()
	own := keys{a.e.Keys["sk_test"], a.e.Keys["py_test"]}
	out := map[string]string{}
	for _, op := range apiOperations(t) {
		if op.method != "GET" || op.path == "/v2/events/stream" {
			continue
		}
		path, _, ok := a.target(t, op, false)
		if !ok && op.hasParam() {
			continue
		}
		if !op.hasParam() {
			path += "?limit=100"
		}
		r := a.e.Do(t, servertest.Call{Method: "GET", Path: path, Auth: own.of(op)})
		out[op.String()] = fmt.Sprintf("%d %s", r.Status, r.Body)
	}
	return out
}

// sameAs reports the answers of before that changed in after.
func sameAs(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, b := range before {
		if after[k] != b {
			t.Errorf("%s changed merchant A's objects: %s was\n%.600s\nand is now\n%.600s", what, k, b, after[k])
		}
	}
}

// TestTenantIsolation: on every route that names an object, another
// merchant's keys and the same merchant's other mode get for merchant A's
// object the very answer they get for an id that names nothing: a 404 in the
// dialect's shape (or the 4xx the Paysley document gives that endpoint for
// an unknown id); they never see A's objects in a list, and change nothing
// of A's.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		// A live connector, so that live calls reach the lookup as they do in
		// production rather than stopping at "no live processor".
		e.Engine.LiveProcessor = e.Engine.TestProcessor
		a := seedMerchantA(t, e)
		_, other := storetest.MustMerchant(t, e.Engine, "Bravo")
		before := a.snapshot(t)
		n := 0
		for _, in := range []struct {
			name string
			keys keys
		}{
			{"another merchant", keys{other["sk_test"], other["py_test"]}},
			{"another merchant in live mode", keys{other["sk_live"], other["py_live"]}},
			{"the same merchant in live mode", keys{e.Keys["sk_live"], e.Keys["py_live"]}},
		} {
			for _, op := range apiOperations(t) {
				if op.path == "/v2/events/stream" {
					continue // never ends; it carries only the caller's events, as the list does
				}
				path, body, ok := a.target(t, op, false)
				if !ok {
					if op.method == "GET" {
						r := e.Do(t, servertest.Call{Method: "GET", Path: path + "?limit=100", Auth: in.keys.of(op)})
						a.checkUnseen(t, in.name, op, r)
					}
					continue
				}
				n++
				r := e.Do(t, servertest.Call{Method: op.method, Path: path, Auth: in.keys.of(op), Body: body})
				a.checkUnseen(t, in.name, op, r)
				gpath, gbody, _ := a.target(t, op, true)
				g := e.Do(t, servertest.Call{Method: op.method, Path: gpath, Auth: in.keys.of(op), Body: gbody})
				if r.Status < 400 || r.Status >= 500 {
					t.Errorf("%s: %s = %d, want a 4xx: %.400s", in.name, op, r.Status, r.Body)
					continue
				}
				if r.Status != g.Status || unID(r.Text(), path+body) != unID(g.Text(), gpath+gbody) {
					t.Errorf("%s: %s tells A's object from none:\n%d %.400s\nfor an unknown id:\n%d %.400s", in.name, op, r.Status, r.Body, g.Status, g.Body)
				}
				checkShape(t, in.name, op, r)
				// Test clocks answer a live key 403 test_mode_only whatever the id.
				testOnly := r.Status == 403 && r.Get("error.code") == "test_mode_only" && strings.Contains(op.path, "/test_clocks/")
				if op.doc == "paysmart.yaml" && op.hasParam() && !testOnly && (r.Status != 404 || r.Get("error.code") != "resource_missing") {
					t.Errorf("%s: %s = %d, want 404 resource_missing: %.400s", in.name, op, r.Status, r.Body)
				}
			}
		}
		if n < 3*45 {
			t.Fatalf("only %d calls on A's objects", n)
		}
		sameAs(t, "calls with other keys", before, a.snapshot(t))
	})
}

// randomID is an object id as the engine mints them: a prefix and a long
// random tail.
var randomID = regexp.MustCompile(`^[a-z]+_[A-Za-z0-9]{16,}$`)

// unID replaces in text the ids (path segments and quoted body values) of
// the request, so that the answers for two ids can be compared.
func unID(text, request string) string {
	for _, f := range strings.FieldsFunc(request, func(r rune) bool { return strings.ContainsRune(`/"{}:, `, r) }) {
		// A random id may hold no digit at all (clock_ISjLjxNRgTVHJpRctoarbwmB).
		if strings.ContainsAny(f, "0123456789") && (len(f) >= 6 || strings.Contains(f, "_")) || randomID.MatchString(f) {
			text = strings.ReplaceAll(text, f, "{ID}")
			// Some messages quote the id without its prefix ("pay_").
			if _, bare, ok := strings.Cut(f, "_"); ok && len(bare) >= 6 {
				text = strings.ReplaceAll(text, bare, "{ID}")
			}
		}
	}
	return text
}

// checkUnseen fails when an answer to someone other than A shows A's objects.
func (a *merchantA) checkUnseen(t *testing.T, who string, op operation, r servertest.Reply) {
	t.Helper()
	if strings.Contains(strings.ToLower(r.Text()), strings.ToLower(marker)) {
		t.Errorf("%s: %s answered with merchant A's object: %.600s", who, op, r.Body)
		return
	}
	if r.Status >= 400 {
		return // an error quotes the id it was asked about
	}
	for _, id := range a.secret {
		if strings.Contains(r.Text(), id) {
			t.Errorf("%s: %s answered with merchant A's id %s: %.600s", who, op, id, r.Body)
		}
	}
}

// checkShape wants an error in the dialect's shape: PaySmart's error object,
// or one of Paysley's bodies (result "failed", or a message alone).
func checkShape(t *testing.T, who string, op operation, r servertest.Reply) {
	t.Helper()
	if op.doc == "paysmart.yaml" {
		if r.Get("error.type") == nil || r.Get("error.message") == nil {
			t.Errorf("%s: %s: not a PaySmart error: %.400s", who, op, r.Body)
		}
		return
	}
	if r.Get("result") != "failed" && r.Get("message") == nil && r.Get("error_field") == nil && r.Get("errors") == nil {
		t.Errorf("%s: %s: not a Paysley error: %.400s", who, op, r.Body)
	}
}

// TestPublishableKeys: a publishable key may only tokenize a card (POST
// /v2/payment_methods); every other PaySmart route answers 403 with a
// permission_error, and nothing is written.
func TestPublishableKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		a := seedMerchantA(t, e)
		before := a.snapshot(t)
		pk := keys{paysmart: e.Keys["pk_test"]}
		n := 0
		for _, op := range apiOperations(t) {
			if op.doc != "paysmart.yaml" || op.String() == "paysmart.yaml POST /v2/payment_methods" {
				continue
			}
			path, body, _ := a.target(t, op, false)
			if body == "" && op.method == "POST" && !op.hasParam() {
				body = `{"amount": 100, "currency": "usd", "email": "pk@example.com", "url": "https://example.com/pk"}`
			}
			r := e.Do(t, servertest.Call{Method: op.method, Path: path, Auth: pk.of(op), Body: body})
			n++
			if r.Status != http.StatusForbidden || r.Get("error.type") != "permission_error" {
				t.Errorf("%s with a publishable key = %d, want 403 permission_error: %.400s", op, r.Status, r.Body)
			}
		}
		if n < 30 {
			t.Fatalf("only %d PaySmart routes tried", n)
		}
		sameAs(t, "calls with a publishable key", before, a.snapshot(t))
	})
}

// metacharacters are what LIKE, FTS5 and SQL quoting give a meaning to.
var metacharacters = []string{`%`, `_`, `\`, `'`, `"`, `*`, `(`, `%%`, `_%`, `\%`, `\_`, `%_\`, `a%`, `"*"`, `abc%`,
	`' OR '1'='1`, `" OR ""="`, `NEAR(a b)`, `a*`, `^a`, `\\`, `)`, `(((`, `%'--`}

// weird holds every metacharacter; it is the name of one object of each
// kind, which a search for any of them (and only for them) must find.
const weird = `Weird a%_\'"*(z`

// TestSearchMetacharacters: in every string query parameter of every list
// (Paysley's keywords, PaySmart's email, customer, payment, cursors...),
// metacharacters match literally: never every object, never a 500. A
// parameter that does not take them is refused with a 4xx naming it.
func TestSearchMetacharacters(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["py_test"]
		do := func(auth, method, path, body string) servertest.Reply {
			t.Helper()
			r := e.Do(t, servertest.Call{Method: method, Path: path, Auth: auth, Body: body})
			if r.Status != 200 {
				t.Fatalf("seeding: %s %s = %d: %s", method, path, r.Status, r.Body)
			}
			return r
		}
		q := strconv.Quote
		card := `{"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}}`
		// Plain objects, which no metacharacter may find, and weird ones.
		for _, name := range []string{"Plainmark", weird} {
			lower := strings.ToLower(strings.Fields(name)[0])
			do(sk, "POST", "/v2/customers", `{"email": "`+lower+`@example.com", "name": `+q(name)+`}`)
			do(sk, "POST", "/v2/payments", `{"amount": 100, "currency": "usd", "receipt_email": "`+lower+`@example.com", "payment_method": `+card+`}`)
			do(py, "POST", "/v2/customers", `{"email": "`+lower+`.py@example.com", "first_name": `+q(name)+`}`)
			do(py, "POST", "/v2/customers/groups", `{"group_name": `+q(name)+`}`)
			cat := fmt.Sprint(do(py, "POST", "/v2/products-services/category", `{"name": `+q(name)+`}`).Get("id"))
			do(py, "POST", "/v2/taxes", `{"name": `+q(name)+`, "type": "percentage", "rate": "5"}`)
			do(py, "POST", "/v2/products-services", `{"name": `+q(name)+`, "type": "product", "category_id": `+cat+`,
				"unit_type": "per-item", "cost": 1, "sales_price": 3}`)
			do(py, "POST", "/v2/templates", `{"name": `+q(name)+`, "channel": "sms", "body": "Pay {amount}: {url}"}`)
			do(py, "POST", "/v2/payment-requests", `{"request_methods": ["EMAIL"], "email": "`+lower+`.pr@example.com",
				"reference_number": `+q(name)+`, "amount": 15.5, "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`)
		}
		// found are the lists whose weird object a keyword inside weird finds.
		found := map[string]bool{}
		for _, p := range []string{"/v2/customers", "/v2/customers/groups", "/v2/products-services", "/v2/products-services/category",
			"/v2/taxes", "/v2/templates", "/v2/payment-requests", "/v2/messages"} { // the invoice's subject quotes the reference
			found["paysley.yaml GET "+p] = true
		}
		auth := keys{e.Keys["sk_test"], e.Keys["py_test"]}
		n := 0
		for _, op := range apiOperations(t) {
			if op.method != "GET" || op.hasParam() || op.path == "/v2/events/stream" {
				continue
			}
			for _, p := range op.op.Parameters {
				if !searchable(p.Value) {
					continue
				}
				name := p.Value.Name
				for _, m := range metacharacters {
					n++
					path := op.path + "?" + name + "=" + urlEscape(m) + "&limit=100"
					r := e.Do(t, servertest.Call{Method: "GET", Path: path, Auth: auth.of(op)})
					switch {
					case r.Status == 200:
						for _, item := range listItems(r) {
							// The object holds the text, in the field of the filter's name if it has one.
							text := texts(item)
							if f, ok := item.(map[string]any)[name].(string); ok {
								text = strings.ToLower(f)
							}
							if !strings.Contains(text, strings.ToLower(m)) {
								t.Errorf("%s %s=%s found an object without %q: %.600v", op, name, m, m, item)
								break
							}
						}
						want := found[op.String()] && name == "keywords" && strings.Contains(strings.ToLower(weird), strings.ToLower(m))
						if want && !strings.Contains(r.Text(), `Weird a%_\\'\"*(z`) {
							t.Errorf("%s %s=%s did not find the object named %s: %.600s", op, name, m, weird, r.Body)
						}
					case r.Status == 400 || r.Status == 404:
						checkShape(t, "a search", op, r)
						if r.Get("error.param") != name && r.Get("error_field") != name {
							t.Errorf("%s %s=%s = %d without naming %s: %.400s", op, name, m, r.Status, name, r.Body)
						}
					default:
						t.Errorf("%s %s=%s = %d: %.400s", op, name, m, r.Status, r.Body)
					}
				}
			}
		}
		if n < 10*len(metacharacters) {
			t.Fatalf("only %d searches: are the list parameters still in the documents?", n)
		}
	})
}

// listItems returns the objects of a list: PaySmart's data, or the one
// array of a Paysley envelope.
func listItems(r servertest.Reply) []any {
	if d, ok := r.JSON["data"].([]any); ok {
		return d
	}
	for _, v := range r.JSON {
		if a, ok := v.([]any); ok {
			return a
		}
	}
	return nil
}

// texts is every string in v, lowercased, for a literal search among them.
func texts(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(strings.ToLower(v) + "\n")
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// searchable reports whether a query parameter filters by free text: a
// string without an enumeration of values. sort orders rather than filters,
// and the history's dates have their own fuzz target (paysley's
// FuzzParseHistoryDate).
func searchable(p *openapi3.Parameter) bool {
	if p == nil || p.In != "query" || p.Schema == nil || p.Schema.Value == nil ||
		slices.Contains([]string{"sort", "start_date", "end_date"}, p.Name) {
		return false
	}
	s := p.Schema.Value
	return s.Type.Is("string") && len(s.Enum) == 0 && s.Format == ""
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// TestCreatedFilterBounds: created filters beyond the years 1 to 9999 are
// refused naming the bound; they used to wrap around int64 and match
// every object.
func TestCreatedFilterBounds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		e.Do(t, servertest.Call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"email": "a@example.com"}`})
		for _, list := range []string{"/v2/customers", "/v2/payments", "/v2/refunds", "/v2/events", "/v2/webhook_endpoints"} {
			for _, q := range []string{"created[gt]=9223372036854775807", "created[lt]=-9223372036854775808",
				"created[gte]=9223372036854775", "created[lte]=-9223372036854775", "created=253402300800"} {
				r := e.Do(t, servertest.Call{Method: "GET", Path: list + "?" + q, Auth: sk})
				param, _, _ := strings.Cut(q, "=")
				servertest.Expect(t, r, 400, map[string]any{"error.param": param, "error.code": "parameter_invalid_integer"})
			}
			r := e.Do(t, servertest.Call{Method: "GET", Path: list + "?created[gte]=0&created[lte]=253402300799", Auth: sk})
			servertest.Expect(t, r, 200, map[string]any{"object": "list"})
		}
	})
}

// oddIDs are path segments a prober sends: traversal, encoded slashes and
// backslashes, the database's own name, very long ids and unicode.
var oddIDs = []string{"..", "%2e%2e", "..%2f..%2f..%2fetc%2fpasswd", "..%2F..%2Fpaysmart.db", "%2e%2e%2f%2e%2e%2fgo.mod",
	"..%5c..%5cwindows%5cwin.ini", "a%2fb", "%2f", "%5c", "pay_..%2f", "preq_..%2f..%2f.pdf", "x.pdf", "x.png", ".png", "..pdf",
	"%252e%252e%252f", "%c0%ae%c0%ae%2f", strings.Repeat("a", 8000), strings.Repeat("%2e%2e%2f", 300) + "etc%2fpasswd",
	"%E2%80%AE", "caf%C3%A9", "%F0%9F%92%B3", "pay_%E2%80%8B", "preq_%EF%BC%8F", "%20", "a%20b", "%7B%7D", "*", "'", "%22", "%3Cscript%3E"}

// TestOddPaths: every page and file route (GET and POST) given a traversal,
// an encoded slash, a very long or a unicode id answers 404 or 400, never a
// 500, and never serves a file from outside the store.
func TestOddPaths(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		var routes []string
		for _, file := range []string{"routes.go", "../pages/pages.go"} {
			for _, p := range registered(t, file) {
				if strings.Contains(p, "{") && !strings.HasPrefix(p, "GET /dashboard") {
					routes = append(routes, p)
				}
			}
		}
		for _, want := range []string{"GET /files/{id}", "GET /receipts/{id}", "GET /invoices/{file}", "GET /qr/{file}", "GET /pay/{id}", "GET /p/{code}"} {
			if !slices.Contains(routes, want) {
				t.Fatalf("%s is not among the routes read from the source (%v)", want, routes)
			}
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			i, j := strings.Index(pattern, "{"), strings.Index(pattern, "}")
			for _, id := range oddIDs {
				for _, suffix := range []string{"", ".pdf", ".png"} {
					path := pattern[:i] + id + suffix + pattern[j+1:]
					req, err := http.NewRequest(method, e.URL+path, strings.NewReader(""))
					if err != nil {
						t.Fatal(err)
					}
					if method == "POST" {
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					}
					res, err := client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					status := res.StatusCode
					if loc := res.Header.Get("Location"); status >= 300 && status < 400 {
						// ServeMux cleaning the path, or a short link: only to a page of
						// this server, which must then answer as a page would.
						if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
							t.Errorf("%s %.120s redirects off the server: %s", method, path, loc)
							continue
						}
						next, err := http.Get(e.URL + loc)
						if err != nil {
							t.Fatal(err)
						}
						body, _ = io.ReadAll(next.Body)
						next.Body.Close()
						status = next.StatusCode
					}
					switch status {
					case 400, 404:
					default:
						t.Errorf("%s %.120s = %d, want 404 or 400: %.300s", method, path, status, body)
					}
					for _, leak := range []string{"root:", "SQLite format", "module github.com", "[fonts]"} {
						if strings.Contains(string(body), leak) {
							t.Errorf("%s %.120s served a file outside the store: %.300s", method, path, body)
						}
					}
				}
			}
		}
		if strings.Contains(e.Logs(), `"level":"ERROR"`) {
			t.Errorf("odd paths were logged at ERROR: %.2000s", e.Logs())
		}
	})
}

// registered returns the ServeMux patterns with a method that a file
// registers through route(...), Handle(...) or HandleFunc(...), as
// api/routes_test.go reads them.
func registered(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.FromSlash(file), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		name := ""
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			name = fn.Name
		case *ast.SelectorExpr:
			name = fn.Sel.Name
		}
		if name != "route" && name != "Handle" && name != "HandleFunc" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if p, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(p, " ") {
			out = append(out, p)
		}
		return true
	})
	if len(out) == 0 {
		t.Fatalf("%s registers no routes: has the way routes are registered changed?", file)
	}
	return out
}

// TestLoneSurrogates: a JSON escape of half a UTF-16 surrogate pair, in any
// string of either dialect, is refused with a 400 naming the field; a whole
// pair is the character it encodes.
func TestLoneSurrogates(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["py_test"]
		for _, tt := range []struct {
			auth, path, body, field string
		}{
			{sk, "/v2/customers", `{"name":"\ud800"}`, "name"},
			{sk, "/v2/customers", `{"email":"a@example.com","description":"ok \udc00"}`, "description"},
			{sk, "/v2/customers", `{"address":{"city":"\ud83d\u0041"}}`, "address[city]"},
			{sk, "/v2/customers", `{"metadata":{"k":"\uDBFF"}}`, "metadata[k]"},
			{sk, "/v2/payments", `{"amount":100,"currency":"usd","description":"\ud800\ud800\udc00","payment_method":"pm_x"}`, "description"},
			{py, "/v2/customers/groups", `{"group_name":"\ud800"}`, "group_name"},
			{py, "/v2/customers", `{"email":"b@example.com","first_name":"x\udfffy"}`, "first_name"},
			{py, "/v2/payment-requests", `{"request_methods":["EMAIL"],"email":"c@example.com","amount":1,"currency":"USD","reference_number":"\ud800"}`, "reference_number"},
		} {
			r := e.Do(t, servertest.Call{Method: "POST", Path: tt.path, Auth: tt.auth, Body: tt.body})
			if r.Status != 400 || (r.Get("error.param") != tt.field && r.Get("error_field") != tt.field) ||
				!strings.Contains(r.Text(), "surrogate") {
				t.Errorf("POST %s %s = %d, want 400 naming %s: %s", tt.path, tt.body, r.Status, tt.field, r.Body)
			}
		}
		r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"name":"Card \ud83d\udcb3"}`})
		servertest.Expect(t, r, 200, map[string]any{"name": "Card 💳"})
		r = e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers", Auth: sk})
		servertest.Expect(t, r, 200, map[string]any{"data.0.name": "Card 💳", "data.1": nil})
		r = e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers/groups", Auth: py})
		servertest.Expect(t, r, 200, map[string]any{"total_count": 0.0})
	})
}

package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestEveryRouteIsDocumented fails when a route registered in the code is
// missing from its dialect's document, or the document has an operation no
// code serves. Routes are read from the source: each dialect's handler.go,
// and server/routes.go for what the server serves itself (documented in
// paysmart.yaml, with the receipt page of pages/), less notAPI.
func TestEveryRouteIsDocumented(t *testing.T) {
	server := slices.DeleteFunc(patterns(t, "../server/routes.go"), func(p string) bool { return slices.Contains(notAPI, p) })
	for _, c := range []struct {
		doc   []byte
		name  string
		code  []string
		extra []string // served by the server for every dialect's document
	}{
		{PaySmart, "paysmart.yaml", patterns(t, "../paysmart/handler.go"), append(server, "GET /receipts/{id}")},
		{Paysley, "paysley.yaml", patterns(t, "../paysley/handler.go"), []string{"GET /openapi/paysley.json"}},
	} {
		doc, err := openapi3.NewLoader().LoadFromData(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		var documented []string
		for path, item := range doc.Paths.Map() {
			for method := range item.Operations() {
				documented = append(documented, method+" "+path)
			}
		}
		code := append(slices.Clone(c.code), c.extra...)
		for _, p := range code {
			if !slices.Contains(documented, p) {
				t.Errorf("%s is served but api/%s does not document it", p, c.name)
			}
		}
		for _, p := range documented {
			if !slices.Contains(code, p) {
				t.Errorf("api/%s documents %s but no code serves it", c.name, p)
			}
		}
	}
}

// notAPI are the routes of server/routes.go that belong to neither public
// API, as the pages of pages/ do not: POST /webhooks/stripe is where Stripe
// reports on the live connector's payments (processor/stripe), signed with
// Stripe's secret, not called by merchants; POST /webhooks/sms is where the
// SMS provider reports deliveries (notify.DeliveryReports), signed with its
// auth token.
var notAPI = []string{"POST /webhooks/stripe", "POST /webhooks/sms"}

// patterns returns the ServeMux patterns ("GET /v2/payments/{id}") that a
// file registers: the string literal first argument of route(...),
// mux.Handle(...) and mux.HandleFunc(...). Patterns without a method (the
// "/v2/" mount, the catch-all "/") are not routes of their own.
func patterns(t *testing.T, file string) []string {
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
		p, err := strconv.Unquote(lit.Value)
		if err == nil && strings.Contains(p, " ") {
			out = append(out, p)
		}
		return true
	})
	if len(out) == 0 {
		t.Fatalf("%s registers no routes: has the way routes are registered changed?", file)
	}
	return out
}

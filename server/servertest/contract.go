package servertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/paysmart/paysmart/api"
	"github.com/paysmart/paysmart/web"
)

// The contract: every call Env.Do makes is checked against the OpenAPI
// document of the dialect its key selects (api/paysmart.yaml for sk_ and pk_,
// api/paysley.yaml for py_; without a key, the one that has the operation,
// PaySmart's first). The response must be one the document
// describes for the operation, status and content type. A request the
// document refuses must be refused by the server too (a status of 400 or
// more): the server may not accept what its contract says is invalid.

var (
	contractOnce sync.Once
	contractDocs map[string]*openapi3.T
	contractErr  error
)

// Documents returns the parsed OpenAPI documents by file name
// ("paysmart.yaml", "paysley.yaml").
func Documents() (map[string]*openapi3.T, error) {
	contractOnce.Do(func() {
		// Form bodies are read as the server reads them (bracket notation),
		// then typed by the schema, so that kin-openapi validates them as it
		// validates JSON.
		openapi3filter.RegisterBodyDecoder("application/x-www-form-urlencoded", formDecoder)
		contractDocs = map[string]*openapi3.T{}
		for name, b := range map[string][]byte{"paysmart.yaml": api.PaySmart, "paysley.yaml": api.Paysley} {
			doc, err := openapi3.NewLoader().LoadFromData(b)
			if err == nil {
				err = doc.Validate(context.Background())
			}
			if err != nil {
				contractErr = fmt.Errorf("api/%s: %w", name, err)
				return
			}
			contractDocs[name] = doc
		}
	})
	return contractDocs, contractErr
}

// covered records the operations this test binary called, as
// "paysmart.yaml POST /v2/payments".
var covered sync.Map

// Covered reports whether this test binary has called the operation of the
// document named doc ("paysmart.yaml") at method and path (its template).
func Covered(doc, method, path string) bool {
	_, ok := covered.Load(doc + " " + method + " " + path)
	return ok
}

// checkContract validates one exchange; failures are test errors.
func checkContract(t testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, resBody []byte) {
	t.Helper()
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	name := "paysmart.yaml"
	if strings.HasPrefix(web.Credential(req), "py_") {
		name = "paysley.yaml"
	}
	route, params := FindRoute(docs[name], req.Method, req.URL.Path)
	if route == nil && web.Credential(req) == "" {
		// Without a key the server answers a path only Paysley serves in
		// Paysley's shape (server.dialectOf), so its document describes it.
		if r, p := FindRoute(docs["paysley.yaml"], req.Method, req.URL.Path); r != nil {
			name, route, params = "paysley.yaml", r, p
		}
	}
	if route == nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return // a route miss, answered as such
		}
		t.Errorf("contract: %s %s answered %d but api/%s has no such operation", req.Method, req.URL.Path, status, name)
		return
	}
	r := httptest.NewRequest(req.Method, req.URL.String(), bytes.NewReader(reqBody))
	r.Header = req.Header.Clone()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && status < 400 {
		t.Errorf("contract: api/%s refuses %s %s (%s), yet the server answered %d:\n%v",
			name, req.Method, req.URL.Path, reqBody, status, brief(reqErr))
	}
	resOpts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	ct, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if ct != "application/json" {
		resOpts.ExcludeResponseBody = true // event streams, metrics, files, HTML
	}
	covered.Store(name+" "+route.Method+" "+route.Path, true)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(resBody)), Options: resOpts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("contract: the answer to %s %s is not what api/%s describes (%s %s):\n%v\nbody: %s",
			req.Method, req.URL.Path, name, route.Method, route.Path, brief(err), resBody)
	}
}

// schemaDump is the schema kin-openapi prints in each error, longer than the
// reason and the value that matter.
var schemaDump = regexp.MustCompile(`(?s)\n\s*Schema:\n.*?\n(\s*Value:)`)

func brief(err error) string { return schemaDump.ReplaceAllString(err.Error(), "\n$1") }

// FindRoute finds the operation of doc that serves method and path, as
// net/http.ServeMux would: a literal segment wins over a {parameter}.
func FindRoute(doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	path = strings.TrimSuffix(path, "/")
	segs := strings.Split(path, "/")
	var best *routers.Route
	var bestParams map[string]string
	bestScore := -1
	for tmpl, item := range doc.Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		params := map[string]string{}
		score := 0
		ok := true
		for i, s := range ts {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				if segs[i] == "" {
					ok = false
					break
				}
				params[s[1:len(s)-1]] = segs[i]
				continue
			}
			if s != segs[i] {
				ok = false
				break
			}
			score += 1 << (len(ts) - i) // earlier literals weigh more
		}
		if ok && score > bestScore {
			best = &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: op}
			bestParams, bestScore = params, score
		}
	}
	return best, bestParams
}

// formDecoder reads a form body with the server's own bracket parser, then
// gives each text value the type its schema wants.
func formDecoder(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	tree, err := web.ParseForm(string(b))
	if err != nil {
		return nil, err
	}
	return typed(tree, schema), nil
}

// typed converts the text leaves of a decoded form to what schema expects.
func typed(v any, ref *openapi3.SchemaRef) any {
	if ref == nil || ref.Value == nil {
		return v
	}
	s := ref.Value
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = typed(e, propertySchema(s, k))
		}
		return x
	case []any:
		items := itemsSchema(s)
		for i, e := range x {
			x[i] = typed(e, items)
		}
		return x
	case string:
		types := schemaTypes(s)
		if len(types) == 0 || types["string"] {
			return x
		}
		switch {
		case types["integer"]:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n
			}
		case types["number"]:
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return f
			}
		}
		if types["boolean"] {
			if b, err := strconv.ParseBool(x); err == nil {
				return b
			}
		}
		if types["array"] {
			return typed([]any{x}, ref) // one value of a list
		}
	}
	return v
}

func subschemas(s *openapi3.Schema) []*openapi3.SchemaRef {
	var out []*openapi3.SchemaRef
	for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		out = append(out, l...)
	}
	return out
}

func propertySchema(s *openapi3.Schema, k string) *openapi3.SchemaRef {
	if p, ok := s.Properties[k]; ok {
		return p
	}
	for _, sub := range subschemas(s) {
		if sub.Value != nil {
			if p := propertySchema(sub.Value, k); p != nil {
				return p
			}
		}
	}
	return s.AdditionalProperties.Schema
}

func itemsSchema(s *openapi3.Schema) *openapi3.SchemaRef {
	if s.Items != nil {
		return s.Items
	}
	for _, sub := range subschemas(s) {
		if sub.Value != nil {
			if it := itemsSchema(sub.Value); it != nil {
				return it
			}
		}
	}
	return nil
}

func schemaTypes(s *openapi3.Schema) map[string]bool {
	out := map[string]bool{}
	if s.Type != nil {
		for _, t := range *s.Type {
			out[t] = true
		}
	}
	for _, sub := range subschemas(s) {
		if sub.Value != nil {
			for t := range schemaTypes(sub.Value) {
				out[t] = true
			}
		}
	}
	return out
}

// Client returns an *http.Client whose every exchange is checked against the
// contract as Do's are, failures reported to t: give it to an SDK under test
// (Env.Client() for the examples of a server from Start).
func (e *Env) Client(t ...testing.TB) *http.Client {
	tb := e.tb
	if len(t) > 0 {
		tb = t[0]
	}
	return &http.Client{Transport: &contractTransport{tb: tb}}
}

type contractTransport struct{ tb testing.TB }

func (c *contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(b))
	checkContract(c.tb, req, body, res.StatusCode, res.Header, b)
	return res, nil
}

package paysley_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// baseURL is the public URL the test server believes it has.
const baseURL = "https://pay.example"

// api is a whole PaySmart server over a fresh store, with two merchants: A
// (test and live keys) and B. Calls run in order; values captured from one
// response ({name}) are substituted into later paths, bodies and wants.
type api struct {
	t    *testing.T
	h    http.Handler
	keys map[string]string // "test", "live": merchant A; "other": merchant B (test)
	vars map[string]string
	e    *domain.Engine
}

// forEachAPI runs fn once per database, each with a fresh api.
func forEachAPI(t *testing.T, fn func(t *testing.T, a *api)) {
	t.Helper()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		fn(t, newAPI(t, s))
	})
}

func newAPI(t *testing.T, s *store.Store) *api {
	t.Helper()
	now := time.Date(2026, 11, 21, 9, 52, 18, 0, time.UTC)
	e := storetest.Wire(t, s)
	e.Clock = func() time.Time { return now }
	_, ka := storetest.MustMerchant(t, e, "Merchant A")
	_, kb := storetest.MustMerchant(t, e, "Merchant B")
	// The body limit is raised so that the engine's own image limit is what
	// an oversized picture meets.
	h := server.New(server.Config{Engine: e, BaseURL: baseURL, MaxBodyBytes: 4 << 20})
	return &api{t: t, h: h, e: e, vars: map[string]string{},
		keys: map[string]string{"test": ka["py_test"], "live": ka["py_live"], "other": kb["py_test"], "sk": ka["sk_test"]}}
}

// form is a body sent as application/x-www-form-urlencoded.
type form string

// rawJSON is a body sent as application/json exactly as written.
type rawJSON string

// absent is a want value meaning the key must not be in the response.
var absent = &struct{ absent bool }{true}

// call is one request of a scenario table and what it must answer.
type call struct {
	name   string
	method string
	path   string
	key    string         // "" is "test"; see api.keys
	body   any            // nil, form, rawJSON, or anything encoding/json takes
	status int            // 0 is 200
	want   map[string]any // dotted path ("errors.0.field.0") → value
	exact  any            // when set, the whole body must equal it
	shape  string         // testdata/<shape>.json: the documented keys and JSON types
	save   map[string]string
	check  func(t *testing.T, body map[string]any)
}

// run performs the calls in order.
func (a *api) run(calls []call) {
	a.t.Helper()
	for _, c := range calls {
		a.do(c)
	}
}

// subst replaces {name} with captured values.
func (a *api) subst(s string) string {
	for k, v := range a.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

func (a *api) do(c call) map[string]any {
	a.t.Helper()
	t := a.t
	var body []byte
	ctype := ""
	switch b := c.body.(type) {
	case nil:
	case form:
		body, ctype = []byte(a.subst(string(b))), "application/x-www-form-urlencoded"
	case rawJSON:
		body, ctype = []byte(a.subst(string(b))), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		body, ctype = []byte(a.subst(string(j))), "application/json"
	}
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, a.subst(c.path), bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	key := c.key
	if key == "" {
		key = "test"
	}
	if k, ok := a.keys[key]; ok {
		key = k
	}
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)

	want := c.status
	if want == 0 {
		want = http.StatusOK
	}
	if rec.Code != want {
		t.Fatalf("%s: %s %s answered %d, want %d: %s", c.name, method, req.URL, rec.Code, want, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: Content-Type %q", c.name, ct)
	}
	got := decode(t, rec.Body.Bytes())
	obj, _ := got.(map[string]any)
	if c.exact != nil {
		exact := a.normalize(c.exact)
		if !reflect.DeepEqual(got, exact) {
			t.Errorf("%s: body\n%s\nwant\n%s", c.name, rec.Body, mustJSON(t, exact))
		}
	}
	for path, w := range c.want {
		v, ok := lookup(got, path)
		if w == absent {
			if ok {
				t.Errorf("%s: %s = %v, want it absent", c.name, path, v)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: %s missing in %s", c.name, path, rec.Body)
			continue
		}
		if nw := a.normalize(w); !reflect.DeepEqual(v, nw) {
			t.Errorf("%s: %s = %s, want %s", c.name, path, mustJSON(t, v), mustJSON(t, nw))
		}
	}
	if c.shape != "" {
		checkShape(t, c.name, c.shape, got)
	}
	for name, path := range c.save {
		v, ok := lookup(got, path)
		if !ok {
			t.Fatalf("%s: cannot save %s: %s missing", c.name, name, path)
		}
		a.vars[name] = fmt.Sprint(v)
	}
	if c.check != nil {
		c.check(t, obj)
	}
	return obj
}

// normalize turns a want value into what decode returns, substituting vars
// in its strings.
func (a *api) normalize(v any) any {
	j, err := json.Marshal(v)
	if err != nil {
		a.t.Fatal(err)
	}
	return decode(a.t, []byte(a.subst(string(j))))
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, b)
	}
	return v
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lookup follows a dotted path of object keys and array indices.
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// checkShape compares a response with a golden shape in testdata: an object
// whose keys are exactly the documented ones, each value naming the JSON
// types the document gives it ("string", "number|null", ...), objects and
// one-element arrays nesting. Every element of an array is checked.
func checkShape(t *testing.T, name, shape string, got any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", shape+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("testdata/%s.json: %v", shape, err)
	}
	for _, msg := range shapeDiff("", want, got) {
		t.Errorf("%s: against testdata/%s.json: %s", name, shape, msg)
	}
}

func shapeDiff(at string, want, got any) []string {
	switch w := want.(type) {
	case string:
		types := strings.Split(w, "|")
		if !slices.Contains(types, jsonType(got)) {
			return []string{fmt.Sprintf("%s is %s, want %s", at, jsonType(got), w)}
		}
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %s, want object", at, jsonType(got))}
		}
		var out []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s is missing", at, k))
				continue
			}
			out = append(out, shapeDiff(at+"."+k, wv, gv)...)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s is not documented", at, k))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %s, want array", at, jsonType(got))}
		}
		var out []string
		for i, gv := range g {
			out = append(out, shapeDiff(fmt.Sprintf("%s.%d", at, i), w[0], gv)...)
		}
		return out
	}
	return []string{fmt.Sprintf("%s: bad shape %v", at, want)}
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

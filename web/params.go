package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paysmart/paysmart/domain"
)

// Params reads typed request parameters from a decoded body or query tree.
// It accepts what both JSON and form bodies carry: a number may arrive as a
// JSON number or a numeric string, a boolean as true/"true"/1. JSON null and,
// for typed values, the empty string count as absent. Errors are
// *domain.Error values naming the parameter in bracket notation, e.g.
// "payment_method[card][exp_month]". Params remembers which keys were read so
// a dialect can reject unknown ones by name.
//
// Every string is at most MaxStringLen characters unless its accessor says
// otherwise (LongStr). A dialect that wants JSON types kept (WithStrictTypes)
// gets Params that refuse a number or boolean where a string belongs.
type Params struct {
	m      map[string]any
	prefix string
	used   map[string]bool
	kids   *[]*Params
	strict bool
}

// MaxStringLen is the longest string parameter, in characters, of both
// dialects unless a field documents another limit: Stripe's limit for its
// strings. It also keeps search keywords under SQLite's LIKE pattern limit.
const MaxStringLen = 5000

// NewParams wraps a decoded tree (nil is an empty one).
func NewParams(tree map[string]any) *Params {
	if tree == nil {
		tree = map[string]any{}
	}
	kids := []*Params{}
	p := &Params{m: tree, used: map[string]bool{}, kids: &kids}
	kids = append(kids, p)
	return p
}

// Name returns the bracket-notation name of key under p.
func (p *Params) Name(key string) string {
	if p.prefix == "" {
		return key
	}
	return p.prefix + "[" + key + "]"
}

// Raw returns the value of key as decoded, marking it read.
func (p *Params) Raw(key string) (any, bool) {
	p.used[key] = true
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

// Has reports whether key is present and not null.
func (p *Params) Has(key string) bool {
	v, ok := p.m[key]
	return ok && v != nil
}

// Keys returns the keys present, sorted.
func (p *Params) Keys() []string {
	keys := make([]string, 0, len(p.m))
	for k := range p.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Str returns a string parameter of at most MaxStringLen characters.
// Numbers and booleans are accepted and rendered as text, since form clients
// and loose JSON clients send both, unless the Params are strictly typed.
func (p *Params) Str(key string) (string, bool, error) {
	return p.LongStr(key, MaxStringLen)
}

// LongStr is Str for a field with its own documented limit of max
// characters (a base64 image, a template body).
func (p *Params) LongStr(key string, max int) (string, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return "", false, nil
	}
	s, err := p.text(v, p.Name(key))
	if err != nil {
		return "", true, err
	}
	return s, true, checkLen(s, p.Name(key), max)
}

// text renders a scalar as a string parameter named name.
func (p *Params) text(v any, name string) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		if !p.strict {
			return x.String(), nil
		}
	case bool:
		if !p.strict {
			return strconv.FormatBool(x), nil
		}
	}
	return "", &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_invalid_string", Param: name,
		Message: fmt.Sprintf("Invalid string: %s must be a string, not %s.", name, jsonKind(v))}
}

// checkLen refuses s when it is longer than max characters.
func checkLen(s, name string, max int) error {
	// len(s) bounds the rune count from above, so short strings skip the count.
	if len(s) > max && utf8.RuneCountInString(s) > max {
		return &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_too_long", Param: name,
			Message: fmt.Sprintf("Invalid string: %s can be at most %d characters.", name, max)}
	}
	return nil
}

// Int returns an integer parameter; "" and null are absent. Only integer
// text is an integer: an optional minus and ASCII digits, as a JSON number
// or a string. Exponents ("1e3"), fractions ("20.5", "20.0") and
// near-integers ("1999.99999999999999") are refused rather than read
// through a float, which would round them into a different amount.
func (p *Params) Int(key string) (int64, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return 0, false, nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return 0, false, nil
		}
	case json.Number:
		s = x.String()
	default:
		return 0, true, p.invalid(key, "parameter_invalid_integer", "Invalid integer: %s must be an integer.", p.Name(key))
	}
	if !integerText(s) {
		return 0, true, p.invalid(key, "parameter_invalid_integer", "Invalid integer: %s", truncate(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil { // out of int64's range
		return 0, true, p.invalid(key, "parameter_invalid_integer", "Invalid integer: %s", truncate(s))
	}
	return n, true, nil
}

// integerText reports whether s is an optional minus and one or more ASCII
// digits. strconv.ParseInt alone would also take a plus sign.
func integerText(s string) bool { return digits(strings.TrimPrefix(s, "-")) }

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Decimal returns a number parameter as its exact decimal text ("1500.12"),
// never through a float; "" and null are absent. The text must be an
// optional minus, ASCII digits and an optional dot followed by digits: an
// exponent ("1e5"), a bare dot (".5", "5."), NaN or Inf is refused here. The
// caller checks sign, precision and range against the currency or unit
// (domain.ParseMajor), so a negative reaches it and is refused there with its
// own message.
func (p *Params) Decimal(key string) (string, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return "", false, nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return "", false, nil
		}
	case json.Number:
		s = x.String()
	default:
		return "", true, p.invalid(key, "parameter_invalid_number", "%s must be a number.", p.Name(key))
	}
	intPart, frac, hasDot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if !digits(intPart) || (hasDot && !digits(frac)) {
		return "", true, p.invalid(key, "parameter_invalid_number", "%s must be a number.", p.Name(key))
	}
	return s, true, nil
}

// Bool returns a boolean parameter: true/false, "true"/"false", 1/0, "1"/"0";
// "" and null are absent.
func (p *Params) Bool(key string) (bool, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return false, false, nil
	}
	switch x := v.(type) {
	case bool:
		return x, true, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "":
			return false, false, nil
		case "true", "1":
			return true, true, nil
		case "false", "0":
			return false, true, nil
		}
	case json.Number:
		switch x.String() {
		case "1":
			return true, true, nil
		case "0":
			return false, true, nil
		}
	}
	return false, true, p.invalid(key, "parameter_invalid_boolean", "Invalid boolean: %s must be true or false.", p.Name(key))
}

// Obj returns a nested object parameter.
func (p *Params) Obj(key string) (*Params, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return nil, false, nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		if s, isStr := v.(string); isStr && s == "" {
			return nil, false, nil // form clients unset an object with key=""
		}
		return nil, true, p.invalid(key, "parameter_invalid_object", "Invalid object: %s must be an object.", p.Name(key))
	}
	return p.child(m, p.Name(key)), true, nil
}

func (p *Params) child(m map[string]any, prefix string) *Params {
	c := &Params{m: m, prefix: prefix, used: map[string]bool{}, kids: p.kids, strict: p.strict}
	*p.kids = append(*p.kids, c)
	return c
}

// List returns an array parameter's elements as raw values. A single scalar
// is accepted as a one-element list, as form bodies send one value that way.
func (p *Params) List(key string) ([]any, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return nil, false, nil
	}
	switch x := v.(type) {
	case []any:
		return x, true, nil
	case string, json.Number, bool:
		return []any{x}, true, nil
	}
	return nil, true, p.invalid(key, "parameter_invalid_array", "Invalid array: %s must be an array.", p.Name(key))
}

// StrList returns an array of strings.
func (p *Params) StrList(key string) ([]string, bool, error) {
	items, ok, err := p.List(key)
	if !ok || err != nil {
		return nil, ok, err
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		name := fmt.Sprintf("%s[%d]", p.Name(key), i)
		var s string
		switch x := it.(type) {
		case string:
			s = x
		case json.Number:
			if p.strict {
				return nil, true, &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_invalid_string",
					Param: name, Message: fmt.Sprintf("%s must be an array of strings.", p.Name(key))}
			}
			s = x.String()
		default:
			return nil, true, &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_invalid_string",
				Param: name, Message: fmt.Sprintf("%s must be an array of strings.", p.Name(key))}
		}
		if err := checkLen(s, name, MaxStringLen); err != nil {
			return nil, true, err
		}
		out = append(out, s)
	}
	return out, true, nil
}

// ObjList returns an array of objects, each as Params.
func (p *Params) ObjList(key string) ([]*Params, bool, error) {
	items, ok, err := p.List(key)
	if !ok || err != nil {
		return nil, ok, err
	}
	out := make([]*Params, 0, len(items))
	for i, it := range items {
		m, isMap := it.(map[string]any)
		if !isMap {
			return nil, true, &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_invalid_object",
				Param: fmt.Sprintf("%s[%d]", p.Name(key), i), Message: fmt.Sprintf("%s must be an array of objects.", p.Name(key))}
		}
		out = append(out, p.child(m, fmt.Sprintf("%s[%d]", p.Name(key), i)))
	}
	return out, true, nil
}

// StrMap returns an object of string values (metadata). An empty string
// value is kept: the caller decides whether it means "delete this key".
func (p *Params) StrMap(key string) (map[string]string, bool, error) {
	v, ok := p.Raw(key)
	if !ok {
		return nil, false, nil
	}
	if s, isStr := v.(string); isStr && s == "" {
		return map[string]string{}, true, nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return nil, true, p.invalid(key, "parameter_invalid_object", "Invalid object: %s must be an object of strings.", p.Name(key))
	}
	out := make(map[string]string, len(m))
	for k, val := range m {
		switch x := val.(type) {
		case string:
			out[k] = x
		case json.Number:
			out[k] = x.String()
		case bool:
			out[k] = strconv.FormatBool(x)
		case nil:
			out[k] = ""
		default:
			return nil, true, &domain.Error{Code: domain.CodeInvalid, Reason: "parameter_invalid_string",
				Param: p.Name(key) + "[" + k + "]", Message: fmt.Sprintf("Invalid value for %s[%s]: metadata values must be strings.", p.Name(key), k)}
		}
	}
	return out, true, nil
}

// Unknown returns the bracket names of every key present in the tree that no
// accessor read, sorted.
func (p *Params) Unknown() []string {
	var out []string
	for _, kid := range *p.kids {
		for k := range kid.m {
			if !kid.used[k] {
				out = append(out, kid.Name(k))
			}
		}
	}
	sort.Strings(out)
	return out
}

func (p *Params) invalid(key, reason, format string, args ...any) error {
	return &domain.Error{Code: domain.CodeInvalid, Reason: reason, Param: p.Name(key), Message: fmt.Sprintf(format, args...)}
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

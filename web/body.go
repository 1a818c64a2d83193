package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// The Kind constants are the values of BodyError.Kind. They are a contract with the dialects, which map
// them to a status (typically too_large → 413, unsupported_media_type → 415, the others → 400) and to
// their own error codes, so they never change once published.
const (
	KindMalformedJSON        = "malformed_json"         // syntax error, truncation or data after the value
	KindMalformedForm        = "malformed_form"         // bad escape, brackets, key conflict or limit, in a form or multipart body
	KindUnsupportedMediaType = "unsupported_media_type" // a type, encoding or file part we do not read
	KindTooLarge             = "too_large"              // over the http.MaxBytesReader limit
	KindNotObject            = "not_object"             // valid JSON whose top level is not an object
	KindInvalidCharacter     = "invalid_character"      // a NUL character, or a name too long, in a parameter (Param names it)
	KindTimeout              = "request_timeout"        // the body did not arrive within the server's read timeout
	KindIncomplete           = "incomplete_body"        // the connection ended before the body did
)

// Limits on form bodies. The body size is already capped by middleware; these bound the work and
// the shape a caller can make us build, whatever fits in that size.
const (
	maxFormPairs = 1000
	maxFormDepth = 8 // path segments, counting the name: a[b][c] is 3 deep
)

// maxQuoted caps how much of a caller's key or header we echo back in an error message.
const maxQuoted = 64

// Limits on what a body or query may hold, whatever its encoding. No parameter name of either dialect
// comes near MaxNameLen; MaxJSONDepth leaves room for free-form objects such as Paysley's
// additional_value while keeping a 10,000-deep body from costing more than a 400.
const (
	MaxNameLen   = 255 // bytes of one parameter name (one object key or bracket segment)
	MaxJSONDepth = 32  // nested objects and arrays in a JSON body
)

// BodyError is returned for request bodies we cannot read. Kind is one of the Kind constants and
// Message is a full sentence safe to show to the API caller; it never carries internal detail.
type BodyError struct {
	Kind    string
	Message string
	Param   string // the parameter at fault in bracket notation, when one is
}

// Error returns the caller-facing message.
func (e *BodyError) Error() string { return e.Message }

// DecodeBody reads r.Body (already size-limited by middleware with http.MaxBytesReader) according to
// Content-Type and returns the parameters as a tree: map[string]any whose values are string (form),
// json.Number / string / bool / nil (JSON), []any, or map[string]any.
//
// Errors are *BodyError, except a failure to read the body for any other reason than its size (the
// client went away mid-upload), which is returned wrapped as is: no caller is left to read a message.
func DecodeBody(r *http.Request) (map[string]any, error) {
	tree, err := decodeBody(r)
	if err != nil {
		return nil, err
	}
	if err := CheckText(tree); err != nil {
		return nil, err
	}
	return tree, nil
}

func decodeBody(r *http.Request) (map[string]any, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	// An empty body is "no parameters" whatever it claims to be: clients send Content-Type on GET and
	// on parameterless POSTs, and rejecting those would help no one.
	if isBlank(body) {
		return map[string]any{}, nil
	}
	// Compressed bodies would otherwise surface as a baffling syntax error.
	if enc := strings.TrimSpace(r.Header.Get("Content-Encoding")); enc != "" && !strings.EqualFold(enc, "identity") {
		return nil, &BodyError{Kind: KindUnsupportedMediaType,
			Message: fmt.Sprintf("Content-Encoding %s is not supported; send the body uncompressed.", quote(enc))}
	}

	ct := strings.TrimSpace(r.Header.Get("Content-Type"))
	if ct == "" {
		// Hand-written clients sometimes omit the header. A body starting with '{' can only be JSON;
		// anything else is read as the form encoding Stripe-style clients send by default.
		if bytes.TrimLeft(body, jsonSpace)[0] == '{' {
			return decodeJSON(body)
		}
		return ParseForm(string(body))
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// A malformed parameter ("charset" without a value, a duplicate) should not cost the caller a
		// body we can read; fall back to the bare type and no parameters.
		base, _, _ := strings.Cut(ct, ";")
		mediaType, params = strings.ToLower(strings.TrimSpace(base)), nil
	}
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return decodeJSON(body)
	case mediaType == "application/x-www-form-urlencoded":
		return ParseForm(string(body))
	case mediaType == "multipart/form-data":
		return decodeMultipart(body, params["boundary"])
	}
	name := mediaType
	if name == "" {
		name = ct
	}
	return nil, &BodyError{Kind: KindUnsupportedMediaType, Message: fmt.Sprintf(
		"Content-Type %s is not supported; send application/json, application/x-www-form-urlencoded or multipart/form-data.",
		quote(name))}
}

// readBody reads the whole body so the size limit is hit in one place for every content type.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, ReadError(err)
	}
	return body, nil
}

// ReadError classifies an error from reading a request body. Each way a body can fail to arrive is the
// client's, so each becomes a *BodyError the dialects answer with a 4xx and log below ERROR: over the
// http.MaxBytesReader limit (KindTooLarge), past the server's read deadline (KindTimeout: a body
// trickling in slower than http.Server.ReadTimeout allows), or cut off (KindIncomplete). Any other
// error is returned wrapped.
func ReadError(err error) error {
	var tooLarge *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &tooLarge):
		return &BodyError{Kind: KindTooLarge,
			Message: fmt.Sprintf("The request body is too large (limit %s).", formatSize(tooLarge.Limit))}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &BodyError{Kind: KindTimeout,
			Message: "The request body did not arrive in time; send it at once, not in a trickle."}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, http.ErrBodyReadAfterClose):
		return &BodyError{Kind: KindIncomplete,
			Message: "The request body ended before the length it announced."}
	}
	return fmt.Errorf("web: reading request body: %w", err)
}

// formatSize renders a byte limit the way people configure it.
func formatSize(n int64) string {
	switch {
	case n > 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n > 0 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// jsonSpace is JSON's own whitespace (RFC 8259), narrower than unicode.IsSpace, so that "blank" and
// "trailing data" agree with what the decoder itself skips.
const jsonSpace = " \t\r\n"

func isBlank(body []byte) bool { return len(bytes.TrimLeft(body, jsonSpace)) == 0 }

func decodeJSON(body []byte) (map[string]any, error) {
	// RFC 8259 requires UTF-8, and encoding/json would silently replace what is not with U+FFFD: the
	// caller would never learn that the name they sent is not the name we stored.
	if !utf8.Valid(body) {
		return nil, malformedJSON(fmt.Sprintf("Invalid JSON body: invalid UTF-8 at byte %d; send UTF-8.", invalidUTF8At(body)+1))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	// Amounts must keep their exact text; float64 would turn 0.1 into 0.1000000000000000055.
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var syntax *json.SyntaxError
		switch {
		case errors.As(err, &syntax):
			return nil, malformedJSON(fmt.Sprintf("Invalid JSON body: %s at byte %d.", syntax.Error(), syntax.Offset))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, malformedJSON(fmt.Sprintf("Invalid JSON body: unexpected end of input at byte %d.", len(body)))
		}
		return nil, malformedJSON(fmt.Sprintf("Invalid JSON body: %v.", err))
	}
	// The decoder stops after one value; a second value or junk after it means the client sent
	// something other than what it thinks, so we refuse rather than silently drop the rest.
	if rest := bytes.TrimLeft(body[dec.InputOffset():], jsonSpace); len(rest) > 0 {
		return nil, malformedJSON(fmt.Sprintf(
			"Invalid JSON body: unexpected data after the top-level value at byte %d.", len(body)-len(rest)+1))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &BodyError{Kind: KindNotObject, Message: fmt.Sprintf("The JSON body must be an object, not %s.", jsonKind(v))}
	}
	// encoding/json keeps the last of two equal keys, so {"amount":999999,"amount":100} would charge
	// 100 while a proxy or log that keeps the first saw 999999. The body is valid JSON by now, so a
	// second, token-level pass only looks for what Decode does not refuse.
	if err := checkJSONShape(body); err != nil {
		return nil, err
	}
	return obj, nil
}

// invalidUTF8At returns the offset of the first byte of b that is not valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// checkJSONShape walks valid JSON and refuses a key repeated within one object and nesting deeper than
// MaxJSONDepth, naming the parameter in bracket notation. It reads the bytes itself: the body is valid
// JSON by now, and encoding/json's token reader, which allocates for every token, was a tenth of what
// a card payment's request costs outside the database.
func checkJSONShape(body []byte) error {
	s := shapeScanner{body: body}
	return s.value("", 0)
}

// shapeScanner walks a valid JSON text; i is the offset of what it reads next.
type shapeScanner struct {
	body []byte
	i    int
}

func (s *shapeScanner) value(path string, depth int) error {
	s.skipSpace()
	switch c := s.body[s.i]; c {
	case '"':
		raw := s.str()
		if esc, ok := loneSurrogate(raw); ok {
			return surrogateError(path, esc, "value")
		}
		return nil
	case '{', '[':
		s.i++
		if depth >= MaxJSONDepth {
			return &BodyError{Kind: KindMalformedJSON, Param: path, Message: fmt.Sprintf(
				"Invalid JSON body: nested deeper than %d levels at byte %d.", MaxJSONDepth, s.i)}
		}
		if c == '[' {
			return s.array(path, depth)
		}
		return s.object(path, depth)
	default: // a number, true, false or null
		for s.i < len(s.body) && !strings.ContainsRune(",]} \t\r\n", rune(s.body[s.i])) {
			s.i++
		}
		return nil
	}
}

func (s *shapeScanner) object(path string, depth int) error {
	seen := map[string]bool{}
	for {
		s.skipSpace()
		switch s.body[s.i] {
		case '}':
			s.i++
			return nil
		case ',':
			s.i++
			s.skipSpace()
		}
		raw := s.str()
		key := string(raw[1 : len(raw)-1])
		if bytes.IndexByte(raw, '\\') >= 0 {
			json.Unmarshal(raw, &key) // valid JSON: it cannot fail
		}
		name := key
		if path != "" {
			name = path + "[" + key + "]"
		}
		if esc, ok := loneSurrogate(raw); ok {
			return surrogateError(name, esc, "parameter name")
		}
		if seen[key] {
			return &BodyError{Kind: KindMalformedJSON, Param: name, Message: fmt.Sprintf(
				"Invalid JSON body: key %s appears more than once in the same object (at byte %d); send each key once.",
				quote(name), s.i)}
		}
		seen[key] = true
		s.skipSpace()
		s.i++ // the colon
		if err := s.value(name, depth+1); err != nil {
			return err
		}
	}
}

func (s *shapeScanner) array(path string, depth int) error {
	for n := 0; ; n++ {
		s.skipSpace()
		switch s.body[s.i] {
		case ']':
			s.i++
			return nil
		case ',':
			s.i++
		}
		if err := s.value(path+"["+strconv.Itoa(n)+"]", depth+1); err != nil {
			return err
		}
	}
}

// str reads a string and returns it with its quotes, escapes as sent.
func (s *shapeScanner) str() []byte {
	start := s.i
	for s.i++; s.body[s.i] != '"'; s.i++ {
		if s.body[s.i] == '\\' {
			s.i++ // the escaped character, a quote or a backslash among them
		}
	}
	s.i++
	return s.body[start:s.i]
}

func (s *shapeScanner) skipSpace() {
	for s.i < len(s.body) && strings.IndexByte(jsonSpace, s.body[s.i]) >= 0 {
		s.i++
	}
}

// loneSurrogate returns the first \u escape in raw, the text of one JSON token (with the separators
// around it), that is half of a UTF-16 surrogate pair without its other half: a high surrogate
// (\ud800–\udbff) not followed by a low one (\udc00–\udfff), or a low one alone. encoding/json reads
// each as U+FFFD, so the caller would never learn that the text we stored is not the text they sent.
// raw is valid JSON, so every \u has four hex digits after it.
func loneSurrogate(raw []byte) (string, bool) {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		i++ // the escaped character; a \\ is passed over whole
		if raw[i] != 'u' {
			continue
		}
		r := hex4(raw[i+1 : i+5])
		esc := string(raw[i-1 : i+5])
		i += 4
		switch {
		case 0xd800 <= r && r < 0xdc00:
			if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
				if low := hex4(raw[i+3 : i+7]); 0xdc00 <= low && low < 0xe000 {
					i += 6
					continue
				}
			}
			return esc, true
		case 0xdc00 <= r && r < 0xe000:
			return esc, true
		}
	}
	return "", false
}

// hex4 reads four hex digits.
func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 16)
	return rune(n)
}

// surrogateError refuses a lone surrogate escape in the parameter named path (what is "value" or
// "parameter name").
func surrogateError(path, esc, what string) *BodyError {
	return &BodyError{Kind: KindInvalidCharacter, Param: path, Message: fmt.Sprintf(
		"Invalid %s for %s: %s is half of a UTF-16 surrogate pair without its other half; "+
			"send the character itself, or both halves of its pair.", what, quote(path), esc)}
}

// CheckText refuses, anywhere in a decoded tree, what no database column should receive and no field
// of either dialect can mean: a NUL character in a name or a value (PostgreSQL refuses it in text with
// an internal error; SQLite stores it and C strings then cut it short), and a parameter name longer
// than MaxNameLen. The *BodyError names the parameter. DecodeBody and Query call it; form and JSON
// decoding have already refused invalid UTF-8.
func CheckText(tree map[string]any) error {
	return checkText(tree, "")
}

func checkText(v any, path string) error {
	switch v := v.(type) {
	case string:
		if strings.IndexByte(v, 0) >= 0 {
			return &BodyError{Kind: KindInvalidCharacter, Param: path,
				Message: fmt.Sprintf("Invalid value for %s: it contains a NUL character (\\u0000).", quote(path))}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			name := k
			if path != "" {
				name = path + "[" + k + "]"
			}
			switch {
			case strings.IndexByte(k, 0) >= 0:
				return &BodyError{Kind: KindInvalidCharacter, Param: name,
					Message: fmt.Sprintf("Invalid parameter name %s: it contains a NUL character (\\u0000).", quote(name))}
			case len(k) > MaxNameLen:
				return &BodyError{Kind: KindInvalidCharacter,
					Message: fmt.Sprintf("Invalid parameter name %s: names can be at most %d bytes.", quote(name), MaxNameLen)}
			}
			if err := checkText(v[k], name); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range v {
			if err := checkText(e, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func malformedJSON(msg string) *BodyError { return &BodyError{Kind: KindMalformedJSON, Message: msg} }

// jsonKind names a decoded JSON value in the caller's terms rather than Go's.
func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "an object"
}

func decodeMultipart(body []byte, boundary string) (map[string]any, error) {
	if boundary == "" {
		return nil, &BodyError{Kind: KindMalformedForm, Message: "Invalid multipart body: the multipart/form-data Content-Type has no valid boundary parameter."}
	}
	b := newFormBuilder()
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		// Only the bare io.EOF marks the closing boundary; a body that never reaches a boundary
		// comes back as a wrapped EOF and is an error, not an empty form.
		if err == io.EOF {
			break
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, malformedMultipart(truncatedMultipart)
		}
		if err != nil {
			// mime/multipart errors can quote a whole raw header line of the caller's.
			return nil, malformedMultipart(clip(err.Error()))
		}
		if p.FileName() != "" {
			return nil, &BodyError{Kind: KindUnsupportedMediaType, Message: fmt.Sprintf(
				"File uploads are not supported: multipart part %s has a filename; send only form fields.",
				quote(p.FormName()))}
		}
		name := p.FormName()
		if name == "" {
			return nil, malformedMultipart("a part has no form-data name")
		}
		value, err := io.ReadAll(p)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, malformedMultipart(truncatedMultipart)
		}
		if err != nil {
			return nil, malformedMultipart(fmt.Sprintf("part %s: %s", quote(name), clip(err.Error())))
		}
		// Multipart names are not percent-encoded, so they go to the builder as they are.
		if err := b.add(name, string(value)); err != nil {
			return nil, malformedMultipart(err.Error())
		}
	}
	tree, err := b.tree()
	if err != nil {
		return nil, malformedMultipart(err.Error())
	}
	return tree, nil
}

// truncatedMultipart is what a caller most likely needs to hear when mime/multipart reports EOF: its
// own message ("multipart: NextPart: EOF") means nothing to them.
const truncatedMultipart = "it ends before its closing boundary, or does not use the boundary given in the Content-Type"

func malformedMultipart(detail string) *BodyError {
	return &BodyError{Kind: KindMalformedForm, Message: "Invalid multipart body: " + detail + "."}
}

// ParseForm parses an application/x-www-form-urlencoded body with bracket notation, as Stripe and PHP
// read it: a[b]=1 nests, a[]=x appends, a[0]=x indexes, and a repeated key collects its values in
// order. Unlike PHP it refuses what PHP silently repairs or overwrites (conflicting uses of one key,
// unbalanced brackets, gaps in indices), because a payment parameter that quietly vanished is worse
// than a 400. Errors are *BodyError of kind malformed_form.
//
// Keys are percent-decoded before brackets are read, since Go's url.Values and browsers' URLSearchParams
// encode brackets as %5B and %5D; a consequence is that a key segment can never contain a bracket.
// Only '&' separates pairs: ';' is an ordinary character, as in WHATWG URLs and PHP.
func ParseForm(body string) (map[string]any, error) {
	b := newFormBuilder()
	for pair := range strings.SplitSeq(body, "&") {
		if pair == "" {
			continue // a=1&&b=2 and a trailing & are common and harmless
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, malformedForm(fmt.Sprintf("key %s has an invalid percent-encoding", quote(rawKey)))
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, malformedForm(fmt.Sprintf("the value of key %s has an invalid percent-encoding", quote(key)))
		}
		if err := b.add(key, value); err != nil {
			return nil, malformedForm(err.Error())
		}
	}
	tree, err := b.tree()
	if err != nil {
		return nil, malformedForm(err.Error())
	}
	return tree, nil
}

func malformedForm(detail string) *BodyError {
	return &BodyError{Kind: KindMalformedForm, Message: "Invalid form body: " + detail + "."}
}

// nodeKind records how a key was first used, so that a later, different use is caught rather than
// merged: the container kind of a path is decided by the segment that follows it.
type nodeKind int

const (
	leafNode   nodeKind = iota // a=x; repeating the key collects the values
	listNode                   // a[]=x
	indexNode                  // a[0]=x
	objectNode                 // a[b]=x
)

func (k nodeKind) describe() string {
	switch k {
	case leafNode:
		return "a single value"
	case listNode:
		return "a list (key[])"
	case indexNode:
		return "an indexed array (key[0])"
	}
	return "an object (key[name])"
}

// node is the builder's intermediate form. Indexed arrays are kept as a map until every pair has been
// read, because a[1] may legitimately arrive before a[0].
type node struct {
	kind     nodeKind
	values   []string         // leafNode, listNode
	children map[string]*node // objectNode
	items    map[int]*node    // indexNode
}

type formBuilder struct {
	root  *node
	pairs int
}

func newFormBuilder() *formBuilder {
	return &formBuilder{root: &node{kind: objectNode, children: map[string]*node{}}}
}

// add places one decoded key and value. Its errors are fragments for the caller to frame.
func (b *formBuilder) add(key, value string) error {
	b.pairs++
	if b.pairs > maxFormPairs {
		return fmt.Errorf("more than %d parameters", maxFormPairs)
	}
	// Invalid UTF-8 would only fail later, in the database, as an internal error.
	if !utf8.ValidString(key) {
		return fmt.Errorf("key %s is not valid UTF-8", quote(key))
	}
	if !utf8.ValidString(value) {
		return fmt.Errorf("the value of key %s is not valid UTF-8", quote(key))
	}
	segs, err := splitKey(key)
	if err != nil {
		return err
	}
	cur := b.root
	path := ""
	for i, seg := range segs {
		if seg == "" { // splitKey allows [] only last, after a named segment
			cur.values = append(cur.values, value)
			return nil
		}
		if i == 0 {
			path = seg
		} else {
			path += "[" + seg + "]"
		}
		want := leafNode
		if i+1 < len(segs) {
			switch next := segs[i+1]; {
			case next == "":
				want = listNode
			case isIndex(next):
				want = indexNode
			default:
				want = objectNode
			}
		}
		child, err := cur.child(seg, want, path)
		if err != nil {
			return err
		}
		if want == leafNode {
			child.values = append(child.values, value)
			return nil
		}
		cur = child
	}
	return nil
}

// child returns cur's child for seg, creating it with kind want, or an error naming path when the
// child exists with another kind (a=1&a[b]=2).
func (cur *node) child(seg string, want nodeKind, path string) (*node, error) {
	var c *node
	var idx int
	if cur.kind == indexNode {
		n, err := strconv.Atoi(seg)
		if err != nil || n >= maxFormPairs {
			// Past the pair limit an index can never be part of a gapless array.
			return nil, fmt.Errorf("key %s has an array index above %d", quote(path), maxFormPairs-1)
		}
		idx = n
		c = cur.items[idx]
	} else {
		c = cur.children[seg]
	}
	if c != nil {
		if c.kind != want {
			return nil, fmt.Errorf("key %s is used both as %s and as %s", quote(path), c.kind.describe(), want.describe())
		}
		return c, nil
	}
	c = &node{kind: want}
	switch want {
	case objectNode:
		c.children = map[string]*node{}
	case indexNode:
		c.items = map[int]*node{}
	}
	if cur.kind == indexNode {
		cur.items[idx] = c
	} else {
		cur.children[seg] = c
	}
	return c, nil
}

// isIndex reports whether a bracket segment is an array index. Only canonical numbers count, so
// a[01] stays an object key and cannot collide with a[1].
func isIndex(seg string) bool {
	if seg == "" || (seg[0] == '0' && len(seg) > 1) {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return false
		}
	}
	return true
}

// splitKey splits name[a][b][] into name, a, b, "" and rejects everything PHP would guess at.
func splitKey(key string) ([]string, error) {
	name, rest := key, ""
	if i := strings.IndexByte(key, '['); i >= 0 {
		name, rest = key[:i], key[i:]
	}
	if strings.Contains(name, "]") {
		return nil, fmt.Errorf("key %s has unbalanced brackets", quote(key))
	}
	if name == "" {
		if key == "" {
			return nil, errors.New("a parameter has an empty name")
		}
		return nil, fmt.Errorf("key %s has an empty name before its brackets", quote(key))
	}
	segs := []string{name}
	for rest != "" {
		// Invariant: rest starts with '['.
		end := strings.IndexByte(rest, ']')
		if end < 0 || strings.Contains(rest[1:end], "[") {
			return nil, fmt.Errorf("key %s has unbalanced brackets", quote(key))
		}
		if segs[len(segs)-1] == "" {
			// a[][b] means something different in PHP and Rack; numeric indices say it exactly.
			return nil, fmt.Errorf("key %s uses [] before its end; use numeric indices such as a[0][b]", quote(key))
		}
		segs = append(segs, rest[1:end])
		if len(segs) > maxFormDepth {
			return nil, fmt.Errorf("key %s is nested deeper than %d levels", quote(key), maxFormDepth)
		}
		rest = rest[end+1:]
		if rest != "" && rest[0] != '[' {
			if rest[0] == ']' {
				return nil, fmt.Errorf("key %s has unbalanced brackets", quote(key))
			}
			return nil, fmt.Errorf("key %s has text after a closing bracket", quote(key))
		}
	}
	return segs, nil
}

// tree converts the builder's nodes to the public tree, checking what can only be checked once every
// pair is in: that indices have no gaps.
func (b *formBuilder) tree() (map[string]any, error) {
	v, err := b.root.value("")
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

func (n *node) value(path string) (any, error) {
	switch n.kind {
	case leafNode:
		if len(n.values) == 1 {
			return n.values[0], nil
		}
		return stringsToAny(n.values), nil
	case listNode:
		return stringsToAny(n.values), nil
	case indexNode:
		out := make([]any, len(n.items))
		for i := range out {
			c, ok := n.items[i]
			if !ok {
				return nil, fmt.Errorf("array indices of key %s must run from 0 without gaps, but %s is missing",
					quote(path), quote(path+"["+strconv.Itoa(i)+"]"))
			}
			v, err := c.value(path + "[" + strconv.Itoa(i) + "]")
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	out := make(map[string]any, len(n.children))
	// Sorted so that, of several errors, the same one is always reported.
	for _, k := range slices.Sorted(maps.Keys(n.children)) {
		p := k
		if path != "" {
			p = path + "[" + k + "]"
		}
		v, err := n.children[k].value(p)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// quote renders caller input for an error message, shortened so a hostile key cannot bloat the
// response or the log.
func quote(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// clip makes library error text that may embed caller bytes safe to return: bounded, valid UTF-8 and
// free of control characters.
func clip(s string) string {
	const limit = 160
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// Flatten re-encodes a tree to canonical bracket notation: map keys sorted bytewise, arrays as
// explicit indices in order (a[0]=x&a[1]=y, never a[]=), everything escaped with url.QueryEscape.
// Equal trees give equal strings whichever body format they came from, which is what idempotency
// fingerprints need; for any tree ParseForm returns, ParseForm(Flatten(tree)) returns it again.
//
// JSON scalars become their text: json.Number as written, bool as "true"/"false", nil as "" (so null
// and "" flatten alike). Empty objects and arrays produce no pair, and keys containing brackets cannot
// be told apart from nesting; neither can come from a form body.
func Flatten(tree map[string]any) string {
	var sb strings.Builder
	for _, k := range slices.Sorted(maps.Keys(tree)) {
		flattenValue(&sb, url.QueryEscape(k), tree[k])
	}
	return sb.String()
}

func flattenValue(sb *strings.Builder, path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			flattenValue(sb, path+"["+url.QueryEscape(k)+"]", v[k])
		}
		return
	case []any:
		for i, e := range v {
			flattenValue(sb, path+"["+strconv.Itoa(i)+"]", e)
		}
		return
	}
	if sb.Len() > 0 {
		sb.WriteByte('&')
	}
	sb.WriteString(path)
	sb.WriteByte('=')
	sb.WriteString(url.QueryEscape(scalarText(v)))
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	// Not produced by DecodeBody; fmt keeps hand-built trees deterministic rather than panicking.
	return fmt.Sprint(v)
}

package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// noHeader marks a request sent without a Content-Type header at all, as opposed to an empty one.
const noHeader = "\x00none"

func newBodyRequest(t *testing.T, contentType, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/v1/payments", strings.NewReader(body))
	if contentType != noHeader {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

// jsonNum keeps the expected trees readable.
func jsonNum(s string) json.Number { return json.Number(s) }

// multipartBody builds a multipart/form-data body with boundary "B"; a part is name=value, or
// name;filename=f=value for a file part.
func multipartBody(parts ...string) string {
	var sb strings.Builder
	for _, p := range parts {
		header, value, _ := strings.Cut(p, "=")
		name, file, isFile := strings.Cut(header, ";filename:")
		sb.WriteString("--B\r\nContent-Disposition: form-data; name=\"" + name + "\"")
		if isFile {
			sb.WriteString("; filename=\"" + file + "\"\r\nContent-Type: application/octet-stream")
		}
		sb.WriteString("\r\n\r\n" + value + "\r\n")
	}
	sb.WriteString("--B--\r\n")
	return sb.String()
}

func TestDecodeBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
		body        string
		want        map[string]any
		wantKind    string // "" means success
		wantMessage string // substring of the message
	}{
		// JSON.
		{
			name:        "json object with every scalar kind",
			contentType: "application/json",
			body:        `{"amount":1000,"currency":"usd","capture":true,"note":null,"items":[{"n":"x"},2.50]}`,
			want: map[string]any{"amount": jsonNum("1000"), "currency": "usd", "capture": true, "note": nil,
				"items": []any{map[string]any{"n": "x"}, jsonNum("2.50")}},
		},
		{name: "json number keeps its exact text", contentType: "application/json",
			body: `{"n":12345678901234567890.10,"e":1e400}`, want: map[string]any{"n": jsonNum("12345678901234567890.10"), "e": jsonNum("1e400")}},
		{name: "json with leading space in content type", contentType: " application/json", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "json with trailing space in content type", contentType: "application/json  ", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "json uppercase with charset", contentType: "APPLICATION/JSON; Charset=UTF-8", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "json with a broken parameter", contentType: "application/json; charset", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "json with a duplicate parameter", contentType: "application/json; charset=utf-8; charset=utf-8", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "vendor +json", contentType: "application/vnd.api+json", body: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{name: "merge-patch+json", contentType: "application/merge-patch+json", body: `{"a":null}`, want: map[string]any{"a": nil}},
		{name: "json surrounded by whitespace", contentType: "application/json", body: "\r\n\t {\"a\":1} \n", want: map[string]any{"a": jsonNum("1")}},
		{name: "json empty body", contentType: "application/json", body: "", want: map[string]any{}},
		{name: "json whitespace body", contentType: "application/json", body: " \r\n\t", want: map[string]any{}},
		{name: "json empty object", contentType: "application/json", body: "{}", want: map[string]any{}},
		{name: "json truncated", contentType: "application/json", body: `{"amount":12`, wantKind: KindMalformedJSON,
			wantMessage: "Invalid JSON body: unexpected end of input at byte 12."},
		{name: "json syntax error", contentType: "application/json", body: `{"a":x}`, wantKind: KindMalformedJSON,
			wantMessage: "Invalid JSON body: invalid character 'x' looking for beginning of value at byte 6."},
		{name: "json trailing junk", contentType: "application/json", body: `{"a":1} x`, wantKind: KindMalformedJSON,
			wantMessage: "unexpected data after the top-level value at byte 9."},
		{name: "json two objects", contentType: "application/json", body: `{"a":1}{"b":2}`, wantKind: KindMalformedJSON,
			wantMessage: "at byte 8."},
		{name: "json stray closing brace", contentType: "application/json", body: `{"a":1}}`, wantKind: KindMalformedJSON},
		{name: "json array", contentType: "application/json", body: `[1,2]`, wantKind: KindNotObject,
			wantMessage: "The JSON body must be an object, not an array."},
		{name: "json string", contentType: "application/json", body: `"x"`, wantKind: KindNotObject, wantMessage: "not a string."},
		{name: "json number", contentType: "application/json", body: `12`, wantKind: KindNotObject, wantMessage: "not a number."},
		{name: "json boolean", contentType: "application/json", body: `true`, wantKind: KindNotObject, wantMessage: "not a boolean."},
		{name: "json null", contentType: "application/json", body: `null`, wantKind: KindNotObject, wantMessage: "not null."},
		{name: "json number with junk is malformed, not a number", contentType: "application/json", body: `12ab`, wantKind: KindMalformedJSON},

		// Form.
		{name: "form", contentType: "application/x-www-form-urlencoded", body: "amount=1000&currency=usd&metadata[order]=6735",
			want: map[string]any{"amount": "1000", "currency": "usd", "metadata": map[string]any{"order": "6735"}}},
		{name: "form uppercase with charset and spaces", contentType: "  Application/X-WWW-Form-URLEncoded ; charset=UTF-8 ",
			body: "a=1", want: map[string]any{"a": "1"}},
		{name: "form empty body", contentType: "application/x-www-form-urlencoded", body: "", want: map[string]any{}},
		{name: "form error", contentType: "application/x-www-form-urlencoded", body: "a=1&a[b]=2", wantKind: KindMalformedForm,
			wantMessage: `Invalid form body: key "a" is used both as a single value and as an object (key[name]).`},

		// No Content-Type: sniffed.
		{name: "no content type, empty body", contentType: noHeader, body: "", want: map[string]any{}},
		{name: "no content type, blank body", contentType: noHeader, body: "\n", want: map[string]any{}},
		{name: "no content type, json", contentType: noHeader, body: `{"a":1}`, want: map[string]any{"a": jsonNum("1")}},
		{name: "no content type, json after whitespace", contentType: noHeader, body: "\n  {\"a\":1}", want: map[string]any{"a": jsonNum("1")}},
		{name: "no content type, broken json", contentType: noHeader, body: `{"a":`, wantKind: KindMalformedJSON},
		{name: "no content type, form", contentType: noHeader, body: "a=1&b[]=2", want: map[string]any{"a": "1", "b": []any{"2"}}},
		{name: "no content type, json array is read as form", contentType: noHeader, body: "[1]", wantKind: KindMalformedForm},
		{name: "blank content type is no content type", contentType: "  ", body: "a=1", want: map[string]any{"a": "1"}},

		// Multipart.
		{name: "multipart fields", contentType: "multipart/form-data; boundary=B",
			body: multipartBody("amount=1000", "metadata[order]=6735", "expand[]=customer", "expand[]=charge"),
			want: map[string]any{"amount": "1000", "metadata": map[string]any{"order": "6735"}, "expand": []any{"customer", "charge"}}},
		{name: "multipart uppercase with quoted boundary", contentType: `Multipart/Form-Data; Boundary="B"`,
			body: multipartBody("a=x y"), want: map[string]any{"a": "x y"}},
		{name: "multipart names are not percent-decoded", contentType: "multipart/form-data; boundary=B",
			body: multipartBody("a%5Bb%5D=1+2"), want: map[string]any{"a%5Bb%5D": "1+2"}},
		{name: "multipart with no parts", contentType: "multipart/form-data; boundary=B", body: "--B--\r\n", want: map[string]any{}},
		{name: "multipart empty body", contentType: "multipart/form-data; boundary=B", body: "", want: map[string]any{}},
		{name: "multipart file part", contentType: "multipart/form-data; boundary=B",
			body: multipartBody("a=1", "doc;filename:id.png=PNG"), wantKind: KindUnsupportedMediaType,
			wantMessage: `File uploads are not supported: multipart part "doc" has a filename`},
		{name: "multipart without boundary", contentType: "multipart/form-data", body: multipartBody("a=1"),
			wantKind: KindMalformedForm, wantMessage: "no valid boundary parameter"},
		{name: "multipart with another boundary", contentType: "multipart/form-data; boundary=C", body: multipartBody("a=1"),
			wantKind: KindMalformedForm, wantMessage: "Invalid multipart body: it ends before its closing boundary, or does not use the boundary given in the Content-Type."},
		{name: "multipart truncated", contentType: "multipart/form-data; boundary=B",
			body: "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", wantKind: KindMalformedForm,
			wantMessage: "Invalid multipart body: it ends before its closing boundary"},
		{name: "multipart bad header line is not echoed whole", contentType: "multipart/form-data; boundary=B",
			body: "--B\r\n" + strings.Repeat("x", 5000) + "\r\n\r\nv\r\n--B--\r\n", wantKind: KindMalformedForm,
			wantMessage: "Invalid multipart body: malformed MIME header: missing colon: \"xxxxxxxxxx"},
		{name: "multipart part without a name", contentType: "multipart/form-data; boundary=B",
			body: "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--\r\n", wantKind: KindMalformedForm,
			wantMessage: "a part has no form-data name"},
		{name: "multipart bracket conflict", contentType: "multipart/form-data; boundary=B", body: multipartBody("a=1", "a[b]=2"),
			wantKind: KindMalformedForm, wantMessage: `Invalid multipart body: key "a" is used both as`},

		// Other types.
		{name: "text/plain", contentType: "text/plain", body: "hello", wantKind: KindUnsupportedMediaType,
			wantMessage: `Content-Type "text/plain" is not supported; send application/json, application/x-www-form-urlencoded or multipart/form-data.`},
		{name: "xml with charset", contentType: "Application/XML; charset=utf-8", body: "<a/>", wantKind: KindUnsupportedMediaType,
			wantMessage: `Content-Type "application/xml" is not supported`},
		{name: "unparseable content type", contentType: "application/", body: "a=1", wantKind: KindUnsupportedMediaType,
			wantMessage: `"application/"`},
		{name: "only parameters", contentType: "; charset=utf-8", body: "a=1", wantKind: KindUnsupportedMediaType,
			wantMessage: `"; charset=utf-8"`},
		{name: "text/plain empty body", contentType: "text/plain", body: "", want: map[string]any{}},
		{name: "xml blank body", contentType: "application/xml", body: "\r\n", want: map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeBody(newBodyRequest(t, tt.contentType, tt.body))
			checkBodyResult(t, got, err, tt.want, tt.wantKind, tt.wantMessage)
		})
	}
}

func checkBodyResult(t *testing.T, got map[string]any, err error, want map[string]any, wantKind, wantMessage string) {
	t.Helper()
	if wantKind == "" {
		if err != nil {
			t.Fatalf("error %v, want %#v", err, want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %#v\nwant %#v", got, want)
		}
		return
	}
	var be *BodyError
	if !errors.As(err, &be) {
		t.Fatalf("got %#v, %v; want a *BodyError of kind %s", got, err, wantKind)
	}
	if be.Kind != wantKind || !strings.Contains(be.Message, wantMessage) {
		t.Fatalf("got %s %q; want %s containing %q", be.Kind, be.Message, wantKind, wantMessage)
	}
	if got != nil {
		t.Errorf("got tree %#v alongside an error", got)
	}
	if len(be.Message) > 400 {
		t.Errorf("message of %d bytes; caller input must be clipped", len(be.Message))
	}
	if be.Error() != be.Message {
		t.Errorf("Error() = %q, want the message", be.Error())
	}
}

func TestDecodeBodyTooLarge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit       int64
		contentType string
		wantMessage string
	}{
		{1 << 20, "application/json", "The request body is too large (limit 1 MiB)."},
		{64 << 10, "application/x-www-form-urlencoded", "The request body is too large (limit 64 KiB)."},
		{1000, "text/plain", "The request body is too large (limit 1000 bytes)."},
		{1, noHeader, "The request body is too large (limit 1 byte)."},
	}
	for _, tt := range tests {
		t.Run(tt.wantMessage, func(t *testing.T) {
			t.Parallel()
			body := `{"a":"` + strings.Repeat("x", int(tt.limit)) + `"}`
			r := newBodyRequest(t, tt.contentType, body)
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, tt.limit)
			got, err := DecodeBody(r)
			checkBodyResult(t, got, err, nil, KindTooLarge, tt.wantMessage)
		})
	}
}

func TestDecodeBodyWithinLimit(t *testing.T) {
	t.Parallel()
	body := `{"a":"b"}`
	r := newBodyRequest(t, "application/json", body)
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, int64(len(body)))
	got, err := DecodeBody(r)
	checkBodyResult(t, got, err, map[string]any{"a": "b"}, "", "")
}

type failingBody struct{ err error }

func (b failingBody) Read([]byte) (int, error) { return 0, b.err }

// TestDecodeBodyReadFailure: a body cut off or arriving too slowly is the
// client's fault, a *BodyError the dialects answer with a 4xx; any other read
// error is returned wrapped.
func TestDecodeBodyReadFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		wantKind string
	}{
		{"cut off", io.ErrUnexpectedEOF, KindIncomplete},
		{"read deadline", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, KindTimeout},
		{"other", errors.New("disk on fire"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newBodyRequest(t, "application/json", "")
			r.Body = io.NopCloser(failingBody{tt.err})
			_, err := DecodeBody(r)
			var be *BodyError
			switch {
			case tt.wantKind == "" && (errors.As(err, &be) || !errors.Is(err, tt.err)):
				t.Fatalf("got %v; want the read error wrapped, not a *BodyError", err)
			case tt.wantKind != "" && (!errors.As(err, &be) || be.Kind != tt.wantKind):
				t.Fatalf("got %v; want a *BodyError of kind %s", err, tt.wantKind)
			}
		})
	}
}

func TestDecodeJSONRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, wantKind, wantParam, wantMessage string
	}{
		{"duplicate key", `{"amount":999999,"amount":100}`, KindMalformedJSON, "amount", `key "amount" appears more than once`},
		{"duplicate nested key", `{"card":{"number":"1","cvc":"2","number":"3"}}`, KindMalformedJSON, "card[number]", "more than once"},
		{"duplicate key in an array element", `{"items":[{"a":1},{"a":1,"a":2}]}`, KindMalformedJSON, "items[1][a]", "more than once"},
		{"invalid UTF-8", "{\"name\":\"caf\xe9\"}", KindMalformedJSON, "", "invalid UTF-8 at byte 13"},
		{"too deep", `{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, KindMalformedJSON, "a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]", "nested deeper than 32 levels"},
		{"10,000 deep", `{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, KindMalformedJSON, "", "exceeded max depth"},
		{"NUL in a value", `{"description":"a\u0000b"}`, KindInvalidCharacter, "description", "NUL character"},
		{"NUL in a nested value", `{"address":{"city":"\u0000"}}`, KindInvalidCharacter, "address[city]", "NUL character"},
		{"NUL in a key", `{"a\u0000":"b"}`, KindInvalidCharacter, "a\x00", "NUL character"},
		{"name too long", `{"` + strings.Repeat("k", MaxNameLen+1) + `":1}`, KindInvalidCharacter, "", "at most 255 bytes"},
		{"lone high surrogate", `{"name":"\ud800"}`, KindInvalidCharacter, "name", `\ud800 is half of a UTF-16 surrogate pair`},
		{"lone low surrogate", `{"a":{"b":["x","y\uDC00z"]}}`, KindInvalidCharacter, "a[b][1]", `\uDC00 is half`},
		{"high surrogate then another escape", `{"name":"\ud83d\u0041"}`, KindInvalidCharacter, "name", `\ud83d is half`},
		{"high surrogate then a high one", `{"name":"\ud83d\ud83d\udcb3"}`, KindInvalidCharacter, "name", `\ud83d is half`},
		{"high surrogate at the end", `{"name":"ok \udbff"}`, KindInvalidCharacter, "name", `\udbff is half`},
		{"lone surrogate in a key", `{"metadata":{"\ud800":"x"}}`, KindInvalidCharacter, "metadata[\ufffd]", "Invalid parameter name"},
		{"lone surrogate after an escaped backslash", `{"name":"\\\udc00"}`, KindInvalidCharacter, "name", `\udc00 is half`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeBody(newBodyRequest(t, "application/json", tt.body))
			var be *BodyError
			if !errors.As(err, &be) || be.Kind != tt.wantKind || be.Param != tt.wantParam || !strings.Contains(be.Message, tt.wantMessage) {
				t.Fatalf("got %#v; want kind %s, param %q, message with %q", err, tt.wantKind, tt.wantParam, tt.wantMessage)
			}
		})
	}
}

// TestDecodeJSONSurrogatePairs: escapes that make a whole character, and text
// that only looks like an escape, are read as they are.
func TestDecodeJSONSurrogatePairs(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"a":"\ud83d\udcb3"}`:    "\U0001f4b3",
		`{"a":"\uD83D\uDCB3 ok"}`: "\U0001f4b3 ok",
		`{"a":"\\ud800"}`:         `\ud800`, // an escaped backslash, then the letters
		`{"a":"\u00e9\ud7ff"}`:    "\u00e9\ud7ff",
		`{"a":"\ue000"}`:          "\ue000",
	} {
		tree, err := DecodeBody(newBodyRequest(t, "application/json", body))
		if err != nil || tree["a"] != want {
			t.Errorf("DecodeBody(%s) = %q, %v; want %q", body, tree["a"], err, want)
		}
	}
}

func TestDecodeBodyNilBody(t *testing.T) {
	t.Parallel()
	r := newBodyRequest(t, "application/json", "")
	r.Body = nil
	got, err := DecodeBody(r)
	checkBodyResult(t, got, err, map[string]any{}, "", "")
}

func TestDecodeBodyContentEncoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		encoding, body, wantKind string
	}{
		{"gzip", "\x1f\x8b\x08", KindUnsupportedMediaType},
		{"identity", `{"a":1}`, ""},
		{"gzip", "", ""}, // nothing to decompress
	}
	for _, tt := range tests {
		t.Run(tt.encoding+"/"+tt.body, func(t *testing.T) {
			t.Parallel()
			r := newBodyRequest(t, "application/json", tt.body)
			r.Header.Set("Content-Encoding", tt.encoding)
			got, err := DecodeBody(r)
			want := map[string]any{}
			if tt.body != "" {
				want["a"] = jsonNum("1")
			}
			checkBodyResult(t, got, err, want, tt.wantKind, "")
		})
	}
}

func TestParseForm(t *testing.T) {
	t.Parallel()
	var thousand, thousandOne strings.Builder
	for i := range 1001 {
		if i > 0 {
			thousandOne.WriteByte('&')
		}
		fmt.Fprintf(&thousandOne, "k%d=v", i)
		if i == 999 {
			thousand.WriteString(thousandOne.String())
		}
	}
	var eleven []string
	var elevenWant []any
	for i := 10; i >= 0; i-- { // reverse order: the tree must follow indices, not arrival
		eleven = append(eleven, fmt.Sprintf("a[%d]=%d", i, i))
	}
	for i := range 11 {
		elevenWant = append(elevenWant, fmt.Sprint(i))
	}

	tests := []struct {
		name        string
		body        string
		want        map[string]any
		wantMessage string // non-empty means a malformed_form error containing it
	}{
		{name: "plain", body: "a=1", want: map[string]any{"a": "1"}},
		{name: "empty body", body: "", want: map[string]any{}},
		{name: "nested", body: "a[b][c]=1", want: map[string]any{"a": map[string]any{"b": map[string]any{"c": "1"}}}},
		{name: "siblings merge", body: "a[b]=1&a[c]=2", want: map[string]any{"a": map[string]any{"b": "1", "c": "2"}}},
		{name: "appended list", body: "a[]=x&a[]=y", want: map[string]any{"a": []any{"x", "y"}}},
		{name: "nested appended list", body: "a[b][]=x", want: map[string]any{"a": map[string]any{"b": []any{"x"}}}},
		{name: "indexed objects", body: "a[0][n]=x&a[1][n]=y",
			want: map[string]any{"a": []any{map[string]any{"n": "x"}, map[string]any{"n": "y"}}}},
		{name: "indices out of order", body: "a[1]=y&a[0]=x", want: map[string]any{"a": []any{"x", "y"}}},
		{name: "indices ordered numerically", body: strings.Join(eleven, "&"), want: map[string]any{"a": elevenWant}},
		{name: "array of arrays", body: "a[0][0]=x&a[0][1]=y&a[1][]=z",
			want: map[string]any{"a": []any{[]any{"x", "y"}, []any{"z"}}}},
		{name: "repeated plain key", body: "a=x&a=y&a=z", want: map[string]any{"a": []any{"x", "y", "z"}}},
		{name: "repeated nested key", body: "a[b]=1&a[b]=2", want: map[string]any{"a": map[string]any{"b": []any{"1", "2"}}}},
		{name: "repeated indexed key collects too", body: "a[0]=x&a[0]=y", want: map[string]any{"a": []any{[]any{"x", "y"}}}},
		{name: "empty value", body: "a=&b", want: map[string]any{"a": "", "b": ""}},
		{name: "plus and percent", body: "d=a+b%20c%2Bd", want: map[string]any{"d": "a b c+d"}},
		{name: "percent-encoded brackets", body: "a%5Bb%5D%5B%5D=1", want: map[string]any{"a": map[string]any{"b": []any{"1"}}}},
		{name: "utf-8", body: "%C3%A9t%C3%A9=%E2%82%AC&n=caf%c3%a9", want: map[string]any{"été": "€", "n": "café"}},
		{name: "equals in value", body: "a=b=c", want: map[string]any{"a": "b=c"}},
		{name: "semicolon is not a separator", body: "a=1;b=2", want: map[string]any{"a": "1;b=2"}},
		{name: "empty pairs skipped", body: "&a=1&&b=2&", want: map[string]any{"a": "1", "b": "2"}},
		{name: "numeric top-level name is a key", body: "0=x&1=y", want: map[string]any{"0": "x", "1": "y"}},
		{name: "non-canonical index is a key", body: "a[01]=x&a[-1]=y", want: map[string]any{"a": map[string]any{"01": "x", "-1": "y"}}},
		{name: "spaces inside brackets kept", body: "a[+b+]=1", want: map[string]any{"a": map[string]any{" b ": "1"}}},
		{name: "depth 8", body: "a[b][c][d][e][f][g][h]=1", want: map[string]any{"a": map[string]any{"b": map[string]any{
			"c": map[string]any{"d": map[string]any{"e": map[string]any{"f": map[string]any{"g": map[string]any{"h": "1"}}}}}}}}},
		{name: "1000 pairs", body: thousand.String(), want: func() map[string]any {
			m := map[string]any{}
			for i := range 1000 {
				m[fmt.Sprintf("k%d", i)] = "v"
			}
			return m
		}()},

		{name: "depth 9", body: "a[b][c][d][e][f][g][h][i]=1", wantMessage: `key "a[b][c][d][e][f][g][h][i]" is nested deeper than 8 levels`},
		{name: "1001 pairs", body: thousandOne.String(), wantMessage: "more than 1000 parameters"},
		{name: "list then index", body: "a[]=x&a[0]=y", wantMessage: `key "a" is used both as a list (key[]) and as an indexed array (key[0])`},
		{name: "index then list", body: "a[0]=y&a[]=x", wantMessage: `key "a" is used both as an indexed array (key[0]) and as a list (key[])`},
		{name: "scalar then object", body: "a=1&a[b]=2", wantMessage: `key "a" is used both as a single value and as an object (key[name])`},
		{name: "object then scalar", body: "a[b]=2&a=1", wantMessage: `key "a" is used both as an object (key[name]) and as a single value`},
		{name: "scalar then list", body: "a=1&a[]=2", wantMessage: `key "a" is used both as a single value and as a list (key[])`},
		{name: "index then object", body: "a[0]=1&a[b]=2", wantMessage: `key "a" is used both as an indexed array`},
		{name: "nested conflict", body: "a[b][c]=1&a[b]=2", wantMessage: `key "a[b]" is used both as`},
		{name: "conflict inside an array", body: "a[0][b]=1&a[0]=2", wantMessage: `key "a[0]" is used both as`},
		{name: "index gap at start", body: "a[1]=x", wantMessage: `array indices of key "a" must run from 0 without gaps, but "a[0]" is missing`},
		{name: "index gap in middle", body: "a[0]=x&a[2]=y", wantMessage: `"a[1]" is missing`},
		{name: "nested index gap", body: "a[0][b][1]=x", wantMessage: `array indices of key "a[0][b]" must run from 0 without gaps`},
		{name: "index too large", body: "a[1000]=x", wantMessage: `key "a[1000]" has an array index above 999`},
		{name: "index overflows int", body: "a[99999999999999999999999]=x", wantMessage: "has an array index above 999"},
		{name: "unclosed bracket", body: "a[b=1", wantMessage: `key "a[b" has unbalanced brackets`},
		{name: "stray closing bracket", body: "a]=1", wantMessage: `key "a]" has unbalanced brackets`},
		{name: "double closing bracket", body: "a[b]]=1", wantMessage: "unbalanced brackets"},
		{name: "bracket inside bracket", body: "a[b[c]]=1", wantMessage: "unbalanced brackets"},
		{name: "text after bracket", body: "a[b]c=1", wantMessage: `key "a[b]c" has text after a closing bracket`},
		{name: "empty key", body: "a=1&=2", wantMessage: "a parameter has an empty name"},
		{name: "bare equals", body: "=", wantMessage: "a parameter has an empty name"},
		{name: "empty name before brackets", body: "[a]=1", wantMessage: `key "[a]" has an empty name before its brackets`},
		{name: "append before end", body: "a[][b]=1", wantMessage: `key "a[][b]" uses [] before its end`},
		{name: "bad escape in key", body: "a%zz=1", wantMessage: `key "a%zz" has an invalid percent-encoding`},
		{name: "bad escape in value", body: "a=%zz", wantMessage: `the value of key "a" has an invalid percent-encoding`},
		{name: "truncated escape", body: "a=1%", wantMessage: "invalid percent-encoding"},
		{name: "invalid utf-8 value", body: "a=%FF", wantMessage: `the value of key "a" is not valid UTF-8`},
		{name: "invalid utf-8 key", body: "%FF=1", wantMessage: "is not valid UTF-8"},
		{name: "long key is shortened in the message", body: strings.Repeat("k", 500) + "]=1",
			wantMessage: `key "` + strings.Repeat("k", 64) + `"… has unbalanced brackets`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseForm(tt.body)
			kind := ""
			if tt.wantMessage != "" {
				kind = KindMalformedForm
			}
			checkBodyResult(t, got, err, tt.want, kind, tt.wantMessage)
			if err == nil {
				checkRoundTrip(t, got)
			}
		})
	}
}

func TestFlatten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tree map[string]any
		want string
	}{
		{name: "empty", tree: map[string]any{}, want: ""},
		{name: "nil", tree: nil, want: ""},
		{name: "sorted keys", tree: map[string]any{"b": "2", "a": "1", "B": "0"}, want: "B=0&a=1&b=2"},
		{name: "nesting",
			tree: map[string]any{"m": map[string]any{"z": "1", "a": map[string]any{"k": "v"}}, "l": []any{"x", map[string]any{"n": "y"}}},
			want: "l[0]=x&l[1][n]=y&m[a][k]=v&m[z]=1"},
		{name: "indices in numeric order",
			tree: map[string]any{"a": []any{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}},
			want: "a[0]=0&a[1]=1&a[2]=2&a[3]=3&a[4]=4&a[5]=5&a[6]=6&a[7]=7&a[8]=8&a[9]=9&a[10]=10"},
		{name: "escaping", tree: map[string]any{"a b": map[string]any{"c&d": "e=f g+h;é"}},
			want: "a+b[c%26d]=e%3Df+g%2Bh%3B%C3%A9"},
		{name: "json scalars",
			tree: map[string]any{"n": jsonNum("10.50"), "t": true, "f": false, "z": nil, "s": ""},
			want: "f=false&n=10.50&s=&t=true&z="},
		{name: "empty containers produce nothing", tree: map[string]any{"a": map[string]any{}, "b": []any{}, "c": "1"}, want: "c=1"},
		{name: "other types are printed", tree: map[string]any{"i": 3, "f": 1.5}, want: "f=1.5&i=3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Flatten(tt.tree); got != tt.want {
				t.Fatalf("Flatten = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFlattenSameForEveryFormat is the fingerprint property: one request sent as JSON, as a form and
// as multipart flattens to one string.
func TestFlattenSameForEveryFormat(t *testing.T) {
	t.Parallel()
	bodies := []struct{ contentType, body string }{
		{"application/json", `{"amount":1000,"capture":true,"metadata":{"order":"6735"},"expand":["customer","charge"]}`},
		{"application/x-www-form-urlencoded", "metadata[order]=6735&expand[]=customer&amount=1000&expand[]=charge&capture=true"},
		{"application/x-www-form-urlencoded", "amount=1000&capture=true&expand[0]=customer&expand[1]=charge&metadata%5Border%5D=6735"},
		{"multipart/form-data; boundary=B", multipartBody("capture=true", "amount=1000", "expand[1]=charge", "expand[0]=customer", "metadata[order]=6735")},
	}
	const want = "amount=1000&capture=true&expand[0]=customer&expand[1]=charge&metadata[order]=6735"
	for _, b := range bodies {
		tree, err := DecodeBody(newBodyRequest(t, b.contentType, b.body))
		if err != nil {
			t.Fatalf("%s %q: %v", b.contentType, b.body, err)
		}
		if got := Flatten(tree); got != want {
			t.Errorf("%s %q: Flatten = %q, want %q", b.contentType, b.body, got, want)
		}
	}
}

// checkRoundTrip asserts that a tree ParseForm returned survives Flatten and ParseForm unchanged.
func checkRoundTrip(t *testing.T, tree map[string]any) {
	t.Helper()
	flat := Flatten(tree)
	again, err := ParseForm(flat)
	if err != nil {
		t.Fatalf("ParseForm(Flatten(tree)) with Flatten = %q: %v", flat, err)
	}
	if !reflect.DeepEqual(again, tree) {
		t.Fatalf("round trip through %q:\n got %#v\nwant %#v", flat, again, tree)
	}
}

// checkFormTree asserts what the round trip relies on: ParseForm never builds an empty object or
// array (no pair can express one), and no nested key contains a bracket or is empty (brackets are
// decoded before they are read, and a[] is an append). Because of that, every tree ParseForm returns
// can be round-tripped and FuzzParseForm needs no constraint on its input.
func checkFormTree(t *testing.T, v any, top bool) {
	t.Helper()
	switch v := v.(type) {
	case string:
		if !utf8.ValidString(v) {
			t.Fatalf("invalid UTF-8 value %q", v)
		}
	case []any:
		if len(v) == 0 {
			t.Fatal("empty array in a form tree")
		}
		for _, e := range v {
			checkFormTree(t, e, false)
		}
	case map[string]any:
		if len(v) == 0 && !top {
			t.Fatal("empty object in a form tree")
		}
		for k, e := range v {
			if k == "" || strings.ContainsAny(k, "[]") || !utf8.ValidString(k) {
				t.Fatalf("key %q in a form tree", k)
			}
			if !top && isIndex(k) {
				t.Fatalf("index-like key %q in a nested object", k)
			}
			checkFormTree(t, e, false)
		}
	default:
		t.Fatalf("unexpected %T in a form tree", v)
	}
}

func FuzzParseForm(f *testing.F) {
	for _, seed := range []string{
		"", "a=1", "a[b][c]=1", "a[]=x&a[]=y", "a[0][n]=x&a[1][n]=y", "a=x&a=y", "a[]=x&a[0]=y",
		"a=1&a[b]=2", "a[b=1", "a]=1", "=1", "a%zz=1", "a=%FF", "a[1]=x&a[0]=y", "a[0][0]=x&a[0]=y",
		"a[01]=x", "0=x", "a%5Bb%5D=1", "a+b[c+d]=e+f", "a[][b]=1", "a[b][c][d][e][f][g][h]=1",
		"amount=1000&currency=usd&metadata[order_id]=6735&expand[]=customer", "a=1;b=2&&c", "a[0][]=x&a[0][]=y",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		tree, err := ParseForm(body)
		if err != nil {
			var be *BodyError
			if !errors.As(err, &be) || be.Kind != KindMalformedForm || tree != nil {
				t.Fatalf("ParseForm(%q) = %v, %v; want only a malformed_form *BodyError", body, tree, err)
			}
			return
		}
		if tree == nil {
			t.Fatalf("ParseForm(%q) returned a nil tree", body)
		}
		checkFormTree(t, tree, true)
		checkRoundTrip(t, tree)
	})
}

// checkJSONTree asserts a decoded JSON tree holds only the documented types.
func checkJSONTree(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case string, json.Number, bool, nil:
	case []any:
		for _, e := range v {
			checkJSONTree(t, e)
		}
	case map[string]any:
		for _, e := range v {
			checkJSONTree(t, e)
		}
	default:
		t.Fatalf("unexpected %T in a JSON tree", v)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		"", " ", "{}", `{"a":1}`, `{"a":1} `, `{"a":1}x`, `{"a":1}{}`, `{"a":`, `[1]`, `"s"`, `1`, `12ab`,
		`null`, `true`, `{"a":{"b":[1,2.5e10,"x",null,false]}}`, "{\"a\":\"\xff\"}", `{"a":1}}`, "\ufeff{}",
		`{"a":"\u0000"}`, `{"a":1,"a":2}`, strings.Repeat("[", 10001),
		`{"a":"\ud800"}`, `{"a":"\udc00"}`, `{"a":"\ud800\u0041"}`, `{"a":"\ud83d\udcb3"}`, `{"\udbff":1}`, `{"a":"\\ud800"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		tree, err := DecodeBody(newBodyRequest(t, "application/json", body))
		// json.Valid is an independent oracle for which outcome each body deserves.
		trimmed := strings.Trim(body, jsonSpace)
		var be *BodyError
		switch {
		case trimmed == "":
			if err != nil || tree == nil || len(tree) != 0 {
				t.Fatalf("blank body %q: %v, %v; want an empty tree", body, tree, err)
			}
		case !json.Valid([]byte(body)):
			if !errors.As(err, &be) || be.Kind != KindMalformedJSON {
				t.Fatalf("invalid JSON %q: %v, %v; want malformed_json", body, tree, err)
			}
		case !utf8.ValidString(body): // refused before its shape is looked at
			if !errors.As(err, &be) || be.Kind != KindMalformedJSON {
				t.Fatalf("invalid UTF-8 %q: %v, %v; want malformed_json", body, tree, err)
			}
		case trimmed[0] != '{':
			if !errors.As(err, &be) || be.Kind != KindNotObject {
				t.Fatalf("non-object %q: %v, %v; want not_object", body, tree, err)
			}
		case errors.As(err, &be) && (be.Kind == KindInvalidCharacter ||
			be.Kind == KindMalformedJSON && (strings.Contains(be.Message, "more than once") || strings.Contains(be.Message, "nested deeper"))):
			// Valid JSON that says something twice, nests too deep or holds a NUL: refused by name.
			if be.Kind == KindInvalidCharacter && !strings.Contains(body, `\u0000`) && !strings.Contains(strings.ToLower(body), `\ud`) &&
				len(body) <= MaxNameLen {
				t.Fatalf("object %q refused as %q without a NUL or a long name", body, be.Message)
			}
		default:
			if err != nil || tree == nil {
				t.Fatalf("object %q: %v, %v; want a tree", body, tree, err)
			}
			checkJSONTree(t, tree)
			if a, b := Flatten(tree), Flatten(tree); a != b {
				t.Fatalf("Flatten not deterministic: %q vs %q", a, b)
			}
		}
	})
}

// FuzzDecodeBody covers content-type parsing and multipart, which FuzzDecodeJSON does not reach: any
// header and body give a documented tree or a *BodyError of a documented kind, never a panic.
func FuzzDecodeBody(f *testing.F) {
	f.Add("multipart/form-data; boundary=B", multipartBody("a=1", "b[c][]=2"))
	f.Add("multipart/form-data; boundary=B", multipartBody("a=1", "f;filename:x.txt=data"))
	f.Add("multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx")
	f.Add("multipart/form-data; boundary=B", "garbage")
	f.Add(" Application/X-WWW-Form-Urlencoded; charset=utf-8", "a[0]=1&a[1]=2")
	f.Add("application/vnd.api+json; charset", `{"a":[1]}`)
	f.Add("text/plain", "x")
	f.Add("", `  {"a":1}`)
	f.Add("", "a=1")
	f.Add("application/", "a=1")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		tree, err := DecodeBody(r)
		if err != nil {
			var be *BodyError
			if !errors.As(err, &be) || tree != nil {
				t.Fatalf("DecodeBody(%q, %q) = %v, %v; want only a *BodyError", contentType, body, tree, err)
			}
			switch be.Kind {
			case KindMalformedJSON, KindMalformedForm, KindUnsupportedMediaType, KindNotObject, KindInvalidCharacter:
			default:
				t.Fatalf("DecodeBody(%q, %q): kind %q", contentType, body, be.Kind)
			}
			if be.Message == "" || !utf8.ValidString(be.Message) || len(be.Message) > 400 || strings.ContainsAny(be.Message, "\r\n\x00") {
				t.Fatalf("DecodeBody(%q, %q): message %q", contentType, body, be.Message)
			}
			return
		}
		if tree == nil {
			t.Fatalf("DecodeBody(%q, %q) returned a nil tree", contentType, body)
		}
		checkJSONTree(t, tree)
		_ = Flatten(tree)
	})
}

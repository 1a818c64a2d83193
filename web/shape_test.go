package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// shapeByTokens is checkJSONShape as it was written first, over
// encoding/json's token reader: slower, and the oracle FuzzCheckJSONShape
// holds the byte scanner to.
func shapeByTokens(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return malformedJSON(fmt.Sprintf("Invalid JSON body: %v.", err))
		}
		delim, ok := tok.(json.Delim)
		if !ok {
			if _, isString := tok.(string); isString {
				if esc, ok := loneSurrogate(body[start:dec.InputOffset()]); ok {
					return surrogateError(path, esc, "value")
				}
			}
			return nil
		}
		if depth >= MaxJSONDepth {
			return &BodyError{Kind: KindMalformedJSON, Param: path, Message: fmt.Sprintf(
				"Invalid JSON body: nested deeper than %d levels at byte %d.", MaxJSONDepth, dec.InputOffset())}
		}
		switch delim {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				start := dec.InputOffset()
				tok, err := dec.Token()
				if err != nil {
					return malformedJSON(fmt.Sprintf("Invalid JSON body: %v.", err))
				}
				key, _ := tok.(string)
				name := key
				if path != "" {
					name = path + "[" + key + "]"
				}
				if esc, ok := loneSurrogate(body[start:dec.InputOffset()]); ok {
					return surrogateError(name, esc, "parameter name")
				}
				if seen[key] {
					return &BodyError{Kind: KindMalformedJSON, Param: name, Message: fmt.Sprintf(
						"Invalid JSON body: key %s appears more than once in the same object (at byte %d); send each key once.",
						quote(name), dec.InputOffset())}
				}
				seen[key] = true
				if err := walk(name, depth+1); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token()
		return err
	}
	return walk("", 0)
}

var shapeSeeds = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":1,"a":2}`, ` {"a" : 1 , "b":[ 1 , {"a":1,"a":2} ] } `,
	`{"a":{"b":[1,2.5e10,"x",null,false,true]}}`, `{"a\"b":1,"a\"b":2}`, `{"a\\":1,"a\u005c":2}`,
	`{"\u0061":1,"a":2}`, `{"a":"\ud800"}`, `{"\udbff":1}`, `{"a":"\\ud800"}`, `{"a":"x\"\ud800"}`,
	`{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`,
	`{"a":` + strings.Repeat(`{"b":`, 40) + `1` + strings.Repeat("}", 40) + `}`,
	`{"a":[[],[{}],{"c":[1,2,{"c":1,"c":2}]}]}`, "{\"a\":\t\r\n-1.5E+3 }", `{"a":"\ud83d\udcb3","b":"\ud83d"}`,
}

// TestCheckJSONShape: the byte scanner refuses and accepts what the token
// walker did, with the same parameter and message (byte offsets included).
func TestCheckJSONShape(t *testing.T) {
	t.Parallel()
	refused := 0
	for _, body := range shapeSeeds {
		got, want := checkJSONShape([]byte(body)), shapeByTokens([]byte(body))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("checkJSONShape(%s) = %v; the token walker says %v", body, got, want)
		}
		if got != nil {
			refused++
		}
	}
	if refused < 8 {
		t.Fatalf("only %d seeds refused: the comparison is not exercising refusals", refused)
	}
}

func FuzzCheckJSONShape(f *testing.F) {
	for _, seed := range shapeSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		// checkJSONShape is only given valid UTF-8 JSON objects.
		if !json.Valid([]byte(body)) || !utf8.ValidString(body) || !strings.HasPrefix(strings.TrimLeft(body, jsonSpace), "{") {
			return
		}
		if got, want := checkJSONShape([]byte(body)), shapeByTokens([]byte(body)); !reflect.DeepEqual(got, want) {
			t.Fatalf("checkJSONShape(%q) = %v; the token walker says %v", body, got, want)
		}
	})
}

// BenchmarkCheckJSONShape: the API document's card payment body.
//
//	go test ./web -run '^$' -bench CheckJSONShape
func BenchmarkCheckJSONShape(b *testing.B) {
	body := []byte(`{"amount": 2000, "currency": "usd", "description": "Order 1234", "metadata": {"order_id": "1234"},
		"payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}}`)
	for _, c := range []struct {
		name  string
		check func([]byte) error
	}{{"bytes", checkJSONShape}, {"tokens", shapeByTokens}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.check(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package web

import (
	"errors"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/domain"
)

// mustParams decodes body as a request of contentType would be.
func mustParams(t *testing.T, contentType, body string) *Params {
	t.Helper()
	tree, err := DecodeBody(newBodyRequest(t, contentType, body))
	if err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return NewParams(tree)
}

// wantParamError checks that err is a CodeInvalid *domain.Error naming param.
func wantParamError(t *testing.T, err error, param string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeInvalid || de.Param != param {
		t.Fatalf("error = %#v, want CodeInvalid naming %q", err, param)
	}
}

func TestParamsInt(t *testing.T) {
	t.Parallel()
	const jsonType, formType = "application/json", "application/x-www-form-urlencoded"
	tests := []struct {
		name, contentType, body string
		want                    int64
		ok                      bool // present
		bad                     bool // a 400 naming amount
	}{
		{"json number", jsonType, `{"amount": 2000}`, 2000, true, false},
		{"json string", jsonType, `{"amount": "2000"}`, 2000, true, false},
		{"json negative", jsonType, `{"amount": -5}`, -5, true, false},
		{"json zero", jsonType, `{"amount": 0}`, 0, true, false},
		{"json largest", jsonType, `{"amount": 9223372036854775807}`, 9223372036854775807, true, false},
		{"form", formType, `amount=999`, 999, true, false},
		{"form spaces trimmed", formType, `amount=%20999%20`, 999, true, false},
		{"form leading zeros", formType, `amount=007`, 7, true, false},
		{"json absent", jsonType, `{}`, 0, false, false},
		{"json null", jsonType, `{"amount": null}`, 0, false, false},

		// Read through a float, each of these became a different integer.
		{"form exponent", formType, `amount=1e3`, 0, true, true},
		{"json exponent", jsonType, `{"amount": 1e3}`, 0, true, true},
		{"json capital exponent", jsonType, `{"amount": 2E2}`, 0, true, true},
		{"json near-integer", jsonType, `{"amount": 1999.99999999999999}`, 0, true, true},
		{"string near-integer", jsonType, `{"amount": "0.99999999999999999"}`, 0, true, true},
		{"json integral fraction", jsonType, `{"amount": 20.0}`, 0, true, true},
		{"string integral fraction", jsonType, `{"amount": "20.0"}`, 0, true, true},
		{"json fraction", jsonType, `{"amount": 2000.5}`, 0, true, true},
		{"form fraction", formType, `amount=20.5`, 0, true, true},
		{"plus sign", formType, `amount=%2B5`, 0, true, true},
		{"hex", formType, `amount=0x10`, 0, true, true},
		{"underscore", formType, `amount=1_000`, 0, true, true},
		{"letters", jsonType, `{"amount": "abc"}`, 0, true, true},
		{"minus alone", formType, `amount=-`, 0, true, true},
		{"infinity", formType, `amount=Inf`, 0, true, true},
		{"overflow", jsonType, `{"amount": 9223372036854775808}`, 0, true, true},
		{"unicode digits", jsonType, `{"amount": "١٢"}`, 0, true, true},
		{"boolean", jsonType, `{"amount": true}`, 0, true, true},
		{"object", jsonType, `{"amount": {}}`, 0, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := mustParams(t, tc.contentType, tc.body).Int("amount")
			if tc.bad {
				wantParamError(t, err, "amount")
				if !ok {
					t.Fatal("a refused value must still count as sent")
				}
				return
			}
			if err != nil || got != tc.want || ok != tc.ok {
				t.Fatalf("Int = %d, %v, %v; want %d, %v, nil", got, ok, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParamsIntNamesNestedParam(t *testing.T) {
	t.Parallel()
	card, _, err := mustParams(t, "application/json", `{"card": {"exp_month": 1.5}}`).Obj("card")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = card.Int("exp_month")
	wantParamError(t, err, "card[exp_month]")
}

func TestParamsDecimal(t *testing.T) {
	t.Parallel()
	const jsonType, formType = "application/json", "application/x-www-form-urlencoded"
	tests := []struct {
		name, contentType, body string
		want                    string // "" with ok false: absent
		ok                      bool
		bad                     bool
	}{
		{"json number", jsonType, `{"amount": 1500.12}`, "1500.12", true, false},
		{"json keeps its text", jsonType, `{"amount": 0.10000000000000000555}`, "0.10000000000000000555", true, false},
		{"json string", jsonType, `{"amount": "99.5"}`, "99.5", true, false},
		{"json integer", jsonType, `{"amount": 10}`, "10", true, false},
		{"trailing zeros kept", jsonType, `{"amount": 1.500}`, "1.500", true, false},
		{"negative passes to the caller", jsonType, `{"amount": -5}`, "-5", true, false},
		{"form", formType, `amount=10.123`, "10.123", true, false},
		{"form spaces trimmed", formType, `amount=%201.5%20`, "1.5", true, false},
		{"absent", jsonType, `{}`, "", false, false},
		{"null", jsonType, `{"amount": null}`, "", false, false},
		{"empty", formType, `amount=`, "", false, false},

		{"json exponent", jsonType, `{"amount": 1e5}`, "", true, true},
		{"string exponent", jsonType, `{"amount": "1E5"}`, "", true, true},
		{"bare leading dot", formType, `amount=.5`, "", true, true},
		{"bare trailing dot", formType, `amount=5.`, "", true, true},
		{"two dots", formType, `amount=1.2.3`, "", true, true},
		{"plus sign", formType, `amount=%2B5`, "", true, true},
		{"minus after dot", formType, `amount=1.-5`, "", true, true},
		{"NaN", formType, `amount=NaN`, "", true, true},
		{"Inf", formType, `amount=Inf`, "", true, true},
		{"hex float", formType, `amount=0x1p-2`, "", true, true},
		{"grouping", formType, `amount=1,000.00`, "", true, true},
		{"letters", jsonType, `{"amount": "abc"}`, "", true, true},
		{"boolean", jsonType, `{"amount": true}`, "", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := mustParams(t, tc.contentType, tc.body).Decimal("amount")
			if tc.bad {
				wantParamError(t, err, "amount")
				return
			}
			if err != nil || got != tc.want || ok != tc.ok {
				t.Fatalf("Decimal = %q, %v, %v; want %q, %v, nil", got, ok, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParamsStrStrictAndLength(t *testing.T) {
	t.Parallel()
	const jsonType, formType = "application/json", "application/x-www-form-urlencoded"
	long := strings.Repeat("é", MaxStringLen)
	tests := []struct {
		name, contentType, body string
		strict                  bool
		want                    string
		bad                     bool // a 400 naming description
	}{
		{"string", jsonType, `{"description":"hi"}`, true, "hi", false},
		{"number, lenient", jsonType, `{"description":1234}`, false, "1234", false},
		{"boolean, lenient", jsonType, `{"description":true}`, false, "true", false},
		{"number, strict", jsonType, `{"description":1234}`, true, "", true},
		{"boolean, strict", jsonType, `{"description":false}`, true, "", true},
		{"form digits, strict", formType, `description=1234`, true, "1234", false},
		{"at the limit in characters", jsonType, `{"description":"` + long + `"}`, true, long, false},
		{"over the limit", jsonType, `{"description":"` + long + `x"}`, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := mustParams(t, tt.contentType, tt.body)
			p.strict = tt.strict
			got, _, err := p.Str("description")
			if tt.bad {
				wantParamError(t, err, "description")
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Str = %.20q, %v; want %.20q", got, err, tt.want)
			}
		})
	}
	// Strictness reaches nested objects; LongStr lifts the limit.
	p := mustParams(t, jsonType, `{"address":{"city":7},"body":"`+long+long+`"}`)
	p.strict = true
	addr, _, _ := p.Obj("address")
	_, _, err := addr.Str("city")
	wantParamError(t, err, "address[city]")
	if _, _, err := p.LongStr("body", 2*MaxStringLen); err != nil {
		t.Fatalf("LongStr: %v", err)
	}
}

package server_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestBadInput replays input found from the outside (issue 13) through the
// real server on each database: every case is refused with a 4xx in the
// caller's dialect, naming the field where there is one, nothing of it is
// stored, nothing is logged at ERROR, and no card number reaches the log.
func TestBadInput(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.NewWith(t, s, servertest.Options{ReadTimeout: 500 * time.Millisecond})
		sk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["py_test"]
		long := strings.Repeat("x", 50_001)
		card := `"payment_method":{"type":"card","card":{"number":"4242424242424242","exp_month":12,"exp_year":2040,"cvc":"123"}}`
		tests := []struct {
			name   string
			call   call
			slow   bool // send the body at 100 bytes a second, slower than the server's read timeout
			status int
			want   map[string]any
		}{
			// NUL characters, which PostgreSQL refuses with an internal error and SQLite stores.
			{name: "NUL in a JSON body", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"name":"Jo\u0000hn"}`},
				status: 400, want: map[string]any{"error.param": "name", "error.code": "invalid_character"}},
			{name: "NUL in a nested JSON value", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"address":{"city":"\u0000"}}`},
				status: 400, want: map[string]any{"error.param": "address[city]"}},
			{name: "NUL in a JSON key", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"metadata":{"a\u0000":"b"}}`},
				status: 400, want: map[string]any{"error.code": "invalid_character"}},
			{name: "NUL in a form body", call: call{Method: "POST", Path: "/v2/customers", Auth: sk,
				ContentType: "application/x-www-form-urlencoded", Body: "description=a%00b"},
				status: 400, want: map[string]any{"error.param": "description", "error.code": "invalid_character"}},
			{name: "NUL in a query", call: call{Method: "GET", Path: "/v2/customers?email=a%00b", Auth: sk},
				status: 400, want: map[string]any{"error.param": "email"}},
			{name: "NUL in a Paysley body", call: call{Method: "POST", Path: "/v2/payment-requests", Auth: py,
				Body: `{"request_methods":["WEB"],"email":"a@b.co","amount":10,"currency":"USD","reference_number":"a\u0000"}`},
				status: 400, want: map[string]any{"error_field": "reference_number", "result": "failed"}},
			{name: "NUL in a Paysley query", call: call{Method: "GET", Path: "/v2/customers?keywords=%00", Auth: py},
				status: 400, want: map[string]any{"error_field": "keywords", "result": "failed"}},
			{name: "NUL in a path", call: call{Method: "GET", Path: "/v2/customers/cus_%00", Auth: sk},
				status: 400, want: map[string]any{"error.code": "invalid_path"}},
			{name: "NUL in a Paysley path", call: call{Method: "GET", Path: "/v2/payments/ab%00", Auth: py},
				status: 400, want: map[string]any{"result": "failed"}},

			// Lengths: every string has a documented maximum (web.MaxStringLen unless stated).
			{name: "keywords of 50,001 characters", call: call{Method: "GET", Path: "/v2/customers?keywords=" + long, Auth: py},
				status: 400, want: map[string]any{"error_field": "keywords"}},
			{name: "email filter of 50,001 characters", call: call{Method: "GET", Path: "/v2/customers?email=" + long, Auth: sk},
				status: 400, want: map[string]any{"error.param": "email", "error.code": "parameter_too_long"}},
			{name: "a long receipt_email", call: call{Method: "POST", Path: "/v2/payments", Auth: sk,
				Body: `{"amount":100,"currency":"usd","receipt_email":"` + strings.Repeat("a", 5001) + `@example.com",` + card + `}`},
				status: 400, want: map[string]any{"error.param": "receipt_email", "error.code": "parameter_too_long"}},
			{name: "a long Paysley description", call: call{Method: "POST", Path: "/v2/customers/groups", Auth: py,
				Body: `{"group_name":"VIP","description":"` + strings.Repeat("é", 5001) + `"}`},
				status: 422, want: map[string]any{"errors.0.field.0": "description"}},
			{name: "a long parameter name", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"` + strings.Repeat("k", 300) + `":1}`},
				status: 400, want: map[string]any{"error.code": "invalid_character"}},

			// Encodings and shapes encoding/json would have let through.
			{name: "duplicate JSON keys", call: call{Method: "POST", Path: "/v2/payments", Auth: sk,
				Body: `{"amount":999999,"currency":"usd","amount":100,` + card + `}`},
				status: 400, want: map[string]any{"error.param": "amount", "error.code": "malformed_json"}},
			{name: "duplicate Paysley JSON keys", call: call{Method: "POST", Path: "/v2/customers/groups", Auth: py,
				Body: `{"group_name":"A","group_name":"B"}`},
				status: 400, want: map[string]any{"result": "failed", "error_field": "group_name"}},
			{name: "invalid UTF-8 in JSON", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: "{\"name\":\"caf\xe9\"}"},
				status: 400, want: map[string]any{"error.code": "malformed_json"}},
			{name: "invalid UTF-8 in a form", call: call{Method: "POST", Path: "/v2/customers", Auth: sk,
				ContentType: "application/x-www-form-urlencoded", Body: "name=caf%E9"},
				status: 400, want: map[string]any{"error.code": "malformed_form"}},
			{name: "invalid UTF-8 in a path", call: call{Method: "GET", Path: "/v2/customers/cus_%FF", Auth: sk},
				status: 400, want: map[string]any{"error.code": "invalid_path"}},
			{name: "invalid UTF-8 in an Idempotency-Key", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{}`,
				Headers: map[string]string{"Idempotency-Key": "k\xff"}},
				status: 400, want: map[string]any{"error.code": "idempotency_key_invalid"}},
			{name: "10,000-deep JSON", call: call{Method: "POST", Path: "/v2/customers", Auth: sk,
				Body: `{"metadata":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`},
				status: 400, want: map[string]any{"error.code": "malformed_json"}},

			// Types: PaySmart keeps JSON's types as Stripe does; Paysley's own samples send numbers for strings.
			{name: "a number for description", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"description":1234}`},
				status: 400, want: map[string]any{"error.param": "description", "error.code": "parameter_invalid_string"}},
			{name: "a boolean for a nested string", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"address":{"city":true}}`},
				status: 400, want: map[string]any{"error.param": "address[city]"}},
			{name: "Paysley's numbers for strings", call: call{Method: "POST", Path: "/v2/customers", Auth: py,
				Body: `{"email":"n@example.com","first_name":"John","last_name":"Doe","reference_number":123,"company_name":0}`},
				status: 200, want: map[string]any{"result": "success", "reference_number": "123"}},

			// A body trickling in: the client's fault, a 408 in its dialect, not a 500 logged at ERROR.
			{name: "slow body", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"description":"` + strings.Repeat("x", 300) + `"}`},
				slow: true, status: 408, want: map[string]any{"error.code": "request_timeout"}},
			{name: "slow Paysley body", call: call{Method: "POST", Path: "/v2/customers", Auth: py, Body: `{"email":"` + strings.Repeat("x", 300) + `"}`},
				slow: true, status: 408, want: map[string]any{"result": "failed"}},
			{name: "slow idempotent body", call: call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"description":"` + strings.Repeat("x", 300) + `"}`,
				Headers: map[string]string{"Idempotency-Key": "slow"}},
				slow: true, status: 408, want: map[string]any{"error.code": "request_timeout"}},

			// Outbound addresses: no URL may name one the server never calls (cloud metadata, NAT64 of it).
			{name: "a live response_url at the metadata service", call: call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + e.Keys["py_live"],
				Body: `{"request_methods":["WEB"],"email":"a@b.co","amount":10,"currency":"USD","fixed_amount":true,"response_url":"http://169.254.169.254/latest/meta-data/"}`},
				status: 400, want: map[string]any{"error_field": "response_url", "result": "failed"}},
			{name: "a test response_url at the metadata service", call: call{Method: "POST", Path: "/v2/payment-requests", Auth: py,
				Body: `{"request_methods":["WEB"],"email":"a@b.co","amount":10,"currency":"USD","fixed_amount":true,"response_url":"http://[64:ff9b::a9fe:a9fe]/"}`},
				status: 400, want: map[string]any{"error_field": "response_url"}},
			{name: "a webhook endpoint at the metadata service", call: call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"http://[2002:a9fe:a9fe::1]/hook","enabled_events":["*"]}`},
				status: 400, want: map[string]any{"error.param": "url", "error.code": "url_invalid"}},

			// A card number in a path is not written to the log (checked below for every case).
			{name: "a card number as an id", call: call{Method: "GET", Path: "/v2/payments/4242424242424242", Auth: sk},
				status: 404, want: map[string]any{"error.code": "resource_missing"}},
			{name: "a spaced card number as an id", call: call{Method: "GET", Path: "/v2/payments/4242%204242%204242%204242", Auth: py},
				status: 404, want: map[string]any{"result": "failed"}},
		}
		for _, tt := range tests {
			before := len(e.Logs())
			var r reply
			if tt.slow {
				r = sendSlowly(t, e.URL, tt.call)
			} else {
				r = e.Do(t, tt.call)
			}
			if r.Status != tt.status {
				t.Errorf("%s: status %d, want %d; body %.400s", tt.name, r.Status, tt.status, r.Body)
				continue
			}
			for path, want := range tt.want {
				if got := r.Get(path); got != want {
					t.Errorf("%s: %s = %#v, want %#v; body %.400s", tt.name, path, got, want, r.Body)
				}
			}
			logged := e.Logs()[before:]
			if strings.Contains(logged, `"level":"ERROR"`) {
				t.Errorf("%s: logged at ERROR: %s", tt.name, logged)
			}
			for _, pan := range []string{"4242424242424242", "4242 4242 4242 4242"} {
				if strings.Contains(logged, pan) {
					t.Errorf("%s: card number in the log: %s", tt.name, logged)
				}
			}
		}
		// Nothing refused was stored: no payment at all, and the one Paysley customer above.
		r := e.Do(t, call{Method: "GET", Path: "/v2/payments", Auth: sk})
		servertest.Expect(t, r, 200, map[string]any{"data.0": nil})
		r = e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: sk})
		servertest.Expect(t, r, 200, map[string]any{"data.0.email": "n@example.com", "data.1": nil})
	})
}

// sendSlowly sends c over a raw connection, its body at 100 bytes a second,
// and reads the answer.
func sendSlowly(t *testing.T, base string, c call) reply {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n",
		c.Method, c.Path, u.Host, strings.TrimPrefix(c.Auth, "bearer:"), len(c.Body))
	for k, v := range c.Headers {
		head += k + ": " + v + "\r\n"
	}
	if _, err := conn.Write([]byte(head + "\r\n")); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := 0; i < len(c.Body); i += 10 {
			if _, err := conn.Write([]byte(c.Body[i:min(i+10, len(c.Body))])); err != nil {
				return // the server answered and closed
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer to a slow body: %v", err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	bufio.NewReader(res.Body).WriteTo(&sb)
	r := reply{Status: res.StatusCode, Header: res.Header, Body: []byte(sb.String())}
	r.JSON = decodeObject(r.Body)
	return r
}

func decodeObject(b []byte) map[string]any {
	var m map[string]any
	json.Unmarshal(b, &m)
	return m
}

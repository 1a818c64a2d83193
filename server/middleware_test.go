package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
)

func TestPanicBecomes500WithRequestID(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	h := requestID(recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}), log))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v2/x", nil))
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	rid := rec.Header().Get("Request-Id")
	var body struct {
		Error struct {
			Type      string `json:"type"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rid == "" || body.Error.Type != "api_error" || !strings.Contains(body.Error.Message, rid) {
		t.Fatalf("rid %q body %s", rid, rec.Body)
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), rid) {
		t.Fatalf("panic not logged with request id: %s", logs.String())
	}
}

func TestPanicAnswersInTheCallersDialect(t *testing.T) {
	t.Parallel()
	h := requestID(recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}), slog.New(slog.DiscardHandler)))
	req := httptest.NewRequest("GET", "/v2/payments", nil)
	req.Header.Set("Authorization", "Bearer py_test_x")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 500 || body["error"] != nil || body["message"] == nil {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestRedactPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/v2/payments/4242424242424242":      "/v2/payments/[redacted]",
		"/v2/payments/4242 4242 4242 4242":   "/v2/payments/[redacted]",
		"/v2/payments/4242-4242-4242-4242/x": "/v2/payments/[redacted]/x",
		"/v2/payments/378282246310005":       "/v2/payments/[redacted]",
		"/v2/payments/pay_1a2b3c4d5e6f":      "/v2/payments/pay_1a2b3c4d5e6f",
		"/v2/customers/779":                  "/v2/customers/779",
		"/v2/payments/12345678901":           "/v2/payments/12345678901",
	} {
		if got := RedactPath(in); got != want {
			t.Errorf("RedactPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		remote, xff, want string
	}{
		{"203.0.113.5:1234", "", "203.0.113.5"},
		{"203.0.113.5:1234", "198.51.100.7", "203.0.113.5"}, // not from a trusted proxy: the header is the client's
		{"10.0.0.2:1234", "198.51.100.7", "198.51.100.7"},
		{"10.0.0.2:1234", "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"}, // the last hop before our proxies
		{"10.0.0.2:1234", "", "10.0.0.2"},
		{"10.0.0.2:1234", "junk", "10.0.0.2"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/v2/x", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientIP(r, proxies); got != tt.want {
			t.Errorf("clientIP(%s, %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
}

// FuzzRedactPath: no run of 13 or more digits survives redaction, and a path
// without a 12-digit run comes back as it was.
func FuzzRedactPath(f *testing.F) {
	for _, s := range []string{"/v2/payments/4242424242424242", "/v2/payments/4242 4242 4242 4242", "/v2/customers/779", "", "/x/1234567890123456789012345"} {
		f.Add(s)
	}
	digitRun := regexp.MustCompile(`[0-9]{13,}`)
	f.Fuzz(func(t *testing.T, p string) {
		got := RedactPath(p)
		if digitRun.MatchString(got) {
			t.Fatalf("RedactPath(%q) = %q keeps a long digit run", p, got)
		}
		if !regexp.MustCompile(`[0-9]{12}`).MatchString(p) && !panLike.MatchString(p) && got != p {
			t.Fatalf("RedactPath(%q) = %q changed a path without a card-like run", p, got)
		}
	})
}

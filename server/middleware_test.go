package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
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

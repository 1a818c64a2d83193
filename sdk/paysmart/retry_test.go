package paysmart_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/sdk/paysmart"
)

// TestRetries: a write answered 503, then 429 with Retry-After, then 200 is
// sent three times under one Idempotency-Key; a 400 is not retried.
func TestRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var keys []string
	statuses := []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusOK}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		status := statuses[min(len(keys)-1, len(statuses)-1)]
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if status == http.StatusOK {
			w.Write([]byte(`{"id": "pay_1", "status": "succeeded", "amount": 2000}`))
			return
		}
		w.Write([]byte(`{"error": {"type": "api_error", "message": "busy"}}`))
	}))
	defer srv.Close()
	c := paysmart.NewClient("sk_test_x", paysmart.WithBaseURL(srv.URL), paysmart.WithBackoff(time.Millisecond))
	p, err := c.Payments.Create(context.Background(), &paysmart.PaymentParams{Amount: 2000, Currency: "usd"})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "pay_1" || len(keys) != 3 || keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] {
		t.Fatalf("payment %+v after requests with keys %q", p, keys)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, "bad")
		mu.Unlock()
		w.Header().Set("Request-Id", "req_42")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error": {"type": "invalid_request_error", "code": "parameter_missing", "param": "amount", "message": "Missing required param: amount."}}`))
	}))
	defer bad.Close()
	keys = nil
	c = paysmart.NewClient("sk_test_x", paysmart.WithBaseURL(bad.URL), paysmart.WithBackoff(time.Millisecond))
	_, err = c.Payments.Create(context.Background(), &paysmart.PaymentParams{})
	var pe *paysmart.Error
	if !errors.As(err, &pe) || pe.Code != "parameter_missing" || pe.Param != "amount" || pe.RequestID != "req_42" || len(keys) != 1 {
		t.Fatalf("err %v (%+v), %d requests", err, pe, len(keys))
	}
}

// TestNetworkErrorIsRetried: a connection refused is retried, then reported.
func TestNetworkErrorIsRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := paysmart.NewClient("sk_test_x", paysmart.WithBaseURL(url), paysmart.WithBackoff(time.Millisecond), paysmart.WithMaxRetries(3))
	start := time.Now()
	if _, err := c.Payments.Get(context.Background(), "pay_1"); err == nil {
		t.Fatal("no error from a closed server")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("retries took too long")
	}
}

package paysley_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/sdk/paysley"
)

// TestRetries: a 409 for a key still running and a 502 are retried under one
// Idempotency-Key; a 409 naming a field (an object in use) is not.
func TestRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var keys []string
	answers := []struct {
		status int
		body   string
	}{
		{http.StatusConflict, `{"is_valid": false, "error_field": "", "error_message": "A request with this key is running.", "result": "failed"}`},
		{http.StatusBadGateway, `{"result": "failed", "message": "processor down", "request_id": "req_1"}`},
		{http.StatusOK, `{"result": "success", "transaction_id": "TX1", "amount": "15.00"}`},
		{http.StatusConflict, `{"is_valid": false, "error_field": "tax_id", "error_message": "Tax is still used by products.", "result": "failed"}`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		a := answers[min(len(keys)-1, len(answers)-1)]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		w.Write([]byte(a.body))
	}))
	defer srv.Close()
	c := paysley.NewClient("py_test_x", paysley.WithBaseURL(srv.URL), paysley.WithBackoff(time.Millisecond))
	pr, err := c.PaymentRequests.Create(context.Background(), &paysley.PaymentRequestParams{Amount: "15", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	if pr.TransactionID != "TX1" || pr.Amount != "15.00" || len(keys) != 3 || keys[0] == "" || keys[0] != keys[2] {
		t.Fatalf("%+v after requests with keys %q", pr, keys)
	}
	err = c.Categories.Delete(context.Background(), "1")
	var pe *paysley.Error
	if !errors.As(err, &pe) || pe.HTTPStatus != http.StatusConflict || pe.Field != "tax_id" || len(keys) != 4 {
		t.Fatalf("err %v, %d requests", err, len(keys))
	}
}

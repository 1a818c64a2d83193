package webhook_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/paysmart/paysmart/sdk/webhook"
)

// A merchant's webhook handler: read the raw body, verify it, then act on the
// event. PaySmart retries anything but a 2xx.
func ExampleConstructEvent() {
	const endpointSecret = "whsec_..." // shown when the endpoint was created

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "read error", http.StatusServiceUnavailable)
			return
		}
		event, err := webhook.ConstructEvent(body, r.Header.Get(webhook.SignatureHeader), endpointSecret, 0)
		if err != nil {
			http.Error(w, "Webhook Error: "+err.Error(), http.StatusBadRequest)
			return
		}
		switch event.Type {
		case "payment.succeeded":
			var payment struct {
				ID     string `json:"id"`
				Amount int64  `json:"amount"`
			}
			json.Unmarshal(event.Data.Object, &payment)
			fmt.Println("Payment succeeded:", payment.ID, payment.Amount)
		default:
			fmt.Println("Unhandled event type", event.Type)
		}
		w.Write([]byte(`{"received":true}`))
	})

	// What PaySmart sends, simulated here with SignHeader.
	body := `{"id":"evt_1","object":"event","type":"payment.succeeded","created":1735689600,"livemode":false,` +
		`"data":{"object":{"id":"pay_123","object":"payment","amount":2000}}}`
	req := httptest.NewRequest("POST", "/webhook", strings.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, webhook.SignHeader([]byte(body), time.Now(), endpointSecret))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println(rec.Code)

	// A forged request is refused.
	req = httptest.NewRequest("POST", "/webhook", strings.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, webhook.SignHeader([]byte(body), time.Now(), "whsec_guess"))
	rec = httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output:
	// Payment succeeded: pay_123 2000
	// 200
	// 400 Webhook Error: webhook: no signature matches the payload and the endpoint secret
}

package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestContractCoversEveryOperation calls every operation of both OpenAPI
// documents at least once through servertest, which validates each request
// and answer; it fails when an operation was not called, so that a new route
// comes with a call here. The event stream is checked by status and content
// type, since it never ends; /metrics is served only when cmd wires it.
func TestContractCoversEveryOperation(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk, pk, py := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["pk_test"], "bearer:"+e.Keys["py_test"]
	exp := fmt.Sprint(time.Now().Year() + 2)
	card := `{"number": "4242424242424242", "exp_month": 12, "exp_year": ` + exp + `, "cvc": "123"}`
	do := func(auth, method, path, body string, status int) servertest.Reply {
		t.Helper()
		r := e.Do(t, servertest.Call{Method: method, Path: path, Auth: auth, Body: body})
		if r.Status != status {
			t.Fatalf("%s %s = %d, want %d: %s", method, path, r.Status, status, r.Body)
		}
		return r
	}
	str := func(r servertest.Reply, path string) string {
		t.Helper()
		v, ok := r.Get(path).(string)
		if !ok {
			t.Fatalf("%s missing in %s", path, r.Body)
		}
		return v
	}
	num := func(r servertest.Reply, path string) string {
		t.Helper()
		return fmt.Sprint(r.Get(path))
	}

	// PaySmart.
	cus := str(do(sk, "POST", "/v2/customers", `{"email": "a@example.com", "name": "Ann"}`, 200), "id")
	do(sk, "GET", "/v2/customers", "", 200)
	do(sk, "GET", "/v2/customers/"+cus, "", 200)
	do(sk, "POST", "/v2/customers/"+cus, `{"description": "VIP"}`, 200)
	pm := str(do(pk, "POST", "/v2/payment_methods", `{"type": "card", "card": `+card+`}`, 200), "id")
	do(sk, "GET", "/v2/payment_methods/"+pm, "", 200)
	pay := str(do(sk, "POST", "/v2/payments", `{"amount": 2000, "currency": "usd", "customer": "`+cus+`",
		"payment_method": {"type": "card", "card": `+card+`}}`, 200), "id")
	do(sk, "GET", "/v2/payments", "", 200)
	do(sk, "GET", "/v2/payments/"+pay, "", 200)
	do(sk, "POST", "/v2/payments/"+pay, `{"metadata": {"order": "1"}}`, 200)
	auth := str(do(sk, "POST", "/v2/payments", `{"amount": 999, "currency": "usd", "capture": false, "payment_method": "`+pm+`"}`, 200), "id")
	do(sk, "POST", "/v2/payments/"+auth+"/capture", `{"amount": 500}`, 200)
	auth2 := str(do(sk, "POST", "/v2/payments", `{"amount": 999, "currency": "usd", "capture": false,
		"payment_method": {"type": "card", "card": `+card+`}}`, 200), "id")
	do(sk, "POST", "/v2/payments/"+auth2+"/cancel", "", 200)
	re := str(do(sk, "POST", "/v2/refunds", `{"payment": "`+pay+`", "amount": 100}`, 200), "id")
	do(sk, "GET", "/v2/refunds", "", 200)
	do(sk, "GET", "/v2/refunds/"+re, "", 200)
	we := str(do(sk, "POST", "/v2/webhook_endpoints", `{"url": "https://example.com/hook", "enabled_events": ["*"]}`, 200), "id")
	do(sk, "GET", "/v2/webhook_endpoints", "", 200)
	do(sk, "GET", "/v2/webhook_endpoints/"+we, "", 200)
	do(sk, "POST", "/v2/webhook_endpoints/"+we, `{"description": "mine"}`, 200)
	do(sk, "POST", "/v2/webhook_endpoints/"+we+"/roll_secret", `{"expires_in": 60}`, 200)
	ev := str(do(sk, "GET", "/v2/events?limit=1", "", 200), "data.0.id")
	do(sk, "GET", "/v2/events/"+ev, "", 200)
	do(sk, "GET", "/v2/events/"+ev+"/deliveries", "", 200)
	do(sk, "POST", "/v2/events/"+ev+"/retry", "", 200)
	do(sk, "DELETE", "/v2/webhook_endpoints/"+we, "", 200)
	do(sk, "GET", "/v2/payments/"+pay+"?expand[]=customer", "", 200)
	do(sk, "GET", "/v2/refunds?expand[]=data.payment.customer", "", 200)
	do(sk, "POST", "/v2/payments", `{"amount": 700, "currency": "usd", "payment_method": {"type": "card",
		"card": {"number": "4000002760003184", "exp_month": 12, "exp_year": `+exp+`}}}`, 200) // requires_action
	do(sk, "GET", "/v2/payments?status=requires_action", "", 200)
	now := time.Now().Unix()
	clock := str(do(sk, "POST", "/v2/test_helpers/test_clocks", fmt.Sprintf(`{"frozen_time": %d, "name": "c"}`, now), 200), "id")
	do(sk, "GET", "/v2/test_helpers/test_clocks", "", 200)
	do(sk, "GET", "/v2/test_helpers/test_clocks/"+clock, "", 200)
	ccus := str(do(sk, "POST", "/v2/customers", `{"email": "t@example.com", "test_clock": "`+clock+`"}`, 200), "id")
	cpm := str(do(sk, "POST", "/v2/payment_methods", `{"type": "card", "customer": "`+ccus+`", "card": `+card+`}`, 200), "id")
	sub := str(do(sk, "POST", "/v2/subscriptions", `{"customer": "`+ccus+`", "payment_method": "`+cpm+`", "amount": 1500,
		"currency": "usd", "interval": "month", "total_payments": 12}`, 200), "id")
	do(sk, "POST", "/v2/test_helpers/test_clocks/"+clock+"/advance", fmt.Sprintf(`{"frozen_time": %d}`, now+40*86400), 200)
	do(sk, "GET", "/v2/subscriptions", "", 200)
	do(sk, "GET", "/v2/subscriptions/"+sub, "", 200)
	do(sk, "POST", "/v2/subscriptions/"+sub, `{"metadata": {"plan": "gold"}}`, 200)
	do(sk, "DELETE", "/v2/subscriptions/"+sub, "", 200)
	pclock := str(do(sk, "POST", "/v2/test_helpers/test_clocks", fmt.Sprintf(`{"frozen_time": %d}`, now), 200), "id")
	do(py, "POST", "/v2/customers", `{"email": "k@example.com", "test_clock": "`+pclock+`"}`, 200)
	do(py, "POST", "/v2/payment-requests", `{"request_methods": ["EMAIL"], "email": "k@example.com", "amount": 15.5,
		"currency": "USD", "fixed_amount": true, "payment_type": "DB", "test_clock": "`+pclock+`"}`, 200)
	do(sk, "DELETE", "/v2/test_helpers/test_clocks/"+clock, "", 200)
	do(sk, "GET", "/v2/account", "", 200)
	do(sk, "POST", "/v2/account", `{"settings": {"dashboard": {"timezone": "Europe/Paris"},
		"subscriptions": {"dunning_final": "canceled"}}}`, 200)
	do(sk, "POST", "/v2/account", `{"settings": {"dashboard": {"timezone": "Mars/Olympus"}}}`, 400)
	do(sk, "GET", "/v2/messages", "", 200)
	do(sk, "GET", "/v2/messages/msg_nonexistent", "", 404) // the outbox's own tests read real ones
	do(sk, "POST", "/v2/messages/msg_nonexistent/resend", "", 404)
	do(sk, "GET", "/v2/events?limit=100", "", 200) // subscription and test clock events among them
	do(sk, "DELETE", "/v2/customers/"+cus, "", 200)
	do("", "GET", "/healthz", "", 200)
	do("", "GET", "/readyz", "", 200)
	do("", "GET", "/receipts/"+pay, "", 200)
	do("", "GET", "/openapi/paysmart.json", "", 200)
	if ref := do("", "GET", "/docs", "", 200).Text(); !strings.Contains(ref, "/v2/payment-requests") || !strings.Contains(ref, "4242424242424242") {
		t.Errorf("the API reference lacks the Paysley routes or the test cards")
	}
	do("", "GET", "/openapi/paysley.json", "", 200)
	stream(t, e.URL+"/v2/events/stream", e.Keys["sk_test"])

	// Paysley.
	hex := strings.TrimPrefix(pay, "pay_")
	pr := str(do(py, "POST", "/v2/payment-requests", `{"request_methods": ["EMAIL"], "email": "b@example.com",
		"reference_number": "1", "amount": 15.5, "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`, 200), "transaction_id")
	do(py, "PUT", "/v2/payment-requests", `{"transaction_id": "`+pr+`", "request_methods": ["EMAIL"], "email": "b@example.com",
		"reference_number": "2", "amount": 15.5, "currency": "USD", "fixed_amount": true, "payment_type": "DB"}`, 200)
	do(py, "GET", "/v2/payment-requests", "", 200)
	do(py, "GET", "/v2/payment-requests/"+pr, "", 200)
	do(py, "DELETE", "/v2/payment-requests/"+pr, "", 200)
	do(py, "GET", "/v2/payments", "", 200)
	do(py, "GET", "/v2/payments/"+hex, "", 200)
	do(py, "POST", "/v2/refunds/"+hex, `{"amount": 1}`, 200)
	do(py, "POST", "/v2/refunds", `{"payment_id": "`+hex+`", "amount": 1}`, 200)
	pa := str(do(sk, "POST", "/v2/payments", `{"amount": 999, "currency": "usd", "capture": false,
		"payment_method": {"type": "card", "card": `+card+`}}`, 200), "id")
	do(py, "POST", "/v2/captures/"+strings.TrimPrefix(pa, "pay_"), `{"amount": 5}`, 200)
	do(py, "DELETE", "/v2/payments/subscription/"+hex, "", 404) // a once-off payment has no subscription: E4
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 2, 2)))
	created := do(py, "POST", "/v2/customers", `{"email": "c@example.com", "first_name": "Cyd",
		"profile_picture_base64": "`+base64.StdEncoding.EncodeToString(pic.Bytes())+`"}`, 200)
	pcus := num(created, "customer_id")
	file := str(created, "customer_images.0.file_url")
	do("", "GET", strings.TrimPrefix(file, e.URL), "", 200)
	do(py, "PUT", "/v2/customers", `{"customer_id": `+pcus+`, "last_name": "Doe"}`, 200)
	do(py, "GET", "/v2/customers", "", 200)
	do(py, "GET", "/v2/customers/"+pcus, "", 200)
	do(py, "DELETE", "/v2/customers/"+pcus, "", 200)
	g := num(do(py, "POST", "/v2/customers/groups", `{"group_name": "Gold"}`, 200), "customer_group_id")
	do(py, "PUT", "/v2/customers/groups", `{"customer_group_id": `+g+`, "description": "Best"}`, 200)
	do(py, "GET", "/v2/customers/groups", "", 200)
	do(py, "GET", "/v2/customers/groups/"+g, "", 200)
	do(py, "DELETE", "/v2/customers/groups/"+g, "", 200)
	cat := num(do(py, "POST", "/v2/products-services/category", `{"name": "Coffee"}`, 200), "id")
	do(py, "PUT", "/v2/products-services/category", `{"category_id": `+cat+`, "name": "Tea"}`, 200)
	do(py, "GET", "/v2/products-services/category", "", 200)
	do(py, "GET", "/v2/products-services/category/"+cat, "", 200)
	tax := str(do(py, "POST", "/v2/taxes", `{"name": "VAT", "type": "percentage", "rate": "7.5"}`, 200), "tax_id")
	do(py, "PUT", "/v2/taxes", `{"tax_id": "`+tax+`", "rate": "8"}`, 200)
	do(py, "GET", "/v2/taxes", "", 200)
	prod := num(do(py, "POST", "/v2/products-services", `{"name": "Espresso", "type": "product", "category_id": `+cat+`,
		"unit_type": "per-item", "cost": 1, "sales_price": 3, "tax_id": "`+tax+`"}`, 200), "id")
	do(py, "PUT", "/v2/products-services", `{"id": `+prod+`, "sales_price": 3.5}`, 200)
	do(py, "GET", "/v2/products-services", "", 200)
	do(py, "GET", "/v2/products-services/"+prod, "", 200)
	do(py, "DELETE", "/v2/products-services/"+prod, "", 200)
	do(py, "DELETE", "/v2/products-services/category/"+cat, "", 200)
	do(py, "DELETE", "/v2/taxes/"+tax, "", 200)
	tmpl := str(do(py, "POST", "/v2/templates", `{"name": "Invoice", "channel": "sms", "body": "Pay {amount}: {url}"}`, 200), "template_id")
	do(py, "PUT", "/v2/templates", `{"template_id": "`+tmpl+`", "is_default": true}`, 200)
	do(py, "GET", "/v2/templates", "", 200)
	do(py, "POST", "/v2/templates/"+tmpl+"/preview", "", 200)
	do(py, "GET", "/v2/messages", "", 200)
	do(py, "POST", "/v2/messages/msg_nonexistent/resend", "", 404) // notify's tests resend real ones
	do(py, "DELETE", "/v2/templates/"+tmpl, "", 200)
	do(py, "GET", "/v2/callback-secret", "", 200)
	do(py, "POST", "/v2/callback-secret/roll", "", 200)
	do(py, "GET", "/openapi/paysley.json", "", 200)

	docs, err := servertest.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range docs {
		for path, item := range doc.Paths.Map() {
			for method := range item.Operations() {
				if path == "/metrics" || path == "/v2/events/stream" {
					continue
				}
				if !servertest.Covered(name, method, path) {
					t.Errorf("api/%s: %s %s was not called", name, method, path)
				}
			}
		}
	}
}

// stream opens the event stream and checks its status and content type.
func stream(t *testing.T, url, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("event stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

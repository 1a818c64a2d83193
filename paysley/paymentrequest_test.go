package paysley_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

var present = servertest.Present

// documentedCreate is the Paysley document's create request body (L429–L470),
// as its curl example sends it.
const documentedCreate = `{
    "request_methods": [ "SMS"],
    "reference_number": "123",
    "email": "example@example.com",
    "merchant_phone_number": null,
    "mobile_number": "+12345678901",
    "customer_id": "",
    "customer_salutation": "Mr",
    "customer_first_name": "John",
    "customer_last_name" : "Preston",
    "redirect_url" : "https://paysley.com",
    "response_url" : "https://paysley.com",
    "cancel_url" : "https://paysley.com",
    "fixed_amount": true,
    "currency": "USD",
    "amount": 1500.12,
    "tax_id": "",
    "template_id": "",
    "moto_enabled": false,
    "shipping_enabled": false,
    "send_mms_invoice": true,
    "attach_invoice": true,
    "invoice_url": "https://py-fixed-assets.s3.amazonaws.com/logo.png",
    "attach_receipt": true,
    "receipt_file_type": "pdf",
    "payment_type": "DB",
    "payment_methods": ["APPLE_PAY", "GOOGLE_PAY"],
    "expiry_date": "",
    "payment_frequency": "ONE-TIME",
    "payment_start_date": "",
    "initial_payment_amount": "",
    "total_number_of_payments": ""
}`

func futureDate(layout string) string { return time.Now().AddDate(1, 0, 0).UTC().Format(layout) }

// withField replaces or adds top-level fields of a JSON object body.
func withField(body string, kv ...string) string {
	body = strings.TrimSpace(body)
	for i := 0; i+1 < len(kv); i += 2 {
		key := `"` + kv[i] + `"`
		if j := strings.Index(body, key); j >= 0 {
			end := j + len(key)
			// skip to the value and replace it up to the next comma or closing brace at depth 0
			rest := body[end:]
			colon := strings.Index(rest, ":")
			depth, k := 0, colon+1
			for ; k < len(rest); k++ {
				c := rest[k]
				if c == '[' || c == '{' {
					depth++
				} else if c == ']' || c == '}' {
					if depth == 0 {
						break
					}
					depth--
				} else if c == ',' && depth == 0 {
					break
				}
			}
			body = body[:end] + ": " + kv[i+1] + rest[k:]
		} else {
			body = strings.TrimSuffix(body, "}") + `, ` + key + `: ` + kv[i+1] + `}`
		}
	}
	return body
}

func TestPaymentRequestsAPI(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		py := "bearer:" + e.Keys["py_test"]
		do := func(c servertest.Call) servertest.Reply {
			if c.Auth == "" {
				c.Auth = py
			}
			return e.Do(t, c)
		}

		r := do(servertest.Call{Method: "POST", Path: "/v2/payment-requests", Body: documentedCreate})
		servertest.Expect(t, r, 200, map[string]any{"result": "success", "amount": "1500.12", "currency": "USD",
			"request_methods.0": "SMS", "reference_number": "123", "email": "example@example.com", "merchant_phone_number": nil,
			"mobile_number": "+12345678901", "customer_id": "", "customer_salutation": "Mr", "customer_first_name": "John",
			"customer_last_name": "Preston", "fixed_amount": true, "tax_id": "", "template_id": "", "payment_type": "DB",
			"payment_methods.1": "GOOGLE_PAY", "expiry_date": "", "modified_at": "", "receipt_file_type": "pdf",
			"send_mms_invoice": true, "attach_invoice": true, "attach_receipt": true, "shipping_enabled": false,
			"send_mms_receipt": false, "invoice_url": "https://py-fixed-assets.s3.amazonaws.com/logo.png",
			"redirect_url": "https://paysley.com", "response_url": "https://paysley.com", "cancel_url": "https://paysley.com",
			"payment_start_date": "", "initial_payment_amount": "", "total_number_of_payments": "", "created_at": present,
			"short_url": present, "long_url": present, "qrcode_link": present, "transaction_id": present})
		// The 37 documented fields, plus amount_due.
		if len(r.JSON) != 38 {
			t.Errorf("create answered %d fields: %s", len(r.JSON), r.Text())
		}
		txn := r.Get("transaction_id").(string)
		if !strings.HasSuffix(txn, "OO") || !strings.HasPrefix(r.Get("short_url").(string), e.URL+"/") {
			t.Fatalf("ids and links: %s", r.Text())
		}
		// The links lead to the hosted payment page (pages tests it); a page
		// is no API operation, so it is fetched outside the contract check.
		page, err := http.Get(r.Get("long_url").(string))
		if err != nil {
			t.Fatal(err)
		}
		page.Body.Close()
		if page.StatusCode != 200 {
			t.Fatalf("payment page: %d", page.StatusCode)
		}

		edit := withField(documentedCreate, "transaction_id", `"`+txn+`"`, "request_methods", `["WEB"]`, "amount", `"99.5"`,
			"expiry_date", `"`+futureDate("2006-01-02 15:04")+`"`)
		tests := []struct {
			name   string
			call   servertest.Call
			status int
			want   map[string]any
		}{
			{"get", servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + txn}, 200, map[string]any{"limit": "1", "page": "1",
				"page_count": 1.0, "total_count": 1.0, "transactions.0.transaction_id": txn, "transactions.0.amount": 1500.12,
				"transactions.0.status": "pending", "transactions.0.payment_id": nil, "transactions.0.refund": present,
				"transactions.0.request_methods.0": "SMS", "transactions.0.expiration_date": nil}},
			{"get unknown", servertest.Call{Method: "GET", Path: "/v2/payment-requests/999OO"}, 404,
				map[string]any{"is_valid": false, "error_field": "transaction_id", "error_message": "Transaction not found.", "result": "failed"}},
			{"edit", servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Body: edit}, 200, map[string]any{"result": "success",
				"transaction_id": txn, "request_methods.0": "WEB", "amount": "99.5", "modified_at": present, "payment_start_date": nil}},
			{"edit with trailing slash", servertest.Call{Method: "PUT", Path: "/v2/payment-requests/", Body: edit}, 200, map[string]any{"result": "success"}},
			{"edit unknown", servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Body: withField(edit, "transaction_id", `"1OOO"`)}, 404,
				map[string]any{"is_valid": false, "error_field": "transaction_id", "error_message": "transaction_id not valid", "result": nil}},
			{"edit without id", servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Body: documentedCreate}, 400,
				map[string]any{"error_field": "transaction_id"}},
			{"list", servertest.Call{Method: "GET", Path: "/v2/payment-requests?page=1&limit=1"}, 200, map[string]any{"limit": "1", "page": "1",
				"total_count": 1.0, "page_count": 1.0, "transactions.0.amount": 99.5, "transactions.0.request_methods.0": "WEB",
				"transactions.0.expiration_date": present}},
			{"list beyond the end", servertest.Call{Method: "GET", Path: "/v2/payment-requests?page=5&limit=1"}, 200, map[string]any{"page": "5",
				"total_count": 1.0, "transactions.0": nil}},
			{"other mode", servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + txn, Auth: "bearer:" + e.Keys["py_live"]}, 404, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { servertest.Expect(t, do(tc.call), tc.status, tc.want) })
		}

		// Delete: gone afterwards; a second delete is the documented not-found.
		servertest.Expect(t, do(servertest.Call{Method: "DELETE", Path: "/v2/payment-requests/" + txn}), 200,
			map[string]any{"result": "success", "transaction_id": txn})
		servertest.Expect(t, do(servertest.Call{Method: "DELETE", Path: "/v2/payment-requests/" + txn}), 404,
			map[string]any{"error_message": "Transaction not found.", "error_field": "transaction_id", "result": "failed"})
		servertest.Expect(t, do(servertest.Call{Method: "GET", Path: "/v2/payment-requests"}), 200, map[string]any{"total_count": 0.0})
	})
}

func TestPaymentRequestValidation(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	py := "bearer:" + e.Keys["py_test"]
	base := `{"request_methods":["WEB"],"email":"a@example.com","amount":10,"currency":"USD","fixed_amount":true}`
	tests := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"no methods", withField(base, "request_methods", `[]`), 400, "request_methods"},
		{"bad method", withField(base, "request_methods", `["FAX"]`), 400, "request_methods"},
		{"email method without email", withField(base, "request_methods", `["EMAIL"]`, "email", `""`), 400, "email"},
		{"sms method without mobile", withField(base, "request_methods", `["SMS"]`), 400, "mobile_number"},
		{"web without contact", withField(base, "email", `null`), 400, "email"},
		{"bad email", withField(base, "email", `"nope"`), 400, "email"},
		{"bad mobile", withField(base, "mobile_number", `"call me"`), 400, "mobile_number"},
		{"no amount", withField(base, "amount", `null`), 400, "amount"},
		{"zero fixed amount", withField(base, "amount", `0`), 400, "amount"},
		{"negative amount", withField(base, "amount", `-1`, "fixed_amount", `false`), 400, "amount"},
		{"three decimals", withField(base, "amount", `1.005`), 400, "amount"},
		{"three decimals as text", withField(base, "amount", `"10.123"`), 400, "amount"},
		{"decimals in JPY", withField(base, "amount", `100.5`, "currency", `"JPY"`), 400, "amount"},
		{"four decimals in BHD", withField(base, "amount", `1.2345`, "currency", `"BHD"`), 400, "amount"},
		{"exponent", withField(base, "amount", `1e3`), 400, "amount"},
		{"negative", withField(base, "amount", `-10`), 400, "amount"},
		{"initial payment too precise", withField(base, "payment_frequency", `"MONTHLY"`, "payment_start_date", `"`+futureDate(time.RFC3339)+`"`,
			"initial_payment_amount", `5.001`, "total_number_of_payments", `12`), 400, "initial_payment_amount"},
		{"shipping too precise", withField(base, "shipping_charges", `1.001`), 400, "shipping_charges"},
		{"no currency", withField(base, "currency", `""`), 400, "currency"},
		{"bad currency", withField(base, "currency", `"DOLLARS"`), 400, "currency"},
		{"no fixed_amount", withField(base, "fixed_amount", `null`), 400, "fixed_amount"},
		{"bad fixed_amount", withField(base, "fixed_amount", `"perhaps"`), 400, "fixed_amount"},
		{"bad payment type", withField(base, "payment_type", `"XX"`), 400, "payment_type"},
		{"bad wallet", withField(base, "payment_methods", `["PAYPAL"]`), 400, "payment_methods"},
		{"bad receipt type", withField(base, "receipt_file_type", `"gif"`), 400, "receipt_file_type"},
		{"bad url", withField(base, "redirect_url", `"not a url"`), 400, "redirect_url"},
		{"bad expiry format", withField(base, "expiry_date", `"2030-01-01"`), 400, "expiry_date"},
		{"past expiry", withField(base, "expiry_date", `"2020-01-01 10:00"`), 400, "expiry_date"},
		{"bad frequency", withField(base, "payment_frequency", `"DAILY"`), 400, "payment_frequency"},
		{"recurring without start", withField(base, "payment_frequency", `"MONTHLY"`), 400, "payment_start_date"},
		{"recurring without initial", withField(base, "payment_frequency", `"MONTHLY"`, "payment_start_date", `"`+futureDate(time.RFC3339)+`"`), 400, "initial_payment_amount"},
		{"recurring without count", withField(base, "payment_frequency", `"MONTHLY"`, "payment_start_date", `"`+futureDate(time.RFC3339)+`"`,
			"initial_payment_amount", `5`), 400, "total_number_of_payments"},
		{"cart without name", withField(base, "cart_items", `[{"qty":1,"sales_price":10}]`), 400, "cart_items[0][name]"},
		{"cart without qty", withField(base, "cart_items", `[{"name":"a","sales_price":10}]`), 400, "cart_items[0][qty]"},
		{"cart without price", withField(base, "cart_items", `[{"name":"a","qty":1}]`), 400, "cart_items[0][sales_price]"},
		{"cart bad tax type", withField(base, "cart_items", `[{"name":"a","qty":1,"sales_price":10,"tax_type":"vat","tax_value":5}]`), 400, "cart_items[0][tax_type]"},
		{"bad shipping", withField(base, "shipping_charges", `"abc"`), 400, "shipping_charges"},
		// The merchant's shipping address is checked as a payer's is
		// (partial allowed: the page asks the payer for the rest).
		{"shipping country name", withField(base, "shipping_address", `{"city":"Berlin","country":"Germany"}`), 400, "shipping_address[country]"},
		{"shipping unknown country", withField(base, "shipping_address", `{"country":"ZZ"}`), 400, "shipping_address[country]"},
		{"shipping bad email", withField(base, "shipping_address", `{"email":"nope"}`), 400, "shipping_address[email]"},
		{"shipping control character", withField(base, "shipping_address", `{"city":"Ber\tlin"}`), 400, "shipping_address[city]"},
		{"shipping too long", withField(base, "shipping_address", `{"zip":"`+strings.Repeat("9", 21)+`"}`), 400, "shipping_address[zip]"},
		{"shipping not an object", withField(base, "shipping_address", `"1 Main St, Springfield"`), 400, "shipping_address"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: tc.body})
			servertest.Expect(t, r, tc.status, map[string]any{"is_valid": false, "result": "failed", "error_field": tc.field,
				"error_message": present})
		})
	}
	// What the document asks to accept: unknown references are ignored with
	// a warning, the cart need not add up to amount, a donation has amount 0,
	// and expiry_date may be ISO 8601.
	lenient := []struct {
		name string
		body string
		want map[string]any
	}{
		{"unknown customer", withField(base, "customer_id", `"h3xDi8"`), map[string]any{"customer_id": "",
			"warnings.0.field": "customer_id", "warnings.0.message": "customer_id not found: no customer was updated."}},
		{"unknown customer number", withField(base, "customer_id", `"4242"`), map[string]any{"warnings.0.field": "customer_id"}},
		{"unknown tax", withField(base, "tax_id", `"PKZMknlE"`), map[string]any{"tax_id": "PKZMknlE", "amount_due": "10",
			"warnings.0.field": "tax_id", "warnings.0.message": "tax_id not found: no tax was applied."}},
		{"unknown tax number", withField(base, "tax_id", `1`), map[string]any{"tax_id": "1", "warnings.0.field": "tax_id"}},
		{"unknown template", withField(base, "template_id", `7`), map[string]any{"template_id": "7",
			"warnings.0.message": "template_id not found: the default template is used."}},
		{"cart apart from amount", withField(base, "cart_items", `[{"name":"a","qty":2,"sales_price":10}]`),
			map[string]any{"amount": "10", "amount_due": "10", "warnings": nil}},
		{"donation", withField(base, "amount", `0`, "fixed_amount", `false`), map[string]any{"amount": "0", "fixed_amount": false}},
		{"iso expiry", withField(base, "expiry_date", `"`+futureDate("2006-01-02T15:04:05.000Z")+`"`), map[string]any{"expiry_date": present}},
	}
	for _, tc := range lenient {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: tc.body})
			servertest.Expect(t, r, 200, tc.want)
		})
	}
	// A wallet the merchant has not enabled: the documented body, verbatim.
	a, _ := e.Engine.Authenticate(context.Background(), e.Keys["py_test"])
	if err := e.Engine.SetWallets(context.Background(), a.MerchantID, []string{"GOOGLE_PAY"}); err != nil {
		t.Fatal(err)
	}
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: withField(base, "payment_methods", `["APPLE_PAY","GOOGLE_PAY"]`)})
	if r.Status != 402 || r.Text() != `{"is_valid":false,"error_field":"","error_message":"Apple Pay is not enabled. Please check your cofiguration and/or contact your administrator.","result":"failed"}`+"\n" {
		t.Fatalf("wallet disabled: %d %s", r.Status, r.Text())
	}
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: withField(base, "payment_methods", `["GOOGLE_PAY"]`)}), 200, nil)
}

func TestPaymentRequestTotalsAndForms(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	py := "bearer:" + e.Keys["py_test"]
	// Items 1×5.00 (fixed tax 5) + 3×2.00 (10% tax) = 11.00; taxes 5.00 + 0.60; shipping 4.99 + 0.40.
	body := `{"request_methods":["EMAIL"],"email":"a@example.com","amount":"11","currency":"USD","fixed_amount":"true",
	  "cart_items":[{"product_service_id":"1","name":"product_1","sku":"p1","unit":"per-item","qty":1,"sales_price":5,"taxable":1,"tax_value":5,"tax_type":"fixed_amount","tax_name":"Tax 5"},
	                {"product_service_id":"2","name":"product_2","sku":"p2","unit":"unit","qty":3,"sales_price":2,"taxable":0,"tax_value":10,"tax_type":"percentage","tax_name":"Tax 10"}],
	  "shipping_charges":4.99,"shipping_tax":"0.40","shipping_enabled":1,
	  "shipping_address":{"first_name":"J","last_name":"D","email":"j@example.com","mobile_no":"+12011111111","address_line_1":"1 St","address_line_2":"","city":"X","state":"CA","country":"US","zip":"9"}}`
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: body})
	servertest.Expect(t, r, 200, map[string]any{"amount": "11", "amount_due": "21.99", "shipping_enabled": true, "fixed_amount": true})
	// GET shows the merchant's shipping_address (an extension), keys as sent.
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + r.Get("transaction_id").(string), Auth: py}), 200,
		map[string]any{"transactions.0.shipping_address.first_name": "J", "transactions.0.shipping_address.mobile_no": "+12011111111",
			"transactions.0.shipping_address.address_line_1": "1 St", "transactions.0.shipping_address.address_line_2": "",
			"transactions.0.shipping_address.state": "CA", "transactions.0.shipping_address.country": "US", "transactions.0.shipping_address.zip": "9"})
	// A partial address is kept tidied, as a payer's is: spaces trimmed, the
	// country code upper-cased; the payer completes it on the page.
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],"email":"a@example.com",
	  "amount":10,"currency":"USD","fixed_amount":true,"shipping_enabled":true,"shipping_address":{"first_name":" Ana ","country":"de"}}`})
	servertest.Expect(t, r, 200, nil)
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + r.Get("transaction_id").(string), Auth: py}), 200,
		map[string]any{"transactions.0.shipping_address.first_name": "Ana", "transactions.0.shipping_address.country": "DE",
			"transactions.0.shipping_address.city": ""})

	// The same request as a form body, arrays in bracket notation.
	form := "request_methods[]=SMS&request_methods[]=EMAIL&email=b%40example.com&mobile_number=%2B12345678901&amount=1500.12" +
		"&currency=usd&fixed_amount=1&payment_methods[]=GOOGLE_PAY&attach_invoice=true"
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, ContentType: "application/x-www-form-urlencoded", Body: form})
	servertest.Expect(t, r, 200, map[string]any{"amount": "1500.12", "currency": "USD", "request_methods.1": "EMAIL", "attach_invoice": true})

	// Zero-decimal and three-decimal currencies stay exact.
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],"email":"a@example.com","amount":1500,"currency":"JPY","fixed_amount":false}`})
	servertest.Expect(t, r, 200, map[string]any{"amount": "1500", "fixed_amount": false})
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],"email":"a@example.com","amount":1.234,"currency":"BHD","fixed_amount":true}`})
	servertest.Expect(t, r, 200, map[string]any{"amount": "1.234"})
	// Zeros past the exponent change nothing and are accepted (docs/decisions.md, Decimals).
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],"email":"a@example.com","amount":"100.0","currency":"JPY","fixed_amount":true}`})
	servertest.Expect(t, r, 200, map[string]any{"amount": "100", "amount_due": "100"})

	// Recurring with its fields, and a known customer updated from the request (BR-14).
	cus := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + e.Keys["sk_test"], Body: `{"email":"c@example.com","name":"C"}`})
	list := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers", Auth: py})
	number := fmt.Sprint(int64(list.Get("customers.0.customer_id").(float64)))
	start := futureDate("2006-01-02T15:04:05.000Z")
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: `{"request_methods":["WEB"],"email":"c@example.com",
	  "amount":25,"currency":"EUR","fixed_amount":true,"payment_frequency":"MONTHLY","payment_start_date":"` + start + `",
	  "initial_payment_amount":"5","total_number_of_payments":12,"customer_id":` + number + `,"customer_first_name":"Carla","customer_salutation":"Ms"}`})
	servertest.Expect(t, r, 200, map[string]any{"payment_start_date": start, "initial_payment_amount": "5",
		"total_number_of_payments": "12", "customer_id": number})
	got := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers/" + cus.Get("id").(string), Auth: "bearer:" + e.Keys["sk_test"]})
	if got.Get("name") != "C" {
		t.Fatalf("customer name changed: %s", got.Text())
	}
	list = e.Do(t, servertest.Call{Method: "GET", Path: "/v2/customers", Auth: py})
	servertest.Expect(t, list, 200, map[string]any{"customers.0.first_name": "Carla", "customers.0.salutation": "Ms"})
}

func TestPercentOfRoundsHalfUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount int64
		pct    string
		want   int64
	}{
		{600, "10", 60}, {1005, "10", 101}, {1004, "10", 100}, {333, "7.5", 25}, {100, "0", 0}, {100, "100", 100},
		{1, "50", 1}, {99999999, "12.3456", 12345600}, {-1005, "10", -101},
	}
	for _, tc := range tests {
		got, err := domain.PercentOf(tc.amount, tc.pct)
		if err != nil || got != tc.want {
			t.Errorf("PercentOf(%d, %s) = %d, %v; want %d", tc.amount, tc.pct, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "abc", "100.00001", "101", "-5", "1e2", ".5"} {
		if _, err := domain.PercentOf(100, bad); err == nil {
			t.Errorf("PercentOf(100, %q) accepted", bad)
		}
	}
}

func TestPaymentRequestTaxProfileAndTemplate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		py := "bearer:" + e.Keys["py_test"]
		vat := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/taxes", Auth: py, Body: `{"name":"VAT","type":"percentage","rate":"7.5"}`})
		fixed := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/taxes", Auth: py, Body: `{"name":"Levy","type":"fixed_amount","amount":"0.25"}`})
		tmpl := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/templates", Auth: py, Body: `{"name":"Invoice","channel":"sms","body":"Pay {{link}}"}`})
		if vat.Status != 200 || fixed.Status != 200 || tmpl.Status != 200 {
			t.Fatalf("catalog: %s %s %s", vat.Text(), fixed.Text(), tmpl.Text())
		}
		base := `{"request_methods":["WEB"],"email":"a@example.com","amount":"10.10","currency":"USD","fixed_amount":true}`
		// 7.5% of 10.10 = 0.7575 → 0.76, half up.
		r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py,
			Body: withField(base, "tax_id", `"`+vat.Get("tax_id").(string)+`"`, "template_id", `"`+tmpl.Get("template_id").(string)+`"`)})
		servertest.Expect(t, r, 200, map[string]any{"amount": "10.1", "amount_due": "10.86", "tax_id": vat.Get("tax_id"),
			"template_id": tmpl.Get("template_id")})
		r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: withField(base, "tax_id", `"`+fixed.Get("tax_id").(string)+`"`)})
		servertest.Expect(t, r, 200, map[string]any{"amount_due": "10.35"})
		// A fixed tax of 0.25 cannot be expressed in yen.
		r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py,
			Body: withField(base, "currency", `"JPY"`, "amount", `10`, "tax_id", `"`+fixed.Get("tax_id").(string)+`"`)})
		servertest.Expect(t, r, 400, map[string]any{"error_field": "tax_id"})
		// Another merchant's or mode's tax profile is unknown here.
		r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + e.Keys["py_live"],
			Body: withField(base, "tax_id", `"`+vat.Get("tax_id").(string)+`"`)})
		servertest.Expect(t, r, 200, map[string]any{"amount_due": "10.1", "warnings.0.field": "tax_id"})
	})
}

// TestPaymentRequestPayableCap: a request is refused when what it asks for
// could never be paid as one payment (domain.MaxPaymentAmount), rather than
// accepted and left for the payer to fail on.
func TestPaymentRequestPayableCap(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	py := "bearer:" + e.Keys["py_test"]
	base := `{"request_methods":["WEB"],"email":"a@example.com","amount":10,"currency":"USD","fixed_amount":true}`
	recurring := func(initial string) string {
		return withField(base, "amount", `100`, "payment_frequency", `"MONTHLY"`, "payment_start_date", `"`+futureDate(time.RFC3339)+`"`,
			"initial_payment_amount", initial, "total_number_of_payments", `12`)
	}
	tests := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"over the cap", withField(base, "amount", `1500000.00`), 400, "amount"},
		{"one cent over", withField(base, "amount", `1000000`), 400, "amount"},
		{"shipping takes it over", withField(base, "amount", `999999.99`, "shipping_charges", `0.01`), 400, "amount"},
		{"JPY over", withField(base, "amount", `100000000`, "currency", `"JPY"`), 400, "amount"},
		{"initial payment over", recurring(`1000000`), 400, "initial_payment_amount"},
		{"at the cap", withField(base, "amount", `999999.99`), 200, ""},
		{"JPY at the cap", withField(base, "amount", `99999999`, "currency", `"JPY"`), 200, ""},
		{"initial payment at the cap", recurring(`999999.99`), 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: tc.body})
			if tc.status == 200 {
				servertest.Expect(t, r, 200, nil)
				return
			}
			servertest.Expect(t, r, tc.status, map[string]any{"is_valid": false, "result": "failed", "error_field": tc.field,
				"error_message": present})
		})
	}
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: withField(base, "amount", `1500000.00`)})
	servertest.Expect(t, r, 400, map[string]any{"error_field": "amount",
		"error_message": "The total due (1500000 USD) is more than one payment can carry (999999.99 USD)."})

	// What is accepted at the cap can be paid.
	txn, _ := payRequest(t, e, withField(base, "amount", `999999.99`))
	if txn == "" {
		t.Fatal("no transaction id")
	}

	// An edit is held to the same cap, and leaves the request as it was.
	r = e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: base})
	servertest.Expect(t, r, 200, nil)
	txn = r.Get("transaction_id").(string)
	r = e.Do(t, servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Auth: py,
		Body: withField(base, "transaction_id", `"`+txn+`"`, "amount", `1500000`)})
	servertest.Expect(t, r, 400, map[string]any{"error_field": "amount", "result": "failed"})
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + txn, Auth: py}), 200,
		map[string]any{"transactions.0.amount": 10.0})
}

package paysmart_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

var (
	expYear = fmt.Sprint(time.Now().Year() + 2)
	present = servertest.Present
)

type call = servertest.Call

// documentedPayment is the request of the API document's quick example, with
// a future expiry (IC-S12).
var documentedPayment = `{
  "amount": 2000,
  "currency": "usd",
  "payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": ` + expYear + `, "cvc": "123"}},
  "description": "Payment for order #1234"
}`

func payBody(number string, extra string) string {
	return `{"amount": 1500, "currency": "eur", "payment_method": {"type": "card", "card": {"number": "` + number +
		`", "exp_month": 12, "exp_year": ` + expYear + `, "cvc": "123"}}` + extra + `}`
}

func TestPaymentsAPI(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "basic:" + e.Keys["sk_test"]
		do := func(c call) servertest.Reply {
			if c.Auth == "" {
				c.Auth = sk
			}
			return e.Do(t, c)
		}

		// The documented request answers the documented object.
		r := do(call{Method: "POST", Path: "/v2/payments", Body: documentedPayment})
		servertest.Expect(t, r, 200, map[string]any{
			"object": "payment", "amount": 2000.0, "currency": "usd", "status": "succeeded",
			"payment_method.type": "card", "payment_method.card.brand": "visa", "payment_method.card.last4": "4242",
			"payment_method.card.exp_month": 12.0, "description": "Payment for order #1234", "created": present,
			"receipt_url": present, "livemode": false, "amount_captured": 2000.0, "amount_refunded": 0.0,
			"failure_code": nil, "failure_message": nil, "customer": nil, "metadata": present,
		})
		if id := r.Get("id").(string); !strings.HasPrefix(id, "pay_") || !strings.HasPrefix(r.Get("payment_method.id").(string), "pm_") {
			t.Fatalf("ids: %s", r.Text())
		}
		if strings.Contains(r.Text(), "4242424242424242") || strings.Contains(r.Text(), `"cvc"`) {
			t.Fatalf("response echoes the card: %s", r.Text())
		}
		payID := r.Get("id").(string)
		receipt := e.Do(t, call{Method: "GET", Path: strings.TrimPrefix(r.Get("receipt_url").(string), e.URL)})
		if receipt.Status != 200 || !strings.Contains(receipt.Text(), "$20.00") {
			t.Fatalf("receipt: %d %s", receipt.Status, receipt.Text())
		}

		// A customer, metadata and form encoding.
		cus := do(call{Method: "POST", Path: "/v2/customers", Body: `{"email":"customer@example.com","name":"John Doe"}`}).Get("id").(string)
		form := "amount=999&currency=USD&payment_method[type]=card&payment_method[card][number]=5555555555554444" +
			"&payment_method[card][exp_month]=1&payment_method[card][exp_year]=" + expYear + "&payment_method[card][cvc]=321" +
			"&customer=" + cus + "&metadata[order]=42&capture=false&receipt_email=r@example.com"
		auth := do(call{Method: "POST", Path: "/v2/payments", ContentType: "application/x-www-form-urlencoded", Body: form})
		servertest.Expect(t, auth, 200, map[string]any{"status": "requires_capture", "currency": "usd", "customer": cus,
			"metadata.order": "42", "payment_method.card.brand": "mastercard", "amount_captured": 0.0, "capture_method": "manual",
			"receipt_email": "r@example.com"})
		authID := auth.Get("id").(string)

		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any
		}{
			{"retrieve", call{Method: "GET", Path: "/v2/payments/" + payID}, 200, map[string]any{"id": payID, "status": "succeeded"}},
			{"retrieve unknown", call{Method: "GET", Path: "/v2/payments/pay_00000000000000000000000000000000"}, 404,
				map[string]any{"error.type": "invalid_request_error", "error.code": "resource_missing"}},
			{"retrieve without prefix", call{Method: "GET", Path: "/v2/payments/" + strings.TrimPrefix(payID, "pay_")}, 404, nil},
			{"update", call{Method: "POST", Path: "/v2/payments/" + payID, Body: `{"description":"new","metadata":{"a":"b"}}`}, 200,
				map[string]any{"description": "new", "metadata.a": "b"}},
			{"update unknown param", call{Method: "POST", Path: "/v2/payments/" + payID, Body: `{"amount":1}`}, 400,
				map[string]any{"error.param": "amount", "error.code": "parameter_unknown"}},
			{"update unknown customer", call{Method: "POST", Path: "/v2/payments/" + payID, Body: `{"customer":"cus_nope"}`}, 404,
				map[string]any{"error.param": "customer"}},
			{"capture more than authorised", call{Method: "POST", Path: "/v2/payments/" + authID + "/capture", Body: `{"amount":1000}`}, 400,
				map[string]any{"error.param": "amount", "error.code": "amount_too_large"}},
			{"partial capture", call{Method: "POST", Path: "/v2/payments/" + authID + "/capture", Body: `{"amount":500}`}, 200,
				map[string]any{"status": "succeeded", "amount_captured": 500.0, "amount": 999.0}},
			{"capture twice", call{Method: "POST", Path: "/v2/payments/" + authID + "/capture"}, 400,
				map[string]any{"error.code": "payment_unexpected_state"}},
			{"cancel captured", call{Method: "POST", Path: "/v2/payments/" + payID + "/cancel"}, 400,
				map[string]any{"error.code": "payment_unexpected_state"}},
			{"refund partial", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + payID + `","amount":500,"reason":"requested_by_customer"}`}, 200,
				map[string]any{"object": "refund", "amount": 500.0, "payment": payID, "status": "succeeded", "currency": "usd", "reason": "requested_by_customer"}},
			{"refund rest", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + payID + `"}`}, 200,
				map[string]any{"amount": 1500.0}},
			{"refund too much", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + authID + `","amount":501}`}, 400,
				map[string]any{"error.param": "amount", "error.code": "amount_too_large"}},
			{"refund fully refunded", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + payID + `"}`}, 400,
				map[string]any{"error.code": "charge_already_refunded"}},
			{"refund without payment", call{Method: "POST", Path: "/v2/refunds", Body: `{}`}, 400,
				map[string]any{"error.param": "payment", "error.code": "parameter_missing"}},
			{"refund bad reason", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + authID + `","reason":"bored"}`}, 400,
				map[string]any{"error.param": "reason"}},
			{"refund unknown payment", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"pay_0"}`}, 404,
				map[string]any{"error.param": "payment"}},
			{"refunds list", call{Method: "GET", Path: "/v2/refunds?payment=" + payID}, 200,
				map[string]any{"object": "list", "url": "/v2/refunds", "data.0.amount": 1500.0, "data.1.amount": 500.0, "data.2": nil}},
			{"payment after refunds", call{Method: "GET", Path: "/v2/payments/" + payID}, 200,
				map[string]any{"amount_refunded": 2000.0, "refunded": true, "status": "succeeded"}},
			{"list by customer", call{Method: "GET", Path: "/v2/payments?customer=" + cus}, 200,
				map[string]any{"data.0.id": authID, "data.1": nil, "has_more": false}},
			{"list by status", call{Method: "GET", Path: "/v2/payments?status=failed"}, 200, map[string]any{"data.0": nil}},
			{"list bad status", call{Method: "GET", Path: "/v2/payments?status=nope"}, 400, map[string]any{"error.param": "status"}},
			{"list bad limit", call{Method: "GET", Path: "/v2/payments?limit=101"}, 400, map[string]any{"error.param": "limit"}},
			{"list both cursors", call{Method: "GET", Path: "/v2/payments?starting_after=" + payID + "&ending_before=" + authID}, 400,
				map[string]any{"error.param": "ending_before"}},
			{"list unknown cursor", call{Method: "GET", Path: "/v2/payments?starting_after=pay_nope"}, 400,
				map[string]any{"error.param": "starting_after"}},
			{"list created range", call{Method: "GET", Path: fmt.Sprintf("/v2/payments?created[gte]=%d&created[lte]=%d", time.Now().Add(-time.Hour).Unix(), time.Now().Add(time.Hour).Unix())}, 200,
				map[string]any{"data.0.id": authID, "data.1.id": payID}},
			{"list created future", call{Method: "GET", Path: fmt.Sprintf("/v2/payments?created[gt]=%d", time.Now().Add(time.Hour).Unix())}, 200,
				map[string]any{"data.0": nil}},
		}
		for _, tc := range tests {
			servertest.Expect(t, do(tc.call), tc.status, tc.want)
		}

		// Cancel an authorisation.
		a2 := do(call{Method: "POST", Path: "/v2/payments", Body: payBody("4242424242424242", `, "capture": false`)}).Get("id").(string)
		servertest.Expect(t, do(call{Method: "POST", Path: "/v2/payments/" + a2 + "/cancel"}), 200, map[string]any{"status": "canceled"})
		servertest.Expect(t, do(call{Method: "POST", Path: "/v2/payments/" + a2 + "/capture"}), 400, map[string]any{"error.code": "payment_unexpected_state"})
	})
}

// noRedirect reads a page's answer without following its redirect.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestCancelRequiresAction cancels payments waiting for 3-D Secure over
// the PaySmart API: the challenge ends (canceled, payment.canceled, no
// failure code, no next_action), and a payment that cannot be canceled any
// more answers the documented state error naming its status: canceled
// already, or succeeded because its customer passed the challenge first.
func TestCancelRequiresAction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		do := func(c call) servertest.Reply {
			c.Auth = "basic:" + e.Keys["sk_test"]
			return e.Do(t, c)
		}
		challenge := func() string {
			t.Helper()
			r := do(call{Method: "POST", Path: "/v2/payments", Body: payBody("4000002760003184", "")})
			servertest.Expect(t, r, 200, map[string]any{"status": "requires_action", "next_action.type": "redirect_to_url"})
			return r.Get("id").(string)
		}
		// answer is the customer's answer on the challenge page (not a
		// PaySmart API call): the page's status.
		answer := func(id string) int {
			t.Helper()
			res, err := noRedirect.PostForm(e.URL+"/authenticate/"+id, url.Values{"answer": {"complete"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		stateError := func(r servertest.Reply, status string) {
			t.Helper()
			servertest.Expect(t, r, 400, map[string]any{"error.type": "invalid_request_error", "error.code": "payment_unexpected_state",
				"error.param": nil, "error.payment": nil})
			if msg, _ := r.Get("error.message").(string); !strings.Contains(msg, "status of "+status) {
				t.Fatalf("state error message %q does not name %s", msg, status)
			}
		}

		id := challenge()
		servertest.Expect(t, do(call{Method: "POST", Path: "/v2/payments/" + id + "/cancel"}), 200, map[string]any{
			"id": id, "status": "canceled", "amount_captured": 0.0, "failure_code": nil, "failure_message": nil, "next_action": nil})
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/events?type=payment.canceled"}), 200, map[string]any{
			"data.0.type": "payment.canceled", "data.0.data.object.id": id, "data.0.data.object.status": "canceled", "data.1": nil})
		stateError(do(call{Method: "POST", Path: "/v2/payments/" + id + "/cancel"}), "canceled")
		// The customer's answer after the cancel changes nothing.
		if st := answer(id); st != http.StatusConflict {
			t.Fatalf("answer after the cancel: page %d, want 409 (canceled)", st)
		}
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments/" + id}), 200, map[string]any{"status": "canceled", "amount_captured": 0.0})

		passed := challenge()
		if st := answer(passed); st != http.StatusSeeOther {
			t.Fatalf("passed challenge: page %d, want 303 to the receipt", st)
		}
		stateError(do(call{Method: "POST", Path: "/v2/payments/" + passed + "/cancel"}), "succeeded")
		servertest.Expect(t, do(call{Method: "GET", Path: "/v2/payments/" + passed}), 200, map[string]any{"status": "succeeded", "amount_captured": 1500.0})
	})
}

func TestPaymentErrors(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	tests := []struct {
		name   string
		body   string
		status int
		want   map[string]any
	}{
		{"decline", payBody("4000000000000002", ""), 402, map[string]any{"error.type": "card_error", "error.code": "card_declined",
			"error.decline_code": "generic_decline", "error.message": "Your card was declined.", "error.payment.status": "failed",
			"error.payment.failure_code": "card_declined"}},
		{"insufficient funds", payBody("4000000000009995", ""), 402, map[string]any{"error.decline_code": "insufficient_funds"}},
		{"lost", payBody("4000000000009987", ""), 402, map[string]any{"error.decline_code": "lost_card"}},
		{"stolen", payBody("4000000000009979", ""), 402, map[string]any{"error.decline_code": "stolen_card"}},
		{"expired", payBody("4000000000000069", ""), 402, map[string]any{"error.code": "expired_card"}},
		{"incorrect cvc", payBody("4000000000000127", ""), 402, map[string]any{"error.code": "incorrect_cvc"}},
		{"processing error", payBody("4000000000000119", ""), 402, map[string]any{"error.code": "processing_error"}},
		{"3ds", payBody("4000002500003155", ""), 200, map[string]any{"status": "requires_action", "amount_captured": 0.0,
			"next_action.type": "redirect_to_url", "next_action.redirect_to_url.return_url": nil}},
		{"3ds always", payBody("4000002760003184", ""), 200, map[string]any{"status": "requires_action"}},
		{"no next action", payBody("4242424242424242", ""), 200, map[string]any{"status": "succeeded", "next_action": nil}},
		{"incorrect number", payBody("4242424242424241", ""), 402, map[string]any{"error.code": "incorrect_number",
			"error.param": "payment_method[card][number]", "error.payment": nil}},
		{"past expiry", strings.Replace(payBody("4242424242424242", ""), expYear, "2025", 1), 402,
			map[string]any{"error.code": "expired_card", "error.param": "payment_method[card][exp_month]", "error.payment.status": "failed"}},
		{"bad month", strings.Replace(payBody("4242424242424242", ""), `"exp_month": 12`, `"exp_month": 13`, 1), 402,
			map[string]any{"error.code": "invalid_expiry_month", "error.param": "payment_method[card][exp_month]"}},
		{"missing amount", `{"currency":"usd","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "amount", "error.code": "parameter_missing"}},
		{"float amount", `{"amount":20.5,"currency":"usd","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "amount"}},
		{"string amount", `{"amount":"abc","currency":"usd","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "amount"}},
		{"negative amount", `{"amount":-5,"currency":"usd","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "amount"}},
		{"huge amount", `{"amount":100000000000,"currency":"usd","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "amount", "error.code": "amount_too_large"}},
		{"unknown currency", `{"amount":100,"currency":"xyz","payment_method":"pm_x"}`, 400, map[string]any{"error.param": "currency"}},
		{"missing currency", `{"amount":100,"payment_method":"pm_x"}`, 400, map[string]any{"error.param": "currency"}},
		{"missing payment method", `{"amount":100,"currency":"usd"}`, 400, map[string]any{"error.param": "payment_method"}},
		{"unknown payment method", `{"amount":100,"currency":"usd","payment_method":"pm_nope"}`, 404, map[string]any{"error.param": "payment_method"}},
		{"wrong type", `{"amount":100,"currency":"usd","payment_method":{"type":"sepa","card":{}}}`, 400, map[string]any{"error.param": "payment_method[type]"}},
		{"missing number", `{"amount":100,"currency":"usd","payment_method":{"type":"card","card":{"exp_month":1,"exp_year":2030}}}`, 400,
			map[string]any{"error.param": "payment_method[card][number]"}},
		{"missing card", `{"amount":100,"currency":"usd","payment_method":{"type":"card"}}`, 400, map[string]any{"error.param": "payment_method[card]"}},
		{"unknown param", payBody("4242424242424242", `, "tip": 5`), 400, map[string]any{"error.param": "tip", "error.code": "parameter_unknown"}},
		{"unknown nested param", `{"amount":100,"currency":"usd","payment_method":{"type":"card","card":{"number":"4242424242424242","exp_month":1,"exp_year":2030,"pin":"1"}}}`, 400,
			map[string]any{"error.param": "payment_method[card][pin]"}},
		{"unknown customer", payBody("4242424242424242", `, "customer": "cus_nope"`), 404, map[string]any{"error.param": "customer"}},
		{"bad capture", payBody("4242424242424242", `, "capture": "maybe"`), 400, map[string]any{"error.param": "capture"}},
		{"bad metadata", payBody("4242424242424242", `, "metadata": {"a": {"b": 1}}`), 400, map[string]any{"error.param": "metadata[a]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: tc.body}), tc.status, tc.want)
		})
	}
	// Live mode: no processor is configured, and it says so.
	r := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_live"], Body: payBody("4242424242424242", "")})
	servertest.Expect(t, r, 502, map[string]any{"error.type": "api_error", "error.code": "processor_unavailable"})
	// Declined payments are listed as failed; card numbers never reach the logs.
	list := e.Do(t, call{Method: "GET", Path: "/v2/payments?status=failed&limit=100", Auth: sk})
	if n := len(list.Get("data").([]any)); n != 8 {
		t.Fatalf("failed payments listed: %d", n)
	}
	logs := e.Logs()
	for _, pan := range []string{"4242424242424242", "4000000000000002", "5555555555554444", "4242424242424241"} {
		if strings.Contains(logs, pan) {
			t.Fatalf("card number %s in logs", pan)
		}
	}
}

// TestPaymentAmountIsExactInteger sends amounts that a float would read as
// a different integer: each must be refused by name, and none charged.
func TestPaymentAmountIsExactInteger(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	form := func(amount string) call {
		return call{Method: "POST", Path: "/v2/payments", Auth: sk, ContentType: "application/x-www-form-urlencoded",
			Body: "amount=" + amount + "&currency=usd&payment_method[type]=card&payment_method[card][number]=4242424242424242" +
				"&payment_method[card][exp_month]=12&payment_method[card][exp_year]=" + expYear + "&payment_method[card][cvc]=123"}
	}
	js := func(amount string) call {
		return call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: strings.Replace(documentedPayment, `"amount": 2000`, `"amount": `+amount, 1)}
	}
	tests := []struct {
		name string
		call call
	}{
		{"form exponent", form("1e3")},
		{"form fraction", form("20.5")},
		{"form integral fraction", form("20.0")},
		{"json exponent", js("1e3")},
		{"json near-integer", js("1999.99999999999999")},
		{"json string near-integer", js(`"0.99999999999999999"`)},
		{"json integral fraction", js("2000.0")},
		{"json fraction", js("2000.5")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			servertest.Expect(t, e.Do(t, tc.call), 400, map[string]any{"error.type": "invalid_request_error",
				"error.code": "parameter_invalid_integer", "error.param": "amount", "error.message": present})
		})
	}
	if list := e.Do(t, call{Method: "GET", Path: "/v2/payments", Auth: sk}); len(list.Get("data").([]any)) != 0 {
		t.Fatalf("a refused amount was charged: %s", list.Text())
	}
	// Integers still pay, as numbers and as text.
	servertest.Expect(t, e.Do(t, form("1000")), 200, map[string]any{"amount": 1000.0})
	servertest.Expect(t, e.Do(t, js(`"1999"`)), 200, map[string]any{"amount": 1999.0})
}

// TestEmptyAmountIsNotAbsent: an amount sent empty is refused by name, as
// Stripe refuses it, rather than read as "the whole remaining balance".
func TestEmptyAmountIsNotAbsent(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	pay := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: documentedPayment}).Get("id").(string)
	auth := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: payBody("4242424242424242", `, "capture": false`)}).Get("id").(string)
	const formType = "application/x-www-form-urlencoded"
	tests := []struct {
		name  string
		call  call
		param string
	}{
		{"refund json", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + pay + `","amount":""}`}, "amount"},
		{"refund json spaces", call{Method: "POST", Path: "/v2/refunds", Body: `{"payment":"` + pay + `","amount":" "}`}, "amount"},
		{"refund form", call{Method: "POST", Path: "/v2/refunds", ContentType: formType, Body: "payment=" + pay + "&amount="}, "amount"},
		{"capture json", call{Method: "POST", Path: "/v2/payments/" + auth + "/capture", Body: `{"amount":""}`}, "amount"},
		{"capture form", call{Method: "POST", Path: "/v2/payments/" + auth + "/capture", ContentType: formType, Body: "amount_to_capture="}, "amount_to_capture"},
		{"payment", call{Method: "POST", Path: "/v2/payments", Body: strings.Replace(documentedPayment, `"amount": 2000`, `"amount": ""`, 1)}, "amount"},
		{"card month", call{Method: "POST", Path: "/v2/payments", Body: strings.Replace(documentedPayment, `"exp_month": 12`, `"exp_month": ""`, 1)}, "payment_method[card][exp_month]"},
		{"list limit", call{Method: "GET", Path: "/v2/payments?limit="}, "limit"},
		{"list created", call{Method: "GET", Path: "/v2/payments?created="}, "created"},
		{"list created bound", call{Method: "GET", Path: "/v2/payments?created[gte]="}, "created[gte]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.call.Auth = sk
			servertest.Expect(t, e.Do(t, tc.call), 400, map[string]any{"error.type": "invalid_request_error",
				"error.code": "parameter_invalid_empty", "error.param": tc.param, "error.message": present})
		})
	}
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payments/" + pay, Auth: sk}), 200,
		map[string]any{"amount_refunded": 0.0, "refunded": false})
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payments/" + auth, Auth: sk}), 200,
		map[string]any{"status": "requires_capture", "amount_captured": 0.0})
	// Not sending amount still means the whole remaining balance.
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/refunds", Auth: sk, Body: `{"payment":"` + pay + `"}`}), 200,
		map[string]any{"amount": 2000.0})
}

func TestPaymentMethodsAPI(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	pk, sk := "bearer:"+e.Keys["pk_test"], "bearer:"+e.Keys["sk_test"]
	card := `{"type":"card","card":{"number":"4000000000000341","exp_month":12,"exp_year":` + expYear + `,"cvc":"123"}}`
	r := e.Do(t, call{Method: "POST", Path: "/v2/payment_methods", Auth: pk, Body: card})
	servertest.Expect(t, r, 200, map[string]any{"object": "payment_method", "type": "card", "card.last4": "0341", "card.brand": "visa",
		"card.fingerprint": present, "customer": nil})
	pm := r.Get("id").(string)
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payment_methods/" + pm, Auth: pk}), 403, map[string]any{"error.type": "permission_error"})
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payment_methods/" + pm, Auth: sk}), 200, map[string]any{"id": pm})
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: pk, Body: `{"amount":100,"currency":"usd","payment_method":"` + pm + `"}`}),
		403, map[string]any{"error.type": "permission_error"})
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: `{"amount":100,"currency":"usd","payment_method":"` + pm + `"}`}),
		402, map[string]any{"error.code": "card_declined", "error.payment.payment_method.id": pm})
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payment_methods", Auth: pk, Body: `{"type":"card","card":{"number":"4242424242424241","exp_month":12,"exp_year":2030}}`}),
		402, map[string]any{"error.code": "incorrect_number", "error.param": "card[number]"})
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payment_methods", Auth: pk, Body: `{"type":"card","card":{"number":"4242424242424242","exp_month":12,"exp_year":2030},"customer":"cus_x"}`}),
		403, map[string]any{"error.param": "customer"})
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/payment_methods", Auth: sk, Body: `{"type":"card"}`}),
		400, map[string]any{"error.param": "card"})
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payment_methods/pm_nope", Auth: sk}), 404, nil)
	servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/payment_methods/" + pm, Auth: "bearer:" + e.Keys["sk_live"]}), 404, nil)
}

func TestCursorPagination(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		var ids []string // oldest first
		for i := 0; i < 7; i++ {
			r := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: fmt.Sprintf(`{"email":"c%d@example.com"}`, i)})
			ids = append(ids, r.Get("id").(string))
		}
		page := func(q string) (got []string, more bool) {
			r := e.Do(t, call{Method: "GET", Path: "/v2/customers?" + q, Auth: sk})
			if r.Status != 200 {
				t.Fatalf("%s: %s", q, r.Text())
			}
			for _, d := range r.Get("data").([]any) {
				got = append(got, d.(map[string]any)["id"].(string))
			}
			return got, r.Get("has_more").(bool)
		}
		first, more := page("limit=3")
		if fmt.Sprint(first) != fmt.Sprint([]string{ids[6], ids[5], ids[4]}) || !more {
			t.Fatalf("first page %v %v", first, more)
		}
		// A customer created between pages does not shift the next page.
		e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"email":"late@example.com"}`})
		second, more := page("limit=3&starting_after=" + first[2])
		if fmt.Sprint(second) != fmt.Sprint([]string{ids[3], ids[2], ids[1]}) || !more {
			t.Fatalf("second page %v %v", second, more)
		}
		last, more := page("limit=3&starting_after=" + second[2])
		if fmt.Sprint(last) != fmt.Sprint([]string{ids[0]}) || more {
			t.Fatalf("last page %v %v", last, more)
		}
		back, more := page("limit=2&ending_before=" + ids[2])
		if fmt.Sprint(back) != fmt.Sprint([]string{ids[4], ids[3]}) || !more {
			t.Fatalf("ending_before page %v %v", back, more)
		}
	})
}

func TestConcurrentIdempotentPaymentsChargeOnce(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		var wg sync.WaitGroup
		ids := make(chan string, 16)
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: documentedPayment,
					Headers: map[string]string{"Idempotency-Key": "order-1234"}})
				if r.Status == 200 {
					ids <- r.Get("id").(string)
				} else if r.Status != 409 {
					t.Errorf("status %d: %s", r.Status, r.Text())
				}
			}()
		}
		wg.Wait()
		close(ids)
		seen := map[string]bool{}
		for id := range ids {
			seen[id] = true
		}
		list := e.Do(t, call{Method: "GET", Path: "/v2/payments", Auth: sk})
		if len(seen) != 1 || len(list.Get("data").([]any)) != 1 {
			t.Fatalf("payments made: %v, listed %d", seen, len(list.Get("data").([]any)))
		}
	})
}

package paysley_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func testCard(number string) domain.CardInput {
	return domain.CardInput{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 2, CVC: "123"}
}

// payRequest creates a payment request through the API and pays it through
// the engine, as the hosted payment page does, with a shipping address (which
// only a request with shipping_enabled keeps); it returns the payment id.
func payRequest(t *testing.T, e *servertest.Env, body string) (txn, paymentID string) {
	t.Helper()
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + e.Keys["py_test"], Body: body})
	if r.Status != 200 {
		t.Fatalf("create request: %s", r.Text())
	}
	link := r.Get("long_url").(string)
	ship := &domain.ShippingAddress{AddressLine1: "1 Long Street", City: "Cape Town", Zip: "8001", Country: "ZA"}
	p, err := e.Engine.PayPaymentRequest(context.Background(), link[strings.LastIndex(link, "/")+1:], testCard("4242424242424242"), 0, ship)
	if err != nil {
		t.Fatalf("pay: %v", err)
	}
	return r.Get("transaction_id").(string), p.ID
}

func TestPaymentHistoryRefundCapture(t *testing.T) {
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
		txn, pay := payRequest(t, e, `{"request_methods":["EMAIL"],"email":"Buyer@Example.com","mobile_number":"+12345678901",
			"reference_number":"ref-1","amount":45,"currency":"ZAR","fixed_amount":true,"shipping_enabled":true}`)
		paTxn, pa := payRequest(t, e, `{"request_methods":["WEB"],"email":"pa@example.com","amount":1500.12,"currency":"ZAR",
			"fixed_amount":true,"payment_type":"PA"}`)
		// A PaySmart payment shows in the Paysley history too.
		direct := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_test"], Body: `{"amount":1000,"currency":"usd",
			"receipt_email":"direct@example.com","payment_method":{"type":"card","card":{"number":"4242424242424242","exp_month":12,"exp_year":2040}}}`})
		directID := strings.TrimPrefix(direct.Get("id").(string), "pay_")

		tests := []struct {
			name   string
			call   servertest.Call
			status int
			want   map[string]any
		}{
			{"list", servertest.Call{Method: "GET", Path: "/v2/payments?limit=5&page=1"}, 200, map[string]any{"limit": "5", "page": "1",
				"total_count": 3.0, "page_count": 1.0, "payments.0.payment_id": directID, "payments.0.payment_type": "CC.DB",
				"payments.0.email": "direct@example.com", "payments.0.amount": 10.0, "payments.0.currency": "USD",
				"payments.0.transaction_id": "", "payments.1.payment_type": "CC.PA", "payments.1.transaction_id": paTxn,
				"payments.2.payment_id": pay, "payments.2.amount": 45.0, "payments.2.transaction_type": "once-off",
				"payments.2.reference_payment_id": nil, "payments.2.status": "success", "payments.2.shipping_information": true,
				"payments.2.customer_phone_number": "+12345678901", "payments.2.reference_number": "ref-1"}},
			{"detail", servertest.Call{Method: "GET", Path: "/v2/payments/" + pay}, 200, map[string]any{"payment.payment_id": pay,
				"payment.transaction_id": txn, "payment.payment_type": "CC.DB", "payment.request_detail.payment_type": "Once-off transaction",
				"payment.request_detail.shipping_information": true, "payment.url": present, "payment.transaction_date": present}},
			{"request paid with its payer's address", servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + txn}, 200, map[string]any{
				"transactions.0.status": "success", "transactions.0.payment_id": pay, "transactions.0.shipping_address.address_line_1": "1 Long Street",
				"transactions.0.shipping_address.city": "Cape Town", "transactions.0.shipping_address.zip": "8001", "transactions.0.shipping_address.country": "ZA"}},
			{"request without shipping keeps no address", servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + paTxn}, 200, map[string]any{
				"transactions.0.status": "success", "transactions.0.shipping_address": nil}},
			{"detail unknown", servertest.Call{Method: "GET", Path: "/v2/payments/8ac7a4a26ff5c0c4016ff617ed2128fa99999999"}, 404,
				map[string]any{"message": "Your Payment history data not found", "result": "failed"}},
			{"keyword email any case", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=buyer@example.com"}, 200,
				map[string]any{"total_count": 1.0, "payments.0.payment_id": pay}},
			{"keyword mobile", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=%2B12345678901"}, 200, map[string]any{"total_count": 1.0}},
			{"keyword reference", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=ref-1"}, 200, map[string]any{"total_count": 1.0}},
			{"keyword fragment any case", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=EXAMPLE.com"}, 200, map[string]any{"total_count": 3.0}},
			{"keyword mobile fragment", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=2345678"}, 200,
				map[string]any{"total_count": 1.0, "payments.0.payment_id": pay}},
			{"keyword reference fragment", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=EF-"}, 200, map[string]any{"total_count": 1.0}},
			{"keyword of two characters", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=01"}, 200, map[string]any{"total_count": 1.0}},
			{"keyword with quotes", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=%22ex%22%20OR%20%22a"}, 200, map[string]any{"total_count": 0.0}},
			{"keyword and range", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=example&start_date=2020-01-01&end_date=2020-12-31"}, 200,
				map[string]any{"total_count": 0.0}},
			{"keyword metacharacters", servertest.Call{Method: "GET", Path: "/v2/payments?keywords=%25'%20OR%201=1--%5C_"}, 200, map[string]any{"total_count": 0.0}},
			{"start without end", servertest.Call{Method: "GET", Path: "/v2/payments?start_date=2020-01-01"}, 400, map[string]any{"error_field": "end_date"}},
			{"bad date", servertest.Call{Method: "GET", Path: "/v2/payments?start_date=01/01/2020&end_date=2020-02-01"}, 400, map[string]any{"error_field": "start_date"}},
			{"date range today", servertest.Call{Method: "GET", Path: "/v2/payments?start_date=" + time.Now().UTC().Format("2006-01-02") + "&end_date=" + time.Now().UTC().Format("2006-01-02")}, 200,
				map[string]any{"total_count": 3.0}},
			{"date range past", servertest.Call{Method: "GET", Path: "/v2/payments?start_date=2020-01-01&end_date=2020-12-31"}, 200, map[string]any{"total_count": 0.0}},
			{"page beyond end", servertest.Call{Method: "GET", Path: "/v2/payments?page=9&limit=2"}, 200, map[string]any{"page": "9", "page_count": 2.0, "payments.0": nil}},
			{"limit 0 is the default", servertest.Call{Method: "GET", Path: "/v2/payments?limit=0"}, 200, map[string]any{"limit": "10"}},
			{"limit 1000 is capped", servertest.Call{Method: "GET", Path: "/v2/payments?limit=1000"}, 200, map[string]any{"limit": "100"}},
			{"live sees nothing", servertest.Call{Method: "GET", Path: "/v2/payments", Auth: "bearer:" + e.Keys["py_live"]}, 200, map[string]any{"total_count": 0.0}},

			{"refund without amount", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay}, 400,
				map[string]any{"is_valid": false, "error_field": "amount", "error_message": "amount is required.", "result": "failed"}},
			{"refund unknown", servertest.Call{Method: "POST", Path: "/v2/refunds/00000000000000000000000000000000", Body: `{"amount":1}`}, 404,
				map[string]any{"result": "failed", "message": "Payment not found."}},
			{"refund", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Body: `{"email":"example@example.com","amount":1,"mobile_number":"+12345678"}`}, 200,
				map[string]any{"amount": 45.0, "balance": 44.0, "refunded_amount": 1.0, "currency": "ZAR", "status": "refund",
					"payment_id": pay, "transaction_id": txnNumber(txn), "transaction_type": "once-off", "email": "example@example.com",
					"mobile_number": "+12345678", "refund_date": present, "ref_number": present, "shipping_information": true}},
			{"refund with id in body", servertest.Call{Method: "POST", Path: "/v2/refunds", Body: `{"payment_id":"` + pay + `","amount":"13.5"}`}, 200,
				map[string]any{"balance": 30.5, "refunded_amount": 13.5}},
			{"refund over balance", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Body: `{"amount":30.51}`}, 400,
				map[string]any{"error_field": "amount", "result": "failed"}},
			{"refund with an exponent", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Body: `{"amount":1e1}`}, 400,
				map[string]any{"error_field": "amount", "error_message": "amount must be a number."}},
			{"refund too precise", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Body: `{"amount":0.001}`}, 400, map[string]any{"error_field": "amount"}},
			{"refund an authorisation", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pa, Body: `{"amount":1}`}, 400, map[string]any{"result": "failed"}},
			{"refund from another mode", servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Auth: "bearer:" + e.Keys["py_live"], Body: `{"amount":1}`}, 404,
				map[string]any{"message": "Payment not found."}},

			{"capture a debit", servertest.Call{Method: "POST", Path: "/v2/captures/" + pay, Body: `{"amount":1}`}, 400, map[string]any{"result": "failed"}},
			{"capture unknown", servertest.Call{Method: "POST", Path: "/v2/captures/00000000000000000000000000000000", Body: `{"amount":10}`}, 404,
				map[string]any{"result": "failed", "message": "Payment not found."}},
			{"capture without amount", servertest.Call{Method: "POST", Path: "/v2/captures/" + pa}, 400, map[string]any{"error_field": "amount"}},
			{"capture above authorised", servertest.Call{Method: "POST", Path: "/v2/captures/" + pa, Body: `{"amount":1500.13}`}, 400, map[string]any{"error_field": "amount"}},
			{"capture", servertest.Call{Method: "POST", Path: "/v2/captures/" + pa, Body: `{"amount":10}`}, 200, map[string]any{"transaction_type": "once-off",
				"payment_id": pa, "transaction_id": paTxn, "captured_amount": 10.0, "amount": 1500.12, "balance": 1490.12, "currency": "ZAR",
				"status": "capture", "capture_date": present, "ref_number": present, "shipping_information": false}},
			{"capture twice", servertest.Call{Method: "POST", Path: "/v2/captures/" + pa, Body: `{"amount":10}`}, 400, map[string]any{"result": "failed"}},

			{"history after", servertest.Call{Method: "GET", Path: "/v2/payments?limit=100"}, 200, map[string]any{"total_count": 6.0,
				"payments.0.payment_type": "CC.CP", "payments.0.reference_payment_id": pa, "payments.1.payment_type": "CC.RF",
				"payments.1.amount": 13.5, "payments.1.reference_payment_id": pay, "payments.2.payment_type": "CC.RF"}},
			{"request list shows refunds", servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + txn}, 200, map[string]any{
				"transactions.0.status": "success", "transactions.0.payment_id": pay, "transactions.0.refund.0.amount": 13.5,
				"transactions.0.refund.1.amount": 1.0, "transactions.0.payment_date": present}},
			{"paid request cannot be edited", servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Body: `{"transaction_id":"` + txn +
				`","request_methods":["WEB"],"email":"a@example.com","amount":1,"currency":"USD","fixed_amount":true}`}, 400,
				map[string]any{"error_field": "transaction_id", "result": "failed"}},
			{"paid request cannot be deleted", servertest.Call{Method: "DELETE", Path: "/v2/payment-requests/" + txn}, 400,
				map[string]any{"error_field": "transaction_id"}},
			{"end subscription of a one-time payment", servertest.Call{Method: "DELETE", Path: "/v2/payments/subscription/" + pay}, 404,
				map[string]any{"result": "failed", "message": "Payment is not found."}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { servertest.Expect(t, do(tc.call), tc.status, tc.want) })
		}
		// The PaySmart face sees the Paysley refunds on the same payment.
		ps := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payments/pay_" + pay, Auth: "bearer:" + e.Keys["sk_test"]})
		servertest.Expect(t, ps, 200, map[string]any{"amount": 4500.0, "amount_refunded": 1450.0, "currency": "zar"})
	})
}

func TestEndSubscription(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	start := futureDate(time.RFC3339)
	_, pay := payRequest(t, e, `{"request_methods":["WEB"],"email":"sub@example.com","mobile_number":"+12345678901","amount":20,
		"currency":"ZAR","fixed_amount":true,"payment_frequency":"WEEKLY","payment_start_date":"`+start+`",
		"initial_payment_amount":1,"total_number_of_payments":4}`)
	py := "bearer:" + e.Keys["py_test"]
	hist := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payments/" + pay, Auth: py})
	servertest.Expect(t, hist, 200, map[string]any{"payment.transaction_type": "scheduled", "payment.amount": 1.0,
		"payment.request_detail.payment_type": "Scheduled transaction"})
	r := e.Do(t, servertest.Call{Method: "DELETE", Path: "/v2/payments/subscription/" + pay, Auth: py})
	servertest.Expect(t, r, 200, map[string]any{"transaction_type": "scheduled", "payment_id": pay, "email": "sub@example.com",
		"mobile_number": "+12345678901", "amount": 1.0, "currency": "ZAR", "ref_number": "Paysley End Subscription", "status": "end_subscription"})
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "DELETE", Path: "/v2/payments/subscription/" + pay, Auth: py}), 404,
		map[string]any{"message": "Payment is not found."})
	servertest.Expect(t, e.Do(t, servertest.Call{Method: "DELETE", Path: "/v2/payments/subscription/nope", Auth: py}), 404,
		map[string]any{"message": "Payment is not found.", "result": "failed"})
}

func TestConcurrentPaysleyRefundsAndCaptures(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		py := "bearer:" + e.Keys["py_test"]
		_, pay := payRequest(t, e, `{"request_methods":["WEB"],"email":"c@example.com","amount":10,"currency":"USD","fixed_amount":true}`)
		_, pa := payRequest(t, e, `{"request_methods":["WEB"],"email":"c@example.com","amount":10,"currency":"USD","fixed_amount":true,"payment_type":"PA"}`)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for i := 0; i < 30; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Auth: py, Body: `{"amount":0.75}`})
				mu.Lock()
				codes[fmt.Sprint("refund ", r.Status)]++
				mu.Unlock()
			}()
			go func() {
				defer wg.Done()
				r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/captures/" + pa, Auth: py, Body: `{"amount":2}`})
				mu.Lock()
				codes[fmt.Sprint("capture ", r.Status)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes["refund 200"] != 13 || codes["capture 200"] != 1 || codes["refund 400"] != 17 || codes["capture 400"] != 29 {
			t.Fatalf("outcomes: %v", codes)
		}
		p, _ := e.Engine.GetPayment(context.Background(), domain.Scope{MerchantID: mustMerchant(t, e)}, pay)
		if p.AmountRefunded != 975 {
			t.Fatalf("refunded %d", p.AmountRefunded)
		}
	})
}

func mustMerchant(t *testing.T, e *servertest.Env) string {
	t.Helper()
	a, err := e.Engine.Authenticate(context.Background(), e.Keys["py_test"])
	if err != nil {
		t.Fatal(err)
	}
	return a.MerchantID
}

func TestPaysleyIsolationAndIdempotency(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		_, other := storetest.MustMerchant(t, e.Engine, "Other")
		py, theirs := "bearer:"+e.Keys["py_test"], "bearer:"+other["py_test"]
		txn, pay := payRequest(t, e, `{"request_methods":["WEB"],"email":"i@example.com","amount":10,"currency":"USD","fixed_amount":true}`)
		for _, c := range []servertest.Call{
			{Method: "GET", Path: "/v2/payment-requests/" + txn},
			{Method: "DELETE", Path: "/v2/payment-requests/" + txn},
			{Method: "GET", Path: "/v2/payments/" + pay},
			{Method: "POST", Path: "/v2/refunds/" + pay, Body: `{"amount":1}`},
			{Method: "POST", Path: "/v2/captures/" + pay, Body: `{"amount":1}`},
			{Method: "DELETE", Path: "/v2/payments/subscription/" + pay},
		} {
			c.Auth = theirs
			if r := e.Do(t, c); r.Status != 404 {
				t.Errorf("%s %s with another merchant's key: %d %s", c.Method, c.Path, r.Status, r.Text())
			}
		}
		if r := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payments", Auth: theirs}); r.Get("total_count") != 0.0 {
			t.Fatalf("another merchant sees the history: %s", r.Text())
		}
		// Idempotency-Key: the same refund sent twice refunds once.
		key := map[string]string{"Idempotency-Key": "refund-1"}
		first := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Auth: py, Body: `{"amount":2}`, Headers: key})
		again := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Auth: py, Body: `{"amount":2}`, Headers: key})
		if first.Status != 200 || again.Header.Get("Idempotent-Replayed") != "true" || again.Text() != first.Text() {
			t.Fatalf("replay: %d %s / %v %s", first.Status, first.Text(), again.Header, again.Text())
		}
		other3 := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/refunds/" + pay, Auth: py, Body: `{"amount":3}`, Headers: key})
		// Other parameters with the key: 409, as the Paysley document's table says.
		servertest.Expect(t, other3, 409, map[string]any{"is_valid": false, "error_field": "Idempotency-Key", "result": "failed"})
		servertest.Expect(t, e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payments/pay_" + pay, Auth: "bearer:" + e.Keys["sk_test"]}),
			200, map[string]any{"amount_refunded": 200.0})
	})
}

// txnNumber is a transaction_id ("12OO") as the refund response shows it: the number.
func txnNumber(txn string) float64 {
	n, _ := strconv.ParseFloat(strings.TrimSuffix(txn, "OO"), 64)
	return n
}

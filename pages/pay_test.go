package pages_test

import (
	"context"
	"image"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

var receiptLink = regexp.MustCompile(`/receipts/pay_([0-9a-f]{32})`)

// TestPaymentPageOverHTTP pays a payment request through the page's form,
// without a browser: the links, the page, the payment, the paid page, the
// receipt files, the invoice and the QR code.
func TestPaymentPageOverHTTP(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	pr := mustRequest(t, e, `"amount": "23.50", "fixed_amount": true, "reference_number": "INV-77",
		"cart_items": [{"name": "Crème brûlée <script>alert(1)</script>", "qty": "2", "sales_price": "10.00", "tax_type": "percentage", "tax_value": "10", "tax_name": "VAT"},
		               {"name": "Über-Kaffee", "qty": "1", "sales_price": "3.50"}],
		"shipping_charges": "5.00"`)

	// short_url redirects to long_url; the page shows the cart and the total, escaped.
	res, _ := get(t, pr.ShortURL)
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != strings.TrimPrefix(pr.LongURL, e.URL) {
		t.Fatalf("short_url: %d to %q, want %s", res.StatusCode, res.Header.Get("Location"), pr.LongURL)
	}
	res, page := get(t, pr.LongURL)
	if res.StatusCode != 200 {
		t.Fatalf("page: %d %s", res.StatusCode, page)
	}
	for _, want := range []string{"Acme", "$30.50", "$20.00", "$2.00", "VAT", "Shipping", "$5.00", "INV-77", "Test mode",
		`autocomplete="cc-number"`, `autocomplete="cc-exp"`, `autocomplete="cc-csc"`, `autocomplete="cc-name"`,
		"&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("a product name's <script> reached the page unescaped")
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'nonce-") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP: %s", csp)
	}

	// The QR code decodes to short_url; the invoice reads back with its totals.
	res, qr := get(t, pr.QRCode)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if got := decodeQR(t, []byte(qr)); got != pr.ShortURL {
		t.Fatalf("QR code says %q, want %q", got, pr.ShortURL)
	}
	id := strings.TrimPrefix(pr.LongURL, e.URL+"/pay/")
	res, inv := get(t, e.URL+"/invoices/"+id+".pdf")
	if res.StatusCode != 200 {
		t.Fatalf("invoice: %d", res.StatusCode)
	}
	text := pdfText(t, []byte(inv))
	for _, want := range []string{"Acme", "Invoice " + pr.TransactionID, "Crème brûlée", "Über-Kaffee", "$20.00", "$3.50", "VAT", "$2.00",
		"Shipping", "$5.00", "Total due", "$30.50", "INV-77"} {
		if !strings.Contains(text, want) {
			t.Errorf("invoice text lacks %q:\n%s", want, text)
		}
	}

	// A decline shows the message and leaves the request open; card fields are not echoed.
	res, page = post(t, pr.LongURL, cardForm("4000000000009995"))
	if res.StatusCode != http.StatusPaymentRequired || !strings.Contains(page, "insufficient funds") || strings.Contains(page, "4000000000009995") {
		t.Fatalf("decline: %d %s", res.StatusCode, page)
	}
	// Pay: a redirect to the receipt.
	res, _ = post(t, pr.LongURL, cardForm("4242 4242 4242 4242"))
	m := receiptLink.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("pay: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Paid: the page says so with the receipt; paying again is refused.
	res, page = get(t, pr.LongURL)
	if res.StatusCode != 200 || !strings.Contains(page, "Already paid") || !strings.Contains(page, m[0]) {
		t.Fatalf("paid page: %d %s", res.StatusCode, page)
	}
	res, page = post(t, pr.LongURL, cardForm("4242424242424242"))
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, m[0]) {
		t.Fatalf("paying again: %d %s", res.StatusCode, page)
	}

	// The receipt, as a page and as files.
	res, page = get(t, e.URL+m[0])
	if res.StatusCode != 200 || !strings.Contains(page, "$30.50") || !strings.Contains(page, "Paid") {
		t.Fatalf("receipt: %d %s", res.StatusCode, page)
	}
	res, pdf := get(t, e.URL+m[0]+".pdf")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("receipt pdf: %d", res.StatusCode)
	}
	if text := pdfText(t, []byte(pdf)); !strings.Contains(text, "$30.50") || !strings.Contains(text, "Paid") || !strings.Contains(text, "Visa •••• 4242") {
		t.Errorf("receipt pdf text:\n%s", text)
	}
	for _, ext := range []string{"png", "jpeg"} {
		res, b := get(t, e.URL+m[0]+"."+ext)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/"+ext {
			t.Fatalf("receipt %s: %d %s", ext, res.StatusCode, res.Header.Get("Content-Type"))
		}
		img, format, err := image.Decode(strings.NewReader(b))
		if err != nil || format != ext || img.Bounds().Dx() < 500 {
			t.Fatalf("receipt %s: %v %s", ext, err, format)
		}
	}
}

// TestTestWallets: in test mode a simulated wallet button pays when the
// request offers it and the merchant allows it; otherwise it is refused.
func TestTestWallets(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	pr := mustRequest(t, e, `"amount": "8.00", "fixed_amount": true, "payment_methods": ["GOOGLE_PAY"]`)
	_, page := get(t, pr.LongURL)
	if !strings.Contains(page, "Pay with Google Pay (test)") || strings.Contains(page, "Apple Pay") {
		t.Fatalf("wallet buttons: %s", page)
	}
	if res, _ := post(t, pr.LongURL, url.Values{"wallet": {"APPLE_PAY"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wallet not offered: %d", res.StatusCode)
	}
	res, _ := post(t, pr.LongURL, url.Values{"wallet": {"GOOGLE_PAY"}})
	if res.StatusCode != http.StatusSeeOther || !receiptLink.MatchString(res.Header.Get("Location")) {
		t.Fatalf("wallet payment: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestConcurrentFormPosts: many submits of one form at once charge once;
// every other payer is told to wait or that it is paid.
func TestConcurrentFormPosts(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	pr := mustRequest(t, e, `"amount": "3.00", "fixed_amount": true`)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := post(t, pr.LongURL, cardForm("4242424242424242"))
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusSeeOther] != 1 || statuses[http.StatusSeeOther]+statuses[http.StatusConflict] != 8 {
		t.Fatalf("answers: %v, want one 303 and seven 409", statuses)
	}
}

// TestUnpayableLinks: unknown, deleted and expired links get an HTML page
// with the right status, never a 500 or API JSON.
func TestUnpayableLinks(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	e := servertest.New(t, s)
	deleted := mustRequest(t, e, `"amount": "5", "fixed_amount": true`)
	r := e.Do(t, servertest.Call{Method: "DELETE", Path: "/v2/payment-requests/" + deleted.TransactionID, Auth: "bearer:" + e.Keys["py_test"]})
	if r.Status != 200 {
		t.Fatalf("delete: %d %s", r.Status, r.Text())
	}
	expired := mustRequest(t, e, `"amount": "5", "fixed_amount": true, "expiry_date": "2099-01-01 00:00"`)
	expire(t, s, strings.TrimPrefix(expired.LongURL, e.URL+"/pay/"))
	for _, tc := range []struct {
		name, url string
		status    int
		want      string
	}{
		{"unknown", e.URL + "/pay/preq_nothing", 404, "not found"},
		{"unknown short", e.URL + "/p/nothing", 302, ""},
		{"no prefix", e.URL + "/pay/x", 404, "not found"},
		{"deleted", deleted.LongURL, 410, "withdrawn"},
		{"expired", expired.LongURL, 410, "expired"},
		{"unknown receipt", e.URL + "/receipts/pay_00000000000000000000000000000000", 404, "not found"},
		{"unknown challenge", e.URL + "/authenticate/pay_0000", 404, "not found"},
		{"unknown qr", e.URL + "/qr/preq_nothing.png", 404, "not found"},
		{"unknown invoice", e.URL + "/invoices/preq_nothing.pdf", 404, "not found"},
	} {
		res, page := get(t, tc.url)
		if res.StatusCode != tc.status || !strings.Contains(page, tc.want) {
			t.Errorf("%s: %d %q", tc.name, res.StatusCode, page)
		}
		if tc.want != "" && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %s", tc.name, res.Header.Get("Content-Type"))
		}
	}
	res, page := post(t, expired.LongURL, cardForm("4242424242424242"))
	if res.StatusCode != 410 || !strings.Contains(page, "expired") {
		t.Errorf("paying an expired link: %d", res.StatusCode)
	}
}

// TestAttemptsPerLinkAcrossNodes: one payment link takes 30 attempts that
// reached a card in 15 minutes, counted by the database, so two servers on
// one store share the count; the 31st answers 429 on either.
func TestAttemptsPerLinkAcrossNodes(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	a, b := servertest.New(t, s), servertest.New(t, s)
	pr := mustRequest(t, a, `"amount": "3.00", "fixed_amount": true`)
	onB := strings.Replace(pr.LongURL, a.URL, b.URL, 1)
	for i := range 30 {
		link := pr.LongURL
		if i%2 == 1 {
			link = onB
		}
		if res, _ := post(t, link, cardForm("4000000000000002")); res.StatusCode != http.StatusPaymentRequired {
			t.Fatalf("attempt %d: %d, want 402 (declined)", i+1, res.StatusCode)
		}
	}
	for _, link := range []string{pr.LongURL, onB} {
		if res, page := post(t, link, cardForm("4242424242424242")); res.StatusCode != http.StatusTooManyRequests ||
			!strings.Contains(page, "Too many attempts") {
			t.Errorf("the 31st attempt: %d, want 429", res.StatusCode)
		}
	}
}

// TestShippingAddressOverHTTP pays a request with shipping_enabled through
// the page's form: the form starts from the merchant's shipping_address, a
// missing field is refused by name with nothing written, a decline changes
// no address, and the paid request shows the payer's address through the
// Paysley API and the engine. A request without shipping_enabled keeps none.
func TestShippingAddressOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		ctx := context.Background()
		pr := mustRequest(t, e, `"amount": "12.00", "fixed_amount": true, "shipping_enabled": true, "shipping_address": {
			"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "mobile_no": "+12015550123",
			"address_line_1": "1 Old Road", "city": "Springfield", "zip": "11111", "country": "US"}`)
		apiAddress := func(t *testing.T) map[string]any {
			t.Helper()
			r := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + pr.TransactionID, Auth: "bearer:" + e.Keys["py_test"]})
			if r.Status != 200 {
				t.Fatalf("get request: %d %s", r.Status, r.Text())
			}
			a, _ := r.Get("transactions.0.shipping_address").(map[string]any)
			return a
		}
		form := func(card string, fields map[string]string) url.Values {
			f := cardForm(card)
			for k, v := range fields {
				f.Set(k, v)
			}
			return f
		}
		address := map[string]string{"ship_first_name": " Zoë", "ship_last_name": "Müller", "ship_line1": "Hauptstraße 5",
			"ship_line2": "3. OG", "ship_city": "Berlin", "ship_state": "", "ship_zip": "10115", "ship_country": "de"}

		// The form starts from the merchant's address.
		res, page := get(t, pr.LongURL)
		if res.StatusCode != 200 {
			t.Fatalf("page: %d", res.StatusCode)
		}
		for _, want := range []string{`name="ship_first_name" autocomplete="shipping given-name" maxlength="100" value="Ann"`,
			`value="Lee"`, `value="1 Old Road"`, `value="Springfield"`, `value="11111"`, `value="US"`} {
			if !strings.Contains(page, want) {
				t.Errorf("form lacks %s", want)
			}
		}

		// A missing postal code: refused by name, what was typed shown again,
		// nothing written.
		noZip := maps.Clone(address)
		noZip["ship_zip"] = " "
		res, page = post(t, pr.LongURL, form("4242424242424242", noZip))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Enter the shipping address&#39;s postal code.") ||
			!strings.Contains(page, `value="Hauptstraße 5"`) {
			t.Fatalf("no postal code: %d %s", res.StatusCode, page)
		}
		countryName := maps.Clone(address)
		countryName["ship_country"] = "Germany"
		res, page = post(t, pr.LongURL, form("4242424242424242", countryName))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "two-letter ISO 3166 country code") {
			t.Fatalf("a country name: %d %s", res.StatusCode, page)
		}
		if n, err := e.Engine.PaymentAttempts(ctx, strings.TrimPrefix(pr.LongURL, e.URL+"/pay/"), time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("%d payments after refused addresses (%v)", n, err)
		}
		if a := apiAddress(t); a["address_line_1"] != "1 Old Road" || a["zip"] != "11111" {
			t.Fatalf("after a refused address: %v", a)
		}

		// A decline changes no address.
		if res, _ = post(t, pr.LongURL, form("4000000000000002", address)); res.StatusCode != http.StatusPaymentRequired {
			t.Fatalf("decline: %d", res.StatusCode)
		}
		if a := apiAddress(t); a["address_line_1"] != "1 Old Road" {
			t.Fatalf("after a decline: %v", a)
		}

		// Paid: the payer's address is the request's, tidied; the e-mail and
		// mobile number the form does not show carry over.
		res, _ = post(t, pr.LongURL, form("4242424242424242", address))
		if res.StatusCode != http.StatusSeeOther || !receiptLink.MatchString(res.Header.Get("Location")) {
			t.Fatalf("pay: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		want := map[string]any{"first_name": "Zoë", "last_name": "Müller", "email": "ann@example.com", "mobile_no": "+12015550123",
			"address_line_1": "Hauptstraße 5", "address_line_2": "3. OG", "city": "Berlin", "state": "", "zip": "10115", "country": "DE"}
		if a := apiAddress(t); !maps.Equal(a, want) {
			t.Fatalf("shipping_address %v, want %v", a, want)
		}
		got, err := e.Engine.GetPaymentRequest(ctx, domain.Scope{MerchantID: e.MerchantID}, pr.TransactionID)
		if err != nil || got.Status != "paid" || got.ShippingAddress == nil || got.ShippingAddress.City != "Berlin" || len(got.PayerShipping) != 0 {
			t.Fatalf("engine: %+v %v", got, err)
		}

		// Without shipping_enabled the form has no address and keeps none.
		plain := mustRequest(t, e, `"amount": "4.00", "fixed_amount": true`)
		if _, page := get(t, plain.LongURL); strings.Contains(page, "ship_line1") {
			t.Fatal("a request without shipping_enabled asks for an address")
		}
		res, _ = post(t, plain.LongURL, form("4242424242424242", address))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("pay without shipping: %d", res.StatusCode)
		}
		r := e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payment-requests/" + plain.TransactionID, Auth: "bearer:" + e.Keys["py_test"]})
		servertest.Expect(t, r, 200, map[string]any{"transactions.0.status": "success", "transactions.0.shipping_address": nil})

		// A recurring request stays payable once paid: the next payer's form
		// is not pre-filled with the first payer's address.
		monthly := mustRequest(t, e, `"amount": "9.00", "fixed_amount": true, "shipping_enabled": true,
			"payment_frequency": "MONTHLY", "payment_start_date": "2027-06-01T09:00:00.000Z", "initial_payment_amount": "1.00", "total_number_of_payments": "3"`)
		if res, _ = post(t, monthly.LongURL, form("4242424242424242", address)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("pay the recurring request: %d", res.StatusCode)
		}
		if _, page := get(t, monthly.LongURL); !strings.Contains(page, "ship_line1") || strings.Contains(page, "Hauptstraße") {
			t.Fatalf("the next payer's form shows the first payer's address (or no form):\n%s", page)
		}
	})
}

package pages_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// receiptField returns the text of the receipt element with id, or "" when
// the page has none.
func receiptField(page, id string) string {
	m := regexp.MustCompile(`id="` + id + `">([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestReceiptAfterPartialCaptureAndRefunds: the receipt shows what was
// captured, not what was authorised, and what refunds leave.
func TestReceiptAfterPartialCaptureAndRefunds(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	body := fmt.Sprintf(`{"amount": 999, "currency": "usd", "capture": false, "payment_method": {"type": "card",
		"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": %d, "cvc": "123"}}}`, time.Now().Year()+2)
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: body})
	servertest.Expect(t, r, 200, map[string]any{"status": "requires_capture"})
	id := r.Get("id").(string)
	receiptPath := strings.TrimPrefix(r.Get("receipt_url").(string), e.URL)

	steps := []struct {
		name                          string
		call                          *servertest.Call // nil: look at the receipt as it is
		amount, status, refunded, net string
	}{
		{"authorised", nil, "$9.99", "Authorised, not yet captured", "", ""},
		{"partial capture", &servertest.Call{Method: "POST", Path: "/v2/payments/" + id + "/capture", Body: `{"amount": 500}`},
			"$5.00", "Paid", "", ""},
		{"partial refund", &servertest.Call{Method: "POST", Path: "/v2/refunds", Body: `{"payment": "` + id + `", "amount": 200}`},
			"$5.00", "Partially refunded", "$2.00", "$3.00"},
		{"refund the rest", &servertest.Call{Method: "POST", Path: "/v2/refunds", Body: `{"payment": "` + id + `"}`},
			"$5.00", "Refunded", "$5.00", "$0.00"},
	}
	for _, st := range steps {
		if st.call != nil {
			st.call.Auth = sk
			servertest.Expect(t, e.Do(t, *st.call), 200, nil)
		}
		page := e.Do(t, servertest.Call{Method: "GET", Path: receiptPath})
		if page.Status != 200 {
			t.Fatalf("%s: receipt status %d: %s", st.name, page.Status, page.Text())
		}
		text := page.Text()
		for _, f := range []struct{ id, want string }{{"amount", st.amount}, {"status", st.status},
			{"refunded", st.refunded}, {"net", st.net}} {
			if got := receiptField(text, f.id); got != f.want {
				t.Errorf("%s: %s = %q, want %q", st.name, f.id, got, f.want)
			}
		}
		if st.call != nil && strings.Contains(text, "9.99") {
			t.Errorf("%s: the receipt still shows the authorised 9.99:\n%s", st.name, text)
		}
	}
}

// TestReceiptInMerchantTimeZone: pages show dates in the merchant's time
// zone, UTC until it sets one.
func TestReceiptInMerchantTimeZone(t *testing.T) {
	t.Parallel()
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	body := fmt.Sprintf(`{"amount": 500, "currency": "usd", "payment_method": {"type": "card",
		"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": %d, "cvc": "123"}}}`, time.Now().Year()+2)
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: sk, Body: body})
	path := strings.TrimPrefix(r.Get("receipt_url").(string), e.URL)
	created := time.Unix(int64(r.Get("created").(float64)), 0)
	if page := e.Do(t, servertest.Call{Method: "GET", Path: path}).Text(); !strings.Contains(page, created.UTC().Format("15:04 MST")) {
		t.Fatalf("receipt without a time zone is not in UTC: %s", page)
	}
	zone := "Asia/Tokyo"
	if _, err := e.Engine.SetSubscriptionSettings(t.Context(), e.MerchantID, domain.SubscriptionSettings{TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	tokyo, _ := time.LoadLocation(zone)
	if page := e.Do(t, servertest.Call{Method: "GET", Path: path}).Text(); !strings.Contains(page, created.In(tokyo).Format("15:04 JST")) {
		t.Fatalf("receipt not in the merchant's zone: %s", page)
	}
}

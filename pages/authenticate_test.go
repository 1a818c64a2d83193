package pages_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

var challengeLink = regexp.MustCompile(`^/authenticate/(pay_[0-9a-f]{32})$`)

// TestCanceledChallenge: once its merchant canceled a payment waiting for
// 3-D Secure, its challenge page says so (nothing charged) instead of asking,
// an answer posted from a page left open changes nothing, and the receipt
// shows it canceled. A payment request's payer is sent back to the request,
// which can still be paid.
func TestCanceledChallenge(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		cancel := func(id string) {
			t.Helper()
			r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments/" + id + "/cancel", Auth: "basic:" + e.Keys["sk_test"]})
			servertest.Expect(t, r, 200, map[string]any{"status": "canceled"})
		}
		canceledPage := func(id, link string) {
			t.Helper()
			for _, answer := range []url.Values{nil, {"answer": {"complete"}}} {
				var res *http.Response
				var page string
				if answer == nil {
					res, page = get(t, e.URL+"/authenticate/"+id)
				} else {
					res, page = post(t, e.URL+"/authenticate/"+id, answer)
				}
				if res.StatusCode != http.StatusConflict || !strings.Contains(page, "This payment was canceled") ||
					!strings.Contains(page, "nothing was charged") || !strings.Contains(page, `href="`+link+`"`) ||
					strings.Contains(page, `name="answer"`) {
					t.Fatalf("challenge of a canceled payment (answer %v): %d %s", answer, res.StatusCode, page)
				}
			}
		}

		// A PaySmart API payment: the page links to its receipt, which says canceled.
		r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "basic:" + e.Keys["sk_test"],
			Body: `{"amount": 1500, "currency": "eur", "payment_method": {"type": "card", "card": {"number": "4000002760003184", "exp_month": 12, "exp_year": 2034, "cvc": "123"}}}`})
		servertest.Expect(t, r, 200, map[string]any{"status": "requires_action"})
		id := r.Get("id").(string)
		if res, page := get(t, e.URL+"/authenticate/"+id); res.StatusCode != 200 || !strings.Contains(page, `name="answer"`) {
			t.Fatalf("challenge before the cancel: %d %s", res.StatusCode, page)
		}
		cancel(id)
		canceledPage(id, "/receipts/"+id)
		if res, page := get(t, e.URL+"/receipts/"+id); res.StatusCode != 200 || !strings.Contains(page, "Canceled") ||
			strings.Contains(page, "/authenticate/") {
			t.Fatalf("receipt of the canceled payment: %d %s", res.StatusCode, page)
		}
		servertest.Expect(t, e.Do(t, servertest.Call{Method: "GET", Path: "/v2/payments/" + id, Auth: "basic:" + e.Keys["sk_test"]}),
			200, map[string]any{"status": "canceled", "amount_captured": 0.0})

		// A payment request's payer: back to the request, still payable.
		pr := mustRequest(t, e, `"amount": "15.00", "fixed_amount": true`)
		res, _ := post(t, pr.LongURL, cardForm("4000002760003184"))
		m := challengeLink.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("pay with a 3-D Secure card: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		cancel(m[1])
		canceledPage(m[1], strings.TrimPrefix(pr.LongURL, e.URL))
		if res, page := get(t, pr.LongURL); res.StatusCode != 200 || !strings.Contains(page, `autocomplete="cc-number"`) {
			t.Fatalf("the request after the cancel: %d %s", res.StatusCode, page)
		}
		res, _ = post(t, pr.LongURL, cardForm("4242424242424242"))
		if res.StatusCode != http.StatusSeeOther || !receiptLink.MatchString(res.Header.Get("Location")) {
			t.Fatalf("paying the request after the cancel: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

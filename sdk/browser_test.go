package sdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// shopPage is a merchant's checkout page on its own origin: it loads the Node
// library's browser build and tokenises a card with the publishable key, then
// tries what a page must not be able to do.
const shopPage = `<!doctype html><meta charset="utf-8"><title>Shop</title>
<p id="token"></p><p id="declined"></p><p id="secret"></p><p id="other"></p><p id="done"></p>
<script type="module">
import * as lib from "/paysmart.js";
const PaySmart = lib.PaySmart || lib.default;
const q = new URLSearchParams(location.search);
const api = q.get("api"), pk = q.get("pk");
const show = (id, v) => { document.getElementById(id).textContent = v; };
const card = (number) => ({ type: "card", card: { number, exp_month: 12, exp_year: 2030, cvc: "123" } });
try { show("token", (await PaySmart(pk, { apiBase: api }).paymentMethods.create(card("4242424242424242"))).id); }
catch (e) { show("token", "error: " + (e.code || e.message)); }
try { await PaySmart(pk, { apiBase: api }).paymentMethods.create(card("4242424242424241")); show("declined", "no error"); }
catch (e) { show("declined", e.code || e.message); }
try { PaySmart(q.get("sk"), { apiBase: api }); show("secret", "accepted"); }
catch (e) { show("secret", "refused"); }
try { const r = await fetch(api + "/payments", { headers: { Authorization: "Bearer " + pk } }); show("other", "read " + r.status); }
catch (e) { show("other", "blocked"); }
show("done", "done");
</script>`

// TestBrowserTokenization: in Debian's chromium, a page on another origin
// tokenises a card with the browser build and a pk_ key, reads a card error,
// refuses an sk_ key, and cannot read any other API call; the merchant's
// server then charges the pm_ with its secret key.
func TestBrowserTokenization(t *testing.T) {
	t.Parallel()
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (apt-get install chromium): %v", err)
	}
	lib, err := os.ReadFile("node/browser/paysmart.js")
	if err != nil {
		t.Fatal(err)
	}
	e := servertest.New(t, storetest.Open(t, store.SQLite))
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/paysmart.js" {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(lib)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(shopPage))
	}))
	defer shop.Close()
	// Another origin: "localhost" and another port, against the API's 127.0.0.1.
	page := strings.Replace(shop.URL, "127.0.0.1", "localhost", 1) + "/?api=" + e.URL + "/v2&pk=" + e.Keys["pk_test"] + "&sk=" + e.Keys["sk_test"]

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))...)
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTime()
	got := map[string]string{}
	text := func(id string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			v, err := chromedp.Text(chromedp.CSS("#"+id))(ctx, tg)
			got[id] = v
			return chromedp.Void{}, err
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#done:not(:empty)")),
		text("token"), text("declined"), text("secret"), text("other")); err != nil {
		t.Fatalf("the shop page: %v", err)
	}
	if !strings.HasPrefix(got["token"], "pm_") {
		t.Fatalf("tokenised: %q, want a pm_ id", got["token"])
	}
	if got["declined"] != "incorrect_number" {
		t.Errorf("a mistyped card: %q, want the API's code incorrect_number", got["declined"])
	}
	if got["secret"] != "refused" {
		t.Errorf("the browser build with a secret key: %q, want refused", got["secret"])
	}
	if got["other"] != "blocked" {
		t.Errorf("another API call from the page: %q, want blocked by the browser", got["other"])
	}

	// The merchant's server charges the token.
	req, _ := http.NewRequest("POST", e.URL+"/v2/payments", strings.NewReader(
		fmt.Sprintf(`{"amount": 2000, "currency": "usd", "payment_method": %q}`, got["token"])))
	req.Header.Set("Authorization", "Bearer "+e.Keys["sk_test"])
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p struct{ Status string }
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || res.StatusCode != 200 || p.Status != "succeeded" {
		t.Fatalf("charging the token: %d %+v %v", res.StatusCode, p, err)
	}
}

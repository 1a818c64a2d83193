package pages_test

import (
	"image"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestShipToInFiles: the invoice and the receipt PDFs print the payment
// request's shipping address under "Ship to", a part a line in order, in
// UTF-8 — the merchant's, or with shipping_enabled the payer's once paid —
// and print no "Ship to" when there is nothing to ship to.
func TestShipToInFiles(t *testing.T) {
	t.Parallel()
	lodz := []string{"Zoë Müller", "ul. Piotrkowska 104", "lok. 7", "Łódź", "Łódzkie", "90-001", "PL"}
	cases := []struct {
		name     string
		body     string            // the create body's extra fields
		payer    map[string]string // the page's shipping fields, shipping_enabled
		invoice  []string          // the invoice's Ship to lines before paying
		paid     []string          // the invoice's and the receipt's after
		notAfter string            // text gone once paid
	}{
		{name: "no address"}, // first: the others' pictures are measured against it
		{name: "merchant's address",
			body: `"shipping_address": {"first_name": "Zoë", "last_name": "Müller", "email": "zoe@example.com", "mobile_no": "+48425550123",
				"address_line_1": "ul. Piotrkowska 104", "address_line_2": "lok. 7", "city": "Łódź", "state": "Łódzkie", "zip": "90-001", "country": "PL"}`,
			invoice: lodz, paid: lodz},
		{name: "payer's address",
			body: `"shipping_enabled": true, "shipping_address": {"first_name": "Ann", "last_name": "Lee",
				"address_line_1": "1 Old Road", "city": "Springfield", "zip": "11111", "country": "US"}`,
			payer: map[string]string{"ship_first_name": "Zoë", "ship_last_name": "Müller", "ship_line1": "ul. Piotrkowska 104",
				"ship_line2": "lok. 7", "ship_city": "Łódź", "ship_state": "Łódzkie", "ship_zip": "90-001", "ship_country": "pl"},
			invoice: []string{"Ann Lee", "1 Old Road", "Springfield", "11111", "US"}, paid: lodz, notAfter: "Old Road"},
		{name: "empty parts skipped",
			body:    `"shipping_address": {"last_name": "Ørsted", "address_line_1": "Nørregade 1", "city": "København", "zip": "1165", "country": "DK"}`,
			invoice: []string{"Ørsted", "Nørregade 1", "København", "1165", "DK"}, paid: []string{"Ørsted", "Nørregade 1", "København", "1165", "DK"}},
		{name: "nothing printable", body: `"shipping_address": {"email": "zoe@example.com", "mobile_no": "+48425550123"}`},
	}
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		bare := 0 // the receipt png's height without an address
		for _, c := range cases {
			body := `"amount": "12.00", "fixed_amount": true`
			if c.body != "" {
				body += ", " + c.body
			}
			pr := mustRequest(t, e, body)
			id := strings.TrimPrefix(pr.LongURL, e.URL+"/pay/")
			invoice := func() string {
				t.Helper()
				res, b := get(t, e.URL+"/invoices/"+id+".pdf")
				if res.StatusCode != 200 {
					t.Fatalf("%s: invoice: %d", c.name, res.StatusCode)
				}
				return pdfText(t, []byte(b))
			}
			expectShipTo(t, c.name+": invoice", invoice(), c.invoice)

			form := cardForm("4242424242424242")
			for k, v := range c.payer {
				form.Set(k, v)
			}
			res, _ := post(t, pr.LongURL, form)
			m := receiptLink.FindStringSubmatch(res.Header.Get("Location"))
			if m == nil {
				t.Fatalf("%s: pay: %d to %q", c.name, res.StatusCode, res.Header.Get("Location"))
			}
			res, b := get(t, e.URL+m[0]+".pdf")
			if res.StatusCode != 200 {
				t.Fatalf("%s: receipt: %d", c.name, res.StatusCode)
			}
			receipt := pdfText(t, []byte(b))
			if !strings.Contains(receipt, "$12.00") {
				t.Errorf("%s: the receipt reads back without its amount:\n%s", c.name, receipt)
			}
			paidInvoice := invoice()
			expectShipTo(t, c.name+": receipt", receipt, c.paid)
			expectShipTo(t, c.name+": paid invoice", paidInvoice, c.paid)
			if c.notAfter != "" && (strings.Contains(receipt, c.notAfter) || strings.Contains(paidInvoice, c.notAfter)) {
				t.Errorf("%s: %q is still printed once the payer's address replaced it", c.name, c.notAfter)
			}

			// The pictures (receipt and invoice for MMS) carry the block
			// too: each address line adds to the card's height.
			_, png := get(t, e.URL+m[0]+".png")
			img, _, err := image.Decode(strings.NewReader(png))
			if err != nil {
				t.Fatalf("%s: receipt png: %v", c.name, err)
			}
			if c.name == "no address" {
				bare = img.Bounds().Dy()
				continue
			}
			want := 0
			if len(c.paid) > 0 {
				want = 56 + 36*(len(c.paid)-1)
			}
			if got := img.Bounds().Dy() - bare; got != want {
				t.Errorf("%s: the receipt png is %d pixels taller than one without an address, want %d", c.name, got, want)
			}
		}
	})
}

// expectShipTo checks that text (pdftotext -layout) prints want after
// "Ship to", each part on a line of its own and in order, or no "Ship to"
// when want is empty.
func expectShipTo(t *testing.T, name, text string, want []string) {
	t.Helper()
	i := strings.Index(text, "Ship to")
	if len(want) == 0 {
		if i >= 0 {
			t.Errorf("%s prints a Ship to with nothing to ship to:\n%s", name, text)
		}
		return
	}
	if i < 0 {
		t.Errorf("%s has no Ship to:\n%s", name, text)
		return
	}
	lines := strings.Split(text[i+len("Ship to"):], "\n")
	if len(lines) < len(want) {
		t.Errorf("%s: Ship to has %d lines, want %q:\n%s", name, len(lines), want, text)
		return
	}
	for k, w := range want {
		if got := strings.TrimSpace(lines[k]); got != w {
			t.Errorf("%s: Ship to line %d is %q, want %q:\n%s", name, k+1, got, w, text)
		}
	}
}

package pages_test

import (
	"bytes"
	"encoding/json"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
)

// request is a payment request made through the Paysley API, with its links.
type request struct {
	TransactionID, LongURL, ShortURL, QRCode string
}

// mustRequest creates a payment request with the Paysley body fields in
// body (a JSON object's inside, without braces).
func mustRequest(t *testing.T, e *servertest.Env, body string) request {
	t.Helper()
	r := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: "bearer:" + e.Keys["py_test"],
		Body: `{"request_methods": ["WEB"], "email": "payer@example.com", "currency": "USD", "payment_type": "DB", ` + body + `}`})
	if r.Status != 200 && r.Status != 201 {
		t.Fatalf("create payment request: %d %s", r.Status, r.Text())
	}
	str := func(k string) string {
		v, _ := r.Get(k).(string)
		if v == "" {
			v, _ = r.Get("data." + k).(string)
		}
		return v
	}
	pr := request{TransactionID: str("transaction_id"), LongURL: str("long_url"), ShortURL: str("short_url"), QRCode: str("qrcode_link")}
	if pr.LongURL == "" {
		t.Fatalf("no long_url in %s", r.Text())
	}
	return pr
}

// expire moves a payment request's expiry into the past, in its stored
// details, as if its time had come.
func expire(t *testing.T, s *store.Store, id string) {
	t.Helper()
	var details string
	if err := s.DB().QueryRow(`SELECT details FROM payment_requests WHERE id = $1`, id).Scan(&details); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(details), &m); err != nil {
		t.Fatal(err)
	}
	m["ExpiresAt"] = "2001-01-01T00:00:00Z"
	b, _ := json.Marshal(m)
	if _, err := s.DB().Exec(`UPDATE payment_requests SET details = $2, expires_at = 978307200000 WHERE id = $1`, id, string(b)); err != nil {
		t.Fatal(err)
	}
}

// get fetches url without following redirects.
func get(t *testing.T, rawURL string) (*http.Response, string) {
	t.Helper()
	return send(t, "GET", rawURL, nil)
}

func post(t *testing.T, rawURL string, form url.Values) (*http.Response, string) {
	t.Helper()
	return send(t, "POST", rawURL, form)
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func send(t *testing.T, method, rawURL string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res, b.String()
}

// pdfText reads a PDF back as text with pdftotext (poppler-utils, which
// .ci/run installs).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is not installed (apt-get install poppler-utils): %v", err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// decodeQR reads the text of a QR code image.
func decodeQR(t *testing.T, b []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("QR image: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("QR decode: %v", err)
	}
	return res.GetText()
}

func cardForm(number string) url.Values {
	return url.Values{"cc_name": {"Zoë Müller"}, "cc_number": {number}, "cc_exp": {"12 / 34"}, "cc_csc": {"123"}}
}

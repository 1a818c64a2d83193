package domain

import (
	"net/netip"
	"net/url"
	"testing"
	"time"
)

// FuzzValidateCard: any number, expiry and CVC give a brand and the
// normalised card, or a card error with a reason; never a panic, and a
// number accepted is digits that pass Luhn.
func FuzzValidateCard(f *testing.F) {
	for _, s := range []string{"4242424242424242", "4242 4242-4242 4242", "378282246310005", "4242424242424241", "", "٤٢٤٢", "0000000000000"} {
		f.Add(s, 12, 2030, "123")
	}
	f.Add("6011111111111117", 0, 99, "12345")
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, number string, month, year int, cvc string) {
		in, brand, err := ValidateCard(CardInput{Number: number, ExpMonth: month, ExpYear: year, CVC: cvc}, now)
		if err != nil {
			if de := AsError(err); de.Code != CodeCard && de.Code != CodeInvalid || de.Reason == "" {
				t.Fatalf("ValidateCard(%q): error %v", number, err)
			}
			return
		}
		if brand == "" || !allDigits(in.Number) || !luhnValid(in.Number) {
			t.Fatalf("ValidateCard(%q) accepted %q as %q", number, in.Number, brand)
		}
	})
}

// FuzzValidateWebhookURL: a URL is accepted only when it is absolute
// http(s) with a host and no credentials, https in live mode, and its host,
// when written as an address, is one the server may call.
func FuzzValidateWebhookURL(f *testing.F) {
	for _, s := range []string{"https://example.com/hook", "http://localhost:3000/x", "http://169.254.169.254/latest",
		"http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/", "https://u:p@example.com/", "ftp://example.com/",
		"https://example.com/#frag", "//example.com", "http://0x7f000001/", "http://[::ffff:169.254.169.254]/"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, live bool) {
		if ValidateWebhookURL(raw, live) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || (live && u.Scheme != "https") {
			t.Fatalf("accepted %q (live %v)", raw, live)
		}
		if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !OutboundAllowed(ip, true) {
			t.Fatalf("accepted %q at a never-reachable address", raw)
		}
	})
}

// FuzzOutboundAllowed: the guard never allows what it refuses for private
// targets when private targets are refused too, and judges an address and
// its IPv4-mapped form alike.
func FuzzOutboundAllowed(f *testing.F) {
	for _, s := range []string{"8.8.8.8", "10.0.0.1", "169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::1", "fe80::1%eth0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return
		}
		public, private := OutboundAllowed(ip, false), OutboundAllowed(ip, true)
		if public && !private {
			t.Fatalf("%s allowed in live mode but not with private targets allowed", s)
		}
		if ip.Is4() {
			if m := netip.AddrFrom16(ip.As16()); OutboundAllowed(m, false) != public || OutboundAllowed(m, true) != private {
				t.Fatalf("%s and %s judged apart", ip, m)
			}
		}
	})
}

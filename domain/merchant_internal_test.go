package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCheckMerchantName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want, reason string
	}{
		{"Acme", "Acme", ""},
		{"  Acme Bakery  ", "Acme Bakery", ""},
		{strings.Repeat("é", 100), strings.Repeat("é", 100), ""},
		{"", "", "parameter_missing"},
		{" \t ", "", "parameter_missing"},
		{strings.Repeat("x", 101), "", "parameter_invalid"},
		{"Acme\nBakery", "", "parameter_invalid"},
		{"Acme\x00", "", "parameter_invalid"},
		{"Acme\u0085Bakery", "", "parameter_invalid"},
		{"Acme\xff", "", "parameter_invalid"},
	} {
		got, err := CheckMerchantName(c.in)
		if reason := AsError(err).Reason; err != nil && (reason != c.reason || AsError(err).Param != "name") || err == nil && c.reason != "" {
			t.Errorf("%q: %v, want reason %q", c.in, err, c.reason)
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCheckSender(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		asked, registered, reason string
	}{
		{"", "", ""},
		{"", "+14155550100", ""},
		{"+14155550100", "", "no_sender_numbers"},
		{"+14155550100", " , ", "no_sender_numbers"},
		{"+14155550100", "+14155550100", ""},
		{"+1 (415) 555-0100", "+442071838750, +14155550100", ""},
		{"14155550100", "+1 415 555 0100", ""},
		{"+14155550101", "+14155550100", "sender_not_registered"},
	} {
		err := checkSender(c.asked, c.registered)
		if AsError(err).Reason != c.reason && !(err == nil && c.reason == "") {
			t.Errorf("%q in %q: %v, want %q", c.asked, c.registered, err, c.reason)
		}
		if err != nil && (ErrorCode(err) != CodeForbidden || AsError(err).Param != "merchant_phone_number" || AsError(err).Value != c.asked) {
			t.Errorf("%q: %+v", c.asked, err)
		}
	}
}

func TestInvitationState(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := now.Add(-time.Hour)
	for _, c := range []struct {
		inv  Invitation
		want string
	}{
		{Invitation{Expires: now.Add(time.Second)}, InvitationPending},
		{Invitation{Expires: now}, InvitationExpired},
		{Invitation{Expires: now.Add(time.Hour), RevokedAt: &at}, InvitationRevoked},
		{Invitation{Expires: now.Add(-time.Hour), AcceptedAt: &at}, InvitationAccepted},
	} {
		if got := c.inv.State(now); got != c.want {
			t.Errorf("%+v: %s, want %s", c.inv, got, c.want)
		}
	}
}

package domain

import (
	"strings"
	"testing"
)

func TestValidateWebhookURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url      string
		livemode bool
		reason   string // "" when valid
	}{
		{"https://example.com/webhook", true, ""},
		{"https://example.com:8443/hooks?x=1", true, ""},
		{"http://localhost:3000/webhook", false, ""},
		{"http://127.0.0.1:3000/webhook", false, ""},
		{"http://example.com/webhook", true, "url_invalid"}, // live needs https
		{"", false, "parameter_missing"},
		{"   ", true, "parameter_missing"},
		{"example.com/webhook", false, "url_invalid"},
		{"ftp://example.com/", false, "url_invalid"},
		{"https://user:pass@example.com/", true, "url_invalid"},
		{"https://user@example.com/", true, "url_invalid"},
		{"https://example.com/#frag", true, "url_invalid"},
		{"https:///path", true, "url_invalid"},
		{"https:example.com", true, "url_invalid"},
		{"https://" + strings.Repeat("a", 2100) + ".com/", true, "url_invalid"},
		{"http://[::1]:3000/", false, ""},
	}
	for _, tc := range tests {
		err := ValidateWebhookURL(tc.url, tc.livemode)
		got := ""
		if err != nil {
			got = AsError(err).Reason
			if AsError(err).Param != "url" {
				t.Errorf("%q: param = %q", tc.url, AsError(err).Param)
			}
		}
		if got != tc.reason {
			t.Errorf("ValidateWebhookURL(%q, live=%v) = %v, want reason %q", clip(tc.url), tc.livemode, err, tc.reason)
		}
	}
}

func TestNormalizeEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    []string
		want  string
		param string
	}{
		{[]string{"payment.succeeded"}, "payment.succeeded", ""},
		{[]string{"payment.succeeded", "payment.succeeded", "refund.created"}, "payment.succeeded,refund.created", ""},
		{[]string{"payment.failed", "*"}, "*", ""},
		{[]string{}, "", "enabled_events"},
		{nil, "", "enabled_events"},
		{[]string{"payment.succeeded", "payment.exploded"}, "", "enabled_events.1"},
	}
	for _, tc := range tests {
		got, err := normalizeEvents(tc.in)
		if tc.param != "" {
			if AsError(err).Param != tc.param {
				t.Errorf("%v: err = %v, want param %s", tc.in, err, tc.param)
			}
			continue
		}
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("%v = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestSubscribes(t *testing.T) {
	t.Parallel()
	all := WebhookEndpoint{EnabledEvents: []string{"*"}}
	some := WebhookEndpoint{EnabledEvents: []string{"payment.succeeded"}}
	if !all.Subscribes("refund.created") || !some.Subscribes("payment.succeeded") || some.Subscribes("payment.failed") {
		t.Fatal("Subscribes is wrong")
	}
}

package paysmart_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestAccountSettings reads and changes the merchant's subscription settings
// through GET/POST /v2/account (form and JSON bodies), refuses bad values
// naming the field, and the engine sees the change.
func TestAccountSettings(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		sk := "bearer:" + e.Keys["sk_test"]
		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any
		}{
			{"defaults", call{Method: "GET", Path: "/v2/account"}, 200, map[string]any{"object": "account", "id": e.MerchantID,
				"settings.dashboard.timezone": "UTC", "settings.subscriptions.dunning_final": "past_due"}},
			{"time zone", call{Method: "POST", Path: "/v2/account", Body: `{"settings":{"dashboard":{"timezone":"America/New_York"}}}`},
				200, map[string]any{"settings.dashboard.timezone": "America/New_York", "settings.subscriptions.dunning_final": "past_due"}},
			{"dunning by form", call{Method: "POST", Path: "/v2/account", ContentType: "application/x-www-form-urlencoded", Body: "settings[subscriptions][dunning_final]=canceled"},
				200, map[string]any{"settings.dashboard.timezone": "America/New_York", "settings.subscriptions.dunning_final": "canceled"}},
			{"live key, same merchant", call{Method: "GET", Path: "/v2/account", Auth: "bearer:" + e.Keys["sk_live"]},
				200, map[string]any{"settings.subscriptions.dunning_final": "canceled"}},
			{"unknown zone", call{Method: "POST", Path: "/v2/account", Body: `{"settings":{"dashboard":{"timezone":"Mars/Olympus"}}}`},
				400, map[string]any{"error.param": "settings[dashboard][timezone]", "error.code": "timezone_invalid"}},
			{"bad outcome", call{Method: "POST", Path: "/v2/account", Body: `{"settings":{"subscriptions":{"dunning_final":"paused"}}}`},
				400, map[string]any{"error.param": "settings[subscriptions][dunning_final]"}},
			{"unknown setting", call{Method: "POST", Path: "/v2/account", Body: `{"settings":{"dashboard":{"theme":"dark"}}}`},
				400, map[string]any{"error.param": "settings[dashboard][theme]"}},
			{"not an object", call{Method: "POST", Path: "/v2/account", Body: `{"settings":"x"}`},
				400, map[string]any{"error.param": "settings"}},
			{"publishable key", call{Method: "GET", Path: "/v2/account", Auth: "bearer:" + e.Keys["pk_test"]}, 403, nil},
			{"unchanged by the refusals", call{Method: "GET", Path: "/v2/account"}, 200,
				map[string]any{"settings.dashboard.timezone": "America/New_York", "settings.subscriptions.dunning_final": "canceled"}},
		}
		for _, tc := range tests {
			if tc.call.Auth == "" {
				tc.call.Auth = sk
			}
			r := e.Do(t, tc.call)
			if r.Status != tc.status {
				t.Fatalf("%s: %d, want %d: %s", tc.name, r.Status, tc.status, r.Body)
			}
			servertest.Expect(t, r, tc.status, tc.want)
		}
		m, err := e.Engine.Merchant(context.Background(), e.MerchantID)
		if err != nil || m.TimeZone != "America/New_York" || m.DunningFinal != domain.SubscriptionCanceled {
			t.Fatalf("the merchant after the API: %v %q %q", err, m.TimeZone, m.DunningFinal)
		}
	})
}

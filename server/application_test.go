package server_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestApplicationLifecycle walks a Paysley application through the Paysley
// document's production mode over HTTP: its live key is refused with the
// documented 403 while the application is a draft, published but not enabled,
// or disabled again (at once: on this node the change drops the cached
// application), and acts for its merchant only while published and enabled.
// Its test key works from the start; the merchant's own keys throughout.
func TestApplicationLifecycle(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		live := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + e.Keys["py_live"],
			Body: `{"first_name": "Live", "email": "live@example.com"}`})
		if live.Status != 200 {
			t.Fatalf("merchant's live key: %d %s", live.Status, live.Text())
		}
		app, keys, err := e.Engine.CreateApplication(ctx, e.MerchantID, "Shop plugin")
		if err != nil {
			t.Fatal(err)
		}
		if app.Status != "draft" || app.Enabled {
			t.Fatalf("new application = %+v", app)
		}
		list := func(key string) servertest.Reply {
			t.Helper()
			return e.Do(t, call{Method: "GET", Path: "/v2/customers", Auth: "bearer:" + key})
		}
		forbidden := func(step string) {
			t.Helper()
			r := list(keys["py_live"])
			servertest.Expect(t, r, 403, map[string]any{"message": "Forbidden"})
			if len(r.JSON) != 1 {
				t.Errorf("%s: body %s, want only the message", step, r.Text())
			}
			if r := list(e.Keys["py_live"]); r.Status != 200 {
				t.Errorf("%s: the merchant's own live key: %d %s", step, r.Status, r.Text())
			}
		}
		// Development mode: the test key acts for the merchant's test data.
		servertest.Expect(t, list(keys["py_test"]), 200, map[string]any{"total_count": 0.0})
		forbidden("draft")

		if _, err := e.Engine.PublishApplication(ctx, app.ID); err != nil {
			t.Fatal(err)
		}
		forbidden("published, not enabled")

		if _, err := e.Engine.SetApplicationEnabled(ctx, app.ID, true); err != nil {
			t.Fatal(err)
		}
		servertest.Expect(t, list(keys["py_live"]), 200, map[string]any{"total_count": 1.0, "customers.0.email": "live@example.com"})

		if _, err := e.Engine.SetApplicationEnabled(ctx, app.ID, false); err != nil {
			t.Fatal(err)
		}
		forbidden("disabled") // at once: within the key cache's second
		servertest.Expect(t, list(keys["py_test"]), 200, nil)

		// An unknown key stays a 401; a PaySmart-shaped key is not an application's.
		if r := list("py_live_0000000000000000000000000000000X"); r.Status != 401 {
			t.Errorf("unknown key: %d %s", r.Status, r.Text())
		}
		// The application's keys are not among the merchant's own.
		own, err := e.Engine.ListKeys(ctx, e.MerchantID)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range own {
			if k.ApplicationID != "" {
				t.Errorf("merchant's keys list the application's %s", k.ID)
			}
		}
		appKeys, err := e.Engine.ApplicationKeys(ctx, app.ID)
		if err != nil || len(appKeys) != 2 {
			t.Fatalf("application keys = %v, %v", appKeys, err)
		}
		// Rolling an application key keeps it the application's.
		nk, err := e.Engine.RollKey(ctx, appKeys[0].ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if nk.Key.ApplicationID != app.ID {
			t.Errorf("rolled key's application = %q", nk.Key.ApplicationID)
		}
		if r := list(nk.Secret); r.Status != 403 {
			t.Errorf("rolled live key of a disabled application: %d %s", r.Status, r.Text())
		}
	})
}

package webhook_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestTargetsLoadTogether: one call loads the targets of several deliveries,
// each checked against its own scope: an event or endpoint of another
// merchant, or of the other mode, is not found, whatever its id.
func TestTargetsLoadTogether(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := storetest.Wire(t, s)
		scope := func(name string, livemode bool) domain.Scope {
			m, _ := storetest.MustMerchant(t, e, name)
			return domain.Scope{MerchantID: m.ID, Livemode: livemode}
		}
		acme, globex := scope("Acme", false), scope("Globex", false)
		acmeLive := domain.Scope{MerchantID: acme.MerchantID, Livemode: true}
		endpoint := func(s domain.Scope, url string) domain.WebhookEndpoint {
			w, err := e.CreateWebhookEndpoint(ctx, s, domain.WebhookEndpointInput{URL: &url, EnabledEvents: []string{"*"}})
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		event := func(s domain.Scope) string {
			c, err := e.CreateCustomer(ctx, s, domain.CustomerInput{})
			if err != nil {
				t.Fatal(err)
			}
			page, err := e.ListEvents(ctx, s, domain.ListParams{Limit: 1, Object: c.ID})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("the event of %s: %v, %v", c.ID, page.Items, err)
			}
			return page.Items[0].ID
		}
		ep1, ep2 := endpoint(acme, "http://127.0.0.1:1/a"), endpoint(acme, "http://127.0.0.1:1/b")
		theirs := endpoint(globex, "http://127.0.0.1:1/g")
		live := endpoint(acmeLive, "https://example.com/live")
		ev1, ev2, theirEvent := event(acme), event(acme), event(globex)

		refs := []domain.WebhookTargetRef{
			{Scope: acme, EventID: ev1, EndpointID: ep1.ID},
			{Scope: acme, EventID: ev1, EndpointID: ep2.ID},
			{Scope: acme, EventID: ev2, EndpointID: ep1.ID},
			{Scope: acme, EventID: theirEvent, EndpointID: ep1.ID},
			{Scope: acme, EventID: ev1, EndpointID: theirs.ID},
			{Scope: acme, EventID: ev1, EndpointID: live.ID},
			{Scope: acme, EventID: "evt_missing", EndpointID: ep1.ID},
			{Scope: acme, EventID: ev2, EndpointID: "we_missing"},
		}
		targets, errs := e.WebhookTargets(ctx, refs)
		for i, r := range refs[:3] {
			got := targets[i]
			if errs[i] != nil || got.Event.ID != r.EventID || got.Endpoint.ID != r.EndpointID || len(got.Secrets) != 1 {
				t.Errorf("ref %d: %+v, %v", i, got, errs[i])
			}
		}
		if targets[0].Secrets[0] != ep1.Secret || targets[1].Secrets[0] != ep2.Secret || targets[2].Secrets[0] != ep1.Secret {
			t.Errorf("secrets: %v %v %v", targets[0].Secrets, targets[1].Secrets, targets[2].Secrets)
		}
		for i := 3; i < len(refs); i++ {
			if domain.ErrorCode(errs[i]) != domain.CodeNotFound {
				t.Errorf("ref %d (%+v): %v, want not found", i, refs[i], errs[i])
			}
		}
		one, err := e.WebhookTarget(ctx, acme, ev2, ep2.ID)
		if err != nil || one.Event.ID != ev2 || one.Endpoint.ID != ep2.ID {
			t.Errorf("WebhookTarget = %+v, %v", one, err)
		}
	})
}

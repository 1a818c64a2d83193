package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestPruneWebhookDeliveries: attempts older than the retention go, oldest
// first and a chunk a transaction; younger ones stay listed under their
// event.
func TestPruneWebhookDeliveries(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		sc := domain.Scope{MerchantID: m.ID}
		ctx := context.Background()
		now := time.Now()
		old, young := now.Add(-domain.WebhookDeliveryRetention-time.Hour), now.Add(-time.Hour)
		// In the order written: five old, one young, then one old again.
		created := []time.Time{old, old, old, old, old, young, old}
		if err := s.Tx(ctx, func(tx domain.Tx) error {
			for i, c := range created {
				if err := tx.InsertWebhookDelivery(ctx, domain.WebhookDelivery{ID: domain.NewID("whd"), MerchantID: m.ID,
					EventID: "evt_1", EndpointID: "we_1", Attempt: i + 1, StatusCode: 200, Created: c}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		attempts := func() []int {
			t.Helper()
			var page domain.Page[domain.WebhookDelivery]
			err := s.Read(ctx, func(tx domain.ReadTx) (err error) {
				page, err = tx.ListWebhookDeliveries(ctx, sc, "evt_1", domain.ListParams{Limit: 100, Ascending: true})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var out []int
			for _, d := range page.Items {
				out = append(out, d.Attempt)
			}
			return out
		}
		// The store deletes only among the oldest limit attempts.
		var n int64
		if err := s.Tx(ctx, func(tx domain.Tx) (err error) {
			n, err = tx.PruneWebhookDeliveries(ctx, now.Add(-domain.WebhookDeliveryRetention), 2)
			return err
		}); err != nil || n != 2 {
			t.Fatalf("a chunk of 2 deleted %d (%v)", n, err)
		}
		if got := attempts(); len(got) != 5 || got[0] != 3 {
			t.Fatalf("after one chunk: attempts %v, want 3 to 7", got)
		}
		// A chunk of 2 from here holds the young attempt 6 and the old 7:
		// 7 goes, though written after 6.
		if err := s.Tx(ctx, func(tx domain.Tx) (err error) {
			n, err = tx.PruneWebhookDeliveries(ctx, now.Add(-domain.WebhookDeliveryRetention), 2)
			return err
		}); err != nil || n != 2 {
			t.Fatalf("the second chunk deleted %d (%v)", n, err)
		}
		// The engine runs chunks until none deletes anything.
		n, err := e.PruneWebhookDeliveries(ctx)
		if err != nil || n != 2 {
			t.Fatalf("pruned %d (%v), want the last 2 old attempts", n, err)
		}
		if got := attempts(); len(got) != 1 || got[0] != 6 {
			t.Fatalf("left %v, want the young attempt 6 alone", got)
		}
	})
}

package store_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestReadIsOneSnapshot: the queries of one Read see the same state, even
// when a write commits between them, and on PostgreSQL a Read cannot write.
func TestReadIsOneSnapshot(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := storetest.Wire(t, s)
		storetest.MustMerchant(t, e, "First")
		var before, after int
		err := s.Read(ctx, func(rt domain.ReadTx) (err error) {
			if before, err = rt.CountMerchants(ctx); err != nil {
				return err
			}
			storetest.MustMerchant(t, e, "Committed meanwhile")
			after, err = rt.CountMerchants(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if before != 1 || after != 1 {
			t.Fatalf("one read saw %d then %d merchants", before, after)
		}
		if err := s.Read(ctx, func(rt domain.ReadTx) (err error) { after, err = rt.CountMerchants(ctx); return err }); err != nil || after != 2 {
			t.Fatalf("a later read: %d %v", after, err)
		}
		if s.Flavor() == store.Postgres {
			err := s.Read(ctx, func(rt domain.ReadTx) error {
				return rt.(domain.Tx).SetMerchantWallets(ctx, "acct_nobody", "")
			})
			if err == nil {
				t.Fatal("a write through Read succeeded")
			}
		}
	})
}

package domain_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestRevocationReachesEveryNode: a node that cached a key stops accepting
// it within KeyCacheTTL of its revocation on another node, and at once on
// the node that revoked it.
func TestRevocationReachesEveryNode(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, b := storetest.Wire(t, s), storetest.Wire(t, s)
		var offset atomic.Int64
		a.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		_, keys := storetest.MustMerchant(t, b, "Acme")
		raw := keys["sk_test"]
		auth, err := a.Authenticate(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Authenticate(ctx, raw); err != nil {
			t.Fatal(err)
		}
		if _, err := b.RevokeKey(ctx, auth.KeyID); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Authenticate(ctx, raw); domain.ErrorCode(err) != domain.CodeUnauthenticated {
			t.Fatalf("the revoking node still accepts the key: %v", err)
		}
		offset.Store(int64(domain.KeyCacheTTL))
		if _, err := a.Authenticate(ctx, raw); domain.ErrorCode(err) != domain.CodeUnauthenticated {
			t.Fatalf("another node accepts the key %v after its revocation: %v", domain.KeyCacheTTL, err)
		}
	})
}

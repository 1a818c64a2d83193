package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestMerchantsAndKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		e := domain.NewEngine(s, clock)

		m, keys, err := e.CreateMerchant(ctx, "Acme")
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 6 {
			t.Fatalf("got %d keys, want 6: %v", len(keys), keys)
		}
		for name, secret := range keys {
			auth, err := e.Authenticate(ctx, secret)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if auth.MerchantID != m.ID || auth.Livemode != (name[3:] == "live") || string(auth.Kind) != name[:2] {
				t.Errorf("%s authenticated as %+v", name, auth)
			}
		}

		// The store holds only hashes.
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM api_keys WHERE hash = $1`, keys["sk_test"]).Scan(&n); err != nil || n != 0 {
			t.Fatalf("raw key found in store (n=%d, err=%v)", n, err)
		}

		list, err := e.ListKeys(ctx, m.ID)
		if err != nil || len(list) != 6 {
			t.Fatalf("ListKeys = %d, %v", len(list), err)
		}
		var skTest domain.APIKey
		for _, k := range list {
			if k.Kind == domain.KeySecret && !k.Livemode {
				skTest = k
			}
		}

		// Roll with a one-hour grace: both keys work until then, only the new one after.
		nk, err := e.RollKey(ctx, skTest.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{keys["sk_test"], nk.Secret} {
			if _, err := e.Authenticate(ctx, secret); err != nil {
				t.Fatalf("during grace: %v", err)
			}
		}
		now = now.Add(time.Hour + time.Second)
		if _, err := e.Authenticate(ctx, keys["sk_test"]); domain.ErrorCode(err) != domain.CodeUnauthenticated {
			t.Fatalf("old key after grace: %v", err)
		}
		if _, err := e.Authenticate(ctx, nk.Secret); err != nil {
			t.Fatalf("new key after grace: %v", err)
		}
		if _, err := e.RollKey(ctx, skTest.ID, 0); domain.ErrorCode(err) != domain.CodeState {
			t.Fatalf("rolling a rolled key: %v", err)
		}

		// Revoke stops a key at once.
		if _, err := e.RevokeKey(ctx, nk.Key.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Authenticate(ctx, nk.Secret); domain.ErrorCode(err) != domain.CodeUnauthenticated {
			t.Fatalf("revoked key: %v", err)
		}
		if _, err := e.RevokeKey(ctx, nk.Key.ID); domain.ErrorCode(err) != domain.CodeState {
			t.Fatalf("double revoke: %v", err)
		}
		if _, err := e.RevokeKey(ctx, "key_nope"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("revoke unknown: %v", err)
		}

		audit, err := e.KeyAudit(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range audit {
			actions = append(actions, ev.Action)
		}
		want := []string{"created", "created", "created", "created", "created", "created", "created", "rolled", "revoked"}
		if len(actions) != len(want) {
			t.Fatalf("audit = %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit = %v, want %v", actions, want)
			}
		}
	})
}

func TestAuthenticateRejects(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := domain.NewEngine(s, nil)
		_, keys := storetest.MustMerchant(t, e, "Acme")
		for _, raw := range []string{
			"", "sk_test_", "sk_test_short", "xx_test_" + keys["sk_test"][8:],
			"sk_test_" + keys["sk_test"][8:len(keys["sk_test"])-1] + "!",
			"sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // well formed, unknown
			"sk_live_" + keys["sk_test"][8:],           // right secret, wrong mode
			"pk_test_" + keys["sk_test"][8:],           // right secret, wrong kind
		} {
			if _, err := e.Authenticate(ctx, raw); domain.ErrorCode(err) != domain.CodeUnauthenticated {
				t.Errorf("Authenticate(%q) = %v, want unauthenticated", raw, err)
			}
		}
	})
}

func TestMigrateTwiceAndConcurrently(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			u := storetest.URL(t, flavor)
			errs := make(chan error, 4)
			for i := 0; i < 4; i++ {
				go func() {
					s, err := store.Open(context.Background(), u)
					if err == nil {
						s.Close()
					}
					errs <- err
				}()
			}
			for i := 0; i < 4; i++ {
				if err := <-errs; err != nil {
					t.Fatalf("concurrent migrate: %v", err)
				}
			}
		})
	}
}

package dashboard_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestSigninThrottleAcrossNodes: two servers on one database share the
// count of failed sign-ins, per address (5) and per client (50); a success
// clears the address's count on every node; the prune forgets failures
// older than a day.
func TestSigninThrottleAcrossNodes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		a, b := servertest.New(t, s), servertest.New(t, s)
		mustUser(t, a.Engine, a.MerchantID, "owner@example.com", domain.RoleOwner)
		mustUser(t, b.Engine, b.MerchantID, "other@example.com", domain.RoleOwner)
		onA, onB := newBrowser(t, a.URL), newBrowser(t, b.URL)

		// Four failures split over both nodes, then a success on B clears them.
		for i := range 4 {
			if code, _ := []*browser{onA, onB}[i%2].login("owner@example.com", "wrong password!"); code != 401 {
				t.Fatalf("failure %d: %d, want 401", i, code)
			}
		}
		if code, _ := newBrowser(t, b.URL).login("owner@example.com", "correct horse battery"); code != 200 {
			t.Fatalf("sign-in after four failures: %d, want 200", code)
		}
		// Five failures, three on A and two on B: the sixth try is refused on
		// either node, even with the right password.
		for i := range 5 {
			if code, _ := []*browser{onA, onA, onB, onA, onB}[i].login("owner@example.com", "wrong password!"); code != 401 {
				t.Fatalf("failure %d: %d, want 401", i, code)
			}
		}
		for name, br := range map[string]*browser{"A": onA, "B": onB} {
			code, page := br.login("owner@example.com", "correct horse battery")
			if code != 429 || !strings.Contains(page, "Too many failed sign-ins") {
				t.Errorf("node %s after five failures: %d, want 429", name, code)
			}
		}
		// Another address is not throttled by those.
		if code, _ := newBrowser(t, a.URL).login("other@example.com", "correct horse battery"); code != 200 {
			t.Errorf("another address: %d, want 200", code)
		}

		// Per client: 50 failures in all (the nine above count, though a
		// success cleared the address's), over many addresses and both
		// nodes; then even another address is refused.
		for i := 9; i < 50; i++ {
			br := []*browser{onA, onB}[i%2]
			if code, _ := br.login(fmt.Sprintf("nobody%d@example.com", i), "wrong password!"); code != 401 {
				t.Fatalf("client failure %d: %d, want 401", i, code)
			}
		}
		if code, _ := newBrowser(t, b.URL).login("other@example.com", "correct horse battery"); code != 429 {
			t.Errorf("client after 50 failures: %d, want 429", code)
		}

		// The hourly prune keeps a day of failures and forgets older ones.
		ctx := context.Background()
		if n, err := a.Engine.PruneSigninFailures(ctx); err != nil || n != 0 {
			t.Fatalf("prune now: %d, %v; want nothing pruned", n, err)
		}
		later := domain.NewEngine(s, func() time.Time { return time.Now().Add(domain.SigninFailureTTL + time.Minute) })
		if n, err := later.PruneSigninFailures(ctx); err != nil || n != 96 {
			t.Fatalf("prune a day later: %d, %v; want 96 rows (50 by client, 46 by address)", n, err)
		}
		if code, _ := newBrowser(t, a.URL).login("owner@example.com", "correct horse battery"); code != 200 {
			t.Errorf("after the prune: %d, want 200", code)
		}
	})
}

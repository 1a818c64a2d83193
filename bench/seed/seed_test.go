package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestSeed fills a small database on each engine: the payments asked for,
// rows that paysmart verify finds sound (seed checks it itself), kept
// counts that give the history's numbered pages their total_count, and
// working keys printed.
func TestSeed(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			ctx := context.Background()
			res, err := seed(ctx, options{database: db, payments: 500, days: 30, vaultKey: strings.Repeat("ab", 32), verify: true},
				&bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if res.payments != 500 || res.history <= res.payments {
				t.Fatalf("seeded %d payments and %d history rows, want 500 and more history rows than payments", res.payments, res.history)
			}
			var out bytes.Buffer
			res.print(&out)
			for _, k := range []string{"sk_test", "pk_test", "py_test"} {
				if !strings.Contains(out.String(), k+"  "+k+"_") {
					t.Errorf("the output lacks the %s key:\n%s", k, out.String())
				}
			}

			s, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			e := storetest.Wire(t, s)
			sc := domain.Scope{MerchantID: res.merchantID}
			page, err := e.ListHistory(ctx, sc, domain.HistoryParams{Page: 1, Limit: 10})
			if err != nil || page.Total != res.history || len(page.Items) != 10 {
				t.Fatalf("history page 1: total %d, %d items, %v; want %d, 10", page.Total, len(page.Items), err, res.history)
			}
			// The copies are the engine's own rows: a refund of one goes
			// through, and verify still finds nothing wrong.
			ps, err := e.ListPayments(ctx, sc, domain.ListParams{Limit: 100, Status: string(domain.StatusSucceeded)})
			if err != nil || len(ps.Items) == 0 {
				t.Fatalf("succeeded payments: %v", err)
			}
			p := ps.Items[len(ps.Items)-1]
			if _, err := e.CreateRefund(ctx, sc, domain.RefundInput{PaymentID: p.ID}); err != nil {
				t.Fatalf("refund of seeded payment %s: %v", p.ID, err)
			}
			a, err := s.Verify(ctx, p.Created, 0)
			if err != nil || len(a.Problems) != 0 || a.Payments != 500 {
				t.Fatalf("verify after a refund: %v %s %v", err, a.Summary(), a.Problems)
			}
		})
	}
}

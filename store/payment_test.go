package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// TestExpiredChallenges reads the payments waiting for a 3-D Secure answer
// since before a time, of every merchant and mode, oldest first and up to
// the limit, through the partial index payments_requires_action: no table
// scan, no sort.
func TestExpiredChallenges(t *testing.T) {
	t.Parallel()
	for _, flavor := range []Flavor{SQLite, Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			s := openForPlan(t, flavor)
			ctx := context.Background()
			usd, _ := domain.LookupCurrency("USD")
			base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			rows := []struct {
				id       string
				merchant string
				live     bool
				status   domain.PaymentStatus
				age      time.Duration // before base
			}{
				{"a_oldest", "acct_a", false, domain.StatusRequiresAction, 72 * time.Hour},
				{"b_live", "acct_b", true, domain.StatusRequiresAction, 48 * time.Hour},
				{"a_answered", "acct_a", false, domain.StatusSucceeded, 60 * time.Hour},
				{"b_failed", "acct_b", false, domain.StatusFailed, 50 * time.Hour},
				{"b_processing", "acct_b", false, domain.StatusProcessing, 40 * time.Hour},
				{"a_newest_old", "acct_a", true, domain.StatusRequiresAction, 25 * time.Hour},
				{"b_young", "acct_b", false, domain.StatusRequiresAction, 23 * time.Hour},
			}
			err := s.Tx(ctx, func(tx domain.Tx) error {
				for _, m := range []string{"acct_a", "acct_b"} {
					if err := tx.InsertMerchant(ctx, domain.Merchant{ID: m, Name: m, Created: base.Add(-100 * time.Hour)}); err != nil {
						return err
					}
				}
				for _, r := range rows {
					at := base.Add(-r.age)
					if _, err := tx.InsertPayment(ctx, domain.Payment{ID: r.id, MerchantID: r.merchant, Livemode: r.live, Amount: 1000,
						Currency: usd, Status: r.status, Metadata: map[string]string{}, Created: at, Updated: at}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			before := base.Add(-24 * time.Hour)
			for _, tc := range []struct {
				limit int
				want  []string
			}{
				{500, []string{"a_oldest", "b_live", "a_newest_old"}},
				{2, []string{"a_oldest", "b_live"}},
			} {
				var got []string
				if err := s.Read(ctx, func(tx domain.ReadTx) (err error) {
					got, err = tx.ExpiredChallenges(ctx, before, tc.limit)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("limit %d: %v, want %v", tc.limit, got, tc.want)
				}
			}

			plan := s.explain(t, expiredChallengesSQL, []any{ms(before), 500})
			t.Logf("%s\n%s", expiredChallengesSQL, plan)
			if !strings.Contains(plan, "payments_requires_action") {
				t.Errorf("the partial index is not used:\n%s", plan)
			}
			if strings.Contains(plan, "SCAN payments") || strings.Contains(plan, "Seq Scan") ||
				strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
				t.Errorf("scans or sorts:\n%s", plan)
			}
		})
	}
}

package store

import (
	"strings"
	"testing"
)

// TestVerifyPlans shows the query plans of "paysmart verify": the stuck
// checks read only the partial indexes of unfinished rows, and the
// aggregates read each table once rather than once per payment.
func TestVerifyPlans(t *testing.T) {
	t.Parallel()
	for _, flavor := range []Flavor{SQLite, Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			s := openForPlan(t, flavor)
			for _, c := range []struct {
				name, sql, index string
			}{
				{"stuck payments", verifyStuckPaymentsSQL, "PAYMENTS_PENDING"},
				{"stuck refunds", verifyStuckRefundsSQL, "REFUNDS_PENDING"},
				{"payments", verifyPaymentsSQL, ""},
				{"one-time requests", verifyOneTimeSQL, ""},
				{"subscriptions", verifySubscriptionsSQL, ""},
				{"subscription periods charged twice", verifyChargedTwiceSQL, ""},
				{"overdue subscriptions", verifyOverdueSQL, "SUBSCRIPTIONS_DUE"},
			} {
				var args []any
				if strings.Contains(c.sql, "$1") {
					args = []any{int64(0)}
				}
				plan := s.explain(t, c.sql, args)
				t.Logf("%s:\n%s", c.name, plan)
				if c.index != "" && !strings.Contains(plan, c.index) {
					t.Errorf("%s: does not use %s:\n%s", c.name, c.index, plan)
				}
				if strings.Contains(plan, "CORRELATED") || strings.Contains(plan, "SubPlan") {
					t.Errorf("%s: runs a subquery per row:\n%s", c.name, plan)
				}
			}
		})
	}
}

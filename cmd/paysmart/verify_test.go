package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestVerifyCLI runs "paysmart verify" on a database with one sound payment,
// then breaks it and wants the problem printed and the command to fail.
func TestVerifyCLI(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			s, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			m, _ := storetest.MustMerchant(t, storetest.Wire(t, s), "Acme Ltd")
			id, now := strings.Repeat("ab", 16), time.Now().UnixMilli()
			exec := func(query string, args ...any) {
				t.Helper()
				if _, err := s.DB().Exec(query, args...); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			exec(`INSERT INTO payments (id, merchant_id, livemode, amount, currency, status, amount_captured, amount_refunded,
				capture_manual, created, updated) VALUES ($1, $2, $3, 1000, 'eur', 'succeeded', 1000, 0, $4, $5, $5)`,
				id, m.ID, false, false, now)
			exec(`INSERT INTO history (id, merchant_id, livemode, payment_id, kind, amount, currency, status, transaction_type, created)
				VALUES ($1, $2, $3, $1, 'DB', 1000, 'eur', 'success', 'once-off', $4)`, id, m.ID, false, now)

			verify := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), append([]string{"verify", "--database", db}, args...), noEnv, &out, io.Discard)
				return out.String(), err
			}
			// Rows written by hand are missing from the counts the store
			// keeps for total_count, until --recount rebuilds them.
			out, err := verify()
			if err == nil || err.Error() != "verify found 3 problems" ||
				!strings.Contains(out, "counts "+m.ID+" test history: the kept count is 0, the table holds 1") ||
				!strings.Contains(out, "counts "+m.ID+" test history: the kept count of "+time.UnixMilli(now).UTC().Format("2006-01-02")+" is 0, the table holds 1") ||
				!strings.Contains(out, "counts "+m.ID+" test payments: the kept count is 0, the table holds 1") {
				t.Fatalf("rows written by hand: %v\n%s", err, out)
			}
			out, err = verify("--recount")
			if err != nil || out != "verified 1 payments, 0 refunds, 0 payment requests, 0 subscriptions: 0 problems\n" {
				t.Fatalf("clean database: %v\n%s", err, out)
			}
			if out, err := verify("--json"); err != nil || out != "[]\n" {
				t.Fatalf("clean database, --json: %v\n%s", err, out)
			}

			// A refund the payment does not count, pending for two hours.
			old := time.Now().Add(-2 * time.Hour).UnixMilli()
			exec(`INSERT INTO refunds (id, merchant_id, livemode, payment_id, amount, currency, status, created, updated)
				VALUES ($1, $2, $3, $4, 400, 'eur', 'pending', $5, $5)`, "re_"+id, m.ID, false, id, old)
			if out, err := verify("--reconcile-window", "3h"); err == nil || err.Error() != "verify found 1 problems" {
				t.Fatalf("broken database, window 3h: error %v\n%s", err, out)
			}
			out, err = verify("--reconcile-window", "1h")
			if err == nil || err.Error() != "verify found 2 problems" {
				t.Fatalf("broken database: error %v\n%s", err, out)
			}
			for _, want := range []string{
				"amount_refunded " + m.ID + " test pay_" + id + ": amount_refunded is 0, its pending and succeeded refunds sum to 400\n",
				"stuck " + m.ID + " test re_" + id + ": pending since ",
				"want finished within the reconcile window of 1h0m0s\n",
				"verified 1 payments, 1 refunds, 0 payment requests, 0 subscriptions: 2 problems\n",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			out, err = verify("--json")
			var problems []map[string]any
			if err == nil || json.Unmarshal([]byte(out), &problems) != nil || len(problems) != 2 {
				t.Fatalf("broken database, --json: %v\n%s", err, out)
			}
			if p := problems[0]; p["check"] != "amount_refunded" || p["object"] != "pay_"+id || p["merchant"] != m.ID || p["livemode"] != false {
				t.Fatalf("--json problem %v", p)
			}

			// A subscription charge due for a day with no job to make it.
			exec(`INSERT INTO subscriptions (id, merchant_id, livemode, payment_method_id, amount, currency, currency_exponent,
				billing_interval, anchor, timezone, status, next_charge_at, created, updated)
				VALUES ('sub_x', $1, $2, 'pm_x', 500, 'eur', 2, 'month', $3, 'UTC', 'active', $3, $3, $3)`,
				m.ID, false, time.Now().Add(-24*time.Hour).UnixMilli())
			out, err = verify("--reconcile-window", "1h")
			if err == nil || err.Error() != "verify found 3 problems" ||
				!strings.Contains(out, "subscription_overdue "+m.ID+" test sub_x: period 0, attempt 0 due since ") ||
				!strings.HasSuffix(out, "verified 1 payments, 1 refunds, 0 payment requests, 1 subscriptions: 3 problems\n") {
				t.Fatalf("overdue subscription: %v\n%s", err, out)
			}
		})
	}
}

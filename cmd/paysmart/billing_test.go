package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// billingFlags make a billing run fast: a scan every second, retries of a
// failed charge after 1 and 2 seconds, a slow sandbox so that a kill lands
// mid-run, and short leases so a killed node's jobs run again soon.
var billingFlags = []string{"--billing-interval", "1s", "--dunning-schedule", "1s,2s", "--sandbox-latency", "15ms",
	"--job-workers", "4", "--job-lease", "4s", "--reconcile-after", "1s"}

// subscribeMany creates n customers with a saved card each and a weekly
// subscription of one payment starting in a second: odd ones on a card that
// fails at every charge (three attempts: the charge and two retries).
func subscribeMany(t *testing.T, bases []string, sk string, n int) {
	t.Helper()
	start := time.Now().Add(time.Second).Unix()
	for i := range n {
		base := bases[i%len(bases)]
		st, cus := request(t, "POST", base+"/v2/customers", sk, fmt.Sprintf(`{"email":"sub%d@example.com"}`, i))
		if st != 200 {
			t.Fatalf("customer: %d %v", st, cus)
		}
		number := "4242424242424242"
		if i%2 == 1 {
			number = "4000000000000341"
		}
		st, pm := request(t, "POST", base+"/v2/payment_methods", sk, fmt.Sprintf(
			`{"type":"card","customer":%q,"card":{"number":%q,"exp_month":12,"exp_year":2040,"cvc":"123"}}`, cus["id"], number))
		if st != 200 {
			t.Fatalf("payment method: %d %v", st, pm)
		}
		st, sub := request(t, "POST", base+"/v2/subscriptions", sk, fmt.Sprintf(
			`{"customer":%q,"payment_method":%q,"amount":1200,"currency":"usd","interval":"week","total_payments":1,"start_date":%d}`,
			cus["id"], pm["id"], start))
		if st != 200 {
			t.Fatalf("subscription: %d %v", st, sub)
		}
	}
}

func countRows(t *testing.T, s *store.Store, q string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkBilledOnce asserts that each of n subscriptions was billed exactly as
// its card says: a success card charged once and completed; a failing card
// tried at attempts 0, 1 and 2 of period 0, each once, then completed with
// nothing paid (its one period given up); every
// charge has one payment and one processor call, and nothing is pending.
func checkBilledOnce(t *testing.T, s *store.Store, n int) {
	t.Helper()
	rows, err := s.DB().Query(`SELECT s.id, s.status, s.payments_made,
		(SELECT COUNT(*) FROM subscription_charges c WHERE c.subscription_id = s.id),
		(SELECT COUNT(*) FROM payments p WHERE p.subscription_id = s.id),
		(SELECT COUNT(*) FROM payments p WHERE p.subscription_id = s.id AND p.status = 'succeeded'),
		(SELECT COUNT(DISTINCT c.attempt) FROM subscription_charges c WHERE c.subscription_id = s.id AND c.period = 0)
		FROM subscriptions s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen, doubles, skipped := 0, 0, 0
	for rows.Next() {
		var id, status string
		var made, charges, payments, succeeded, attempts int
		if err := rows.Scan(&id, &status, &made, &charges, &payments, &succeeded, &attempts); err != nil {
			t.Fatal(err)
		}
		seen++
		switch {
		case status == "completed" && made == 1 && charges == 1 && payments == 1 && succeeded == 1:
		// The failing card's only period is given up: nothing is left to bill.
		case status == "completed" && made == 0 && charges == 3 && payments == 3 && succeeded == 0 && attempts == 3:
		default:
			if payments > charges || succeeded > 1 {
				doubles++
			} else {
				skipped++
			}
			t.Errorf("%s: %s, %d made, %d charges, %d payments (%d succeeded), %d distinct attempts",
				id, status, made, charges, payments, succeeded, attempts)
		}
	}
	if seen != n {
		t.Errorf("%d subscriptions, want %d", seen, n)
	}
	calls, err := s.SandboxLedger().SandboxCalls(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Only subscription payments' authorisations: other payments may share
	// the database (the multi-node test's workload).
	subPayments := map[string]bool{}
	ids, err := s.DB().Query(`SELECT id FROM payments WHERE subscription_id <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	for ids.Next() {
		var id string
		ids.Scan(&id)
		subPayments[id] = true
	}
	ids.Close()
	keys := 0
	for _, c := range calls {
		if object, ok := strings.CutSuffix(c.Key, ":authorize"); ok && subPayments[strings.TrimPrefix(object, "pay_")] {
			keys++
		}
	}
	if want := len(subPayments); keys != want {
		t.Errorf("%d authorisations reached the processor for %d subscription payments", keys, want)
	}
	t.Logf("billing: %d subscriptions, %d charges, %d processor authorisations; %d charged twice, %d skipped",
		seen, countRows(t, s, `SELECT COUNT(*) FROM subscription_charges`), keys, doubles, skipped)
}

func waitBilled(t *testing.T, s *store.Store, n int) {
	t.Helper()
	waitFor(t, 90*time.Second, "every subscription billed", func() bool {
		return countRows(t, s, `SELECT COUNT(*) FROM subscriptions WHERE status IN ('completed', 'past_due') AND pending_payment = ''`) == n &&
			countRows(t, s, `SELECT COUNT(*) FROM payments WHERE pending_op <> ''`) == 0
	})
}

// TestBillingSurvivesSIGKILL kills the server in the middle of a billing run
// (charges sent, retries waiting); after a restart on the same database no
// period is charged twice and none is skipped.
func TestBillingSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			db := storetest.URL(t, flavor)
			p := startProc(t, db, billingFlags...)
			sk := demoKeys(t, p.stdout.String())["sk_test"]
			const n = 30
			subscribeMany(t, []string{p.base}, sk, n)
			s, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			waitFor(t, 30*time.Second, "a billing run under way", func() bool {
				return countRows(t, s, `SELECT COUNT(*) FROM subscription_charges`) >= n/3
			})
			p.kill(t)
			killedAt := countRows(t, s, `SELECT COUNT(*) FROM subscription_charges`)
			pending := countRows(t, s, `SELECT COUNT(*) FROM payments WHERE pending_op <> ''`)
			t.Logf("killed after %d charges (%d processing)", killedAt, pending)

			startProc(t, db, billingFlags...)
			waitBilled(t, s, n)
			checkBilledOnce(t, s, n)
			if out, err := exec.Command(paysmartBinary(t), "verify", "--database", db).CombinedOutput(); err != nil {
				t.Errorf("paysmart verify: %v\n%s", err, out)
			}
		})
	}
}

// TestTwoProcessesBillOnce runs two servers on one PostgreSQL database with
// the same schedules: both scan and both run charge jobs, and each period is
// charged once.
func TestTwoProcessesBillOnce(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t, store.Postgres)
	a := startProc(t, db, billingFlags...)
	sk := demoKeys(t, a.stdout.String())["sk_test"]
	b := startProc(t, db, billingFlags...)
	const n = 30
	subscribeMany(t, []string{a.base, b.base}, sk, n)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitBilled(t, s, n)
	checkBilledOnce(t, s, n)
	byNode := map[string]int{}
	rows, err := s.DB().Query(`SELECT locked_by FROM jobs WHERE kind = 'subscription.charge'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var by *string
		rows.Scan(&by)
		if by != nil {
			byNode[*by]++
		}
	}
	rows.Close()
	t.Logf("charge jobs by node: %v", byNode)
}

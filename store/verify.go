package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Verify recomputes every payment's money from its refunds and history,
// checks every subscription's counts, charges and schedule, and checks the
// invariants of domain.Check, returning the rows that break them.
// now and window set the stuck check's cutoff.
//
// Each check is one aggregate statement that returns only the broken rows,
// so the work grows with the tables in the database, not in Go; all of them
// read one snapshot (a read-only transaction: REPEATABLE READ on
// PostgreSQL, a deferred read in WAL mode on SQLite), so a payment being
// written meanwhile is seen wholly before or wholly after. A database
// failure is an internal error (domain.CodeInternal).
func (s *Store) Verify(ctx context.Context, now time.Time, window time.Duration) (domain.Audit, error) {
	a := domain.Audit{At: now, Window: window}
	sqlTx, err := s.db.BeginTx(ctx, s.snapshotOptions())
	if err != nil {
		return a, translate(err)
	}
	defer sqlTx.Rollback()
	err = sqlTx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM refunds),
		(SELECT COUNT(*) FROM payment_requests), (SELECT COUNT(*) FROM subscriptions)`).Scan(&a.Payments, &a.Refunds,
		&a.PaymentRequests, &a.Subscriptions)
	if err != nil {
		return a, translate(err)
	}
	for _, check := range []func() ([]domain.Problem, error){
		func() ([]domain.Problem, error) { return verifyPayments(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyOneTime(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyStuck(ctx, sqlTx, now, window) },
		func() ([]domain.Problem, error) { return verifySubscriptions(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyChargedTwice(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyOverdue(ctx, sqlTx, now, window) },
		func() ([]domain.Problem, error) { return verifyCounts(ctx, sqlTx) },
	} {
		ps, err := check()
		if err != nil {
			return a, translate(err)
		}
		a.Problems = append(a.Problems, ps...)
	}
	return a, nil
}

// snapshotOptions opens a transaction that reads one consistent snapshot
// without taking a write lock. SQLite must not be asked for an isolation
// level; a read-only transaction there begins DEFERRED despite
// _txlock=immediate, and WAL gives it a snapshot at its first read.
func (s *Store) snapshotOptions() *sql.TxOptions {
	if s.flavor == Postgres {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// queryProblems runs one check's statement and turns each row it returns
// into the problems scan reads from it.
func queryProblems(ctx context.Context, q *sql.Tx, query string, args []any, scan func(*sql.Rows) ([]domain.Problem, error)) ([]domain.Problem, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Problem
	for rows.Next() {
		ps, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, rows.Err()
}

// verifyPaymentsSQL sums each payment's refunds and history (one pass over
// each table) and keeps the payments whose columns disagree with the sums or
// with their status.
const verifyPaymentsSQL = `WITH r AS (
		SELECT payment_id,
			CAST(SUM(CASE WHEN status IN ('pending', 'succeeded') THEN amount ELSE 0 END) AS BIGINT) AS held,
			CAST(SUM(CASE WHEN status = 'succeeded' THEN amount ELSE 0 END) AS BIGINT) AS succeeded
		FROM refunds GROUP BY payment_id
	), h AS (
		SELECT payment_id,
			CAST(SUM(CASE WHEN kind IN ('DB', 'CP') AND status = 'success' THEN amount ELSE 0 END) AS BIGINT) AS captured,
			CAST(SUM(CASE WHEN kind IN ('DB', 'PA') AND status = 'success' THEN 1 ELSE 0 END) AS BIGINT) AS auths,
			CAST(SUM(CASE WHEN kind = 'CP' AND status = 'success' THEN 1 ELSE 0 END) AS BIGINT) AS captures,
			CAST(SUM(CASE WHEN kind = 'RV' AND status <> 'failed' THEN 1 ELSE 0 END) AS BIGINT) AS releases,
			CAST(SUM(CASE WHEN kind = 'RF' AND status = 'success' THEN amount ELSE 0 END) AS BIGINT) AS refunded
		FROM history GROUP BY payment_id
	), v AS (
		SELECT p.merchant_id, p.livemode, p.id, p.status, p.pending_op, p.amount, p.amount_captured, p.amount_refunded,
			COALESCE(r.held, 0) AS held, COALESCE(r.succeeded, 0) AS succeeded,
			COALESCE(h.captured, 0) AS captured, COALESCE(h.auths, 0) AS auths, COALESCE(h.captures, 0) AS captures,
			COALESCE(h.releases, 0) AS releases, COALESCE(h.refunded, 0) AS refunded
		FROM payments p LEFT JOIN r ON r.payment_id = p.id LEFT JOIN h ON h.payment_id = p.id
	)
	SELECT merchant_id, livemode, id, status, pending_op, amount, amount_captured, amount_refunded,
		held, succeeded, captured, auths, captures, releases, refunded
	FROM v
	WHERE amount_refunded < 0 OR amount_refunded > amount_captured OR amount_captured > amount
		OR amount_refunded <> held
		OR amount_captured <> captured OR auths > 1 OR captures > 1 OR releases > 1
		OR status NOT IN ('processing', 'requires_action', 'requires_capture', 'succeeded', 'failed', 'canceled')
		OR pending_op NOT IN ('', 'authorize', 'authenticate', 'fail_authentication', 'cancel_authentication', 'capture', 'cancel')
		OR (pending_op <> '' AND status <> 'processing')
		OR (status = 'succeeded' AND amount_captured <= 0)
		OR (status IN ('requires_action', 'requires_capture', 'canceled', 'failed') AND (amount_captured <> 0 OR amount_refunded <> 0))
		OR succeeded <> refunded
	ORDER BY merchant_id, livemode, id`

// verifyPayments runs checks 1 to 4 and says which each payment it finds
// breaks.
func verifyPayments(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	return queryProblems(ctx, q, verifyPaymentsSQL, nil, func(rows *sql.Rows) ([]domain.Problem, error) {
		var p verifiedPayment
		err := rows.Scan(&p.merchantID, &p.livemode, &p.id, &p.status, &p.pendingOp, &p.amount, &p.captured,
			&p.refunded, &p.refundsHeld, &p.refundsSucceeded, &p.historyCaptured, &p.auths, &p.captures,
			&p.releases, &p.historyRefunded)
		return p.problems(), err
	})
}

// verifiedPayment is a payment's columns beside the sums of its refunds and
// history, as verifyPayments reads them.
type verifiedPayment struct {
	merchantID, id, status, pendingOp string
	livemode                          bool
	amount, captured, refunded        int64
	refundsHeld, refundsSucceeded     int64 // pending+succeeded, succeeded
	historyCaptured, historyRefunded  int64 // successful DB/CP, successful RF
	auths, captures, releases         int64 // successful DB/PA, successful CP, RV not failed
}

// problems says which of checks 1 to 4 the payment breaks; the SQL has
// already kept only payments that break at least one.
func (p verifiedPayment) problems() []domain.Problem {
	var out []domain.Problem
	add := func(c domain.Check, format string, args ...any) {
		out = append(out, domain.Problem{Check: c, MerchantID: p.merchantID, Livemode: p.livemode,
			Object: "pay_" + p.id, Detail: fmt.Sprintf(format, args...)})
	}
	if p.refunded < 0 || p.refunded > p.captured || p.captured > p.amount {
		add(domain.CheckMoneyRule, "want 0 ≤ amount_refunded ≤ amount_captured ≤ amount, have refunded %d, captured %d, amount %d",
			p.refunded, p.captured, p.amount)
	}
	if p.refunded != p.refundsHeld {
		add(domain.CheckRefunded, "amount_refunded is %d, its pending and succeeded refunds sum to %d", p.refunded, p.refundsHeld)
	}
	if p.captured != p.historyCaptured {
		add(domain.CheckCaptured, "amount_captured is %d, its successful DB/CP history says %d", p.captured, p.historyCaptured)
	}
	if p.auths > 1 {
		add(domain.CheckHistory, "%d successful DB/PA history rows, want at most 1", p.auths)
	}
	if p.captures > 1 {
		add(domain.CheckHistory, "%d successful CP history rows, want at most 1", p.captures)
	}
	if p.releases > 1 {
		add(domain.CheckHistory, "%d RV history rows, want at most 1", p.releases)
	}
	switch p.status {
	case "processing":
	case "succeeded":
		if p.captured <= 0 {
			add(domain.CheckStatus, "status succeeded with amount_captured %d, want > 0", p.captured)
		}
	case "requires_action", "requires_capture", "canceled", "failed":
		if p.captured != 0 || p.refunded != 0 {
			add(domain.CheckStatus, "status %s with amount_captured %d and amount_refunded %d, want 0 and 0",
				p.status, p.captured, p.refunded)
		}
	default:
		add(domain.CheckStatus, "unknown status %q", p.status)
	}
	switch p.pendingOp {
	case "", "authorize", "authenticate", "fail_authentication", "cancel_authentication", "capture", "cancel":
		if p.pendingOp != "" && p.status != "processing" {
			add(domain.CheckStatus, "pending_op %s with status %s, want processing", p.pendingOp, p.status)
		}
	default:
		add(domain.CheckStatus, "unknown pending_op %q", p.pendingOp)
	}
	if p.refundsSucceeded != p.historyRefunded {
		add(domain.CheckRefundHistory, "succeeded refunds sum to %d, its successful RF history rows to %d",
			p.refundsSucceeded, p.historyRefunded)
	}
	return out
}

// verifyOneTimeSQL lists the live payments of ONE-TIME requests paid more
// than once. The inner query counts them per request over the payments
// table alone (request_id has no index, so a join from each request would
// scan payments once per request); only the requests it finds are joined.
const verifyOneTimeSQL = `SELECT pr.merchant_id, pr.livemode, pr.id, p.id, p.status
	FROM payments p JOIN payment_requests pr ON pr.id = p.request_id
	WHERE pr.frequency = 'ONE-TIME' AND p.status IN ('succeeded', 'requires_capture', 'processing')
		AND p.request_id IN (SELECT request_id FROM payments
			WHERE request_id <> '' AND status IN ('succeeded', 'requires_capture', 'processing')
			GROUP BY request_id HAVING COUNT(*) > 1)
	ORDER BY pr.merchant_id, pr.livemode, pr.id, p.id`

// verifyOneTime runs check 5, one problem per request.
func verifyOneTime(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	rows, err := q.QueryContext(ctx, verifyOneTimeSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Problem
	var paid []string
	var cur domain.Problem
	flush := func() {
		if len(paid) > 0 {
			cur.Detail = fmt.Sprintf("ONE-TIME request has %d payments succeeded, requires_capture or processing, want at most 1: %s",
				len(paid), strings.Join(paid, ", "))
			out = append(out, cur)
		}
		paid = nil
	}
	for rows.Next() {
		var merchantID, requestID, paymentID, status string
		var livemode bool
		if err := rows.Scan(&merchantID, &livemode, &requestID, &paymentID, &status); err != nil {
			return nil, err
		}
		if requestID != cur.Object {
			flush()
			cur = domain.Problem{Check: domain.CheckOneTime, MerchantID: merchantID, Livemode: livemode, Object: requestID}
		}
		paid = append(paid, "pay_"+paymentID+" ("+status+")")
	}
	flush()
	return out, rows.Err()
}

// verifyStuckPaymentsSQL and verifyStuckRefundsSQL find what is older than
// the cutoff $1 and still unfinished.
const (
	verifyStuckPaymentsSQL = `SELECT merchant_id, livemode, id, pending_op, updated FROM payments
		WHERE pending_op <> '' AND updated < $1 ORDER BY updated, id`
	verifyStuckRefundsSQL = `SELECT merchant_id, livemode, id, status, created FROM refunds
		WHERE status = 'pending' AND created < $1 ORDER BY created, id`
)

// verifyStuck runs check 6 over the partial indexes payments_pending and
// refunds_pending, which hold only the unfinished rows.
func verifyStuck(ctx context.Context, q *sql.Tx, now time.Time, window time.Duration) ([]domain.Problem, error) {
	cutoff := ms(now.Add(-window))
	var out []domain.Problem
	for _, stuck := range []struct {
		sql, prefix, what string
	}{
		{verifyStuckPaymentsSQL, "pay_", "pending %s since %s"},
		{verifyStuckRefundsSQL, "", "%s since %s"},
	} {
		ps, err := queryProblems(ctx, q, stuck.sql, []any{cutoff}, func(rows *sql.Rows) ([]domain.Problem, error) {
			var p domain.Problem
			var id, op string
			var since int64
			if err := rows.Scan(&p.MerchantID, &p.Livemode, &id, &op, &since); err != nil {
				return nil, err
			}
			p.Check, p.Object = domain.CheckStuck, stuck.prefix+id
			p.Detail = fmt.Sprintf(stuck.what, op, fromMS(since).Format(time.RFC3339)) +
				fmt.Sprintf(" (%s ago), want finished within the reconcile window of %s",
					now.Sub(fromMS(since)).Truncate(time.Second), window)
			return []domain.Problem{p}, nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// verifySubscriptionsSQL keeps the subscriptions whose counts, status and
// dates disagree (check 7), with the payment they wait for, if any.
const verifySubscriptionsSQL = `SELECT s.merchant_id, s.livemode, s.id, s.status, s.total_payments, s.payments_made,
		s.next_period, s.next_charge_at IS NOT NULL, s.canceled_at IS NOT NULL, s.ended_at IS NOT NULL, s.pending_payment,
		COALESCE(p.status, ''), COALESCE(p.pending_op, '')
	FROM subscriptions s LEFT JOIN payments p ON s.pending_payment <> '' AND p.id = s.pending_payment
	WHERE s.payments_made < 0 OR s.next_period < 0
		OR (s.total_payments > 0 AND (s.payments_made > s.total_payments OR s.next_period > s.total_payments))
		OR s.status NOT IN ('active', 'past_due', 'canceled', 'completed')
		OR (s.status = 'completed' AND (s.total_payments = 0 OR s.next_period <> s.total_payments
			OR s.next_charge_at IS NOT NULL OR s.ended_at IS NULL))
		OR (s.status IN ('active', 'past_due') AND (s.next_charge_at IS NULL OR s.ended_at IS NOT NULL
			OR (s.total_payments > 0 AND s.next_period >= s.total_payments)))
		OR (s.status = 'canceled' AND (s.canceled_at IS NULL OR s.next_charge_at IS NOT NULL))
		OR (s.pending_payment <> '' AND (p.id IS NULL OR p.pending_op = ''))
	ORDER BY s.merchant_id, s.livemode, s.id`

// verifiedSubscription is a subscription's columns as verifySubscriptions
// reads them, with the payment it waits for.
type verifiedSubscription struct {
	merchantID, id, status               string
	livemode, next, canceled, ended      bool
	total, made, nextPeriod              int64
	pending, pendingStatus, pendingOpNow string
}

func verifySubscriptions(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	return queryProblems(ctx, q, verifySubscriptionsSQL, nil, func(rows *sql.Rows) ([]domain.Problem, error) {
		var v verifiedSubscription
		err := rows.Scan(&v.merchantID, &v.livemode, &v.id, &v.status, &v.total, &v.made, &v.nextPeriod, &v.next,
			&v.canceled, &v.ended, &v.pending, &v.pendingStatus, &v.pendingOpNow)
		return v.problems(), err
	})
}

// problems says what the subscription breaks; the SQL has kept only
// subscriptions that break something.
func (v verifiedSubscription) problems() []domain.Problem {
	var out []domain.Problem
	add := func(c domain.Check, format string, args ...any) {
		out = append(out, domain.Problem{Check: c, MerchantID: v.merchantID, Livemode: v.livemode, Object: v.id,
			Detail: fmt.Sprintf(format, args...)})
	}
	if v.made < 0 || v.nextPeriod < 0 || v.total > 0 && (v.made > v.total || v.nextPeriod > v.total) {
		add(domain.CheckSubscriptionCount, "payments_made %d and next_period %d, want 0 ≤ both ≤ total_payments %d",
			v.made, v.nextPeriod, v.total)
	}
	switch v.status {
	case "completed":
		if v.total == 0 || v.nextPeriod != v.total || v.next || !v.ended {
			add(domain.CheckSubscriptionStatus, "completed with next_period %d of total_payments %d (next charge %t, ended %t), "+
				"want every period billed, no next charge and ended_at", v.nextPeriod, v.total, v.next, v.ended)
		}
	case "active", "past_due":
		if !v.next || v.ended || v.total > 0 && v.nextPeriod >= v.total {
			add(domain.CheckSubscriptionStatus, "%s with next_period %d of total_payments %d (next charge %t, ended %t), "+
				"want a period left, a next charge and no ended_at", v.status, v.nextPeriod, v.total, v.next, v.ended)
		}
	case "canceled":
		if !v.canceled || v.next {
			add(domain.CheckSubscriptionStatus, "canceled with canceled_at %t and a next charge %t, want canceled_at and no next charge",
				v.canceled, v.next)
		}
	default:
		add(domain.CheckSubscriptionStatus, "unknown status %q", v.status)
	}
	if v.pending != "" && v.pendingOpNow == "" {
		what := "does not exist"
		if v.pendingStatus != "" {
			what = "is settled (" + v.pendingStatus + ")"
		}
		add(domain.CheckSubscriptionStatus, "pending_payment pay_%s %s, want a payment whose operation is pending", v.pending, what)
	}
	return out
}

// verifyChargedTwiceSQL lists the periods with more than one live charge.
const verifyChargedTwiceSQL = `SELECT s.merchant_id, s.livemode, s.id, c.period, COUNT(*)
	FROM subscription_charges c JOIN payments p ON p.id = c.payment_id JOIN subscriptions s ON s.id = c.subscription_id
	WHERE p.status IN ('succeeded', 'requires_capture', 'processing')
	GROUP BY s.merchant_id, s.livemode, s.id, c.period HAVING COUNT(*) > 1
	ORDER BY s.merchant_id, s.livemode, s.id, c.period`

func verifyChargedTwice(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	return queryProblems(ctx, q, verifyChargedTwiceSQL, nil, func(rows *sql.Rows) ([]domain.Problem, error) {
		var p domain.Problem
		var period, n int64
		if err := rows.Scan(&p.MerchantID, &p.Livemode, &p.Object, &period, &n); err != nil {
			return nil, err
		}
		p.Check = domain.CheckSubscriptionCharged
		p.Detail = fmt.Sprintf("period %d has %d charges succeeded, requires_capture or processing, want at most 1", period, n)
		return []domain.Problem{p}, nil
	})
}

// verifyOverdueSQL reads the partial index subscriptions_due (its WHERE
// repeats the predicate) for charges due before the cutoff $1, and keeps
// those without a charge job waiting or running: the job's id is
// domain.ChargeJobID.
const verifyOverdueSQL = `SELECT s.merchant_id, s.livemode, s.id, s.next_period, s.attempt, s.next_charge_at
	FROM subscriptions s LEFT JOIN jobs j ON j.id = 'subscription_charge:' || s.id || ':' || s.next_period || ':' || s.attempt
		AND j.state IN ('available', 'running')
	WHERE s.status IN ('active', 'past_due') AND s.pending_payment = '' AND s.test_clock = '' AND s.next_charge_at < $1
		AND j.id IS NULL
	ORDER BY s.next_charge_at, s.id`

func verifyOverdue(ctx context.Context, q *sql.Tx, now time.Time, window time.Duration) ([]domain.Problem, error) {
	return queryProblems(ctx, q, verifyOverdueSQL, []any{ms(now.Add(-window))}, func(rows *sql.Rows) ([]domain.Problem, error) {
		var p domain.Problem
		var period, attempt, due int64
		if err := rows.Scan(&p.MerchantID, &p.Livemode, &p.Object, &period, &attempt, &due); err != nil {
			return nil, err
		}
		p.Check = domain.CheckSubscriptionOverdue
		p.Detail = fmt.Sprintf("period %d, attempt %d due since %s (%s ago) with no charge job waiting and nothing at the processor, "+
			"want charged or given up within the reconcile window of %s", period, attempt, fromMS(due).Format(time.RFC3339),
			now.Sub(fromMS(due)).Truncate(time.Second), window)
		return []domain.Problem{p}, nil
	})
}

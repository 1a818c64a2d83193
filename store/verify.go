package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Verify recomputes every payment's money from its refunds and history and
// checks the invariants of domain.Check, returning the rows that break them.
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
		(SELECT COUNT(*) FROM payment_requests)`).Scan(&a.Payments, &a.Refunds, &a.PaymentRequests)
	if err != nil {
		return a, translate(err)
	}
	for _, check := range []func() ([]domain.Problem, error){
		func() ([]domain.Problem, error) { return verifyPayments(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyOneTime(ctx, sqlTx) },
		func() ([]domain.Problem, error) { return verifyStuck(ctx, sqlTx, now, window) },
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
		OR pending_op NOT IN ('', 'authorize', 'authenticate', 'fail_authentication', 'capture', 'cancel')
		OR (pending_op <> '' AND status <> 'processing')
		OR (status = 'succeeded' AND amount_captured <= 0)
		OR (status IN ('requires_action', 'requires_capture', 'canceled', 'failed') AND (amount_captured <> 0 OR amount_refunded <> 0))
		OR succeeded <> refunded
	ORDER BY merchant_id, livemode, id`

// verifyPayments runs checks 1 to 4 and says which each payment it finds
// breaks.
func verifyPayments(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	rows, err := q.QueryContext(ctx, verifyPaymentsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Problem
	for rows.Next() {
		var p verifiedPayment
		if err := rows.Scan(&p.merchantID, &p.livemode, &p.id, &p.status, &p.pendingOp, &p.amount, &p.captured,
			&p.refunded, &p.refundsHeld, &p.refundsSucceeded, &p.historyCaptured, &p.auths, &p.captures,
			&p.releases, &p.historyRefunded); err != nil {
			return nil, err
		}
		out = append(out, p.problems()...)
	}
	return out, rows.Err()
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
	case "", "authorize", "authenticate", "fail_authentication", "capture", "cancel":
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
		rows, err := q.QueryContext(ctx, stuck.sql, cutoff)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p domain.Problem
			var id, op string
			var since int64
			if err := rows.Scan(&p.MerchantID, &p.Livemode, &id, &op, &since); err != nil {
				rows.Close()
				return nil, err
			}
			p.Check, p.Object = domain.CheckStuck, stuck.prefix+id
			p.Detail = fmt.Sprintf(stuck.what, op, fromMS(since).Format(time.RFC3339)) +
				fmt.Sprintf(" (%s ago), want finished within the reconcile window of %s",
					now.Sub(fromMS(since)).Truncate(time.Second), window)
			out = append(out, p)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paysmart/paysmart/domain"
)

const subscriptionColumns = `seq, id, merchant_id, livemode, customer_id, payment_method_id, amount, initial_amount, currency,
	currency_exponent, billing_interval, anchor, timezone, total_payments, payments_made, status, next_period, attempt,
	next_charge_at, pending_payment, latest_payment, test_clock, request_id, metadata, created, updated, canceled_at, ended_at`

func scanSubscription(row interface{ Scan(...any) error }) (domain.Subscription, error) {
	var sub domain.Subscription
	var currency, interval, status, meta string
	var exponent int
	var anchor, created, updated int64
	var next, canceled, ended sql.NullInt64
	err := row.Scan(&sub.Number, &sub.ID, &sub.MerchantID, &sub.Livemode, &sub.Customer, &sub.PaymentMethodID, &sub.Amount,
		&sub.InitialAmount, &currency, &exponent, &interval, &anchor, &sub.TimeZone, &sub.TotalPayments, &sub.PaymentsMade,
		&status, &sub.NextPeriod, &sub.Attempt, &next, &sub.PendingPayment, &sub.LatestPayment, &sub.TestClock,
		&sub.RequestID, &meta, &created, &updated, &canceled, &ended)
	if err != nil {
		return sub, err
	}
	sub.Currency = domain.Currency{Code: currency, Exponent: exponent}
	sub.Interval, sub.Status = domain.Interval(interval), domain.SubscriptionStatus(status)
	sub.Anchor, sub.Created, sub.Updated = fromMS(anchor), fromMS(created), fromMS(updated)
	sub.NextChargeAt, sub.CanceledAt, sub.EndedAt = fromNullMS(next), fromNullMS(canceled), fromNullMS(ended)
	if err := json.Unmarshal([]byte(meta), &sub.Metadata); err != nil {
		return sub, fmt.Errorf("subscription %s: %w", sub.ID, err)
	}
	return sub, nil
}

func (t *tx) InsertSubscription(ctx context.Context, sub domain.Subscription) (int64, error) {
	var seq int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO subscriptions (id, merchant_id, livemode, customer_id, payment_method_id,
		amount, initial_amount, currency, currency_exponent, billing_interval, anchor, timezone, total_payments, payments_made,
		status, next_period, attempt, next_charge_at, pending_payment, latest_payment, test_clock, request_id, metadata,
		created, updated, canceled_at, ended_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
		$24, $25, $26, $27) RETURNING seq`,
		sub.ID, sub.MerchantID, sub.Livemode, sub.Customer, sub.PaymentMethodID, sub.Amount, sub.InitialAmount,
		sub.Currency.Code, sub.Currency.Exponent, string(sub.Interval), ms(sub.Anchor), sub.TimeZone, sub.TotalPayments,
		sub.PaymentsMade, string(sub.Status), sub.NextPeriod, sub.Attempt, msPtr(sub.NextChargeAt), sub.PendingPayment,
		sub.LatestPayment, sub.TestClock, sub.RequestID, encodeJSON(nonNil(sub.Metadata)), ms(sub.Created), ms(sub.Updated),
		msPtr(sub.CanceledAt), msPtr(sub.EndedAt)).Scan(&seq)
	return seq, translate(err)
}

func (t *tx) UpdateSubscription(ctx context.Context, sub domain.Subscription) error {
	_, err := t.q.ExecContext(ctx, `UPDATE subscriptions SET payment_method_id = $2, payments_made = $3, status = $4,
		next_period = $5, attempt = $6, next_charge_at = $7, pending_payment = $8, latest_payment = $9, metadata = $10,
		updated = $11, canceled_at = $12, ended_at = $13 WHERE id = $1`,
		sub.ID, sub.PaymentMethodID, sub.PaymentsMade, string(sub.Status), sub.NextPeriod, sub.Attempt, msPtr(sub.NextChargeAt),
		sub.PendingPayment, sub.LatestPayment, encodeJSON(nonNil(sub.Metadata)), ms(sub.Updated), msPtr(sub.CanceledAt),
		msPtr(sub.EndedAt))
	return translate(err)
}

func (t *tx) GetSubscription(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.Subscription, error) {
	q := scoped(s)
	q.and("id = %s", id)
	return t.getSubscription(ctx, q, forUpdate, id)
}

func (t *tx) GetSubscriptionByRequest(ctx context.Context, s domain.Scope, requestID string, forUpdate bool) (domain.Subscription, error) {
	q := scoped(s)
	q.and("request_id = %s", requestID)
	return t.getSubscription(ctx, q, forUpdate, requestID)
}

func (t *tx) getSubscription(ctx context.Context, q query, forUpdate bool, id string) (domain.Subscription, error) {
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	sub, err := scanSubscription(t.q.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return sub, notFound(err, "subscription", id)
	}
	return sub, nil
}

func (t *tx) ListSubscriptions(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Subscription], error) {
	q := scoped(s)
	if p.Customer != "" {
		q.and("customer_id = %s", p.Customer)
	}
	if p.Status != "" {
		q.and("status = %s", p.Status)
	}
	return list(ctx, t, listSpec{table: "subscriptions", columns: subscriptionColumns, kind: "subscription"}, q, p,
		func(r *sql.Rows) (domain.Subscription, error) { return scanSubscription(r) })
}

// DueSubscriptions reads the partial index subscriptions_due: its WHERE
// repeats the index's predicate so both engines use it.
func (t *tx) DueSubscriptions(ctx context.Context, clockID string, now time.Time, limit int) ([]domain.Subscription, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions
		WHERE status IN ('active', 'past_due') AND pending_payment = '' AND test_clock = $1 AND next_charge_at <= $2
		ORDER BY next_charge_at, seq LIMIT CAST($3 AS BIGINT)`, clockID, ms(now), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, sub)
	}
	return out, translate(rows.Err())
}

func (t *tx) InsertSubscriptionCharge(ctx context.Context, c domain.SubscriptionCharge) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO subscription_charges (subscription_id, period, attempt, payment_id, due, created)
		VALUES ($1, $2, $3, $4, $5, $6)`, c.SubscriptionID, c.Period, c.Attempt, c.PaymentID, ms(c.Due), ms(c.Created))
	return translate(err)
}

func (t *tx) ListSubscriptionCharges(ctx context.Context, s domain.Scope, subscriptionID string) ([]domain.SubscriptionCharge, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT c.subscription_id, c.period, c.attempt, c.payment_id, c.due, c.created
		FROM subscription_charges c JOIN subscriptions s ON s.id = c.subscription_id
		WHERE s.merchant_id = $1 AND s.livemode = $2 AND c.subscription_id = $3 ORDER BY c.period, c.attempt`,
		s.MerchantID, s.Livemode, subscriptionID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.SubscriptionCharge
	for rows.Next() {
		var c domain.SubscriptionCharge
		var due, created int64
		if err := rows.Scan(&c.SubscriptionID, &c.Period, &c.Attempt, &c.PaymentID, &due, &created); err != nil {
			return nil, translate(err)
		}
		c.Due, c.Created = fromMS(due), fromMS(created)
		out = append(out, c)
	}
	return out, translate(rows.Err())
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

func (t *tx) InsertPaymentMethod(ctx context.Context, pm domain.PaymentMethod) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO payment_methods (id, merchant_id, livemode, type, card_brand, card_last4,
		card_exp_month, card_exp_year, card_fingerprint, sealed_pan, customer_id, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		pm.ID, pm.MerchantID, pm.Livemode, pm.Type, string(pm.Card.Brand), pm.Card.Last4, pm.Card.ExpMonth, pm.Card.ExpYear,
		pm.Card.Fingerprint, pm.SealedPAN, pm.Customer, ms(pm.Created))
	return translate(err)
}

func (t *tx) GetPaymentMethod(ctx context.Context, s domain.Scope, id string) (domain.PaymentMethod, error) {
	q := scoped(s)
	q.and("id = %s", id)
	var pm domain.PaymentMethod
	var brand string
	var created int64
	err := t.q.QueryRowContext(ctx, `SELECT id, merchant_id, livemode, type, card_brand, card_last4, card_exp_month, card_exp_year,
		card_fingerprint, sealed_pan, customer_id, created FROM payment_methods`+q.whereSQL(), q.args...).
		Scan(&pm.ID, &pm.MerchantID, &pm.Livemode, &pm.Type, &brand, &pm.Card.Last4, &pm.Card.ExpMonth, &pm.Card.ExpYear,
			&pm.Card.Fingerprint, &pm.SealedPAN, &pm.Customer, &created)
	if err != nil {
		return pm, notFound(err, "payment method", id)
	}
	pm.Card.Brand, pm.Created = domain.CardBrand(brand), fromMS(created)
	return pm, nil
}

const paymentColumns = `seq, id, merchant_id, livemode, amount, currency, status, amount_captured, amount_refunded, capture_manual,
	payment_method_id, card_brand, card_last4, card_exp_month, card_exp_year, card_fingerprint, customer_id, description,
	metadata, receipt_email, receipt_number, failure_code, failure_message, decline_code, processor_ref, created, updated,
	captured_at, canceled_at, request_id, pending_op, pending_amount, currency_exponent, subscription_id`

func scanPayment(row interface{ Scan(...any) error }) (domain.Payment, error) {
	var p domain.Payment
	var currency, status, brand, meta string
	var created, updated int64
	var captured, canceled, exponent sql.NullInt64
	var pendingOp string
	err := row.Scan(&p.Number, &p.ID, &p.MerchantID, &p.Livemode, &p.Amount, &currency, &status, &p.AmountCaptured,
		&p.AmountRefunded, &p.CaptureManual, &p.PaymentMethodID, &brand, &p.Card.Last4, &p.Card.ExpMonth, &p.Card.ExpYear,
		&p.Card.Fingerprint, &p.Customer, &p.Description, &meta, &p.ReceiptEmail, &p.ReceiptNumber, &p.FailureCode,
		&p.FailureMessage, &p.DeclineCode, &p.ProcessorRef, &created, &updated, &captured, &canceled, &p.RequestID, &pendingOp, &p.PendingAmount, &exponent, &p.SubscriptionID)
	if err != nil {
		return p, err
	}
	cur, err := storedCurrency(currency, exponent)
	if err != nil {
		return p, fmt.Errorf("payment %s: %w", p.ID, err)
	}
	p.PendingOp = domain.Operation(pendingOp)
	p.Currency, p.Status, p.Card.Brand = cur, domain.PaymentStatus(status), domain.CardBrand(brand)
	p.Created, p.Updated, p.CapturedAt, p.CanceledAt = fromMS(created), fromMS(updated), fromNullMS(captured), fromNullMS(canceled)
	return p, json.Unmarshal([]byte(meta), &p.Metadata)
}

func (t *tx) InsertPayment(ctx context.Context, p domain.Payment) (int64, error) {
	var seq int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO payments (id, merchant_id, livemode, amount, currency, status, amount_captured,
		amount_refunded, capture_manual, payment_method_id, card_brand, card_last4, card_exp_month, card_exp_year,
		card_fingerprint, customer_id, description, metadata, receipt_email, receipt_number, failure_code, failure_message,
		decline_code, processor_ref, created, updated, captured_at, canceled_at, request_id, pending_op, pending_amount,
		currency_exponent, subscription_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, $28, $29, $30, $31, $32, $33) RETURNING seq`,
		p.ID, p.MerchantID, p.Livemode, p.Amount, p.Currency.Code, string(p.Status), p.AmountCaptured, p.AmountRefunded,
		p.CaptureManual, p.PaymentMethodID, string(p.Card.Brand), p.Card.Last4, p.Card.ExpMonth, p.Card.ExpYear,
		p.Card.Fingerprint, p.Customer, p.Description, encodeJSON(nonNil(p.Metadata)), p.ReceiptEmail, p.ReceiptNumber,
		p.FailureCode, p.FailureMessage, p.DeclineCode, p.ProcessorRef, ms(p.Created), ms(p.Updated),
		msPtr(p.CapturedAt), msPtr(p.CanceledAt), p.RequestID, string(p.PendingOp), p.PendingAmount, p.Currency.Exponent, p.SubscriptionID).Scan(&seq)
	if err != nil {
		return 0, translate(err)
	}
	t.count(p.MerchantID, p.Livemode, countPayments, 1)
	return seq, nil
}

func (t *tx) GetPayment(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.Payment, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	p, err := scanPayment(t.q.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return p, notFound(err, "payment", "pay_"+id)
	}
	return p, nil
}

func (t *tx) GetPaymentByID(ctx context.Context, id string) (domain.Payment, error) {
	p, err := scanPayment(t.q.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`, id))
	if err != nil {
		return p, notFound(err, "payment", "pay_"+id)
	}
	return p, nil
}

// expiredChallengesSQL reads the partial index payments_requires_action: its
// WHERE repeats the index's predicate, as a literal, so both engines use it.
const expiredChallengesSQL = `SELECT id FROM payments WHERE status = 'requires_action' AND created < $1
	ORDER BY created LIMIT CAST($2 AS BIGINT)`

func (t *tx) ExpiredChallenges(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, expiredChallengesSQL, ms(before), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		ids = append(ids, id)
	}
	return ids, translate(rows.Err())
}

func (t *tx) UpdatePayment(ctx context.Context, p domain.Payment) error {
	_, err := t.q.ExecContext(ctx, `UPDATE payments SET status = $2, amount_captured = $3, amount_refunded = $4,
		customer_id = $5, description = $6, metadata = $7, receipt_email = $8, receipt_number = $9, updated = $10,
		captured_at = $11, canceled_at = $12, pending_op = $13, pending_amount = $14, failure_code = $15, failure_message = $16,
		decline_code = $17, processor_ref = $18 WHERE id = $1`,
		p.ID, string(p.Status), p.AmountCaptured, p.AmountRefunded, p.Customer, p.Description, encodeJSON(nonNil(p.Metadata)),
		p.ReceiptEmail, p.ReceiptNumber, ms(p.Updated), msPtr(p.CapturedAt), msPtr(p.CanceledAt), string(p.PendingOp),
		p.PendingAmount, p.FailureCode, p.FailureMessage, p.DeclineCode, p.ProcessorRef)
	return translate(err)
}

func (t *tx) ListPayments(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Payment], error) {
	q := scoped(s)
	if p.Customer != "" {
		q.and("customer_id = %s", p.Customer)
	}
	if p.Status != "" {
		q.and("status = %s", p.Status)
	}
	if p.CreatedGTE != nil {
		q.and("created >= %s", ms(*p.CreatedGTE))
	}
	if p.CreatedLTE != nil {
		q.and("created <= %s", ms(*p.CreatedLTE))
	}
	spec := listSpec{table: "payments", columns: paymentColumns, kind: "payment", idPrefix: "pay_"}
	if p.Customer == "" && p.Status == "" && p.CreatedGTE == nil && p.CreatedLTE == nil {
		spec.count, spec.scope = countPayments, s
	}
	return list(ctx, t, spec, q, p, func(r *sql.Rows) (domain.Payment, error) { return scanPayment(r) })
}

const refundColumns = `id, merchant_id, livemode, payment_id, amount, currency, reason, status, metadata, email, mobile, created,
	updated, failure_reason, currency_exponent`

func scanRefund(row interface{ Scan(...any) error }) (domain.Refund, error) {
	var r domain.Refund
	var currency, meta string
	var created, updated int64
	var exponent sql.NullInt64
	err := row.Scan(&r.ID, &r.MerchantID, &r.Livemode, &r.PaymentID, &r.Amount, &currency, &r.Reason, &r.Status, &meta,
		&r.Email, &r.Mobile, &created, &updated, &r.FailureReason, &exponent)
	if err != nil {
		return r, err
	}
	cur, err := storedCurrency(currency, exponent)
	if err != nil {
		return r, fmt.Errorf("refund %s: %w", r.ID, err)
	}
	r.Currency, r.Created, r.Updated = cur, fromMS(created), fromMS(updated)
	return r, json.Unmarshal([]byte(meta), &r.Metadata)
}

func (t *tx) InsertRefund(ctx context.Context, r domain.Refund) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO refunds (`+refundColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.ID, r.MerchantID, r.Livemode, r.PaymentID, r.Amount, r.Currency.Code, r.Reason, r.Status,
		encodeJSON(nonNil(r.Metadata)), r.Email, r.Mobile, ms(r.Created), ms(r.Updated), r.FailureReason, r.Currency.Exponent)
	return translate(err)
}

func (t *tx) UpdateRefund(ctx context.Context, r domain.Refund) error {
	_, err := t.q.ExecContext(ctx, `UPDATE refunds SET status = $2, failure_reason = $3, updated = $4 WHERE id = $1`,
		r.ID, r.Status, r.FailureReason, ms(r.Updated))
	return translate(err)
}

// storedCurrency is a money row's currency: its code with the exponent the
// row was written with, or, for rows older than that column, the library's.
func storedCurrency(code string, exponent sql.NullInt64) (domain.Currency, error) {
	if exponent.Valid {
		return domain.Currency{Code: strings.ToUpper(code), Exponent: int(exponent.Int64)}, nil
	}
	cur, ok := domain.LookupCurrency(code)
	if !ok {
		return cur, fmt.Errorf("unknown currency %q", code)
	}
	return cur, nil
}

func (t *tx) GetRefund(ctx context.Context, s domain.Scope, id string) (domain.Refund, error) {
	q := scoped(s)
	q.and("id = %s", id)
	r, err := scanRefund(t.q.QueryRowContext(ctx, `SELECT `+refundColumns+` FROM refunds`+q.whereSQL(), q.args...))
	if err != nil {
		return r, notFound(err, "refund", id)
	}
	return r, nil
}

func (t *tx) ListRefunds(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Refund], error) {
	q := scoped(s)
	if p.Payment != "" {
		q.and("payment_id = %s", p.Payment)
	}
	return list(ctx, t, listSpec{table: "refunds", columns: refundColumns, kind: "refund"}, q, p,
		func(r *sql.Rows) (domain.Refund, error) { return scanRefund(r) })
}

func (t *tx) PaymentTotals(ctx context.Context, s domain.Scope, since time.Time) ([]domain.DayTotal, error) {
	// Quarter hours: every time zone's midnight falls on one, so the engine
	// folds them into the merchant's days exactly.
	const quarter = 900_000
	rows, err := t.q.QueryContext(ctx, `SELECT created / 900000 AS quarter, currency, COUNT(*),
			SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END),
			SUM(CASE WHEN status = 'succeeded' THEN amount_captured - amount_refunded ELSE 0 END)
		FROM payments WHERE merchant_id = $1 AND livemode = $2 AND created >= $3
		GROUP BY created / 900000, currency ORDER BY 1, 2`, s.MerchantID, s.Livemode, ms(since))
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.DayTotal
	for rows.Next() {
		var d domain.DayTotal
		var n int64
		var cur string
		if err := rows.Scan(&n, &cur, &d.Count, &d.Succeeded, &d.Volume); err != nil {
			return nil, translate(err)
		}
		d.Day, d.Currency = fromMS(n*quarter), strings.ToUpper(cur)
		out = append(out, d)
	}
	return out, translate(rows.Err())
}

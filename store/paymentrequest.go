package store

import (
	"time"

	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// Payment requests keep their many fields as one JSON document (details);
// the columns beside it are what queries filter, order and index on.
const paymentRequestColumns = `number, id, transaction_id, merchant_id, livemode, details, created, modified, deleted, status,
	subscription_status`

func scanPaymentRequest(row interface{ Scan(...any) error }) (domain.PaymentRequest, error) {
	var pr domain.PaymentRequest
	var seq, created int64
	var modified sql.NullInt64
	var details, id, txn, merchant, status, sub string
	var live, deleted bool
	if err := row.Scan(&seq, &id, &txn, &merchant, &live, &details, &created, &modified, &deleted, &status, &sub); err != nil {
		return pr, err
	}
	if err := json.Unmarshal([]byte(details), &pr); err != nil {
		return pr, fmt.Errorf("payment request %s: %w", id, err)
	}
	pr.Number, pr.ID, pr.TransactionID, pr.MerchantID, pr.Livemode = seq, id, txn, merchant, live
	pr.Created, pr.Modified, pr.Deleted, pr.Status, pr.SubscriptionStatus = fromMS(created), fromNullMS(modified), deleted, status, sub
	return pr, nil
}

func prDetails(pr domain.PaymentRequest) (string, error) {
	b, err := json.Marshal(pr)
	return string(b), err
}

func (t *tx) InsertPaymentRequest(ctx context.Context, pr domain.PaymentRequest) (int64, error) {
	details, err := prDetails(pr)
	if err != nil {
		return 0, domain.Internal(err)
	}
	n, err := t.nextNumber(ctx, "payment_requests", pr.MerchantID, pr.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO payment_requests (id, transaction_id, merchant_id, livemode, amount, amount_due,
		currency, status, customer_number, reference_number, email, mobile_number, frequency, subscription_status, expires_at,
		details, created, modified, deleted, currency_exponent, number)
		VALUES ($1, $20, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $21)`,
		pr.ID, pr.MerchantID, pr.Livemode, pr.Amount, pr.AmountDue, pr.Currency.Code, pr.Status, pr.CustomerNumber,
		pr.ReferenceNumber, pr.Email, pr.MobileNumber, string(pr.Frequency), pr.SubscriptionStatus, msPtr(pr.ExpiresAt),
		details, ms(pr.Created), msPtr(pr.Modified), pr.Deleted, pr.Currency.Exponent, domain.TransactionID(n), n)
	if err != nil {
		return 0, translate(err)
	}
	if !pr.Deleted {
		t.count(pr.MerchantID, pr.Livemode, countPaymentRequests, 1)
	}
	return n, nil
}

func (t *tx) GetPaymentRequest(ctx context.Context, s domain.Scope, transactionID string, forUpdate bool) (domain.PaymentRequest, error) {
	q := scoped(s)
	q.and("transaction_id = %s", transactionID)
	q.and("deleted = %s", false)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	pr, err := scanPaymentRequest(t.q.QueryRowContext(ctx, `SELECT `+paymentRequestColumns+` FROM payment_requests`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return pr, notFound(err, "payment request", transactionID)
	}
	return pr, nil
}

func (t *tx) GetPaymentRequestByID(ctx context.Context, id string) (domain.PaymentRequest, error) {
	pr, err := scanPaymentRequest(t.q.QueryRowContext(ctx, `SELECT `+paymentRequestColumns+` FROM payment_requests WHERE id = $1`, id))
	if err != nil {
		return pr, notFound(err, "payment request", id)
	}
	return pr, nil
}

func (t *tx) UpdatePaymentRequest(ctx context.Context, pr domain.PaymentRequest) error {
	details, err := prDetails(pr)
	if err != nil {
		return domain.Internal(err)
	}
	if err := t.setDeleted(ctx, "payment_requests", countPaymentRequests, pr.ID, pr.Deleted); err != nil {
		return err
	}
	_, err = t.q.ExecContext(ctx, `UPDATE payment_requests SET amount = $2, amount_due = $3, currency = $4, status = $5,
		customer_number = $6, reference_number = $7, email = $8, mobile_number = $9, frequency = $10, subscription_status = $11,
		expires_at = $12, details = $13, modified = $14, deleted = $15, currency_exponent = $16 WHERE id = $1`,
		pr.ID, pr.Amount, pr.AmountDue, pr.Currency.Code, pr.Status, pr.CustomerNumber, pr.ReferenceNumber, pr.Email,
		pr.MobileNumber, string(pr.Frequency), pr.SubscriptionStatus, msPtr(pr.ExpiresAt), details, msPtr(pr.Modified), pr.Deleted, pr.Currency.Exponent)
	return translate(err)
}

func (t *tx) ListPaymentRequests(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.PaymentRequest], error) {
	q := scoped(s)
	q.and("deleted = %s", false)
	// As the payment history's keywords: "email, mobile number or reference number".
	q.keywords(p.Keywords, "email", "mobile_number", "reference_number")
	spec := listSpec{table: "payment_requests", columns: paymentRequestColumns, kind: "payment request"}
	if len(q.where) == 3 { // scope and not deleted: no keyword
		spec.count, spec.scope = countPaymentRequests, s
	}
	return list(ctx, t, spec, q, p, func(r *sql.Rows) (domain.PaymentRequest, error) { return scanPaymentRequest(r) })
}

func (t *tx) CountRequestAttempts(ctx context.Context, requestID string, since time.Time) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM payments WHERE request_id = $1 AND request_id <> '' AND created >= $2`,
		requestID, ms(since)).Scan(&n)
	return n, translate(err)
}

func (t *tx) CountRequestPayments(ctx context.Context, s domain.Scope, requestID string, statuses ...domain.PaymentStatus) (int, error) {
	q := scoped(s)
	q.and("request_id = %s", requestID)
	if len(statuses) > 0 {
		ors := make([]string, len(statuses))
		for i, st := range statuses {
			ors[i] = q.arg(string(st))
		}
		q.where = append(q.where, "status IN ("+strings.Join(ors, ", ")+")")
	}
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM payments`+q.whereSQL(), q.args...).Scan(&n)
	return n, translate(err)
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

const historyColumns = `id, merchant_id, livemode, payment_id, kind, amount, currency, status, description, email, mobile,
	reference_number, transaction_id, transaction_type, shipping, created`

func scanHistory(row interface{ Scan(...any) error }) (domain.HistoryEntry, error) {
	var h domain.HistoryEntry
	var kind, currency string
	var created int64
	err := row.Scan(&h.ID, &h.MerchantID, &h.Livemode, &h.PaymentID, &kind, &h.Amount, &currency, &h.Status, &h.Description,
		&h.Email, &h.Mobile, &h.ReferenceNumber, &h.TransactionID, &h.TransactionType, &h.Shipping, &created)
	if err != nil {
		return h, err
	}
	cur, ok := domain.LookupCurrency(currency)
	if !ok {
		return h, fmt.Errorf("history %s has unknown currency %q", h.ID, currency)
	}
	h.Kind, h.Currency, h.Created = domain.HistoryKind(kind), cur, fromMS(created)
	return h, nil
}

func (t *tx) InsertHistory(ctx context.Context, h domain.HistoryEntry) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO history (`+historyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		h.ID, h.MerchantID, h.Livemode, h.PaymentID, string(h.Kind), h.Amount, h.Currency.Code, h.Status, h.Description,
		h.Email, h.Mobile, h.ReferenceNumber, h.TransactionID, h.TransactionType, h.Shipping, ms(h.Created))
	return translate(err)
}

func (t *tx) GetHistory(ctx context.Context, s domain.Scope, id string) (domain.HistoryEntry, error) {
	q := scoped(s)
	q.and("id = %s", id)
	h, err := scanHistory(t.q.QueryRowContext(ctx, `SELECT `+historyColumns+` FROM history`+q.whereSQL(), q.args...))
	if err != nil {
		return h, notFound(err, "payment", id)
	}
	return h, nil
}

// ListHistory matches a keyword against whole values so each branch is an
// index lookup (history_email, history_mobile, history_reference); the
// date range then narrows those rows.
func (t *tx) ListHistory(ctx context.Context, s domain.Scope, p domain.HistoryParams) (domain.Page[domain.HistoryEntry], error) {
	q := scoped(s)
	if kw := strings.TrimSpace(p.Keyword); kw != "" {
		a, b, c := q.arg(strings.ToLower(kw)), q.arg(kw), q.arg(kw)
		q.where = append(q.where, fmt.Sprintf("(email = %s OR mobile = %s OR reference_number = %s)", a, b, c))
	}
	if p.From != nil {
		q.and("created >= %s", ms(*p.From))
	}
	if p.To != nil {
		q.and("created < %s", ms(*p.To))
	}
	return list(ctx, t, listSpec{table: "history", columns: historyColumns, kind: "payment"}, q,
		domain.ListParams{Page: p.Page, Limit: p.Limit},
		func(r *sql.Rows) (domain.HistoryEntry, error) { return scanHistory(r) })
}

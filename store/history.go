package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

const historyColumns = `id, merchant_id, livemode, payment_id, kind, amount, currency, status, description, email, mobile,
	reference_number, transaction_id, transaction_type, shipping, created, currency_exponent`

func scanHistory(row interface{ Scan(...any) error }) (domain.HistoryEntry, error) {
	var h domain.HistoryEntry
	var kind, currency string
	var created int64
	var exponent sql.NullInt64
	err := row.Scan(&h.ID, &h.MerchantID, &h.Livemode, &h.PaymentID, &kind, &h.Amount, &currency, &h.Status, &h.Description,
		&h.Email, &h.Mobile, &h.ReferenceNumber, &h.TransactionID, &h.TransactionType, &h.Shipping, &created, &exponent)
	if err != nil {
		return h, err
	}
	cur, err := storedCurrency(currency, exponent)
	if err != nil {
		return h, fmt.Errorf("history %s: %w", h.ID, err)
	}
	h.Kind, h.Currency, h.Created = domain.HistoryKind(kind), cur, fromMS(created)
	return h, nil
}

func (t *tx) InsertHistory(ctx context.Context, h domain.HistoryEntry) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO history (`+historyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		h.ID, h.MerchantID, h.Livemode, h.PaymentID, string(h.Kind), h.Amount, h.Currency.Code, h.Status, h.Description,
		h.Email, h.Mobile, h.ReferenceNumber, h.TransactionID, h.TransactionType, h.Shipping, ms(h.Created), h.Currency.Exponent)
	return translate(err)
}

func (t *tx) UpdateHistoryStatus(ctx context.Context, s domain.Scope, id, status, description string) error {
	_, err := t.q.ExecContext(ctx, `UPDATE history SET status = $4, description = $5 WHERE merchant_id = $1 AND livemode = $2 AND id = $3`,
		s.MerchantID, s.Livemode, id, status, description)
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

// ListHistory matches a keyword against whole values so each branch of the
// search is an index lookup (history_email, history_mobile,
// history_reference) narrowed by the date range; a plain OR lets the planners
// walk the whole scope instead. Entries are ordered by time, which the
// history_created index serves for date ranges.
func (t *tx) ListHistory(ctx context.Context, s domain.Scope, p domain.HistoryParams) (domain.Page[domain.HistoryEntry], error) {
	q := scoped(s)
	orderBy := "created %[1]s, seq %[1]s"
	var rng []string
	if p.From != nil {
		rng = append(rng, "created >= "+q.arg(ms(*p.From)))
	}
	if p.To != nil {
		rng = append(rng, "created < "+q.arg(ms(*p.To)))
	}
	q.where = append(q.where, rng...)
	if kw := strings.TrimSpace(p.Keyword); kw != "" {
		// Only the keyword branches filter, each scoped and ranged inside, so
		// the few matching rows drive the query by primary key. UNION ALL, not
		// UNION: a merge-union wants its branches in seq order, which SQLite
		// would then read from history_scope instead of the keyword indexes.
		var k query
		m, l := k.arg(s.MerchantID), k.arg(s.Livemode)
		var kr []string
		if p.From != nil {
			kr = append(kr, "created >= "+k.arg(ms(*p.From)))
		}
		if p.To != nil {
			kr = append(kr, "created < "+k.arg(ms(*p.To)))
		}
		branch := func(col, val string) string {
			cond := append([]string{"merchant_id = " + m, "livemode = " + l, col + " = " + val}, kr...)
			return "SELECT seq FROM history WHERE " + strings.Join(cond, " AND ")
		}
		k.where = append(k.where, "seq IN ("+branch("email", k.arg(strings.ToLower(kw)))+
			" UNION ALL "+branch("mobile", k.arg(kw))+" UNION ALL "+branch("reference_number", k.arg(kw))+")")
		q = k
		// "+created" is not a column to the planners, so they cannot walk
		// an index in time order probing each row; they fetch the few matches
		// and sort them.
		orderBy = "+created %[1]s, +seq %[1]s"
	}
	return list(ctx, t, listSpec{table: "history", columns: historyColumns, kind: "payment", orderBy: orderBy}, q,
		domain.ListParams{Page: p.Page, Limit: p.Limit},
		func(r *sql.Rows) (domain.HistoryEntry, error) { return scanHistory(r) })
}

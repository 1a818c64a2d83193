package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

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

// ListHistory matches a keyword as a fragment of the e-mail, mobile number
// or reference number, in any case, narrowed by the date range. The fragment
// is found through a trigram index (historyKeyword), and the few matching
// rows are then fetched and sorted; without a keyword, the history_created
// index serves the order and the date range.
func (t *tx) ListHistory(ctx context.Context, s domain.Scope, p domain.HistoryParams) (domain.Page[domain.HistoryEntry], error) {
	q := scoped(s)
	orderBy := "created %[1]s, seq %[1]s"
	if p.From != nil {
		q.and("created >= %s", ms(*p.From))
	}
	if p.To != nil {
		q.and("created < %s", ms(*p.To))
	}
	if kw := strings.TrimSpace(p.Keyword); kw != "" {
		if t.historyKeyword(&q, kw) {
			// "+created" is not a column to the planner, so it cannot walk an
			// index in time order probing each row; it fetches the matches
			// and sorts them.
			orderBy = "+created %[1]s, +seq %[1]s"
		}
	}
	return list(ctx, t, listSpec{table: "history", columns: historyColumns, kind: "payment", orderBy: orderBy}, q,
		domain.ListParams{Page: p.Page, Limit: p.Limit},
		func(r *sql.Rows) (domain.HistoryEntry, error) { return scanHistory(r) })
}

// historySearchText is the text a history keyword is looked for in; the
// PostgreSQL trigram index is built on this very expression.
const historySearchText = `(email || ' ' || mobile || ' ' || reference_number)`

// historyKeyword adds the keyword condition, the one place the engines differ
// in history search. SQLite asks its FTS5 trigram table (history_search) for
// fragments of three characters or more; PostgreSQL's planner uses the
// pg_trgm index on historySearchText for ILIKE. A shorter fragment has no
// trigram and is a LIKE over the merchant's rows. It reports whether the
// matches should drive the query (fetched through the index, then sorted).
func (t *tx) historyKeyword(q *query, kw string) (sorted bool) {
	if t.flavor == SQLite && utf8.RuneCountInString(kw) >= 3 {
		// A quoted FTS5 string is a phrase; with the trigram tokenizer a
		// phrase matches any substring, case-insensitively.
		q.and("seq IN (SELECT rowid FROM history_search WHERE history_search MATCH %s)",
			`"`+strings.ReplaceAll(kw, `"`, `""`)+`"`)
		return true
	}
	if t.flavor == Postgres {
		q.and(historySearchText+` ILIKE %s ESCAPE '\'`, likePattern(kw))
		// Left free to order by created, PostgreSQL walks history_created
		// testing every row (it cannot tell how rare a fragment is); a
		// fragment with a trigram should drive the query through the index.
		return utf8.RuneCountInString(kw) >= 3
	}
	q.and(historySearchText+` LIKE %s ESCAPE '\'`, likePattern(kw))
	return false
}

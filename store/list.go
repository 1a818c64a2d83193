package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// query builds a SELECT over one table with $N placeholders shared by both engines.
type query struct {
	where []string
	args  []any
}

// arg adds a value and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

func (q *query) and(cond string, vals ...any) {
	ph := make([]any, len(vals))
	for i, v := range vals {
		ph[i] = q.arg(v)
	}
	q.where = append(q.where, fmt.Sprintf(cond, ph...))
}

func (q *query) whereSQL() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// likePattern escapes LIKE metacharacters so keywords match literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// keywords adds a case-insensitive substring match over cols.
func (q *query) keywords(kw string, cols ...string) {
	kw = strings.TrimSpace(kw)
	if kw == "" {
		return
	}
	ph := q.arg(likePattern(kw))
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf(`LOWER(%s) LIKE %s ESCAPE '\'`, c, ph)
	}
	q.where = append(q.where, "("+strings.Join(parts, " OR ")+")")
}

// listSpec describes one resource's list.
type listSpec struct {
	table   string
	columns string
	kind    string // for cursor errors: "customer"
	// idPrefix is what the API adds to the stored id ("pay_" for payments);
	// a cursor must carry it.
	idPrefix string
	// orderBy orders numbered pages, with %[1]s for ASC or DESC; default
	// "seq %[1]s". Cursor lists always order by seq.
	orderBy string
	// count, when set, is the kept count that equals the total of this
	// list in scope (counts.go): the caller sets it when no filter narrows
	// the list, and numbered pages read it instead of counting the rows.
	count countKind
	scope domain.Scope
	// total, when set, is a numbered page's total, which the caller knew
	// without counting (the history's days); skipped is how many rows of
	// the page's offset a condition the caller added leaves out: the page
	// starts that many rows earlier in what remains.
	total   *int
	skipped int
}

// list runs a cursor or numbered-page list over spec with the filters in q
// (scope already included). Items are ordered by seq, the insertion order,
// which keeps cursor pages stable while new rows arrive.
func list[T any](ctx context.Context, t *tx, spec listSpec, q query, p domain.ListParams, scan func(*sql.Rows) (T, error)) (domain.Page[T], error) {
	var out domain.Page[T]
	base := q // filters without cursor, for the total
	switch {
	case p.Page > 0:
	case p.After != "":
		seq, err := t.cursorSeq(ctx, spec, q, p.After, "starting_after")
		if err != nil {
			return out, err
		}
		q.and("seq < %s", seq)
	case p.Before != "":
		seq, err := t.cursorSeq(ctx, spec, q, p.Before, "ending_before")
		if err != nil {
			return out, err
		}
		q.and("seq > %s", seq)
	}
	text, args, limit := pageSQL(spec, q, p)
	rows, err := t.q.QueryContext(ctx, text, args...)
	if err != nil {
		return out, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return out, translate(err)
		}
		out.Items = append(out.Items, item)
	}
	if err := rows.Err(); err != nil {
		return out, translate(err)
	}
	if p.Page > 0 {
		if spec.total != nil {
			out.Total = *spec.total
			return out, nil
		}
		if spec.count != "" {
			out.Total, err = t.keptCount(ctx, spec.scope, spec.count)
			return out, err
		}
		err := t.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+spec.table+base.whereSQL(), base.args...).Scan(&out.Total)
		return out, translate(err)
	}
	if len(out.Items) > limit {
		out.HasMore = true
		out.Items = out.Items[:limit]
	}
	if p.Before != "" { // fetched oldest first to find the neighbours; show newest first
		for i, j := 0, len(out.Items)-1; i < j; i, j = i+1, j-1 {
			out.Items[i], out.Items[j] = out.Items[j], out.Items[i]
		}
	}
	return out, nil
}

// pageSQL builds the SELECT of one page over q's filters (cursor included).
// Cursor pages fetch one row more than the limit to learn has_more.
func pageSQL(spec listSpec, q query, p domain.ListParams) (text string, args []any, limit int) {
	limit = p.Limit
	if limit <= 0 {
		limit = 10
	}
	order := "DESC"
	if p.Ascending {
		order = "ASC"
	}
	// Limits and offsets are parameters, so the statement text stays one of
	// a fixed set (which SQLite's statement cache relies on).
	var suffix string
	switch {
	case p.Page > 0:
		orderBy := spec.orderBy
		if orderBy == "" {
			orderBy = "seq %[1]s"
		}
		suffix = fmt.Sprintf(" ORDER BY "+orderBy, order) + " LIMIT CAST(" + q.arg(limit) + " AS BIGINT) OFFSET CAST(" + q.arg(int64(p.Page-1)*int64(limit)-int64(spec.skipped)) + " AS BIGINT)"
	case p.Before != "":
		suffix = " ORDER BY seq ASC LIMIT CAST(" + q.arg(limit+1) + " AS BIGINT)"
	default:
		suffix = " ORDER BY seq " + order + " LIMIT CAST(" + q.arg(limit+1) + " AS BIGINT)"
	}
	return "SELECT " + spec.columns + " FROM " + spec.table + q.whereSQL() + suffix, q.args, limit
}

// cursorSeq resolves a cursor id to its seq within the same scope and filters.
func (t *tx) cursorSeq(ctx context.Context, spec listSpec, q query, id, param string) (int64, error) {
	stored, ok := strings.CutPrefix(id, spec.idPrefix)
	if !ok {
		return 0, domain.Invalid(param, "resource_missing", "No such %s: '%s'", spec.kind, id)
	}
	q.and("id = %s", stored)
	var seq int64
	err := t.q.QueryRowContext(ctx, "SELECT seq FROM "+spec.table+q.whereSQL(), q.args...).Scan(&seq)
	if err == sql.ErrNoRows {
		return 0, domain.Invalid(param, "resource_missing", "No such %s: '%s'", spec.kind, id)
	}
	return seq, translate(err)
}

// scoped starts a query confined to a merchant and mode.
func scoped(s domain.Scope) query {
	var q query
	q.and("merchant_id = %s", s.MerchantID)
	q.and("livemode = %s", s.Livemode)
	return q
}

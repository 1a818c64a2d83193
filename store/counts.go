package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Kept counts (docs/decisions.md "Counts that stay fast").
//
// A numbered page shows total_count, and COUNT(*) over a merchant's million
// history rows took a quarter (SQLite) to half a second (PostgreSQL) a page
// (bench/lists). So the unfiltered count of each list that grows with the
// business is kept in scope_counts, exact: the statements that add or
// remove a counted row note a delta on their tx (tx.count), and the deltas
// reach scope_counts only just before the commit, one upsert per
// merchant, mode, kind and day (applyCounts). Updating a counter row in
// every payment's transaction, as it happens, would lock that row from the
// first insert to the commit: every concurrent payment of the merchant
// would queue on it, and two transactions taking two counter rows in
// different orders could deadlock. Applied last, in sorted order, a
// counter row is held only while the commit goes to disk.
//
// The group writer (groupcommit.go) merges the deltas of a batch's units
// that succeeded and applies them once, before the batch's commit. On
// PostgreSQL a batch adds them to one of countShards rows of each counter,
// picked at random, so that concurrent commits (the writer's lanes,
// several nodes) rarely wait for each other either; a count is the sum of
// its shards. SQLite has one writer and keeps shard 0 alone.
//
// The history also keeps its count per UTC day: the Paysley history's
// date range is whole UTC days, so its total_count is the sum of the days'
// counts, and a page deep in the list skips whole days by their counts
// before it lets the database skip rows (history.go). Other filtered counts
// (a keyword, a status) are still counted through the indexes: they cover
// fewer rows, and a counter per filter value would multiply the writes.

// countKind names a kept count; its value names the table whose rows it
// counts, and is the kind column of scope_counts.
type countKind string

// The kept counts.
const (
	countPayments        countKind = "payments"
	countHistory         countKind = "history"
	countCustomers       countKind = "customers"        // those not deleted
	countPaymentRequests countKind = "payment_requests" // those not deleted
	countMessages        countKind = "messages"
)

// countedRows is, for each kind, the rows its count stands for: what
// Verify and Recount count them with. Migration 00045 backfills with the
// same statements.
var countedRows = []struct {
	kind countKind
	from string // FROM and WHERE of the counted rows
	day  string // for a kind also counted per day: a row's day
}{
	{countPayments, `FROM payments`, ""},
	{countHistory, `FROM history`, "created / 86400000"},
	{countCustomers, `FROM customers WHERE deleted = FALSE`, ""},
	{countPaymentRequests, `FROM payment_requests WHERE deleted = FALSE`, ""},
	{countMessages, `FROM messages`, ""},
}

// allDays is the day of a scope's whole count; a day's own count has the
// day's number, days since 1970-01-01 UTC.
const allDays = -1

const msPerDay = 24 * 60 * 60 * 1000

// dayOf numbers the UTC day of t as the day column does.
func dayOf(t time.Time) int64 { return ms(t) / msPerDay }

// countShards is how many rows share each count on PostgreSQL: enough that
// the writer's lanes and a few nodes seldom pick the same, few enough that
// reading a long range of days (a row a day and shard) stays cheap.
const countShards = 8

// countKey is one kept count: a merchant, a mode, a kind, and a day or
// allDays.
type countKey struct {
	merchantID string
	livemode   bool
	kind       countKind
	day        int64
}

// countDeltas is what a transaction (or a batch of them) changes in the
// kept counts.
type countDeltas map[countKey]int64

// count notes that the transaction adds delta rows of kind to the scope.
// Nothing is written until applyCounts.
func (t *tx) count(merchantID string, livemode bool, kind countKind, delta int64) {
	t.countDay(merchantID, livemode, kind, allDays, delta)
}

// countDay notes delta rows of kind in one day of the scope (and not in
// its whole count: count does that).
func (t *tx) countDay(merchantID string, livemode bool, kind countKind, day, delta int64) {
	if t.counts == nil {
		t.counts = countDeltas{}
	}
	t.counts[countKey{merchantID, livemode, kind, day}] += delta
}

// takeCounts returns the deltas the transaction noted and forgets them, so
// that they are applied once: the group writer merges those of a batch's
// units that succeeded (mergeCounts) and applies them just before the
// batch's commit (applyCounts).
func (t *tx) takeCounts() countDeltas {
	d := t.counts
	t.counts = nil
	return d
}

// mergeCounts adds src's deltas to dst and returns dst, made when nil.
func mergeCounts(dst, src countDeltas) countDeltas {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(countDeltas, len(src))
	}
	for k, d := range src {
		dst[k] += d
	}
	return dst
}

// applyCounts writes deltas to scope_counts in shard: one upsert per
// count that changed, in the order of their keys, so that two transactions
// applying deltas to the same counts lock them in the same order. Call it
// last before the commit.
func applyCounts(ctx context.Context, q querier, deltas countDeltas, shard int) error {
	keys := make([]countKey, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		if c := cmp.Compare(a.merchantID, b.merchantID); c != 0 {
			return c
		}
		if a.livemode != b.livemode {
			if a.livemode {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return cmp.Compare(a.day, b.day)
	})
	for _, k := range keys {
		_, err := q.ExecContext(ctx, `INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (merchant_id, livemode, kind, day, shard) DO UPDATE SET n = scope_counts.n + excluded.n`,
			k.merchantID, k.livemode, string(k.kind), k.day, shard, deltas[k])
		if err != nil {
			return translate(fmt.Errorf("kept count %s: %w", k.kind, err))
		}
	}
	return nil
}

// countShard picks the shard a transaction's deltas go to.
func (s *Store) countShard() int {
	if s.flavor == SQLite {
		return 0
	}
	return rand.IntN(countShards)
}

// keptCount reads the kept count of kind in scope s.
func (t *tx) keptCount(ctx context.Context, s domain.Scope, kind countKind) (int, error) {
	var n int64
	err := t.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM scope_counts
		WHERE merchant_id = $1 AND livemode = $2 AND kind = $3 AND day = $4`,
		s.MerchantID, s.Livemode, string(kind), allDays).Scan(&n)
	return int(n), translate(err)
}

// keptRange reads the kept count of kind in scope s over the days from
// up to (not including) to.
func (t *tx) keptRange(ctx context.Context, s domain.Scope, kind countKind, from, to int64) (int, error) {
	var n int64
	err := t.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM scope_counts
		WHERE merchant_id = $1 AND livemode = $2 AND kind = $3 AND day >= $4 AND day < $5`,
		s.MerchantID, s.Livemode, string(kind), max(from, 0), to).Scan(&n)
	return int(n), translate(err)
}

// dayCount is the kept count of one day.
type dayCount struct {
	day int64
	n   int
}

// walkDays calls fn with the kept count of each day of kind in scope s
// from day from up to (not including) day to that has rows, newest first
// or oldest first, until fn returns false. It reads the days a few at a
// time (a day has a row a shard), so that stopping early reads less.
func (t *tx) walkDays(ctx context.Context, s domain.Scope, kind countKind, from, to int64, newestFirst bool, fn func(dayCount) bool) error {
	from = max(from, 0)
	order, limit := "ASC", 32
	if newestFirst {
		order = "DESC"
	}
	for from < to {
		rows, err := t.q.QueryContext(ctx, `SELECT day, SUM(n) FROM scope_counts
			WHERE merchant_id = $1 AND livemode = $2 AND kind = $3 AND day >= $4 AND day < $5
			GROUP BY day HAVING SUM(n) <> 0 ORDER BY day `+order+` LIMIT $6`,
			s.MerchantID, s.Livemode, string(kind), from, to, limit)
		if err != nil {
			return translate(err)
		}
		read, more := 0, true
		for more && rows.Next() {
			var d dayCount
			var n int64
			if err := rows.Scan(&d.day, &n); err != nil {
				rows.Close()
				return translate(err)
			}
			d.n, read = int(n), read+1
			more = fn(d)
			if newestFirst {
				to = d.day
			} else {
				from = d.day + 1
			}
		}
		if err := rows.Close(); err != nil {
			return translate(err)
		}
		if err := rows.Err(); err != nil {
			return translate(err)
		}
		if !more || read < limit {
			return nil
		}
		limit = min(4*limit, 2048)
	}
	return nil
}

// countedSQL counts every kind per scope, and per day for the kinds kept
// per day, from the tables themselves (column counted) beside the kept
// counts (column kept).
func countedSQL() string {
	parts := make([]string, 0, 2*len(countedRows)+1)
	for _, c := range countedRows {
		parts = append(parts, fmt.Sprintf(`SELECT merchant_id, livemode, '%s' AS kind, %d AS day, COUNT(*) AS counted, 0 AS kept %s
			GROUP BY merchant_id, livemode`, c.kind, allDays, c.from))
		if c.day != "" {
			parts = append(parts, fmt.Sprintf(`SELECT merchant_id, livemode, '%s', %s, COUNT(*), 0 %s GROUP BY merchant_id, livemode, %[2]s`,
				c.kind, c.day, c.from))
		}
	}
	parts = append(parts, `SELECT merchant_id, livemode, kind, day, 0, SUM(n) FROM scope_counts GROUP BY merchant_id, livemode, kind, day`)
	return `SELECT merchant_id, livemode, kind, day, CAST(SUM(counted) AS BIGINT) AS counted, CAST(SUM(kept) AS BIGINT) AS kept FROM (` +
		strings.Join(parts, "\n\tUNION ALL ") + `) c GROUP BY merchant_id, livemode, kind, day`
}

// verifyCounts runs check 8: every kept count equals the rows it stands for.
func verifyCounts(ctx context.Context, q *sql.Tx) ([]domain.Problem, error) {
	return queryProblems(ctx, q, `SELECT merchant_id, livemode, kind, day, counted, kept FROM (`+countedSQL()+`) v
		WHERE counted <> kept ORDER BY merchant_id, livemode, kind, day`, nil, func(rows *sql.Rows) ([]domain.Problem, error) {
		var p domain.Problem
		var day, counted, kept int64
		if err := rows.Scan(&p.MerchantID, &p.Livemode, &p.Object, &day, &counted, &kept); err != nil {
			return nil, err
		}
		p.Check = domain.CheckCounts
		what := "the kept count"
		if day != allDays {
			what = "the kept count of " + time.UnixMilli(day*msPerDay).UTC().Format("2006-01-02")
		}
		p.Detail = fmt.Sprintf("%s is %d, the table holds %d (paysmart verify --recount rebuilds the kept counts)", what, kept, counted)
		return []domain.Problem{p}, nil
	})
}

// Recount rebuilds the kept counts from the tables: the repair when Verify
// finds a kept count wrong (rows written by hand, outside the store). It
// runs in a transaction of its own, outside the group writer: within a
// batch it would count the rows of the units before it, whose deltas the
// batch applies afterwards, twice.
func (s *Store) Recount(ctx context.Context) (err error) {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer func() {
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if s.flavor == Postgres {
		// Writers apply their deltas just before they commit: the lock
		// waits for those that did, and holds the others off until the
		// counts are rebuilt without their rows, which they add then.
		// (SQLite's write lock, taken at BEGIN, does the same.)
		if _, err := sqlTx.ExecContext(ctx, `LOCK TABLE scope_counts IN EXCLUSIVE MODE`); err != nil {
			return translate(err)
		}
	}
	if _, err := sqlTx.ExecContext(ctx, `DELETE FROM scope_counts`); err != nil {
		return translate(err)
	}
	for _, c := range countedRows {
		_, err := sqlTx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
			SELECT merchant_id, livemode, '%s', %d, 0, COUNT(*) %s GROUP BY merchant_id, livemode`, c.kind, allDays, c.from))
		if err != nil {
			return translate(err)
		}
		if c.day == "" {
			continue
		}
		_, err = sqlTx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
			SELECT merchant_id, livemode, '%s', %s, 0, COUNT(*) %s GROUP BY merchant_id, livemode, %[2]s`, c.kind, c.day, c.from))
		if err != nil {
			return translate(err)
		}
	}
	return translate(sqlTx.Commit())
}

// setDeleted sets the deleted flag of row id of table, and notes in the
// kept count of kind (which counts the rows not deleted) whether it
// changed. It runs before the update that writes the row's other columns,
// whose deleted = … then changes nothing.
func (t *tx) setDeleted(ctx context.Context, table string, kind countKind, id string, deleted bool) error {
	var merchantID string
	var livemode bool
	err := t.q.QueryRowContext(ctx, `UPDATE `+table+` SET deleted = $2 WHERE id = $1 AND deleted <> $2 RETURNING merchant_id, livemode`,
		id, deleted).Scan(&merchantID, &livemode)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return translate(err)
	}
	delta := int64(1)
	if deleted {
		delta = -1
	}
	t.count(merchantID, livemode, kind, delta)
	return nil
}

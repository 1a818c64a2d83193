package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
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
	if err != nil {
		return translate(err)
	}
	t.count(h.MerchantID, h.Livemode, countHistory, 1)
	t.countDay(h.MerchantID, h.Livemode, countHistory, dayOf(h.Created), 1)
	return nil
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
// index serves the order and the date range, and the kept counts the total
// and the way to deep pages (historyByDays).
func (t *tx) ListHistory(ctx context.Context, s domain.Scope, p domain.HistoryParams) (domain.Page[domain.HistoryEntry], error) {
	q := scoped(s)
	p.Page = max(p.Page, 1) // pages are numbered: no history index serves list's cursor order
	orderBy := "created %[1]s, seq %[1]s"
	if p.From != nil {
		q.and("created >= %s", ms(*p.From))
	}
	if p.To != nil {
		q.and("created < %s", ms(*p.To))
	}
	if kw := strings.TrimSpace(p.Keyword); kw != "" {
		sorted, err := t.historyKeyword(ctx, &q, kw)
		if err != nil {
			return domain.Page[domain.HistoryEntry]{}, err
		}
		if sorted {
			// "+created" is not a column to the planner, so it cannot walk an
			// index in time order probing each row; it fetches the matches
			// and sorts them.
			orderBy = "+created %[1]s, +seq %[1]s"
		}
	}
	spec := listSpec{table: "history", columns: historyColumns, kind: "payment", orderBy: orderBy}
	if strings.TrimSpace(p.Keyword) == "" && p.Page > 0 {
		if err := t.historyByDays(ctx, s, p, &q, &spec); err != nil {
			return domain.Page[domain.HistoryEntry]{}, err
		}
	}
	return list(ctx, t, spec, q, domain.ListParams{Page: p.Page, Limit: p.Limit},
		func(r *sql.Rows) (domain.HistoryEntry, error) { return scanHistory(r) })
}

// seekRows is how deep a numbered page of the history starts before it
// skips whole days by their kept counts: skipping fewer rows in the index
// costs less than reading the days.
const seekRows = 1000

// historyByDays lets a numbered page of the history without a keyword
// count nothing and skip little. Its total_count is the scope's kept count,
// or, for a date range of whole UTC days (Paysley's start_date and
// end_date), the sum of the days' kept counts. A page that starts deeper
// than seekRows skips the whole days before it by their counts (a condition
// on created, which the history_created index serves), and the database
// skips only the rows of the day it starts in; the days are read from the
// end of the list nearer the page. A range that is not whole days is left
// to list, which counts it through the index.
func (t *tx) historyByDays(ctx context.Context, s domain.Scope, p domain.HistoryParams, q *query, spec *listSpec) error {
	from, to := int64(0), int64(math.MaxInt64)
	if p.From != nil {
		if ms(*p.From)%msPerDay != 0 {
			return nil
		}
		from = dayOf(*p.From)
	}
	if p.To != nil {
		if ms(*p.To)%msPerDay != 0 {
			return nil
		}
		to = dayOf(*p.To)
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 10 // as pageSQL
	}
	offset := int(min(int64(p.Page-1)*int64(limit), math.MaxInt32))
	var total int
	var err error
	if p.From == nil && p.To == nil {
		if offset < seekRows {
			spec.count, spec.scope = countHistory, s
			return nil
		}
		total, err = t.keptCount(ctx, s, countHistory)
	} else {
		total, err = t.keptRange(ctx, s, countHistory, from, to)
	}
	if err != nil {
		return err
	}
	spec.total = &total
	if offset < seekRows {
		return nil
	}
	// The days newer than the page are skipped whole: the rows left are
	// those older than the oldest of them.
	skipped, oldest := 0, int64(-1)
	if offset <= total/2 {
		err = t.walkDays(ctx, s, countHistory, from, to, true, func(d dayCount) bool {
			if skipped+d.n > offset {
				return false
			}
			skipped, oldest = skipped+d.n, d.day
			return true
		})
	} else {
		// From the oldest day: the days from the first one whose older
		// rows leave no more than offset rows newer than it.
		older := 0
		err = t.walkDays(ctx, s, countHistory, from, to, false, func(d dayCount) bool {
			if total-older <= offset {
				skipped, oldest = total-older, d.day
				return false
			}
			older += d.n
			return true
		})
	}
	if err != nil {
		return err
	}
	if skipped > 0 {
		q.and("created < %s", oldest*msPerDay)
		spec.skipped = skipped
	}
	return nil
}

// historySearchText is the text a history keyword is looked for in; the
// PostgreSQL trigram index is built on this very expression.
const historySearchText = `(email || ' ' || mobile || ' ' || reference_number)`

// historyKeyword adds the keyword condition, the one place the engines differ
// in history search. SQLite asks its FTS5 trigram table (history_search) for
// fragments of three characters or more, by their rarest trigrams when some
// are rare (rareTrigrams); PostgreSQL's planner uses the pg_trgm index on
// historySearchText for ILIKE, with the fragment's digits when it has some
// beside other characters. Either way the rows found are checked for the
// whole fragment. A shorter fragment has no trigram and is a LIKE over the
// merchant's rows. It reports whether the matches should drive the query
// (fetched through the index, then sorted).
func (t *tx) historyKeyword(ctx context.Context, q *query, kw string) (sorted bool, err error) {
	if t.flavor == SQLite && utf8.RuneCountInString(kw) >= 3 {
		rare, err := t.rareTrigrams(ctx, kw)
		if err != nil {
			return false, err
		}
		if len(rare) == 0 {
			// A quoted FTS5 string is a phrase; with the trigram tokenizer
			// a phrase matches any substring, case-insensitively.
			q.and("seq IN (SELECT rowid FROM history_search WHERE history_search MATCH %s)", ftsPhrase(kw))
			return true, nil
		}
		// The rows holding the keyword's rarest trigrams, then those
		// among them that hold the keyword, in one of the three columns as
		// the phrase would find it (LIKE ignores ASCII case, as the
		// trigram index does).
		phrases := make([]string, len(rare))
		for i, tri := range rare {
			phrases[i] = ftsPhrase(tri)
		}
		q.and("seq IN (SELECT rowid FROM history_search WHERE history_search MATCH %s)", strings.Join(phrases, " AND "))
		pat := q.arg(likePattern(kw))
		q.where = append(q.where, fmt.Sprintf(`(email LIKE %[1]s ESCAPE '\' OR mobile LIKE %[1]s ESCAPE '\' OR reference_number LIKE %[1]s ESCAPE '\')`, pat))
		return true, nil
	}
	if t.flavor == Postgres {
		if digits := longestDigits(kw); len(digits) >= 3 && len(digits) < len(kw) {
			// The trigram index reads the rows of every trigram of the
			// pattern, and those of "customer4242@" that every address
			// shares cost 40 ms at a million rows: its digits, rarer, find
			// the rows, and the keyword is checked on those (LOWER keeps
			// the planner from reading the index for it too).
			q.and(historySearchText+` ILIKE %s ESCAPE '\'`, likePattern(digits))
			q.and(`LOWER`+historySearchText+` LIKE %s ESCAPE '\'`, likePattern(kw))
			return true, nil
		}
		q.and(historySearchText+` ILIKE %s ESCAPE '\'`, likePattern(kw))
		// Left free to order by created, PostgreSQL walks history_created
		// testing every row (it cannot tell how rare a fragment is); a
		// fragment with a trigram should drive the query through the index.
		return utf8.RuneCountInString(kw) >= 3, nil
	}
	q.and(historySearchText+` LIKE %s ESCAPE '\'`, likePattern(kw))
	return false, nil
}

// longestDigits is the longest run of digits in s.
func longestDigits(s string) string {
	var best string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i > len(best) {
			best = s[i:j]
		}
		i = max(j, i+1)
	}
	return best
}

// ftsPhrase quotes s as an FTS5 phrase.
func ftsPhrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// rareTrigrams are the few trigrams of an ASCII keyword that the fewest
// history rows hold, when some are rare, for SQLite's trigram index. FTS5
// reads the whole list of rows of every trigram of a phrase: the trigrams
// of "customer4242@" that every address shares ("cus", "ust", …) made a
// search of a million rows take most of a second. So each trigram's rows
// are counted up to rareTrigramRows (a bounded read, remembered for a
// while), and the index is asked for the rows that hold the rarest few,
// which the caller narrows to those holding the keyword. None when the
// keyword is not ASCII (the index folds the case of other letters, LIKE
// does not) or every trigram is common: then the matches are many, and the
// phrase finds them as fast.
func (t *tx) rareTrigrams(ctx context.Context, kw string) ([]string, error) {
	lower := strings.ToLower(kw)
	for i := 0; i < len(lower); i++ {
		if lower[i] >= utf8.RuneSelf {
			return nil, nil
		}
	}
	// Digits and signs are rarer than letters in addresses, numbers and
	// references: their trigrams are counted first, the others only when
	// those are too few.
	var marked, letters []string
	for i := 0; i+3 <= len(lower) && len(marked)+len(letters) < 32; i++ { // a long keyword needs no more
		s := lower[i : i+3]
		switch {
		case slices.Contains(marked, s) || slices.Contains(letters, s):
		case strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == "":
			letters = append(letters, s)
		default:
			marked = append(marked, s)
		}
	}
	type trigram struct {
		s string
		n int
	}
	var rare []trigram
	now := time.Now()
	for _, tris := range [][]string{marked, letters} {
		if len(tris) == 0 || len(rare) >= 2 {
			continue
		}
		ns := make([]int, len(tris))
		var unknown []int
		for i, s := range tris {
			if n, ok := t.trigrams.get(s, now); ok {
				ns[i] = n
			} else {
				unknown = append(unknown, i)
			}
		}
		if len(unknown) > 0 {
			// One statement counts them all: SQLite prepares it afresh for
			// its parameters each time, once rather than once a trigram.
			counts := make([]string, len(unknown))
			args := make([]any, len(unknown)+1)
			dst := make([]any, len(unknown))
			args[0] = rareTrigramRows
			for j, i := range unknown {
				counts[j] = fmt.Sprintf(`(SELECT COUNT(*) FROM (SELECT 1 FROM history_search WHERE history_search MATCH $%d LIMIT $1))`, j+2)
				args[j+1], dst[j] = ftsPhrase(tris[i]), &ns[i]
			}
			if err := t.q.QueryRowContext(ctx, `SELECT `+strings.Join(counts, ", "), args...).Scan(dst...); err != nil {
				return nil, translate(err)
			}
			for _, i := range unknown {
				t.trigrams.put(tris[i], ns[i], now)
			}
		}
		for i, n := range ns {
			if n < rareTrigramRows {
				rare = append(rare, trigram{tris[i], n})
			}
		}
	}
	slices.SortStableFunc(rare, func(a, b trigram) int { return a.n - b.n })
	var out []string
	for _, tri := range rare[:min(len(rare), 4)] {
		out = append(out, tri.s)
	}
	return out, nil
}

// trigramCounts remembers for a while how many history rows each trigram
// is in (up to rareTrigramRows), for every merchant: the index is shared.
// Counts change slowly, and one out of date makes a search slower, never
// wrong: the keyword itself is checked on every row the trigrams find. A
// nil *trigramCounts remembers nothing.
type trigramCounts struct {
	mu sync.Mutex
	m  map[string]trigramCount
}

type trigramCount struct {
	n  int
	at time.Time
}

// trigramCountTTL is how long a count is used; maxTrigramCounts bounds
// the memory (a few hundred kilobytes), which starts over when full.
const (
	trigramCountTTL  = 10 * time.Minute
	maxTrigramCounts = 8192
)

func (c *trigramCounts) get(s string, now time.Time) (int, bool) {
	if c == nil {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	tc, ok := c.m[s]
	if !ok || now.Sub(tc.at) > trigramCountTTL {
		return 0, false
	}
	return tc.n, true
}

func (c *trigramCounts) put(s string, n int, now time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxTrigramCounts {
		c.m = map[string]trigramCount{}
	}
	c.m[s] = trigramCount{n, now}
}

// rareTrigramRows is how many rows a trigram may be in and still count as
// rare: the cost of asking the index for a trigram's rows.
const rareTrigramRows = 5000

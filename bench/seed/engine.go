package main

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/vault"
)

// seedEngine is the engine wired as `paysmart serve` wires it, on a clock
// that moves only when told.
type seedEngine struct {
	*domain.Engine
	s   *store.Store
	now time.Time
}

func newEngine(s *store.Store, vaultKey string) (*seedEngine, error) {
	key, err := vault.ParseKey(vaultKey)
	if err != nil {
		return nil, err
	}
	v, err := vault.New(key)
	if err != nil {
		return nil, err
	}
	se := &seedEngine{s: s, now: time.Now().UTC().Truncate(time.Second)}
	se.Engine = domain.NewEngine(s, func() time.Time { return se.now })
	const base = "http://127.0.0.1:8080"
	se.Snapshot, se.Messages = paysmart.Snapshotter(base), notify.Renderer{BaseURL: base}
	se.Vault, se.TestProcessor = v, &sandbox.Processor{Vault: v, Ledger: s.SandboxLedger()}
	return se, nil
}

// merchant is the seeded merchant and its keys.
type merchant struct {
	merchant domain.Merchant
	keys     domain.KeySet
}

// templateEmail is the receipt address of every template payment; each
// copy gets a customer's instead.
const templateEmail = "template.payer@seed.example"

// kinds are the payments seed makes, each with its share of the copies
// (out of 100) and how the engine makes one.
var kinds = []struct {
	name   string
	weight int
	make   func(ctx context.Context, e *seedEngine, s domain.Scope) error
}{
	{"succeeded", 82, func(ctx context.Context, e *seedEngine, s domain.Scope) error {
		_, err := e.CreatePayment(ctx, s, cardPayment("4242424242424242", true))
		return err
	}},
	{"declined", 6, func(ctx context.Context, e *seedEngine, s domain.Scope) error {
		_, err := e.CreatePayment(ctx, s, cardPayment("4000000000000002", true))
		if domain.ErrorCode(err) == domain.CodeCard {
			return nil
		}
		return fmt.Errorf("a declined card: %v", err)
	}},
	{"authorised, then captured", 6, func(ctx context.Context, e *seedEngine, s domain.Scope) error {
		p, err := e.CreatePayment(ctx, s, cardPayment("4242424242424242", false))
		if err != nil {
			return err
		}
		e.now = e.now.Add(time.Hour)
		_, err = e.CapturePayment(ctx, s, p.ID, nil)
		return err
	}},
	{"partly refunded", 6, func(ctx context.Context, e *seedEngine, s domain.Scope) error {
		p, err := e.CreatePayment(ctx, s, cardPayment("4242424242424242", true))
		if err != nil {
			return err
		}
		e.now = e.now.Add(24 * time.Hour)
		amount := int64(500)
		_, err = e.CreateRefund(ctx, s, domain.RefundInput{PaymentID: p.ID, Amount: &amount, Reason: "requested_by_customer"})
		return err
	}},
}

func cardPayment(number string, capture bool) domain.PaymentInput {
	return domain.PaymentInput{Amount: 2000, Currency: "usd", Capture: capture, ReceiptEmail: templateEmail,
		Description: "Seeded payment", Card: &domain.CardInput{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 3, CVC: "123"}}
}

// templates creates the merchant, then one payment of each kind, and
// returns the rows each wrote.
func (e *seedEngine) templates(ctx context.Context) (merchant, []table, []template, error) {
	m, keys, err := e.CreateMerchant(ctx, "Seeded merchant", false)
	if err != nil {
		return merchant{}, nil, nil, err
	}
	tables, err := listTables(ctx, e.s)
	if err != nil {
		return merchant{}, nil, nil, err
	}
	scope := domain.Scope{MerchantID: m.ID}
	var out []template
	for _, k := range kinds {
		before, err := snapshot(ctx, e.s.DB(), tables)
		if err != nil {
			return merchant{}, nil, nil, err
		}
		e.now = time.Now().UTC().Truncate(time.Second)
		at := e.now
		if err := k.make(ctx, e, scope); err != nil {
			return merchant{}, nil, nil, fmt.Errorf("%s payment: %w", k.name, err)
		}
		if err := e.deliver(ctx, scope); err != nil {
			return merchant{}, nil, nil, fmt.Errorf("%s payment: %w", k.name, err)
		}
		after, err := snapshot(ctx, e.s.DB(), tables)
		if err != nil {
			return merchant{}, nil, nil, err
		}
		t, err := newTemplate(k.name, k.weight, at, tables, before, after)
		if err != nil {
			return merchant{}, nil, nil, err
		}
		out = append(out, t)
	}
	return merchant{m, keys}, tables, out, nil
}

// table is one table of the schema, the columns seed copies.
type table struct {
	name string
	cols []string // without seq, which the database assigns
}

// notCopied are the tables whose rows are not a payment's own: counters,
// which are rebuilt at the end, and the migrations' bookkeeping.
var notCopied = map[string]bool{"goose_db_version": true, "scope_counts": true, "scope_numbers": true}

// listTables lists the schema's tables in the order they were created, so
// that a table comes after those its foreign keys point at. SQLite's FTS
// tables (and their shadow tables) are filled by triggers, not copied.
func listTables(ctx context.Context, s *store.Store) ([]table, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT IN (SELECT v.name FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%')
		AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND sqlite_master.name LIKE v.name || '_%')
		ORDER BY rowid`
	if s.Flavor() == store.Postgres {
		query = `SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY oid`
	}
	rows, err := s.DB().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		if !notCopied[n] {
			names = append(names, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []table
	for _, n := range names {
		r, err := s.DB().QueryContext(ctx, `SELECT * FROM `+n+` WHERE 1 = 0`)
		if err != nil {
			return nil, err
		}
		cols, err := r.Columns()
		r.Close()
		if err != nil {
			return nil, err
		}
		t := table{name: n}
		for _, c := range cols {
			if c != "seq" {
				t.cols = append(t.cols, c)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// snapshot reads every row of every table (the database holds a merchant
// and a few payments), keyed by its rendering.
func snapshot(ctx context.Context, db *sql.DB, tables []table) (map[string]map[string][]any, error) {
	out := map[string]map[string][]any{}
	for _, t := range tables {
		rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(t.cols, ", ")+` FROM `+t.name)
		if err != nil {
			return nil, err
		}
		m := map[string][]any{}
		for rows.Next() {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(t.cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			m[fmt.Sprintf("%#v", vals)] = vals
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[t.name] = m
	}
	return out, nil
}

// newRows returns, per table, the rows in after that are not in before, in
// a stable order.
func newRows(tables []table, before, after map[string]map[string][]any) map[string][][]any {
	out := map[string][][]any{}
	for _, t := range tables {
		var keys []string
		for k := range after[t.name] {
			if _, ok := before[t.name][k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			out[t.name] = append(out[t.name], after[t.name][k])
		}
	}
	return out
}

// deliver leaves the messages a template payment queued (its receipt) as
// they stand long after: sent, and their jobs finished and pruned. The
// copies are weeks and months old; a server starting on the seeded
// database must not find a million receipts to send.
func (e *seedEngine) deliver(ctx context.Context, s domain.Scope) error {
	page, err := e.ListMessages(ctx, s, domain.ListParams{Limit: domain.MaxCursorLimit, Status: domain.MessageQueued})
	if err != nil {
		return err
	}
	for _, m := range page.Items {
		if _, err := e.RecordMessage(ctx, s, m.ID, domain.MessageResult{Sent: true, ProviderID: "seeded"}); err != nil {
			return err
		}
		if _, err := e.s.DB().ExecContext(ctx, `DELETE FROM jobs WHERE id = $1`, domain.MessageJobID(m.ID)); err != nil {
			return err
		}
	}
	return nil
}

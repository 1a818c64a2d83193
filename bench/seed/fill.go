package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/paysmart/paysmart/store"
)

// batchSize is how many payments one transaction writes.
const batchSize = 2000

// fill writes o.payments payments in all, the templates' included: copies
// of the templates, chosen by weight, made at even steps over o.days up to
// an hour ago, each paid by one of o.customers e-mail addresses.
func fill(ctx context.Context, s *store.Store, tables []table, templates []template, o options, log io.Writer) error {
	copies := o.payments - len(templates)
	if copies <= 0 {
		return nil
	}
	total := 0
	for _, t := range templates {
		total += t.weight
	}
	r := rand.New(rand.NewPCG(17, uint64(time.Now().UnixNano())))
	end := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	span := time.Duration(o.days) * 24 * time.Hour
	start := end.Add(-span)
	domains := []string{"example.com", "mail.test", "shop.example"}
	w := newWriter(s, tables)
	defer w.close()
	began, logged := time.Now(), 0
	for lo := 0; lo < copies; lo += batchSize {
		w.reset()
		for i := lo; i < min(copies, lo+batchSize); i++ {
			pick := r.IntN(total)
			t := &templates[0]
			for j := range templates {
				if pick < templates[j].weight {
					t = &templates[j]
					break
				}
				pick -= templates[j].weight
			}
			k := r.IntN(o.customers)
			at := start.Add(time.Duration(int64(span) / int64(copies) * int64(i)))
			c := t.newCopy(r, at, fmt.Sprintf("customer%d@%s", k, domains[k%len(domains)]))
			for _, tt := range t.tables {
				for _, row := range tt.rows {
					w.add(tt.name, c, row)
				}
			}
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		if done := min(copies, lo+batchSize); done-logged >= 100_000 || done == copies {
			logged = done
			fmt.Fprintf(log, "seed: %d payments copied (%.0f a second)\n", done, float64(done)/time.Since(began).Seconds())
		}
	}
	return nil
}

// writer gathers a batch's rows by table and writes them with multi-row
// INSERTs in one transaction, tables in the schema's order.
type writer struct {
	s      *store.Store
	conn   *sql.Conn
	tables []table
	rows   map[string][]any // the values of the rows, one after the other
	texts  map[string]string
}

func newWriter(s *store.Store, tables []table) *writer {
	return &writer{s: s, tables: tables, rows: map[string][]any{}, texts: map[string]string{}}
}

func (w *writer) close() {
	if w.conn != nil {
		w.conn.Close()
	}
}

func (w *writer) reset() {
	for k, v := range w.rows {
		w.rows[k] = v[:0]
	}
}

func (w *writer) add(table string, c copyOf, row []cell) {
	w.rows[table] = c.values(w.rows[table], row)
}

// maxParams stays under SQLite's limit of bound parameters (32766), and
// PostgreSQL's (65535).
const maxParams = 30_000

func (w *writer) flush(ctx context.Context) error {
	if w.conn == nil {
		conn, err := w.s.DB().Conn(ctx)
		if err != nil {
			return err
		}
		if w.s.Flavor() == store.SQLite {
			// The ids are random: each insert lands anywhere in the unique
			// indexes, which outgrow SQLite's default 2 MiB page cache.
			if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
				conn.Close()
				return err
			}
		}
		w.conn = conn
	}
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range w.tables {
		vals := w.rows[t.name]
		n := len(t.cols)
		per := min(500, maxParams/n)
		for len(vals) > 0 {
			rows := min(per, len(vals)/n)
			if _, err := tx.ExecContext(ctx, w.insert(t, rows), vals[:rows*n]...); err != nil {
				return fmt.Errorf("insert into %s: %w", t.name, err)
			}
			vals = vals[rows*n:]
		}
	}
	return tx.Commit()
}

// insert is the INSERT of rows rows into t.
func (w *writer) insert(t table, rows int) string {
	key := t.name + "/" + strconv.Itoa(rows)
	if s, ok := w.texts[key]; ok {
		return s
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	p := 1
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range t.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			if w.s.Flavor() == store.SQLite {
				// SQLite looks a named parameter ($N) up in a list, for
				// each one: quadratic in a statement of thousands.
				b.WriteByte('?')
			} else {
				b.WriteString("$" + strconv.Itoa(p))
			}
			p++
		}
		b.WriteByte(')')
	}
	w.texts[key] = b.String()
	return w.texts[key]
}

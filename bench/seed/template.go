package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// template is what the engine wrote for one payment, compiled so that a
// copy costs no searching: each text is cut into literal pieces and slots
// for the ids, the e-mail address and the times a copy changes.
type template struct {
	name   string
	weight int
	at     time.Time // when the engine made it
	ids    []string  // the ids the payment's rows were given: each copy draws new ones
	tables []templateTable
}

type templateTable struct {
	table
	rows [][]cell
}

// cell is one value of a template row.
type cell struct {
	value any     // copied as is, unless one of the below
	text  []piece // a text with slots
	time  bool    // Unix milliseconds near the template's time: moved with the copy
}

// piece is a literal; or a slot (slot >= 0) that each copy fills: one of
// the ids, then the e-mail address; or a time written in a text (an event
// payload's "created"): Unix seconds (unit 1000) or milliseconds (unit 1),
// which a copy moves.
type piece struct {
	lit  string
	slot int
	time int64
	unit int64
}

func newTemplate(name string, weight int, at time.Time, tables []table, before, after map[string]map[string][]any) (template, error) {
	t := template{name: name, weight: weight, at: at}
	rows := newRows(tables, before, after)
	// The ids of the new rows; an id made from another (a job's
	// "reconcile:pay_…:authorize") follows it.
	existing := map[string]bool{}
	for _, tb := range tables {
		idCol := indexOf(tb.cols, "id")
		if idCol < 0 {
			continue
		}
		for _, r := range before[tb.name] {
			if s, ok := r[idCol].(string); ok {
				existing[s] = true
			}
		}
	}
	var ids []string
	for _, tb := range tables {
		idCol := indexOf(tb.cols, "id")
		kept := rows[tb.name][:0]
		for _, r := range rows[tb.name] {
			var id string
			if idCol >= 0 {
				id, _ = r[idCol].(string)
			}
			if existing[id] {
				// A row that was there before and changed: the merchant's,
				// not the payment's. Nothing seed copies changes one.
				return t, fmt.Errorf("%s payment: changed %s %s, which seed cannot copy", name, tb.name, id)
			}
			if id != "" {
				ids = append(ids, id)
			}
			kept = append(kept, r)
		}
		rows[tb.name] = kept
	}
	sort.Strings(ids)
	for _, id := range ids {
		derived := false
		for _, other := range ids {
			if other != id && strings.Contains(id, other) {
				derived = true
			}
		}
		if !derived && (len(t.ids) == 0 || t.ids[len(t.ids)-1] != id) {
			t.ids = append(t.ids, id)
		}
	}
	patterns := append(append([]string{}, t.ids...), templateEmail)
	lo, hi := at.Add(-time.Hour).UnixMilli(), at.Add(72*time.Hour).UnixMilli()
	for _, tb := range tables {
		if len(rows[tb.name]) == 0 {
			continue
		}
		tt := templateTable{table: tb}
		for _, r := range rows[tb.name] {
			cells := make([]cell, len(r))
			for i, v := range r {
				switch v := v.(type) {
				case int64:
					cells[i] = cell{value: v, time: v >= lo && v <= hi}
				case string:
					cells[i] = cell{value: v, text: cut(v, patterns, lo, hi)}
				default:
					cells[i] = cell{value: v}
				}
			}
			tt.rows = append(tt.rows, cells)
		}
		t.tables = append(t.tables, tt)
	}
	return t, nil
}

func indexOf(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}

// cut splits s at every occurrence of the patterns (slot i for
// patterns[i]) and of a time between lo and hi (Unix milliseconds) written
// in seconds or milliseconds; nil when none occurs.
func cut(s string, patterns []string, lo, hi int64) []piece {
	var out []piece
	found := false
	lit := 0 // where the pending literal starts
	for i := 0; i < len(s); {
		which := -1
		for j, p := range patterns {
			if strings.HasPrefix(s[i:], p) {
				which = j
				break
			}
		}
		var tp *piece
		n := 0
		if which < 0 && isDigit(s[i]) && (i == 0 || !isDigit(s[i-1])) {
			for n = 0; i+n < len(s) && isDigit(s[i+n]); n++ {
			}
			v, _ := strconv.ParseInt(s[i:i+n], 10, 64)
			switch {
			case v >= lo/1000 && v <= hi/1000:
				tp = &piece{slot: -1, time: v, unit: 1000}
			case v >= lo && v <= hi:
				tp = &piece{slot: -1, time: v, unit: 1}
			}
		}
		if which < 0 && tp == nil {
			if n > 0 {
				i += n
			} else {
				i++
			}
			continue
		}
		found = true
		if i > lit {
			out = append(out, piece{lit: s[lit:i], slot: -1})
		}
		if tp != nil {
			out = append(out, *tp)
			i += n
		} else {
			out = append(out, piece{slot: which})
			i += len(patterns[which])
		}
		lit = i
	}
	if !found {
		return nil
	}
	if lit < len(s) {
		out = append(out, piece{lit: s[lit:], slot: -1})
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// floorDiv divides rounding down, as a time in milliseconds truncates to
// seconds (the copies lie before the templates: shifts are negative).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// copyOf is what one copy of a template fills the slots with.
type copyOf struct {
	slots []string // the new ids, then the e-mail address
	shift int64    // milliseconds from the template's time to the copy's
}

// newCopy draws the values of one copy made at time at for the payer email.
func (t *template) newCopy(r *rand.Rand, at time.Time, email string) copyOf {
	c := copyOf{slots: make([]string, len(t.ids)+1), shift: at.Sub(t.at).Milliseconds()}
	for i, id := range t.ids {
		c.slots[i] = newIDLike(r, id)
	}
	c.slots[len(t.ids)] = email
	return c
}

// values appends the values of a template row for copy c to dst.
func (c copyOf) values(dst []any, row []cell) []any {
	var b strings.Builder
	for _, v := range row {
		switch {
		case v.text != nil:
			b.Reset()
			for _, p := range v.text {
				switch {
				case p.slot >= 0:
					b.WriteString(c.slots[p.slot])
				case p.unit != 0:
					b.WriteString(strconv.FormatInt(p.time+floorDiv(c.shift, p.unit), 10))
				default:
					b.WriteString(p.lit)
				}
			}
			dst = append(dst, b.String())
		case v.time:
			dst = append(dst, v.value.(int64)+c.shift)
		default:
			dst = append(dst, v.value)
		}
	}
	return dst
}

const (
	hexDigits = "0123456789abcdef"
	alnum     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// newIDLike draws an id of the same shape as id: its prefix up to the last
// "_", then as many random characters, hex when id's are.
func newIDLike(r *rand.Rand, id string) string {
	cut := strings.LastIndexByte(id, '_') + 1
	body := id[cut:]
	chars := alnum
	if strings.Trim(body, hexDigits) == "" {
		chars = hexDigits
	}
	b := make([]byte, len(id))
	copy(b, id[:cut])
	for i := cut; i < len(b); i++ {
		b[i] = chars[r.IntN(len(chars))]
	}
	return string(b)
}

package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestHistoryKeywordSearch: a keyword finds the history rows holding it in
// their e-mail, mobile number or reference number, in any case, with their
// total_count, whether its trigrams are rare (SQLite asks its trigram index
// for the rarest few, then checks the keyword) or every one of them is in
// thousands of rows (the phrase itself).
func TestHistoryKeywordSearch(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		t.Parallel()
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		other, _ := storetest.MustMerchant(t, e, "Other")
		ctx := context.Background()
		usd, _ := domain.LookupCurrency("USD")
		start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		type row struct {
			id, email, mobile, reference string
			created                      time.Time
		}
		// 6,000 rows: every address holds "customer" and "example" (more
		// rows than a trigram may be in and count as rare).
		var rows []row
		for b := 0; b < 6000; b += 2000 {
			err := s.Tx(ctx, func(tx domain.Tx) error {
				for i := b; i < b+2000; i++ {
					r := row{domain.NewHexID(), fmt.Sprintf("Customer%d@Example.com", i%1500), fmt.Sprintf("+1555%07d", i%700),
						fmt.Sprintf("INV-%05d", i), start.Add(time.Duration(i) * time.Minute)}
					if i%3 == 0 {
						r.email = fmt.Sprintf("customer%d@shop.example", i%1500)
					}
					sc := domain.Scope{MerchantID: m.ID}
					if i%10 == 9 {
						sc.MerchantID = other.ID // found by nobody searching m's history
					} else {
						rows = append(rows, r)
					}
					if err := tx.InsertHistory(ctx, domain.HistoryEntry{ID: r.id, MerchantID: sc.MerchantID, PaymentID: r.id,
						Kind: domain.HistoryDebit, Amount: 100, Currency: usd, Status: domain.HistorySuccess, TransactionType: "once-off",
						Email: strings.ToLower(r.email), Mobile: r.mobile, ReferenceNumber: r.reference, Created: r.created}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		slices.SortFunc(rows, func(a, b row) int { return b.created.Compare(a.created) })
		for _, kw := range []string{
			"customer42@",          // rare digits beside common letters
			"CUSTOMER1499@EXAMPLE", // any case
			"r149",                 // a fragment in the middle
			"shop.example",         // a third of the rows
			"example.com",          // two thirds
			"EXAMPLE",              // every row: every trigram common, the phrase itself
			"cus",                  // one common trigram
			"555000012",            // the mobile number
			"inv-0042",             // the reference number
			"customer43@shop",      // nobody: 43 is on example.com
			"nobody@nowhere",       // nobody
			"r1%",                  // LIKE's wildcard, taken literally
		} {
			needle := strings.ToLower(kw)
			var want []string
			for _, r := range rows {
				if strings.Contains(strings.ToLower(r.email), needle) || strings.Contains(strings.ToLower(r.mobile), needle) ||
					strings.Contains(strings.ToLower(r.reference), needle) {
					want = append(want, r.id)
				}
			}
			page, err := e.ListHistory(ctx, domain.Scope{MerchantID: m.ID}, domain.HistoryParams{Page: 2, Limit: 5, Keyword: kw})
			if err != nil {
				t.Fatalf("%q: %v", kw, err)
			}
			var got []string
			for _, h := range page.Items {
				got = append(got, h.ID)
			}
			if wantPage := want[min(len(want), 5):min(len(want), 10)]; page.Total != len(want) || !slices.Equal(got, wantPage) {
				t.Errorf("%q: total %d, page 2 %v; want %d, %v", kw, page.Total, got, len(want), wantPage)
			}
		}
	})
}

// TestHistorySearchIndexesOnlySearchableRows: on SQLite, a history row whose
// e-mail, mobile number and reference number are all empty stays out of the
// trigram index (migration 00050), rows indexed before the migration leave
// it, and a row that gains or loses its last searchable value joins or
// leaves it; every search answers as a scan of the table would.
func TestHistorySearchIndexesOnlySearchableRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := store.Connect(storetest.URL(t, store.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.MigrateTo(ctx, 49); err != nil {
		t.Fatal(err)
	}
	e := storetest.Wire(t, s)
	m, _ := storetest.MustMerchant(t, e, "Acme")
	usd, _ := domain.LookupCurrency("USD")
	insert := func(email, reference string) {
		t.Helper()
		id := domain.NewHexID()
		if err := s.Tx(ctx, func(tx domain.Tx) error {
			return tx.InsertHistory(ctx, domain.HistoryEntry{ID: id, MerchantID: m.ID, PaymentID: id, Kind: domain.HistoryDebit,
				Amount: 100, Currency: usd, Status: domain.HistorySuccess, TransactionType: "once-off",
				Email: email, ReferenceNumber: reference, Created: time.Now()})
		}); err != nil {
			t.Fatal(err)
		}
	}
	indexed := func() (n int) {
		t.Helper()
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM history_search_docsize`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Before 00050: every row is indexed, empty or not.
	insert("", "")
	insert("old@example.com", "")
	insert("", "")
	if n := indexed(); n != 3 {
		t.Fatalf("before the migration %d rows indexed, want 3", n)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := indexed(); n != 1 {
		t.Fatalf("after the migration %d rows indexed, want the 1 with an e-mail", n)
	}
	insert("", "")
	insert("new@example.com", "")
	insert("", "INV-77")
	if n := indexed(); n != 3 {
		t.Fatalf("%d rows indexed, want the 3 with something to search", n)
	}
	// The update trigger: a row gains a value (joins), another loses its
	// last one (leaves). No Tx method edits these columns, so SQL does.
	if _, err := s.DB().ExecContext(ctx, `UPDATE history SET email = 'late@example.com' WHERE seq = (SELECT MIN(seq) FROM history)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE history SET reference_number = '' WHERE reference_number = 'INV-77'`); err != nil {
		t.Fatal(err)
	}
	if n := indexed(); n != 3 {
		t.Fatalf("after the updates %d rows indexed, want 3 (late@, old@, new@)", n)
	}
	// FTS5 counts the rows it holds (its averages record, id 1, starts
	// with the count as a varint): a row forgotten that it never held would
	// have put it out of step.
	var rowCount []byte
	if err := s.DB().QueryRowContext(ctx, `SELECT substr(block, 1, 1) FROM history_search_data WHERE id = 1`).Scan(&rowCount); err != nil {
		t.Fatal(err)
	}
	if len(rowCount) != 1 || rowCount[0] != 3 {
		t.Fatalf("history_search counts %v rows, want 3", rowCount)
	}
	// The index is sound (not compared with the table: it holds only
	// some of its rows by design).
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO history_search (history_search) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("integrity-check: %v", err)
	}
	for kw, want := range map[string]int{"example.com": 3, "late@": 1, "old@": 1, "INV-77": 0, "ex": 3, "nobody": 0} {
		page, err := e.ListHistory(ctx, domain.Scope{MerchantID: m.ID}, domain.HistoryParams{Page: 1, Limit: 10, Keyword: kw})
		if err != nil {
			t.Fatalf("%q: %v", kw, err)
		}
		if page.Total != want || len(page.Items) != want {
			t.Errorf("%q: total %d, %d rows; want %d", kw, page.Total, len(page.Items), want)
		}
	}
}

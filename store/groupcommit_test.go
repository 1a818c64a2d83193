package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestSQLiteIsSynchronousFull: every connection of the pool fsyncs at
// commit, so nothing is answered before it is on disk.
func TestSQLiteIsSynchronousFull(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	// Hold several connections at once so the check covers more than one.
	var conns []interface{ Close() error }
	for range 4 {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mode, journal string
		if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal); err != nil {
			t.Fatal(err)
		}
		if mode != "2" || journal != "wal" { // 2 = FULL
			t.Fatalf("connection: synchronous %s, journal %s; want 2 (FULL), wal", mode, journal)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestGroupCommit: concurrent write transactions share commits; one that
// fails rolls back alone while the others of its batch commit; a panic
// reaches its own caller only.
func TestGroupCommit(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	e := storetest.Wire(t, s)
	m, _ := storetest.MustMerchant(t, e, "Acme")
	ctx := context.Background()
	c0, t0 := s.GroupCommitStats()
	const n = 200
	var wg sync.WaitGroup
	errs := make([]error, n)
	panics := make([]any, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			errs[i] = s.Tx(ctx, func(tx domain.Tx) error {
				if err := tx.InsertEvent(ctx, domain.Event{ID: fmt.Sprintf("evt_%03d", i), MerchantID: m.ID, Type: "test",
					ObjectID: "x", Data: []byte(`{}`)}); err != nil {
					return err
				}
				switch i % 10 {
				case 3:
					return errors.New("refused") // its event must vanish
				case 7:
					panic("boom")
				}
				return nil
			})
		}()
	}
	wg.Wait()
	c1, t1 := s.GroupCommitStats()
	for i := range n {
		_, err := e.GetEvent(ctx, domain.Scope{MerchantID: m.ID}, fmt.Sprintf("evt_%03d", i))
		switch i % 10 {
		case 3:
			if errs[i] == nil || errs[i].Error() != "refused" || domain.ErrorCode(err) != domain.CodeNotFound {
				t.Errorf("unit %d: error %v, event %v", i, errs[i], err)
			}
		case 7:
			if panics[i] != "boom" || domain.ErrorCode(err) != domain.CodeNotFound {
				t.Errorf("unit %d: panic %v, event %v", i, panics[i], err)
			}
		default:
			if errs[i] != nil || panics[i] != nil || err != nil {
				t.Errorf("unit %d: error %v, panic %v, event %v", i, errs[i], panics[i], err)
			}
		}
	}
	if t1-t0 != n {
		t.Fatalf("%d transactions counted, want %d", t1-t0, n)
	}
	if c1-c0 >= n {
		t.Fatalf("%d commits for %d concurrent transactions: no batching", c1-c0, n)
	}
	t.Logf("%d transactions in %d commits", t1-t0, c1-c0)
}

// TestPostgresCommitsSynchronously: every session waits for its commit to
// reach the disk.
func TestPostgresCommitsSynchronously(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.Postgres)
	var v string
	if err := s.DB().QueryRow(`SHOW synchronous_commit`).Scan(&v); err != nil || v != "on" {
		t.Fatalf("synchronous_commit %q %v", v, err)
	}
}

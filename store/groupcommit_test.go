package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
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

// TestGroupCommit: concurrent write transactions share commits, on both
// databases; one that fails rolls back alone while the others of its batch
// commit; a panic reaches its own caller only; a caller that gives up while
// its transaction runs takes no other transaction with it.
func TestGroupCommit(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, testGroupCommit)
}

func testGroupCommit(t *testing.T, s *store.Store) {
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
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			errs[i] = s.Tx(ctx, func(tx domain.Tx) error {
				if i%10 == 5 {
					cancel() // the client left: its statements still run
				}
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

// TestSandboxPaymentIsOneTransaction: with its ledger in the store and no
// latency, the sandbox authorises inside the payment's transaction: one write
// transaction writes the payment settled, its history row settled, its
// ledger row and its event, and no reconcile job is left. With a latency it
// acts as an outside processor: three phases, three transactions.
func TestSandboxPaymentIsOneTransaction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		sc := domain.Scope{MerchantID: m.ID}
		ctx := context.Background()
		pay := func(number string) (domain.Payment, int64) {
			t.Helper()
			_, before := s.GroupCommitStats()
			p, err := e.CreatePayment(ctx, sc, domain.PaymentInput{Amount: 1500, Currency: "usd", Capture: true,
				Card: &domain.CardInput{Number: number, ExpMonth: 12, ExpYear: 2040, CVC: "123"}})
			if err != nil && domain.ErrorCode(err) != domain.CodeCard {
				t.Fatal(err)
			}
			_, after := s.GroupCommitStats()
			return p, after - before
		}
		for _, c := range []struct {
			number, status, history string
		}{
			{"4242424242424242", "succeeded", domain.HistorySuccess},
			{"4000000000000002", "failed", domain.HistoryFailed},
			{"4000002760003184", "requires_action", domain.HistoryPending},
		} {
			p, txs := pay(c.number)
			if txs != 1 || string(p.Status) != c.status {
				t.Errorf("card %s: %d write transactions, status %s; want 1, %s", c.number, txs, p.Status, c.status)
			}
			var history string
			var jobs, calls int
			err := s.DB().QueryRow(`SELECT (SELECT status FROM history WHERE id = $1),
				(SELECT COUNT(*) FROM jobs WHERE id LIKE '%' || $1 || '%'), (SELECT COUNT(*) FROM sandbox_calls WHERE key = $2)`,
				p.ID, "pay_"+p.ID+":authorize").Scan(&history, &jobs, &calls)
			if err != nil || history != c.history || jobs != 0 || calls != 1 {
				t.Errorf("card %s: history %q, %d reconcile jobs, %d ledger rows (%v); want %q, 0, 1", c.number, history, jobs, calls, err, c.history)
			}
		}
		e.TestProcessor = &sandbox.Processor{Vault: e.Vault, Ledger: s.SandboxLedger(), Latency: time.Millisecond}
		if p, txs := pay("4242424242424242"); txs != 3 || p.Status != domain.StatusSucceeded {
			t.Errorf("with a latency: %d write transactions, status %s; want 3, succeeded", txs, p.Status)
		}
	})
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

// TestBatchReadsSeeTheBatchsWrites: the units of one batch share their reads
// of the enabled webhook endpoints, but a unit still sees every endpoint a
// unit before it created, disabled or deleted, and never one that a unit
// that failed created.
func TestBatchReadsSeeTheBatchsWrites(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := storetest.Wire(t, s)
		m, _ := storetest.MustMerchant(t, e, "Acme")
		sc := domain.Scope{MerchantID: m.ID}
		ctx := context.Background()
		now := time.Now()
		endpoint := func(id string) domain.WebhookEndpoint {
			return domain.WebhookEndpoint{ID: id, MerchantID: m.ID, URL: "https://example.com/" + id, EnabledEvents: []string{"*"},
				SealedSecret: []byte("sealed"), Created: now, Updated: now}
		}
		var seen [][]string
		enabled := func(tx domain.Tx) error {
			eps, err := tx.EnabledWebhookEndpoints(ctx, sc)
			ids := []string{}
			for _, ep := range eps {
				ids = append(ids, ep.ID)
			}
			seen = append(seen, ids)
			return err
		}
		refused := errors.New("refused")
		errs := s.RunBatch(
			enabled,
			func(tx domain.Tx) error { return tx.InsertWebhookEndpoint(ctx, endpoint("we_1")) },
			enabled,
			func(tx domain.Tx) error { // creates one, reads it, and fails: both vanish
				if err := tx.InsertWebhookEndpoint(ctx, endpoint("we_2")); err != nil {
					return err
				}
				if err := enabled(tx); err != nil {
					return err
				}
				return refused
			},
			enabled,
			func(tx domain.Tx) error { return tx.InsertWebhookEndpoint(ctx, endpoint("we_3")) },
			enabled,
			func(tx domain.Tx) error {
				ep := endpoint("we_1")
				ep.Disabled = true
				return tx.UpdateWebhookEndpoint(ctx, ep)
			},
			enabled,
			func(tx domain.Tx) error { return tx.DeleteWebhookEndpoint(ctx, sc, "we_3") },
			enabled,
		)
		for i, err := range errs {
			wantErr := error(nil)
			if i == 3 {
				wantErr = refused
			}
			if err != wantErr {
				t.Errorf("unit %d: error %v, want %v", i, err, wantErr)
			}
		}
		want := [][]string{{}, {"we_1"}, {"we_1", "we_2"}, {"we_1"}, {"we_1", "we_3"}, {"we_3"}, {}}
		if !reflect.DeepEqual(seen, want) {
			t.Errorf("each read saw %v, want %v", seen, want)
		}
	})
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/paysmart/paysmart/domain"
)

// Group commit (docs/decisions.md "Durability and group commit").
//
// Every commit waits for the disk (SQLite synchronous=FULL, PostgreSQL
// synchronous_commit=on), which costs far more than the statements of a
// payment. So the store's write transactions go through a group writer: a
// lane takes every write transaction that is waiting, runs each in its own
// SAVEPOINT inside one database transaction (a unit that fails rolls back to
// its savepoint alone, the others stay), commits once, and only then answers
// every waiter: nobody hears "done" before its change is on disk. A lane
// never waits for more work to arrive: a lone writer's transaction runs at
// once, and batches form by themselves while a commit is on its way to the
// disk.
//
// SQLite has one writer, so one lane. PostgreSQL takes several lanes, each
// batching on its own connection: their statements' round trips overlap,
// and a batch commits while the next runs. A unit that loses a deadlock
// between two lanes' batches fails alone with a retryable error, and
// Store.Tx runs it again.

// maxBatch bounds how many write transactions share one commit on SQLite.
// PostgreSQL keeps fewer, pgMaxBatch: past 64 subtransactions in one
// transaction, every snapshot taken by another session has to look them up
// in pg_subtrans.
const (
	maxBatch   = 64
	pgMaxBatch = 48
	pgLanes    = 4
)

// unit is one write transaction waiting for the writer.
type unit struct {
	ctx   context.Context
	fn    func(domain.Tx) error
	err   error
	panic any
	jobs  int
	done  chan struct{}
}

// groupWriter runs a store's write transactions in batches.
type groupWriter struct {
	s     *Store
	max   int // units per batch
	queue chan *unit
	stop  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup

	// batches counts commits and units counts transactions, for tests
	// and metrics.
	mu             sync.Mutex
	batches, units int64
}

var errClosed = errors.New("store: closed")

func newGroupWriter(s *Store) *groupWriter {
	lanes, max := 1, maxBatch
	if s.flavor == Postgres {
		lanes, max = pgLanes, pgMaxBatch
	}
	w := &groupWriter{s: s, max: max, queue: make(chan *unit, max*lanes), stop: make(chan struct{})}
	for range lanes {
		w.wg.Add(1)
		go w.loop()
	}
	return w
}

// do runs fn as one write transaction and returns once it committed (or
// failed). It waits for fn even when ctx ends first: fn's results are the
// caller's. Once fn started, ctx's end no longer interrupts its statements:
// an interrupted statement can take the whole batch's transaction with it.
func (w *groupWriter) do(ctx context.Context, fn func(domain.Tx) error) error {
	u := &unit{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case w.queue <- u:
	case <-w.stop:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	<-u.done
	if u.panic != nil {
		panic(u.panic)
	}
	if u.err == nil && u.jobs > 0 {
		if fn := w.s.onJob.Load(); fn != nil {
			(*fn)()
		}
	}
	return u.err
}

func (w *groupWriter) close() {
	w.once.Do(func() { close(w.stop) })
	w.wg.Wait()
}

func (w *groupWriter) loop() {
	defer w.wg.Done()
	for {
		var first *unit
		select {
		case first = <-w.queue:
		case <-w.stop:
			w.drain()
			return
		}
		batch := []*unit{first}
	more:
		for len(batch) < w.max {
			select {
			case u := <-w.queue:
				batch = append(batch, u)
			default:
				break more
			}
		}
		w.run(batch)
	}
}

// drain fails whatever is still queued at close.
func (w *groupWriter) drain() {
	for {
		select {
		case u := <-w.queue:
			u.err = errClosed
			close(u.done)
		default:
			return
		}
	}
}

// run commits one batch. A lone unit runs without a savepoint.
func (w *groupWriter) run(batch []*unit) {
	defer func() {
		for _, u := range batch {
			close(u.done)
		}
	}()
	w.mu.Lock()
	w.batches++
	w.units += int64(len(batch))
	w.mu.Unlock()
	ctx := context.Background()
	sqlTx, err := w.s.db.BeginTx(ctx, nil)
	if err != nil {
		for _, u := range batch {
			u.err = translate(err)
		}
		return
	}
	q := w.s.querier(sqlTx)
	reads := &batchReads{}
	ok, jobs, open := 0, 0, false
	var counts countDeltas
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			u.err = err
			continue
		}
		if len(batch) == 1 {
			if t := w.call(u, q, reads); u.err == nil && u.panic == nil {
				ok, jobs, counts = ok+1, jobs+t.jobs, t.takeCounts()
			}
			continue
		}
		// One savepoint is open while a unit runs. A unit that fails rolls
		// back to it, which leaves it open for the next; one that succeeds
		// releases it and opens the next in one round trip. The last stays
		// open: the commit takes it with the rest.
		if !open {
			if err := w.exec(sqlTx, `SAVEPOINT unit`); err != nil {
				w.fail(batch[i:], err)
				break
			}
			open = true
		}
		t := w.call(u, q, reads)
		if u.err != nil || u.panic != nil {
			reads.forget()
			if err := w.exec(sqlTx, `ROLLBACK TO unit`); err != nil {
				w.fail(batch[i+1:], err)
				u.err = translate(err)
				break
			}
			continue
		}
		ok, jobs, counts = ok+1, jobs+t.jobs, mergeCounts(counts, t.takeCounts())
		if i < len(batch)-1 {
			if err := w.exec(sqlTx, `RELEASE unit`, `SAVEPOINT unit`); err != nil {
				w.fail(batch[i+1:], err)
				break
			}
		}
	}
	if ok == 0 {
		sqlTx.Rollback()
		return
	}
	// Last, so that the counter rows are locked only while the commit
	// goes to disk (counts.go).
	err = applyCounts(ctx, q, counts, w.s.countShard())
	if err == nil && jobs > 0 && w.s.notify != "" {
		// Delivered to every listening node when the transaction commits.
		_, err = sqlTx.ExecContext(ctx, `SELECT pg_notify($1, '')`, w.s.notify)
	}
	if err == nil {
		err = sqlTx.Commit()
	} else {
		sqlTx.Rollback()
	}
	if err != nil {
		for _, u := range batch {
			if u.err == nil && u.panic == nil {
				u.err = translate(err)
			}
		}
	}
}

// exec runs the writer's own statements: on PostgreSQL in one round trip
// (a statement without parameters goes by the simple protocol, which takes
// several), on SQLite one by one.
func (w *groupWriter) exec(sqlTx *sql.Tx, stmts ...string) error {
	if w.s.flavor == Postgres {
		_, err := sqlTx.Exec(strings.Join(stmts, "; "))
		return err
	}
	for _, stmt := range stmts {
		if _, err := sqlTx.Exec(stmt); err != nil {
			return err
		}
	}
	return nil
}

// call runs one unit's fn, keeping a panic for its caller, and returns the
// transaction it ran in.
func (w *groupWriter) call(u *unit, q querier, reads *batchReads) *tx {
	t := &tx{q: uninterrupted{q}, flavor: w.s.flavor, batch: reads}
	defer func() {
		if p := recover(); p != nil {
			u.panic = p
		}
	}()
	u.err = u.fn(t)
	u.jobs = t.jobs
	return t
}

// uninterrupted runs a unit's statements whatever becomes of its caller's
// context: SQLite may roll the whole transaction back when a statement is
// interrupted, and a PostgreSQL cancel request could reach the next unit's
// statement.
type uninterrupted struct{ q querier }

func (u uninterrupted) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (u uninterrupted) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (u uninterrupted) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

// fail marks units that could not run because the batch's transaction broke.
func (w *groupWriter) fail(units []*unit, err error) {
	for _, u := range units {
		if u.err == nil && u.panic == nil {
			u.err = translate(fmt.Errorf("group commit: %w", err))
		}
	}
}

// stats reports the commits and the transactions they carried.
func (w *groupWriter) stats() (batches, units int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.batches, w.units
}

// GroupCommitStats reports how many commits the store's writer made and how
// many write transactions they carried.
func (s *Store) GroupCommitStats() (commits, transactions int64) {
	return s.writer.stats()
}

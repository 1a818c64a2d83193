package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/paysmart/paysmart/domain"
)

// Group commit on SQLite (docs/decisions.md "Durability and group commit").
//
// SQLite has one writer, and with synchronous=FULL every commit is an fsync,
// which costs far more than the statements of a payment. So one goroutine
// per store is the writer: it takes every write transaction that is waiting,
// runs each in its own SAVEPOINT inside one SQLite transaction (a unit that
// fails rolls back to its savepoint alone, the others stay), commits and
// fsyncs once, and only then answers every waiter: nobody hears "done"
// before its change is on disk. It never waits for more work to arrive: a
// lone writer's transaction runs at once, and batches form by themselves
// while a commit is on its way to the disk.

// maxBatch bounds how many write transactions share one commit.
const maxBatch = 64

// unit is one write transaction waiting for the writer.
type unit struct {
	ctx   context.Context
	fn    func(domain.Tx) error
	err   error
	panic any
	jobs  int
	done  chan struct{}
}

// groupWriter is SQLite's single writer.
type groupWriter struct {
	s     *Store
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
	w := &groupWriter{s: s, queue: make(chan *unit, maxBatch), stop: make(chan struct{})}
	w.wg.Add(1)
	go w.loop()
	return w
}

// do runs fn as one write transaction and returns once it committed (or
// failed). It waits for fn even when ctx ends first: fn's results are the
// caller's.
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
		for len(batch) < maxBatch {
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
	sqlTx, err := w.s.db.BeginTx(context.Background(), nil)
	if err != nil {
		for _, u := range batch {
			u.err = translate(err)
		}
		return
	}
	q := w.s.querier(sqlTx)
	ok := 0
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			u.err = err
			continue
		}
		if len(batch) == 1 {
			w.call(u, q)
			if u.err == nil && u.panic == nil {
				ok++
			}
			continue
		}
		if _, err := sqlTx.Exec(`SAVEPOINT unit`); err != nil {
			w.fail(batch[i:], err)
			break
		}
		w.call(u, q)
		if u.err != nil || u.panic != nil {
			if _, err := sqlTx.Exec(`ROLLBACK TO unit`); err != nil {
				w.fail(batch[i+1:], err)
				u.err = translate(err)
				break
			}
		} else {
			ok++
		}
		if _, err := sqlTx.Exec(`RELEASE unit`); err != nil {
			w.fail(batch[i+1:], err)
			break
		}
	}
	if ok == 0 {
		sqlTx.Rollback()
		return
	}
	if err := sqlTx.Commit(); err != nil {
		for _, u := range batch {
			if u.err == nil && u.panic == nil {
				u.err = translate(err)
			}
		}
	}
}

// call runs one unit's fn, keeping a panic for its caller.
func (w *groupWriter) call(u *unit, q querier) {
	defer func() {
		if p := recover(); p != nil {
			u.panic = p
		}
	}()
	t := &tx{q: q, flavor: w.s.flavor}
	u.err = u.fn(t)
	u.jobs = t.jobs
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

// GroupCommitStats reports, on SQLite, how many commits the store made and
// how many write transactions they carried; zeros on PostgreSQL.
func (s *Store) GroupCommitStats() (commits, transactions int64) {
	if s.writer == nil {
		return 0, 0
	}
	return s.writer.stats()
}

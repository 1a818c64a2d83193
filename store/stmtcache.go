package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// stmtCache keeps prepared statements for SQLite, whose driver otherwise
// parses every statement on every call (a sixth of the CPU of creating a
// payment). PostgreSQL needs none: pgx caches prepared statements itself.
//
// A miss runs the statement unprepared and prepares it in the background:
// preparing takes a connection from the pool, and a transaction holding
// SQLite's write lock must never wait for one, or the writers queued behind
// it on busy_timeout hold every connection and nobody moves.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool

	// preparing counts background prepares, and stop cancels them, so that
	// close returns only once none can still open a connection (which
	// creates the -wal and -shm files after the store was closed).
	preparing sync.WaitGroup
	ctx       context.Context
	stop      context.CancelFunc
}

// maxCachedStmts bounds the cache; statements past it run unprepared. The
// SQL texts are a fixed set (list limits and offsets are parameters), so the
// bound only guards against a future change that builds unbounded texts.
const maxCachedStmts = 512

func newStmtCache(db *sql.DB) *stmtCache {
	ctx, stop := context.WithCancel(context.Background())
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}, ctx: ctx, stop: stop}
}

func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if !c.closed && !c.pending[query] && len(c.stmts)+len(c.pending) < maxCachedStmts {
		c.pending[query] = true
		c.preparing.Add(1)
		go c.prepare(query)
	}
	return nil
}

func (c *stmtCache) prepare(query string) {
	defer c.preparing.Done()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	st, err := c.db.PrepareContext(ctx, query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	if err != nil {
		return // the plain calls go on and report any error themselves
	}
	if c.closed {
		st.Close()
		return
	}
	c.stmts[query] = st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.stop()
	c.preparing.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts, c.closed = map[string]*sql.Stmt{}, true
}

// cachedQuerier runs statements through the cache, inside tx when set.
type cachedQuerier struct {
	cache *stmtCache
	db    *sql.DB
	tx    *sql.Tx
}

func (q cachedQuerier) stmt(ctx context.Context, query string) *sql.Stmt {
	st := q.cache.get(query)
	if st != nil && q.tx != nil {
		return q.tx.StmtContext(ctx, st)
	}
	return st
}

func (q cachedQuerier) plain() querier {
	if q.tx != nil {
		return q.tx
	}
	return q.db
}

func (q cachedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := q.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.plain().ExecContext(ctx, query, args...)
}

func (q cachedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.plain().QueryContext(ctx, query, args...)
}

func (q cachedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.plain().QueryRowContext(ctx, query, args...)
}

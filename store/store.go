// Package store keeps the engine's state in SQLite or PostgreSQL through one
// implementation over database/sql. The SQL both engines share is written
// once with $N placeholders; what differs sits behind the named methods of
// flavor. Driver errors become domain errors at this boundary.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/paysmart/paysmart/domain"
)

//go:embed migrations
var migrations embed.FS

// Flavor names the database engine behind a Store.
type Flavor string

// The supported database engines.
const (
	SQLite   Flavor = "sqlite"
	Postgres Flavor = "postgres"
)

// Store implements domain.Store.
type Store struct {
	db     *sql.DB
	flavor Flavor
	path   string     // SQLite file
	stmts  *stmtCache // SQLite only
	dsn    string     // PostgreSQL: for the LISTEN connection
	notify string     // PostgreSQL: the channel that announces new jobs to every node

	trigrams *trigramCounts // SQLite: how common history search trigrams are (history.go)

	onJob atomic.Pointer[func()] // called after a commit that inserted jobs

	// writer runs this process's write transactions, in batches that share
	// one commit (groupcommit.go). On SQLite, queueing writers in Go also
	// keeps them out of SQLite's busy handler, which sleeps up to 100ms
	// between tries of the lock.
	writer *groupWriter
}

var _ domain.Store = (*Store)(nil)

// Open connects to a database URL — "sqlite:PATH" or "postgres://..." — and
// brings its schema up to date. Migrating is safe from several nodes at once:
// PostgreSQL takes an advisory lock, SQLite serialises writers.
func Open(ctx context.Context, dbURL string) (*Store, error) {
	s, err := Connect(dbURL)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Connect opens a database URL without migrating it.
func Connect(dbURL string) (*Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(dbURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, fmt.Errorf("database URL %q has no file path", dbURL)
		}
		// WAL lets readers run beside the one writer; _txlock=immediate takes the
		// write lock at BEGIN so two writers (other processes: this one has
		// one writer) queue on busy_timeout instead of failing when they
		// upgrade a read lock. synchronous=FULL fsyncs the WAL at every
		// commit: nothing is answered before it is on disk; group commit
		// pays for it.
		if err := createPrivate(path); err != nil {
			return nil, err
		}
		dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
			"&_pragma=busy_timeout(20000)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8) // the default of 2 would reopen (and re-pragma) connections under load
		s := &Store{db: db, flavor: SQLite, path: path, stmts: newStmtCache(db), trigrams: &trigramCounts{}}
		s.writer = newGroupWriter(s)
		return s, nil
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		u, err := url.Parse(dbURL)
		if err != nil {
			return nil, fmt.Errorf("database URL: %w", err)
		}
		// Every commit waits for its WAL to be on disk, whatever the
		// server's default (pgx sends unknown URL parameters as session
		// settings).
		if q := u.Query(); q.Get("synchronous_commit") == "" {
			q.Set("synchronous_commit", "on")
			u.RawQuery = q.Encode()
		}
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(20)
		// Keep them: with database/sql's default of 2 idle connections, ten
		// concurrent workers made PostgreSQL fork a backend per transaction.
		db.SetMaxIdleConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
		// Channels are database-wide; the schema keeps databases that share
		// a server in separate schemas (tests) from waking each other.
		channel := "paysmart_jobs"
		if sp := u.Query().Get("search_path"); sp != "" {
			channel += ":" + sp
		}
		s := &Store{db: db, flavor: Postgres, dsn: u.String(), notify: channel[:min(len(channel), 63)]}
		s.writer = newGroupWriter(s)
		return s, nil
	}
	return nil, fmt.Errorf("database URL %q: want sqlite:PATH or postgres://...", redactURL(dbURL))
}

// redactURL drops a password from a URL before it is shown.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// Flavor tells which database engine the store runs on.
func (s *Store) Flavor() Flavor { return s.flavor }

// DB exposes the handle for tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Close releases the database.
func (s *Store) Close() error {
	s.writer.close()
	if s.stmts != nil {
		s.stmts.close()
	}
	return s.db.Close()
}

// querier returns what runs a use case's statements: the prepared-statement
// cache on SQLite, the transaction or pool itself on PostgreSQL.
func (s *Store) querier(sqlTx *sql.Tx) querier {
	if s.stmts != nil {
		return cachedQuerier{cache: s.stmts, db: s.db, tx: sqlTx}
	}
	if sqlTx != nil {
		return sqlTx
	}
	return s.db
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Migrate applies the embedded migrations that have not run yet.
func (s *Store) Migrate(ctx context.Context) error {
	return s.migrate(ctx, func(p *goose.Provider) error {
		_, err := p.Up(ctx)
		return err
	})
}

// migrate runs up, the migrations to apply, under the lock that keeps the
// database's other processes from migrating at the same time.
func (s *Store) migrate(ctx context.Context, up func(*goose.Provider) error) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.flavor))
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if s.flavor == Postgres {
		dialect = goose.DialectPostgres
		// One advisory lock per schema: nodes sharing a schema queue on it,
		// while databases in other schemas (tests) migrate side by side.
		var schema string
		if err := s.db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return fmt.Errorf("migrate: %w", translate(err))
		}
		h := fnv.New64a()
		h.Write([]byte("paysmart migrations " + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64() >> 1)))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	if s.flavor == SQLite {
		// goose has no SQLite locker; several processes on one file queue on a
		// file lock beside it instead.
		unlock, err := lockFile(s.path + ".migrate-lock")
		if err != nil {
			return err
		}
		defer unlock()
	}
	p, err := goose.NewProvider(dialect, s.db, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := up(p); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx implements domain.Tx over a write transaction (Tx), and domain.ReadTx
// over a read-only one (Read).
type tx struct {
	q      querier
	flavor Flavor
	jobs   int         // jobs inserted, to wake workers after commit
	counts countDeltas // kept counts to change at commit (counts.go)

	trigrams *trigramCounts // SQLite's reads: how common history search trigrams are (history.go)
	batch    *batchReads    // what the units of one group commit read alike (webhook.go); nil in a read
}

// Tx runs fn in one write transaction, retrying a few times on PostgreSQL
// deadlocks and serialization failures; fn must therefore not keep state
// across attempts other than its results.
func (s *Store) Tx(ctx context.Context, fn func(domain.Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		err = s.tx(ctx, fn)
		if !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}

func (s *Store) tx(ctx context.Context, fn func(domain.Tx) error) error {
	return s.writer.do(ctx, fn)
}

// readOnly is how Read's transactions begin: read-only, and on PostgreSQL
// repeatable read, so that every query of one read sees the same snapshot.
// On SQLite a read-only BEGIN is deferred: it takes no write lock, and WAL
// gives it a snapshot at its first read.
var readOnly = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}

// Read runs fn in a read-only transaction: one consistent view, and no way
// to write.
func (s *Store) Read(ctx context.Context, fn func(domain.ReadTx) error) error {
	opts := readOnly
	if s.flavor == SQLite {
		opts = &sql.TxOptions{ReadOnly: true} // SQLite's isolation is serializable already
	}
	sqlTx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return translate(err)
	}
	defer sqlTx.Rollback()
	if err := fn(&tx{q: s.querier(sqlTx), flavor: s.flavor, trigrams: s.trigrams}); err != nil {
		return err
	}
	return translate(sqlTx.Commit())
}

// forUpdate is the locking clause for a row read that will be written in the
// same transaction. SQLite needs none: its write transactions already hold the
// database's single write lock from BEGIN IMMEDIATE.
func (t *tx) forUpdate() string {
	if t.flavor == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// translate turns driver errors into domain errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.CodeConflict, Reason: "unique_violation", Message: "A unique value is already taken.", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return domain.Internal(err)
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40P01" || pgErr.Code == "40001"
	}
	return false
}

// notFound maps sql.ErrNoRows to the domain's not-found error for kind/id.
func notFound(err error, kind, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(kind, "id", id)
	}
	return translate(err)
}

// ms and fromMS convert between times and the BIGINT Unix milliseconds the
// schema stores, the same on both engines.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func msPtr(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// createPrivate creates a new SQLite database file readable by its owner
// alone (0600): it holds API key hashes, customers and sealed card numbers.
// SQLite gives its -wal and -shm files the database file's mode. An existing
// file keeps the mode its operator gave it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}

// HasLiveKeys reports whether any merchant holds a live API key that is not
// revoked: the server is taking, or about to take, real payments.
func (s *Store) HasLiveKeys(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_keys WHERE livemode AND revoked_at IS NULL`).Scan(&n)
	return n > 0, err
}

// Backup writes a consistent copy of a SQLite database to path (VACUUM
// INTO: online, while the server runs, and compacted), created 0600. path
// must not exist. PostgreSQL is backed up with its own tools (pg_dump, base
// backups with WAL archiving); see docs/operations.md.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.flavor != SQLite {
		return errors.New("paysmart backup copies SQLite databases; back PostgreSQL up with pg_dump or a base backup (docs/operations.md)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; give a new file", path)
	}
	if err := createPrivate(path); err != nil {
		return err
	}
	// VACUUM INTO wants a new or empty file: the empty one keeps the mode.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

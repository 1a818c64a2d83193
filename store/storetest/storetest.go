// Package storetest opens fresh stores for tests: a SQLite file in a temp dir,
// and a PostgreSQL schema of its own when PAYSMART_TEST_POSTGRES holds a URL.
// Exercise is the conformance suite every flavor of the store must pass.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/dashboard"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/vault"
)

// PostgresEnv names the variable that holds the PostgreSQL test server's URL.
const PostgresEnv = "PAYSMART_TEST_POSTGRES"

// ForEach runs fn as a subtest once per available database: always SQLite,
// and PostgreSQL when PostgresEnv is set (otherwise that subtest is skipped
// with a message saying how to enable it).
func ForEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			fn(t, Open(t, flavor))
		})
	}
}

// Opener returns what Exercise opens stores with: a fresh, migrated store
// of the flavor per call. For PostgreSQL without PostgresEnv it skips t at
// once, with the message saying how to enable it, rather than every test
// Exercise runs.
func Opener(t *testing.T, flavor store.Flavor) func(t *testing.T) *store.Store {
	t.Helper()
	skipUnavailable(t, flavor)
	return func(t *testing.T) *store.Store { return Open(t, flavor) }
}

// skipUnavailable skips t when flavor is PostgreSQL and PostgresEnv is unset.
func skipUnavailable(t testing.TB, flavor store.Flavor) {
	t.Helper()
	if flavor == store.Postgres && os.Getenv(PostgresEnv) == "" {
		t.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run them", PostgresEnv)
	}
}

// Open returns a migrated store on a fresh database of the given flavor,
// closed and dropped when the test ends.
func Open(t testing.TB, flavor store.Flavor) *store.Store {
	t.Helper()
	u := URL(t, flavor)
	s, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open %s store: %v", flavor, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// URL returns a database URL for a fresh, empty database of the given flavor.
func URL(t testing.TB, flavor store.Flavor) string {
	t.Helper()
	if flavor == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "paysmart.db")
	}
	skipUnavailable(t, flavor)
	base := os.Getenv(PostgresEnv)
	schema := "t_" + strings.ToLower(strings.TrimPrefix(domain.NewID("x"), "x_"))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

// Engine returns an engine wired as the server wires it (PaySmart event
// snapshots, the sandbox processor in test mode, none in live mode, a vault
// with a random key) over a fresh store of the given flavor.
func Engine(t testing.TB, flavor store.Flavor) (*domain.Engine, *store.Store) {
	t.Helper()
	s := Open(t, flavor)
	return Wire(t, s), s
}

// Wire builds an engine over s as the server does.
func Wire(t testing.TB, s *store.Store) *domain.Engine {
	t.Helper()
	key := make([]byte, vault.KeySize)
	rand.Read(key)
	v, err := vault.New(key)
	if err != nil {
		t.Fatal(err)
	}
	e := domain.NewEngine(s, nil)
	e.Snapshot, e.Vault, e.TestProcessor = paysmart.Snapshotter("http://paysmart.test"), v, &sandbox.Processor{Vault: v, Ledger: s.SandboxLedger()}
	e.Passwords = dashboard.Passwords{Params: dashboard.TestParams}
	return e
}

// MustMerchant creates a merchant with test and live keys.
func MustMerchant(t testing.TB, e *domain.Engine, name string) (domain.Merchant, domain.KeySet) {
	t.Helper()
	m, keys, err := e.CreateMerchant(context.Background(), name)
	if err != nil {
		t.Fatalf("create merchant: %v", err)
	}
	return m, keys
}

// Describe names a store in test output.
func Describe(s *store.Store) string { return fmt.Sprintf("%s store", s.Flavor()) }

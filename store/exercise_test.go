package store_test

import (
	"testing"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestExercise runs the store conformance suite on every flavor: SQLite
// always, PostgreSQL when storetest.PostgresEnv is set.
func TestExercise(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			storetest.Exercise(t, storetest.Opener(t, flavor))
		})
	}
}

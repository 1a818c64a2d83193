package servertest

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// Start runs a server over a fresh SQLite store outside any test, for
// TestMain and the Example tests of the SDKs, which have no *testing.T. stop
// shuts it down and removes its files; a failure to start panics.
func Start() (env *Env, stop func()) {
	dir, err := os.MkdirTemp("", "paysmart-servertest-")
	if err != nil {
		panic(err)
	}
	tb := &mainTB{dir: dir}
	stop = func() {
		for _, f := range slices.Backward(tb.cleanups) {
			f()
		}
		os.RemoveAll(dir)
	}
	return New(tb, storetest.Open(tb, store.SQLite)), stop
}

// mainTB is the part of testing.TB that New and storetest.Open use; a
// failure panics, since there is no test to fail.
type mainTB struct {
	testing.TB
	dir      string
	cleanups []func()
	n        int
}

func (t *mainTB) Helper()                      {}
func (t *mainTB) Name() string                 { return "main" }
func (t *mainTB) Cleanup(f func())             { t.cleanups = append(t.cleanups, f) }
func (t *mainTB) Logf(string, ...any)          {}
func (t *mainTB) Log(...any)                   {}
func (t *mainTB) Fatal(args ...any)            { panic(fmt.Sprint(args...)) }
func (t *mainTB) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (t *mainTB) Errorf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (t *mainTB) Skipf(f string, args ...any)  { panic(fmt.Sprintf(f, args...)) }
func (t *mainTB) TempDir() string {
	t.n++
	d := fmt.Sprintf("%s/%d", t.dir, t.n)
	if err := os.Mkdir(d, 0o755); err != nil {
		panic(err)
	}
	return d
}

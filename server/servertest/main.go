package servertest

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// Start runs a server over a fresh SQLite store outside any test, for
// TestMain and the Example tests of the SDKs, which have no *testing.T. stop
// shuts it down, removes its files and returns the contract failures that
// env.Client() met (see Client); a failure to start panics.
func Start() (env *Env, stop func() error) {
	dir, err := os.MkdirTemp("", "paysmart-servertest-")
	if err != nil {
		panic(err)
	}
	tb := &mainTB{dir: dir}
	stop = func() error {
		for _, f := range slices.Backward(tb.cleanups) {
			f()
		}
		os.RemoveAll(dir)
		tb.mu.Lock()
		defer tb.mu.Unlock()
		return errors.Join(tb.errs...)
	}
	return New(tb, storetest.Open(tb, store.SQLite)), stop
}

// mainTB is the part of testing.TB that New, storetest.Open and the
// contract checks use. Fatal panics, since there is no test to fail; Errorf
// records the failure for stop to return.
type mainTB struct {
	testing.TB
	dir      string
	cleanups []func()
	n        int
	mu       sync.Mutex
	errs     []error
}

func (t *mainTB) Helper()                      {}
func (t *mainTB) Name() string                 { return "main" }
func (t *mainTB) Cleanup(f func())             { t.cleanups = append(t.cleanups, f) }
func (t *mainTB) Logf(string, ...any)          {}
func (t *mainTB) Log(...any)                   {}
func (t *mainTB) Fatal(args ...any)            { panic(fmt.Sprint(args...)) }
func (t *mainTB) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (t *mainTB) Errorf(f string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.errs = append(t.errs, fmt.Errorf(f, args...))
}
func (t *mainTB) Skipf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (t *mainTB) TempDir() string {
	t.n++
	d := fmt.Sprintf("%s/%d", t.dir, t.n)
	if err := os.Mkdir(d, 0o755); err != nil {
		panic(err)
	}
	return d
}

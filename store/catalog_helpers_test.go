package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// catalogFixture is an engine over a fresh store with two merchants; scopes
// a and aLive are one merchant's test and live data, b the other's test data.
type catalogFixture struct {
	ctx      context.Context
	e        *domain.Engine
	s        *store.Store
	a, aLive domain.Scope
	b        domain.Scope
}

func newCatalogFixture(t *testing.T, s *store.Store) catalogFixture {
	t.Helper()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	e := domain.NewEngine(s, func() time.Time { return now })
	e.Snapshot = func(any) ([]byte, error) { return []byte(`{}`), nil }
	ma, _ := storetest.MustMerchant(t, e, "A")
	mb, _ := storetest.MustMerchant(t, e, "B")
	return catalogFixture{ctx: context.Background(), e: e, s: s,
		a: domain.Scope{MerchantID: ma.ID}, aLive: domain.Scope{MerchantID: ma.ID, Livemode: true},
		b: domain.Scope{MerchantID: mb.ID}}
}

func ptr[T any](v T) *T { return &v }

// wantCode fails unless err has the code (and, when given, the reason).
func wantCode(t *testing.T, what string, err error, code domain.Code, reason ...string) {
	t.Helper()
	if domain.ErrorCode(err) != code {
		t.Fatalf("%s: error %v, want code %s", what, err, code)
	}
	if len(reason) > 0 && domain.AsError(err).Reason != reason[0] {
		t.Fatalf("%s: error %v, want reason %s", what, err, reason[0])
	}
}

// must returns v, failing the test given to the function it returns when
// err is not nil: must(e.CreateTax(...))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

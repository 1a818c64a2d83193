package store_test

import (
	"slices"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestNumbersPerScope: Paysley's numeric ids count each merchant's and
// mode's objects alone, so that no merchant learns how many objects others
// have (issue 13: categories of A, B, A and B-live were 2, 3, 4, 5).
func TestNumbersPerScope(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e
		bLive := domain.Scope{MerchantID: f.b.MerchantID, Livemode: true}
		var got []int64
		for i, sc := range []domain.Scope{f.a, f.b, f.a, bLive, f.aLive, f.a} {
			c := must(e.CreateCategory(ctx, sc, domain.CategoryInput{Name: ptr("c" + string(rune('0'+i)))}))(t)
			got = append(got, c.Number)
		}
		if want := []int64{1, 1, 2, 1, 1, 3}; !slices.Equal(got, want) {
			t.Fatalf("category numbers %v, want %v", got, want)
		}
		// A deleted number is never handed out again.
		must(e.DeleteCategory(ctx, f.a, 3))(t)
		if c := must(e.CreateCategory(ctx, f.a, domain.CategoryInput{Name: ptr("again")}))(t); c.Number != 4 {
			t.Fatalf("after a delete: %d, want 4", c.Number)
		}
		// Groups and customers count on their own too.
		for _, sc := range []domain.Scope{f.b, f.a} {
			if g := must(e.CreateCustomerGroup(ctx, sc, domain.CustomerGroupInput{Name: ptr("VIP")}))(t); g.Number != 1 {
				t.Fatalf("first group of %v: %d", sc, g.Number)
			}
			if c := must(e.CreateCustomer(ctx, sc, domain.CustomerInput{Email: ptr("x@example.com")}))(t); c.Number != 1 {
				t.Fatalf("first customer of %v: %d", sc, c.Number)
			}
		}
	})
}

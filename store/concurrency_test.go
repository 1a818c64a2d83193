package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// race runs fn n times at once and returns the errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn(i) }()
	}
	wg.Wait()
	return errs
}

func TestCatalogUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e
		const n = 8

		// One of several creates of the same group name wins; the others are told why.
		wins := 0
		for i, err := range race(n, func(i int) error {
			_, err := e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr([]string{"Same", "SAME", "same"}[i%3])})
			return err
		}) {
			switch domain.ErrorCode(err) {
			case "":
				wins++
			case domain.CodeConflict:
			default:
				t.Errorf("create %d: %v", i, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d creates of one group name succeeded", wins)
		}

		// However default templates race, exactly one is the default afterwards.
		for i, err := range race(n, func(i int) error {
			_, err := e.CreateTemplate(ctx, f.a, domain.TemplateInput{Name: ptr(fmt.Sprint("t", i)), Channel: ptr("sms"),
				Body: ptr("b"), IsDefault: ptr(true)})
			return err
		}) {
			if err != nil {
				t.Errorf("template %d: %v", i, err)
			}
		}
		page := must(e.ListTemplates(ctx, f.a, domain.ListParams{Page: 1, Limit: 100}))(t)
		defaults := 0
		for _, tpl := range page.Items {
			if tpl.IsDefault {
				defaults++
			}
		}
		if page.Total != n || defaults != 1 {
			t.Fatalf("%d templates, %d defaults", page.Total, defaults)
		}

		// A customer joining a group while it is deleted either joins before
		// (and is moved out) or fails: it never points at a deleted group.
		for round := range 4 {
			g := must(e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr(fmt.Sprint("g", round))}))(t)
			race(n, func(i int) error {
				if i == 0 {
					_, err := e.DeleteCustomerGroup(ctx, f.a, g.Number)
					return err
				}
				_, err := e.CreateCustomer(ctx, f.a, domain.CustomerInput{Email: ptr(fmt.Sprintf("c%d-%d@x.example", round, i)), GroupNumber: &g.Number})
				return err
			})
			var stranded int
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM customers WHERE group_number = $1`, g.Number).Scan(&stranded); err != nil {
				t.Fatal(err)
			}
			if stranded != 0 {
				t.Fatalf("round %d: %d customers in a deleted group", round, stranded)
			}
		}
	})
}

package store_test

import (
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestCustomerGroups(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e

		card := must(e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr(" Card "), Description: ptr("group for card")}))(t)
		if card.Number == 0 || card.Name != "Card" {
			t.Fatalf("created %+v", card)
		}

		// Names are unique per merchant and mode, whatever their case.
		_, err := e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr("CARD")})
		wantCode(t, "duplicate name", err, domain.CodeConflict, "name_taken")
		for _, other := range []domain.Scope{f.aLive, f.b} {
			must(e.CreateCustomerGroup(ctx, other, domain.CustomerGroupInput{Name: ptr("card")}))(t)
		}
		vip := must(e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr("VIP")}))(t)
		_, err = e.UpdateCustomerGroup(ctx, f.a, vip.Number, domain.CustomerGroupInput{Name: ptr("card")})
		wantCode(t, "rename onto another group", err, domain.CodeConflict, "name_taken")
		// Renaming a group to its own name in another case is fine.
		if g := must(e.UpdateCustomerGroup(ctx, f.a, card.Number, domain.CustomerGroupInput{Name: ptr("CARD")}))(t); g.Name != "CARD" {
			t.Fatalf("renamed to %q", g.Name)
		}
		_, err = e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr("  ")})
		wantCode(t, "blank name", err, domain.CodeInvalid, "parameter_missing")

		// Numbers run per merchant and mode: each scope's first group is 1.
		// Other scopes do not see the group numbered 2 here, which they lack.
		for _, other := range []domain.Scope{f.aLive, f.b} {
			if g := must(e.GetCustomerGroup(ctx, other, card.Number))(t); g.Number != 1 || card.Number != 1 || g.ID == card.ID {
				t.Fatalf("group 1 of another scope: %+v (here: %+v)", g, card)
			}
			_, err := e.GetCustomerGroup(ctx, other, vip.Number)
			wantCode(t, "get from another scope", err, domain.CodeNotFound)
			_, err = e.UpdateCustomerGroup(ctx, other, vip.Number, domain.CustomerGroupInput{Name: ptr("x")})
			wantCode(t, "update from another scope", err, domain.CodeNotFound)
			_, err = e.DeleteCustomerGroup(ctx, other, vip.Number)
			wantCode(t, "delete from another scope", err, domain.CodeNotFound)
		}

		page := must(e.ListCustomerGroups(ctx, f.a, domain.ListParams{Page: 1, Limit: 10, Keywords: "ar"}))(t)
		if page.Total != 1 || len(page.Items) != 1 || page.Items[0].Number != card.Number {
			t.Fatalf("keyword list: %+v", page)
		}

		// Deleting a group moves its customers out of it in the same transaction.
		c := must(e.CreateCustomer(ctx, f.a, domain.CustomerInput{Email: ptr("a@b.example"), GroupNumber: &card.Number}))(t)
		other := must(e.CreateCustomer(ctx, f.a, domain.CustomerInput{Email: ptr("c@d.example"), GroupNumber: &vip.Number}))(t)
		must(e.DeleteCustomerGroup(ctx, f.a, card.Number))(t)
		if got := must(e.GetCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, false))(t); got.GroupNumber != 0 {
			t.Fatalf("customer still in deleted group %d", got.GroupNumber)
		}
		if got := must(e.GetCustomer(ctx, f.a, domain.CustomerRef{Number: other.Number}, false))(t); got.GroupNumber != vip.Number {
			t.Fatalf("customer of another group moved to %d", got.GroupNumber)
		}
		_, err = e.GetCustomerGroup(ctx, f.a, card.Number)
		wantCode(t, "get deleted", err, domain.CodeNotFound)
		_, err = e.DeleteCustomerGroup(ctx, f.a, card.Number)
		wantCode(t, "delete twice", err, domain.CodeNotFound)

		// A deleted group's number is never handed out again, on either
		// database, even when it was the highest.
		last := must(e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr("last")}))(t)
		must(e.DeleteCustomerGroup(ctx, f.a, last.Number))(t)
		next := must(e.CreateCustomerGroup(ctx, f.a, domain.CustomerGroupInput{Name: ptr("next")}))(t)
		if next.Number <= last.Number {
			t.Fatalf("number %d reused after deleting %d", next.Number, last.Number)
		}

		// A customer can only join a group of its own scope; another group is
		// no group, with a warning.
		for name, tc := range map[string]func() (domain.Customer, error){
			"group of another merchant": func() (domain.Customer, error) {
				return e.CreateCustomer(ctx, f.b, domain.CustomerInput{Email: ptr("x@y.example"), GroupNumber: &vip.Number})
			},
			"deleted group": func() (domain.Customer, error) {
				return e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, domain.CustomerInput{GroupNumber: &card.Number})
			},
		} {
			got, err := tc()
			if err != nil || got.GroupNumber != 0 || len(got.Warnings) != 1 || got.Warnings[0].Reason != domain.WarnGroupNotFound {
				t.Errorf("%s: %+v, %v; want no group and a warning", name, got, err)
			}
		}
	})
}

package store_test

import (
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestTaxes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e
		vat := must(e.CreateTax(ctx, f.a, domain.TaxInput{Name: ptr("VAT"), Type: ptr("percentage"), Rate: ptr("7.5")}))(t)
		if vat.Rate != 75000 || vat.Value() != "7.5" || vat.Amount != 0 || len(vat.ID) != len("tax_")+24 {
			t.Fatalf("created %+v", vat)
		}
		got := must(e.GetTax(ctx, f.a, vat.ID))(t)
		if got != vat {
			t.Fatalf("read back %+v, want %+v", got, vat)
		}
		for _, other := range []domain.Scope{f.aLive, f.b} {
			_, err := e.GetTax(ctx, other, vat.ID)
			wantCode(t, "get from another scope", err, domain.CodeNotFound)
			_, err = e.DeleteTax(ctx, other, vat.ID)
			wantCode(t, "delete from another scope", err, domain.CodeNotFound)
		}

		// Switching type needs the other value and drops the old one.
		_, err := e.UpdateTax(ctx, f.a, vat.ID, domain.TaxInput{Type: ptr("fixed_amount")})
		wantCode(t, "fixed without amount", err, domain.CodeInvalid, "parameter_missing")
		fixed := must(e.UpdateTax(ctx, f.a, vat.ID, domain.TaxInput{Type: ptr("fixed_amount"), Amount: ptr("5")}))(t)
		if fixed.Rate != 0 || fixed.Amount != 500 || fixed.Value() != "5" {
			t.Fatalf("switched to %+v", fixed)
		}
		if got := must(e.GetTax(ctx, f.a, vat.ID))(t); got.Amount != 500 || got.Type != domain.TaxFixedAmount {
			t.Fatalf("stored %+v", got)
		}

		for _, tc := range []struct {
			in     domain.TaxInput
			param  string
			reason string
		}{
			{domain.TaxInput{Type: ptr("percentage"), Rate: ptr("1")}, "name", "parameter_missing"},
			{domain.TaxInput{Name: ptr("x"), Rate: ptr("1")}, "type", "parameter_missing"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("flat")}, "type", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("percentage")}, "rate", "parameter_missing"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("percentage"), Rate: ptr("7.12345")}, "rate", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("percentage"), Rate: ptr("100.0001")}, "rate", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("percentage"), Rate: ptr("-1")}, "rate", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("percentage"), Rate: ptr("5"), Amount: ptr("1")}, "amount", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("fixed_amount")}, "amount", "parameter_missing"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("fixed_amount"), Amount: ptr("0.001")}, "amount", "parameter_invalid"},
			{domain.TaxInput{Name: ptr("x"), Type: ptr("fixed_amount"), Amount: ptr("1"), Rate: ptr("5")}, "rate", "parameter_invalid"},
		} {
			_, err := e.CreateTax(ctx, f.a, tc.in)
			de := domain.AsError(err)
			if de.Code != domain.CodeInvalid || de.Param != tc.param || de.Reason != tc.reason {
				t.Errorf("CreateTax(%+v) = %v; want invalid %s/%s", tc.in, err, tc.param, tc.reason)
			}
		}
		if x := must(e.CreateTax(ctx, f.a, domain.TaxInput{Name: ptr("max"), Type: ptr("percentage"), Rate: ptr("100.0000")}))(t); x.Rate != 1_000_000 {
			t.Fatalf("100%% stored as %d", x.Rate)
		}
		if x := must(e.CreateTax(ctx, f.a, domain.TaxInput{Name: ptr("tiny"), Type: ptr("percentage"), Rate: ptr("0.0001")}))(t); x.Value() != "0.0001" {
			t.Fatalf("0.0001%% renders %q", x.Value())
		}

		page := must(e.ListTaxes(ctx, f.a, domain.ListParams{Page: 1, Limit: 2}))(t)
		if page.Total != 3 || len(page.Items) != 2 || page.Items[0].Name != "tiny" {
			t.Fatalf("list %+v", page)
		}
		must(e.DeleteTax(ctx, f.a, vat.ID))(t)
		_, err = e.GetTax(ctx, f.a, vat.ID)
		wantCode(t, "get deleted", err, domain.CodeNotFound)
	})
}

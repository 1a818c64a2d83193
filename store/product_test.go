package store_test

import (
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestProductsAndCategories(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e

		electronic := must(e.CreateCategory(ctx, f.a, domain.CategoryInput{Name: ptr("Electronic")}))(t)
		books := must(e.CreateCategory(ctx, f.a, domain.CategoryInput{Name: ptr("50% off_books")}))(t)
		vat := must(e.CreateTax(ctx, f.a, domain.TaxInput{Name: ptr("VAT"), Type: ptr("percentage"), Rate: ptr("7.5")}))(t)

		item := domain.ProductInput{Name: ptr("Item 1"), CategoryNumber: &electronic.Number, Type: ptr("product"),
			SalesPrice: ptr("1"), Cost: ptr("0.5"), TaxID: &vat.ID, UnitInStock: ptr[int64](3)}
		p1 := must(e.CreateProduct(ctx, f.a, item))(t)
		if p1.Number == 0 || p1.SalesPrice != 100 || p1.Cost != 50 || p1.UnitType != domain.UnitFlatRate || p1.TaxID != vat.ID {
			t.Fatalf("created %+v", p1)
		}

		// Names are unique per merchant and mode, whatever their case.
		dup := item
		dup.Name = ptr("ITEM 1")
		_, err := e.CreateProduct(ctx, f.a, dup)
		wantCode(t, "duplicate name", err, domain.CodeConflict, "name_taken")
		svc := must(e.CreateProduct(ctx, f.a, domain.ProductInput{Name: ptr("Repair"), CategoryNumber: &books.Number,
			Type: ptr("service"), SalesPrice: ptr("20.00"), UnitType: ptr("per-hour")}))(t)
		_, err = e.UpdateProduct(ctx, f.a, svc.Number, domain.ProductInput{Name: ptr("item 1")})
		wantCode(t, "rename onto another product", err, domain.CodeConflict, "name_taken")

		// References must exist in the same scope.
		for _, other := range []domain.Scope{f.aLive, f.b} {
			_, err := e.CreateProduct(ctx, other, item)
			wantCode(t, "category of another scope", err, domain.CodeInvalid, "resource_missing")
			_, err = e.GetProduct(ctx, other, p1.Number)
			wantCode(t, "get from another scope", err, domain.CodeNotFound)
			_, err = e.DeleteProduct(ctx, other, p1.Number)
			wantCode(t, "delete from another scope", err, domain.CodeNotFound)
			_, err = e.DeleteCategory(ctx, other, electronic.Number)
			wantCode(t, "delete category from another scope", err, domain.CodeNotFound)
		}
		// B's numbers run on their own: its third category is a number A has not used.
		must(e.CreateCategory(ctx, f.b, domain.CategoryInput{Name: ptr("B's first")}))(t)
		must(e.CreateCategory(ctx, f.b, domain.CategoryInput{Name: ptr("B's second")}))(t)
		otherCat := must(e.CreateCategory(ctx, f.b, domain.CategoryInput{Name: ptr("B's")}))(t)
		_, err = e.UpdateProduct(ctx, f.a, p1.Number, domain.ProductInput{CategoryNumber: &otherCat.Number})
		wantCode(t, "move to another merchant's category", err, domain.CodeInvalid, "resource_missing")
		bTax := must(e.CreateTax(ctx, f.b, domain.TaxInput{Name: ptr("B tax"), Type: ptr("fixed_amount"), Amount: ptr("1")}))(t)
		// Another merchant's tax is unknown here: no tax, with a warning.
		if p := must(e.UpdateProduct(ctx, f.a, p1.Number, domain.ProductInput{TaxID: &bTax.ID}))(t); p.TaxID != "" ||
			len(p.Warnings) != 1 || p.Warnings[0].Reason != domain.WarnTaxNotFound {
			t.Fatalf("another merchant's tax: %+v", p)
		}
		must(e.UpdateProduct(ctx, f.a, p1.Number, domain.ProductInput{TaxID: &vat.ID}))(t)

		// The list joins category names and taxes, and searches them.
		page := must(e.ListProducts(ctx, f.a, domain.ListParams{Page: 1, Limit: 10}))(t)
		if page.Total != 2 || len(page.Items) != 2 {
			t.Fatalf("list: %+v", page)
		}
		got := page.Items[1] // newest first
		if got.Number != p1.Number || got.CategoryName != "Electronic" || got.Tax == nil || got.Tax.Rate != 75000 || got.Tax.Name != "VAT" {
			t.Fatalf("list item %+v (tax %+v)", got, got.Tax)
		}
		if page.Items[0].Tax != nil || page.Items[0].CategoryName != books.Name {
			t.Fatalf("list item without tax: %+v", page.Items[0])
		}
		for _, tc := range []struct {
			kw, typ string
			want    int
		}{
			{"electr", "", 1}, {"ITEM", "", 1}, {"service", "", 1}, {"50%", "", 1}, {"0%", "", 1},
			{"%", "", 1}, {"_", "", 1}, {"off_b", "", 1}, {"off%b", "", 0}, {"'", "", 0}, {`\`, "", 0},
			{"", "service", 1}, {"", "product", 1}, {"item", "service", 0},
		} {
			page := must(e.ListProducts(ctx, f.a, domain.ListParams{Page: 1, Limit: 10, Keywords: tc.kw, Type: tc.typ}))(t)
			if page.Total != tc.want || len(page.Items) != tc.want {
				t.Errorf("keywords %q type %q: total %d, %d items; want %d", tc.kw, tc.typ, page.Total, len(page.Items), tc.want)
			}
		}

		// A tax in use cannot be deleted; once free, it can.
		_, err = e.DeleteTax(ctx, f.a, vat.ID)
		wantCode(t, "delete used tax", err, domain.CodeState, "tax_in_use")
		if p := must(e.UpdateProduct(ctx, f.a, p1.Number, domain.ProductInput{TaxID: ptr("")}))(t); p.TaxID != "" || p.Tax != nil {
			t.Fatalf("tax not removed: %+v", p)
		}
		must(e.DeleteTax(ctx, f.a, vat.ID))(t)
		must(e.DeleteProduct(ctx, f.a, p1.Number))(t)
		_, err = e.GetProduct(ctx, f.a, p1.Number)
		wantCode(t, "get deleted product", err, domain.CodeNotFound)
		// Deleting a category leaves its products without one.
		p2 := must(e.CreateProduct(ctx, f.a, domain.ProductInput{Name: ptr("p2 in electronic"), CategoryNumber: &electronic.Number,
			Type: ptr("product"), SalesPrice: ptr("1")}))(t)
		must(e.DeleteCategory(ctx, f.a, electronic.Number))(t)
		if got := must(e.GetProduct(ctx, f.a, p2.Number))(t); got.CategoryNumber != 0 {
			t.Fatalf("product kept deleted category %d", got.CategoryNumber)
		}
		must(e.DeleteProduct(ctx, f.a, p2.Number))(t)
		_, err = e.UpdateCategory(ctx, f.a, electronic.Number, domain.CategoryInput{Name: ptr("x")})
		wantCode(t, "update deleted category", err, domain.CodeNotFound)

		// Numbers of deleted products are never reused.
		p3 := must(e.CreateProduct(ctx, f.a, domain.ProductInput{Name: ptr("p3"), CategoryNumber: &books.Number,
			Type: ptr("product"), SalesPrice: ptr("1")}))(t)
		must(e.DeleteProduct(ctx, f.a, p3.Number))(t)
		p4 := must(e.CreateProduct(ctx, f.a, domain.ProductInput{Name: ptr("p4"), CategoryNumber: &books.Number,
			Type: ptr("product"), SalesPrice: ptr("1")}))(t)
		if p4.Number <= p3.Number {
			t.Fatalf("product number %d reused", p4.Number)
		}
	})
}

func TestProductValidation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		cat := must(f.e.CreateCategory(f.ctx, f.a, domain.CategoryInput{Name: ptr("c")}))(t)
		base := func() domain.ProductInput {
			return domain.ProductInput{Name: ptr("n"), CategoryNumber: &cat.Number, Type: ptr("product"), SalesPrice: ptr("1")}
		}
		for _, tc := range []struct {
			name   string
			edit   func(*domain.ProductInput)
			param  string
			reason string
		}{
			{"no name", func(in *domain.ProductInput) { in.Name = nil }, "name", "parameter_missing"},
			{"blank name", func(in *domain.ProductInput) { in.Name = ptr(" ") }, "name", "parameter_missing"},
			{"no category", func(in *domain.ProductInput) { in.CategoryNumber = nil }, "category", "parameter_missing"},
			{"unknown category", func(in *domain.ProductInput) { in.CategoryNumber = ptr[int64](999999) }, "category", "resource_missing"},
			{"no type", func(in *domain.ProductInput) { in.Type = nil }, "type", "parameter_missing"},
			{"bad type", func(in *domain.ProductInput) { in.Type = ptr("thing") }, "type", "parameter_invalid"},
			{"no price", func(in *domain.ProductInput) { in.SalesPrice = nil }, "sales_price", "parameter_missing"},
			{"negative price", func(in *domain.ProductInput) { in.SalesPrice = ptr("-1") }, "sales_price", "parameter_invalid"},
			{"three decimals", func(in *domain.ProductInput) { in.SalesPrice = ptr("1.005") }, "sales_price", "parameter_invalid"},
			{"exponent", func(in *domain.ProductInput) { in.Cost = ptr("1e2") }, "cost", "parameter_invalid"},
			{"bad unit", func(in *domain.ProductInput) { in.UnitType = ptr("per-day") }, "unit_type", "parameter_invalid"},
			{"negative stock", func(in *domain.ProductInput) { in.UnitInStock = ptr[int64](-1) }, "unit_in_stock", "parameter_invalid"},
		} {
			in := base()
			tc.edit(&in)
			_, err := f.e.CreateProduct(f.ctx, f.a, in)
			de := domain.AsError(err)
			if de.Code != domain.CodeInvalid || de.Param != tc.param || de.Reason != tc.reason {
				t.Errorf("%s: error %v; want invalid %s/%s", tc.name, err, tc.param, tc.reason)
			}
		}
		// Trailing zeros beyond two decimals lose nothing and are accepted.
		p := must(f.e.CreateProduct(f.ctx, f.a, domain.ProductInput{Name: ptr("z"), CategoryNumber: &cat.Number,
			Type: ptr("Service"), SalesPrice: ptr("1500.1200"), Cost: ptr("0")}))(t)
		if p.SalesPrice != 150012 || p.Type != "service" {
			t.Fatalf("got %+v", p)
		}
	})
}

package store_test

import (
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestTemplates(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e

		if _, ok, err := e.DefaultTemplate(ctx, f.a, "email"); ok || err != nil {
			t.Fatalf("default before any: %v, %v", ok, err)
		}
		email := func(name string, def bool) domain.TemplateInput {
			return domain.TemplateInput{Name: ptr(name), Channel: ptr("EMAIL"), Subject: ptr("Invoice"), Body: ptr("Pay here"), IsDefault: &def}
		}
		first := must(e.CreateTemplate(ctx, f.a, email("first", true)))(t)
		sms := must(e.CreateTemplate(ctx, f.a, domain.TemplateInput{Name: ptr("sms"), Channel: ptr("sms"), Body: ptr("Pay"), IsDefault: ptr(true)}))(t)
		second := must(e.CreateTemplate(ctx, f.a, email("second", true)))(t)

		// One default per channel: the newest default replaced the first.
		def, ok, err := e.DefaultTemplate(ctx, f.a, "email")
		if err != nil || !ok || def.ID != second.ID {
			t.Fatalf("email default = %+v, %v, %v; want %s", def, ok, err, second.ID)
		}
		if got := must(e.GetTemplate(ctx, f.a, first.ID))(t); got.IsDefault {
			t.Fatal("first template is still the default")
		}
		if def, _, _ := e.DefaultTemplate(ctx, f.a, "sms"); def.ID != sms.ID {
			t.Fatalf("sms default = %s, want %s", def.ID, sms.ID)
		}
		// Moving a default to the other channel replaces that channel's default.
		moved := must(e.UpdateTemplate(ctx, f.a, second.ID, domain.TemplateInput{Channel: ptr("sms"), Subject: ptr("")}))(t)
		if !moved.IsDefault {
			t.Fatal("moved template lost its default")
		}
		if def, _, _ := e.DefaultTemplate(ctx, f.a, "sms"); def.ID != second.ID {
			t.Fatalf("sms default = %s, want %s", def.ID, second.ID)
		}
		if _, ok, _ := e.DefaultTemplate(ctx, f.a, "email"); ok {
			t.Fatal("email still has a default")
		}

		// Defaults and templates are per merchant and mode.
		for _, other := range []domain.Scope{f.aLive, f.b} {
			if _, ok, err := e.DefaultTemplate(ctx, other, "sms"); ok || err != nil {
				t.Fatalf("other scope sees a default: %v %v", ok, err)
			}
			_, err := e.GetTemplate(ctx, other, first.ID)
			wantCode(t, "get from another scope", err, domain.CodeNotFound)
			must(e.CreateTemplate(ctx, other, email("first", true)))(t)
		}
		_, _, err = e.DefaultTemplate(ctx, f.a, "fax")
		wantCode(t, "unknown channel", err, domain.CodeInvalid)

		for _, tc := range []struct {
			in    domain.TemplateInput
			param string
		}{
			{domain.TemplateInput{Channel: ptr("email"), Subject: ptr("s"), Body: ptr("b")}, "name"},
			{domain.TemplateInput{Name: ptr("n"), Subject: ptr("s"), Body: ptr("b")}, "channel"},
			{domain.TemplateInput{Name: ptr("n"), Channel: ptr("fax"), Body: ptr("b")}, "channel"},
			{domain.TemplateInput{Name: ptr("n"), Channel: ptr("email"), Body: ptr("b")}, "subject"},
			{domain.TemplateInput{Name: ptr("n"), Channel: ptr("sms"), Subject: ptr("s"), Body: ptr("b")}, "subject"},
			{domain.TemplateInput{Name: ptr("n"), Channel: ptr("sms"), Body: ptr("  ")}, "body"},
			{domain.TemplateInput{Name: ptr("n"), Channel: ptr("sms"), Body: ptr(string(make([]byte, 1601)))}, "body"},
		} {
			_, err := e.CreateTemplate(ctx, f.a, tc.in)
			if de := domain.AsError(err); de.Code != domain.CodeInvalid || de.Param != tc.param {
				t.Errorf("CreateTemplate(%+v) = %v; want invalid %s", tc.in, err, tc.param)
			}
		}

		page := must(e.ListTemplates(ctx, f.a, domain.ListParams{Page: 1, Limit: 10, Type: "sms"}))(t)
		if page.Total != 2 {
			t.Fatalf("sms templates: %d", page.Total)
		}
		must(e.DeleteTemplate(ctx, f.a, second.ID))(t)
		if _, ok, _ := e.DefaultTemplate(ctx, f.a, "sms"); ok {
			t.Fatal("deleted default still found")
		}
		_, err = e.DeleteTemplate(ctx, f.a, second.ID)
		wantCode(t, "delete twice", err, domain.CodeNotFound)
	})
}

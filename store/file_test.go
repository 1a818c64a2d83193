package store_test

import (
	"bytes"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// tinyPNG is a valid 1x1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func TestCustomerProfilePictures(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e

		c := must(e.CreateCustomer(ctx, f.a, domain.CustomerInput{Email: ptr("a@b.example"), ProfilePicture: tinyPNG}))(t)
		if c.ProfileImage == "" {
			t.Fatal("no profile image id")
		}
		file := must(e.GetFile(ctx, c.ProfileImage))(t)
		if !bytes.Equal(file.Data, tinyPNG) || file.ContentType != "image/png" || file.Size != int64(len(tinyPNG)) ||
			file.MerchantID != f.a.MerchantID || file.Number == 0 || file.Ext() != ".png" {
			t.Fatalf("stored file %+v", file)
		}
		imgs := must(e.CustomerImages(ctx, f.a, c))(t)
		if len(imgs) != 1 || imgs[0].ID != c.ProfileImage || imgs[0].Data != nil || imgs[0].Number != file.Number {
			t.Fatalf("CustomerImages = %+v", imgs)
		}
		if imgs := must(e.CustomerImages(ctx, f.b, c))(t); len(imgs) != 0 {
			t.Fatalf("another merchant sees the images: %+v", imgs)
		}

		// A new picture replaces the old one, which is deleted.
		gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
		c2 := must(e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, domain.CustomerInput{ProfilePicture: gif}))(t)
		if c2.ProfileImage == c.ProfileImage {
			t.Fatal("picture not replaced")
		}
		_, err := e.GetFile(ctx, c.ProfileImage)
		wantCode(t, "replaced picture", err, domain.CodeNotFound)
		if got := must(e.GetFile(ctx, c2.ProfileImage))(t); got.ContentType != "image/gif" || got.Ext() != ".gif" {
			t.Fatalf("new picture %+v", got)
		}
		// An update without a picture keeps it.
		c3 := must(e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, domain.CustomerInput{Name: ptr("N")}))(t)
		if c3.ProfileImage != c2.ProfileImage {
			t.Fatal("picture lost on update")
		}

		for name, img := range map[string][]byte{
			"empty": {}, "text": []byte("some base 64 string image"), "svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
			"pdf": []byte("%PDF-1.4"), "too large": append(append([]byte{}, tinyPNG...), make([]byte, domain.MaxImageBytes)...),
		} {
			_, err := e.CreateCustomer(ctx, f.a, domain.CustomerInput{Email: ptr("x@y.example"), ProfilePicture: img})
			if de := domain.AsError(err); de.Code != domain.CodeInvalid || de.Param != "profile_picture" {
				t.Errorf("%s image: %v", name, err)
			}
		}
		// A refused picture leaves no file and no customer behind.
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM files`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("files = %d, %v; want 1", n, err)
		}

		// Deleting the customer deletes its picture.
		must(e.DeleteCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}))(t)
		_, err = e.GetFile(ctx, c2.ProfileImage)
		wantCode(t, "picture of a deleted customer", err, domain.CodeNotFound)
	})
}

func TestCustomerListingRules(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newCatalogFixture(t, s)
		ctx, e := f.ctx, f.e
		rules := func(in domain.CustomerInput) domain.CustomerInput {
			in.ListingRules, in.UniqueEmail = true, true
			return in
		}

		c := must(e.CreateCustomer(ctx, f.a, rules(domain.CustomerInput{Phone: ptr("1234567890"), FirstName: ptr("John")})))(t)
		if c.ListingType != domain.ListingIndividual {
			t.Fatalf("listing type %q, want the default individual", c.ListingType)
		}
		for _, tc := range []struct {
			in     domain.CustomerInput
			param  string
			reason string
		}{
			{domain.CustomerInput{FirstName: ptr("John")}, "email", "contact_missing"},
			{domain.CustomerInput{Email: ptr("j@d.example"), ListingType: ptr("company"), FirstName: ptr("J")}, "company_name", "parameter_missing"},
			{domain.CustomerInput{Email: ptr("j@d.example"), ListingType: ptr("person"), FirstName: ptr("J")}, "listing_type", "parameter_invalid"},
			{domain.CustomerInput{Email: ptr("j@d.example"), FirstName: ptr("J"), AdditionalValue: ptr(`{"a":"` + string(bytes.Repeat([]byte("x"), 64<<10)) + `"}`)}, "additional_value", "parameter_too_long"},
		} {
			_, err := e.CreateCustomer(ctx, f.a, rules(tc.in))
			if de := domain.AsError(err); de.Code != domain.CodeInvalid || de.Param != tc.param || de.Reason != tc.reason {
				t.Errorf("CreateCustomer(%+v) = %v; want %s/%s", tc.in, err, tc.param, tc.reason)
			}
		}
		// An individual needs no name: an email alone is a customer.
		must(e.CreateCustomer(ctx, f.a, rules(domain.CustomerInput{Email: ptr("solo@d.example")})))(t)
		// The rules hold for the customer as updated, not only for the fields sent.
		_, err := e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, rules(domain.CustomerInput{Phone: ptr("")}))
		wantCode(t, "clearing the only contact", err, domain.CodeInvalid, "contact_missing")
		_, err = e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, rules(domain.CustomerInput{ListingType: ptr("company")}))
		wantCode(t, "company without a company name", err, domain.CodeInvalid, "parameter_missing")
		co := must(e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: c.Number}, rules(domain.CustomerInput{ListingType: ptr("company"), CompanyName: ptr("Acme")})))(t)
		if co.ListingType != "company" || co.FirstName != "John" {
			t.Fatalf("updated %+v", co)
		}
		// A PaySmart customer with only a full name counts as named.
		ps := must(e.CreateCustomer(ctx, f.a, domain.CustomerInput{Name: ptr("Jenny Rosen"), Email: ptr("jenny@r.example")}))(t)
		must(e.UpdateCustomer(ctx, f.a, domain.CustomerRef{Number: ps.Number}, rules(domain.CustomerInput{Phone: ptr("1")})))(t)
		// Unique emails ignore case, other scopes and deleted customers.
		_, err = e.CreateCustomer(ctx, f.a, rules(domain.CustomerInput{Email: ptr("JENNY@r.example"), FirstName: ptr("J")}))
		wantCode(t, "duplicate email", err, domain.CodeConflict, "email_taken")
		must(e.CreateCustomer(ctx, f.aLive, rules(domain.CustomerInput{Email: ptr("jenny@r.example"), FirstName: ptr("J")})))(t)
		must(e.CreateCustomer(ctx, f.b, rules(domain.CustomerInput{Email: ptr("jenny@r.example"), FirstName: ptr("J")})))(t)
		must(e.DeleteCustomer(ctx, f.a, domain.CustomerRef{Number: ps.Number}))(t)
		must(e.CreateCustomer(ctx, f.a, rules(domain.CustomerInput{Email: ptr("jenny@r.example"), FirstName: ptr("J")})))(t)
	})
}

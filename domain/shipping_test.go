package domain_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestPayPaymentRequestShipping: a request with shipping_enabled needs the
// payer's address, checked field by field before anything is written; the
// request's shipping_address becomes it only once the payment is made or
// authorised (after a lost answer, after a passed challenge), never for a
// declined one, and a request without shipping_enabled keeps none. The
// sandbox here answers outside the first transaction (faults are switched
// on), as a live processor does, so the address waits for the answer.
func TestPayPaymentRequestShipping(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newFaultyEngine(t, s)
		sc := testScope(t, f.Engine)
		ctx := context.Background()
		fixed := true
		merchantAddress := &domain.ShippingAddress{FirstName: "Ann", LastName: "Lee", Email: "ann@example.com", MobileNo: "+12015550123",
			AddressLine1: "1 Old Road", City: "Springfield", Zip: "11111", Country: "US"}
		request := func(t *testing.T, shipping bool, preset *domain.ShippingAddress) domain.PaymentRequest {
			t.Helper()
			pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"}, Email: "payer@example.com",
				Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB", ShippingEnabled: shipping, ShippingAddress: preset})
			if err != nil {
				t.Fatal(err)
			}
			return pr
		}
		reread := func(t *testing.T, pr domain.PaymentRequest) domain.PaymentRequest {
			t.Helper()
			got, err := f.GetPaymentRequest(ctx, sc, pr.TransactionID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		payer := func() *domain.ShippingAddress {
			return &domain.ShippingAddress{FirstName: " Zoë ", LastName: "Müller", AddressLine1: " Hauptstraße 5 ", AddressLine2: "3. OG",
				City: "Berlin", State: "", Zip: "10115", Country: "de"}
		}
		want := domain.ShippingAddress{FirstName: "Zoë", LastName: "Müller", AddressLine1: "Hauptstraße 5", AddressLine2: "3. OG",
			City: "Berlin", Zip: "10115", Country: "DE"}
		// stored checks the request's address and that no payer's address
		// is left waiting.
		stored := func(t *testing.T, pr domain.PaymentRequest, want *domain.ShippingAddress) {
			t.Helper()
			got := reread(t, pr)
			if (got.ShippingAddress == nil) != (want == nil) || (want != nil && *got.ShippingAddress != *want) {
				t.Fatalf("shipping_address %+v, want %+v", got.ShippingAddress, want)
			}
			if len(got.PayerShipping) != 0 {
				t.Fatalf("addresses left waiting: %+v", got.PayerShipping)
			}
		}

		t.Run("refused fields", func(t *testing.T) {
			pr := request(t, true, merchantAddress)
			for _, tc := range []struct {
				name   string
				edit   func(a *domain.ShippingAddress)
				param  string
				reason string
				words  string
			}{
				{"no street", func(a *domain.ShippingAddress) { a.AddressLine1 = "  " }, "shipping_address[address_line_1]", "parameter_missing", "street address"},
				{"no city", func(a *domain.ShippingAddress) { a.City = "" }, "shipping_address[city]", "parameter_missing", "city"},
				{"no postal code", func(a *domain.ShippingAddress) { a.Zip = "" }, "shipping_address[zip]", "parameter_missing", "postal code"},
				{"no country", func(a *domain.ShippingAddress) { a.Country = "" }, "shipping_address[country]", "parameter_missing", "country"},
				{"a country name", func(a *domain.ShippingAddress) { a.Country = "Germany" }, "shipping_address[country]", "parameter_invalid", "two-letter"},
				{"three letters", func(a *domain.ShippingAddress) { a.Country = "DEU" }, "shipping_address[country]", "parameter_invalid", "two-letter"},
				{"no such country", func(a *domain.ShippingAddress) { a.Country = "ZZ" }, "shipping_address[country]", "parameter_invalid", "two-letter"},
				{"user-assigned code", func(a *domain.ShippingAddress) { a.Country = "XK" }, "shipping_address[country]", "parameter_invalid", "two-letter"},
				{"digits", func(a *domain.ShippingAddress) { a.Country = "D1" }, "shipping_address[country]", "parameter_invalid", "two-letter"},
				{"long street", func(a *domain.ShippingAddress) { a.AddressLine1 = strings.Repeat("é", 201) }, "shipping_address[address_line_1]", "parameter_invalid", "longer than 200"},
				{"long postal code", func(a *domain.ShippingAddress) { a.Zip = strings.Repeat("1", 21) }, "shipping_address[zip]", "parameter_invalid", "longer than 20"},
				{"long name", func(a *domain.ShippingAddress) { a.LastName = strings.Repeat("x", 101) }, "shipping_address[last_name]", "parameter_invalid", "longer than 100"},
				{"a line break", func(a *domain.ShippingAddress) { a.City = "Ber\nlin" }, "shipping_address[city]", "parameter_invalid", "cannot be printed"},
				{"bad UTF-8", func(a *domain.ShippingAddress) { a.State = "\xff" }, "shipping_address[state]", "parameter_invalid", "cannot be printed"},
				{"bad email", func(a *domain.ShippingAddress) { a.Email = "not an address" }, "shipping_address[email]", "parameter_invalid", "email address"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					a := payer()
					tc.edit(a)
					_, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, a)
					de := domain.AsError(err)
					if de.Code != domain.CodeInvalid || de.Param != tc.param || de.Reason != tc.reason || !strings.Contains(de.Message, tc.words) {
						t.Fatalf("got %+v, want %s %s mentioning %q", de, tc.param, tc.reason, tc.words)
					}
				})
			}
			_, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, nil)
			if de := domain.AsError(err); de.Code != domain.CodeInvalid || de.Param != "shipping_address" {
				t.Fatalf("no address: %+v", de)
			}
			// Nothing was written: no payment, the merchant's address as it was.
			if n, err := f.PaymentAttempts(ctx, pr.ID, time.Now().Add(-time.Hour)); err != nil || n != 0 {
				t.Fatalf("%d payments recorded (%v)", n, err)
			}
			stored(t, pr, merchantAddress)
		})

		t.Run("declined, then paid", func(t *testing.T) {
			pr := request(t, true, merchantAddress)
			p, err := f.PayPaymentRequest(ctx, pr.ID, *card("4000000000000002"), 0, payer())
			if domain.ErrorCode(err) != domain.CodeCard || p.Status != domain.StatusFailed {
				t.Fatalf("decline: %s %v", p.Status, err)
			}
			stored(t, pr, merchantAddress) // a declined payment changes no address
			p, err = f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, payer())
			if err != nil || p.Status != domain.StatusSucceeded {
				t.Fatalf("pay: %s %v", p.Status, err)
			}
			// The payer's address replaces the merchant's, whose e-mail and
			// mobile number stay: the payer gave neither.
			withContact := want
			withContact.Email, withContact.MobileNo = merchantAddress.Email, merchantAddress.MobileNo
			stored(t, pr, &withContact)
			if got := reread(t, pr); got.Status != "paid" || got.PaymentID != p.ID {
				t.Fatalf("request %s paid by %s", got.Status, got.PaymentID)
			}
		})

		t.Run("payer's own e-mail", func(t *testing.T) {
			pr := request(t, true, merchantAddress)
			a := payer()
			a.Email = "zoe@example.de"
			if _, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, a); err != nil {
				t.Fatal(err)
			}
			// The contact details go together: none of the merchant's stays.
			withEmail := want
			withEmail.Email = "zoe@example.de"
			stored(t, pr, &withEmail)
		})

		t.Run("answer lost, then reconciled", func(t *testing.T) {
			pr := request(t, true, nil)
			f.inject(domain.OpAuthorize, sandbox.FaultLost)
			defer f.fault.Store(nil)
			p, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, payer())
			if err != nil || p.Status != domain.StatusProcessing {
				t.Fatalf("under fault: %s %v", p.Status, err)
			}
			// The address waits with the payment; the request has none yet.
			if got := reread(t, pr); got.ShippingAddress != nil || got.PayerShipping[p.ID] != want {
				t.Fatalf("while processing: %+v, waiting %+v", got.ShippingAddress, got.PayerShipping)
			}
			f.fault.Store(nil)
			if err := f.Reconcile(ctx, sc, domain.ReconcileArgs{Object: p.ObjectID(), Op: domain.OpAuthorize}, false); err != nil {
				t.Fatal(err)
			}
			stored(t, pr, &want)
		})

		t.Run("3-D Secure", func(t *testing.T) {
			pr := request(t, true, nil)
			other := payer()
			other.City, other.Zip = "Hamburg", "20095"
			a, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, other)
			if err != nil || a.Status != domain.StatusRequiresAction {
				t.Fatalf("first payer: %s %v", a.Status, err)
			}
			b, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateOnSession), 0, payer())
			if err != nil || b.Status != domain.StatusRequiresAction {
				t.Fatalf("second payer: %s %v", b.Status, err)
			}
			if got := reread(t, pr); got.ShippingAddress != nil || len(got.PayerShipping) != 2 {
				t.Fatalf("waiting for the challenges: %+v, %d waiting", got.ShippingAddress, len(got.PayerShipping))
			}
			if got, err := f.AuthenticatePayment(ctx, b.ID, true); err != nil || got.Status != domain.StatusSucceeded {
				t.Fatalf("second payer passes: %s %v", got.Status, err)
			}
			stored(t, pr, &want)
			// The first payer's late answer is refused, and the address stays
			// the one given with the payment that paid the request.
			if _, err := f.AuthenticatePayment(ctx, a.ID, true); domain.AsError(err).Reason != "payment_request_paid" {
				t.Fatalf("first payer passes late: %v", err)
			}
			stored(t, pr, &want)
		})

		t.Run("failed challenge", func(t *testing.T) {
			pr := request(t, true, merchantAddress)
			p, err := f.PayPaymentRequest(ctx, pr.ID, *card(sandbox.CardAuthenticateAlways), 0, payer())
			if err != nil || p.Status != domain.StatusRequiresAction {
				t.Fatalf("pay: %s %v", p.Status, err)
			}
			if got, _ := f.AuthenticatePayment(ctx, p.ID, false); got.Status != domain.StatusFailed {
				t.Fatalf("failed challenge: %s", got.Status)
			}
			stored(t, pr, merchantAddress)
		})

		t.Run("recurring, paid twice", func(t *testing.T) {
			pr, err := f.CreatePaymentRequest(ctx, sc, domain.PaymentRequestInput{RequestMethods: []string{"EMAIL"},
				Email: "payer@example.com", Amount: "15.00", Currency: "USD", FixedAmount: &fixed, PaymentType: "DB",
				ShippingEnabled: true, PaymentFrequency: "MONTHLY", PaymentStartDate: "2027-06-01T09:00:00Z",
				InitialPaymentAmount: "5.00", TotalNumberOfPayments: "3"})
			if err != nil {
				t.Fatal(err)
			}
			first, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, payer())
			if err != nil {
				t.Fatal(err)
			}
			// A second payer on the same link: the first payer's address
			// stays the request's.
			other := &domain.ShippingAddress{FirstName: "Bo", AddressLine1: "2 New Street", City: "Leeds", Zip: "LS1 1AA", Country: "GB"}
			if _, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, other); err != nil {
				t.Fatal(err)
			}
			stored(t, pr, &want)
			if got := reread(t, pr); got.PaymentID != first.ID {
				t.Fatalf("request paid by %s, want the first payment %s", got.PaymentID, first.ID)
			}
		})

		t.Run("without shipping_enabled", func(t *testing.T) {
			pr := request(t, false, nil)
			bad := payer()
			bad.Country = "Germany" // not even checked: the request ships nothing
			if p, err := f.PayPaymentRequest(ctx, pr.ID, *card("4242424242424242"), 0, bad); err != nil || p.Status != domain.StatusSucceeded {
				t.Fatalf("pay: %s %v", p.Status, err)
			}
			stored(t, pr, nil)
		})
		f.verifyClean(t)
	})
}

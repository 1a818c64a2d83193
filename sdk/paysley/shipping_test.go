package paysley_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/sdk/paysley"
)

// TestShippingAddress: a request's shipping address goes out with Create
// and comes back with Get; a request without one gets nil.
func TestShippingAddress(t *testing.T) {
	ctx := context.Background()
	c := newClient()
	addr := &paysley.ShippingAddress{FirstName: "Ann", LastName: "Lee", AddressLine1: "221B Baker Street", City: "London",
		Zip: "NW1 6XE", Country: "GB"}
	pr, err := c.PaymentRequests.Create(ctx, &paysley.PaymentRequestParams{RequestMethods: []string{"EMAIL"},
		Email: "customer@example.com", Amount: "25", Currency: "GBP", PaymentType: "DB", FixedAmount: new(true),
		ShippingEnabled: new(true), ShippingAddress: addr})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.PaymentRequests.Get(ctx, pr.TransactionID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ShippingAddress == nil || *got.ShippingAddress != *addr {
		t.Fatalf("shipping address %+v, want %+v", got.ShippingAddress, addr)
	}
	plain, err := c.PaymentRequests.Create(ctx, &paysley.PaymentRequestParams{RequestMethods: []string{"EMAIL"},
		Email: "customer@example.com", Amount: "25", Currency: "GBP", PaymentType: "DB", FixedAmount: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err = c.PaymentRequests.Get(ctx, plain.TransactionID); err != nil || got.ShippingAddress != nil {
		t.Fatalf("a request without an address: %+v (%v)", got.ShippingAddress, err)
	}
}

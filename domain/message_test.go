package domain

import (
	"testing"
	"time"
)

// invoiceChanged says which edits change what the customer pays or by when;
// the rest (reference, names, redirects) do not send the invoice again.
func TestInvoiceChanged(t *testing.T) {
	t.Parallel()
	usd, _ := LookupCurrency("USD")
	eur, _ := LookupCurrency("EUR")
	due := time.Date(2099, 1, 2, 3, 4, 0, 0, time.UTC)
	three := int64(3)
	base := func() PaymentRequest {
		d := due
		return PaymentRequest{Amount: 1000, AmountDue: 1070, Currency: usd, FixedAmount: true, TaxAmount: 70,
			ExpiresAt: &d, ReferenceNumber: "R-1", CustomerFirstName: "Jane", Frequency: FrequencyOnce,
			CartItems: []CartItem{{Name: "Tea", Qty: 2, SalesPrice: 500}}}
	}
	for _, c := range []struct {
		name string
		edit func(*PaymentRequest)
		want bool
	}{
		{"nothing", func(*PaymentRequest) {}, false},
		{"reference and name", func(p *PaymentRequest) { p.ReferenceNumber, p.CustomerFirstName = "R-2", "Joan" }, false},
		{"redirect", func(p *PaymentRequest) { p.RedirectURL = "https://example.com/done" }, false},
		{"the same due date in another zone", func(p *PaymentRequest) { d := due.In(time.FixedZone("X", 3600)); p.ExpiresAt = &d }, false},
		{"amount", func(p *PaymentRequest) { p.Amount, p.AmountDue = 1200, 1270 }, true},
		{"currency", func(p *PaymentRequest) { p.Currency = eur }, true},
		{"open amount", func(p *PaymentRequest) { p.FixedAmount = false }, true},
		{"tax", func(p *PaymentRequest) { p.TaxAmount = 80 }, true},
		{"shipping", func(p *PaymentRequest) { p.ShippingCharges = 500 }, true},
		{"cart quantity", func(p *PaymentRequest) { p.CartItems[0].Qty = 3 }, true},
		{"cart item added", func(p *PaymentRequest) { p.CartItems = append(p.CartItems, CartItem{Name: "Cake", Qty: 1}) }, true},
		{"due date", func(p *PaymentRequest) { d := due.Add(time.Hour); p.ExpiresAt = &d }, true},
		{"due date removed", func(p *PaymentRequest) { p.ExpiresAt = nil }, true},
		{"schedule", func(p *PaymentRequest) { p.Frequency, p.TotalNumberOfPayments = FrequencyMonthly, &three }, true},
		{"invoice file", func(p *PaymentRequest) { p.InvoiceURL = "https://example.com/inv.pdf" }, true},
	} {
		old, edited := base(), base()
		c.edit(&edited)
		if got := invoiceChanged(old, edited); got != c.want {
			t.Errorf("%s: invoiceChanged = %v, want %v", c.name, got, c.want)
		}
	}
}

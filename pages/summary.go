package pages

import (
	"strconv"

	"github.com/paysmart/paysmart/domain"
)

// summary is what a payment request asks for, line by line, as the payment
// page and the invoice show it. The request's own amounts are shown as they
// are stored: the engine computed them, the pages only format them.
type summary struct {
	Items []itemLine
	Rows  []sumRow // subtotal, taxes, shipping
	// Mismatch, when set, says that the cart lines do not add up to the
	// amount asked (see docs/decisions.md): the amount asked is what is due.
	Mismatch string
	Due      sumRow
}

type itemLine struct {
	Name, Detail, Total string
	Amount              int64
}

type sumRow struct {
	Label, Text string
	Amount      int64
}

func buildSummary(pr domain.PaymentRequest) summary {
	cur := pr.Currency
	var s summary
	var lines int64
	taxes := map[string]int64{}
	var taxOrder []string
	for _, ci := range pr.CartItems {
		total := ci.Qty * ci.SalesPrice
		lines += total
		detail := strconv.FormatInt(ci.Qty, 10) + " × " + money(ci.SalesPrice, cur)
		if ci.Unit != "" {
			detail += " / " + ci.Unit
		}
		s.Items = append(s.Items, itemLine{Name: ci.Name, Detail: detail, Total: money(total, cur), Amount: total})
		if ci.Tax != 0 {
			name := ci.TaxName
			if name == "" {
				name = "Tax"
			}
			if _, ok := taxes[name]; !ok {
				taxOrder = append(taxOrder, name)
			}
			taxes[name] += ci.Tax
		}
	}
	row := func(label string, v int64) sumRow { return sumRow{Label: label, Text: money(v, cur), Amount: v} }
	switch {
	case len(pr.CartItems) == 0:
		s.Rows = append(s.Rows, row("Amount", pr.Amount))
	case lines == pr.Amount:
		s.Rows = append(s.Rows, row("Subtotal", pr.Amount))
	default:
		s.Rows = append(s.Rows, row("Amount requested", pr.Amount))
		s.Mismatch = "The items listed add up to " + money(lines, cur) + "; the amount requested is " +
			money(pr.Amount, cur) + ", and that is what is charged (with the taxes and shipping below)."
	}
	for _, name := range taxOrder {
		s.Rows = append(s.Rows, row(name, taxes[name]))
	}
	if pr.TaxAmount != 0 {
		s.Rows = append(s.Rows, row("Tax", pr.TaxAmount))
	}
	if pr.ShippingCharges != 0 {
		s.Rows = append(s.Rows, row("Shipping", pr.ShippingCharges))
	}
	if pr.ShippingTax != 0 {
		s.Rows = append(s.Rows, row("Shipping tax", pr.ShippingTax))
	}
	s.Due = row("Total due", pr.AmountDue)
	return s
}

package domain

import (
	"context"
	"strings"
	"time"
)

// The kinds of tax profile, as Paysley's cart items spell tax_type.
const (
	TaxPercentage  = "percentage"
	TaxFixedAmount = "fixed_amount"
)

// Tax is a merchant's tax profile, named by products and payment requests
// through its opaque ID. A percentage tax adds Rate percent of an amount; a
// fixed tax adds Amount.
type Tax struct {
	ID         string // "tax_" + 24 base62 characters
	MerchantID string
	Livemode   bool
	Name       string
	Type       string // TaxPercentage or TaxFixedAmount
	Rate       int64  // percentage taxes: ten-thousandths of a percent, 75000 is 7.5%; else 0
	Amount     int64  // fixed taxes: hundredths of the payment's currency unit; else 0
	Created    time.Time
	Updated    time.Time
}

// Value renders the tax's number as short as exact: the rate in percent
// ("7.5") or the fixed amount ("5"), as Paysley's tax_value shows it.
func (t Tax) Value() string {
	if t.Type == TaxFixedAmount {
		return FormatHundredthsTrim(t.Amount)
	}
	return FormatRate(t.Rate)
}

// TaxInput is a create or update; nil fields are left as they are. Rate and
// Amount are exact decimal text: Rate in percent with at most 4 decimals,
// Amount with at most 2. Changing Type resets the value of the other type.
type TaxInput struct {
	Name, Type, Rate, Amount *string
}

func (in TaxInput) apply(t *Tax) error {
	if in.Name != nil {
		t.Name = *in.Name
	}
	if err := checkText(&t.Name, "name", maxNameLen); err != nil {
		return err
	}
	if t.Name == "" {
		return Missing("name")
	}
	oldType := t.Type
	if in.Type != nil {
		t.Type = strings.ToLower(strings.TrimSpace(*in.Type))
	}
	switch t.Type {
	case "":
		return Missing("type")
	case TaxPercentage, TaxFixedAmount:
	default:
		return Invalid("type", "parameter_invalid", "type must be percentage or fixed_amount.")
	}
	changed := t.Type != oldType
	if t.Type == TaxPercentage {
		if in.Amount != nil && strings.TrimSpace(*in.Amount) != "" {
			return Invalid("amount", "parameter_invalid", "amount is only for fixed_amount taxes; a percentage tax has a rate.")
		}
		t.Amount = 0
		if in.Rate == nil {
			if changed {
				return Missing("rate")
			}
			return nil
		}
		r, err := parseFixed(*in.Rate, "rate", rateExponent)
		if err != nil {
			return err
		}
		if r > maxRate {
			return Invalid("rate", "parameter_invalid", "rate is a percentage from 0 to 100.")
		}
		t.Rate = r
		return nil
	}
	if in.Rate != nil && strings.TrimSpace(*in.Rate) != "" {
		return Invalid("rate", "parameter_invalid", "rate is only for percentage taxes; a fixed_amount tax has an amount.")
	}
	t.Rate = 0
	if in.Amount == nil {
		if changed {
			return Missing("amount")
		}
		return nil
	}
	a, err := parseFixed(*in.Amount, "amount", hundredthsExponent)
	if err != nil {
		return err
	}
	t.Amount = a
	return nil
}

// CreateTax creates a tax profile. Errors: CodeInvalid (name, type, rate, amount).
func (e *Engine) CreateTax(ctx context.Context, s Scope, in TaxInput) (Tax, error) {
	now := e.now()
	t := Tax{ID: NewID("tax"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&t); err != nil {
		return Tax{}, err
	}
	err := e.tx(ctx, func(tx Tx) error { return tx.InsertTax(ctx, t) })
	return t, err
}

// GetTax returns a tax profile by id; payment requests call it to price
// their tax_id. Errors: CodeNotFound.
func (e *Engine) GetTax(ctx context.Context, s Scope, id string) (Tax, error) {
	var t Tax
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { t, err = tx.GetTax(ctx, s, id, false); return err })
	return t, err
}

// UpdateTax changes a tax profile; products using it see the change.
// Errors: CodeNotFound, CodeInvalid.
func (e *Engine) UpdateTax(ctx context.Context, s Scope, id string, in TaxInput) (Tax, error) {
	now := e.now()
	var t Tax
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.GetTax(ctx, s, id, true); err != nil {
			return err
		}
		if err := in.apply(&t); err != nil {
			return err
		}
		t.Updated = now
		return tx.UpdateTax(ctx, t)
	})
	return t, err
}

// DeleteTax deletes a tax profile that no product uses, so that no price
// silently loses its tax. Errors: CodeNotFound, CodeState (Reason "tax_in_use").
func (e *Engine) DeleteTax(ctx context.Context, s Scope, id string) (Tax, error) {
	var t Tax
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.GetTax(ctx, s, id, true); err != nil {
			return err
		}
		n, err := tx.CountProducts(ctx, s, 0, id)
		if err != nil {
			return err
		}
		if n > 0 {
			inUse := StateError("tax_in_use", "Tax is still used by products.")
			inUse.Param = "tax"
			return inUse
		}
		return tx.DeleteTax(ctx, s, id)
	})
	return t, err
}

// ListTaxes returns a page of tax profiles; Keywords match the name.
func (e *Engine) ListTaxes(ctx context.Context, s Scope, p ListParams) (Page[Tax], error) {
	var out Page[Tax]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListTaxes(ctx, s, p); return err })
	return out, err
}

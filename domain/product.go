package domain

import (
	"context"
	"strings"
	"time"
)

// The kinds of catalog item.
const (
	ProductTypeProduct = "product"
	ProductTypeService = "service"
)

// The units a product or service is priced in.
const (
	UnitFlatRate = "flat-rate"
	UnitPerHour  = "per-hour"
	UnitPerItem  = "per-item"
)

// Product is an item of a merchant's catalog: a product or a service.
// Paysley names products by Number. Prices carry no currency: a product is
// sold in the currency of the payment request that lists it.
type Product struct {
	ID              string
	Number          int64
	MerchantID      string
	Livemode        bool
	Name            string // unique in its scope, compared by NameKey
	Description     string
	SKU             string
	CategoryNumber  int64
	Type            string // ProductTypeProduct or ProductTypeService
	ManageInventory bool
	UnitInStock     int64
	UnitLowStock    int64
	UnitType        string // UnitFlatRate, UnitPerHour or UnitPerItem
	TaxID           string // tax profile, "" when none
	Cost            int64  // hundredths: 150 is 1.50
	SalesPrice      int64  // hundredths
	Image           string // path or URL of the product's picture, as the merchant gave it
	Created         time.Time
	Updated         time.Time

	// Filled by reads, for lists that show them: the category's name and the
	// tax profile (nil when none).
	CategoryName string
	Tax          *Tax

	// Warnings are set by create and edit: references that were ignored.
	Warnings []Warning
}

// ProductInput is a create or update; nil fields are left as they are. Cost
// and SalesPrice are exact decimal text with at most two decimals; a TaxID
// of "" removes the tax.
type ProductInput struct {
	Name, Description, SKU, Type, UnitType, TaxID, Image *string
	CategoryNumber                                       *int64
	ManageInventory                                      *bool
	UnitInStock, UnitLowStock                            *int64
	Cost, SalesPrice                                     *string
}

func (in ProductInput) apply(p *Product) error {
	for _, f := range []struct {
		src   *string
		dst   *string
		param string
		max   int
	}{
		{in.Name, &p.Name, "name", maxNameLen},
		{in.Description, &p.Description, "description", maxDescriptionLen},
		{in.SKU, &p.SKU, "sku", maxNameLen},
		{in.Image, &p.Image, "image", 2048},
		{in.TaxID, &p.TaxID, "tax", maxNameLen},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
		if err := checkText(f.dst, f.param, f.max); err != nil {
			return err
		}
	}
	if p.Name == "" {
		return Missing("name")
	}
	if in.Type != nil {
		p.Type = strings.ToLower(strings.TrimSpace(*in.Type))
	}
	switch p.Type {
	case "":
		return Missing("type")
	case ProductTypeProduct, ProductTypeService:
	default:
		return Invalid("type", "parameter_invalid", "type must be product or service.")
	}
	if in.UnitType != nil {
		p.UnitType = strings.ToLower(strings.TrimSpace(*in.UnitType))
	}
	switch p.UnitType {
	case "":
		p.UnitType = UnitFlatRate
	case UnitFlatRate, UnitPerHour, UnitPerItem:
	default:
		return Invalid("unit_type", "parameter_invalid", "unit_type must be flat-rate, per-hour or per-item.")
	}
	if in.CategoryNumber != nil {
		if *in.CategoryNumber == 0 {
			return Missing("category")
		}
		p.CategoryNumber = *in.CategoryNumber
	}
	if in.ManageInventory != nil {
		p.ManageInventory = *in.ManageInventory
	}
	for _, f := range []struct {
		src   *int64
		dst   *int64
		param string
	}{{in.UnitInStock, &p.UnitInStock, "unit_in_stock"}, {in.UnitLowStock, &p.UnitLowStock, "unit_low_stock"}} {
		if f.src == nil {
			continue
		}
		if *f.src < 0 || *f.src > MaxMinorAmount {
			return Invalid(f.param, "parameter_invalid", "%s must be a whole number from 0 to %d.", f.param, MaxMinorAmount)
		}
		*f.dst = *f.src
	}
	for _, f := range []struct {
		src   *string
		dst   *int64
		param string
	}{{in.Cost, &p.Cost, "cost"}, {in.SalesPrice, &p.SalesPrice, "sales_price"}} {
		if f.src == nil {
			continue
		}
		v, err := parseFixed(*f.src, f.param, hundredthsExponent)
		if err != nil {
			return err
		}
		*f.dst = v
	}
	return nil
}

// checkProductRefs checks, in tx, that the product's category exists in the
// scope, and drops a tax profile that does not. Their rows stay locked so that a delete of
// either cannot slip between this check and the write.
func checkProductRefs(ctx context.Context, tx Tx, s Scope, p *Product) error {
	p.CategoryName = ""
	// A product whose category was deleted has none (0) until an edit
	// gives it one; a create always names one.
	if p.CategoryNumber != 0 {
		c, err := tx.GetCategory(ctx, s, p.CategoryNumber, true)
		if ErrorCode(err) == CodeNotFound {
			return Invalid("category", "resource_missing", "No such category: %d.", p.CategoryNumber)
		}
		if err != nil {
			return err
		}
		p.CategoryName = c.Name
	}
	p.Tax, p.Warnings = nil, nil
	if p.TaxID == "" {
		return nil
	}
	t, err := tx.GetTax(ctx, s, p.TaxID, true)
	if ErrorCode(err) == CodeNotFound {
		// As a payment request's: a tax profile that does not exist is no
		// tax (the document's samples send "1" and 1).
		p.TaxID, p.Warnings = "", []Warning{{Param: "tax", Reason: WarnTaxNotFound}}
		return nil
	}
	if err != nil {
		return err
	}
	p.Tax = &t
	return nil
}

// productNameTaken turns the store's unique violation into the caller's error.
func productNameTaken(err error) error {
	if ErrorCode(err) == CodeConflict {
		return &Error{Code: CodeConflict, Reason: "name_taken", Param: "name",
			Message: "Product or service name already exists.", Err: err}
	}
	return err
}

// CreateProduct creates a product or service; Name, Type, CategoryNumber and
// SalesPrice are required. Errors: CodeInvalid (a field; Reason
// "resource_missing" for an unknown category), CodeConflict (a product of
// the scope has the name, in any case). An unknown tax is no tax, with a
// warning.
func (e *Engine) CreateProduct(ctx context.Context, s Scope, in ProductInput) (Product, error) {
	switch {
	case in.Name == nil:
		return Product{}, Missing("name")
	case in.CategoryNumber == nil:
		return Product{}, Missing("category")
	case in.Type == nil:
		return Product{}, Missing("type")
	case in.SalesPrice == nil:
		return Product{}, Missing("sales_price")
	}
	now := e.now()
	p := Product{ID: NewID("prod"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&p); err != nil {
		return Product{}, err
	}
	err := e.tx(ctx, func(tx Tx) error {
		if err := checkProductRefs(ctx, tx, s, &p); err != nil {
			return err
		}
		n, err := tx.InsertProduct(ctx, p)
		p.Number = n
		return productNameTaken(err)
	})
	return p, err
}

// GetProduct returns a product by number. Errors: CodeNotFound.
func (e *Engine) GetProduct(ctx context.Context, s Scope, number int64) (Product, error) {
	var p Product
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetProduct(ctx, s, number, false); return err })
	return p, err
}

// UpdateProduct changes a product. Errors: CodeNotFound, and those of CreateProduct.
func (e *Engine) UpdateProduct(ctx context.Context, s Scope, number int64, in ProductInput) (Product, error) {
	now := e.now()
	var p Product
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetProduct(ctx, s, number, true); err != nil {
			return err
		}
		if err := in.apply(&p); err != nil {
			return err
		}
		if err := checkProductRefs(ctx, tx, s, &p); err != nil {
			return err
		}
		p.Updated = now
		return productNameTaken(tx.UpdateProduct(ctx, p))
	})
	return p, err
}

// DeleteProduct deletes a product. Payment requests keep their own copy of
// the items they list. Errors: CodeNotFound.
func (e *Engine) DeleteProduct(ctx context.Context, s Scope, number int64) (Product, error) {
	var p Product
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetProduct(ctx, s, number, true); err != nil {
			return err
		}
		return tx.DeleteProduct(ctx, s, number)
	})
	return p, err
}

// ListProducts returns a page of products with their category names and tax
// profiles. Keywords match the name, the category's name and the type;
// ListParams.Type filters by type.
func (e *Engine) ListProducts(ctx context.Context, s Scope, p ListParams) (Page[Product], error) {
	var out Page[Product]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListProducts(ctx, s, p); return err })
	return out, err
}

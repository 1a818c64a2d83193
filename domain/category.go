package domain

import (
	"context"
	"time"
)

// Category groups a merchant's products and services. Paysley names
// categories by Number. Names need not be unique.
type Category struct {
	ID         string
	Number     int64
	MerchantID string
	Livemode   bool
	Name       string
	Created    time.Time
	Updated    time.Time
}

// CategoryInput is a create or update; a nil Name is left as it is.
type CategoryInput struct {
	Name *string
}

func (in CategoryInput) apply(c *Category) error {
	if in.Name != nil {
		c.Name = *in.Name
	}
	if err := checkText(&c.Name, "name", maxNameLen); err != nil {
		return err
	}
	if c.Name == "" {
		return Missing("name")
	}
	return nil
}

// CreateCategory creates a category. Errors: CodeInvalid (name).
func (e *Engine) CreateCategory(ctx context.Context, s Scope, in CategoryInput) (Category, error) {
	now := e.now()
	c := Category{ID: NewID("pcat"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&c); err != nil {
		return Category{}, err
	}
	err := e.tx(ctx, func(tx Tx) (err error) { c.Number, err = tx.InsertCategory(ctx, c); return err })
	return c, err
}

// GetCategory returns a category by number. Errors: CodeNotFound.
func (e *Engine) GetCategory(ctx context.Context, s Scope, number int64) (Category, error) {
	var c Category
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { c, err = tx.GetCategory(ctx, s, number, false); return err })
	return c, err
}

// UpdateCategory renames a category. Errors: CodeNotFound, CodeInvalid (name).
func (e *Engine) UpdateCategory(ctx context.Context, s Scope, number int64, in CategoryInput) (Category, error) {
	now := e.now()
	var c Category
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetCategory(ctx, s, number, true); err != nil {
			return err
		}
		if err := in.apply(&c); err != nil {
			return err
		}
		c.Updated = now
		return tx.UpdateCategory(ctx, c)
	})
	return c, err
}

// DeleteCategory deletes a category; its products are left without one, in
// the same transaction (the document shows the delete succeed, whatever uses
// the category). Errors: CodeNotFound.
func (e *Engine) DeleteCategory(ctx context.Context, s Scope, number int64) (Category, error) {
	var c Category
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		// The row lock makes a concurrent product insert into this category
		// wait for the delete (and then find no category), or the delete wait
		// for it (and then uncategorize it too).
		if c, err = tx.GetCategory(ctx, s, number, true); err != nil {
			return err
		}
		if err := tx.UncategorizeProducts(ctx, s, number); err != nil {
			return err
		}
		return tx.DeleteCategory(ctx, s, number)
	})
	return c, err
}

// ListCategories returns a page of categories; Keywords match the name.
func (e *Engine) ListCategories(ctx context.Context, s Scope, p ListParams) (Page[Category], error) {
	var out Page[Category]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListCategories(ctx, s, p); return err })
	return out, err
}

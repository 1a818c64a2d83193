package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// CustomerGroup is a named set of a merchant's customers; a customer is in
// at most one group (Customer.GroupNumber). Paysley names groups by Number.
type CustomerGroup struct {
	ID          string
	Number      int64
	MerchantID  string
	Livemode    bool
	Name        string // unique in its scope, compared by NameKey
	Description string
	Created     time.Time
	Updated     time.Time
}

// CustomerGroupInput is a create or update; nil fields are left as they are.
type CustomerGroupInput struct {
	Name, Description *string
}

// maxNameLen bounds the names and short texts of catalog objects, in characters.
const maxNameLen = 255

// maxDescriptionLen bounds descriptions, in characters.
const maxDescriptionLen = 5000

// NameKey is the form of a name that uniqueness compares: names that differ
// only in letter case or surrounding spaces are the same name.
func NameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// checkText trims *dst in place and refuses it when longer than max characters.
func checkText(dst *string, param string, max int) error {
	*dst = strings.TrimSpace(*dst)
	if utf8.RuneCountInString(*dst) > max {
		return Invalid(param, "parameter_too_long", "%s can be at most %d characters.", param, max)
	}
	return nil
}

func (in CustomerGroupInput) apply(g *CustomerGroup) error {
	if in.Name != nil {
		g.Name = *in.Name
	}
	if in.Description != nil {
		g.Description = *in.Description
	}
	if err := checkText(&g.Name, "name", maxNameLen); err != nil {
		return err
	}
	if g.Name == "" {
		return Missing("name")
	}
	return checkText(&g.Description, "description", maxDescriptionLen)
}

// groupNameTaken turns the store's unique violation into the caller's error.
func groupNameTaken(err error) error {
	if ErrorCode(err) == CodeConflict {
		return &Error{Code: CodeConflict, Reason: "name_taken", Param: "name", Message: "Group name already exists.", Err: err}
	}
	return err
}

// CreateCustomerGroup creates a group. Errors: CodeInvalid (name missing or
// too long), CodeConflict (a group of the scope has the name, in any case).
func (e *Engine) CreateCustomerGroup(ctx context.Context, s Scope, in CustomerGroupInput) (CustomerGroup, error) {
	now := e.now()
	g := CustomerGroup{ID: NewID("cgrp"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&g); err != nil {
		return CustomerGroup{}, err
	}
	err := e.tx(ctx, func(tx Tx) error {
		n, err := tx.InsertCustomerGroup(ctx, g)
		g.Number = n
		return groupNameTaken(err)
	})
	return g, err
}

// GetCustomerGroup returns a group by number. Errors: CodeNotFound.
func (e *Engine) GetCustomerGroup(ctx context.Context, s Scope, number int64) (CustomerGroup, error) {
	var g CustomerGroup
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { g, err = tx.GetCustomerGroup(ctx, s, number, false); return err })
	return g, err
}

// UpdateCustomerGroup changes a group. Errors: CodeNotFound, CodeInvalid,
// CodeConflict (as CreateCustomerGroup).
func (e *Engine) UpdateCustomerGroup(ctx context.Context, s Scope, number int64, in CustomerGroupInput) (CustomerGroup, error) {
	now := e.now()
	var g CustomerGroup
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if g, err = tx.GetCustomerGroup(ctx, s, number, true); err != nil {
			return err
		}
		if err := in.apply(&g); err != nil {
			return err
		}
		g.Updated = now
		return groupNameTaken(tx.UpdateCustomerGroup(ctx, g))
	})
	return g, err
}

// DeleteCustomerGroup deletes a group. Its customers stay, without a group:
// they are moved out in the same transaction, so no customer ever points at
// a group that is gone. Errors: CodeNotFound.
func (e *Engine) DeleteCustomerGroup(ctx context.Context, s Scope, number int64) (CustomerGroup, error) {
	now := e.now()
	var g CustomerGroup
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if g, err = tx.GetCustomerGroup(ctx, s, number, true); err != nil {
			return err
		}
		if err := tx.UngroupCustomers(ctx, s, number, now); err != nil {
			return err
		}
		return tx.DeleteCustomerGroup(ctx, s, number)
	})
	return g, err
}

// ListCustomerGroups returns a page of groups; Keywords match the name.
func (e *Engine) ListCustomerGroups(ctx context.Context, s Scope, p ListParams) (Page[CustomerGroup], error) {
	var out Page[CustomerGroup]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListCustomerGroups(ctx, s, p); return err })
	return out, err
}

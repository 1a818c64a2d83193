package domain

import (
	"context"
	"strings"
	"time"
)

// ApplicationStatus is where an application stands in its developer's hands.
type ApplicationStatus string

// The application statuses. A draft is in development: only its test key
// works. A published application may act in production for the merchant it
// is connected with, once that merchant enables it.
const (
	AppDraft     ApplicationStatus = "draft"
	AppPublished ApplicationStatus = "published"
)

// Application is a Paysley platform application: a developer's integration
// connected with one merchant, with its own py_test_ and py_live_ keys (the
// Paysley document's production mode needs "an application connected to a
// merchant, Published, and enabled by that merchant").
type Application struct {
	ID         string // "app_" + 24 base62 characters
	MerchantID string
	Name       string
	Status     ApplicationStatus
	Enabled    bool // by the connected merchant
	Created    time.Time
	Updated    time.Time
}

// Live reports whether the application's live key may act for its merchant:
// published by its developer and enabled by the merchant.
func (a Application) Live() bool { return a.Status == AppPublished && a.Enabled }

// CreateApplication registers an application connected with a merchant, as a
// draft and not enabled, and returns it with its two keys ("py_test",
// "py_live"), shown only this once. Errors: CodeInvalid (name), CodeNotFound
// (merchant).
func (e *Engine) CreateApplication(ctx context.Context, merchantID, name string) (Application, KeySet, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Application{}, nil, Missing("name")
	}
	if len(name) > 200 {
		return Application{}, nil, Invalid("name", "parameter_invalid", "The name is longer than 200 characters.")
	}
	now := e.now()
	a := Application{ID: NewID("app"), MerchantID: merchantID, Name: name, Status: AppDraft, Created: now, Updated: now}
	keys := KeySet{}
	err := e.tx(ctx, func(tx Tx) error {
		if _, err := tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		if err := tx.InsertApplication(ctx, a); err != nil {
			return err
		}
		for _, live := range []bool{false, true} {
			nk, err := e.insertKey(ctx, tx, APIKey{MerchantID: merchantID, Kind: KeyPaysley, Livemode: live, ApplicationID: a.ID},
				now, "created with application "+a.ID)
			if err != nil {
				return err
			}
			keys[strings.TrimSuffix(KeyPrefix(KeyPaysley, live), "_")] = nk.Secret
		}
		return nil
	})
	if err != nil {
		return Application{}, nil, err
	}
	return a, keys, nil
}

// GetApplication returns an application. Errors: CodeNotFound.
func (e *Engine) GetApplication(ctx context.Context, id string) (Application, error) {
	var a Application
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { a, err = tx.GetApplication(ctx, id, false); return err })
	return a, err
}

// ListApplications returns the applications connected with a merchant,
// oldest first. Errors: CodeNotFound (merchant).
func (e *Engine) ListApplications(ctx context.Context, merchantID string) ([]Application, error) {
	var out []Application
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		if _, err := tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		var err error
		out, err = tx.ListApplications(ctx, merchantID)
		return err
	})
	return out, err
}

// PublishApplication moves an application from draft to published, its
// developer's step; publishing again changes nothing. Its live key still
// waits for the merchant to enable it. Errors: CodeNotFound.
func (e *Engine) PublishApplication(ctx context.Context, id string) (Application, error) {
	return e.changeApplication(ctx, id, func(a *Application) { a.Status = AppPublished })
}

// SetApplicationEnabled is the connected merchant's switch: enabled, a
// published application's live key acts for the merchant; disabled, it is
// refused (Paysley's 403). It takes effect at once on this node and within
// KeyCacheTTL on the others. Errors: CodeNotFound.
func (e *Engine) SetApplicationEnabled(ctx context.Context, id string, enabled bool) (Application, error) {
	return e.changeApplication(ctx, id, func(a *Application) { a.Enabled = enabled })
}

func (e *Engine) changeApplication(ctx context.Context, id string, change func(*Application)) (Application, error) {
	now := e.now()
	var a Application
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if a, err = tx.GetApplication(ctx, id, true); err != nil {
			return err
		}
		before := a
		change(&a)
		if a == before {
			return nil
		}
		a.Updated = now
		return tx.UpdateApplication(ctx, a)
	})
	if err == nil {
		e.keys.forgetApp(id)
	}
	return a, err
}

// errAppForbidden is what an application's live key gets while its
// application is a draft or not enabled: the Paysley document's 403.
var errAppForbidden = &Error{Code: CodeForbidden, Reason: "application_not_enabled", Message: "Forbidden"}

// application returns the application a key belongs to, from the cache when
// this node read it less than KeyCacheTTL ago.
func (e *Engine) application(ctx context.Context, id string, now time.Time) (Application, error) {
	if a, ok := e.keys.getApp(id, now); ok {
		return a, nil
	}
	var a Application
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { a, err = tx.GetApplication(ctx, id, false); return err }); err != nil {
		return Application{}, err
	}
	e.keys.putApp(a, now)
	return a, nil
}

package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// NewKey is a key as created: the only moment its secret exists outside the
// caller's hands.
type NewKey struct {
	Key    APIKey
	Secret string
}

// KeySet is one secret of each kind and mode, as printed by "merchants create".
type KeySet map[string]string // "sk_test", "pk_test", "py_test", "sk_live", ...

// AllKeyKinds lists the kinds a merchant gets on creation, in display order.
var AllKeyKinds = []KeyKind{KeySecret, KeyPublishable, KeyPaysley}

// CreateMerchant creates a merchant with one key of each kind for each of the
// given modes, and returns the secrets. Errors: CodeInvalid (name: see
// CheckMerchantName).
func (e *Engine) CreateMerchant(ctx context.Context, name string, modes ...bool) (Merchant, KeySet, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Merchant{}, nil, Missing("name")
	}
	name, err := CheckMerchantName(name)
	if err != nil {
		return Merchant{}, nil, err
	}
	if len(modes) == 0 {
		modes = []bool{false, true}
	}
	now := e.now()
	m := Merchant{ID: NewID("acct"), Name: name, Created: now}
	keys := KeySet{}
	err = e.tx(ctx, func(tx Tx) error {
		if err := tx.InsertMerchant(ctx, m); err != nil {
			return err
		}
		for _, live := range modes {
			for _, kind := range AllKeyKinds {
				nk, err := e.insertKey(ctx, tx, APIKey{MerchantID: m.ID, Kind: kind, Livemode: live}, now, "created with the merchant")
				if err != nil {
					return err
				}
				keys[strings.TrimSuffix(KeyPrefix(kind, live), "_")] = nk.Secret
			}
		}
		return nil
	})
	if err != nil {
		return Merchant{}, nil, err
	}
	return m, keys, nil
}

// EnsureDemoMerchant creates a "Demo merchant" with test keys when the
// database holds no merchant yet. It returns the keys it created, or nil when
// merchants already exist.
func (e *Engine) EnsureDemoMerchant(ctx context.Context) (Merchant, KeySet, error) {
	var n int
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { n, err = tx.CountMerchants(ctx); return err }); err != nil {
		return Merchant{}, nil, err
	}
	if n > 0 {
		return Merchant{}, nil, nil
	}
	return e.CreateMerchant(ctx, "Demo merchant", false)
}

// insertKey stores a new key of the merchant, kind, mode and application of
// like, and returns its secret.
func (e *Engine) insertKey(ctx context.Context, tx Tx, like APIKey, now time.Time, detail string) (NewKey, error) {
	secret := GenerateKey(like.Kind, like.Livemode)
	k := APIKey{
		ID: NewID("key"), MerchantID: like.MerchantID, Kind: like.Kind, Livemode: like.Livemode,
		ApplicationID: like.ApplicationID, Hash: HashKey(secret), Last4: secret[len(secret)-4:], Created: now,
	}
	if err := tx.InsertKey(ctx, k); err != nil {
		return NewKey{}, err
	}
	if err := tx.InsertKeyEvent(ctx, KeyEvent{ID: NewID("kev"), MerchantID: k.MerchantID, KeyID: k.ID,
		Action: "created", Detail: detail, Created: now}); err != nil {
		return NewKey{}, err
	}
	return NewKey{Key: k, Secret: secret}, nil
}

// CreateKey adds a key of the given kind and mode to a merchant.
// Errors: CodeNotFound (merchant), CodeInvalid (kind).
func (e *Engine) CreateKey(ctx context.Context, merchantID string, kind KeyKind, live bool) (NewKey, error) {
	if kind != KeySecret && kind != KeyPublishable && kind != KeyPaysley {
		return NewKey{}, Invalid("kind", "parameter_invalid", "Key kind must be sk, pk or py.")
	}
	now := e.now()
	var nk NewKey
	err := e.tx(ctx, func(tx Tx) error {
		if _, err := tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		var err error
		nk, err = e.insertKey(ctx, tx, APIKey{MerchantID: merchantID, Kind: kind, Livemode: live}, now, "created")
		return err
	})
	return nk, err
}

// ListKeys returns a merchant's own keys, newest first (an application's keys
// are its developer's: ApplicationKeys lists them). Errors: CodeNotFound (merchant).
func (e *Engine) ListKeys(ctx context.Context, merchantID string) ([]APIKey, error) {
	var keys []APIKey
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		if _, err := tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		var err error
		keys, err = tx.ListKeys(ctx, merchantID, "")
		return err
	})
	return keys, err
}

// ApplicationKeys returns an application's keys, newest first.
// Errors: CodeNotFound (application).
func (e *Engine) ApplicationKeys(ctx context.Context, appID string) ([]APIKey, error) {
	var keys []APIKey
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		a, err := tx.GetApplication(ctx, appID, false)
		if err != nil {
			return err
		}
		keys, err = tx.ListKeys(ctx, a.MerchantID, a.ID)
		return err
	})
	return keys, err
}

// KeyAudit returns a merchant's key audit trail, oldest first.
func (e *Engine) KeyAudit(ctx context.Context, merchantID string) ([]KeyEvent, error) {
	var evs []KeyEvent
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { evs, err = tx.ListKeyEvents(ctx, merchantID); return err })
	return evs, err
}

// RollKey replaces a key with a new one of the same kind and mode. The old key
// keeps working for grace (0 stops it at once), then stops.
// Errors: CodeNotFound (key), CodeState (revoked or already rolled), CodeInvalid (grace).
func (e *Engine) RollKey(ctx context.Context, keyID string, grace time.Duration) (NewKey, error) {
	if grace < 0 {
		return NewKey{}, Invalid("grace", "parameter_invalid", "The grace period cannot be negative.")
	}
	now := e.now()
	var nk NewKey
	var oldHash string
	err := e.tx(ctx, func(tx Tx) error {
		old, err := tx.GetKeyForUpdate(ctx, keyID)
		if err != nil {
			return err
		}
		if !old.Active(now) || old.RolledTo != "" {
			return StateError("key_inactive", "Key %s is revoked, expired or already rolled.", keyID)
		}
		oldHash = old.Hash
		nk, err = e.insertKey(ctx, tx, old, now, "replaces "+old.ID)
		if err != nil {
			return err
		}
		expires := now.Add(grace)
		old.ExpiresAt, old.RolledTo = &expires, nk.Key.ID
		if err := tx.UpdateKey(ctx, old); err != nil {
			return err
		}
		return tx.InsertKeyEvent(ctx, KeyEvent{ID: NewID("kev"), MerchantID: old.MerchantID, KeyID: old.ID,
			Action: "rolled", Detail: fmt.Sprintf("replaced by %s; works until %s", nk.Key.ID, expires.Format(time.RFC3339)), Created: now})
	})
	if err == nil {
		e.keys.forget(oldHash)
	}
	return nk, err
}

// RevokeKey stops a key: at once on this node, within KeyCacheTTL on the
// others. Errors: CodeNotFound (key), CodeState (already revoked).
func (e *Engine) RevokeKey(ctx context.Context, keyID string) (APIKey, error) {
	now := e.now()
	var k APIKey
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if k, err = tx.GetKeyForUpdate(ctx, keyID); err != nil {
			return err
		}
		if k.RevokedAt != nil {
			return StateError("key_revoked", "Key %s is already revoked.", keyID)
		}
		k.RevokedAt = &now
		if err := tx.UpdateKey(ctx, k); err != nil {
			return err
		}
		return tx.InsertKeyEvent(ctx, KeyEvent{ID: NewID("kev"), MerchantID: k.MerchantID, KeyID: k.ID,
			Action: "revoked", Created: now})
	})
	if err == nil {
		e.keys.forget(k.Hash)
	}
	return k, err
}

// Authenticate resolves a raw API key to who it acts for. Every failure is
// CodeUnauthenticated with a message that never repeats the key, but one: an
// application's live key while its application is a draft or not enabled by
// its merchant is CodeForbidden (Paysley's 403 "Forbidden"). Its test key
// always works, as the Paysley document's development mode says.
func (e *Engine) Authenticate(ctx context.Context, raw string) (Auth, error) {
	pk, ok := ParseKey(raw)
	if !ok {
		return Auth{}, &Error{Code: CodeUnauthenticated, Reason: "invalid_api_key", Message: "Invalid API Key provided."}
	}
	hash, now := HashKey(raw), e.now()
	k, cached := e.keys.get(hash, now)
	if !cached {
		err := e.Store.Read(ctx, func(tx ReadTx) (err error) { k, err = tx.GetKeyByHash(ctx, hash); return err })
		if err != nil {
			if ErrorCode(err) == CodeNotFound {
				return Auth{}, &Error{Code: CodeUnauthenticated, Reason: "invalid_api_key", Message: "Invalid API Key provided."}
			}
			return Auth{}, err
		}
		e.keys.put(k, now)
	}
	if !KeyMatches(raw, k.Hash) || k.Kind != pk.Kind || k.Livemode != pk.Livemode {
		return Auth{}, &Error{Code: CodeUnauthenticated, Reason: "invalid_api_key", Message: "Invalid API Key provided."}
	}
	if !k.Active(now) {
		return Auth{}, &Error{Code: CodeUnauthenticated, Reason: "api_key_expired", Message: "This API key has been revoked or has expired."}
	}
	if k.ApplicationID != "" && k.Livemode {
		a, err := e.application(ctx, k.ApplicationID, now)
		if err != nil {
			return Auth{}, err
		}
		if !a.Live() {
			return Auth{}, errAppForbidden
		}
	}
	return Auth{MerchantID: k.MerchantID, Livemode: k.Livemode, Kind: k.Kind, KeyID: k.ID, ApplicationID: k.ApplicationID}, nil
}

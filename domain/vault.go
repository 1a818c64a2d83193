package domain

import (
	"context"
	"fmt"
)

// SealedKind names a column that holds values sealed by the vault.
type SealedKind string

// The sealed columns: card numbers and the webhook and callback signing
// secrets.
const (
	SealedCardNumber      SealedKind = "payment_methods.sealed_pan"
	SealedWebhookSecret   SealedKind = "webhook_endpoints.secret"
	SealedWebhookPrevious SealedKind = "webhook_endpoints.previous_secret"
	SealedCallbackSecret  SealedKind = "callback_secrets.sealed_secret"
)

// SealedKinds lists every sealed column, in the order RotateVault goes.
var SealedKinds = []SealedKind{SealedCardNumber, SealedWebhookSecret, SealedWebhookPrevious, SealedCallbackSecret}

// SealedValue is one stored sealed value: its column, its row's id (for a
// callback secret, the merchant id, "/" and 1 for live or 0 for test), the
// merchant it belongs to, and the sealed bytes.
type SealedValue struct {
	Kind       SealedKind
	ID         string
	MerchantID string
	Sealed     []byte
}

// Rotation counts what RotateVault looked at and what it sealed again.
type Rotation struct {
	Checked, Resealed int
}

// RotateVault seals again under the vault's current key every stored value
// sealed under another (an old key, or the first format with no key id), in
// batches of batch rows, one transaction each. Each new value is opened
// again and compared before it is written, and a value changed meanwhile
// (a webhook secret rolled) is left to its new sealing. It can be stopped
// at any time and run again: what is current already is only checked.
// Card fingerprints are computed again under the current key, so one card
// keeps one fingerprint across the rotation. progress, when not nil, is
// told after each batch. A value no configured key opens stops it with an
// error naming the column, the row and the key.
func (e *Engine) RotateVault(ctx context.Context, batch int, progress func(SealedKind, Rotation)) (Rotation, error) {
	if e.Vault == nil {
		return Rotation{}, Internal(constError("no card vault configured"))
	}
	if batch <= 0 {
		batch = 500
	}
	var total Rotation
	for _, kind := range SealedKinds {
		var done Rotation
		for after := ""; ; {
			var vals []SealedValue
			var n Rotation
			err := e.Store.Tx(ctx, func(tx Tx) (err error) {
				n = Rotation{}
				if vals, err = tx.SealedValues(ctx, kind, after, batch); err != nil {
					return err
				}
				for _, v := range vals {
					n.Checked++
					if e.Vault.Current(v.Sealed) {
						continue
					}
					plain, resealed, err := e.reseal(kind, v)
					if err != nil {
						return err
					}
					ok, err := tx.ResealValue(ctx, v, resealed)
					if err != nil || !ok {
						return err
					}
					n.Resealed++
					if kind == SealedCardNumber {
						if err := tx.SetCardFingerprint(ctx, v.ID, e.Vault.Fingerprint(v.MerchantID, plain)); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				return total, err
			}
			done.Checked, done.Resealed = done.Checked+n.Checked, done.Resealed+n.Resealed
			if progress != nil {
				progress(kind, done)
			}
			if len(vals) < batch {
				break
			}
			after = vals[len(vals)-1].ID
		}
		total.Checked, total.Resealed = total.Checked+done.Checked, total.Resealed+done.Resealed
	}
	return total, nil
}

// reseal opens v, seals it under the current key and checks that the new
// value opens to the same.
func (e *Engine) reseal(kind SealedKind, v SealedValue) (plain string, resealed []byte, err error) {
	plain, err = e.Vault.Open(v.Sealed)
	if err != nil {
		return "", nil, fmt.Errorf("%s of %s: %w", kind, v.ID, err)
	}
	if resealed, err = e.Vault.Seal(plain); err != nil {
		return "", nil, err
	}
	if again, err := e.Vault.Open(resealed); err != nil || again != plain {
		return "", nil, fmt.Errorf("%s of %s: the value sealed again does not open to the same (%v)", kind, v.ID, err)
	}
	return plain, resealed, nil
}

package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// SigninFailureTTL is how long a failed sign-in is remembered: the hourly
// prune forgets older ones (PruneSigninFailures).
const SigninFailureTTL = 24 * time.Hour

// signinKey hashes a throttle key (an address, a client) so the table holds
// neither what was typed into the form nor a key of any length.
func signinKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// RecordSigninFailure remembers a failed sign-in at now under each key, in
// the database, so every node counts it.
func (e *Engine) RecordSigninFailure(ctx context.Context, now time.Time, keys ...string) error {
	return e.Store.Tx(ctx, func(tx Tx) error {
		for _, k := range keys {
			if err := tx.InsertSigninFailure(ctx, signinKey(k), now); err != nil {
				return err
			}
		}
		return nil
	})
}

// SigninFailures returns the times of key's failed sign-ins since a time,
// newest first, at most limit of them.
func (e *Engine) SigninFailures(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error) {
	var ts []time.Time
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		ts, err = tx.SigninFailures(ctx, signinKey(key), since, limit)
		return err
	})
	return ts, err
}

// ForgetSigninFailures clears key's failed sign-ins (after a success).
func (e *Engine) ForgetSigninFailures(ctx context.Context, key string) error {
	return e.Store.Tx(ctx, func(tx Tx) error { return tx.DeleteSigninFailures(ctx, signinKey(key)) })
}

// PruneSigninFailures deletes failed sign-ins older than SigninFailureTTL.
func (e *Engine) PruneSigninFailures(ctx context.Context) (int64, error) {
	cutoff := e.now().Add(-SigninFailureTTL)
	var n int64
	err := e.Store.Tx(ctx, func(tx Tx) (err error) { n, err = tx.PruneSigninFailures(ctx, cutoff); return err })
	return n, err
}

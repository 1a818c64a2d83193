package domain

import (
	"context"
	"time"
)

// Idempotency windows, as Stripe's: a key replays its first response for
// 24 hours. A claim whose request died (a crashed node) is reclaimable after
// IdempotencyLease, which is longer than any request may run.
const (
	IdempotencyTTL       = 24 * time.Hour
	IdempotencyLease     = 5 * time.Minute
	MaxIdempotencyKeyLen = 255
)

// StoredResponse is a response kept for replay.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// IdempotencyRecord is one key's row.
type IdempotencyRecord struct {
	Scope       Scope
	Key         string
	Fingerprint string
	Done        bool
	Response    StoredResponse
	Created     time.Time
	LockedUntil time.Time
}

// BeginIdempotent claims key for a request whose parameters hash to
// fingerprint. It returns the stored response when the key already finished
// (replay it), or nil when the caller now owns the key and must call
// FinishIdempotent or ReleaseIdempotent.
// Errors: CodeInvalid (key too long), CodeIdempotencyMismatch (the key was
// used with other parameters or on another endpoint), CodeIdempotencyInFlight
// (the first request with this key is still running).
func (e *Engine) BeginIdempotent(ctx context.Context, s Scope, key, fingerprint string) (*StoredResponse, error) {
	if len(key) == 0 || len(key) > MaxIdempotencyKeyLen {
		return nil, Invalid("Idempotency-Key", "idempotency_key_invalid",
			"The Idempotency-Key header must be 1 to %d characters.", MaxIdempotencyKeyLen)
	}
	now := e.now()
	var replay *StoredResponse
	err := e.Store.Tx(ctx, func(tx Tx) error {
		replay = nil
		claim := IdempotencyRecord{Scope: s, Key: key, Fingerprint: fingerprint, Created: now, LockedUntil: now.Add(IdempotencyLease)}
		inserted, err := tx.InsertIdempotency(ctx, claim)
		if err != nil || inserted {
			return err
		}
		rec, err := tx.GetIdempotencyForUpdate(ctx, s, key)
		if err != nil {
			return err
		}
		switch {
		case now.Sub(rec.Created) >= IdempotencyTTL:
			return tx.ReplaceIdempotency(ctx, claim) // expired: a new request
		case rec.Fingerprint != fingerprint:
			return &Error{Code: CodeIdempotencyMismatch, Reason: "idempotency_key_in_use", Param: "Idempotency-Key",
				Message: "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
					"Try using a key other than '" + key + "' if you meant to execute a different request."}
		case rec.Done:
			r := rec.Response
			replay = &r
			return nil
		case now.Before(rec.LockedUntil):
			return &Error{Code: CodeIdempotencyInFlight, Reason: "idempotency_key_in_flight", Param: "Idempotency-Key",
				Message: "There is currently another in-progress request using this Idempotency-Key. Please try again later."}
		default:
			return tx.ReplaceIdempotency(ctx, claim) // its request died: take it over
		}
	})
	return replay, err
}

// FinishIdempotent stores the response of a claimed key for replay.
func (e *Engine) FinishIdempotent(ctx context.Context, s Scope, key string, resp StoredResponse) error {
	return e.Store.Tx(ctx, func(tx Tx) error { return tx.FinishIdempotency(ctx, s, key, resp) })
}

// ReleaseIdempotent forgets a claimed key, so that a request that failed on
// our side (a 5xx) can be retried with the same key.
func (e *Engine) ReleaseIdempotent(ctx context.Context, s Scope, key string) error {
	return e.Store.Tx(ctx, func(tx Tx) error { return tx.DeleteIdempotency(ctx, s, key) })
}

// PruneIdempotency deletes keys older than the replay window.
func (e *Engine) PruneIdempotency(ctx context.Context) (int64, error) {
	cutoff := e.now().Add(-IdempotencyTTL)
	var n int64
	err := e.Store.Tx(ctx, func(tx Tx) (err error) { n, err = tx.PruneIdempotency(ctx, cutoff); return err })
	return n, err
}

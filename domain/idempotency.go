package domain

import (
	"context"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Idempotency windows. A key replays its first response for 24 hours, as
// Stripe's. A claim is held by a lease that its request renews every third
// of IdempotencyLease while it runs, so the claim of a request that died (a
// crashed node) can be taken over within seconds, while a slow request that
// is still alive keeps its key.
const (
	IdempotencyTTL       = 24 * time.Hour
	IdempotencyLease     = 10 * time.Second
	MaxIdempotencyKeyLen = 255
)

// IdempotencyState is where a key's request stands.
type IdempotencyState string

// The idempotency states: claimed and nothing committed yet (a takeover
// runs the request afresh); a change committed under the key (a takeover
// resumes from the recorded object); the response stored for replay.
const (
	IdempotencyInFlight IdempotencyState = "in_flight"
	IdempotencyBegan    IdempotencyState = "began"
	IdempotencyDone     IdempotencyState = "done"
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
	State       IdempotencyState
	Token       string // the current claim's fence
	ObjectID    string // the recovery point: the object the request made or changed
	Response    StoredResponse
	Created     time.Time
	LockedUntil time.Time
}

// IdempotencyClaim is a request's hold on its Idempotency-Key. The server
// puts it in the request's context (WithIdempotency); every transaction of
// the engine that commits under it marks the key as begun in that same
// transaction, and the money use cases record their object there too.
type IdempotencyClaim struct {
	Scope Scope
	Key   string
	Token string
	// Recovered is the object that an earlier request with this key
	// recorded before it died: the use case resumes it instead of starting
	// over.
	Recovered string
	began     atomic.Bool
}

// Began reports whether a change committed under the claim: its response
// must then be kept, whatever its status.
func (c *IdempotencyClaim) Began() bool { return c.began.Load() }

type claimKey struct{}

// WithIdempotency returns ctx carrying claim.
func WithIdempotency(ctx context.Context, claim *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, claimKey{}, claim)
}

func claimFrom(ctx context.Context) *IdempotencyClaim {
	c, _ := ctx.Value(claimKey{}).(*IdempotencyClaim)
	return c
}

// recovered returns the object id with prefix that a dead request with the
// same Idempotency-Key recorded, or "".
func recovered(ctx context.Context, prefix string) string {
	if c := claimFrom(ctx); c != nil && strings.HasPrefix(c.Recovered, prefix) {
		return c.Recovered
	}
	return ""
}

func inFlightError() error {
	return &Error{Code: CodeIdempotencyInFlight, Reason: "idempotency_key_in_flight", Param: "Idempotency-Key",
		Message: "There is currently another in-progress request using this Idempotency-Key. Please try again later."}
}

// tx runs fn in one write transaction. Under an idempotency claim it also
// marks the key as begun, fenced by the claim's token, so the response that
// follows is kept even if it is an error, and a request that lost its claim
// to another cannot commit.
func (e *Engine) tx(ctx context.Context, fn func(Tx) error) error {
	return e.txFor(ctx, "", fn)
}

// txFor is tx that also records objectID as the key's recovery point.
func (e *Engine) txFor(ctx context.Context, objectID string, fn func(Tx) error) error {
	c := claimFrom(ctx)
	err := e.Store.Tx(ctx, func(tx Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if c == nil || (objectID == "" && c.began.Load()) {
			return nil
		}
		ok, err := tx.BindIdempotency(ctx, c.Scope, c.Key, c.Token, objectID)
		if err != nil {
			return err
		}
		if !ok {
			return inFlightError()
		}
		return nil
	})
	if err == nil && c != nil {
		c.began.Store(true)
	}
	return err
}

// BeginIdempotent claims key for a request whose parameters hash to
// fingerprint. It returns the stored response when the key already finished
// (replay it), or the claim the caller now holds: the caller renews it while
// the request runs and ends it with FinishIdempotent or ReleaseIdempotent.
// A key whose request died is taken over; when that request had committed a
// change, the claim's Recovered names the object it made.
// Errors: CodeInvalid (key too long), CodeIdempotencyMismatch (the key was
// used with other parameters or on another endpoint), CodeIdempotencyInFlight
// (the first request with this key is still running).
func (e *Engine) BeginIdempotent(ctx context.Context, s Scope, key, fingerprint string) (*IdempotencyClaim, *StoredResponse, error) {
	if len(key) == 0 || len(key) > MaxIdempotencyKeyLen {
		return nil, nil, Invalid("Idempotency-Key", "idempotency_key_invalid",
			"The Idempotency-Key header must be 1 to %d characters.", MaxIdempotencyKeyLen)
	}
	if !utf8.ValidString(key) {
		// HTTP lets a header carry any byte; a text column does not.
		return nil, nil, Invalid("Idempotency-Key", "idempotency_key_invalid",
			"The Idempotency-Key header must be UTF-8 text.")
	}
	now := e.now()
	var replay *StoredResponse
	var claim *IdempotencyClaim
	err := e.Store.Tx(ctx, func(tx Tx) error {
		replay = nil
		claim = &IdempotencyClaim{Scope: s, Key: key, Token: NewHexID()}
		rec := IdempotencyRecord{Scope: s, Key: key, Fingerprint: fingerprint, State: IdempotencyInFlight, Token: claim.Token,
			Created: now, LockedUntil: now.Add(IdempotencyLease)}
		inserted, err := tx.InsertIdempotency(ctx, rec)
		if err != nil || inserted {
			return err
		}
		old, err := tx.GetIdempotencyForUpdate(ctx, s, key)
		if err != nil {
			return err
		}
		switch {
		case now.Sub(old.Created) >= IdempotencyTTL:
			return tx.ReplaceIdempotency(ctx, rec) // expired: a new request
		case old.Fingerprint != fingerprint:
			return &Error{Code: CodeIdempotencyMismatch, Reason: "idempotency_key_in_use", Param: "Idempotency-Key",
				Message: "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
					"Try using a key other than '" + key + "' if you meant to execute a different request."}
		case old.State == IdempotencyDone:
			r := old.Response
			replay, claim = &r, nil
			return nil
		case now.Before(old.LockedUntil):
			return inFlightError()
		default:
			// Its request died: take it over, keeping what it had done.
			rec.State, rec.ObjectID, rec.Created = old.State, old.ObjectID, old.Created
			claim.Recovered = old.ObjectID
			claim.began.Store(old.State == IdempotencyBegan)
			return tx.ReplaceIdempotency(ctx, rec)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return claim, replay, nil
}

// RenewIdempotent extends a running request's claim by IdempotencyLease.
// It reports false when the claim was lost (taken over after a stall).
func (e *Engine) RenewIdempotent(ctx context.Context, c *IdempotencyClaim) (bool, error) {
	until := e.now().Add(IdempotencyLease)
	var ok bool
	err := e.Store.Tx(ctx, func(tx Tx) (err error) {
		ok, err = tx.RenewIdempotency(ctx, c.Scope, c.Key, c.Token, until)
		return err
	})
	return ok, err
}

// FinishIdempotent stores the response of a claimed key for replay; a claim
// that was lost stores nothing.
func (e *Engine) FinishIdempotent(ctx context.Context, c *IdempotencyClaim, resp StoredResponse) error {
	return e.Store.Tx(ctx, func(tx Tx) error { return tx.FinishIdempotency(ctx, c.Scope, c.Key, c.Token, resp) })
}

// ReleaseIdempotent forgets a claimed key under which nothing began, so that
// a request refused before it changed anything may be retried fresh.
func (e *Engine) ReleaseIdempotent(ctx context.Context, c *IdempotencyClaim) error {
	if c.Began() {
		return Internal(constError("an idempotency key whose request began must be finished, not released"))
	}
	return e.Store.Tx(ctx, func(tx Tx) error { return tx.DeleteIdempotency(ctx, c.Scope, c.Key, c.Token) })
}

// PruneIdempotency deletes keys older than the replay window.
func (e *Engine) PruneIdempotency(ctx context.Context) (int64, error) {
	cutoff := e.now().Add(-IdempotencyTTL)
	var n int64
	err := e.Store.Tx(ctx, func(tx Tx) (err error) { n, err = tx.PruneIdempotency(ctx, cutoff); return err })
	return n, err
}

package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// idempotent serves a mutating request carrying an Idempotency-Key header at
// most once per merchant, mode and key (both dialects share it), as Stripe
// promises: the first request runs and its response is stored; a retry with
// the same parameters replays it with "Idempotent-Replayed: true"; other
// parameters are refused; a retry while the first still runs gets 409.
//
// The claim travels in the request's context: the engine marks the key begun
// in the same transaction as the change it protects (and records the object
// it made), so once anything committed, the response is kept whatever its
// status, and a retry after a crash resumes that object instead of running
// again. Only a request that changed nothing releases its key. While the
// request runs its lease is renewed; a dead node's claim lapses within
// domain.IdempotencyLease.
func (a *apiHandler) idempotent(w http.ResponseWriter, r *http.Request, d dialect, next http.Handler) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || (r.Method != http.MethodPost && r.Method != http.MethodPut &&
		r.Method != http.MethodDelete && r.Method != http.MethodPatch) {
		next.ServeHTTP(w, r)
		return
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		d.writeError(w, r, a.log, web.BodyDomainError(web.ReadError(err)))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	fingerprint, tree := fingerprintRequest(r, raw)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	ctx := r.Context()
	if tree != nil { // decoded once: the handler reads it from the context
		ctx = web.WithBody(ctx, tree)
	}

	scope := web.AuthFrom(ctx).Scope()
	claim, replay, err := a.engine.BeginIdempotent(ctx, scope, key, fingerprint)
	if err != nil {
		d.writeError(w, r, a.log, err)
		return
	}
	w.Header().Set("Idempotency-Key", key)
	if replay != nil {
		w.Header().Set("Content-Type", replay.ContentType)
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(replay.Status)
		w.Write(replay.Body)
		return
	}
	stopRenew := a.renewClaim(ctx, claim)
	rec := &recorder{ResponseWriter: w}
	completed := false
	defer func() {
		stopRenew()
		// Store or release even if the handler panicked or the client left:
		// a claim must not stay in flight until its lease runs out.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		defer cancel()
		var err error
		if claim.Began() {
			status := rec.status
			if !completed || status == 0 {
				status = http.StatusInternalServerError
			}
			err = a.engine.FinishIdempotent(ctx, claim, domain.StoredResponse{
				Status: status, ContentType: rec.Header().Get("Content-Type"), Body: rec.body.Bytes()})
		} else {
			// Nothing changed (refused before it began, or it failed
			// first): a retry may run fresh, as Stripe's validation
			// failures may.
			err = a.engine.ReleaseIdempotent(ctx, claim)
		}
		if err != nil {
			a.log.ErrorContext(ctx, "idempotency bookkeeping failed", "request_id", web.RequestID(r.Context()), "error", err.Error())
		}
	}()
	next.ServeHTTP(rec, r.WithContext(domain.WithIdempotency(ctx, claim)))
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	completed = true
}

// renewClaim extends claim's lease every third of the lease until the
// returned stop is called.
func (a *apiHandler) renewClaim(ctx context.Context, claim *domain.IdempotencyClaim) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(domain.IdempotencyLease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ok, err := a.engine.RenewIdempotent(ctx, claim); err != nil || !ok {
					if err != nil && ctx.Err() == nil {
						a.log.WarnContext(ctx, "idempotency lease renewal failed", "error", err.Error())
					}
					if !ok && err == nil {
						return // lost: the request will fail its fence
					}
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// fingerprintRequest hashes what makes two requests "the same": method, path
// and parameters (decoded, so key order and encoding do not matter; the raw
// bytes when the body cannot be decoded). It returns the decoded body too,
// nil when it could not be decoded.
func fingerprintRequest(r *http.Request, raw []byte) (string, map[string]any) {
	h := sha256.New()
	io.WriteString(h, r.Method+" "+strings.TrimRight(r.URL.Path, "/")+"\n")
	tree, err := web.DecodeBody(r)
	if err == nil {
		io.WriteString(h, web.Flatten(tree))
	} else {
		tree = nil
		h.Write(raw)
	}
	return hex.EncodeToString(h.Sum(nil)), tree
}

// recorder passes a response through while keeping a copy for replay.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

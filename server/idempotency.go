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
// most once per merchant, mode and key (both dialects share it): the first
// request runs and its response is stored; a retry with the same parameters
// replays it with "Idempotent-Replayed: true"; other parameters are refused;
// a retry while the first still runs gets 409. A 5xx is not stored, so the
// client may retry it.
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
	if tree != nil { // decoded once: the handler reads it from the context
		r = r.WithContext(web.WithBody(r.Context(), tree))
	}

	scope := web.AuthFrom(r.Context()).Scope()
	replay, err := a.engine.BeginIdempotent(r.Context(), scope, key, fingerprint)
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
	rec := &recorder{ResponseWriter: w}
	completed := false
	defer func() {
		// Store or release even if the handler panicked or the client left:
		// a claim must not stay in flight until its lease runs out.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		defer cancel()
		var err error
		if completed && rec.status < 500 {
			err = a.engine.FinishIdempotent(ctx, scope, key, domain.StoredResponse{
				Status: rec.status, ContentType: rec.Header().Get("Content-Type"), Body: rec.body.Bytes()})
		} else {
			err = a.engine.ReleaseIdempotent(ctx, scope, key)
		}
		if err != nil {
			a.log.ErrorContext(ctx, "idempotency bookkeeping failed", "request_id", web.RequestID(r.Context()), "error", err.Error())
		}
	}()
	next.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	completed = true
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

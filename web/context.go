// Package web holds what both API dialects and the server share about HTTP
// requests: reading bodies and parameters, and the request's identity
// (request id, authenticated merchant) carried in its context.
package web

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type ctxKey int

const (
	authKey ctxKey = iota
	requestIDKey
	bodyKey
	strictKey
)

// WithAuth returns ctx carrying the authenticated caller.
func WithAuth(ctx context.Context, a domain.Auth) context.Context {
	return context.WithValue(ctx, authKey, a)
}

// AuthFrom returns the authenticated caller of a request. Dialect handlers
// only run behind the auth middleware, so a missing value is a wiring bug.
func AuthFrom(ctx context.Context) domain.Auth {
	a, ok := ctx.Value(authKey).(domain.Auth)
	if !ok {
		panic("web.AuthFrom: request was not authenticated")
	}
	return a
}

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id of ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithBody returns ctx carrying an already decoded body, so middleware that
// needed the body (idempotency) and the handler decode it once.
func WithBody(ctx context.Context, tree map[string]any) context.Context {
	return context.WithValue(ctx, bodyKey, tree)
}

// WithStrictTypes returns ctx marking its request's parameters strictly
// typed: Params.Str refuses a JSON number or boolean instead of rendering it
// as text, as Stripe refuses a number for "description". A dialect whose
// documented samples send numbers for strings (Paysley) does not set it.
func WithStrictTypes(ctx context.Context) context.Context {
	return context.WithValue(ctx, strictKey, true)
}

func strictTypes(ctx context.Context) bool {
	strict, _ := ctx.Value(strictKey).(bool)
	return strict
}

// Body returns the request's parameters: the body decoded by middleware if
// it was, otherwise decoded now.
func Body(r *http.Request) (*Params, error) {
	if tree, ok := r.Context().Value(bodyKey).(map[string]any); ok {
		return newParams(r, tree), nil
	}
	tree, err := DecodeBody(r)
	if err != nil {
		return nil, BodyDomainError(err)
	}
	return newParams(r, tree), nil
}

func newParams(r *http.Request, tree map[string]any) *Params {
	p := NewParams(tree)
	p.strict = strictTypes(r.Context())
	return p
}

// BodyDomainError turns a *BodyError into the domain error the dialects render.
func BodyDomainError(err error) error {
	be, ok := err.(*BodyError)
	if !ok {
		return err
	}
	code := domain.CodeInvalid
	switch be.Kind {
	case KindTooLarge:
		code = domain.CodeTooLarge
	case KindUnsupportedMediaType:
		code = domain.CodeUnsupportedMedia
	case KindTimeout:
		code = domain.CodeRequestTimeout
	}
	return &domain.Error{Code: code, Reason: be.Kind, Param: be.Param, Message: be.Message}
}

// Query returns the URL query as parameters, with bracket notation
// (created[gte]=...) decoded like a form body.
func Query(r *http.Request) (*Params, error) {
	tree, err := ParseForm(r.URL.RawQuery)
	if err == nil {
		err = CheckText(tree)
	}
	if err != nil {
		return nil, BodyDomainError(err)
	}
	return newParams(r, tree), nil
}

// Credential extracts the API key from "Authorization: Bearer KEY" or HTTP
// Basic with the key as username (password ignored). It returns "" when the
// request carries no credential.
func Credential(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return ""
	}
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(scheme) {
	case "bearer":
		return rest
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return rest // not base64: let key parsing reject it
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user
	}
	return h
}

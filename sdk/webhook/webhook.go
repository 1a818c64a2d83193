// Package webhook verifies the events PaySmart sends to a merchant's webhook
// endpoint. It is the first package of PaySmart's Go SDK and imports only the
// standard library, so a merchant's server can use it on its own.
//
// Every delivery is a POST whose body is the event as JSON and whose
// PaySmart-Signature header reads
//
//	t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
//
// with one v1 per secret in use (two while a rolled secret's grace period
// runs). This is exactly Stripe's scheme (Stripe-Signature), so Stripe's own
// libraries verify PaySmart events too when given the PaySmart-Signature
// header and the whsec_ secret.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader is the HTTP header that carries the signature.
const SignatureHeader = "PaySmart-Signature"

// DefaultTolerance is how far a signature's timestamp may be from now before
// the event is refused as a possible replay.
const DefaultTolerance = 5 * time.Minute

// The errors ConstructEvent and ValidatePayload return; compare with errors.Is.
var (
	// ErrInvalidHeader: the header is missing or not t=...,v1=... .
	ErrInvalidHeader = errors.New("webhook: invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>)")
	// ErrNotSigned: the header has a timestamp but no v1 signature.
	ErrNotSigned = errors.New("webhook: the PaySmart-Signature header has no v1 signature")
	// ErrNoValidSignature: no v1 signature matches the payload and secret
	// (a wrong secret, or a body changed since it was signed).
	ErrNoValidSignature = errors.New("webhook: no signature matches the payload and the endpoint secret")
	// ErrTooOld: the timestamp is older than the tolerance allows.
	ErrTooOld = errors.New("webhook: the signature's timestamp is too old (possible replay)")
	// ErrInFuture: the timestamp is further in the future than the tolerance allows.
	ErrInFuture = errors.New("webhook: the signature's timestamp is in the future")
)

// Event is a PaySmart event as delivered: Data.Object is the changed object
// (a payment, refund, customer...) as the API renders it.
type Event struct {
	ID       string    `json:"id"`
	Object   string    `json:"object"`
	Type     string    `json:"type"`
	Created  int64     `json:"created"`
	Livemode bool      `json:"livemode"`
	Data     EventData `json:"data"`
}

// EventData holds the object an event is about.
type EventData struct {
	Object json.RawMessage `json:"object"`
}

// ConstructEvent verifies that payload was signed by PaySmart with secret
// within tolerance of now (0 means DefaultTolerance) and decodes it. Pass the
// raw request body, before any JSON parsing, and the PaySmart-Signature
// header. Errors: ErrInvalidHeader, ErrNotSigned, ErrNoValidSignature,
// ErrTooOld, ErrInFuture, or a JSON error for a signed but undecodable body.
func ConstructEvent(payload []byte, header, secret string, tolerance time.Duration) (Event, error) {
	var ev Event
	if err := ValidatePayload(payload, header, secret, tolerance); err != nil {
		return ev, err
	}
	if err := json.Unmarshal(payload, &ev); err != nil {
		return ev, fmt.Errorf("webhook: decoding the event: %w", err)
	}
	return ev, nil
}

// ValidatePayload is ConstructEvent without the decoding.
func ValidatePayload(payload []byte, header, secret string, tolerance time.Duration) error {
	return validate(payload, header, secret, tolerance, time.Now())
}

func validate(payload []byte, header, secret string, tolerance time.Duration, now time.Time) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	ts, sigs, err := parseHeader(header)
	if err != nil {
		return err
	}
	expected := ComputeSignature(ts, payload, secret)
	ok := false
	for _, s := range sigs {
		if hmac.Equal(s, expected) {
			ok = true
		}
	}
	if !ok {
		return ErrNoValidSignature
	}
	// Checked after the signature, so that a forged header learns nothing.
	switch age := now.Sub(ts); {
	case age > tolerance:
		return ErrTooOld
	case age < -tolerance:
		return ErrInFuture
	}
	return nil
}

// parseHeader reads t and every v1 of a signature header; other schemes
// (Stripe's v0) and unknown keys are ignored.
func parseHeader(header string) (time.Time, [][]byte, error) {
	var ts time.Time
	var sigs [][]byte
	seenT := false
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return ts, nil, ErrInvalidHeader
			}
			ts, seenT = time.Unix(n, 0), true
		case "v1":
			if b, err := hex.DecodeString(v); err == nil && len(b) == sha256.Size {
				sigs = append(sigs, b)
			}
		}
	}
	if !seenT {
		return ts, nil, ErrInvalidHeader
	}
	if len(sigs) == 0 {
		return ts, nil, ErrNotSigned
	}
	return ts, sigs, nil
}

// ComputeSignature returns HMAC-SHA256(secret, "<unix t>.<payload>").
func ComputeSignature(t time.Time, payload []byte, secret string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(t.Unix(), 10)))
	m.Write([]byte("."))
	m.Write(payload)
	return m.Sum(nil)
}

// SignHeader returns the PaySmart-Signature value for payload at t: one v1
// per secret, in the order given. PaySmart signs deliveries with it; tests
// and tools use it to produce signed payloads.
func SignHeader(payload []byte, t time.Time, secrets ...string) string {
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(strconv.FormatInt(t.Unix(), 10))
	for _, s := range secrets {
		b.WriteString(",v1=")
		b.WriteString(hex.EncodeToString(ComputeSignature(t, payload, s)))
	}
	return b.String()
}

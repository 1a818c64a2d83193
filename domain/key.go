package domain

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
)

// KeyKind is what an API key is for; its prefix on the wire.
type KeyKind string

// The key kinds. Secret and publishable keys speak the PaySmart dialect,
// Paysley keys the Paysley dialect.
const (
	KeySecret      KeyKind = "sk"
	KeyPublishable KeyKind = "pk"
	KeyPaysley     KeyKind = "py"
)

// Dialect is the API a request speaks, chosen by the key's prefix.
type Dialect string

// The two dialects served under /v2.
const (
	DialectPaySmart Dialect = "paysmart"
	DialectPaysley  Dialect = "paysley"
)

// Dialect returns the API this kind of key speaks.
func (k KeyKind) Dialect() Dialect {
	if k == KeyPaysley {
		return DialectPaysley
	}
	return DialectPaySmart
}

// keySecretLen is the number of base62 characters after the prefix: 32
// characters carry about 190 bits, far above the 128-bit floor.
const keySecretLen = 32

// ParsedKey is a syntactically valid API key split into its parts.
type ParsedKey struct {
	Kind     KeyKind
	Livemode bool
	Raw      string
}

// ParseKey checks the shape of an API key: "sk_"|"pk_"|"py_", then "test_"
// or "live_", then 16 to 128 base62 characters. It says nothing about whether
// the key exists.
func ParseKey(raw string) (ParsedKey, bool) {
	kind, rest, ok := strings.Cut(raw, "_")
	if !ok {
		return ParsedKey{}, false
	}
	k := KeyKind(kind)
	if k != KeySecret && k != KeyPublishable && k != KeyPaysley {
		return ParsedKey{}, false
	}
	mode, secret, ok := strings.Cut(rest, "_")
	if !ok || (mode != "test" && mode != "live") {
		return ParsedKey{}, false
	}
	if len(secret) < 16 || len(secret) > 128 {
		return ParsedKey{}, false
	}
	for i := 0; i < len(secret); i++ {
		if !strings.ContainsRune(base62, rune(secret[i])) {
			return ParsedKey{}, false
		}
	}
	return ParsedKey{Kind: k, Livemode: mode == "live", Raw: raw}, true
}

// KeyPrefix returns the wire prefix of a key of this kind and mode, e.g. "sk_test_".
func KeyPrefix(kind KeyKind, livemode bool) string {
	if livemode {
		return string(kind) + "_live_"
	}
	return string(kind) + "_test_"
}

// GenerateKey returns a new random key of the given kind and mode.
func GenerateKey(kind KeyKind, livemode bool) string {
	return KeyPrefix(kind, livemode) + randomString(keySecretLen)
}

// HashKey returns the stored form of a key: hex SHA-256. Keys carry at least
// 128 random bits, so a fast hash cannot be brute-forced and lets the store
// look keys up by hash.
func HashKey(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// KeyMatches reports in constant time whether raw hashes to stored.
func KeyMatches(raw, stored string) bool {
	h := HashKey(raw)
	return subtle.ConstantTimeCompare([]byte(h), []byte(stored)) == 1
}

// APIKey is a stored key; the secret itself is never stored, only its hash.
type APIKey struct {
	ID         string
	MerchantID string
	Kind       KeyKind
	Livemode   bool
	Hash       string
	Last4      string
	Created    time.Time
	ExpiresAt  *time.Time // set when the key is rolled: it works until then
	RevokedAt  *time.Time
	RolledTo   string // id of the key that replaced this one
	// ApplicationID is the application the key belongs to, "" for the
	// merchant's own keys.
	ApplicationID string
}

// Redacted returns how a key is shown once its secret is gone, e.g. "sk_test_…4Xyz".
func (k APIKey) Redacted() string {
	return KeyPrefix(k.Kind, k.Livemode) + "…" + k.Last4
}

// Active reports whether the key authenticates at time now.
func (k APIKey) Active(now time.Time) bool {
	if k.RevokedAt != nil {
		return false
	}
	return k.ExpiresAt == nil || now.Before(*k.ExpiresAt)
}

// KeyEvent is one entry of a merchant's key audit trail.
type KeyEvent struct {
	ID         string
	MerchantID string
	KeyID      string
	Action     string // "created", "rolled", "revoked"
	Detail     string
	Created    time.Time
}

// Auth is who a request acts for: the merchant, the mode and the kind of key.
type Auth struct {
	MerchantID string
	Livemode   bool
	Kind       KeyKind
	KeyID      string
	// ApplicationID is set when the key is an application's (it acts for the
	// merchant the application is connected with).
	ApplicationID string
}

// Scope is the merchant and mode every query is confined to: test and live
// data never mix.
type Scope struct {
	MerchantID string
	Livemode   bool
}

// Scope returns the data scope of an authenticated request.
func (a Auth) Scope() Scope { return Scope{MerchantID: a.MerchantID, Livemode: a.Livemode} }

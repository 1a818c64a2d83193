package domain

import (
	"crypto/rand"
	"encoding/hex"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomString returns n characters drawn uniformly from base62 using
// crypto/rand (rejection sampling keeps the draw unbiased).
func randomString(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n*2)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		for _, b := range buf {
			if b < 248 { // 248 = 4*62: keeps every symbol equally likely
				out = append(out, base62[b%62])
				if len(out) == n {
					break
				}
			}
		}
	}
	return string(out)
}

// NewID returns an opaque, unguessable id: prefix + "_" + 24 base62
// characters (about 143 bits).
func NewID(prefix string) string {
	return prefix + "_" + randomString(24)
}

// NewHexID returns 32 lower-case hex characters (128 random bits). Payments
// use it: PaySmart shows "pay_"+hex, Paysley shows the bare hex payment_id.
func NewHexID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

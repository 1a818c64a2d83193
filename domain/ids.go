package domain

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
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

// timePrefixLen base62 characters hold a millisecond Unix time until the
// year 8888 (62^8 ms).
const timePrefixLen = 8

// NewID returns an opaque, unguessable id: prefix + "_" + 24 base62
// characters, the first 8 the creation millisecond and the other 16 random
// (about 95 bits). Ids made later sort after earlier ones, so a table's id
// index grows at its right edge: a batch of inserts writes a few pages
// instead of one page per row (docs/decisions.md "Time-ordered ids").
func NewID(prefix string) string {
	var t [timePrefixLen]byte
	ms := uint64(time.Now().UnixMilli())
	for i := timePrefixLen - 1; i >= 0; i-- {
		t[i] = base62[ms%62]
		ms /= 62
	}
	return prefix + "_" + string(t[:]) + randomString(24-timePrefixLen)
}

// NewHexID returns 32 lower-case hex characters: the creation millisecond
// (48 bits) and 80 random bits, ordered in time as NewID is. Payments use it:
// PaySmart shows "pay_"+hex, Paysley shows the bare hex payment_id.
func NewHexID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

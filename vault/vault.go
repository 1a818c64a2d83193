// Package vault keeps card numbers and secrets encrypted at rest
// (AES-256-GCM) and fingerprints card numbers per merchant (HMAC-SHA256),
// from a 32-byte master key; older master keys, kept beside it during a
// rotation, open what they sealed.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// Sealed formats. Version 1 (before key rotation) is version byte, nonce,
// ciphertext: it names no key, so Open tries every configured one. Version
// 2 adds the sealing key's id after the version byte, so a value names the
// key that opens it.
const (
	version1 byte = 1
	version2 byte = 2
	idSize        = 4
)

// Vault implements domain.Vault: it seals under its current key and opens
// what any of its keys (the current one and the old ones) sealed.
type Vault struct {
	current key
	keys    []key // current first, then the old ones
	fpKey   []byte
}

type key struct {
	id   [idSize]byte
	aead cipher.AEAD
}

// New returns a vault over a 32-byte master key, which seals, and old keys,
// which only open what they sealed before a rotation (see Current). The
// encryption and fingerprint keys are derived from the master key, so
// neither reveals the other; fingerprints follow the current key.
func New(master []byte, old ...[]byte) (*Vault, error) {
	v := &Vault{}
	for i, m := range append([][]byte{master}, old...) {
		if len(m) != KeySize {
			return nil, fmt.Errorf("vault key must be %d bytes, got %d", KeySize, len(m))
		}
		block, err := aes.NewCipher(derive(m, "paysmart vault encryption v1"))
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k := key{aead: aead}
		copy(k.id[:], derive(m, "paysmart vault key id v1"))
		for _, have := range v.keys {
			if have.id == k.id {
				return nil, fmt.Errorf("vault key %d is given twice (key id %x)", i+1, k.id)
			}
		}
		v.keys = append(v.keys, k)
	}
	v.current, v.fpKey = v.keys[0], derive(master, "paysmart card fingerprint v1")
	return v, nil
}

// KeyID names a master key without revealing it: 8 hex characters, the id
// sealed values carry.
func KeyID(master []byte) string {
	return hex.EncodeToString(derive(master, "paysmart vault key id v1")[:idSize])
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts a card number or a secret under the current key: version
// byte, key id, 12-byte nonce, ciphertext+tag; the version and key id are
// authenticated too.
func (v *Vault) Seal(plain string) ([]byte, error) {
	nonce := make([]byte, v.current.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	head := append([]byte{version2}, v.current.id[:]...)
	return v.current.aead.Seal(append(head, nonce...), nonce, []byte(plain), head), nil
}

// Open decrypts what Seal produced under any of the vault's keys, and
// version 1 values sealed before keys had ids.
func (v *Vault) Open(sealed []byte) (string, error) {
	n := v.current.aead.NonceSize()
	switch {
	case len(sealed) >= 1+n && sealed[0] == version1:
		for _, k := range v.keys {
			if plain, err := k.aead.Open(nil, sealed[1:1+n], sealed[1+n:], sealed[:1]); err == nil {
				return string(plain), nil
			}
		}
		return "", errors.New("vault: cannot open a sealed value of the first format with any configured key (wrong key?)")
	case len(sealed) >= 1+idSize+n && sealed[0] == version2:
		head := sealed[:1+idSize]
		for _, k := range v.keys {
			if string(k.id[:]) != string(head[1:]) {
				continue
			}
			plain, err := k.aead.Open(nil, sealed[len(head):len(head)+n], sealed[len(head)+n:], head)
			if err != nil {
				return "", fmt.Errorf("vault: sealed value under key %x does not open (damaged)", head[1:])
			}
			return string(plain), nil
		}
		return "", fmt.Errorf("vault: value sealed under key %x, which is not configured (give it as an old key: PAYSMART_VAULT_OLD_KEYS)", head[1:])
	}
	return "", errors.New("vault: not a sealed value")
}

// Current reports whether sealed was sealed under the current key: what
// rotation leaves alone.
func (v *Vault) Current(sealed []byte) bool {
	return len(sealed) > 1+idSize && sealed[0] == version2 && string(sealed[1:1+idSize]) == string(v.current.id[:])
}

// Fingerprint is 16 URL-safe characters, the same for a card number within
// a merchant and unrelated across merchants.
func (v *Vault) Fingerprint(merchantID, pan string) string {
	m := hmac.New(sha256.New, v.fpKey)
	m.Write([]byte(merchantID))
	m.Write([]byte{0})
	m.Write([]byte(pan))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:12])
}

// ParseKey reads a master key written as 64 hex characters or as base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("vault key must be %d bytes as hex or base64", KeySize)
}

// ParseKeys reads several master keys (each as ParseKey reads one)
// separated by commas, spaces or lines; lines starting with # are comments.
func ParseKeys(s string) ([][]byte, error) {
	var keys [][]byte
	for i, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			k, err := ParseKey(f)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// LoadOrCreateKeyFile reads the master keys from path (one a line, the
// first sealing, the others old keys that only open), creating the file with
// a new random key (mode 0600) when it does not exist. The embedded default
// setup uses it; several nodes must share one key instead.
func LoadOrCreateKeyFile(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		keys, err := ParseKeys(string(b))
		if err == nil && len(keys) == 0 {
			err = errors.New("no key in it")
		}
		if err != nil {
			return nil, fmt.Errorf("vault key file %s: %w", path, err)
		}
		return keys, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process made it first
		return LoadOrCreateKeyFile(path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return [][]byte{key}, f.Close()
}

// Package vault keeps card numbers encrypted at rest (AES-256-GCM) and
// fingerprints them per merchant (HMAC-SHA256), from one 32-byte master key.
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

// version tags sealed values so the scheme can change without ambiguity.
const version byte = 1

// Vault implements domain.Vault.
type Vault struct {
	aead  cipher.AEAD
	fpKey []byte
}

// New returns a vault over a 32-byte master key. The encryption and
// fingerprint keys are derived from it, so neither reveals the other.
func New(master []byte) (*Vault, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("vault key must be %d bytes, got %d", KeySize, len(master))
	}
	block, err := aes.NewCipher(derive(master, "paysmart vault encryption v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Vault{aead: aead, fpKey: derive(master, "paysmart card fingerprint v1")}, nil
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts a card number: version byte, 12-byte nonce, ciphertext+tag.
func (v *Vault) Seal(pan string) ([]byte, error) {
	nonce := make([]byte, v.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte{version}, nonce...)
	return v.aead.Seal(out, nonce, []byte(pan), []byte{version}), nil
}

// Open decrypts what Seal produced.
func (v *Vault) Open(sealed []byte) (string, error) {
	n := v.aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != version {
		return "", errors.New("vault: not a sealed card number")
	}
	pan, err := v.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte{version})
	if err != nil {
		return "", errors.New("vault: cannot open sealed card number (wrong key?)")
	}
	return string(pan), nil
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

// LoadOrCreateKeyFile reads the master key from path, creating the file with
// a new random key (mode 0600) when it does not exist. The embedded default
// setup uses it; several nodes must share one key instead.
func LoadOrCreateKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return ParseKey(string(b))
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
	return key, f.Close()
}

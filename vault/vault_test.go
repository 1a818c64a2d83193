package vault

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newVault(t *testing.T) *Vault {
	t.Helper()
	key := make([]byte, KeySize)
	rand.Read(key)
	v, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSealOpen(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	const pan = "4242424242424242"
	a, err := v.Seal(pan)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := v.Seal(pan)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of one number are equal: nonce reused")
	}
	if bytes.Contains(a, []byte(pan)) || bytes.Contains(a, []byte("4242")) {
		t.Fatal("sealed value contains the number")
	}
	got, err := v.Open(a)
	if err != nil || got != pan {
		t.Fatalf("Open = %q, %v", got, err)
	}
	a[len(a)-1] ^= 1
	if _, err := v.Open(a); err == nil {
		t.Fatal("tampered value opened")
	}
	if _, err := newVault(t).Open(b); err == nil {
		t.Fatal("opened with another key")
	}
	for _, bad := range [][]byte{nil, {2}, {1, 2, 3}} {
		if _, err := v.Open(bad); err == nil {
			t.Fatalf("Open(%v) succeeded", bad)
		}
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	tests := []struct {
		m1, p1, m2, p2 string
		same           bool
	}{
		{"acct_a", "4242424242424242", "acct_a", "4242424242424242", true},
		{"acct_a", "4242424242424242", "acct_b", "4242424242424242", false},
		{"acct_a", "4242424242424242", "acct_a", "4000056655665556", false},
		{"acct_a", "4242424242424242", "acct_a4", "242424242424242", false},
	}
	for _, tc := range tests {
		f1, f2 := v.Fingerprint(tc.m1, tc.p1), v.Fingerprint(tc.m2, tc.p2)
		if (f1 == f2) != tc.same || len(f1) != 16 {
			t.Errorf("%+v: %q vs %q", tc, f1, f2)
		}
	}
	if newVault(t).Fingerprint("acct_a", "4242424242424242") == v.Fingerprint("acct_a", "4242424242424242") {
		t.Error("fingerprint does not depend on the key")
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	if _, err := New(make([]byte, 16)); err == nil {
		t.Fatal("short key accepted")
	}
	hexKey := strings.Repeat("ab", 32)
	if k, err := ParseKey(" " + hexKey + "\n"); err != nil || len(k) != 32 {
		t.Fatalf("hex: %v", err)
	}
	if _, err := ParseKey("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="); err != nil {
		t.Fatalf("base64: %v", err)
	}
	if _, err := ParseKey("short"); err == nil {
		t.Fatal("bad key accepted")
	}
	path := filepath.Join(t.TempDir(), "vault.key")
	k1, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKeyFile(path)
	if err != nil || len(k1) != 1 || len(k2) != 1 || !bytes.Equal(k1[0], k2[0]) {
		t.Fatalf("reload: %v", err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode())
	}
}

func randomKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	rand.Read(k)
	return k
}

// TestRotation: a value sealed under key A (in the first format, before key
// ids, and in the second) opens with B as the current key and A as an old
// one; B alone opens what B sealed and names A's id for what A sealed.
func TestRotation(t *testing.T) {
	t.Parallel()
	a, b := randomKey(t), randomKey(t)
	va, _ := New(a)
	sealedA, _ := va.Seal("whsec_a")
	// The first format: version 1, nonce, ciphertext, the version as data.
	nonce := make([]byte, va.current.aead.NonceSize())
	rand.Read(nonce)
	firstFormat := va.current.aead.Seal(append([]byte{version1}, nonce...), nonce, []byte("4242424242424242"), []byte{version1})

	vb, err := New(b, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sealed []byte
		want   string
	}{{sealedA, "whsec_a"}, {firstFormat, "4242424242424242"}} {
		if got, err := vb.Open(c.sealed); err != nil || got != c.want {
			t.Errorf("B with old A: Open = %q, %v; want %q", got, err, c.want)
		}
		if vb.Current(c.sealed) {
			t.Errorf("a value sealed under A is current under B")
		}
	}
	sealedB, _ := vb.Seal("whsec_b")
	if !vb.Current(sealedB) || va.Current(sealedB) {
		t.Error("Current: a value sealed under B")
	}
	bAlone, _ := New(b)
	if got, err := bAlone.Open(sealedB); err != nil || got != "whsec_b" {
		t.Errorf("B alone: Open = %q, %v", got, err)
	}
	_, err = bAlone.Open(sealedA)
	if err == nil || !strings.Contains(err.Error(), KeyID(a)) || !strings.Contains(err.Error(), "not configured") {
		t.Errorf("B alone opening A's value: %v; want an error naming key %s as not configured", err, KeyID(a))
	}
	if _, err := bAlone.Open(firstFormat); err == nil {
		t.Error("B alone opened a first-format value sealed under A")
	}
	if _, err := New(b, a, b); err == nil {
		t.Error("a key given twice accepted")
	}
	if vb.Fingerprint("m", "4242424242424242") != bAlone.Fingerprint("m", "4242424242424242") {
		t.Error("fingerprints do not follow the current key")
	}
}

func TestParseKeys(t *testing.T) {
	t.Parallel()
	a, b := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	keys, err := ParseKeys("# rotated 2026-12\n" + a + "\n" + b + ", " + a + "\n")
	if err != nil || len(keys) != 3 || keys[1][0] != 0xcd {
		t.Fatalf("ParseKeys = %d keys, %v", len(keys), err)
	}
	if _, err := ParseKeys(a + "\nshort"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("bad second line: %v", err)
	}
	path := filepath.Join(t.TempDir(), "vault.key")
	os.WriteFile(path, []byte(b+"\n"+a+"\n"), 0o600)
	if keys, err := LoadOrCreateKeyFile(path); err != nil || len(keys) != 2 || keys[0][0] != 0xcd {
		t.Fatalf("key file with two keys: %d, %v", len(keys), err)
	}
}

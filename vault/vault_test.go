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
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("reload: %v", err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode())
	}
}

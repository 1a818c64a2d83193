package dashboard

import (
	"github.com/alexedwards/argon2id"
)

// Passwords hashes dashboard passwords with argon2id in the PHC string form
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so that parameters can rise later
// without invalidating stored hashes. It implements domain.PasswordHasher.
type Passwords struct {
	Params *argon2id.Params // nil means DefaultParams
}

// DefaultParams are OWASP's argon2id minimum (19 MiB, two passes, one lane):
// a sign-in costs tens of milliseconds and as many MiB, which login
// throttling keeps from being a lever against the server.
var DefaultParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// TestParams are cheap parameters for tests only.
var TestParams = &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Hash returns the encoded argon2id hash of password under a fresh salt.
func (p Passwords) Hash(password string) (string, error) {
	params := p.Params
	if params == nil {
		params = DefaultParams
	}
	return argon2id.CreateHash(password, params)
}

// Verify reports whether password matches the encoded hash, in constant time.
func (p Passwords) Verify(password, encoded string) (bool, error) {
	return argon2id.ComparePasswordAndHash(password, encoded)
}

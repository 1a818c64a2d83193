package domain

import (
	"context"
	"crypto/subtle"
	"net/mail"
	"strings"
	"time"
)

// Role is what a dashboard user may do for its merchant.
type Role string

// The roles. An owner does everything; a developer reads and manages keys,
// webhook endpoints and applications; a viewer only reads, and sees no keys.
const (
	RoleOwner     Role = "owner"
	RoleDeveloper Role = "developer"
	RoleViewer    Role = "viewer"
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleOwner, RoleDeveloper, RoleViewer}

// Permission is one kind of dashboard action.
type Permission string

// The permissions a role is checked for.
const (
	PermRead    Permission = "read"    // payments, customers, requests, events, deliveries
	PermMoney   Permission = "money"   // refunds, captures, payment requests, customers
	PermDevelop Permission = "develop" // API keys, webhook endpoints, applications
	PermAdmin   Permission = "admin"   // users, roles, the audit log, settings
)

// Can reports whether the role holds the permission. The dashboard checks it
// on every request, whatever the page shows.
func (r Role) Can(p Permission) bool {
	switch r {
	case RoleOwner:
		return true
	case RoleDeveloper:
		return p == PermRead || p == PermDevelop
	case RoleViewer:
		return p == PermRead
	}
	return false
}

// ParseRole returns the role named s. Errors: CodeInvalid (role).
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Invalid("role", "parameter_invalid", "The role must be owner, developer or viewer.")
}

// User is a person who signs in to a merchant's dashboard. The password is
// kept only as an encoded argon2id hash.
type User struct {
	ID           string // "usr_" + 24 base62 characters
	MerchantID   string
	Email        string // lower-cased; unique across merchants (it is the sign-in name)
	Role         Role
	PasswordHash string
	Created      time.Time
	Updated      time.Time
}

// PasswordHasher hashes passwords into a self-describing encoded form and
// checks them; the wiring supplies argon2id.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Verify(password, encoded string) (bool, error)
}

// MinPasswordLen is the shortest password a user may set.
const MinPasswordLen = 10

// SessionLifetime is how long a dashboard session lasts after sign-in.
const SessionLifetime = 12 * time.Hour

// Session is a signed-in browser. Only the SHA-256 of its cookie's token is
// stored, so the table alone lets no one in; revoking it signs the browser out
// on every node at its next request.
type Session struct {
	Hash      string
	UserID    string
	CSRF      string // the token every form of the session carries
	Livemode  bool   // the dashboard's test/live toggle
	Created   time.Time
	Expires   time.Time
	RevokedAt *time.Time
}

// NewSession is a session as created: the only moment its token exists.
type NewSession struct {
	Token   string
	Session Session
	User    User
}

// CreateUser adds a dashboard user to a merchant. An empty password is
// replaced by a generated one; the password used is returned, to be shown
// once. Errors: CodeInvalid (email, role, password), CodeNotFound (merchant),
// CodeConflict (email taken), CodeInternal (no password hasher).
func (e *Engine) CreateUser(ctx context.Context, merchantID, email string, role Role, password string) (User, string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(email))
	if err != nil || addr.Name != "" || !strings.Contains(addr.Address, "@") {
		return User{}, "", Invalid("email", "parameter_invalid", "The e-mail address is not valid.")
	}
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, "", err
	}
	if password == "" {
		password = randomString(20)
	}
	if len([]rune(password)) < MinPasswordLen {
		return User{}, "", Invalid("password", "parameter_invalid", "The password must be at least %d characters long.", MinPasswordLen)
	}
	hash, err := e.hashPassword(password)
	if err != nil {
		return User{}, "", err
	}
	now := e.now()
	u := User{ID: NewID("usr"), MerchantID: merchantID, Email: strings.ToLower(addr.Address), Role: role,
		PasswordHash: hash, Created: now, Updated: now}
	err = e.tx(ctx, func(tx Tx) error {
		if _, err := tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		if err := tx.InsertUser(ctx, u); err != nil {
			if ErrorCode(err) == CodeConflict {
				return emailTaken(err)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return User{}, "", err
	}
	return u, password, nil
}

func (e *Engine) hashPassword(password string) (string, error) {
	if e.Passwords == nil {
		return "", Internal(errNoHasher)
	}
	h, err := e.Passwords.Hash(password)
	if err != nil {
		return "", Internal(err)
	}
	return h, nil
}

type hasherError string

func (e hasherError) Error() string { return string(e) }

const errNoHasher = hasherError("engine has no PasswordHasher")

// ListUsers returns a merchant's dashboard users, oldest first.
func (e *Engine) ListUsers(ctx context.Context, merchantID string) ([]User, error) {
	var out []User
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListUsers(ctx, merchantID); return err })
	return out, err
}

// SetUserRole changes the role of one of a merchant's users. The last owner
// cannot step down. Errors: CodeNotFound (user), CodeInvalid (role), CodeState
// (last_owner).
func (e *Engine) SetUserRole(ctx context.Context, merchantID, userID string, role Role) (User, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, err
	}
	now := e.now()
	var u User
	err := e.tx(ctx, func(tx Tx) error {
		if err := tx.LockMerchant(ctx, merchantID); err != nil {
			return err
		}
		var err error
		if u, err = tx.GetUser(ctx, userID); err != nil {
			return err
		}
		if u.MerchantID != merchantID {
			return NotFound("user", "id", userID)
		}
		if u.Role == RoleOwner && role != RoleOwner {
			users, err := tx.ListUsers(ctx, merchantID)
			if err != nil {
				return err
			}
			owners := 0
			for _, o := range users {
				if o.Role == RoleOwner {
					owners++
				}
			}
			if owners <= 1 {
				return StateError("last_owner", "The merchant's last owner cannot change role.")
			}
		}
		u.Role, u.Updated = role, now
		return tx.UpdateUser(ctx, u)
	})
	return u, err
}

// Login checks an e-mail and password and opens a session. Every refusal is
// the same CodeUnauthenticated (invalid_login), whether the address is
// unknown or the password wrong. Throttling is the caller's.
func (e *Engine) Login(ctx context.Context, email, password string) (NewSession, error) {
	refused := &Error{Code: CodeUnauthenticated, Reason: "invalid_login", Message: "The e-mail address or the password is not right."}
	if e.Passwords == nil {
		return NewSession{}, Internal(errNoHasher)
	}
	var u User
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		u, err = tx.GetUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
		return err
	})
	if err != nil && ErrorCode(err) != CodeNotFound {
		return NewSession{}, err
	}
	if err != nil {
		// An unknown address takes as long to refuse as a wrong password:
		// hashing costs what checking does.
		e.Passwords.Hash(password)
		return NewSession{}, refused
	}
	ok, err := e.Passwords.Verify(password, u.PasswordHash)
	if err != nil {
		return NewSession{}, Internal(err)
	}
	if !ok {
		return NewSession{}, refused
	}
	ns := newSession(u, e.now())
	if err := e.tx(ctx, func(tx Tx) error { return tx.InsertSession(ctx, ns.Session) }); err != nil {
		return NewSession{}, err
	}
	return ns, nil
}

// newSession is a new session of u, for the caller to insert.
func newSession(u User, now time.Time) NewSession {
	token := randomString(keySecretLen)
	s := Session{Hash: HashKey(token), UserID: u.ID, CSRF: randomString(keySecretLen), Created: now, Expires: now.Add(SessionLifetime)}
	return NewSession{Token: token, Session: s, User: u}
}

// SessionUser returns the session of a cookie's token and its user. An
// unknown, expired or revoked session is CodeUnauthenticated.
func (e *Engine) SessionUser(ctx context.Context, token string) (Session, User, error) {
	out := &Error{Code: CodeUnauthenticated, Reason: "session_invalid", Message: "Please sign in."}
	if token == "" || len(token) > 128 {
		return Session{}, User{}, out
	}
	var s Session
	var u User
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		var err error
		if s, err = tx.GetSession(ctx, HashKey(token)); err != nil {
			return err
		}
		u, err = tx.GetUser(ctx, s.UserID)
		return err
	})
	if ErrorCode(err) == CodeNotFound {
		return Session{}, User{}, out
	}
	if err != nil {
		return Session{}, User{}, err
	}
	if s.RevokedAt != nil || !e.now().Before(s.Expires) {
		return Session{}, User{}, out
	}
	return s, u, nil
}

// CSRFMatches reports in constant time whether a form's token is the session's.
func (s Session) CSRFMatches(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.CSRF)) == 1
}

// Logout revokes a session; an unknown one is no error.
func (e *Engine) Logout(ctx context.Context, token string) error {
	now := e.now()
	return e.tx(ctx, func(tx Tx) error { return tx.RevokeSessions(ctx, "", HashKey(token), now) })
}

// SetSessionMode switches a session between test and live data.
func (e *Engine) SetSessionMode(ctx context.Context, s Session, live bool) error {
	return e.tx(ctx, func(tx Tx) error { return tx.SetSessionMode(ctx, s.Hash, live) })
}

// ChangePassword sets a user's new password after checking the current one,
// and signs out every other session of the user. Errors: CodeUnauthenticated
// (current password wrong), CodeInvalid (password too short).
func (e *Engine) ChangePassword(ctx context.Context, s Session, current, next string) error {
	if len([]rune(next)) < MinPasswordLen {
		return Invalid("password", "parameter_invalid", "The password must be at least %d characters long.", MinPasswordLen)
	}
	var u User
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { u, err = tx.GetUser(ctx, s.UserID); return err }); err != nil {
		return err
	}
	if e.Passwords == nil {
		return Internal(errNoHasher)
	}
	if ok, err := e.Passwords.Verify(current, u.PasswordHash); err != nil || !ok {
		return &Error{Code: CodeUnauthenticated, Param: "current_password", Reason: "invalid_login", Message: "The current password is not right."}
	}
	hash, err := e.hashPassword(next)
	if err != nil {
		return err
	}
	now := e.now()
	return e.tx(ctx, func(tx Tx) error {
		u.PasswordHash, u.Updated = hash, now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.RevokeSessions(ctx, u.ID, "", now, s.Hash)
	})
}

// AuditEntry is one sensitive dashboard action: a key created, rolled or
// revoked, a refund or capture, a webhook endpoint changed, a user added or
// its role changed, an application enabled or disabled.
type AuditEntry struct {
	ID         string
	MerchantID string
	Livemode   bool
	UserID     string
	Actor      string // the user's e-mail at the time
	Action     string // e.g. "key.rolled", "payment.refunded"
	Target     string // the object's id
	Detail     string
	Created    time.Time
}

// RecordAudit appends an entry to a merchant's audit log.
func (e *Engine) RecordAudit(ctx context.Context, a AuditEntry) error {
	a.ID, a.Created = NewID("aud"), e.now()
	return e.tx(ctx, func(tx Tx) error { return tx.InsertAudit(ctx, a) })
}

// ListAudit returns a merchant's audit log, newest first, at most limit entries.
func (e *Engine) ListAudit(ctx context.Context, merchantID string, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListAudit(ctx, merchantID, limit); return err })
	return out, err
}

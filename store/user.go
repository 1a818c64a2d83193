package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/paysmart/paysmart/domain"
)

const userColumns = `id, merchant_id, email, role, password_hash, created, updated`

func scanUser(row interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	var role string
	var created, updated int64
	err := row.Scan(&u.ID, &u.MerchantID, &u.Email, &role, &u.PasswordHash, &created, &updated)
	u.Role, u.Created, u.Updated = domain.Role(role), fromMS(created), fromMS(updated)
	return u, err
}

func (t *tx) InsertUser(ctx context.Context, u domain.User) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, u.MerchantID, u.Email, string(u.Role), u.PasswordHash, ms(u.Created), ms(u.Updated))
	return translate(err)
}

func (t *tx) UpdateUser(ctx context.Context, u domain.User) error {
	_, err := t.q.ExecContext(ctx, `UPDATE users SET role = $2, password_hash = $3, updated = $4 WHERE id = $1`,
		u.ID, string(u.Role), u.PasswordHash, ms(u.Updated))
	return translate(err)
}

func (t *tx) GetUser(ctx context.Context, id string) (domain.User, error) {
	u, err := scanUser(t.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, notFound(err, "user", id)
	}
	return u, nil
}

func (t *tx) GetUserByEmail(ctx context.Context, email string) (domain.User, error) {
	u, err := scanUser(t.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	if err != nil {
		return u, notFound(err, "user", "")
	}
	return u, nil
}

func (t *tx) ListUsers(ctx context.Context, merchantID string) ([]domain.User, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE merchant_id = $1 ORDER BY seq`, merchantID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, u)
	}
	return out, translate(rows.Err())
}

func (t *tx) InsertSession(ctx context.Context, s domain.Session) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, csrf, livemode, created, expires, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.Hash, s.UserID, s.CSRF, s.Livemode, ms(s.Created), ms(s.Expires), msPtr(s.RevokedAt))
	return translate(err)
}

func (t *tx) GetSession(ctx context.Context, hash string) (domain.Session, error) {
	var s domain.Session
	var created, expires int64
	var revoked sql.NullInt64
	err := t.q.QueryRowContext(ctx, `SELECT hash, user_id, csrf, livemode, created, expires, revoked_at FROM sessions WHERE hash = $1`, hash).
		Scan(&s.Hash, &s.UserID, &s.CSRF, &s.Livemode, &created, &expires, &revoked)
	if err != nil {
		return s, notFound(err, "session", "")
	}
	s.Created, s.Expires, s.RevokedAt = fromMS(created), fromMS(expires), fromNullMS(revoked)
	return s, nil
}

func (t *tx) SetSessionMode(ctx context.Context, hash string, live bool) error {
	_, err := t.q.ExecContext(ctx, `UPDATE sessions SET livemode = $2 WHERE hash = $1`, hash, live)
	return translate(err)
}

func (t *tx) RevokeSessions(ctx context.Context, userID, hash string, now time.Time, except ...string) error {
	if hash != "" {
		_, err := t.q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL`, hash, ms(now))
		return translate(err)
	}
	q := `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`
	args := []any{userID, ms(now)}
	if len(except) > 0 {
		q += ` AND hash NOT IN (` + placeholders(3, len(except)) + `)`
		for _, h := range except {
			args = append(args, h)
		}
	}
	_, err := t.q.ExecContext(ctx, q, args...)
	return translate(err)
}

func (t *tx) InsertAudit(ctx context.Context, a domain.AuditEntry) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO audit_log (id, merchant_id, livemode, user_id, actor, action, target, detail, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ID, a.MerchantID, a.Livemode, a.UserID, a.Actor, a.Action, a.Target, a.Detail, ms(a.Created))
	return translate(err)
}

func (t *tx) ListAudit(ctx context.Context, merchantID string, limit int) ([]domain.AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := t.q.QueryContext(ctx, `SELECT id, merchant_id, livemode, user_id, actor, action, target, detail, created
		FROM audit_log WHERE merchant_id = $1 ORDER BY seq DESC LIMIT CAST($2 AS BIGINT)`, merchantID, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var a domain.AuditEntry
		var created int64
		if err := rows.Scan(&a.ID, &a.MerchantID, &a.Livemode, &a.UserID, &a.Actor, &a.Action, &a.Target, &a.Detail, &created); err != nil {
			return nil, translate(err)
		}
		a.Created = fromMS(created)
		out = append(out, a)
	}
	return out, translate(rows.Err())
}

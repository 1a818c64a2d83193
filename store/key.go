package store

import (
	"context"
	"database/sql"

	"github.com/paysmart/paysmart/domain"
)

const keyColumns = `id, merchant_id, kind, livemode, hash, last4, created, expires_at, revoked_at, rolled_to, application_id`

func scanKey(row interface{ Scan(...any) error }) (domain.APIKey, error) {
	var k domain.APIKey
	var kind string
	var created int64
	var expires, revoked sql.NullInt64
	err := row.Scan(&k.ID, &k.MerchantID, &kind, &k.Livemode, &k.Hash, &k.Last4, &created, &expires, &revoked, &k.RolledTo, &k.ApplicationID)
	k.Kind, k.Created, k.ExpiresAt, k.RevokedAt = domain.KeyKind(kind), fromMS(created), fromNullMS(expires), fromNullMS(revoked)
	return k, err
}

func (t *tx) InsertKey(ctx context.Context, k domain.APIKey) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO api_keys (`+keyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		k.ID, k.MerchantID, string(k.Kind), k.Livemode, k.Hash, k.Last4, ms(k.Created), msPtr(k.ExpiresAt), msPtr(k.RevokedAt), k.RolledTo, k.ApplicationID)
	return translate(err)
}

func (t *tx) GetKeyByHash(ctx context.Context, hash string) (domain.APIKey, error) {
	k, err := scanKey(t.q.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE hash = $1`, hash))
	if err != nil {
		return k, notFound(err, "key", "")
	}
	return k, nil
}

func (t *tx) GetKeyForUpdate(ctx context.Context, id string) (domain.APIKey, error) {
	k, err := scanKey(t.q.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE id = $1`+t.forUpdate(), id))
	if err != nil {
		return k, notFound(err, "key", id)
	}
	return k, nil
}

func (t *tx) ListKeys(ctx context.Context, merchantID, applicationID string) ([]domain.APIKey, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE merchant_id = $1 AND application_id = $2 ORDER BY seq DESC`,
		merchantID, applicationID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.APIKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, k)
	}
	return out, translate(rows.Err())
}

func (t *tx) UpdateKey(ctx context.Context, k domain.APIKey) error {
	_, err := t.q.ExecContext(ctx, `UPDATE api_keys SET expires_at = $2, revoked_at = $3, rolled_to = $4 WHERE id = $1`,
		k.ID, msPtr(k.ExpiresAt), msPtr(k.RevokedAt), k.RolledTo)
	return translate(err)
}

func (t *tx) InsertKeyEvent(ctx context.Context, e domain.KeyEvent) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO key_events (id, merchant_id, key_id, action, detail, created) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.ID, e.MerchantID, e.KeyID, e.Action, e.Detail, ms(e.Created))
	return translate(err)
}

func (t *tx) ListKeyEvents(ctx context.Context, merchantID string) ([]domain.KeyEvent, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT id, merchant_id, key_id, action, detail, created FROM key_events WHERE merchant_id = $1 ORDER BY seq`, merchantID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.KeyEvent
	for rows.Next() {
		var e domain.KeyEvent
		var created int64
		if err := rows.Scan(&e.ID, &e.MerchantID, &e.KeyID, &e.Action, &e.Detail, &created); err != nil {
			return nil, translate(err)
		}
		e.Created = fromMS(created)
		out = append(out, e)
	}
	return out, translate(rows.Err())
}

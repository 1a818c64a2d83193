package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/paysmart/paysmart/domain"
)

func (t *tx) InsertIdempotency(ctx context.Context, r domain.IdempotencyRecord) (bool, error) {
	// ON CONFLICT DO NOTHING is the same on both engines; on PostgreSQL it
	// waits for a concurrent claim of the same key to commit first.
	res, err := t.q.ExecContext(ctx, `INSERT INTO idempotency_keys (merchant_id, livemode, key, fingerprint, state, token, object_id, created, locked_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		r.Scope.MerchantID, r.Scope.Livemode, r.Key, r.Fingerprint, string(r.State), r.Token, r.ObjectID, ms(r.Created), ms(r.LockedUntil))
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (t *tx) GetIdempotencyForUpdate(ctx context.Context, s domain.Scope, key string) (domain.IdempotencyRecord, error) {
	r := domain.IdempotencyRecord{Scope: s, Key: key}
	var state string
	var created, locked int64
	var body []byte
	err := t.q.QueryRowContext(ctx, `SELECT fingerprint, state, token, object_id, response_status, response_type, response_body, created, locked_until
		FROM idempotency_keys WHERE merchant_id = $1 AND livemode = $2 AND key = $3`+t.forUpdate(), s.MerchantID, s.Livemode, key).
		Scan(&r.Fingerprint, &state, &r.Token, &r.ObjectID, &r.Response.Status, &r.Response.ContentType, &body, &created, &locked)
	if err == sql.ErrNoRows {
		return r, domain.NotFound("idempotency key", "Idempotency-Key", key)
	}
	r.State, r.Response.Body, r.Created, r.LockedUntil = domain.IdempotencyState(state), body, fromMS(created), fromMS(locked)
	return r, translate(err)
}

func (t *tx) ReplaceIdempotency(ctx context.Context, r domain.IdempotencyRecord) error {
	_, err := t.q.ExecContext(ctx, `UPDATE idempotency_keys SET fingerprint = $4, state = $5, token = $6, object_id = $7,
		response_status = 0, response_type = '', response_body = NULL, created = $8, locked_until = $9
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3`,
		r.Scope.MerchantID, r.Scope.Livemode, r.Key, r.Fingerprint, string(r.State), r.Token, r.ObjectID, ms(r.Created), ms(r.LockedUntil))
	return translate(err)
}

// fenced runs an update that only the claim holding token may make and
// reports whether it did.
func (t *tx) fenced(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := t.q.ExecContext(ctx, query, args...)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (t *tx) BindIdempotency(ctx context.Context, s domain.Scope, key, token, objectID string) (bool, error) {
	return t.fenced(ctx, `UPDATE idempotency_keys SET state = 'began', object_id = CASE WHEN $5 = '' THEN object_id ELSE $5 END
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3 AND token = $4 AND state <> 'done'`,
		s.MerchantID, s.Livemode, key, token, objectID)
}

func (t *tx) RenewIdempotency(ctx context.Context, s domain.Scope, key, token string, until time.Time) (bool, error) {
	return t.fenced(ctx, `UPDATE idempotency_keys SET locked_until = $5
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3 AND token = $4 AND state <> 'done'`,
		s.MerchantID, s.Livemode, key, token, ms(until))
}

func (t *tx) FinishIdempotency(ctx context.Context, s domain.Scope, key, token string, resp domain.StoredResponse) error {
	_, err := t.fenced(ctx, `UPDATE idempotency_keys SET state = 'done', response_status = $5, response_type = $6, response_body = $7
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3 AND token = $4`,
		s.MerchantID, s.Livemode, key, token, resp.Status, resp.ContentType, resp.Body)
	return err
}

func (t *tx) DeleteIdempotency(ctx context.Context, s domain.Scope, key, token string) error {
	_, err := t.fenced(ctx, `DELETE FROM idempotency_keys WHERE merchant_id = $1 AND livemode = $2 AND key = $3 AND token = $4 AND state = 'in_flight'`,
		s.MerchantID, s.Livemode, key, token)
	return err
}

func (t *tx) PruneIdempotency(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created < $1`, ms(before))
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

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
	res, err := t.q.ExecContext(ctx, `INSERT INTO idempotency_keys (merchant_id, livemode, key, fingerprint, state, created, locked_until)
		VALUES ($1, $2, $3, $4, 'in_flight', $5, $6) ON CONFLICT DO NOTHING`,
		r.Scope.MerchantID, r.Scope.Livemode, r.Key, r.Fingerprint, ms(r.Created), ms(r.LockedUntil))
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
	err := t.q.QueryRowContext(ctx, `SELECT fingerprint, state, response_status, response_type, response_body, created, locked_until
		FROM idempotency_keys WHERE merchant_id = $1 AND livemode = $2 AND key = $3`+t.forUpdate(), s.MerchantID, s.Livemode, key).
		Scan(&r.Fingerprint, &state, &r.Response.Status, &r.Response.ContentType, &body, &created, &locked)
	if err == sql.ErrNoRows {
		return r, domain.NotFound("idempotency key", "Idempotency-Key", key)
	}
	r.Done, r.Response.Body, r.Created, r.LockedUntil = state == "done", body, fromMS(created), fromMS(locked)
	return r, translate(err)
}

func (t *tx) ReplaceIdempotency(ctx context.Context, r domain.IdempotencyRecord) error {
	_, err := t.q.ExecContext(ctx, `UPDATE idempotency_keys SET fingerprint = $4, state = 'in_flight', response_status = 0,
		response_type = '', response_body = NULL, created = $5, locked_until = $6
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3`,
		r.Scope.MerchantID, r.Scope.Livemode, r.Key, r.Fingerprint, ms(r.Created), ms(r.LockedUntil))
	return translate(err)
}

func (t *tx) FinishIdempotency(ctx context.Context, s domain.Scope, key string, resp domain.StoredResponse) error {
	_, err := t.q.ExecContext(ctx, `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_type = $5, response_body = $6
		WHERE merchant_id = $1 AND livemode = $2 AND key = $3`,
		s.MerchantID, s.Livemode, key, resp.Status, resp.ContentType, resp.Body)
	return translate(err)
}

func (t *tx) DeleteIdempotency(ctx context.Context, s domain.Scope, key string) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE merchant_id = $1 AND livemode = $2 AND key = $3`,
		s.MerchantID, s.Livemode, key)
	return translate(err)
}

func (t *tx) PruneIdempotency(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created < $1`, ms(before))
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

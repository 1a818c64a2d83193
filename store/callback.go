package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/paysmart/paysmart/domain"
)

func (t *tx) GetCallbackSecret(ctx context.Context, s domain.Scope) ([]byte, error) {
	var sealed []byte
	err := t.q.QueryRowContext(ctx, `SELECT sealed_secret FROM callback_secrets WHERE merchant_id = $1 AND livemode = $2`,
		s.MerchantID, s.Livemode).Scan(&sealed)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("callback secret", "", s.MerchantID)
	}
	return sealed, translate(err)
}

func (t *tx) PutCallbackSecret(ctx context.Context, s domain.Scope, sealed []byte, now time.Time) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO callback_secrets (merchant_id, livemode, sealed_secret, created) VALUES ($1, $2, $3, $4)
		ON CONFLICT (merchant_id, livemode) DO UPDATE SET sealed_secret = excluded.sealed_secret, created = excluded.created`,
		s.MerchantID, s.Livemode, sealed, ms(now))
	return translate(err)
}

package store

import (
	"context"
	"fmt"

	"github.com/paysmart/paysmart/domain"
)

// sealedColumns says where each sealed column lives: its table, an
// expression naming the row (domain.SealedValue.ID), the merchant column
// and the sealed column.
var sealedColumns = map[domain.SealedKind]struct{ table, id, column string }{
	domain.SealedCardNumber:      {"payment_methods", "id", "sealed_pan"},
	domain.SealedWebhookSecret:   {"webhook_endpoints", "id", "secret"},
	domain.SealedWebhookPrevious: {"webhook_endpoints", "id", "previous_secret"},
	domain.SealedCallbackSecret:  {"callback_secrets", "merchant_id || '/' || CASE WHEN livemode THEN '1' ELSE '0' END", "sealed_secret"},
}

func sealedColumn(kind domain.SealedKind) (table, id, column string, err error) {
	c, ok := sealedColumns[kind]
	if !ok {
		return "", "", "", fmt.Errorf("store: no sealed column %q", kind)
	}
	return c.table, c.id, c.column, nil
}

func (t *tx) SealedValues(ctx context.Context, kind domain.SealedKind, after string, limit int) ([]domain.SealedValue, error) {
	table, id, column, err := sealedColumn(kind)
	if err != nil {
		return nil, err
	}
	rows, err := t.q.QueryContext(ctx, fmt.Sprintf(`SELECT %[2]s, merchant_id, %[3]s FROM %[1]s
		WHERE %[3]s IS NOT NULL AND %[2]s > $1 ORDER BY %[2]s LIMIT CAST($2 AS BIGINT)`, table, id, column), after, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var vals []domain.SealedValue
	for rows.Next() {
		v := domain.SealedValue{Kind: kind}
		if err := rows.Scan(&v.ID, &v.MerchantID, &v.Sealed); err != nil {
			return nil, translate(err)
		}
		vals = append(vals, v)
	}
	return vals, translate(rows.Err())
}

func (t *tx) ResealValue(ctx context.Context, v domain.SealedValue, resealed []byte) (bool, error) {
	table, id, column, err := sealedColumn(v.Kind)
	if err != nil {
		return false, err
	}
	if table == "webhook_endpoints" {
		t.batch.forget()
	}
	res, err := t.q.ExecContext(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[3]s = $1 WHERE %[2]s = $2 AND %[3]s = $3`, table, id, column),
		resealed, v.ID, v.Sealed)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (t *tx) SetCardFingerprint(ctx context.Context, paymentMethodID, fingerprint string) error {
	if _, err := t.q.ExecContext(ctx, `UPDATE payment_methods SET card_fingerprint = $1 WHERE id = $2`, fingerprint, paymentMethodID); err != nil {
		return translate(err)
	}
	_, err := t.q.ExecContext(ctx, `UPDATE payments SET card_fingerprint = $1 WHERE payment_method_id = $2`, fingerprint, paymentMethodID)
	return translate(err)
}

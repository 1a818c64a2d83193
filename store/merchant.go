package store

import (
	"context"

	"github.com/paysmart/paysmart/domain"
)

func (t *tx) InsertMerchant(ctx context.Context, m domain.Merchant) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO merchants (id, name, created) VALUES ($1, $2, $3)`,
		m.ID, m.Name, ms(m.Created))
	return translate(err)
}

func (t *tx) GetMerchant(ctx context.Context, id string) (domain.Merchant, error) {
	var m domain.Merchant
	var created int64
	var final string
	err := t.q.QueryRowContext(ctx, `SELECT id, name, wallets, created, timezone, dunning_final, email, mail_from, phone_numbers
		FROM merchants WHERE id = $1`, id).
		Scan(&m.ID, &m.Name, &m.Wallets, &created, &m.TimeZone, &final, &m.Email, &m.MailFrom, &m.PhoneNumbers)
	if err != nil {
		return m, notFound(err, "merchant", id)
	}
	m.Created, m.DunningFinal = fromMS(created), domain.SubscriptionStatus(final)
	return m, nil
}

func (t *tx) CountMerchants(ctx context.Context) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM merchants`).Scan(&n)
	return n, translate(err)
}

func (t *tx) SetMerchantWallets(ctx context.Context, merchantID, wallets string) error {
	res, err := t.q.ExecContext(ctx, `UPDATE merchants SET wallets = $2 WHERE id = $1`, merchantID, wallets)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("merchant", "id", merchantID)
	}
	return nil
}

func (t *tx) UpdateMerchantSettings(ctx context.Context, m domain.Merchant) error {
	_, err := t.q.ExecContext(ctx, `UPDATE merchants SET timezone = $2, dunning_final = $3 WHERE id = $1`,
		m.ID, m.TimeZone, string(m.DunningFinal))
	return translate(err)
}

func (t *tx) SetMerchantContact(ctx context.Context, merchantID string, c domain.MerchantContact) error {
	res, err := t.q.ExecContext(ctx, `UPDATE merchants SET email = $2, mail_from = $3, phone_numbers = $4 WHERE id = $1`,
		merchantID, c.Email, c.MailFrom, c.PhoneNumbers)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("merchant", "id", merchantID)
	}
	return nil
}

func (t *tx) RenameMerchant(ctx context.Context, merchantID, name string) error {
	res, err := t.q.ExecContext(ctx, `UPDATE merchants SET name = $2 WHERE id = $1`, merchantID, name)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("merchant", "id", merchantID)
	}
	return nil
}

func (t *tx) ListMerchants(ctx context.Context) ([]domain.Merchant, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT id, name, wallets, email, mail_from, phone_numbers, created FROM merchants ORDER BY created, id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.Merchant
	for rows.Next() {
		var m domain.Merchant
		var created int64
		if err := rows.Scan(&m.ID, &m.Name, &m.Wallets, &m.Email, &m.MailFrom, &m.PhoneNumbers, &created); err != nil {
			return nil, translate(err)
		}
		m.Created = fromMS(created)
		out = append(out, m)
	}
	return out, translate(rows.Err())
}

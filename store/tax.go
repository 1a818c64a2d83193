package store

import (
	"context"
	"database/sql"

	"github.com/paysmart/paysmart/domain"
)

const taxColumns = `id, merchant_id, livemode, name, type, rate, amount, created, updated`

func scanTax(row interface{ Scan(...any) error }) (domain.Tax, error) {
	var t domain.Tax
	var created, updated int64
	err := row.Scan(&t.ID, &t.MerchantID, &t.Livemode, &t.Name, &t.Type, &t.Rate, &t.Amount, &created, &updated)
	t.Created, t.Updated = fromMS(created), fromMS(updated)
	return t, err
}

func (t *tx) InsertTax(ctx context.Context, x domain.Tax) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO taxes (id, merchant_id, livemode, name, type, rate, amount, created, updated)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		x.ID, x.MerchantID, x.Livemode, x.Name, x.Type, x.Rate, x.Amount, ms(x.Created), ms(x.Updated))
	return translate(err)
}

func (t *tx) GetTax(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.Tax, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	x, err := scanTax(t.q.QueryRowContext(ctx, `SELECT `+taxColumns+` FROM taxes`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return x, notFound(err, "tax", id)
	}
	return x, nil
}

func (t *tx) UpdateTax(ctx context.Context, x domain.Tax) error {
	_, err := t.q.ExecContext(ctx, `UPDATE taxes SET name = $2, type = $3, rate = $4, amount = $5, updated = $6 WHERE id = $1`,
		x.ID, x.Name, x.Type, x.Rate, x.Amount, ms(x.Updated))
	return translate(err)
}

func (t *tx) DeleteTax(ctx context.Context, s domain.Scope, id string) error {
	q := scoped(s)
	q.and("id = %s", id)
	_, err := t.q.ExecContext(ctx, `DELETE FROM taxes`+q.whereSQL(), q.args...)
	return translate(err)
}

func (t *tx) ListTaxes(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Tax], error) {
	q := scoped(s)
	q.keywords(p.Keywords, "name")
	if p.Type != "" {
		q.and("type = %s", p.Type)
	}
	return list(ctx, t, listSpec{table: "taxes", columns: taxColumns, kind: "tax"}, q, p,
		func(r *sql.Rows) (domain.Tax, error) { return scanTax(r) })
}

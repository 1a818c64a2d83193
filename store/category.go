package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/paysmart/paysmart/domain"
)

const categoryColumns = `number, id, merchant_id, livemode, name, created, updated`

func scanCategory(row interface{ Scan(...any) error }) (domain.Category, error) {
	var c domain.Category
	var created, updated int64
	err := row.Scan(&c.Number, &c.ID, &c.MerchantID, &c.Livemode, &c.Name, &created, &updated)
	c.Created, c.Updated = fromMS(created), fromMS(updated)
	return c, err
}

func (t *tx) InsertCategory(ctx context.Context, c domain.Category) (int64, error) {
	n, err := t.nextNumber(ctx, "product_categories", c.MerchantID, c.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO product_categories (id, merchant_id, livemode, name, created, updated, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		c.ID, c.MerchantID, c.Livemode, c.Name, ms(c.Created), ms(c.Updated), n)
	return n, translate(err)
}

func (t *tx) GetCategory(ctx context.Context, s domain.Scope, number int64, forUpdate bool) (domain.Category, error) {
	q := scoped(s)
	q.and("number = %s", number)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	c, err := scanCategory(t.q.QueryRowContext(ctx, `SELECT `+categoryColumns+` FROM product_categories`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return c, notFound(err, "category", strconv.FormatInt(number, 10))
	}
	return c, nil
}

func (t *tx) UpdateCategory(ctx context.Context, c domain.Category) error {
	_, err := t.q.ExecContext(ctx, `UPDATE product_categories SET name = $2, updated = $3 WHERE id = $1`, c.ID, c.Name, ms(c.Updated))
	return translate(err)
}

func (t *tx) DeleteCategory(ctx context.Context, s domain.Scope, number int64) error {
	q := scoped(s)
	q.and("number = %s", number)
	_, err := t.q.ExecContext(ctx, `DELETE FROM product_categories`+q.whereSQL(), q.args...)
	return translate(err)
}

func (t *tx) ListCategories(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Category], error) {
	q := scoped(s)
	q.keywords(p.Keywords, "name")
	return list(ctx, t, listSpec{table: "product_categories", columns: categoryColumns, kind: "category"}, q, p,
		func(r *sql.Rows) (domain.Category, error) { return scanCategory(r) })
}

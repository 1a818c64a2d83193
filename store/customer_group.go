package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/paysmart/paysmart/domain"
)

const customerGroupColumns = `number, id, merchant_id, livemode, name, description, created, updated`

func scanCustomerGroup(row interface{ Scan(...any) error }) (domain.CustomerGroup, error) {
	var g domain.CustomerGroup
	var created, updated int64
	err := row.Scan(&g.Number, &g.ID, &g.MerchantID, &g.Livemode, &g.Name, &g.Description, &created, &updated)
	g.Created, g.Updated = fromMS(created), fromMS(updated)
	return g, err
}

func (t *tx) InsertCustomerGroup(ctx context.Context, g domain.CustomerGroup) (int64, error) {
	n, err := t.nextNumber(ctx, "customer_groups", g.MerchantID, g.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO customer_groups (id, merchant_id, livemode, name, name_key, description, created, updated, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		g.ID, g.MerchantID, g.Livemode, g.Name, domain.NameKey(g.Name), g.Description, ms(g.Created), ms(g.Updated), n)
	return n, translate(err)
}

func (t *tx) GetCustomerGroup(ctx context.Context, s domain.Scope, number int64, forUpdate bool) (domain.CustomerGroup, error) {
	q := scoped(s)
	q.and("number = %s", number)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	g, err := scanCustomerGroup(t.q.QueryRowContext(ctx, `SELECT `+customerGroupColumns+` FROM customer_groups`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return g, notFound(err, "customer group", strconv.FormatInt(number, 10))
	}
	return g, nil
}

func (t *tx) UpdateCustomerGroup(ctx context.Context, g domain.CustomerGroup) error {
	_, err := t.q.ExecContext(ctx, `UPDATE customer_groups SET name = $2, name_key = $3, description = $4, updated = $5 WHERE id = $1`,
		g.ID, g.Name, domain.NameKey(g.Name), g.Description, ms(g.Updated))
	return translate(err)
}

func (t *tx) DeleteCustomerGroup(ctx context.Context, s domain.Scope, number int64) error {
	q := scoped(s)
	q.and("number = %s", number)
	_, err := t.q.ExecContext(ctx, `DELETE FROM customer_groups`+q.whereSQL(), q.args...)
	return translate(err)
}

func (t *tx) UngroupCustomers(ctx context.Context, s domain.Scope, group int64, now time.Time) error {
	_, err := t.q.ExecContext(ctx, `UPDATE customers SET group_number = 0, updated = $4
		WHERE merchant_id = $1 AND livemode = $2 AND group_number = $3`, s.MerchantID, s.Livemode, group, ms(now))
	return translate(err)
}

func (t *tx) ListCustomerGroups(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.CustomerGroup], error) {
	q := scoped(s)
	q.keywords(p.Keywords, "name")
	return list(ctx, t, listSpec{table: "customer_groups", columns: customerGroupColumns, kind: "customer group"}, q, p,
		func(r *sql.Rows) (domain.CustomerGroup, error) { return scanCustomerGroup(r) })
}

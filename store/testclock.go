package store

import (
	"context"
	"database/sql"

	"github.com/paysmart/paysmart/domain"
)

const testClockColumns = `seq, id, merchant_id, livemode, name, frozen_time, status, advancing_to, advance_started, deleted, created`

func scanTestClock(row interface{ Scan(...any) error }) (domain.TestClock, error) {
	var c domain.TestClock
	var frozen, created int64
	var to, started sql.NullInt64
	err := row.Scan(&c.Number, &c.ID, &c.MerchantID, &c.Livemode, &c.Name, &frozen, &c.Status, &to, &started, &c.Deleted, &created)
	c.FrozenTime, c.Created, c.AdvancingTo, c.AdvanceStarted = fromMS(frozen), fromMS(created), fromNullMS(to), fromNullMS(started)
	return c, err
}

func (t *tx) InsertTestClock(ctx context.Context, c domain.TestClock) (int64, error) {
	var seq int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO test_clocks (id, merchant_id, livemode, name, frozen_time, status,
		advancing_to, advance_started, deleted, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq`,
		c.ID, c.MerchantID, c.Livemode, c.Name, ms(c.FrozenTime), c.Status, msPtr(c.AdvancingTo), msPtr(c.AdvanceStarted),
		c.Deleted, ms(c.Created)).Scan(&seq)
	return seq, translate(err)
}

func (t *tx) UpdateTestClock(ctx context.Context, c domain.TestClock) error {
	_, err := t.q.ExecContext(ctx, `UPDATE test_clocks SET frozen_time = $2, status = $3, advancing_to = $4,
		advance_started = $5, deleted = $6 WHERE id = $1`,
		c.ID, ms(c.FrozenTime), c.Status, msPtr(c.AdvancingTo), msPtr(c.AdvanceStarted), c.Deleted)
	return translate(err)
}

func (t *tx) GetTestClock(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.TestClock, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	c, err := scanTestClock(t.q.QueryRowContext(ctx, `SELECT `+testClockColumns+` FROM test_clocks`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return c, notFound(err, "test clock", id)
	}
	return c, nil
}

func (t *tx) ListTestClocks(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.TestClock], error) {
	q := scoped(s)
	q.and("deleted = %s", false)
	return list(ctx, t, listSpec{table: "test_clocks", columns: testClockColumns, kind: "test clock"}, q, p,
		func(r *sql.Rows) (domain.TestClock, error) { return scanTestClock(r) })
}

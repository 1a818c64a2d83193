package store

import (
	"context"
	"time"
)

func (t *tx) InsertSigninFailure(ctx context.Context, key string, at time.Time) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO signin_failures (key, created) VALUES ($1, $2)`, key, ms(at))
	return translate(err)
}

func (t *tx) SigninFailures(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT created FROM signin_failures WHERE key = $1 AND created >= $2
		ORDER BY created DESC LIMIT CAST($3 AS BIGINT)`, key, ms(since), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ts []time.Time
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, translate(err)
		}
		ts = append(ts, fromMS(c))
	}
	return ts, translate(rows.Err())
}

func (t *tx) DeleteSigninFailures(ctx context.Context, key string) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM signin_failures WHERE key = $1`, key)
	return translate(err)
}

func (t *tx) PruneSigninFailures(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.q.ExecContext(ctx, `DELETE FROM signin_failures WHERE created < $1`, ms(before))
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

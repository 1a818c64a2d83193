package store

import "context"

// nextNumber hands out the next Paysley number of a table within a scope:
// 1, 2, 3… per merchant and mode, never reused (a deleted object's number
// stays taken), so that a number reveals nothing about other merchants. The
// counter row is locked until the transaction ends, which serialises
// concurrent inserts of one scope and table on PostgreSQL.
func (t *tx) nextNumber(ctx context.Context, table, merchantID string, livemode bool) (int64, error) {
	var n int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO scope_numbers (merchant_id, livemode, kind, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (merchant_id, livemode, kind) DO UPDATE SET last = scope_numbers.last + 1 RETURNING last`,
		merchantID, livemode, table).Scan(&n)
	if err != nil {
		return 0, translate(err)
	}
	return n, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// LockProviderID takes, on PostgreSQL, an advisory lock on the provider id
// until the transaction ends, keyed by the schema too so that databases
// sharing a server (tests) do not wait for each other. SQLite needs none:
// its one writer runs write transactions one at a time.
func (t *tx) LockProviderID(ctx context.Context, providerID string) error {
	if t.flavor != Postgres {
		return nil
	}
	_, err := t.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(
		'paysmart provider id ' || current_schema() || ' ' || CAST($1 AS TEXT), 0))`, providerID)
	return translate(err)
}

func (t *tx) KeepPendingDelivery(ctx context.Context, p domain.PendingDelivery) (bool, error) {
	status := domain.MessageDelivered
	if !p.Delivered {
		status = domain.MessageUndelivered
	}
	res, err := t.q.ExecContext(ctx, `INSERT INTO message_reports_pending (provider_id, livemode, status, reason, received)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_id, livemode) DO NOTHING`,
		p.ProviderID, p.Livemode, status, p.Reason, ms(p.Received))
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (t *tx) TakePendingDelivery(ctx context.Context, livemode bool, providerID string) (domain.PendingDelivery, bool, error) {
	p := domain.PendingDelivery{Delivery: domain.Delivery{Livemode: livemode, ProviderID: providerID}}
	var status string
	var received int64
	err := t.q.QueryRowContext(ctx, `DELETE FROM message_reports_pending WHERE provider_id = $1 AND livemode = $2
		RETURNING status, reason, received`, providerID, livemode).Scan(&status, &p.Reason, &received)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, translate(err)
	}
	p.Delivered, p.Received = status == domain.MessageDelivered, fromMS(received)
	return p, true, nil
}

func (t *tx) PrunePendingDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.q.ExecContext(ctx, `DELETE FROM message_reports_pending WHERE received < $1`, ms(before))
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

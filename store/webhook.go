package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/paysmart/paysmart/domain"
)

const webhookEndpointColumns = `id, merchant_id, livemode, url, enabled_events, description, metadata, disabled, secret,
	previous_secret, previous_secret_expires, failing_since, flagged_at, created, updated`

func scanWebhookEndpoint(row interface{ Scan(...any) error }) (domain.WebhookEndpoint, error) {
	var w domain.WebhookEndpoint
	var events, meta string
	var prevExpires, failing, flagged sql.NullInt64
	var created, updated int64
	err := row.Scan(&w.ID, &w.MerchantID, &w.Livemode, &w.URL, &events, &w.Description, &meta, &w.Disabled, &w.SealedSecret,
		&w.SealedPrevious, &prevExpires, &failing, &flagged, &created, &updated)
	if err != nil {
		return w, err
	}
	if err := json.Unmarshal([]byte(events), &w.EnabledEvents); err != nil {
		return w, err
	}
	if err := json.Unmarshal([]byte(meta), &w.Metadata); err != nil {
		return w, err
	}
	w.PreviousExpires, w.FailingSince, w.FlaggedAt = fromNullMS(prevExpires), fromNullMS(failing), fromNullMS(flagged)
	w.Created, w.Updated = fromMS(created), fromMS(updated)
	return w, nil
}

func (t *tx) InsertWebhookEndpoint(ctx context.Context, w domain.WebhookEndpoint) error {
	t.batch.forget()
	_, err := t.q.ExecContext(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		w.ID, w.MerchantID, w.Livemode, w.URL, encodeJSON(w.EnabledEvents), w.Description, encodeJSON(nonNil(w.Metadata)), w.Disabled,
		w.SealedSecret, w.SealedPrevious, msPtr(w.PreviousExpires), msPtr(w.FailingSince), msPtr(w.FlaggedAt), ms(w.Created), ms(w.Updated))
	return translate(err)
}

func (t *tx) GetWebhookEndpoint(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.WebhookEndpoint, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	w, err := scanWebhookEndpoint(t.q.QueryRowContext(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return w, notFound(err, "webhook endpoint", id)
	}
	return w, nil
}

func (t *tx) GetWebhookEndpointsByID(ctx context.Context, ids []string) ([]domain.WebhookEndpoint, error) {
	in, args := inList(ids)
	rows, err := t.q.QueryContext(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := make([]domain.WebhookEndpoint, 0, len(ids))
	for rows.Next() {
		w, err := scanWebhookEndpoint(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, w)
	}
	return out, translate(rows.Err())
}

func (t *tx) UpdateWebhookEndpoint(ctx context.Context, w domain.WebhookEndpoint) error {
	t.batch.forget()
	_, err := t.q.ExecContext(ctx, `UPDATE webhook_endpoints SET url = $3, enabled_events = $4, description = $5, metadata = $6,
		disabled = $7, secret = $8, previous_secret = $9, previous_secret_expires = $10, failing_since = $11, flagged_at = $12, updated = $13
		WHERE merchant_id = $1 AND id = $2`,
		w.MerchantID, w.ID, w.URL, encodeJSON(w.EnabledEvents), w.Description, encodeJSON(nonNil(w.Metadata)), w.Disabled,
		w.SealedSecret, w.SealedPrevious, msPtr(w.PreviousExpires), msPtr(w.FailingSince), msPtr(w.FlaggedAt), ms(w.Updated))
	return translate(err)
}

func (t *tx) ClearWebhookEndpointFailure(ctx context.Context, s domain.Scope, id string, now time.Time) error {
	t.batch.forget()
	_, err := t.q.ExecContext(ctx, `UPDATE webhook_endpoints SET failing_since = NULL, flagged_at = NULL, updated = $4
		WHERE id = $3 AND merchant_id = $1 AND livemode = $2 AND (failing_since IS NOT NULL OR flagged_at IS NOT NULL)`,
		s.MerchantID, s.Livemode, id, ms(now))
	return translate(err)
}

func (t *tx) DeleteWebhookEndpoint(ctx context.Context, s domain.Scope, id string) error {
	t.batch.forget()
	res, err := t.q.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE merchant_id = $1 AND livemode = $2 AND id = $3`,
		s.MerchantID, s.Livemode, id)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return translate(err)
		}
		return domain.NotFound("webhook endpoint", "id", id)
	}
	return nil
}

func (t *tx) ListWebhookEndpoints(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.WebhookEndpoint], error) {
	return list(ctx, t, listSpec{table: "webhook_endpoints", columns: webhookEndpointColumns, kind: "webhook endpoint"}, scoped(s), p,
		func(r *sql.Rows) (domain.WebhookEndpoint, error) { return scanWebhookEndpoint(r) })
}

func (t *tx) CountWebhookEndpoints(ctx context.Context, s domain.Scope) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_endpoints WHERE merchant_id = $1 AND livemode = $2`,
		s.MerchantID, s.Livemode).Scan(&n)
	return n, translate(err)
}

func (t *tx) EnabledWebhookEndpoints(ctx context.Context, s domain.Scope) ([]domain.WebhookEndpoint, error) {
	if eps, ok := t.batch.endpoints(s); ok {
		return eps, nil
	}
	rows, err := t.q.QueryContext(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints
		WHERE merchant_id = $1 AND livemode = $2 AND disabled = $3 ORDER BY seq`, s.MerchantID, s.Livemode, false)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.WebhookEndpoint
	for rows.Next() {
		w, err := scanWebhookEndpoint(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	t.batch.keepEndpoints(s, out)
	return out, nil
}

// batchReads keeps what the units of one group commit read alike: every
// event a payment emits asks for its scope's enabled webhook endpoints, and
// a batch of payments of one merchant asked the database once each. A unit
// that writes webhook_endpoints, or that rolls back, forgets them. On
// PostgreSQL (read committed) a later unit may so miss an endpoint another
// transaction committed while the batch ran: as if it had run first, which
// it could have. A nil *batchReads (a read transaction) keeps nothing.
type batchReads struct {
	enabled map[domain.Scope][]domain.WebhookEndpoint
}

func (b *batchReads) endpoints(s domain.Scope) ([]domain.WebhookEndpoint, bool) {
	if b == nil {
		return nil, false
	}
	eps, ok := b.enabled[s]
	return slices.Clone(eps), ok
}

func (b *batchReads) keepEndpoints(s domain.Scope, eps []domain.WebhookEndpoint) {
	if b == nil {
		return
	}
	if b.enabled == nil {
		b.enabled = map[domain.Scope][]domain.WebhookEndpoint{}
	}
	b.enabled[s] = slices.Clone(eps)
}

// forget drops everything kept: the unit wrote what was read, or rolled back.
func (b *batchReads) forget() {
	if b != nil {
		b.enabled = nil
	}
}

const webhookDeliveryColumns = `id, merchant_id, livemode, event_id, endpoint_id, attempt, status_code, error, duration_ms, created, next_retry_at`

func scanWebhookDelivery(row interface{ Scan(...any) error }) (domain.WebhookDelivery, error) {
	var d domain.WebhookDelivery
	var durationMS, created int64
	var next sql.NullInt64
	err := row.Scan(&d.ID, &d.MerchantID, &d.Livemode, &d.EventID, &d.EndpointID, &d.Attempt, &d.StatusCode, &d.Error,
		&durationMS, &created, &next)
	d.Duration, d.Created, d.NextRetryAt = msDuration(durationMS), fromMS(created), fromNullMS(next)
	return d, err
}

func (t *tx) InsertWebhookDelivery(ctx context.Context, d domain.WebhookDelivery) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO webhook_deliveries (`+webhookDeliveryColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		d.ID, d.MerchantID, d.Livemode, d.EventID, d.EndpointID, d.Attempt, d.StatusCode, d.Error,
		d.Duration.Milliseconds(), ms(d.Created), msPtr(d.NextRetryAt))
	return translate(err)
}

func (t *tx) PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int64, error) {
	// The oldest attempts by seq, the primary key: no index on created to
	// write at every attempt.
	res, err := t.q.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE seq IN
		(SELECT seq FROM webhook_deliveries ORDER BY seq LIMIT CAST($2 AS BIGINT)) AND created < $1`, ms(before), int64(limit))
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

func (t *tx) ListWebhookDeliveries(ctx context.Context, s domain.Scope, eventID string, p domain.ListParams) (domain.Page[domain.WebhookDelivery], error) {
	q := scoped(s)
	q.and("event_id = %s", eventID)
	return list(ctx, t, listSpec{table: "webhook_deliveries", columns: webhookDeliveryColumns, kind: "webhook delivery"}, q, p,
		func(r *sql.Rows) (domain.WebhookDelivery, error) { return scanWebhookDelivery(r) })
}

// inList returns the placeholders and arguments of "IN (...)" for ids,
// padded with the last id to a power of two, so that batches of any size
// share a few statement texts (each is prepared once and cached).
func inList(ids []string) (string, []any) {
	if len(ids) == 0 {
		return "NULL", nil // matches nothing
	}
	n := 1
	for n < len(ids) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return placeholders(1, n), args
}

func msDuration(v int64) time.Duration { return time.Duration(v) * time.Millisecond }

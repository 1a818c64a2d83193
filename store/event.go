package store

import (
	"context"
	"database/sql"

	"github.com/paysmart/paysmart/domain"
)

const eventColumns = `id, merchant_id, livemode, type, object_id, data, created`

func scanEvent(row interface{ Scan(...any) error }) (domain.Event, error) {
	var ev domain.Event
	var data string
	var created int64
	err := row.Scan(&ev.ID, &ev.MerchantID, &ev.Livemode, &ev.Type, &ev.ObjectID, &data, &created)
	ev.Data, ev.Created = []byte(data), fromMS(created)
	return ev, err
}

func (t *tx) InsertEvent(ctx context.Context, ev domain.Event) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO events (`+eventColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		ev.ID, ev.MerchantID, ev.Livemode, ev.Type, ev.ObjectID, string(ev.Data), ms(ev.Created))
	return translate(err)
}

func (t *tx) GetEvent(ctx context.Context, s domain.Scope, id string) (domain.Event, error) {
	q := scoped(s)
	q.and("id = %s", id)
	ev, err := scanEvent(t.q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events`+q.whereSQL(), q.args...))
	if err != nil {
		return ev, notFound(err, "event", id)
	}
	return ev, nil
}

func (t *tx) GetEventsByID(ctx context.Context, ids []string) ([]domain.Event, error) {
	in, args := inList(ids)
	rows, err := t.q.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := make([]domain.Event, 0, len(ids))
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, ev)
	}
	return out, translate(rows.Err())
}

func (t *tx) ListEvents(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Event], error) {
	q := scoped(s)
	if p.Type != "" {
		q.and("type = %s", p.Type)
	}
	if p.Object != "" {
		q.and("object_id = %s", p.Object)
	}
	if p.CreatedGTE != nil {
		q.and("created >= %s", ms(*p.CreatedGTE))
	}
	if p.CreatedLTE != nil {
		q.and("created <= %s", ms(*p.CreatedLTE))
	}
	return list(ctx, t, listSpec{table: "events", columns: eventColumns, kind: "event"}, q, p,
		func(r *sql.Rows) (domain.Event, error) { return scanEvent(r) })
}

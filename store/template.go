package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/paysmart/paysmart/domain"
)

const templateColumns = `id, merchant_id, livemode, name, channel, subject, body, is_default, created, updated`

func scanTemplate(row interface{ Scan(...any) error }) (domain.Template, error) {
	var t domain.Template
	var created, updated int64
	err := row.Scan(&t.ID, &t.MerchantID, &t.Livemode, &t.Name, &t.Channel, &t.Subject, &t.Body, &t.IsDefault, &created, &updated)
	t.Created, t.Updated = fromMS(created), fromMS(updated)
	return t, err
}

func (t *tx) InsertTemplate(ctx context.Context, m domain.Template) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO templates (id, merchant_id, livemode, name, channel, subject, body, is_default,
		created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		m.ID, m.MerchantID, m.Livemode, m.Name, m.Channel, m.Subject, m.Body, m.IsDefault, ms(m.Created), ms(m.Updated))
	return translate(err)
}

func (t *tx) GetTemplate(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.Template, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	m, err := scanTemplate(t.q.QueryRowContext(ctx, `SELECT `+templateColumns+` FROM templates`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return m, notFound(err, "template", id)
	}
	return m, nil
}

func (t *tx) GetDefaultTemplate(ctx context.Context, s domain.Scope, channel string) (domain.Template, error) {
	q := scoped(s)
	q.and("channel = %s", channel)
	q.and("is_default = %s", true)
	m, err := scanTemplate(t.q.QueryRowContext(ctx, `SELECT `+templateColumns+` FROM templates`+q.whereSQL(), q.args...))
	if err != nil {
		return m, notFound(err, "default template", channel)
	}
	return m, nil
}

func (t *tx) ClearDefaultTemplate(ctx context.Context, s domain.Scope, channel string, now time.Time) error {
	_, err := t.q.ExecContext(ctx, `UPDATE templates SET is_default = $4, updated = $5
		WHERE merchant_id = $1 AND livemode = $2 AND channel = $3 AND is_default = $6`,
		s.MerchantID, s.Livemode, channel, false, ms(now), true)
	return translate(err)
}

func (t *tx) UpdateTemplate(ctx context.Context, m domain.Template) error {
	_, err := t.q.ExecContext(ctx, `UPDATE templates SET name = $2, channel = $3, subject = $4, body = $5, is_default = $6,
		updated = $7 WHERE id = $1`, m.ID, m.Name, m.Channel, m.Subject, m.Body, m.IsDefault, ms(m.Updated))
	return translate(err)
}

func (t *tx) DeleteTemplate(ctx context.Context, s domain.Scope, id string) error {
	q := scoped(s)
	q.and("id = %s", id)
	_, err := t.q.ExecContext(ctx, `DELETE FROM templates`+q.whereSQL(), q.args...)
	return translate(err)
}

func (t *tx) ListTemplates(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Template], error) {
	q := scoped(s)
	q.keywords(p.Keywords, "name", "subject")
	if p.Type != "" {
		q.and("channel = %s", p.Type)
	}
	return list(ctx, t, listSpec{table: "templates", columns: templateColumns, kind: "template"}, q, p,
		func(r *sql.Rows) (domain.Template, error) { return scanTemplate(r) })
}

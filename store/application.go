package store

import (
	"context"

	"github.com/paysmart/paysmart/domain"
)

const applicationColumns = `id, merchant_id, name, status, enabled, created, updated`

func scanApplication(row interface{ Scan(...any) error }) (domain.Application, error) {
	var a domain.Application
	var status string
	var created, updated int64
	err := row.Scan(&a.ID, &a.MerchantID, &a.Name, &status, &a.Enabled, &created, &updated)
	a.Status, a.Created, a.Updated = domain.ApplicationStatus(status), fromMS(created), fromMS(updated)
	return a, err
}

func (t *tx) InsertApplication(ctx context.Context, a domain.Application) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO applications (`+applicationColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		a.ID, a.MerchantID, a.Name, string(a.Status), a.Enabled, ms(a.Created), ms(a.Updated))
	return translate(err)
}

func (t *tx) UpdateApplication(ctx context.Context, a domain.Application) error {
	_, err := t.q.ExecContext(ctx, `UPDATE applications SET name = $2, status = $3, enabled = $4, updated = $5 WHERE id = $1`,
		a.ID, a.Name, string(a.Status), a.Enabled, ms(a.Updated))
	return translate(err)
}

func (t *tx) GetApplication(ctx context.Context, id string, forUpdate bool) (domain.Application, error) {
	q := `SELECT ` + applicationColumns + ` FROM applications WHERE id = $1`
	if forUpdate {
		q += t.forUpdate()
	}
	a, err := scanApplication(t.q.QueryRowContext(ctx, q, id))
	if err != nil {
		return a, notFound(err, "application", id)
	}
	return a, nil
}

func (t *tx) ListApplications(ctx context.Context, merchantID string) ([]domain.Application, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+applicationColumns+` FROM applications WHERE merchant_id = $1 ORDER BY seq`, merchantID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, a)
	}
	return out, translate(rows.Err())
}

package store

import (
	"context"

	"github.com/paysmart/paysmart/domain"
)

func (t *tx) InsertFile(ctx context.Context, f domain.File) (int64, error) {
	n, err := t.nextNumber(ctx, "files", f.MerchantID, f.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO files (id, merchant_id, livemode, name, content_type, size, data, created, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		f.ID, f.MerchantID, f.Livemode, f.Name, f.ContentType, f.Size, f.Data, ms(f.Created), n)
	return n, translate(err)
}

func (t *tx) GetFile(ctx context.Context, id string, withData bool) (domain.File, error) {
	var f domain.File
	var created int64
	cols := `number, id, merchant_id, livemode, name, content_type, size, created`
	dst := []any{&f.Number, &f.ID, &f.MerchantID, &f.Livemode, &f.Name, &f.ContentType, &f.Size, &created}
	if withData {
		cols += `, data`
		dst = append(dst, &f.Data)
	}
	err := t.q.QueryRowContext(ctx, `SELECT `+cols+` FROM files WHERE id = $1`, id).Scan(dst...)
	if err != nil {
		return domain.File{}, notFound(err, "file", id)
	}
	f.Created = fromMS(created)
	return f, nil
}

func (t *tx) DeleteFile(ctx context.Context, id string) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM files WHERE id = $1`, id)
	return translate(err)
}

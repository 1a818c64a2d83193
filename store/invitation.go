package store

import (
	"context"
	"database/sql"

	"github.com/paysmart/paysmart/domain"
)

const invitationColumns = `id, merchant_id, email, role, hash, invited_by, created, expires, accepted_at, revoked_at, user_id`

func scanInvitation(row interface{ Scan(...any) error }) (domain.Invitation, error) {
	var i domain.Invitation
	var role string
	var created, expires int64
	var accepted, revoked sql.NullInt64
	err := row.Scan(&i.ID, &i.MerchantID, &i.Email, &role, &i.Hash, &i.InvitedBy, &created, &expires, &accepted, &revoked, &i.UserID)
	i.Role, i.Created, i.Expires = domain.Role(role), fromMS(created), fromMS(expires)
	i.AcceptedAt, i.RevokedAt = fromNullMS(accepted), fromNullMS(revoked)
	return i, err
}

func (t *tx) InsertInvitation(ctx context.Context, i domain.Invitation) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO invitations (`+invitationColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		i.ID, i.MerchantID, i.Email, string(i.Role), i.Hash, i.InvitedBy, ms(i.Created), ms(i.Expires),
		msPtr(i.AcceptedAt), msPtr(i.RevokedAt), i.UserID)
	return translate(err)
}

func (t *tx) UpdateInvitation(ctx context.Context, i domain.Invitation) error {
	_, err := t.q.ExecContext(ctx, `UPDATE invitations SET accepted_at = $2, revoked_at = $3, user_id = $4 WHERE id = $1`,
		i.ID, msPtr(i.AcceptedAt), msPtr(i.RevokedAt), i.UserID)
	return translate(err)
}

func (t *tx) GetInvitation(ctx context.Context, id string, forUpdate bool) (domain.Invitation, error) {
	return t.getInvitation(ctx, "id", id, forUpdate)
}

func (t *tx) GetInvitationByHash(ctx context.Context, hash string, forUpdate bool) (domain.Invitation, error) {
	return t.getInvitation(ctx, "hash", hash, forUpdate)
}

// getInvitation reads the invitation whose column (id or hash) is v.
func (t *tx) getInvitation(ctx context.Context, column, v string, forUpdate bool) (domain.Invitation, error) {
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	i, err := scanInvitation(t.q.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE `+column+` = $1`+lock, v))
	if err != nil {
		if column == "hash" {
			v = "" // a token's hash is not an id to show
		}
		return i, notFound(err, "invitation", v)
	}
	return i, nil
}

func (t *tx) ListInvitations(ctx context.Context, merchantID string) ([]domain.Invitation, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE merchant_id = $1 ORDER BY seq DESC`, merchantID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.Invitation
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, i)
	}
	return out, translate(rows.Err())
}

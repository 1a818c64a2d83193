package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestInvitationsAndRename: invitations round-trip by id and by hash, list
// newest first per merchant, record acceptance and revocation; a hash is
// unique; RenameMerchant renames, and an unknown merchant is not found.
func TestInvitationsAndRename(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		e := domain.NewEngine(s, func() time.Time { return now })
		m, _, err := e.CreateMerchant(ctx, "Acme")
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := e.CreateMerchant(ctx, "Other")
		inv := func(id, email, hash, merchant string, created time.Time) domain.Invitation {
			return domain.Invitation{ID: id, MerchantID: merchant, Email: email, Role: domain.RoleDeveloper, Hash: hash,
				InvitedBy: "usr_1", Created: created, Expires: created.Add(domain.InvitationLifetime)}
		}
		a := inv("inv_a", "a@example.com", "hash-a", m.ID, now)
		b := inv("inv_b", "b@example.com", "hash-b", m.ID, now.Add(time.Minute))
		c := inv("inv_c", "c@example.com", "hash-c", other.ID, now)
		err = s.Tx(ctx, func(tx domain.Tx) error {
			for _, i := range []domain.Invitation{a, b, c} {
				if err := tx.InsertInvitation(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		dup := inv("inv_d", "d@example.com", "hash-a", m.ID, now)
		if err := s.Tx(ctx, func(tx domain.Tx) error { return tx.InsertInvitation(ctx, dup) }); domain.ErrorCode(err) != domain.CodeConflict {
			t.Errorf("a second invitation with the same hash: %v", err)
		}
		err = s.Tx(ctx, func(tx domain.Tx) error {
			got, err := tx.GetInvitationByHash(ctx, "hash-a", true)
			if err != nil || !reflect.DeepEqual(got, a) {
				t.Errorf("by hash: %v\n got %+v\nwant %+v", err, got, a)
			}
			at := now.Add(time.Hour)
			got.AcceptedAt, got.UserID = &at, "usr_2"
			if err := tx.UpdateInvitation(ctx, got); err != nil {
				return err
			}
			got, _ = tx.GetInvitation(ctx, "inv_b", true)
			got.RevokedAt = &at
			return tx.UpdateInvitation(ctx, got)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Read(ctx, func(tx domain.ReadTx) error {
			list, err := tx.ListInvitations(ctx, m.ID)
			if err != nil {
				return err
			}
			if len(list) != 2 || list[0].ID != "inv_b" || list[1].ID != "inv_a" {
				t.Fatalf("list: %+v", list)
			}
			if list[1].AcceptedAt == nil || !list[1].AcceptedAt.Equal(now.Add(time.Hour)) || list[1].UserID != "usr_2" ||
				list[0].RevokedAt == nil || list[0].AcceptedAt != nil {
				t.Errorf("after the updates: %+v", list)
			}
			if _, err := tx.GetInvitation(ctx, "inv_missing", false); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Errorf("unknown id: %v", err)
			}
			if _, err := tx.GetInvitationByHash(ctx, "nope", false); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Errorf("unknown hash: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		if got, err := e.RenameMerchant(ctx, m.ID, "  Acme Bakery "); err != nil || got.Name != "Acme Bakery" {
			t.Errorf("rename: %v %+v", err, got)
		}
		if got, _ := e.Merchant(ctx, m.ID); got.Name != "Acme Bakery" {
			t.Errorf("after the rename: %q", got.Name)
		}
		if _, err := e.RenameMerchant(ctx, "acct_missing", "X"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("renaming an unknown merchant: %v", err)
		}
		if _, err := e.RenameMerchant(ctx, m.ID, "a\tb"); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("a tab in the name: %v", err)
		}
	})
}

package domain

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// InvitationLifetime is how long an invitation's link works.
const InvitationLifetime = 7 * 24 * time.Hour

// MessageInvitation is the kind of the e-mail that carries an invitation's link.
const MessageInvitation = "invitation"

// Invitation asks a person, by e-mail address, to become a dashboard user of
// a merchant with a role. Its link carries a single-use token of which only
// the SHA-256 is kept (Hash), as for sessions: the table alone lets no one in.
type Invitation struct {
	ID         string // "inv_" + 24 base62 characters
	MerchantID string
	Email      string // lower-cased
	Role       Role
	Hash       string // SHA-256 of the link's token
	InvitedBy  string // the inviting user's id
	Created    time.Time
	Expires    time.Time
	AcceptedAt *time.Time
	RevokedAt  *time.Time
	UserID     string // the user the invitation made, once accepted
}

// The states of an invitation, for people and for checks.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationRevoked  = "revoked"
	InvitationExpired  = "expired"
)

// State is the invitation's state at now.
func (i Invitation) State(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(i.Expires):
		return InvitationExpired
	}
	return InvitationPending
}

// NewInvitation is an invitation as created: the only moment its token
// exists outside the e-mail that carries it.
type NewInvitation struct {
	Invitation Invitation
	Token      string
}

// InvitationPath is the dashboard path an invitation's token opens.
func InvitationPath(token string) string { return "/dashboard/invitations/" + token }

// InviteUser invites email to become a user of the merchant with role and
// queues the e-mail with the link (MessageInvitation, live mode: it goes to
// a real person through the live-mode transport), in one transaction; those
// who read the outbox see the link hidden (hideInvitationLink). An
// earlier pending invitation of the same address to the merchant is revoked:
// only the newest link works. Errors: CodeInvalid (email, role),
// CodeNotFound (merchant), CodeConflict (email_taken: a user has the address),
// CodeInternal (no MessageRenderer).
func (e *Engine) InviteUser(ctx context.Context, merchantID string, by User, email string, role Role) (NewInvitation, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(email))
	if err != nil || addr.Name != "" || !strings.Contains(addr.Address, "@") {
		return NewInvitation{}, Invalid("email", "parameter_invalid", "The e-mail address is not valid.")
	}
	if _, err := ParseRole(string(role)); err != nil {
		return NewInvitation{}, err
	}
	if e.Messages == nil {
		// The e-mail is the link's only way out: without it the
		// invitation could never be accepted.
		return NewInvitation{}, Internal(errNoRenderer)
	}
	now := e.now()
	token := randomString(keySecretLen)
	inv := Invitation{ID: NewID("inv"), MerchantID: merchantID, Email: strings.ToLower(addr.Address), Role: role,
		Hash: HashKey(token), InvitedBy: by.ID, Created: now, Expires: now.Add(InvitationLifetime)}
	err = e.tx(ctx, func(tx Tx) error {
		if err := tx.LockMerchant(ctx, merchantID); err != nil {
			return err
		}
		m, err := tx.GetMerchant(ctx, merchantID)
		if err != nil {
			return err
		}
		switch _, err := tx.GetUserByEmail(ctx, inv.Email); {
		case err == nil:
			return emailTaken(nil)
		case ErrorCode(err) != CodeNotFound:
			return err
		}
		earlier, err := tx.ListInvitations(ctx, merchantID)
		if err != nil {
			return err
		}
		for _, o := range earlier {
			if o.Email == inv.Email && o.State(now) == InvitationPending {
				o.RevokedAt = &now
				if err := tx.UpdateInvitation(ctx, o); err != nil {
					return err
				}
			}
		}
		if err := tx.InsertInvitation(ctx, inv); err != nil {
			return err
		}
		s := Scope{MerchantID: merchantID, Livemode: true}
		msg := Message{Channel: ChannelEmail, Kind: MessageInvitation, To: inv.Email,
			Key: messageKey(MessageInvitation, ChannelEmail, inv.ID, inv.Email)}
		return e.queueMessage(ctx, tx, s, msg, MessageContext{Merchant: m,
			Invitation: &InvitationContext{Invitation: inv, Token: token, InvitedBy: by.Email}}, now)
	})
	if err != nil {
		return NewInvitation{}, err
	}
	return NewInvitation{Invitation: inv, Token: token}, nil
}

var errNoRenderer = errors.New("engine has no MessageRenderer to e-mail the invitation")

// InvitationContext is what an invitation's e-mail says: who invites, as
// what, until when, and the token of its link.
type InvitationContext struct {
	Invitation Invitation
	Token      string
	InvitedBy  string // the inviting user's e-mail
}

func emailTaken(err error) *Error {
	return &Error{Code: CodeConflict, Param: "email", Reason: "email_taken", Message: "A user with this e-mail address exists.", Err: err}
}

// ListInvitations returns a merchant's invitations, newest first.
func (e *Engine) ListInvitations(ctx context.Context, merchantID string) ([]Invitation, error) {
	var out []Invitation
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListInvitations(ctx, merchantID); return err })
	return out, err
}

// RevokeInvitation makes a pending invitation's link worthless. Errors:
// CodeNotFound (not the merchant's), CodeState (invitation_accepted; a
// revoked or expired one is no error).
func (e *Engine) RevokeInvitation(ctx context.Context, merchantID, id string) (Invitation, error) {
	now := e.now()
	var inv Invitation
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if inv, err = tx.GetInvitation(ctx, id, true); err != nil {
			return err
		}
		if inv.MerchantID != merchantID {
			return NotFound("invitation", "id", id)
		}
		switch inv.State(now) {
		case InvitationAccepted:
			return StateError("invitation_accepted", "This invitation was accepted already: change the user's role instead.")
		case InvitationPending:
			inv.RevokedAt = &now
			return tx.UpdateInvitation(ctx, inv)
		}
		return nil
	})
	return inv, err
}

// invitationRefused is why a link no longer works, for the invitee.
func invitationRefused(inv Invitation, state string) *Error {
	msg := map[string]string{
		InvitationAccepted: "This invitation was used already. Sign in with the password chosen then.",
		InvitationRevoked:  "This invitation was withdrawn. Ask the person who invited you for a new one.",
		InvitationExpired: fmt.Sprintf("This invitation expired on %s. Ask the person who invited you for a new one.",
			inv.Expires.UTC().Format("2 January 2006")),
	}[state]
	return &Error{Code: CodeState, Reason: "invitation_" + state, Message: msg}
}

var invitationUnknown = &Error{Code: CodeNotFound, Reason: "invitation_unknown",
	Message: "This invitation link is not valid. Check that it was copied whole, or ask for a new one."}

// OpenInvitation returns the invitation of a link's token and its merchant,
// while it is pending. Errors: CodeNotFound (invitation_unknown), CodeState
// (invitation_accepted, invitation_revoked, invitation_expired).
func (e *Engine) OpenInvitation(ctx context.Context, token string) (Invitation, Merchant, error) {
	if token == "" || len(token) > 128 {
		return Invitation{}, Merchant{}, invitationUnknown
	}
	var inv Invitation
	var m Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		var err error
		if inv, err = tx.GetInvitationByHash(ctx, HashKey(token), false); err != nil {
			return err
		}
		m, err = tx.GetMerchant(ctx, inv.MerchantID)
		return err
	})
	if ErrorCode(err) == CodeNotFound {
		return Invitation{}, Merchant{}, invitationUnknown
	}
	if err != nil {
		return Invitation{}, Merchant{}, err
	}
	if st := inv.State(e.now()); st != InvitationPending {
		return inv, m, invitationRefused(inv, st)
	}
	return inv, m, nil
}

// AcceptInvitation makes the invitee a user with the invitation's role and
// password, marks the invitation used and opens a session, in one
// transaction: a token works once, however many browsers send it. Errors:
// those of OpenInvitation, CodeInvalid (password), CodeConflict
// (email_taken).
func (e *Engine) AcceptInvitation(ctx context.Context, token, password string) (NewSession, error) {
	if _, _, err := e.OpenInvitation(ctx, token); err != nil {
		return NewSession{}, err
	}
	if len([]rune(password)) < MinPasswordLen {
		return NewSession{}, Invalid("password", "parameter_invalid", "The password must be at least %d characters long.", MinPasswordLen)
	}
	hash, err := e.hashPassword(password)
	if err != nil {
		return NewSession{}, err
	}
	now := e.now()
	var ns NewSession
	err = e.tx(ctx, func(tx Tx) error {
		inv, err := tx.GetInvitationByHash(ctx, HashKey(token), true)
		if ErrorCode(err) == CodeNotFound {
			return invitationUnknown
		}
		if err != nil {
			return err
		}
		if st := inv.State(now); st != InvitationPending {
			return invitationRefused(inv, st)
		}
		u := User{ID: NewID("usr"), MerchantID: inv.MerchantID, Email: inv.Email, Role: inv.Role, PasswordHash: hash,
			Created: now, Updated: now}
		if err := tx.InsertUser(ctx, u); err != nil {
			if ErrorCode(err) == CodeConflict {
				return emailTaken(err)
			}
			return err
		}
		inv.AcceptedAt, inv.UserID = &now, u.ID
		if err := tx.UpdateInvitation(ctx, inv); err != nil {
			return err
		}
		ns = newSession(u, now)
		return tx.InsertSession(ctx, ns.Session)
	})
	if err != nil {
		return NewSession{}, err
	}
	return ns, nil
}

// invitationLink matches an invitation's link in a message's texts.
var invitationLink = regexp.MustCompile(`/dashboard/invitations/[A-Za-z0-9]+`)

// hideInvitationLink blanks the token in an invitation e-mail's texts for
// those who read the outbox (GetMessage, ListMessages: both dialects and
// the dashboard): a merchant's API keys and dashboard users could otherwise
// accept an invitation meant for someone else. The sender reads the message
// whole (MessageToSend), and a resend copies the stored row.
func hideInvitationLink(m *Message) {
	if m.Kind != MessageInvitation {
		return
	}
	const hidden = "/dashboard/invitations/(link hidden: only the invitee receives it)"
	m.Text = invitationLink.ReplaceAllString(m.Text, hidden)
	m.HTML = invitationLink.ReplaceAllString(m.HTML, hidden)
}

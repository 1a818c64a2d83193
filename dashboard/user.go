package dashboard

import (
	"net/http"
	"time"

	"github.com/paysmart/paysmart/domain"
)

type usersView struct {
	frame
	Users       []domain.User
	Roles       []domain.Role
	Invitations []domain.Invitation // pending ones
	Invited     *domain.Invitation  // the invitation just sent
	Error       string
	Email       string // the invite form's address after a refusal
}

func (s *site) users(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderUsers(w, r, q, http.StatusOK, usersView{})
}

func (s *site) renderUsers(w http.ResponseWriter, r *http.Request, q *req, status int, v usersView) error {
	us, err := s.Engine.ListUsers(r.Context(), q.user.MerchantID)
	if err != nil {
		return err
	}
	invs, err := s.Engine.ListInvitations(r.Context(), q.user.MerchantID)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, inv := range invs {
		if inv.State(now) == domain.InvitationPending {
			v.Invitations = append(v.Invitations, inv)
		}
	}
	v.frame, v.Users, v.Roles = q.frame("Users", "users"), us, domain.Roles
	v.Notice = notice(r)
	s.html(w, q, status, "users.html", v)
	return nil
}

// inviteUser e-mails an invitation (InviteUser): a link, valid once for
// seven days, where the invitee chooses a password. The owner never sees
// the link.
func (s *site) inviteUser(w http.ResponseWriter, r *http.Request, q *req) error {
	email := r.PostFormValue("email")
	role, err := domain.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return s.renderUsers(w, r, q, http.StatusUnprocessableEntity, usersView{Error: domain.AsError(err).Message, Email: email})
	}
	ni, err := s.Engine.InviteUser(r.Context(), q.user.MerchantID, q.user, email, role)
	switch domain.ErrorCode(err) {
	case "":
	case domain.CodeInvalid, domain.CodeConflict:
		return s.renderUsers(w, r, q, http.StatusUnprocessableEntity, usersView{Error: domain.AsError(err).Message, Email: email})
	default:
		return err
	}
	inv := ni.Invitation
	s.audit(r, q, "user.invited", inv.ID, inv.Email+" as "+string(inv.Role))
	return s.renderUsers(w, r, q, http.StatusOK, usersView{Invited: &inv})
}

// revokeInvitation withdraws a pending invitation: its link stops working.
func (s *site) revokeInvitation(w http.ResponseWriter, r *http.Request, q *req) error {
	inv, err := s.Engine.RevokeInvitation(r.Context(), q.user.MerchantID, r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/users")
	}
	s.audit(r, q, "invitation.revoked", inv.ID, inv.Email)
	return seeOther(w, r, "/dashboard/users", "invitation_revoked")
}

func (s *site) setRole(w http.ResponseWriter, r *http.Request, q *req) error {
	role, err := domain.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return engineError(err, "/dashboard/users")
	}
	u, err := s.Engine.SetUserRole(r.Context(), q.user.MerchantID, r.PathValue("id"), role)
	if err != nil {
		return engineError(err, "/dashboard/users")
	}
	s.audit(r, q, "user.role_changed", u.ID, u.Email+" is now "+string(role))
	return seeOther(w, r, "/dashboard/users", "role")
}

type auditView struct {
	frame
	Entries []domain.AuditEntry
}

// auditLog shows the merchant's audit log to its owners.
func (s *site) auditLog(w http.ResponseWriter, r *http.Request, q *req) error {
	es, err := s.Engine.ListAudit(r.Context(), q.user.MerchantID, 200)
	if err != nil {
		return err
	}
	s.html(w, q, http.StatusOK, "audit.html", auditView{frame: q.frame("Audit log", "audit"), Entries: es})
	return nil
}

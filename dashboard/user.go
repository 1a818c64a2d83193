package dashboard

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
)

type usersView struct {
	frame
	Users    []domain.User
	Roles    []domain.Role
	Invited  *domain.User
	Password string // the invited user's generated password, shown once
	Error    string
}

func (s *site) users(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderUsers(w, r, q, http.StatusOK, usersView{})
}

func (s *site) renderUsers(w http.ResponseWriter, r *http.Request, q *req, status int, v usersView) error {
	us, err := s.Engine.ListUsers(r.Context(), q.user.MerchantID)
	if err != nil {
		return err
	}
	v.frame, v.Users, v.Roles = q.frame("Users", "users"), us, domain.Roles
	v.Notice = notice(r)
	s.html(w, q, status, "users.html", v)
	return nil
}

// inviteUser adds a user with a generated password, shown to the owner once
// to pass on (there is no e-mail outbox yet to send an invitation).
func (s *site) inviteUser(w http.ResponseWriter, r *http.Request, q *req) error {
	role, err := domain.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return s.renderUsers(w, r, q, http.StatusUnprocessableEntity, usersView{Error: domain.AsError(err).Message})
	}
	u, pw, err := s.Engine.CreateUser(r.Context(), q.user.MerchantID, r.PostFormValue("email"), role, "")
	switch domain.ErrorCode(err) {
	case "":
	case domain.CodeInvalid, domain.CodeConflict:
		return s.renderUsers(w, r, q, http.StatusUnprocessableEntity, usersView{Error: domain.AsError(err).Message})
	default:
		return err
	}
	s.audit(r, q, "user.invited", u.ID, u.Email+" as "+string(u.Role))
	return s.renderUsers(w, r, q, http.StatusOK, usersView{Invited: &u, Password: pw})
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

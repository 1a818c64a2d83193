package dashboard

import (
	"net/http"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// The page an invitation's link opens, /dashboard/invitations/{token}: the
// invitee chooses a password, becomes a user with the invitation's role and
// is signed in. The token is the only credential, so the page needs no
// session; cross-origin forms are refused as everywhere.

type invitationView struct {
	frame
	Invitation domain.Invitation
	Token      string
	Error      string
}

// invitationPage shows the password form of a pending invitation, or why
// its link no longer works.
func (s *site) invitationPage(w http.ResponseWriter, r *http.Request, q *req) error {
	token := r.PathValue("token")
	inv, m, err := s.Engine.OpenInvitation(r.Context(), token)
	if err != nil {
		return invitationError(err)
	}
	q.merchant = m
	s.html(w, q, http.StatusOK, "invitation.html", invitationView{frame: frame{Title: "Join " + m.Name, Nonce: q.nonce,
		Merchant: m, Zone: zone(m).String()}, Invitation: inv, Token: token})
	return nil
}

// acceptInvitation creates the user, marks the invitation used and signs
// the browser in, as the sign-in form does.
func (s *site) acceptInvitation(w http.ResponseWriter, r *http.Request, q *req) error {
	token := r.PathValue("token")
	inv, m, err := s.Engine.OpenInvitation(r.Context(), token)
	if err != nil {
		return invitationError(err)
	}
	q.merchant = m
	fail := func(msg string) error {
		s.html(w, q, http.StatusUnprocessableEntity, "invitation.html", invitationView{frame: frame{Title: "Join " + m.Name,
			Nonce: q.nonce, Merchant: m, Zone: zone(m).String()}, Invitation: inv, Token: token, Error: msg})
		return nil
	}
	pw := r.PostFormValue("new_password")
	if pw != r.PostFormValue("confirm_password") {
		return fail("The two passwords differ.")
	}
	ns, err := s.Engine.AcceptInvitation(r.Context(), token, pw)
	switch domain.ErrorCode(err) {
	case "":
	case domain.CodeInvalid, domain.CodeConflict:
		return fail(domain.AsError(err).Message)
	default:
		return invitationError(err)
	}
	now := time.Now()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: ns.Token, Path: "/dashboard", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, Expires: ns.Session.Expires})
	s.markSeen(w, ns.Session, now)
	err = s.Engine.RecordAudit(r.Context(), domain.AuditEntry{MerchantID: ns.User.MerchantID, UserID: ns.User.ID,
		Actor: ns.User.Email, Action: "invitation.accepted", Target: inv.ID, Detail: ns.User.Email + " as " + string(ns.User.Role)})
	if err != nil {
		s.Log.ErrorContext(r.Context(), "dashboard audit", "action", "invitation.accepted", "error", err.Error())
	}
	return seeOther(w, r, "/dashboard", "welcome")
}

// invitationError is the page of a link that does not work: unknown (404)
// or used, withdrawn or expired (410), with the engine's words.
func invitationError(err error) error {
	status := map[domain.Code]int{domain.CodeNotFound: http.StatusNotFound, domain.CodeState: http.StatusGone}[domain.ErrorCode(err)]
	if status == 0 {
		return err
	}
	return &pageError{Status: status, Title: "This invitation cannot be used", Message: domain.AsError(err).Message,
		Back: "/dashboard/login"}
}

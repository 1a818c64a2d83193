package dashboard

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

type loginView struct {
	frame
	Email string
	Error string
	Token string
}

// loginPage shows the sign-in form, with a fresh token in a cookie that the
// form must repeat (the sign-in form has no session to carry one yet).
func (s *site) loginPage(w http.ResponseWriter, r *http.Request, q *req) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, _, err := s.Engine.SessionUser(r.Context(), c.Value); err == nil {
			http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
			return nil
		}
	}
	s.renderLogin(w, r, q, http.StatusOK, "", "")
	return nil
}

func (s *site) renderLogin(w http.ResponseWriter, r *http.Request, q *req, status int, email, msg string) {
	token := nonce()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/dashboard/login", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	f := frame{Title: "Sign in", Nonce: q.nonce}
	if r.URL.Query().Get("idle") != "" && msg == "" {
		f.Notice = s.idleMessage()
	}
	s.html(w, q, status, "login.html", loginView{frame: f, Email: email, Error: msg, Token: token})
}

// login checks the form, throttled per address and per client before the
// password is even looked at, and opens a session.
func (s *site) login(w http.ResponseWriter, r *http.Request, q *req) error {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	c, err := r.Cookie(loginCookie)
	if err != nil || r.PostFormValue("token") == "" || c.Value != r.PostFormValue("token") {
		s.renderLogin(w, r, q, http.StatusForbidden, email, "The sign-in form expired. Please try again.")
		return nil
	}
	now := time.Now()
	byEmail, byClient := "email:"+email, "ip:"+clientIP(r)
	waitEmail, err := s.failures.wait(r.Context(), byEmail, s.LoginAttempts, now)
	if err != nil {
		return err
	}
	waitClient, err := s.failures.wait(r.Context(), byClient, 10*s.LoginAttempts, now)
	if err != nil {
		return err
	}
	if wait := max(waitEmail, waitClient); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
		s.renderLogin(w, r, q, http.StatusTooManyRequests, email,
			fmt.Sprintf("Too many failed sign-ins. Try again in %d minutes.", int(math.Ceil(wait.Minutes()))))
		return nil
	}
	ns, err := s.Engine.Login(r.Context(), email, r.PostFormValue("password"))
	if domain.ErrorCode(err) == domain.CodeUnauthenticated {
		if err := s.failures.fail(r.Context(), now, byEmail, byClient); err != nil {
			return err
		}
		s.Log.InfoContext(r.Context(), "dashboard sign-in refused", "client", clientIP(r))
		s.renderLogin(w, r, q, http.StatusUnauthorized, email, "The e-mail address or the password is not right.")
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.failures.forget(r.Context(), byEmail); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: ns.Token, Path: "/dashboard", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, Expires: ns.Session.Expires})
	s.markSeen(w, ns.Session, now)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/dashboard/login", MaxAge: -1})
	http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
	return nil
}

// logout revokes the session in the database: the cookie is worthless from
// then on, on every node.
func (s *site) logout(w http.ResponseWriter, r *http.Request, q *req) error {
	if err := s.Engine.Logout(r.Context(), q.token); err != nil {
		return err
	}
	s.clearSession(w)
	http.Redirect(w, r, "/dashboard/login", http.StatusSeeOther)
	return nil
}

// setMode is the test/live toggle; it returns to the page it was on.
func (s *site) setMode(w http.ResponseWriter, r *http.Request, q *req) error {
	live := r.PostFormValue("mode") == "live"
	if err := s.Engine.SetSessionMode(r.Context(), q.session, live); err != nil {
		return err
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/dashboard") || strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\\r\n") {
		back = "/dashboard"
	}
	// Objects are per mode: a detail page would be a 404 in the other one,
	// so the toggle lands on its section's list.
	if parts := strings.SplitN(back, "/", 4); len(parts) == 4 {
		back = "/" + parts[1] + "/" + parts[2]
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

type passwordView struct {
	frame
	Error string
}

func (s *site) passwordPage(w http.ResponseWriter, r *http.Request, q *req) error {
	s.html(w, q, http.StatusOK, "password.html", passwordView{frame: q.frame("Change password", "")})
	return nil
}

func (s *site) changePassword(w http.ResponseWriter, r *http.Request, q *req) error {
	next := r.PostFormValue("new_password")
	msg := "The two new passwords differ."
	if next == r.PostFormValue("confirm_password") {
		err := s.Engine.ChangePassword(r.Context(), q.session, r.PostFormValue("current_password"), next)
		switch domain.ErrorCode(err) {
		case "":
			s.audit(r, q, "user.password_changed", q.user.ID, "")
			return seeOther(w, r, "/dashboard", "password")
		case domain.CodeInvalid, domain.CodeUnauthenticated:
			msg = domain.AsError(err).Message
		default:
			return err
		}
	}
	s.html(w, q, http.StatusBadRequest, "password.html", passwordView{frame: q.frame("Change password", ""), Error: msg})
	return nil
}

// audit records a sensitive action; a failure to record is logged, the action
// having happened already.
func (s *site) audit(r *http.Request, q *req, action, target, detail string) {
	err := s.Engine.RecordAudit(r.Context(), domain.AuditEntry{MerchantID: q.user.MerchantID, Livemode: q.session.Livemode,
		UserID: q.user.ID, Actor: q.user.Email, Action: action, Target: target, Detail: detail})
	if err != nil {
		s.Log.ErrorContext(r.Context(), "dashboard audit", "action", action, "error", err.Error())
	}
}

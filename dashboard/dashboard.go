package dashboard

import (
	"crypto/rand"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var templates = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))

// Deps are what the dashboard needs.
type Deps struct {
	Engine  *domain.Engine
	Log     *slog.Logger
	BaseURL string // public URL; an https one makes the session cookie Secure
	// LoginAttempts is how many failed sign-ins an address (and ten times
	// as many a client) may make in LoginWindow before it must wait; 0 means
	// DefaultLoginAttempts and DefaultLoginWindow.
	LoginAttempts int
	LoginWindow   time.Duration
	// IdleTimeout signs a session out when it has not been used for that
	// long; 0 means DefaultIdleTimeout.
	IdleTimeout time.Duration
}

// The sign-in throttle's and the idle timeout's defaults.
const (
	DefaultLoginAttempts = 5
	DefaultLoginWindow   = 15 * time.Minute
	DefaultIdleTimeout   = 30 * time.Minute
)

// Cookie names.
const (
	sessionCookie = "paysmart_session"
	loginCookie   = "paysmart_login" // the sign-in form's CSRF token, before any session
	seenCookie    = "paysmart_seen"  // when the session was last used, signed (session.go)
)

type site struct {
	Deps
	secure   bool
	failures *throttle
}

// Register mounts the dashboard under /dashboard on mux.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.LoginAttempts <= 0 {
		d.LoginAttempts = DefaultLoginAttempts
	}
	if d.LoginWindow <= 0 {
		d.LoginWindow = DefaultLoginWindow
	}
	if d.IdleTimeout <= 0 {
		d.IdleTimeout = DefaultIdleTimeout
	}
	s := &site{Deps: d, secure: strings.HasPrefix(d.BaseURL, "https://"), failures: newThrottle(d.Engine, d.LoginWindow)}
	cop := http.NewCrossOriginProtection()
	get := func(pattern string, p domain.Permission, h handler) {
		mux.Handle("GET /dashboard"+pattern, s.signedIn(p, h))
	}
	post := func(pattern string, p domain.Permission, h handler) {
		mux.Handle("POST /dashboard"+pattern, cop.Handler(s.signedIn(p, s.checkCSRF(h))))
	}
	mux.Handle("GET /dashboard/login", s.page(s.loginPage))
	mux.Handle("POST /dashboard/login", cop.Handler(s.page(s.login)))
	post("/logout", "", s.logout)
	post("/mode", domain.PermRead, s.setMode)
	get("", domain.PermRead, s.home)
	get("/payments", domain.PermRead, s.payments)
	get("/payments/{id}", domain.PermRead, s.payment)
	post("/payments/{id}/refund", domain.PermMoney, s.refund)
	post("/payments/{id}/capture", domain.PermMoney, s.capture)
	get("/customers", domain.PermRead, s.customers)
	post("/customers", domain.PermMoney, s.createCustomer)
	get("/payment-requests", domain.PermRead, s.requests)
	post("/payment-requests", domain.PermMoney, s.createRequest)
	get("/payment-requests/{id}", domain.PermRead, s.request)
	get("/webhooks", domain.PermDevelop, s.webhooks)
	post("/webhooks", domain.PermDevelop, s.createWebhook)
	post("/webhooks/{id}/delete", domain.PermDevelop, s.deleteWebhook)
	get("/webhooks/{id}", domain.PermDevelop, s.webhook)
	post("/webhooks/{id}", domain.PermDevelop, s.updateWebhook)
	post("/webhooks/{id}/roll", domain.PermDevelop, s.rollWebhook)
	post("/events/{id}/resend", domain.PermDevelop, s.resendEvent)
	get("/events", domain.PermRead, s.events)
	get("/events/{id}", domain.PermRead, s.event)
	get("/subscriptions", domain.PermRead, s.subscriptions)
	get("/subscriptions/{id}", domain.PermRead, s.subscription)
	post("/subscriptions/{id}/cancel", domain.PermDevelop, s.cancelSubscription)
	get("/messages", domain.PermRead, s.messages)
	get("/messages/{id}", domain.PermRead, s.message)
	get("/taxes", domain.PermRead, s.taxes)
	post("/taxes", domain.PermDevelop, s.saveTax)
	get("/taxes/{id}", domain.PermRead, s.tax)
	post("/taxes/{id}", domain.PermDevelop, s.saveTax)
	get("/templates", domain.PermRead, s.templates)
	post("/templates", domain.PermDevelop, s.saveTemplate)
	get("/templates/{id}", domain.PermRead, s.template)
	post("/templates/{id}", domain.PermDevelop, s.saveTemplate)
	get("/settings", domain.PermAdmin, s.settings)
	post("/settings", domain.PermAdmin, s.saveSettings)
	get("/keys", domain.PermDevelop, s.keys)
	post("/keys", domain.PermDevelop, s.createKey)
	post("/keys/{id}/roll", domain.PermDevelop, s.rollKey)
	post("/keys/{id}/revoke", domain.PermDevelop, s.revokeKey)
	get("/applications", domain.PermDevelop, s.applications)
	post("/applications", domain.PermDevelop, s.createApplication)
	post("/applications/{id}/{action}", domain.PermDevelop, s.changeApplication)
	get("/users", domain.PermAdmin, s.users)
	post("/users", domain.PermAdmin, s.inviteUser)
	post("/users/{id}/role", domain.PermAdmin, s.setRole)
	post("/invitations/{id}/revoke", domain.PermAdmin, s.revokeInvitation)
	mux.Handle("GET /dashboard/invitations/{token}", s.page(s.invitationPage))
	mux.Handle("POST /dashboard/invitations/{token}", cop.Handler(s.page(s.acceptInvitation)))
	get("/audit", domain.PermAdmin, s.auditLog)
	get("/password", "", s.passwordPage)
	post("/password", "", s.changePassword)
	static, _ := fs.Sub(staticFS, "static")
	// One file per name, not a subtree: the server trims a trailing slash,
	// and ServeMux would send /dashboard/assets back to /dashboard/assets/
	// forever.
	mux.Handle("GET /dashboard/assets/{file}", http.StripPrefix("/dashboard/assets/", assets(http.FileServerFS(static))))
}

func assets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// req is one dashboard request: who signed in, for which merchant and mode.
type req struct {
	nonce    string
	session  domain.Session
	token    string
	user     domain.User
	merchant domain.Merchant
}

func (q *req) scope() domain.Scope {
	return domain.Scope{MerchantID: q.user.MerchantID, Livemode: q.session.Livemode}
}

type handler func(w http.ResponseWriter, r *http.Request, q *req) error

// pageError is an error with the page shown for it; its Message is safe to show.
type pageError struct {
	Status  int
	Title   string
	Message string
	Back    string // a link on, e.g. the form that failed
}

func (e *pageError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Title, e.Message) }

// refused is what a role that may not do something gets: the server's answer,
// whether or not the page showed the button.
func refused(q *req) *pageError {
	return &pageError{Status: http.StatusForbidden, Title: "Not allowed",
		Message: fmt.Sprintf("Your role (%s) may not do this. Ask an owner of %s.", q.user.Role, q.merchant.Name)}
}

// engineError turns an engine refusal into a page: the engine's messages are
// written for the people calling it; internal errors stay in the log.
func engineError(err error, back string) error {
	de := domain.AsError(err)
	status := map[domain.Code]int{domain.CodeInvalid: 400, domain.CodeState: 409, domain.CodeNotFound: 404,
		domain.CodeConflict: 409, domain.CodeCard: 402, domain.CodeProcessor: 502, domain.CodeForbidden: 403,
		domain.CodeUnauthenticated: 400}[de.Code]
	if status == 0 {
		return err
	}
	return &pageError{Status: status, Title: "That did not work", Message: de.Message, Back: back}
}

// page adapts a handler: security headers, a CSP nonce, errors and panics as
// HTML pages (details only in the log).
func (s *site) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := &req{nonce: nonce()}
		s.serve(w, r, q, h)
	})
}

func (s *site) serve(w http.ResponseWriter, r *http.Request, q *req, h handler) {
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "same-origin")
	hdr.Set("X-Robots-Tag", "noindex")
	hdr.Set("Cache-Control", "no-store")
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.Log.ErrorContext(r.Context(), "dashboard panic", "request_id", web.RequestID(r.Context()),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			s.renderError(w, q, s.internal(r))
		}
	}()
	if !plainText(r) {
		s.renderError(w, q, &pageError{Status: http.StatusBadRequest, Title: "Bad request",
			Message: "Forms and addresses must be UTF-8 text without NUL characters (%00).", Back: "/dashboard"})
		return
	}
	if err := h(w, r, q); err != nil {
		var pe *pageError
		if !errors.As(err, &pe) {
			s.Log.ErrorContext(r.Context(), "dashboard", "path", r.URL.Path, "request_id", web.RequestID(r.Context()), "error", err.Error())
			pe = s.internal(r)
		}
		s.renderError(w, q, pe)
	}
}

// plainText reports whether every name and value of the request's query and
// form is UTF-8 text without NUL: PostgreSQL refuses other text with an
// internal error, as the API's decoders and the server's path check know.
// The form is read as PostFormValue reads it; a body that cannot be read is
// left to the handler, as before.
func plainText(r *http.Request) bool {
	r.ParseMultipartForm(32 << 20)
	plain := func(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }
	for k, vs := range r.Form {
		if !plain(k) {
			return false
		}
		for _, v := range vs {
			if !plain(v) {
				return false
			}
		}
	}
	return true
}

func (s *site) internal(r *http.Request) *pageError {
	return &pageError{Status: http.StatusInternalServerError, Title: "Something went wrong",
		Message: "Please try again in a moment. Request id: " + web.RequestID(r.Context())}
}

// signedIn runs h for a signed-in user whose role holds perm ("" for any
// signed-in user); others go to the sign-in page (a GET) or get a 401 page.
func (s *site) signedIn(perm domain.Permission, h handler) http.Handler {
	return s.page(func(w http.ResponseWriter, r *http.Request, q *req) error {
		c, err := r.Cookie(sessionCookie)
		if err == nil {
			q.session, q.user, err = s.Engine.SessionUser(r.Context(), c.Value)
			q.token = c.Value
		}
		idle := err == nil && !s.recentlySeen(r, q.session, time.Now())
		if idle {
			// Revoked, not just refused: the cookie is worthless from now on.
			if err := s.Engine.Logout(r.Context(), q.token); err != nil {
				return err
			}
			s.clearSession(w)
			err = errIdle
		}
		if err != nil {
			if domain.ErrorCode(err) != domain.CodeUnauthenticated && !errors.Is(err, http.ErrNoCookie) && !idle {
				return err
			}
			if r.Method == http.MethodGet {
				to := "/dashboard/login"
				if idle {
					to += "?idle=1"
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return nil
			}
			msg := "Your session has ended."
			if idle {
				msg = s.idleMessage()
			}
			return &pageError{Status: http.StatusUnauthorized, Title: "Please sign in", Message: msg, Back: "/dashboard/login"}
		}
		s.markSeen(w, q.session, time.Now())
		if q.merchant, err = s.Engine.Merchant(r.Context(), q.user.MerchantID); err != nil {
			return err
		}
		if perm != "" && !q.user.Role.Can(perm) {
			return refused(q)
		}
		return h(w, r, q)
	})
}

// checkCSRF refuses a form that does not carry the session's token: the
// second guard after http.CrossOriginProtection, for browsers that send
// neither Sec-Fetch-Site nor Origin.
func (s *site) checkCSRF(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, q *req) error {
		if !q.session.CSRFMatches(r.PostFormValue("csrf")) {
			return &pageError{Status: http.StatusForbidden, Title: "Form expired",
				Message: "This form was not sent from your dashboard session. Reload the page and try again.", Back: "/dashboard"}
		}
		return h(w, r, q)
	}
}

// frame is what every page's frame shows.
type frame struct {
	Title    string
	Zone     string // the merchant's time zone, which every date is shown in
	Nav      string
	Nonce    string
	CSRF     string
	User     domain.User
	Merchant domain.Merchant
	Live     bool
	Notice   string
}

func (q *req) frame(title, nav string) frame {
	return frame{Title: title, Nav: nav, Nonce: q.nonce, CSRF: q.session.CSRF, User: q.user, Merchant: q.merchant, Live: q.session.Livemode,
		Zone: zone(q.merchant).String()}
}

// Can reports whether the signed-in user's role holds a permission, for
// templates: buttons a role may not use are not shown (and refused anyway).
func (f frame) Can(p string) bool { return f.User.Role.Can(domain.Permission(p)) }

type messageView struct {
	frame
	Err *pageError
}

func (s *site) renderError(w http.ResponseWriter, q *req, pe *pageError) {
	f := q.frame(pe.Title, "")
	s.html(w, q, pe.Status, "message.html", messageView{frame: f, Err: pe})
}

// html renders template name, its dates in the merchant's time zone, under a
// CSP that allows no script at all but the page's own nonce, styles from this
// origin and forms posted here only.
func (s *site) html(w http.ResponseWriter, q *req, status int, name string, v any) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+q.nonce+"'; style-src 'self'; "+
		"img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := templatesIn(zone(q.merchant)).ExecuteTemplate(&b, name, v); err != nil {
		s.Log.Error("dashboard template", "template", name, "error", err.Error())
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "<!doctype html><title>Something went wrong</title><p>Something went wrong.</p>")
		return
	}
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

// seeOther answers a form with a redirect to a page, with a notice code the
// page turns into words (never text from the request).
func seeOther(w http.ResponseWriter, r *http.Request, path, notice string) error {
	if notice != "" {
		path += "?done=" + notice
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// notices are the words for the done= codes.
var notices = map[string]string{
	"refunded": "Refund created.", "captured": "Payment captured.", "customer": "Customer created.",
	"webhook_deleted": "Webhook endpoint deleted.", "resent": "Event queued for delivery again.",
	"revoked": "Key revoked.", "mode": "", "password": "Password changed. Your other sessions were signed out.",
	"role": "Role changed.", "published": "Application published.", "enabled": "Application enabled.",
	"disabled": "Application disabled: its live key is refused from now on.", "settings": "Settings saved.",
	"webhook_updated": "Webhook endpoint saved.", "sub_canceled": "Subscription canceled: nothing more will be charged.",
	"tax_created": "Tax profile created.", "tax_saved": "Tax profile saved.", "template_created": "Template created.",
	"template_saved": "Template saved.", "invitation_revoked": "Invitation withdrawn: its link no longer works.",
	"welcome": "Welcome! You are signed in.",
}

func notice(r *http.Request) string { return notices[r.URL.Query().Get("done")] }

func nonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// clientIP is the peer's address, for throttling. Behind a proxy every client
// shares its address; the per-address limit still holds.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

package pages

import (
	"crypto/rand"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{}).ParseFS(templateFS, "templates/*.html"))

// Deps are what the pages need.
type Deps struct {
	Engine  *domain.Engine
	Log     *slog.Logger
	BaseURL string // public URL of this server, for the links pages carry
	// AttemptsPerLink caps payment attempts per payment link in
	// AttemptWindow (card testing); 0 means DefaultAttemptsPerLink.
	AttemptsPerLink int
	AttemptWindow   time.Duration
}

// DefaultAttemptsPerLink is how many payment attempts one payment link takes
// in DefaultAttemptWindow before it answers 429.
const (
	DefaultAttemptsPerLink = 30
	DefaultAttemptWindow   = 15 * time.Minute
)

type site struct {
	Deps
}

// Register mounts the pages on mux.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.AttemptsPerLink <= 0 {
		d.AttemptsPerLink = DefaultAttemptsPerLink
	}
	if d.AttemptWindow <= 0 {
		d.AttemptWindow = DefaultAttemptWindow
	}
	s := &site{Deps: d}
	// Forms are posted from these pages only: a cross-origin POST (another
	// site submitting a form at a payer's browser) is refused.
	csrf := http.NewCrossOriginProtection()
	mux.Handle("GET /pay/{id}", s.page(s.payPage))
	mux.Handle("POST /pay/{id}", csrf.Handler(s.page(s.pay)))
	mux.Handle("GET /p/{code}", s.page(s.short))
	mux.Handle("GET /qr/{file}", s.page(s.qr))
	mux.Handle("GET /invoices/{file}", s.page(s.invoice))
	mux.Handle("GET /authenticate/{id}", s.page(s.challenge))
	mux.Handle("POST /authenticate/{id}", csrf.Handler(s.page(s.authenticate)))
	mux.Handle("GET /authenticate/{id}/return", s.page(s.authenticated))
	mux.Handle("GET /receipts/{id}", s.page(s.receipt))
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", assets(http.FileServerFS(static))))
}

func assets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// pageError is an error with the page a customer sees for it.
type pageError struct {
	Status  int
	Title   string
	Message string
	// Link and LinkText, when set, offer a way on (a receipt, the payment page).
	Link, LinkText string
	Merchant       string
	Test           bool
}

func (e *pageError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Title) }

func notFound(what string) *pageError {
	return &pageError{Status: http.StatusNotFound, Title: what + " not found",
		Message: "This link does not lead anywhere. Check that it was copied in full, or ask the sender for a new one."}
}

// req is one page request: the nonce of its script and the extra origins
// its forms may be sent on to (the merchant's redirect_url).
type req struct {
	nonce       string
	formTargets []string
}

// page adapts a handler that returns an error: it sets the security headers,
// renders errors as HTML (details only in the log) and turns a panic into an
// HTML 500, so a page never answers with API JSON.
func (s *site) page(h func(w http.ResponseWriter, r *http.Request, q *req) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := &req{nonce: nonce()}
		hdr := w.Header()
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("X-Robots-Tag", "noindex")
		hdr.Set("Cache-Control", "no-store")
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Log.ErrorContext(r.Context(), "page panic", "request_id", web.RequestID(r.Context()),
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.renderError(w, r, q, s.internal(r))
			}
		}()
		if err := h(w, r, q); err != nil {
			var pe *pageError
			if !errors.As(err, &pe) {
				s.Log.ErrorContext(r.Context(), "page", "path", r.URL.Path, "request_id", web.RequestID(r.Context()), "error", err.Error())
				pe = s.internal(r)
			}
			s.renderError(w, r, q, pe)
		}
	})
}

func (s *site) internal(r *http.Request) *pageError {
	return &pageError{Status: http.StatusInternalServerError, Title: "Something went wrong",
		Message: "Nothing was charged by this error. Please try again in a moment. Request id: " + web.RequestID(r.Context())}
}

func (s *site) renderError(w http.ResponseWriter, r *http.Request, q *req, pe *pageError) {
	s.html(w, q, pe.Status, "message.html", messageView{chrome: chrome{Title: pe.Title, Merchant: pe.Merchant, Test: pe.Test}, Err: pe})
}

// chrome is what every page's frame shows.
type chrome struct {
	Title    string
	Merchant string
	Test     bool
	Nonce    string
}

type messageView struct {
	chrome
	Err *pageError
}

// html renders template name with the CSP of q.
func (s *site) html(w http.ResponseWriter, q *req, status int, name string, v any) {
	if c, ok := v.(interface{ setNonce(string) }); ok {
		c.setNonce(q.nonce)
	}
	formAction := "'self'"
	for _, o := range q.formTargets {
		formAction += " " + o
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+q.nonce+"'; style-src 'self'; "+
		"img-src 'self' data:; form-action "+formAction+"; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, v); err != nil {
		s.Log.Error("page template", "template", name, "error", err.Error())
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "<!doctype html><title>Something went wrong</title><p>Something went wrong.</p>")
		return
	}
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

func (c *chrome) setNonce(n string) { c.Nonce = n }

func nonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// origin is the scheme://host of an absolute URL, "" if it has none.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

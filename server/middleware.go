package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// requestID gives every request an id, in its context and in the
// Request-Id response header.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := domain.NewID("req")
		w.Header().Set("Request-Id", id)
		next.ServeHTTP(w, r.WithContext(web.WithRequestID(r.Context(), id)))
	})
}

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request. It logs the path, with
// anything that looks like a card number redacted, and never the query,
// headers or body: those can carry keys and card numbers.
func logRequests(next http.Handler, log *slog.Logger, m *httpMetrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		ctx, ri := withRoute(r.Context())
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.observe(ri, sw.status, time.Since(start))
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", web.RequestID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", RedactPath(r.URL.Path)),
			slog.String("route", ri.pattern),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// panLike matches what could be a card number: 12 to 19 digits, each group
// optionally apart from the next by one space or dash (4242 4242 4242 4242).
var panLike = regexp.MustCompile(`[0-9](?:[ -]?[0-9]){11,18}`)

// RedactPath replaces every run of digits in p that could be a card number
// (someone pasted one where an id belongs: GET /v2/payments/4242424242424242)
// with "[redacted]", so that it never reaches a log. Ids and Paysley's
// numbers are shorter, or mix in letters.
func RedactPath(p string) string {
	if len(p) < 12 {
		return p
	}
	return panLike.ReplaceAllString(p, "[redacted]")
}

// checkPath refuses a path that is not UTF-8 text or holds a NUL character
// (%FF, %00): no id is spelled so, and PostgreSQL refuses such text with an
// internal error. It answers in the dialect of the request's key.
func checkPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; !utf8.ValidString(p) || strings.IndexByte(p, 0) >= 0 {
			writeErrorFor(r)(w, r, nil, &domain.Error{Code: domain.CodeInvalid, Reason: "invalid_path",
				Message: "The URL path must be UTF-8 text without NUL characters (%00)."})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// secure reports whether r arrived over HTTPS: on this server's own TLS, or
// through a trusted proxy that says so in X-Forwarded-Proto.
func secure(r *http.Request, proxies []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	peer, err := netip.ParseAddr(host)
	return err == nil && isTrusted(peer, proxies) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// hsts tells browsers that came over HTTPS to keep to it (a year), so that
// no later visit to a payment page or receipt starts on plain HTTP.
func hsts(next http.Handler, proxies []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secure(r, proxies) {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a 500 carrying the request id; the stack
// goes to the log.
func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil || p == http.ErrAbortHandler {
				if p != nil {
					panic(p)
				}
				return
			}
			log.ErrorContext(r.Context(), "panic", "request_id", web.RequestID(r.Context()),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			writeErrorFor(r)(w, r, nil, domain.Internal(fmt.Errorf("panic: %v", p)))
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies; reading past the cap fails with a
// *http.MaxBytesError that the body decoder turns into a clear 413.
func limitBody(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeErrorFor(r)(w, r, nil, &domain.Error{Code: domain.CodeTooLarge, Reason: "too_large",
				Message: fmt.Sprintf("The request body is too large (limit %d bytes).", max)})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// trimTrailingSlash serves "/v2/payment-requests/" as "/v2/payment-requests":
// the Paysley document writes some URLs with the slash and some without.
func trimTrailingSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r2 := r.Clone(r.Context())
			r2.URL.Path = strings.TrimRight(p, "/")
			if r2.URL.Path == "" {
				r2.URL.Path = "/"
			}
			r2.URL.RawPath = ""
			r = r2
		}
		next.ServeHTTP(w, r)
	})
}

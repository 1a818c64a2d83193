package dashboard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// The idle timeout. A session's row says when it was opened and when it
// expires, not when it was last used, so the last use rides in a second
// cookie, rewritten on every signed-in request: its time in milliseconds and
// an HMAC-SHA256 of it and the session, keyed by the session's CSRF secret,
// which only the server and the session's own pages know. A cookie that is
// missing, forged, from another session or older than the timeout revokes the
// session, on any node, with nothing written per request.

// errIdle is why a session unused for too long is refused.
var errIdle = &domain.Error{Code: domain.CodeUnauthenticated, Reason: "session_idle", Message: "Please sign in again."}

// seenMAC is the seen cookie's signature of ms for session.
func seenMAC(session domain.Session, ms string) string {
	m := hmac.New(sha256.New, []byte(session.CSRF))
	fmt.Fprintf(m, "seen:%s:%s", session.Hash, ms)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// markSeen records that the session is in use now.
func (s *site) markSeen(w http.ResponseWriter, session domain.Session, now time.Time) {
	ms := strconv.FormatInt(now.UnixMilli(), 10)
	http.SetCookie(w, &http.Cookie{Name: seenCookie, Value: ms + "." + seenMAC(session, ms), Path: "/dashboard", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, Expires: session.Expires})
}

// recentlySeen reports whether the request's seen cookie is the session's
// and younger than the idle timeout.
func (s *site) recentlySeen(r *http.Request, session domain.Session, now time.Time) bool {
	c, err := r.Cookie(seenCookie)
	if err != nil {
		return false
	}
	ms, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(seenMAC(session, ms))) {
		return false
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return false
	}
	seen := time.UnixMilli(n)
	return now.Sub(seen) < s.IdleTimeout && seen.Before(now.Add(time.Minute))
}

// clearSession drops the session's cookies from the browser.
func (s *site) clearSession(w http.ResponseWriter) {
	for _, name := range []string{sessionCookie, seenCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/dashboard", HttpOnly: true, Secure: s.secure,
			SameSite: http.SameSiteLaxMode, MaxAge: -1})
	}
}

// idleMessage says why the user must sign in again.
func (s *site) idleMessage() string {
	return "You were signed out after " + duration(s.IdleTimeout) + " without activity. Please sign in again."
}

// duration names a timeout for people: "30 minutes", "1 hour", "2 seconds".
func duration(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if d >= u.d && d%u.d == 0 {
			n := int64(d / u.d)
			if n == 1 {
				return "1 " + u.name
			}
			return strconv.FormatInt(n, 10) + " " + u.name + "s"
		}
	}
	return d.String()
}

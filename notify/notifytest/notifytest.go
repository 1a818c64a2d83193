// Package notifytest runs what messages are sent to, in process, for tests:
// a real SMTP server (emersion/go-smtp) that parses what it receives
// (emersion/go-message), and an SMS sink speaking Twilio's Messages API.
package notifytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one message the SMTP server accepted, parsed.
type Mail struct {
	From        string
	To          []string
	Header      mail.Header
	MessageID   string
	Subject     string
	ContentType string // of the whole message
	Text, HTML  string
	// Alternative reports whether the text and HTML parts sit in one
	// multipart/alternative part.
	Alternative bool
	Attachments []Attachment
	Raw         []byte
}

// Attachment is one attached file.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Behaviour says how the server answers a session's RCPT: nil accepts.
type Behaviour func(n int) error

// TempFail is the 4xx an SMTP server answers when it cannot take mail now.
var TempFail = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}

// PermFail is a 5xx refusal of the recipient.
var PermFail = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}

// SMTP is a running SMTP server.
type SMTP struct {
	t        testing.TB
	srv      *smtp.Server
	ln       net.Listener
	mu       sync.Mutex
	got      []Mail
	behave   Behaviour
	rcpts    int           // RCPT commands seen
	sessions atomic.Int64  // connections opened
	hold     chan struct{} // closed: held sessions go on
	// TLS is the client configuration that trusts this server's certificate
	// (STARTTLS and smtps); nil without TLS.
	TLS *tls.Config
	url string
}

// SMTPOptions choose TLS: STARTTLS offers it on a plain port, Implicit
// serves TLS from the first byte (smtps).
type SMTPOptions struct {
	STARTTLS, Implicit bool
	Auth               [2]string // user, password a client must give; empty: none asked
}

// NewSMTP starts an SMTP server on 127.0.0.1, closed when the test ends.
func NewSMTP(t testing.TB, o SMTPOptions) *SMTP {
	t.Helper()
	s := &SMTP{t: t, hold: make(chan struct{})}
	close(s.hold)
	be := &backend{s: s, auth: o.Auth}
	s.srv = smtp.NewServer(be)
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	s.srv.AllowInsecureAuth = !o.STARTTLS && !o.Implicit
	scheme := "smtp"
	var serverTLS *tls.Config
	if o.STARTTLS || o.Implicit {
		ts := httptest.NewUnstartedServer(nil)
		ts.StartTLS()
		serverTLS = &tls.Config{Certificates: ts.TLS.Certificates}
		s.TLS = ts.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
		s.TLS.ServerName = "127.0.0.1"
		ts.Close()
	}
	var err error
	if o.Implicit {
		scheme = "smtps"
		s.ln, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	} else {
		s.srv.TLSConfig = serverTLS
		s.ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	cred := ""
	if o.Auth[0] != "" {
		cred = o.Auth[0] + ":" + o.Auth[1] + "@"
	}
	s.url = scheme + "://" + cred + s.ln.Addr().String()
	go s.srv.Serve(s.ln)
	t.Cleanup(func() { s.Release(); s.srv.Close() })
	return s
}

// URL is the server's smtp:// or smtps:// URL, with the credentials.
func (s *SMTP) URL() string { return s.url }

// Behave sets how RCPT is answered from now on (n counts RCPTs from 1).
func (s *SMTP) Behave(b Behaviour) {
	s.mu.Lock()
	s.behave = b
	s.mu.Unlock()
}

// Hold makes every new session wait at RCPT until Release: a message in
// flight that a crash interrupts is never accepted.
func (s *SMTP) Hold() {
	s.mu.Lock()
	s.hold = make(chan struct{})
	s.mu.Unlock()
}

// Release lets held sessions go on (they then answer a temporary failure,
// their client may be gone).
func (s *SMTP) Release() {
	s.mu.Lock()
	select {
	case <-s.hold:
	default:
		close(s.hold)
	}
	s.mu.Unlock()
}

// Sessions counts the connections the server accepted.
func (s *SMTP) Sessions() int { return int(s.sessions.Load()) }

// Mails returns what the server accepted so far.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.got...)
}

// Wait waits until the server accepted n messages and returns them.
func (s *SMTP) Wait(n int) []Mail {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := s.Mails()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("SMTP server: %d messages after 20s, want %d", len(got), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type backend struct {
	s    *SMTP
	auth [2]string
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.s.sessions.Add(1)
	return &session{b: b}, nil
}

type session struct {
	b        *backend
	from     string
	to       []string
	authed   bool
	held     bool
	rejected bool
}

func (s *session) AuthMechanisms() []string {
	if s.b.auth[0] == "" {
		return nil
	}
	return []string{"PLAIN"}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.b.auth[0] || pass != s.b.auth[1] {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.auth[0] != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	srv := s.b.s
	srv.mu.Lock()
	hold := srv.hold
	srv.mu.Unlock()
	<-hold
	srv.mu.Lock()
	srv.rcpts++
	n, behave := srv.rcpts, srv.behave
	srv.mu.Unlock()
	if behave != nil {
		if err := behave(n); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := Parse(raw)
	if err != nil {
		return fmt.Errorf("unreadable message: %w", err)
	}
	m.From, m.To = s.from, s.to
	s.b.s.mu.Lock()
	s.b.s.got = append(s.b.s.got, m)
	s.b.s.mu.Unlock()
	return nil
}

// Parse reads a MIME message: its headers, text and HTML parts and
// attachments.
func Parse(raw []byte) (Mail, error) {
	m := Mail{Raw: raw}
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return m, err
	}
	m.Header = mr.Header
	m.MessageID = mr.Header.Get("Message-Id")
	m.Subject, _ = mr.Header.Subject()
	m.ContentType, _, _ = mime.ParseMediaType(mr.Header.Get("Content-Type"))
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m, err
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			return m, err
		}
		switch h := p.Header.(type) {
		case *mail.InlineHeader:
			typ, _, _ := h.ContentType()
			switch typ {
			case "text/plain":
				m.Text = string(body)
			case "text/html":
				m.HTML = string(body)
			}
		case *mail.AttachmentHeader:
			name, _ := h.Filename()
			typ, _, _ := h.ContentType()
			m.Attachments = append(m.Attachments, Attachment{Name: name, ContentType: typ, Data: body})
		}
	}
	m.Alternative = strings.Contains(string(raw), "multipart/alternative")
	return m, nil
}

// SMS is one message the sink received.
type SMS struct {
	Account, Token      string
	To, From, Body, URL string
	MediaURL            []string
	SID                 string // the sid the sink answered
	StatusCallback      string // where delivery reports go, if the sender asked for them
}

// SMSSink is a local server speaking Twilio's Messages API: it answers 201
// with a sid, or what Fail says.
type SMSSink struct {
	*httptest.Server
	mu   sync.Mutex
	got  []SMS
	fail func(n int) int // status to answer the nth request; 0 means 201
	// accepted runs with each accepted message before the sink answers.
	accepted func(SMS)
	hits     atomic.Int64
}

// NewSMSSink starts a sink, closed when the test ends.
func NewSMSSink(t testing.TB) *SMSSink {
	k := &SMSSink{}
	k.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(k.hits.Add(1))
		user, pass, _ := r.BasicAuth()
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		k.mu.Lock()
		fail := k.fail
		k.mu.Unlock()
		if fail != nil {
			if status := fail(n); status != 0 {
				w.WriteHeader(status)
				json.NewEncoder(w).Encode(map[string]any{"code": 21211, "message": "The 'To' number is not valid.", "status": status})
				return
			}
		}
		sms := SMS{Account: user, Token: pass, To: r.PostForm.Get("To"), From: r.PostForm.Get("From"),
			Body: r.PostForm.Get("Body"), URL: r.URL.Path, MediaURL: r.PostForm["MediaUrl"]}
		sms.StatusCallback = r.PostForm.Get("StatusCallback")
		k.mu.Lock()
		sid := fmt.Sprintf("SM%032d", len(k.got)+1)
		sms.SID = sid
		k.got = append(k.got, sms)
		accepted := k.accepted
		k.mu.Unlock()
		if accepted != nil {
			accepted(sms)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"sid": sid, "status": "queued", "to": sms.To, "body": sms.Body})
	}))
	t.Cleanup(k.Close)
	return k
}

// ProviderURL is the sink's URL with the credentials in it, as --sms-url.
func (k *SMSSink) ProviderURL(account, token string) string {
	return strings.Replace(k.URL, "http://", "http://"+account+":"+token+"@", 1)
}

// Fail sets the status of the nth request (0: accept).
func (k *SMSSink) Fail(f func(n int) int) {
	k.mu.Lock()
	k.fail = f
	k.mu.Unlock()
}

// OnAccept sets f to run with each message the sink accepts before it
// answers the sender: as Twilio may, f can call the message's
// StatusCallback before the sender knows the sid.
func (k *SMSSink) OnAccept(f func(SMS)) {
	k.mu.Lock()
	k.accepted = f
	k.mu.Unlock()
}

// Hits counts every request, accepted or not.
func (k *SMSSink) Hits() int { return int(k.hits.Load()) }

// Messages returns what the sink accepted.
func (k *SMSSink) Messages() []SMS {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]SMS(nil), k.got...)
}

// Wait waits until the sink accepted n messages.
func (k *SMSSink) Wait(t testing.TB, n int) []SMS {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := k.Messages()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("SMS sink: %d messages after 20s, want %d", len(got), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Report sends m's delivery report as Twilio does to its StatusCallback: a
// form POST of MessageSid, MessageStatus and, when not empty, ErrorCode,
// with X-Twilio-Signature made with the token m was sent with (Twilio's
// scheme: HMAC-SHA1 of the URL and the sorted parameters). It returns the
// status the callback answered.
func Report(t testing.TB, m SMS, status, errorCode string) int {
	t.Helper()
	if m.StatusCallback == "" {
		t.Fatalf("message %s asked for no delivery reports", m.SID)
	}
	form := url.Values{"MessageSid": {m.SID}, "SmsSid": {m.SID}, "AccountSid": {m.Account}, "MessageStatus": {status},
		"To": {m.To}, "From": {m.From}, "ApiVersion": {"2010-04-01"}}
	if errorCode != "" {
		form.Set("ErrorCode", errorCode)
	}
	return PostSigned(t, m.StatusCallback, m.Token, form)
}

// PostSigned posts form to rawURL signed as Twilio signs with token, and
// returns the status answered.
func PostSigned(t testing.TB, rawURL, token string, form url.Values) int {
	t.Helper()
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	signed := rawURL
	for _, k := range keys {
		for _, v := range form[k] {
			signed += k + v
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(signed))
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

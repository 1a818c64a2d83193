package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Mailer sends one e-mail. SMTP is the real one; Outbox keeps messages.
type Mailer interface {
	SendMail(ctx context.Context, m *mail.Msg) error
}

// SMTP sends e-mail to one SMTP server, given as a URL:
//
//	smtp://[user:pass@]host[:port]    STARTTLS when the server offers it (port 25 by default)
//	smtps://[user:pass@]host[:port]   implicit TLS (port 465 by default)
//
// Credentials are sent only over TLS (PLAIN, or LOGIN when that is all the
// server offers); a URL with a user over smtp:// therefore needs a server
// that offers STARTTLS.
type SMTP struct {
	addr   string // host:port, for logs (no credentials)
	client func() (*mail.Client, error)
}

// NewSMTP parses an SMTP URL. TLSConfig, when set, verifies the server
// (tests trust their own certificate); nil verifies against the system roots.
func NewSMTP(rawURL string, tlsConfig *tls.Config) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", err)
	}
	var implicit bool
	port := 25
	switch u.Scheme {
	case "smtp":
	case "smtps":
		implicit, port = true, 465
	default:
		return nil, fmt.Errorf("SMTP URL %s: the scheme must be smtp or smtps", u.Redacted())
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("SMTP URL %s: no host", u.Redacted())
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port <= 0 || port > 65535 {
			return nil, fmt.Errorf("SMTP URL %s: bad port", u.Redacted())
		}
	}
	user := u.User.Username()
	pass, _ := u.User.Password()
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	s := &SMTP{addr: net.JoinHostPort(host, strconv.Itoa(port))}
	s.client = func() (*mail.Client, error) {
		opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(30 * time.Second), mail.WithTLSConfig(tlsConfig),
			mail.WithTLSPolicy(mail.TLSOpportunistic)}
		if implicit {
			opts = append(opts, mail.WithSSL())
		}
		if user != "" {
			opts = append(opts, mail.WithUsername(user), mail.WithPassword(pass),
				mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover))
		}
		return mail.NewClient(host, opts...)
	}
	return s, nil
}

// String names the server for logs, without credentials.
func (s *SMTP) String() string { return "smtp " + s.addr }

// SendMail delivers m in one SMTP session. A refusal with a 5xx code is
// permanent (Permanent); a 4xx, a lost connection or a timeout is not.
func (s *SMTP) SendMail(ctx context.Context, m *mail.Msg) error {
	c, err := s.client()
	if err != nil {
		return Permanent(err)
	}
	err = c.DialAndSendWithContext(ctx, m)
	if err == nil {
		return nil
	}
	var se *mail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
		return Permanent(fmt.Errorf("%s refused the message: %w", s.addr, err))
	}
	return fmt.Errorf("%s: %w", s.addr, err)
}

// permanentError marks a failure that a retry cannot fix.
type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Permanent marks err as a failure that retrying will not fix: the message
// is marked failed at once.
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// ErrKept says no transport is configured for a message's mode and
// channel: it stays queued in the outbox.
var ErrKept = errors.New("kept in the outbox")

// Outbox is the transport of a mode and channel with nothing configured:
// it sends nothing, and the message stays queued in the outbox, readable
// through GET /v2/messages.
type Outbox struct{ Why string }

// SendMail implements Mailer.
func (o Outbox) SendMail(context.Context, *mail.Msg) error {
	return fmt.Errorf("%w: %s", ErrKept, o.Why)
}

// SendSMS implements SMSProvider.
func (o Outbox) SendSMS(context.Context, SMS) (string, error) {
	return "", fmt.Errorf("%w: %s", ErrKept, o.Why)
}

// addressDomain is the domain of an e-mail address, for Message-Ids.
func addressDomain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return strings.Trim(addr[i+1:], "<> ")
	}
	return "paysmart.invalid"
}

package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SMS is one text message, or an MMS when MediaURL is set.
type SMS struct {
	To, From, Body string
	MediaURL       string // a public URL the provider fetches
}

// SMSProvider sends SMS and MMS. It returns the provider's id for the
// message; an error marked Permanent will not succeed on a retry.
type SMSProvider interface {
	SendSMS(ctx context.Context, m SMS) (id string, err error)
}

// Twilio speaks Twilio's Messages API: a form POST of To, From, Body and
// MediaUrl to {base}/2010-04-01/Accounts/{account}/Messages.json with HTTP
// Basic auth account:token. The URL carries all of it:
//
//	https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com
//
// and any other base (a test server, a proxy, a Twilio-compatible provider)
// works the same way.
type Twilio struct {
	endpoint       string
	account, token string
	host           string
	client         *http.Client
	// StatusCallback, when set, is sent with each message: the URL where
	// the provider reports its delivery (DeliveryReports).
	StatusCallback string
}

// NewTwilio parses a provider URL; client nil uses a client with a 30 s
// timeout that follows no redirects.
func NewTwilio(rawURL string, client *http.Client) (*Twilio, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("SMS URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("SMS URL %s: want https://ACCOUNT:TOKEN@host", u.Redacted())
	}
	token, _ := u.User.Password()
	account := u.User.Username()
	if account == "" || token == "" {
		return nil, fmt.Errorf("SMS URL %s: the account and token go in the URL (https://ACCOUNT:TOKEN@host)", u.Redacted())
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	base := u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/")
	return &Twilio{endpoint: base + "/2010-04-01/Accounts/" + url.PathEscape(account) + "/Messages.json",
		account: account, token: token, host: u.Host, client: client}, nil
}

// String names the provider for logs, without credentials.
func (t *Twilio) String() string { return "sms " + t.host }

type twilioAnswer struct {
	SID     string `json:"sid"`
	Status  string `json:"status"`
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// SendSMS implements SMSProvider. 2xx is accepted (the sid is the id); a
// 4xx other than 401, 403, 408 and 429 refuses the message for good (an
// invalid number, a number that opted out); anything else is retried.
func (t *Twilio) SendSMS(ctx context.Context, m SMS) (string, error) {
	form := url.Values{"To": {m.To}, "Body": {m.Body}}
	if m.From != "" {
		form.Set("From", m.From)
	}
	if m.MediaURL != "" {
		form.Set("MediaUrl", m.MediaURL)
	}
	if t.StatusCallback != "" {
		form.Set("StatusCallback", t.StatusCallback)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", Permanent(err)
	}
	req.SetBasicAuth(t.account, t.token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := t.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: %w", t.host, err)
	}
	defer resp.Body.Close()
	var ans twilioAnswer
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = json.Unmarshal(body, &ans)
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		if ans.SID == "" {
			return "", fmt.Errorf("%s answered %d without a message sid", t.host, c)
		}
		return ans.SID, nil
	case c >= 400 && c < 500 && c != 401 && c != 403 && c != 408 && c != 429:
		return "", Permanent(fmt.Errorf("%s refused the message: %d %s (code %d)", t.host, c, ans.Message, ans.Code))
	default:
		return "", fmt.Errorf("%s answered %d %s", t.host, c, strings.TrimSpace(ans.Message))
	}
}

// Package paysmart is a Go client for the PaySmart v2 API (sk_ and pk_
// keys), as api/paysmart.yaml describes it. It imports only the standard
// library.
//
//	c := paysmart.NewClient("sk_test_…", paysmart.WithBaseURL("http://127.0.0.1:8080/v2"))
//	p, err := c.Payments.Create(ctx, &paysmart.PaymentParams{Amount: 2000, Currency: "usd", …})
//
// Every write carries an Idempotency-Key (one per call, kept across its
// retries), so that a call retried after a network error, a 409 (the same key
// still running), a 429 or a 5xx cannot charge twice. Lists are iterators
// that fetch the next page as they go.
package paysmart

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is where a local `paysmart serve` answers.
const DefaultBaseURL = "http://127.0.0.1:8080/v2"

// Client calls the PaySmart API with one key. Its services share it.
type Client struct {
	key        string
	baseURL    string
	http       *http.Client
	maxRetries int
	backoff    time.Duration

	Payments         *PaymentService
	Refunds          *RefundService
	Customers        *CustomerService
	PaymentMethods   *PaymentMethodService
	Events           *EventService
	WebhookEndpoints *WebhookEndpointService
	Subscriptions    *SubscriptionService
	TestClocks       *TestClockService
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL sets the API's address, "/v2" included.
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") } }

// WithHTTPClient sets the *http.Client requests go through (timeouts, proxies, transports).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithMaxRetries sets how many times a failed call is retried (default 2; 0 never).
func WithMaxRetries(n int) Option { return func(c *Client) { c.maxRetries = max(n, 0) } }

// WithBackoff sets the first wait between retries (default 500ms); it
// doubles with each retry, with jitter, unless the server sends Retry-After.
func WithBackoff(d time.Duration) Option { return func(c *Client) { c.backoff = d } }

// NewClient returns a client that authenticates with key.
func NewClient(key string, opts ...Option) *Client {
	c := &Client{key: key, baseURL: DefaultBaseURL, http: http.DefaultClient, maxRetries: 2, backoff: 500 * time.Millisecond}
	for _, o := range opts {
		o(c)
	}
	c.Payments = &PaymentService{c}
	c.Refunds = &RefundService{c}
	c.Customers = &CustomerService{c}
	c.PaymentMethods = &PaymentMethodService{c}
	c.Events = &EventService{c}
	c.WebhookEndpoints = &WebhookEndpointService{c}
	c.Subscriptions = &SubscriptionService{c}
	c.TestClocks = &TestClockService{c}
	return c
}

// Error is an error the API answered. Type is invalid_request_error,
// authentication_error, permission_error, card_error, idempotency_error,
// rate_limit_error or api_error; Code a stable reason such as
// parameter_missing or card_declined.
type Error struct {
	HTTPStatus  int      `json:"-"`
	Type        string   `json:"type"`
	Code        string   `json:"code"`
	DeclineCode string   `json:"decline_code"`
	Param       string   `json:"param"`
	Message     string   `json:"message"`
	RequestID   string   `json:"request_id"`
	Payment     *Payment `json:"payment"` // the failed payment of a declined card
}

func (e *Error) Error() string {
	s := fmt.Sprintf("paysmart: %d %s", e.HTTPStatus, e.Type)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	s += ": " + e.Message
	if e.RequestID != "" {
		s += " [request " + e.RequestID + "]"
	}
	return s
}

// retryable reports whether an answer with this status may be retried:
// the same key still running (409), too many requests (429), or a server
// failure (5xx).
func retryable(status int) bool {
	return status == http.StatusConflict || status == http.StatusTooManyRequests || status >= 500
}

// call sends one API call, retrying it as the package doc says, and decodes
// the answer into out.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	key := ""
	if method != http.MethodGet {
		key = newIdempotencyKey()
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+c.key)
		req.Header.Set("Accept", "application/json")
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := c.http.Do(req)
		if err != nil {
			if ctx.Err() != nil || attempt >= c.maxRetries {
				return err
			}
			if werr := c.wait(ctx, attempt, ""); werr != nil {
				return err
			}
			continue
		}
		b, rerr := io.ReadAll(res.Body)
		res.Body.Close()
		if rerr == nil && res.StatusCode < 300 {
			if out == nil {
				return nil
			}
			return json.Unmarshal(b, out)
		}
		if attempt < c.maxRetries && (rerr != nil || retryable(res.StatusCode)) {
			if werr := c.wait(ctx, attempt, res.Header.Get("Retry-After")); werr != nil {
				return werr
			}
			continue
		}
		if rerr != nil {
			return rerr
		}
		return apiError(res, b)
	}
}

func apiError(res *http.Response, b []byte) error {
	var body struct {
		Error *Error `json:"error"`
	}
	e := &Error{}
	if json.Unmarshal(b, &body) == nil && body.Error != nil {
		e = body.Error
	} else {
		e.Type, e.Message = "api_error", strings.TrimSpace(string(b))
	}
	e.HTTPStatus = res.StatusCode
	if e.RequestID == "" {
		e.RequestID = res.Header.Get("Request-Id")
	}
	return e
}

// wait sleeps before retry attempt+1: Retry-After when the server sent one,
// otherwise the backoff doubled per attempt with up to 50% jitter.
func (c *Client) wait(ctx context.Context, attempt int, retryAfter string) error {
	d := c.backoff << attempt
	d += time.Duration(mrand.Int64N(int64(d)/2 + 1))
	if s, err := strconv.Atoi(strings.TrimSpace(retryAfter)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(retryAfter); err == nil {
		d = time.Until(t)
	}
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func newIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return "sdk_" + hex.EncodeToString(b)
}

// ErrNoID is returned when an object without an id is passed where one is needed.
var ErrNoID = errors.New("paysmart: id is empty")

func pathID(id string) (string, error) {
	if id == "" {
		return "", ErrNoID
	}
	return url.PathEscape(id), nil
}

// Package paysley is a Go client for the Paysley v2 API (py_ keys) as a
// PaySmart server serves it (api/paysley.yaml). It imports only the
// standard library.
//
//	c := paysley.NewClient("py_test_…", paysley.WithBaseURL("http://127.0.0.1:8080/v2"))
//	pr, err := c.PaymentRequests.Create(ctx, &paysley.PaymentRequestParams{…})
//
// Writes carry an Idempotency-Key kept across retries; network errors, a 409
// for a key still running, 429 and 5xx answers are retried with backoff and
// Retry-After. Lists are
// iterators over numbered pages.
package paysley

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
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

// Client calls the Paysley API with one key.
type Client struct {
	key        string
	baseURL    string
	http       *http.Client
	maxRetries int
	backoff    time.Duration

	PaymentRequests *PaymentRequestService
	Payments        *PaymentService
	Refunds         *RefundService
	Captures        *CaptureService
	Subscriptions   *SubscriptionService
	Customers       *CustomerService
	Groups          *GroupService
	Products        *ProductService
	Categories      *CategoryService
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL sets the API's address, "/v2" included.
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") } }

// WithHTTPClient sets the *http.Client requests go through.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithMaxRetries sets how many times a failed call is retried (default 2).
func WithMaxRetries(n int) Option { return func(c *Client) { c.maxRetries = max(n, 0) } }

// WithBackoff sets the first wait between retries (default 500ms), doubled per retry.
func WithBackoff(d time.Duration) Option { return func(c *Client) { c.backoff = d } }

// NewClient returns a client that authenticates with key.
func NewClient(key string, opts ...Option) *Client {
	c := &Client{key: key, baseURL: DefaultBaseURL, http: http.DefaultClient, maxRetries: 2, backoff: 500 * time.Millisecond}
	for _, o := range opts {
		o(c)
	}
	c.PaymentRequests, c.Payments, c.Refunds, c.Captures = &PaymentRequestService{c}, &PaymentService{c}, &RefundService{c}, &CaptureService{c}
	c.Subscriptions, c.Customers, c.Groups = &SubscriptionService{c}, &CustomerService{c}, &GroupService{c}
	c.Products, c.Categories = &ProductService{c}, &CategoryService{c}
	return c
}

// Error is an error the API answered, from whichever of the document's
// error bodies it came in: Field names the request field at fault (E2's
// error_field, E3's field), Message says what is wrong, RequestID is set on
// server failures. Body is the answer as it came.
type Error struct {
	HTTPStatus int
	Field      string
	Message    string
	RequestID  string
	Body       []byte
}

func (e *Error) Error() string {
	s := fmt.Sprintf("paysley: %d", e.HTTPStatus)
	if e.Field != "" {
		s += " " + e.Field
	}
	s += ": " + e.Message
	if e.RequestID != "" {
		s += " [request " + e.RequestID + "]"
	}
	return s
}

func apiError(res *http.Response, b []byte) *Error {
	e := &Error{HTTPStatus: res.StatusCode, Body: b, RequestID: res.Header.Get("Request-Id")}
	var body struct {
		ErrorField   string `json:"error_field"`
		ErrorMessage string `json:"error_message"`
		Message      string `json:"message"`
		RequestID    string `json:"request_id"`
		Errors       []struct {
			Message string `json:"message"`
			Field   any    `json:"field"`
		} `json:"errors"`
	}
	if json.Unmarshal(b, &body) != nil {
		e.Message = strings.TrimSpace(string(b))
		return e
	}
	e.Field, e.Message = body.ErrorField, body.ErrorMessage
	if e.Message == "" {
		e.Message = body.Message
	}
	if len(body.Errors) > 0 {
		e.Message = body.Errors[0].Message
		switch f := body.Errors[0].Field.(type) {
		case string:
			e.Field = f
		case []any:
			if len(f) > 0 {
				e.Field = fmt.Sprint(f[0])
			}
		}
	}
	if body.RequestID != "" {
		e.RequestID = body.RequestID
	}
	return e
}

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
		b := make([]byte, 16)
		rand.Read(b)
		key = "sdk_" + hex.EncodeToString(b)
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+c.key)
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := c.http.Do(req)
		if err != nil {
			if ctx.Err() != nil || attempt >= c.maxRetries || c.wait(ctx, attempt, "") != nil {
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
		s := res.StatusCode
		// A 409 about a field is an object in use, which a retry does not
		// change; one about no field is the same Idempotency-Key still running.
		lock := s == http.StatusConflict && rerr == nil && apiError(res, b).Field == ""
		if attempt < c.maxRetries && (rerr != nil || lock || s == http.StatusTooManyRequests || s >= 500) {
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

// Amount is a decimal amount in major units ("1500.12"). The API shows it
// as a JSON number in lists and as a string in some answers; Amount reads
// both and is sent as a number.
type Amount string

// UnmarshalJSON reads a JSON number or string.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		s = ""
	}
	*a = Amount(s)
	return nil
}

// MarshalJSON writes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a == "" {
		return []byte("null"), nil
	}
	if _, err := strconv.ParseFloat(string(a), 64); err != nil {
		return nil, fmt.Errorf("paysley: amount %q is not a number", string(a))
	}
	return []byte(a), nil
}

// ID is a numeric id the API shows as a number or a string.
type ID string

// UnmarshalJSON reads a JSON number or string.
func (i *ID) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		s = ""
	}
	*i = ID(s)
	return nil
}

// ListParams pages a list: Limit per page (1–100, default 10), from Page
// (default 1), matching Keywords, sorted ASC or DESC (default) by creation.
type ListParams struct {
	Page, Limit    int
	Keywords, Sort string
	// StartDate and EndDate (YYYY-MM-DD) bound the payment history.
	StartDate, EndDate string
}

func (p *ListParams) values(page int) url.Values {
	q := url.Values{}
	if p == nil {
		p = &ListParams{}
	}
	q.Set("page", strconv.Itoa(page))
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	for k, v := range map[string]string{"keywords": p.Keywords, "sort": p.Sort, "start_date": p.StartDate, "end_date": p.EndDate} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

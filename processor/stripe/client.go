package stripe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// APIVersion is the Stripe API version every request pins (Stripe-Version),
// so that an account's default version cannot change the shapes read here.
// It is the version of the API description stripe-mock validates against.
const APIVersion = "2026-08-26.dahlia"

// DefaultAPIBase is Stripe's API.
const DefaultAPIBase = "https://api.stripe.com"

// maxResponse bounds a response body read from Stripe.
const maxResponse = 4 << 20

// paymentIntent is the part of Stripe's PaymentIntent the connector reads.
type paymentIntent struct {
	ID                 string            `json:"id"`
	Status             string            `json:"status"`
	Amount             int64             `json:"amount"`
	AmountCapturable   int64             `json:"amount_capturable"`
	AmountReceived     int64             `json:"amount_received"`
	CaptureMethod      string            `json:"capture_method"`
	Livemode           bool              `json:"livemode"`
	Metadata           map[string]string `json:"metadata"`
	LastPaymentError   *stripeError      `json:"last_payment_error"`
	CancellationReason string            `json:"cancellation_reason"`
	NextAction         *nextAction       `json:"next_action"`
}

// nextAction is what a PaymentIntent in requires_action waits for: with a
// return_url, the customer's visit to the issuer's challenge page.
type nextAction struct {
	Type          string `json:"type"`
	RedirectToURL *struct {
		URL string `json:"url"`
	} `json:"redirect_to_url"`
}

// refund is the part of Stripe's Refund the connector reads.
type refund struct {
	ID            string            `json:"id"`
	Status        string            `json:"status"`
	Amount        int64             `json:"amount"`
	FailureReason string            `json:"failure_reason"`
	PaymentIntent string            `json:"payment_intent"`
	Metadata      map[string]string `json:"metadata"`
}

type paymentMethod struct {
	ID string `json:"id"`
}

// list is a Stripe list or search result.
type list[T any] struct {
	Data    []T  `json:"data"`
	HasMore bool `json:"has_more"`
}

// stripeError is the body of Stripe's error envelope, and of a
// PaymentIntent's last_payment_error.
type stripeError struct {
	Type          string         `json:"type"`
	Code          string         `json:"code"`
	DeclineCode   string         `json:"decline_code"`
	Message       string         `json:"message"`
	Param         string         `json:"param"`
	PaymentIntent *paymentIntent `json:"payment_intent"`
}

// apiError is a non-2xx answer from Stripe.
type apiError struct {
	Method, Path string
	Status       int
	RequestID    string
	Err          stripeError
}

func (e *apiError) Error() string {
	msg := e.Err.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	s := fmt.Sprintf("stripe: %s %s: %d %s", e.Method, e.Path, e.Status, e.Err.Type)
	if e.Err.Code != "" {
		s += " (" + e.Err.Code + ")"
	}
	s += ": " + msg
	if e.RequestID != "" {
		s += " [" + e.RequestID + "]"
	}
	return s
}

// definitive reports whether Stripe refused the request outright, so that
// nothing happened upstream: a card error, or an invalid request (not an
// idempotency mismatch, which means we cannot tell).
func (e *apiError) definitive() bool {
	switch {
	case e.Err.Type == "idempotency_error":
		return false
	case e.Status == http.StatusPaymentRequired:
		return true
	case e.Status == http.StatusBadRequest || e.Status == http.StatusNotFound:
		return e.Err.Type == "invalid_request_error" || e.Err.Type == "card_error"
	}
	return false
}

// client sends requests to Stripe's API.
type client struct {
	base   string
	secret string
	http   *http.Client
}

// post sends a form to path under an Idempotency-Key and decodes the answer
// into out. replayed reports that Stripe answered from its idempotency store.
func (c *client) post(ctx context.Context, path, idempotencyKey string, form url.Values, out any) (replayed bool, err error) {
	h, err := c.do(ctx, http.MethodPost, path, idempotencyKey, form, out)
	return h.Get("Idempotent-Replayed") == "true", err
}

// get reads path with query q into out.
func (c *client) get(ctx context.Context, path string, q url.Values, out any) error {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	_, err := c.do(ctx, http.MethodGet, path, "", nil, out)
	return err
}

func (c *client) do(ctx context.Context, method, path, idempotencyKey string, form url.Values, out any) (http.Header, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.secret)
	req.Header.Set("Stripe-Version", APIVersion)
	req.Header.Set("User-Agent", "PaySmart")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	// The path without its query: what an error may say about the request
	// (the body, which may hold a card number, is never repeated anywhere).
	name, _, _ := strings.Cut(path, "?")
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL holds nothing the caller does not know
		}
		return nil, fmt.Errorf("stripe: %s %s: %w", method, name, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return resp.Header, fmt.Errorf("stripe: %s %s: reading the answer: %w", method, name, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		ae := &apiError{Method: method, Path: name, Status: resp.StatusCode, RequestID: resp.Header.Get("Request-Id")}
		var env struct {
			Error stripeError `json:"error"`
		}
		if json.Unmarshal(data, &env) == nil {
			ae.Err = env.Error
		}
		return resp.Header, ae
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.Header, fmt.Errorf("stripe: %s %s: unreadable answer: %w", method, name, err)
	}
	return resp.Header, nil
}

package paysmart

import (
	"encoding/json"
	"strconv"
)

// Payment is a card payment. Status is processing, requires_action,
// requires_capture, succeeded, failed or canceled; Amount is in the
// currency's minor unit. A payment that is requires_action waits for the
// customer to answer a 3-D Secure challenge at NextAction.RedirectToURL.URL.
// Subscription names the subscription whose period the payment charged.
type Payment struct {
	ID             string            `json:"id"`
	Object         string            `json:"object"`
	Amount         int64             `json:"amount"`
	AmountCaptured int64             `json:"amount_captured"`
	AmountRefunded int64             `json:"amount_refunded"`
	Currency       string            `json:"currency"`
	Status         string            `json:"status"`
	CaptureMethod  string            `json:"capture_method"`
	PaymentMethod  *PaymentMethodRef `json:"payment_method"`
	Customer       *string           `json:"customer"`
	Description    *string           `json:"description"`
	Metadata       map[string]string `json:"metadata"`
	ReceiptEmail   *string           `json:"receipt_email"`
	ReceiptNumber  *string           `json:"receipt_number"`
	ReceiptURL     string            `json:"receipt_url"`
	FailureCode    *string           `json:"failure_code"`
	FailureMessage *string           `json:"failure_message"`
	NextAction     *NextAction       `json:"next_action"`
	Refunded       bool              `json:"refunded"`
	Subscription   *string           `json:"subscription"`
	Livemode       bool              `json:"livemode"`
	Created        int64             `json:"created"`
}

// NextAction is what the customer must do before a payment can go on: for
// Type redirect_to_url, open RedirectToURL.URL (the 3-D Secure challenge).
type NextAction struct {
	Type          string `json:"type"`
	RedirectToURL struct {
		URL       string  `json:"url"`
		ReturnURL *string `json:"return_url"`
	} `json:"redirect_to_url"`
}

// PaymentMethodRef is the card a payment was made with.
type PaymentMethodRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Card Card   `json:"card"`
}

// Card is what a payment or payment method shows of a card.
type Card struct {
	Brand       string `json:"brand"`
	Last4       string `json:"last4"`
	ExpMonth    int    `json:"exp_month"`
	ExpYear     int    `json:"exp_year"`
	Fingerprint string `json:"fingerprint,omitempty"`
}

// PaymentMethod is a tokenised card.
type PaymentMethod struct {
	ID       string  `json:"id"`
	Object   string  `json:"object"`
	Type     string  `json:"type"`
	Card     Card    `json:"card"`
	Customer *string `json:"customer"`
	Livemode bool    `json:"livemode"`
	Created  int64   `json:"created"`
}

// Refund is a refund of a payment: pending until the processor answers,
// then succeeded or failed (with FailureReason).
type Refund struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	Amount        int64             `json:"amount"`
	Currency      string            `json:"currency"`
	Payment       string            `json:"payment"`
	Reason        *string           `json:"reason"`
	Status        string            `json:"status"`
	FailureReason *string           `json:"failure_reason"`
	Metadata      map[string]string `json:"metadata"`
	Livemode      bool              `json:"livemode"`
	Created       int64             `json:"created"`
}

// Customer is a customer.
type Customer struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	Email       *string           `json:"email"`
	Name        *string           `json:"name"`
	Phone       *string           `json:"phone"`
	Description *string           `json:"description"`
	Address     *Address          `json:"address"`
	Metadata    map[string]string `json:"metadata"`
	TestClock   *string           `json:"test_clock"` // the test clock the customer is on
	Livemode    bool              `json:"livemode"`
	Created     int64             `json:"created"`
	Deleted     bool              `json:"deleted,omitempty"` // set when a deleted customer is retrieved
}

// Subscription charges a customer's saved card every Interval (week, month,
// quarter or year). Status is active, past_due, canceled or completed;
// TotalPayments and NextPaymentAttempt are nil when unbounded or when nothing
// more will be charged; times are Unix seconds.
type Subscription struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	Customer           *string           `json:"customer"`
	PaymentMethod      string            `json:"payment_method"`
	Amount             int64             `json:"amount"`
	InitialAmount      *int64            `json:"initial_amount"`
	Currency           string            `json:"currency"`
	Interval           string            `json:"interval"`
	StartDate          int64             `json:"start_date"`
	TimeZone           string            `json:"time_zone"`
	Status             string            `json:"status"`
	CurrentPeriodStart int64             `json:"current_period_start"`
	CurrentPeriodEnd   int64             `json:"current_period_end"`
	PaymentsMade       int64             `json:"payments_made"`
	TotalPayments      *int64            `json:"total_payments"`
	NextPaymentAttempt *int64            `json:"next_payment_attempt"`
	AttemptCount       int               `json:"attempt_count"`
	LatestPayment      *string           `json:"latest_payment"`
	TestClock          *string           `json:"test_clock"`
	Metadata           map[string]string `json:"metadata"`
	CanceledAt         *int64            `json:"canceled_at"`
	EndedAt            *int64            `json:"ended_at"`
	Livemode           bool              `json:"livemode"`
	Created            int64             `json:"created"`
}

// TestClock is simulated time for test-mode customers and their
// subscriptions. Status is ready, or advancing while an advance runs.
type TestClock struct {
	ID         string  `json:"id"`
	Object     string  `json:"object"`
	Name       *string `json:"name"`
	FrozenTime int64   `json:"frozen_time"`
	Status     string  `json:"status"`
	Livemode   bool    `json:"livemode"`
	Created    int64   `json:"created"`
}

// Address is a postal address; in parameters, empty fields are not sent.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// UnmarshalJSON reads the address's null fields as empty.
func (a *Address) UnmarshalJSON(b []byte) error {
	var raw map[string]*string
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	get := func(k string) string {
		if v := raw[k]; v != nil {
			return *v
		}
		return ""
	}
	*a = Address{Line1: get("line1"), Line2: get("line2"), City: get("city"), State: get("state"),
		PostalCode: get("postal_code"), Country: get("country")}
	return nil
}

// Deleted is the answer to a delete.
type Deleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// Event records a change; Data.Object is the object as it was then.
type Event struct {
	ID       string `json:"id"`
	Object   string `json:"object"`
	Type     string `json:"type"`
	Created  int64  `json:"created"`
	Livemode bool   `json:"livemode"`
	Data     struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

// WebhookEndpoint is a URL events are sent to. Secret is set only in the
// answers to Create and RollSecret.
type WebhookEndpoint struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	URL           string            `json:"url"`
	EnabledEvents []string          `json:"enabled_events"`
	Description   *string           `json:"description"`
	Status        string            `json:"status"`
	Secret        string            `json:"secret,omitempty"`
	Metadata      map[string]string `json:"metadata"`
	Livemode      bool              `json:"livemode"`
	Created       int64             `json:"created"`
	FailingSince  *int64            `json:"failing_since"`
	FlaggedAt     *int64            `json:"flagged_at"`
}

// WebhookDelivery is one attempt to deliver an event.
type WebhookDelivery struct {
	ID          string  `json:"id"`
	Object      string  `json:"object"`
	Event       string  `json:"event"`
	Endpoint    string  `json:"endpoint"`
	Attempt     int     `json:"attempt"`
	StatusCode  *int    `json:"status_code"`
	Error       *string `json:"error"`
	DurationMS  int64   `json:"duration_ms"`
	Livemode    bool    `json:"livemode"`
	Created     int64   `json:"created"`
	NextRetryAt *int64  `json:"next_retry_at"`
}

// CardData is a card to charge or tokenise.
type CardData struct {
	Number   string `json:"number"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
	CVC      string `json:"cvc,omitempty"`
}

// PaymentMethodData is what a payment is made with: a card, or the ID of a
// saved payment method.
type PaymentMethodData struct {
	Type string    // "card" (the default)
	Card *CardData // the card to charge
	ID   string    // or a saved payment method (pm_…)
}

// MarshalJSON sends a saved payment method as its id, a card as an object.
func (d PaymentMethodData) MarshalJSON() ([]byte, error) {
	if d.ID != "" {
		return json.Marshal(d.ID)
	}
	typ := d.Type
	if typ == "" {
		typ = "card"
	}
	return json.Marshal(struct {
		Type string    `json:"type"`
		Card *CardData `json:"card"`
	}{typ, d.Card})
}

// PaymentParams creates a payment. Capture false (Bool(false)) only authorises it.
type PaymentParams struct {
	Amount        int64              `json:"amount"`
	Currency      string             `json:"currency"`
	PaymentMethod *PaymentMethodData `json:"payment_method"`
	Customer      string             `json:"customer,omitempty"`
	Description   string             `json:"description,omitempty"`
	ReceiptEmail  string             `json:"receipt_email,omitempty"`
	Metadata      map[string]string  `json:"metadata,omitempty"`
	Capture       *bool              `json:"capture,omitempty"`
}

// PaymentUpdateParams changes a payment; nil fields are left as they are.
type PaymentUpdateParams struct {
	Description  *string           `json:"description,omitempty"`
	Customer     *string           `json:"customer,omitempty"`
	ReceiptEmail *string           `json:"receipt_email,omitempty"`
	Metadata     map[string]string `json:"metadata,omitempty"`
}

// CaptureParams captures part of an authorisation; nil Amount captures all.
type CaptureParams struct {
	Amount *int64 `json:"amount,omitempty"`
}

// RefundParams refunds a payment; nil Amount refunds all that remains.
type RefundParams struct {
	Payment  string            `json:"payment"`
	Amount   *int64            `json:"amount,omitempty"`
	Reason   string            `json:"reason,omitempty"` // duplicate, fraudulent or requested_by_customer
	Metadata map[string]string `json:"metadata,omitempty"`
}

// CustomerParams creates or updates a customer; nil fields are not sent.
// TestClock (a test clock's id) is for Create only.
type CustomerParams struct {
	Email       *string           `json:"email,omitempty"`
	Name        *string           `json:"name,omitempty"`
	Phone       *string           `json:"phone,omitempty"`
	Description *string           `json:"description,omitempty"`
	Address     *Address          `json:"address,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	TestClock   string            `json:"test_clock,omitempty"`
}

// SubscriptionParams creates a subscription. PaymentMethod must be attached
// to Customer; Interval is week, month, quarter or year. InitialAmount, when
// set, is charged for period 0 instead of Amount; TotalPayments 0 bills until
// canceled; StartDate (Unix seconds, not in the past) defaults to now.
type SubscriptionParams struct {
	Customer      string            `json:"customer"`
	PaymentMethod string            `json:"payment_method"`
	Amount        int64             `json:"amount"`
	InitialAmount int64             `json:"initial_amount,omitempty"`
	Currency      string            `json:"currency"`
	Interval      string            `json:"interval"`
	TotalPayments int64             `json:"total_payments,omitempty"`
	StartDate     int64             `json:"start_date,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// SubscriptionUpdateParams changes a subscription: PaymentMethod (another
// card of the customer) for the next charges, Metadata merged in.
type SubscriptionUpdateParams struct {
	PaymentMethod string            `json:"payment_method,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// TestClockParams creates a test clock frozen at FrozenTime (Unix seconds).
type TestClockParams struct {
	FrozenTime int64  `json:"frozen_time"`
	Name       string `json:"name,omitempty"`
}

// PaymentMethodParams tokenises a card (the one call a publishable key may make).
type PaymentMethodParams struct {
	Type     string    `json:"type,omitempty"`
	Card     *CardData `json:"card"`
	Customer string    `json:"customer,omitempty"`
}

// WebhookEndpointParams creates or updates a webhook endpoint.
type WebhookEndpointParams struct {
	URL           string            `json:"url,omitempty"`
	EnabledEvents []string          `json:"enabled_events,omitempty"`
	Description   *string           `json:"description,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
	Disabled      *bool             `json:"disabled,omitempty"` // update only
}

// ListParams pages a list. Limit is the page size the iterator fetches
// (1–100, default 10); StartingAfter starts after an object's id; the
// Created bounds are Unix seconds.
type ListParams struct {
	Limit         int
	StartingAfter string
	CreatedGTE    int64
	CreatedLTE    int64
	// Filters: Customer and Status for payments and subscriptions, Payment
	// for refunds, Email for customers, Type for events.
	Customer, Status, Payment, Email, Type string
}

func (p *ListParams) values() map[string][]string {
	q := map[string][]string{}
	if p == nil {
		return q
	}
	set := func(k, v string) {
		if v != "" {
			q[k] = []string{v}
		}
	}
	if p.Limit > 0 {
		set("limit", strconv.Itoa(p.Limit))
	}
	set("starting_after", p.StartingAfter)
	if p.CreatedGTE != 0 {
		set("created[gte]", strconv.FormatInt(p.CreatedGTE, 10))
	}
	if p.CreatedLTE != 0 {
		set("created[lte]", strconv.FormatInt(p.CreatedLTE, 10))
	}
	set("customer", p.Customer)
	set("status", p.Status)
	set("payment", p.Payment)
	set("email", p.Email)
	set("type", p.Type)
	return q
}

// Bool returns a pointer to v, for optional parameters.
func Bool(v bool) *bool { return &v }

// String returns a pointer to v, for optional parameters.
func String(v string) *string { return &v }

// Int64 returns a pointer to v, for optional parameters.
func Int64(v int64) *int64 { return &v }

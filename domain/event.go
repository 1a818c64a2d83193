package domain

import (
	"context"
	"strconv"
	"time"
)

// Event types. Each is written in the same transaction as the change it reports.
const (
	EventPaymentSucceeded = "payment.succeeded"
	EventPaymentFailed    = "payment.failed"
	EventPaymentCaptured  = "payment.captured"
	EventPaymentCanceled  = "payment.canceled"
	EventPaymentDisputed  = "payment.disputed"
	// EventPaymentRequiresAction: the card asks for 3-D Secure; the payment
	// waits for the customer's answer on the challenge page.
	EventPaymentRequiresAction = "payment.requires_action"
	EventRefundCreated         = "refund.created"
	EventRefundFailed          = "refund.failed"
	EventCustomerCreated       = "customer.created"
	EventCustomerUpdated       = "customer.updated"
	EventCustomerDeleted       = "customer.deleted"
)

// EventTypes lists every event type the engine emits.
var EventTypes = []string{EventPaymentSucceeded, EventPaymentFailed, EventPaymentCaptured, EventPaymentCanceled,
	EventPaymentDisputed, EventPaymentRequiresAction, EventRefundCreated, EventRefundFailed, EventCustomerCreated, EventCustomerUpdated,
	EventCustomerDeleted, EventWebhookEndpointDisabled,
	EventSubscriptionCreated, EventSubscriptionUpdated, EventSubscriptionPaymentSucceeded, EventSubscriptionPaymentFailed,
	EventSubscriptionCanceled, EventSubscriptionCompleted, EventTestClockReady}

// Event records a change. Data is the changed object as the PaySmart API
// renders it at that moment (a snapshot, as Stripe's events carry).
type Event struct {
	ID         string
	MerchantID string
	Livemode   bool
	Type       string
	ObjectID   string
	Data       []byte
	Created    time.Time
}

// Snapshotter renders a domain object (Customer, Payment, Refund) as the
// JSON its event carries. The PaySmart dialect provides it.
type Snapshotter func(obj any) ([]byte, error)

// emit writes an event for obj in tx, and a delivery job for each webhook
// endpoint that wants it: the event and its deliveries commit or vanish with
// the change they report.
func (e *Engine) emit(ctx context.Context, tx Tx, s Scope, typ string, obj any, now time.Time) error {
	return e.emitID(ctx, tx, s, NewID("evt"), typ, obj, now)
}

// emitID is emit with the event's id chosen by the caller.
func (e *Engine) emitID(ctx context.Context, tx Tx, s Scope, id, typ string, obj any, now time.Time) error {
	if e.Snapshot == nil {
		return Internal(errNoSnapshotter)
	}
	data, err := e.Snapshot(obj)
	if err != nil {
		return Internal(err)
	}
	ev := Event{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode, Type: typ,
		ObjectID: objectID(obj), Data: data, Created: now}
	if err := tx.InsertEvent(ctx, ev); err != nil {
		return err
	}
	return e.enqueueDeliveries(ctx, tx, ev, now)
}

type constError string

func (c constError) Error() string { return string(c) }

const errNoSnapshotter = constError("engine has no Snapshot function")

func objectID(obj any) string {
	if o, ok := obj.(interface{ ObjectID() string }); ok {
		return o.ObjectID()
	}
	return ""
}

// GetEvent returns one event. Errors: CodeNotFound.
func (e *Engine) GetEvent(ctx context.Context, s Scope, id string) (Event, error) {
	var ev Event
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { ev, err = tx.GetEvent(ctx, s, id); return err })
	return ev, err
}

// ListEvents returns a page of events, newest first; ListParams.Type filters
// by event type. Errors: CodeInvalid (cursor).
func (e *Engine) ListEvents(ctx context.Context, s Scope, p ListParams) (Page[Event], error) {
	var out Page[Event]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListEvents(ctx, s, p); return err })
	return out, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

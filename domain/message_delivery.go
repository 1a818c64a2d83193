package domain

import (
	"context"
	"time"
)

// Delivery is what an SMS provider reports on a message it accepted: that
// the carrier delivered it, or why it could not.
type Delivery struct {
	Livemode   bool   // the mode of the provider account that reported
	ProviderID string // the provider's id of the message (Twilio's MessageSid)
	Delivered  bool
	Reason     string // why it was not delivered: the provider's error code and its meaning
}

// PendingDeliveryTTL is how long a report on a provider id that no message
// has yet waits for the record of the send that will have it: the hourly
// prune forgets older ones (PrunePendingDeliveries).
const PendingDeliveryTTL = 7 * 24 * time.Hour

// PendingDelivery is a report that came before the message it is about was
// recorded sent: the provider may call back before its API answered the
// worker. RecordMessage applies it in the transaction that records the send.
type PendingDelivery struct {
	Delivery
	Received time.Time
}

// DeliveryOutcome is what RecordDelivery did with a report.
type DeliveryOutcome struct {
	// Message is the message reported on, as it now stands; zero when
	// Pending.
	Message Message
	// Changed: the report changed the message's status or, when Pending, is
	// the one kept (no report on the id was kept before it).
	Changed bool
	// Pending: no message of the mode has the provider id yet, so the report
	// is kept for the send that will record it (PendingDelivery).
	Pending bool
}

// RecordDelivery records a provider's report on a sent SMS or MMS: the
// message becomes delivered, or undelivered with the reason. Each message
// takes one report, once: a message not sent yet, or already delivered or
// undelivered, is left as it is (providers repeat their reports, and may
// send them out of order). A report on a provider id that no message of its
// mode has yet is kept, pending, and RecordMessage applies it when it
// records the send under that id; of several such reports the first is
// kept, by the same rule. The report and the record take turns on the
// provider id (Tx.LockProviderID), so neither misses the other. E-mail has
// no such report.
func (e *Engine) RecordDelivery(ctx context.Context, d Delivery) (DeliveryOutcome, error) {
	now := e.now()
	var out DeliveryOutcome
	err := e.Store.Tx(ctx, func(tx Tx) error {
		out = DeliveryOutcome{}
		if err := tx.LockProviderID(ctx, d.ProviderID); err != nil {
			return err
		}
		m, err := tx.GetMessageByProvider(ctx, d.Livemode, d.ProviderID)
		if ErrorCode(err) == CodeNotFound {
			out.Pending = true
			out.Changed, err = tx.KeepPendingDelivery(ctx, PendingDelivery{Delivery: d, Received: now})
			return err
		}
		if err != nil {
			return err
		}
		out.Changed = applyDelivery(&m, d, now)
		out.Message = m
		if !out.Changed {
			return nil
		}
		return tx.UpdateMessage(ctx, m)
	})
	return out, err
}

// applyDelivery is the one rule for a report, whether it came after the
// send was recorded or before: a sent message takes it, and then no other;
// a status never goes back. It reports whether m changed.
func applyDelivery(m *Message, d Delivery, now time.Time) bool {
	if m.Status != MessageSent {
		return false
	}
	m.Status, m.LastError, m.Updated = MessageDelivered, "", now
	if !d.Delivered {
		m.Status, m.LastError = MessageUndelivered, d.Reason
	}
	return true
}

// PrunePendingDeliveries deletes the reports kept longer than
// PendingDeliveryTTL: no send was ever recorded under their provider id.
func (e *Engine) PrunePendingDeliveries(ctx context.Context) (int64, error) {
	cutoff := e.now().Add(-PendingDeliveryTTL)
	var n int64
	err := e.Store.Tx(ctx, func(tx Tx) (err error) { n, err = tx.PrunePendingDeliveries(ctx, cutoff); return err })
	return n, err
}

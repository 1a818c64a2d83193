package domain

import "context"

// Delivery is what an SMS provider reports on a message it accepted: that
// the carrier delivered it, or why it could not.
type Delivery struct {
	Livemode   bool   // the mode of the provider account that reported
	ProviderID string // the provider's id of the message (Twilio's MessageSid)
	Delivered  bool
	Reason     string // why it was not delivered: the provider's error code and its meaning
}

// RecordDelivery records a provider's report on a sent SMS or MMS: the
// message becomes delivered, or undelivered with the reason. Each message
// takes one report, once: a message not sent yet, or already delivered or
// undelivered, is left as it is and changed is false (providers repeat
// their reports, and may send them out of order). E-mail has no such
// report. Errors: CodeNotFound (no message of that mode with that id).
func (e *Engine) RecordDelivery(ctx context.Context, d Delivery) (m Message, changed bool, err error) {
	now := e.now()
	err = e.Store.Tx(ctx, func(tx Tx) error {
		if m, err = tx.GetMessageByProvider(ctx, d.Livemode, d.ProviderID); err != nil {
			return err
		}
		if m.Status != MessageSent {
			return nil
		}
		m.Status, m.LastError, m.Updated, changed = MessageDelivered, "", now, true
		if !d.Delivered {
			m.Status, m.LastError = MessageUndelivered, d.Reason
		}
		return tx.UpdateMessage(ctx, m)
	})
	return m, changed, err
}

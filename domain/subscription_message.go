package domain

import (
	"context"
	"time"
)

// subscriptionChargeFailed queues, in the transaction that recorded a failed
// charge of subscription id and moved the subscription on, the e-mail that
// tells its customer: a retry is scheduled, the period is given up
// (past_due), or dunning canceled the subscription. It goes to the
// customer's e-mail, else (a Paysley request's subscription) the request's,
// once per failed payment.
func (e *Engine) subscriptionChargeFailed(ctx context.Context, tx Tx, s Scope, id string, now time.Time) error {
	if e.Messages == nil {
		return nil
	}
	sub, err := tx.GetSubscription(ctx, s, id, false)
	if err != nil || sub.LatestPayment == "" {
		return err
	}
	p, err := tx.GetPayment(ctx, s, sub.LatestPayment, false)
	if err != nil || p.Status != StatusFailed {
		return err
	}
	to, err := subscriptionEmail(ctx, tx, s, sub)
	if err != nil || to == "" {
		return err
	}
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	msg := Message{Channel: ChannelEmail, Kind: MessageSubscriptionPaymentFailed, To: to, PaymentID: p.ID,
		PaymentRequestID: sub.RequestID, Key: messageKey(MessageSubscriptionPaymentFailed, ChannelEmail, p.ObjectID(), to)}
	return e.queueMessage(ctx, tx, s, msg, MessageContext{Merchant: m, Payment: &p, Subscription: &sub}, now)
}

// subscriptionEmail is where a subscription's customer reads mail: the
// customer's address, else its Paysley request's; "" when neither.
func subscriptionEmail(ctx context.Context, tx Tx, s Scope, sub Subscription) (string, error) {
	if sub.Customer != "" {
		c, err := tx.GetCustomer(ctx, s, CustomerRef{ID: sub.Customer}, false)
		switch {
		case err == nil && !c.Deleted && c.Email != "":
			return c.Email, nil
		case err != nil && ErrorCode(err) != CodeNotFound:
			return "", err
		}
	}
	if sub.RequestID == "" {
		return "", nil
	}
	pr, err := tx.GetPaymentRequestByID(ctx, sub.RequestID)
	if err != nil {
		return "", err
	}
	return pr.Email, nil
}

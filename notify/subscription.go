package notify

import (
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
)

// subscriptionFailed is the built-in e-mail of a failed subscription charge
// (domain.MessageSubscriptionPaymentFailed), worded by what the failure left
// the subscription as: a retry scheduled, the payment given up while billing
// goes on (past_due), the subscription canceled by dunning, or ended with
// that last payment unpaid. Its values go in v, so that HTML escapes them.
func subscriptionFailed(c domain.MessageContext, v map[string]string) (subject, body string) {
	if p := c.Payment; p != nil {
		v["amount"] = pages.FormatMoney(p.Amount, p.Currency) // nothing was captured
		v["failure_message"] = p.FailureMessage
	}
	if v["failure_message"] == "" {
		v["failure_message"] = "Your card was declined."
	}
	hello := "Hello {{customer_name}},\n\nYour subscription payment of {{amount}} to {{merchant_name}} did not go through: {{failure_message}}\n\n"
	sub := c.Subscription
	if sub == nil {
		return "Your payment to {{merchant_name}} failed", hello + "Please contact {{merchant_name}}.\n\nThank you."
	}
	date := func(name string, at *string) {
		if sub.NextChargeAt != nil {
			v[name] = pages.FormatDate(*sub.NextChargeAt, c.Merchant)
			*at = "{{" + name + "}}"
		}
	}
	switch {
	case sub.Status == domain.SubscriptionCanceled:
		return "Your subscription with {{merchant_name}} is canceled",
			hello + "We could not collect it, so your subscription has been canceled and no further payments will be taken. " +
				"Contact {{merchant_name}} to subscribe again.\n\nThank you."
	case sub.Status == domain.SubscriptionCompleted:
		return "Your last payment to {{merchant_name}} failed",
			hello + "We could not collect it and will not try again. This was the last payment of your subscription; " +
				"please contact {{merchant_name}} to settle it.\n\nThank you."
	case sub.Attempt > 0:
		at := "a later date"
		date("retry_date", &at)
		return "Your payment to {{merchant_name}} failed; we will try again",
			hello + "We will try your card again on " + at + ". To pay with another card, contact {{merchant_name}}.\n\nThank you."
	}
	next := ""
	if sub.NextChargeAt != nil {
		date("next_date", &next)
		next = " The next payment is due on " + next + "."
	}
	return "Your payment to {{merchant_name}} is past due",
		hello + "We could not collect it and will not try it again; the payment is past due." + next +
			" Please contact {{merchant_name}} to settle it or to pay with another card.\n\nThank you."
}

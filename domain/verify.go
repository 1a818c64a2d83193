package domain

import (
	"fmt"
	"time"
)

// Check names one invariant that "paysmart verify" recomputes from the
// database. Each holds for every row at every commit; a Problem reports a
// row that breaks one.
type Check string

// The checks, numbered as in docs/decisions.md ("paysmart verify"). Amounts
// are in the currency's minor units.
const (
	// CheckMoneyRule (1): 0 ≤ amount_refunded ≤ amount_captured ≤ amount.
	// The payments table enforces it too, so it fails only if that
	// constraint was dropped or bypassed.
	CheckMoneyRule Check = "money_rule"

	// CheckRefunded (2): a payment's amount_refunded is the sum of its
	// refunds in status pending or succeeded. A pending refund's money
	// counts from its intent on, so that two concurrent refunds cannot
	// both pass the money rule; a failed one gives its amount back.
	CheckRefunded Check = "amount_refunded"

	// CheckCaptured (3): a payment's amount_captured is what its successful
	// history says was captured: the amount of its DB (debit) row or of its
	// CP (capture) row, and 0 when it has neither.
	CheckCaptured Check = "amount_captured"

	// CheckHistory (3): a payment has at most one successful
	// authorisation (DB or PA row), at most one successful capture (CP) and
	// at most one release (RV row not failed): more means the processor was
	// asked twice for one movement.
	CheckHistory Check = "history"

	// CheckStatus (4): the status agrees with the money. A succeeded
	// payment has captured money; a payment in requires_capture, canceled
	// or failed has captured and refunded nothing; a payment with an
	// operation pending at the processor is in status processing.
	CheckStatus Check = "status"

	// CheckRefundHistory (4): the succeeded refunds of a payment sum to its
	// successful RF (refund) history rows, so the Paysley history shows the
	// money that was returned.
	CheckRefundHistory Check = "refund_history"

	// CheckOneTime (5): a ONE-TIME payment request is paid at most once: at
	// most one of its payments is succeeded, requires_capture or processing.
	CheckOneTime Check = "one_time_request"

	// CheckStuck (6): nothing stays half-done longer than the reconcile
	// window: no payment with a pending operation last updated, and no
	// pending refund created, before now minus the window. The reconcile
	// job should have finished them.
	CheckStuck Check = "stuck"

	// CheckSubscriptionCount (7): a subscription of total_payments periods
	// has made at most that many payments and billed at most that many
	// periods (payments_made ≤ total_payments, next_period ≤ total_payments).
	CheckSubscriptionCount Check = "subscription_count"

	// CheckSubscriptionCharged (7): no period of a subscription has more
	// than one charge succeeded, requires_capture or processing: a period
	// is charged once.
	CheckSubscriptionCharged Check = "subscription_charged"

	// CheckSubscriptionStatus (7): the status agrees with the counts and
	// dates. completed ⇔ every period billed or given up (total_payments >
	// 0, next_period = total_payments, no next charge, ended_at set); active
	// and past_due have a next charge and a period left; canceled has
	// canceled_at and no next charge; a pending_payment is a payment whose
	// operation is still pending.
	CheckSubscriptionStatus Check = "subscription_status"

	// CheckSubscriptionOverdue (7): no active or past_due subscription
	// (off test clocks) has a charge due for longer than the reconcile
	// window with nothing to make it: no charge at the processor and no
	// charge job waiting or running (a discarded job left the period due).
	CheckSubscriptionOverdue Check = "subscription_overdue"

	// CheckCounts (8): every count the store keeps so that a list's
	// total_count costs no counting (payments, history rows, customers and
	// payment requests not deleted, messages, per merchant and mode) equals
	// the rows it stands for. The Object is the counted table.
	CheckCounts Check = "counts"
)

// Problem is one broken invariant: which check, on which object as the API
// shows its id ("pay_…", "re_…", "preq_…", "sub_…"), and what is wrong, with the
// expected and actual amounts.
type Problem struct {
	Check      Check
	MerchantID string
	Livemode   bool
	Object     string
	Detail     string
}

// String renders the problem as one line for an operator.
func (p Problem) String() string {
	mode := "test"
	if p.Livemode {
		mode = "live"
	}
	return fmt.Sprintf("%s %s %s %s: %s", p.Check, p.MerchantID, mode, p.Object, p.Detail)
}

// Audit is the result of verifying a database: how much was read and every
// problem found.
type Audit struct {
	Payments        int64
	Refunds         int64
	PaymentRequests int64
	Subscriptions   int64
	Problems        []Problem
	At              time.Time // the now the stuck check measured from
	Window          time.Duration
}

// Summary is the audit's last line: what was verified and how many problems.
func (a Audit) Summary() string {
	return fmt.Sprintf("verified %d payments, %d refunds, %d payment requests, %d subscriptions: %d problems",
		a.Payments, a.Refunds, a.PaymentRequests, a.Subscriptions, len(a.Problems))
}

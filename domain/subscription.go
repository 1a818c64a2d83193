package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SubscriptionStatus is where a subscription stands.
type SubscriptionStatus string

// The subscription statuses:
//
//	active    → past_due   a period's charge failed for good and the merchant keeps billing (the default)
//	active    → canceled   canceled, or a period failed for good and the merchant cancels then
//	active    → completed  the last of TotalPayments periods was billed
//	past_due  → active     a later charge succeeded
//
// canceled and completed are final.
const (
	SubscriptionActive    SubscriptionStatus = "active"
	SubscriptionPastDue   SubscriptionStatus = "past_due"
	SubscriptionCanceled  SubscriptionStatus = "canceled"
	SubscriptionCompleted SubscriptionStatus = "completed"
)

// The subscription events.
const (
	EventSubscriptionCreated          = "subscription.created"
	EventSubscriptionUpdated          = "subscription.updated"
	EventSubscriptionPaymentSucceeded = "subscription.payment_succeeded"
	EventSubscriptionPaymentFailed    = "subscription.payment_failed"
	EventSubscriptionCanceled         = "subscription.canceled"
	EventSubscriptionCompleted        = "subscription.completed"
	EventTestClockReady               = "test_helpers.test_clock.ready"
)

// DefaultDunningSchedule is when a failed charge is tried again, counted
// from the period's due time: after 1, 3 and 5 days.
var DefaultDunningSchedule = []time.Duration{24 * time.Hour, 72 * time.Hour, 120 * time.Hour}

// hardDeclines are the decline codes a retry cannot cure; they end dunning
// at once.
var hardDeclines = map[string]bool{"lost_card": true, "stolen_card": true, "pickup_card": true, "incorrect_number": true,
	"invalid_number": true, "invalid_account": true, "restricted_card": true, "fraudulent": true, "expired_card": true,
	"card_not_supported": true, "do_not_try_again": true, "authentication_required": true}

// Subscription charges a saved card once per period of its calendar. Both
// dialects show the same aggregate: PaySmart as a "subscription" object,
// Paysley through the recurring payment request that started it.
type Subscription struct {
	ID         string // "sub_…"
	Number     int64
	MerchantID string
	Livemode   bool

	Customer        string
	PaymentMethodID string
	Amount          int64 // each period, minor units
	InitialAmount   int64 // charged for period 0 instead of Amount when > 0
	Currency        Currency
	Interval        Interval
	Anchor          time.Time // start of period 0
	TimeZone        string    // the merchant's when it was created: the calendar's zone
	TotalPayments   int64     // periods to bill; 0 bills until canceled
	PaymentsMade    int64     // charges that succeeded
	Status          SubscriptionStatus

	// NextPeriod is the period to charge next and Attempt its try (0 is the
	// first charge, 1… the dunning retries); NextChargeAt is when, nil once
	// nothing more will be charged. PendingPayment is the charge sent to the
	// processor whose outcome is not recorded yet.
	NextPeriod     int64
	Attempt        int
	NextChargeAt   *time.Time
	PendingPayment string
	LatestPayment  string

	TestClock string // "clock_…": it lives on that clock's time
	RequestID string // the Paysley payment request that started it
	Metadata  map[string]string

	Created    time.Time
	Updated    time.Time
	CanceledAt *time.Time
	EndedAt    *time.Time
}

// ObjectID is the id events carry for a subscription.
func (sub Subscription) ObjectID() string { return sub.ID }

// Location is the subscription calendar's time zone.
func (sub Subscription) Location() *time.Location {
	loc, err := LoadZone("timezone", sub.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// PeriodStart is when period n of the subscription begins.
func (sub Subscription) PeriodStart(n int64) time.Time {
	return PeriodStart(sub.Anchor, sub.Interval, int(n), sub.Location())
}

// CurrentPeriod is the period last billed, or being billed: the one in
// dunning, else the one before NextPeriod (period 0 before any charge).
func (sub Subscription) CurrentPeriod() int64 {
	if sub.Attempt > 0 || sub.PendingPayment != "" || sub.NextPeriod == 0 {
		return sub.NextPeriod
	}
	return sub.NextPeriod - 1
}

// amountFor is what period n charges.
func (sub Subscription) amountFor(n int64) int64 {
	if n == 0 && sub.InitialAmount > 0 {
		return sub.InitialAmount
	}
	return sub.Amount
}

func (sub Subscription) billing() bool {
	return sub.Status == SubscriptionActive || sub.Status == SubscriptionPastDue
}

// SubscriptionCharge records one charge attempt of a subscription: at most
// one exists per (subscription, period, attempt), which the store enforces.
type SubscriptionCharge struct {
	SubscriptionID string
	Period         int64
	Attempt        int
	PaymentID      string
	Due            time.Time
	Created        time.Time
}

// SubscriptionInput creates a subscription (PaySmart).
type SubscriptionInput struct {
	Customer        string
	PaymentMethodID string
	Amount          int64
	InitialAmount   int64
	Currency        string
	Interval        string
	TotalPayments   int64
	StartDate       *time.Time // nil: now
	Metadata        map[string]string
}

// SubscriptionUpdate changes a subscription; nil leaves a field.
type SubscriptionUpdate struct {
	PaymentMethodID *string
	Metadata        map[string]string
}

// ChargeArgs is the job that charges one period's attempt of a
// subscription. Its id is ChargeJobID, so the billing scan, a settled
// charge and several nodes all insert the same job. Its tags are the
// stored format.
type ChargeArgs struct {
	Subscription string `json:"subscription"`
	Period       int64  `json:"period"`
	Attempt      int    `json:"attempt"`
}

// Kind names the job.
func (ChargeArgs) Kind() string { return "subscription.charge" }

// ChargeJobID is the unique id of the job that charges (subscription, period, attempt).
func ChargeJobID(subscriptionID string, period int64, attempt int) string {
	return fmt.Sprintf("subscription_charge:%s:%d:%d", subscriptionID, period, attempt)
}

// maxTotalPayments bounds total_payments, as total_number_of_payments.
const maxTotalPayments = 10000

// CreateSubscription starts charging a customer's saved payment method once
// per interval from StartDate (default now; the first charge happens then).
// A customer on a test clock makes the subscription live on the clock's time.
// Errors: CodeInvalid (amount, initial_amount, currency, interval,
// total_payments, start_date, payment_method, metadata), CodeNotFound
// (customer, payment_method).
func (e *Engine) CreateSubscription(ctx context.Context, s Scope, in SubscriptionInput) (Subscription, error) {
	if strings.TrimSpace(in.Customer) == "" {
		return Subscription{}, Missing("customer")
	}
	if in.PaymentMethodID == "" {
		return Subscription{}, Missing("payment_method")
	}
	if err := ValidateAmount("amount", in.Amount); err != nil {
		return Subscription{}, err
	}
	if in.InitialAmount != 0 {
		if err := ValidateAmount("initial_amount", in.InitialAmount); err != nil {
			return Subscription{}, err
		}
	}
	cur, ok := LookupCurrency(in.Currency)
	if !ok {
		if strings.TrimSpace(in.Currency) == "" {
			return Subscription{}, Missing("currency")
		}
		return Subscription{}, Invalid("currency", "parameter_invalid", "Invalid currency: %s. Use a three-letter ISO 4217 code.", strings.ToLower(in.Currency))
	}
	iv := Interval(strings.ToLower(strings.TrimSpace(in.Interval)))
	if in.Interval == "" {
		return Subscription{}, Missing("interval")
	}
	if !iv.Valid() {
		return Subscription{}, Invalid("interval", "parameter_invalid", "Invalid interval: %s. Use week, month, quarter or year.", in.Interval)
	}
	if in.TotalPayments < 0 || in.TotalPayments > maxTotalPayments {
		return Subscription{}, Invalid("total_payments", "parameter_invalid", "total_payments must be from 1 to %d, or absent to bill until canceled.", maxTotalPayments)
	}
	var c Customer
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		c, err = tx.GetCustomer(ctx, s, CustomerRef{ID: in.Customer}, false)
		return err
	}); err != nil || c.Deleted {
		if err == nil || ErrorCode(err) == CodeNotFound {
			return Subscription{}, NotFound("customer", "customer", in.Customer)
		}
		return Subscription{}, err
	}
	ce := e
	if c.TestClock != "" {
		clock, err := e.GetTestClock(ctx, s, c.TestClock)
		if err != nil {
			return Subscription{}, err
		}
		ce = e.at(clock.FrozenTime)
	}
	now := ce.now()
	start := now
	if in.StartDate != nil {
		start = in.StartDate.UTC()
		if start.Before(now.Add(-time.Minute)) {
			return Subscription{}, Invalid("start_date", "parameter_invalid", "start_date must not be in the past.")
		}
	}
	sub := Subscription{ID: NewID("sub"), MerchantID: s.MerchantID, Livemode: s.Livemode, Customer: c.ID,
		PaymentMethodID: in.PaymentMethodID, Amount: in.Amount, InitialAmount: in.InitialAmount, Currency: cur,
		Interval: iv, Anchor: start, TotalPayments: in.TotalPayments, Status: SubscriptionActive, TestClock: c.TestClock,
		NextChargeAt: &start, Created: now, Updated: now}
	if err := mergeMetadata(&sub.Metadata, in.Metadata); err != nil {
		return Subscription{}, err
	}
	err := ce.tx(ctx, func(tx Tx) error {
		pm, err := tx.GetPaymentMethod(ctx, s, in.PaymentMethodID)
		if err != nil {
			return NotFound("payment method", "payment_method", in.PaymentMethodID)
		}
		if pm.Customer != c.ID {
			return Invalid("payment_method", "payment_method_customer_mismatch",
				"The payment method %s is not attached to customer %s; attach it first.", pm.ID, c.ID)
		}
		m, err := tx.GetMerchant(ctx, s.MerchantID)
		if err != nil {
			return err
		}
		sub.TimeZone = orDefault(m.TimeZone, "UTC")
		return ce.insertSubscription(ctx, tx, s, &sub, now)
	})
	if err != nil {
		return Subscription{}, err
	}
	if sub.TestClock != "" {
		// The first charge is due at the clock's time: run it now, as the
		// wall-clock path's job would.
		if err := e.runClock(ctx, s, sub.TestClock, now); err != nil {
			return sub, err
		}
		return e.GetSubscription(ctx, s, sub.ID)
	}
	return sub, nil
}

// insertSubscription writes a new subscription and its event, and queues
// its first charge when that is due already.
func (e *Engine) insertSubscription(ctx context.Context, tx Tx, s Scope, sub *Subscription, now time.Time) error {
	n, err := tx.InsertSubscription(ctx, *sub)
	if err != nil {
		return err
	}
	sub.Number = n
	if err := e.emit(ctx, tx, s, EventSubscriptionCreated, *sub, now); err != nil {
		return err
	}
	return e.queueChargeIfDue(ctx, tx, s, *sub, now)
}

// queueChargeIfDue inserts the job of the subscription's next charge when it
// is due by now. Subscriptions on a test clock are charged by advancing it.
func (e *Engine) queueChargeIfDue(ctx context.Context, tx Tx, s Scope, sub Subscription, now time.Time) error {
	if sub.TestClock != "" || !sub.billing() || sub.NextChargeAt == nil || sub.NextChargeAt.After(now) {
		return nil
	}
	j, err := NewJob(ChargeJobID(sub.ID, sub.NextPeriod, sub.Attempt),
		ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}, &s, now)
	if err != nil {
		return err
	}
	return tx.InsertJob(ctx, j)
}

// GetSubscription returns a subscription. Errors: CodeNotFound.
func (e *Engine) GetSubscription(ctx context.Context, s Scope, id string) (Subscription, error) {
	var sub Subscription
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { sub, err = tx.GetSubscription(ctx, s, id, false); return err })
	return sub, err
}

// ListSubscriptions returns a page of subscriptions; ListParams.Customer and
// Status filter.
func (e *Engine) ListSubscriptions(ctx context.Context, s Scope, lp ListParams) (Page[Subscription], error) {
	var out Page[Subscription]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListSubscriptions(ctx, s, lp); return err })
	return out, err
}

// SubscriptionCharges lists every charge attempt of a subscription, oldest first.
func (e *Engine) SubscriptionCharges(ctx context.Context, s Scope, id string) ([]SubscriptionCharge, error) {
	var out []SubscriptionCharge
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListSubscriptionCharges(ctx, s, id); return err })
	return out, err
}

// UpdateSubscription changes a subscription's metadata or its payment
// method (one attached to its customer; the next charge uses it). A new
// payment method retries at once the charge that waits for a card (see
// retryWithNewCard), as Stripe retries the open invoice when the payment
// method changes. Errors: CodeNotFound, CodeInvalid (payment_method,
// metadata), CodeState (ended).
func (e *Engine) UpdateSubscription(ctx context.Context, s Scope, id string, u SubscriptionUpdate) (Subscription, error) {
	now := e.now()
	var sub Subscription
	var retry bool
	var subNow time.Time
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if sub, err = tx.GetSubscription(ctx, s, id, true); err != nil {
			return err
		}
		retry = false
		if u.PaymentMethodID != nil && *u.PaymentMethodID != sub.PaymentMethodID {
			if !sub.billing() {
				return StateError("subscription_unexpected_state", "This subscription is %s; its payment method can no longer change.", sub.Status)
			}
			pm, err := tx.GetPaymentMethod(ctx, s, *u.PaymentMethodID)
			if err != nil {
				return NotFound("payment method", "payment_method", *u.PaymentMethodID)
			}
			if pm.Customer == "" || pm.Customer != sub.Customer {
				return Invalid("payment_method", "payment_method_customer_mismatch",
					"The payment method %s is not attached to this subscription's customer.", pm.ID)
			}
			sub.PaymentMethodID = pm.ID
			subNow = e.subscriptionNow(ctx, tx, s, sub)
			if retry, err = e.retryWithNewCard(ctx, tx, s, &sub, subNow); err != nil {
				return err
			}
		}
		if err := mergeMetadata(&sub.Metadata, u.Metadata); err != nil {
			return err
		}
		sub.Updated = now
		if err := tx.UpdateSubscription(ctx, sub); err != nil {
			return err
		}
		if err := e.emit(ctx, tx, s, EventSubscriptionUpdated, sub, now); err != nil {
			return err
		}
		if retry {
			return e.queueChargeIfDue(ctx, tx, s, sub, subNow)
		}
		return nil
	})
	if err != nil || !retry || sub.TestClock == "" {
		return sub, err
	}
	// On a test clock the retry is due at the clock's time: run it now.
	if err := e.runClock(ctx, s, sub.TestClock, subNow); err != nil {
		return sub, err
	}
	return e.GetSubscription(ctx, s, sub.ID)
}

// retryWithNewCard makes the charge that waits for a card due at now, in
// the caller's transaction, when the subscription's card changes: a dunning
// retry scheduled later is brought forward (it counts as that retry), and
// the period a past_due subscription gave up last is tried once more while
// the next period is not due yet. That try's attempt number is past the
// dunning schedule, so a failure gives the period up again at once; a
// success makes the subscription active. Nothing is retried while a charge
// is at the processor. It reports whether a charge became due.
func (e *Engine) retryWithNewCard(ctx context.Context, tx Tx, s Scope, sub *Subscription, now time.Time) (bool, error) {
	if !sub.billing() || sub.PendingPayment != "" || sub.NextChargeAt == nil || !sub.NextChargeAt.After(now) {
		return false, nil // nothing waits, or the charge is due and queued already
	}
	switch {
	case sub.Attempt > 0:
	case sub.Status == SubscriptionPastDue && sub.NextPeriod > 0:
		charges, err := tx.ListSubscriptionCharges(ctx, s, sub.ID)
		if err != nil {
			return false, err
		}
		last := -1
		for _, c := range charges {
			if c.Period == sub.NextPeriod-1 {
				last = max(last, c.Attempt)
			}
		}
		if last < 0 {
			return false, nil
		}
		sub.NextPeriod, sub.Attempt = sub.NextPeriod-1, max(last+1, len(e.dunningSchedule())+1)
	default:
		return false, nil
	}
	sub.NextChargeAt = &now
	return true, nil
}

// CancelSubscription stops a subscription: nothing more is charged (a charge
// already sent settles, and counts). It emits subscription.canceled.
// Errors: CodeNotFound, CodeState (already canceled or completed).
func (e *Engine) CancelSubscription(ctx context.Context, s Scope, id string) (Subscription, error) {
	var sub Subscription
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if sub, err = tx.GetSubscription(ctx, s, id, true); err != nil {
			return err
		}
		if !sub.billing() {
			return StateError("subscription_unexpected_state", "This subscription is %s already.", sub.Status)
		}
		if err := e.endRequest(ctx, tx, s, sub); err != nil {
			return err
		}
		return e.cancelSubscription(ctx, tx, s, &sub, e.subscriptionNow(ctx, tx, s, sub))
	})
	return sub, err
}

// cancelCustomerSubscriptions cancels, in the caller's transaction, every
// subscription of a customer that still bills: its customer is deleted.
func (e *Engine) cancelCustomerSubscriptions(ctx context.Context, tx Tx, s Scope, customerID string) error {
	for _, status := range []SubscriptionStatus{SubscriptionActive, SubscriptionPastDue} {
		for {
			// Canceled ones leave the filter, so the first page is always the next.
			page, err := tx.ListSubscriptions(ctx, s, ListParams{Customer: customerID, Status: string(status), Limit: MaxCursorLimit})
			if err != nil {
				return err
			}
			for _, listed := range page.Items {
				sub, err := tx.GetSubscription(ctx, s, listed.ID, true)
				if err != nil {
					return err
				}
				if !sub.billing() {
					continue
				}
				if err := e.endRequest(ctx, tx, s, sub); err != nil {
					return err
				}
				if err := e.cancelSubscription(ctx, tx, s, &sub, e.subscriptionNow(ctx, tx, s, sub)); err != nil {
					return err
				}
			}
			if !page.HasMore || len(page.Items) == 0 {
				break
			}
		}
	}
	return nil
}

// subscriptionNow is the time a subscription lives on: its test clock's, or now.
func (e *Engine) subscriptionNow(ctx context.Context, tx ReadTx, s Scope, sub Subscription) time.Time {
	if sub.TestClock != "" {
		if c, err := tx.GetTestClock(ctx, s, sub.TestClock, false); err == nil {
			return c.FrozenTime
		}
	}
	return e.now()
}

func (e *Engine) cancelSubscription(ctx context.Context, tx Tx, s Scope, sub *Subscription, now time.Time) error {
	sub.Status, sub.CanceledAt, sub.EndedAt, sub.NextChargeAt, sub.Updated = SubscriptionCanceled, &now, &now, nil, now
	if err := tx.UpdateSubscription(ctx, *sub); err != nil {
		return err
	}
	return e.emit(ctx, tx, s, EventSubscriptionCanceled, *sub, now)
}

// endRequest marks the Paysley payment request of a subscription that ends
// as ended.
func (e *Engine) endRequest(ctx context.Context, tx Tx, s Scope, sub Subscription) error {
	if sub.RequestID == "" {
		return nil
	}
	pr, err := tx.GetPaymentRequestByID(ctx, sub.RequestID)
	if err != nil {
		return err
	}
	if pr, err = tx.GetPaymentRequest(ctx, s, pr.TransactionID, true); err != nil {
		return err
	}
	pr.SubscriptionStatus = "ended"
	return tx.UpdatePaymentRequest(ctx, pr)
}

// errChargeMovedOn says that the charge a job was for is no longer the
// subscription's next one: another run made it, or the subscription ended.
var errChargeMovedOn = errors.New("subscription charge already made or no longer due")

// ChargeSubscription charges one period's attempt of a subscription (the
// subscription.charge job), through the two-phase payment path: a
// merchant-initiated payment of the saved card, linked to the subscription.
// It does nothing when that charge is no longer the next one (made by an
// earlier run, or the subscription ended), so running it twice charges once.
// Subscriptions on a test clock are left to the clock.
//
// A charge that cannot be made (its card or customer is gone, no processor
// serves the mode, the database fails) is not left due forever: at once for
// an error that trying again cannot cure, and on the job's last try (last)
// for any other, it is recorded as a failed payment saying why and the
// period is given up as dunning gives one up.
// Errors: those of the payment path other than declines (recorded, not
// errors), while the job has tries left.
func (e *Engine) ChargeSubscription(ctx context.Context, s Scope, args ChargeArgs, last bool) error {
	var sub Subscription
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		sub, err = tx.GetSubscription(ctx, s, args.Subscription, false)
		return err
	}); err != nil {
		if ErrorCode(err) == CodeNotFound {
			return nil
		}
		return err
	}
	if sub.TestClock != "" {
		return nil
	}
	return e.charge(ctx, s, sub, args, last)
}

func chargeDue(sub Subscription, args ChargeArgs) bool {
	return sub.billing() && sub.PendingPayment == "" && sub.NextPeriod == args.Period && sub.Attempt == args.Attempt &&
		sub.NextChargeAt != nil
}

// charge makes the charge of args, or gives its period up when it errs
// for good (see ChargeSubscription).
func (e *Engine) charge(ctx context.Context, s Scope, sub Subscription, args ChargeArgs, last bool) error {
	if !chargeDue(sub, args) {
		return nil
	}
	err := e.tryCharge(ctx, s, sub, args)
	if err == nil || ctx.Err() != nil || !(last || permanentChargeError(err)) {
		return err
	}
	return e.giveUpCharge(ctx, s, sub, args, err)
}

// permanentChargeError says whether trying a charge again cannot cure its
// error: the saved card or the customer is gone, or the engine refused the
// charge before the processor. A missing processor (the operator may
// configure one and restart) and internal errors are retried by the job.
func permanentChargeError(err error) bool {
	switch ErrorCode(err) {
	case CodeNotFound, CodeInvalid, CodeCard, CodeState, CodeForbidden:
		return true
	}
	return false
}

func chargeDescription(sub Subscription, period int64) string {
	return fmt.Sprintf("Subscription %s, payment %d", sub.ID, period+1)
}

// chargeCaptures says whether the subscription's charges capture at once:
// all do but those of a Paysley PA (pre-authorisation) request, which
// authorise each period for the merchant to capture, as its first payment
// did (docs/decisions.md "Subscriptions").
func chargeCaptures(ctx context.Context, tx ReadTx, sub Subscription) (bool, error) {
	if sub.RequestID == "" {
		return true, nil
	}
	pr, err := tx.GetPaymentRequestByID(ctx, sub.RequestID)
	if err != nil {
		return false, err
	}
	return pr.PaymentType != "PA", nil
}

func (e *Engine) tryCharge(ctx context.Context, s Scope, sub Subscription, args ChargeArgs) error {
	proc, err := e.processor(s)
	if err != nil {
		return err
	}
	var capture bool
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { capture, err = chargeCaptures(ctx, tx, sub); return err }); err != nil {
		return err
	}
	pi, err := e.preparePayment(ctx, s, PaymentInput{Amount: sub.amountFor(args.Period), Currency: sub.Currency.Code,
		PaymentMethodID: sub.PaymentMethodID, Customer: sub.Customer, Capture: capture,
		Description: chargeDescription(sub, args.Period)})
	if err != nil {
		return err
	}
	pi.p.SubscriptionID, pi.p.RequestID = sub.ID, sub.RequestID
	err = e.beginPayment(ctx, s, proc, &pi, func(tx Tx) error {
		locked, err := tx.GetSubscription(ctx, s, sub.ID, true)
		if err != nil {
			return err
		}
		if !chargeDue(locked, args) {
			return errChargeMovedOn
		}
		if err := tx.InsertSubscriptionCharge(ctx, SubscriptionCharge{SubscriptionID: sub.ID, Period: args.Period,
			Attempt: args.Attempt, PaymentID: pi.p.ID, Due: *locked.NextChargeAt, Created: pi.p.Created}); err != nil {
			if ErrorCode(err) == CodeConflict {
				return errChargeMovedOn
			}
			return err
		}
		locked.PendingPayment, locked.Updated = pi.p.ID, pi.p.Created
		return tx.UpdateSubscription(ctx, locked)
	})
	if errors.Is(err, errChargeMovedOn) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := e.authorizePayment(ctx, s, proc, pi); err != nil && ErrorCode(err) != CodeCard {
		return err // the reconcile job settles the payment; the subscription waits for it
	}
	return nil
}

// giveUpCharge records the charge of args, which could not be made because
// of cause, as a failed payment that never reached a processor: its
// failure_code is the cause's reason ("resource_missing" for a card or
// customer gone, "processor_unavailable", "processing_error" for an internal
// error) and its failure_message says why, so the merchant sees it as the
// subscription's latest_payment and in the history, with payment.failed and
// the Paysley callback of a declined charge. Then the period is given up as
// after dunning's last try.
func (e *Engine) giveUpCharge(ctx context.Context, s Scope, sub Subscription, args ChargeArgs, cause error) error {
	reason := "processing_error"
	message := "This charge could not be made because of an error on the PaySmart server; its log has the details."
	var de *Error
	if errors.As(cause, &de) && de.Code != CodeInternal {
		reason, message = orDefault(de.Reason, reason), "This charge could not be made: "+de.Message
	}
	amount := sub.amountFor(args.Period)
	return e.tx(ctx, func(tx Tx) error {
		now := e.now()
		p := Payment{ID: NewHexID(), MerchantID: s.MerchantID, Livemode: s.Livemode, Amount: amount, Currency: sub.Currency,
			Status: StatusProcessing, PendingOp: OpAuthorize, PendingAmount: amount, PaymentMethodID: sub.PaymentMethodID,
			Customer: sub.Customer, Description: chargeDescription(sub, args.Period), SubscriptionID: sub.ID,
			RequestID: sub.RequestID, Created: now, Updated: now}
		locked, err := tx.GetSubscription(ctx, s, sub.ID, true)
		if err != nil {
			return err
		}
		if !chargeDue(locked, args) {
			return nil
		}
		if pm, err := tx.GetPaymentMethod(ctx, s, sub.PaymentMethodID); err == nil {
			p.Card = pm.Card
		} else if ErrorCode(err) != CodeNotFound {
			return err
		}
		capture, err := chargeCaptures(ctx, tx, sub)
		if err != nil {
			return err
		}
		p.CaptureManual = !capture
		if err := tx.InsertSubscriptionCharge(ctx, SubscriptionCharge{SubscriptionID: sub.ID, Period: args.Period,
			Attempt: args.Attempt, PaymentID: p.ID, Due: *locked.NextChargeAt, Created: now}); err != nil {
			if ErrorCode(err) == CodeConflict {
				return nil
			}
			return err
		}
		if p.Number, err = tx.InsertPayment(ctx, p); err != nil {
			return err
		}
		if err := e.recordPaymentHistory(ctx, tx, p, now); err != nil {
			return err
		}
		// Settled as a decline; the subscription is not pending on it, so
		// settlePayment leaves it alone and the period is given up below.
		if err := e.settlePayment(ctx, tx, s, &p, ProcessorResult{Outcome: OutcomeDeclined, Reason: reason, Message: message}, now); err != nil {
			return err
		}
		locked.LatestPayment, locked.Updated = p.ID, now
		return e.giveUpPeriod(ctx, tx, s, locked, now)
	})
}

// settleSubscriptionCharge moves a subscription on once the outcome of its
// charge p is recorded, in that payment's transaction: a success counts
// and schedules the next period (or completes the subscription); a failure
// is retried on the dunning schedule unless it is a hard decline or the
// last try, after which the period is given up (giveUpPeriod).
func (e *Engine) settleSubscriptionCharge(ctx context.Context, tx Tx, s Scope, p Payment, now time.Time) error {
	sub, err := tx.GetSubscription(ctx, s, p.SubscriptionID, true)
	if err != nil {
		return err
	}
	if sub.PendingPayment != p.ID {
		return nil
	}
	sub.PendingPayment, sub.LatestPayment, sub.Updated = "", p.ID, now
	ok := p.authorised()
	if ok {
		sub.PaymentsMade++
	}
	if !sub.billing() { // canceled while the charge was out
		return tx.UpdateSubscription(ctx, sub)
	}
	if ok {
		sub.Status = SubscriptionActive
		sub.NextPeriod, sub.Attempt = sub.NextPeriod+1, 0
		return e.moveOn(ctx, tx, s, sub, []string{EventSubscriptionPaymentSucceeded}, now)
	}
	schedule := e.dunningSchedule()
	hard := hardDeclines[p.DeclineCode] || hardDeclines[p.FailureCode]
	if hard || sub.Attempt >= len(schedule) {
		return e.giveUpPeriod(ctx, tx, s, sub, now)
	}
	sub.Attempt++
	at := sub.PeriodStart(sub.NextPeriod).Add(schedule[sub.Attempt-1])
	sub.NextChargeAt = &at
	if err := e.moveOn(ctx, tx, s, sub, []string{EventSubscriptionPaymentFailed}, now); err != nil {
		return err
	}
	return e.subscriptionChargeFailed(ctx, tx, s, sub.ID, now)
}

func (e *Engine) dunningSchedule() []time.Duration {
	if e.DunningSchedule == nil {
		return DefaultDunningSchedule
	}
	return e.DunningSchedule
}

// giveUpPeriod ends the subscription's next period after its last failed
// try, with subscription.payment_failed: the subscription goes past_due
// (subscription.updated) and billing goes on with the next period, or it
// is canceled when the merchant chose so. The customer is told by e-mail.
func (e *Engine) giveUpPeriod(ctx context.Context, tx Tx, s Scope, sub Subscription, now time.Time) error {
	if err := e.endFailedPeriod(ctx, tx, s, sub, now); err != nil {
		return err
	}
	return e.subscriptionChargeFailed(ctx, tx, s, sub.ID, now)
}

func (e *Engine) endFailedPeriod(ctx context.Context, tx Tx, s Scope, sub Subscription, now time.Time) error {
	events := []string{EventSubscriptionPaymentFailed}
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	if m.DunningFinal == SubscriptionCanceled {
		for _, ev := range events {
			if err := e.emit(ctx, tx, s, ev, sub, now); err != nil {
				return err
			}
		}
		if err := e.endRequest(ctx, tx, s, sub); err != nil {
			return err
		}
		return e.cancelSubscription(ctx, tx, s, &sub, now)
	}
	if sub.Status != SubscriptionPastDue {
		events = append(events, EventSubscriptionUpdated)
	}
	sub.Status = SubscriptionPastDue
	sub.NextPeriod, sub.Attempt = sub.NextPeriod+1, 0
	return e.moveOn(ctx, tx, s, sub, events, now)
}

// moveOn writes a subscription whose charge settled, with its events: when
// a period is done (Attempt 0) the next one is scheduled, or the
// subscription completes after its last; a charge due already is queued.
func (e *Engine) moveOn(ctx context.Context, tx Tx, s Scope, sub Subscription, events []string, now time.Time) error {
	if sub.Attempt == 0 {
		next := sub.PeriodStart(sub.NextPeriod)
		sub.NextChargeAt = &next
		if sub.TotalPayments > 0 && sub.NextPeriod >= sub.TotalPayments {
			sub.Status, sub.NextChargeAt, sub.EndedAt = SubscriptionCompleted, nil, &now
			events = append(events, EventSubscriptionCompleted)
			if err := e.endRequest(ctx, tx, s, sub); err != nil {
				return err
			}
		}
	}
	if err := tx.UpdateSubscription(ctx, sub); err != nil {
		return err
	}
	for _, ev := range events {
		if err := e.emit(ctx, tx, s, ev, sub, now); err != nil {
			return err
		}
	}
	return e.queueChargeIfDue(ctx, tx, s, sub, now)
}

// BillingBatch is how many due subscriptions one billing scan queues.
const BillingBatch = 500

// QueueDueCharges is the periodic billing scan: it inserts the charge job of
// every subscription whose next charge is due (not those on test clocks).
// Job ids are unique per (subscription, period, attempt), so overlapping
// scans, restarts and several nodes queue each charge once. It returns how
// many subscriptions were due.
func (e *Engine) QueueDueCharges(ctx context.Context) (int, error) {
	now := e.now()
	var due []Subscription
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { due, err = tx.DueSubscriptions(ctx, "", now, BillingBatch); return err }); err != nil {
		return 0, err
	}
	if len(due) == 0 {
		return 0, nil
	}
	err := e.Store.Tx(ctx, func(tx Tx) error {
		for _, sub := range due {
			s := Scope{MerchantID: sub.MerchantID, Livemode: sub.Livemode}
			if err := e.queueChargeIfDue(ctx, tx, s, sub, now); err != nil {
				return err
			}
		}
		return nil
	})
	return len(due), err
}

// startRequestSubscription creates the subscription of a recurring Paysley
// payment request on its first successful payment p, in that payment's
// transaction. The calendar is anchored at payment_start_date, or at the
// first payment when that date has passed. With no initial_payment_amount
// the first payment was the first of total_number_of_payments (period 0);
// with one, it was extra and the schedule bills every period.
func (e *Engine) startRequestSubscription(ctx context.Context, tx Tx, s Scope, pr PaymentRequest, p Payment) error {
	if p.SubscriptionID != "" || p.Status == StatusFailed || pr.Frequency == FrequencyOnce {
		return nil
	}
	if _, err := tx.GetSubscriptionByRequest(ctx, s, pr.ID, false); err == nil || ErrorCode(err) != CodeNotFound {
		return err // one exists already (or the read failed)
	}
	now, anchor := p.Updated, p.Created
	var clock TestClock
	if pr.TestClock != "" {
		// The request lives on a test clock: so does its subscription, from
		// the clock's time.
		var err error
		if clock, err = tx.GetTestClock(ctx, s, pr.TestClock, false); err != nil {
			return err
		}
		now, anchor = clock.FrozenTime, clock.FrozenTime
	}
	if pr.PaymentStartDate != nil && pr.PaymentStartDate.After(anchor) {
		anchor = *pr.PaymentStartDate
	}
	iv := map[Frequency]Interval{FrequencyWeekly: IntervalWeek, FrequencyMonthly: IntervalMonth,
		FrequencyQuarterly: IntervalQuarter, FrequencyYearly: IntervalYear}[pr.Frequency]
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	sub := Subscription{ID: NewID("sub"), MerchantID: s.MerchantID, Livemode: s.Livemode, Customer: p.Customer,
		PaymentMethodID: p.PaymentMethodID, Amount: pr.AmountDue, Currency: pr.Currency, Interval: iv, Anchor: anchor,
		TimeZone: orDefault(m.TimeZone, "UTC"), Status: SubscriptionActive, LatestPayment: p.ID, RequestID: pr.ID,
		Metadata: map[string]string{"transaction_id": pr.TransactionID}, TestClock: pr.TestClock, Created: now, Updated: now}
	if pr.TotalNumberOfPayments != nil {
		sub.TotalPayments = *pr.TotalNumberOfPayments
	}
	if pr.InitialPaymentAmount == nil || *pr.InitialPaymentAmount == 0 {
		sub.NextPeriod, sub.PaymentsMade = 1, 1
	}
	next := sub.PeriodStart(sub.NextPeriod)
	sub.NextChargeAt = &next
	if sub.TotalPayments > 0 && sub.NextPeriod >= sub.TotalPayments {
		sub.Status, sub.NextChargeAt, sub.EndedAt = SubscriptionCompleted, nil, &now
	}
	if err := e.insertSubscription(ctx, tx, s, &sub, now); err != nil {
		return err
	}
	if clock.Deleted && sub.billing() {
		// Deleting a clock cancels what lives on it; so it is for what
		// would start on it afterwards.
		if err := e.endRequest(ctx, tx, s, sub); err != nil {
			return err
		}
		return e.cancelSubscription(ctx, tx, s, &sub, now)
	}
	return nil
}

// SubscriptionSettings are a merchant's subscription settings; nil leaves one.
type SubscriptionSettings struct {
	TimeZone     *string // IANA name; new subscriptions use it
	DunningFinal *string // "past_due" or "canceled"
}

// SetSubscriptionSettings changes a merchant's time zone (the calendar of its
// new subscriptions) and what a subscription becomes when dunning gives up.
// Errors: CodeInvalid (timezone, dunning_final), CodeNotFound.
func (e *Engine) SetSubscriptionSettings(ctx context.Context, merchantID string, in SubscriptionSettings) (Merchant, error) {
	var m Merchant
	if in.TimeZone != nil {
		if _, err := LoadZone("timezone", *in.TimeZone); err != nil {
			return m, err
		}
	}
	if in.DunningFinal != nil && *in.DunningFinal != string(SubscriptionPastDue) && *in.DunningFinal != string(SubscriptionCanceled) {
		return m, Invalid("dunning_final", "parameter_invalid", "dunning_final must be past_due or canceled.")
	}
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if m, err = tx.GetMerchant(ctx, merchantID); err != nil {
			return err
		}
		if in.TimeZone != nil {
			m.TimeZone = orDefault(*in.TimeZone, "UTC")
		}
		if in.DunningFinal != nil {
			m.DunningFinal = SubscriptionStatus(*in.DunningFinal)
		}
		return tx.UpdateMerchantSettings(ctx, m)
	})
	return m, err
}

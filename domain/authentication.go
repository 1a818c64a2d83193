package domain

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"time"
)

// AuthenticatePayment finishes a payment that requires action (3-D Secure)
// with the customer's answer to the challenge: passed authorises it (and
// captures it unless it is manual), failed declines it. It is two-phase like
// every money movement: under the payment's row lock the answer is written
// as the pending operation (authenticate or fail_authentication) with its
// reconcile job, the processor is told outside any transaction, and the
// outcome is recorded with its events, the payment request it pays and the
// request's callback. Only the first answer counts: a payment that no longer
// requires action (a double click, a second tab) is returned as it stands.
// A passed challenge of a payment request is checked against the request
// first, as a new payer is: one already paid or expired fails the payment
// without telling the processor anything; one with another payment in
// progress leaves it waiting. The payment id is the capability, as for
// receipts, so the scope is the payment's own.
// Errors: CodeNotFound, CodeState (payment_request_paid, _expired,
// _in_progress), CodeCard (declined: failed or refused authentication),
// CodeProcessor (no processor).
func (e *Engine) AuthenticatePayment(ctx context.Context, id string, passed bool) (Payment, error) {
	var p Payment
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPaymentByID(ctx, id); return err }); err != nil {
		return Payment{}, err
	}
	s := Scope{MerchantID: p.MerchantID, Livemode: p.Livemode}
	proc, err := e.processor(s)
	if err != nil {
		return Payment{}, err
	}
	op := OpFailAuthentication
	if passed {
		op = OpAuthenticate
	}
	now := e.now()
	var begun bool
	var refused error
	err = e.tx(ctx, func(tx Tx) error {
		var err error
		begun, refused = false, nil
		if p, err = tx.GetPayment(ctx, s, id, true); err != nil {
			return err
		}
		if p.Status != StatusRequiresAction {
			return nil
		}
		p.Status, p.PendingOp, p.PendingAmount, p.Updated = StatusProcessing, op, p.Amount, now
		if passed && p.RequestID != "" {
			pr, err := tx.GetPaymentRequestByID(ctx, p.RequestID)
			if err != nil {
				return err
			}
			if _, err := lockPayable(ctx, tx, s, pr.TransactionID, now); err != nil {
				de, _ := err.(*Error)
				if de == nil || de.Reason == "payment_request_in_progress" {
					return err
				}
				// Paid by someone else, or expired: this payment can never
				// be authorised, so it fails here, and the processor is never
				// asked to authorise what the engine refuses.
				refused = err
				p.PendingOp = OpFailAuthentication
				return e.settlePayment(ctx, tx, s, &p, ProcessorResult{Outcome: OutcomeDeclined, Reason: de.Reason,
					DeclineCode: de.Reason, Message: de.Message}, now)
			}
		}
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		begun = true
		return e.scheduleReconcile(ctx, tx, s, p.ObjectID(), op, now)
	})
	switch {
	case err != nil:
		return p, err
	case refused != nil:
		return p, refused
	case !begun:
		return p, paymentError(p)
	}
	res := e.callAuthenticate(ctx, proc, authenticateRequest(p, op))
	return e.recordPaymentOp(ctx, s, id, op, res)
}

// ChallengeLifetime is how long a payment waits for its customer to answer
// a 3-D Secure challenge: as long as a Stripe Checkout session stays open by
// default. A merchant should not see a payment pending for ever.
const ChallengeLifetime = 24 * time.Hour

// ChallengeBatch is how many abandoned challenges one ExpireChallenges ends.
const ChallengeBatch = 500

// ChallengeWorkers is how many challenges ExpireChallenges ends at once:
// with Stripe each costs a few round trips (read the PaymentIntent, cancel
// it), and one after another a full batch outlasted the periodic job's
// minute.
const ChallengeWorkers = 8

// ExpireChallenges is the periodic scan for abandoned challenges: every
// payment that has required action for longer than ChallengeLifetime (up to
// ChallengeBatch of them, oldest first, of every merchant and mode) gets the
// failed answer on behalf of its absent customer, through AuthenticatePayment
// and so through the processor, which has the last word: the sandbox
// declines authentication_failed; the Stripe connector cancels the
// PaymentIntent if it still requires action and otherwise records what
// happened there, so money that moved is never marked failed. A payment
// request paid by an expired payment stays payable. One payment's error
// does not stop the others: ExpireChallenges returns how many payments no
// longer wait and, when some could not be ended (the next run tries them
// again), an error naming the first, wrapped: CodeProcessor (no processor
// for its mode), the store's, or the context's when the run's time is up.
// ChallengeWorkers payments are ended at a time, each on its own (its row
// lock, its own two phases).
func (e *Engine) ExpireChallenges(ctx context.Context) (int, error) {
	before := e.now().Add(-ChallengeLifetime)
	var ids []string
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		ids, err = tx.ExpiredChallenges(ctx, before, ChallengeBatch)
		return err
	}); err != nil {
		return 0, err
	}
	errs := make([]error, len(ids))
	ended := make([]bool, len(ids))
	work := make(chan int, len(ids))
	for i := range ids {
		work <- i
	}
	close(work)
	var wg sync.WaitGroup
	for range min(ChallengeWorkers, len(ids)) {
		wg.Go(func() {
			for i := range work {
				if err := ctx.Err(); err != nil {
					errs[i] = err // the run's time is up: the rest wait for the next one
					continue
				}
				p, err := e.AuthenticatePayment(ctx, ids[i], false)
				switch {
				case err != nil && ErrorCode(err) != CodeCard: // a decline is the answer asked for
					errs[i] = fmt.Errorf("pay_%s: %w", ids[i], err)
				case p.Status != StatusRequiresAction:
					ended[i] = true
				}
			}
		})
	}
	wg.Wait()
	n, failed := 0, 0
	var first error
	for i := range ids {
		if ended[i] {
			n++
		}
		if errs[i] != nil {
			failed++
			first = cmp.Or(first, errs[i])
		}
	}
	if first != nil {
		return n, fmt.Errorf("expire challenges: %d of %d not ended; first: %w", failed, len(ids), first)
	}
	return n, nil
}

func authenticateRequest(p Payment, op Operation) AuthenticateRequest {
	return AuthenticateRequest{Key: CallKey(p.ObjectID(), op), PaymentID: p.ID, Reference: p.ProcessorRef,
		Amount: p.Amount, Currency: p.Currency, Capture: !p.CaptureManual, Passed: op == OpAuthenticate}
}

// Challenge says where the customer of a payment that requires action
// answers its challenge: redirect is the issuer's page when the payment's
// processor sends customers there (ActionRedirect), "" when the pages show
// their own (the sandbox's simulated challenge). issuer says the processor
// is of the first kind, so that only its customers may come back through the
// return page. Errors: CodeNotFound, CodeProcessor (no processor), or the
// processor's failure to answer.
func (e *Engine) Challenge(ctx context.Context, id string) (redirect string, issuer bool, err error) {
	var p Payment
	if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { p, err = tx.GetPaymentByID(ctx, id); return err }); err != nil {
		return "", false, err
	}
	proc, err := e.processor(Scope{MerchantID: p.MerchantID, Livemode: p.Livemode})
	if err != nil {
		return "", false, err
	}
	ar, ok := proc.(ActionRedirect)
	if !ok || p.Status != StatusRequiresAction || p.ProcessorRef == "" {
		return "", ok, nil
	}
	res := e.bounded(ctx, func(ctx context.Context) (ProcessorResult, error) {
		u, err := ar.ActionURL(ctx, p.ProcessorRef)
		return ProcessorResult{Outcome: OutcomeApproved, Reference: u}, err
	})
	if res.Outcome != OutcomeApproved {
		return "", true, &Error{Code: CodeProcessor, Reason: "processor_unavailable",
			Message: "The card processor did not say where to confirm this payment; try again in a moment."}
	}
	return res.Reference, true, nil
}

package domain

import (
	"context"
	"time"
)

// The test clock statuses.
const (
	TestClockReady     = "ready"
	TestClockAdvancing = "advancing"
)

// testClockTakeover is how long an advance may go without finishing before
// another advance of the same clock takes it over (its process died).
const testClockTakeover = 30 * time.Second

// TestClock is a frozen time that customers created on it, and their
// subscriptions, live on (test mode only), as Stripe's test clocks.
// Advancing it runs, in order, everything that falls due up to its new time.
type TestClock struct {
	ID         string // "clock_…"
	Number     int64
	MerchantID string
	Livemode   bool
	Name       string
	FrozenTime time.Time
	Status     string // TestClockReady or TestClockAdvancing
	// AdvancingTo is the time an advance is running to; AdvanceStarted when
	// it began, in real time.
	AdvancingTo    *time.Time
	AdvanceStarted *time.Time
	Deleted        bool
	Created        time.Time
}

// ObjectID is the id events carry for a test clock.
func (c TestClock) ObjectID() string { return c.ID }

func testModeOnly(s Scope) error {
	if s.Livemode {
		return &Error{Code: CodeForbidden, Reason: "test_mode_only", Message: "Test clocks exist only in test mode: use a test key."}
	}
	return nil
}

// CreateTestClock makes a test clock frozen at frozen (truncated to seconds).
// Errors: CodeForbidden (live mode), CodeInvalid (frozen_time).
func (e *Engine) CreateTestClock(ctx context.Context, s Scope, frozen time.Time, name string) (TestClock, error) {
	if err := testModeOnly(s); err != nil {
		return TestClock{}, err
	}
	if frozen.IsZero() {
		return TestClock{}, Missing("frozen_time")
	}
	now := e.now()
	c := TestClock{ID: NewID("clock"), MerchantID: s.MerchantID, Livemode: s.Livemode, Name: name,
		FrozenTime: frozen.UTC().Truncate(time.Second), Status: TestClockReady, Created: now}
	err := e.tx(ctx, func(tx Tx) (err error) { c.Number, err = tx.InsertTestClock(ctx, c); return err })
	return c, err
}

// GetTestClock returns a test clock. Errors: CodeNotFound (also once deleted).
func (e *Engine) GetTestClock(ctx context.Context, s Scope, id string) (TestClock, error) {
	var c TestClock
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { c, err = tx.GetTestClock(ctx, s, id, false); return err })
	if err == nil && c.Deleted {
		err = NotFound("test clock", "test_clock", id)
	}
	return c, err
}

// ListTestClocks returns a page of the scope's test clocks.
func (e *Engine) ListTestClocks(ctx context.Context, s Scope, lp ListParams) (Page[TestClock], error) {
	var out Page[TestClock]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListTestClocks(ctx, s, lp); return err })
	return out, err
}

// DeleteTestClock deletes a test clock and cancels the subscriptions that
// live on it. Errors: CodeNotFound.
func (e *Engine) DeleteTestClock(ctx context.Context, s Scope, id string) (TestClock, error) {
	var c TestClock
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetTestClock(ctx, s, id, true); err != nil {
			return err
		}
		if c.Deleted {
			return NotFound("test clock", "test_clock", id)
		}
		for {
			subs, err := tx.DueSubscriptions(ctx, c.ID, farFuture, BillingBatch)
			if err != nil {
				return err
			}
			if len(subs) == 0 {
				break
			}
			for _, sub := range subs {
				if err := e.cancelSubscription(ctx, tx, s, &sub, c.FrozenTime); err != nil {
					return err
				}
			}
		}
		c.Deleted = true
		return tx.UpdateTestClock(ctx, c)
	})
	return c, err
}

var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// AdvanceTestClock moves a test clock forward to `to` and runs, in order of
// their due times, every charge and retry of its subscriptions that falls
// due up to then, each at its own due time, synchronously. The clock reads
// advancing meanwhile, then ready, with a test_helpers.test_clock.ready
// event. An advance whose process died is taken over by the next one after
// a while, which runs to the later of both targets.
// Errors: CodeNotFound, CodeForbidden (live mode), CodeInvalid (frozen_time
// not after the clock's), CodeState (an advance is running).
func (e *Engine) AdvanceTestClock(ctx context.Context, s Scope, id string, to time.Time) (TestClock, error) {
	if err := testModeOnly(s); err != nil {
		return TestClock{}, err
	}
	to = to.UTC().Truncate(time.Second)
	wall := e.now()
	var c TestClock
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetTestClock(ctx, s, id, true); err != nil {
			return err
		}
		if c.Deleted {
			return NotFound("test clock", "test_clock", id)
		}
		if c.Status == TestClockAdvancing {
			if c.AdvanceStarted != nil && wall.Sub(*c.AdvanceStarted) < testClockTakeover {
				return StateError("test_clock_advancing", "This test clock is advancing; wait until it is ready.")
			}
			if c.AdvancingTo != nil && c.AdvancingTo.After(to) {
				to = *c.AdvancingTo
			}
		} else if !to.After(c.FrozenTime) {
			return Invalid("frozen_time", "parameter_invalid", "frozen_time must be after the test clock's current time (%d).", c.FrozenTime.Unix())
		}
		c.Status, c.AdvancingTo, c.AdvanceStarted = TestClockAdvancing, &to, &wall
		return tx.UpdateTestClock(ctx, c)
	})
	if err != nil {
		return c, err
	}
	if err := e.runClock(ctx, s, id, to); err != nil {
		return c, err
	}
	err = e.at(to).tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetTestClock(ctx, s, id, true); err != nil {
			return err
		}
		c.Status, c.FrozenTime, c.AdvancingTo, c.AdvanceStarted = TestClockReady, to, nil, nil
		if err := tx.UpdateTestClock(ctx, c); err != nil {
			return err
		}
		return e.emit(ctx, tx, s, EventTestClockReady, c, to)
	})
	return c, err
}

// runClock runs every charge of the clock's subscriptions due up to `to`,
// one at a time, earliest first (ties by creation), each on an engine whose
// clock reads the charge's due time. A charge whose outcome stays unknown
// leaves its subscription pending, out of the loop, for the reconcile job.
func (e *Engine) runClock(ctx context.Context, s Scope, clockID string, to time.Time) error {
	for range 1_000_000 {
		var due []Subscription
		if err := e.Store.Read(ctx, func(tx ReadTx) (err error) { due, err = tx.DueSubscriptions(ctx, clockID, to, 1); return err }); err != nil {
			return err
		}
		if len(due) == 0 {
			return nil
		}
		sub := due[0]
		args := ChargeArgs{Subscription: sub.ID, Period: sub.NextPeriod, Attempt: sub.Attempt}
		if err := e.at(*sub.NextChargeAt).charge(ctx, s, sub, args, false); err != nil {
			return err
		}
		after, err := e.GetSubscription(ctx, s, sub.ID)
		if err != nil {
			return err
		}
		if chargeDue(after, args) {
			return Internal(constError("test clock: a charge did not move its subscription on: " + sub.ID))
		}
	}
	return Internal(constError("test clock: too many charges in one advance"))
}

// at returns an engine like e (all its wiring: messages too) whose clock
// reads t, for work done on a test clock's time. The jobs it inserts keep
// their delays but run on real time (a webhook delivery or an e-mail for an
// event at a frozen time is sent now).
func (e *Engine) at(t time.Time) *Engine {
	shift := e.now().Sub(t)
	at := *e
	at.Store, at.Clock, at.keys = shiftedStore{Store: e.Store, shift: shift}, func() time.Time { return t }, nil
	return &at
}

// shiftedStore moves the jobs its transactions insert by shift, from a test
// clock's time to real time.
type shiftedStore struct {
	Store
	shift time.Duration
}

func (s shiftedStore) Tx(ctx context.Context, fn func(Tx) error) error {
	return s.Store.Tx(ctx, func(tx Tx) error { return fn(shiftedTx{Tx: tx, shift: s.shift}) })
}

type shiftedTx struct {
	Tx
	shift time.Duration
}

// Unwrap returns the store's transaction under the shift (the sandbox's
// ledger writes in it).
func (t shiftedTx) Unwrap() Tx { return t.Tx }

func (t shiftedTx) InsertJob(ctx context.Context, j Job) error {
	j.RunAt, j.Created = j.RunAt.Add(t.shift), j.Created.Add(t.shift)
	return t.Tx.InsertJob(ctx, j)
}

// onTestClock puts a new customer on the test clock id, if any: one of the
// scope's clocks, in test mode.
func onTestClock(ctx context.Context, tx Tx, s Scope, id string, c *Customer) error {
	if id == "" {
		return nil
	}
	if err := testModeOnly(s); err != nil {
		return err
	}
	clock, err := tx.GetTestClock(ctx, s, id, false)
	if err != nil || clock.Deleted {
		return NotFound("test clock", "test_clock", id)
	}
	c.TestClock = clock.ID
	return nil
}

// requestOnTestClock puts a Paysley payment request on a test clock, in the
// transaction that creates or edits it: the clock id sent (one of the scope's
// clocks, in test mode), else the clock its customer lives on. The
// subscription its first payment starts then bills on that clock's time.
// Errors: CodeInvalid (test_clock: live mode, no such clock, or not the
// customer's).
func requestOnTestClock(ctx context.Context, tx Tx, s Scope, id string, pr *PaymentRequest) error {
	pr.TestClock = ""
	var customers string
	if pr.CustomerNumber != 0 {
		c, err := tx.GetCustomer(ctx, s, CustomerRef{Number: pr.CustomerNumber}, false)
		if err != nil {
			return err
		}
		customers = c.TestClock
	}
	if id == "" {
		pr.TestClock = customers
		return nil
	}
	// Field errors, not 403/404: the request's other fields answer so, and
	// a 404 of an edit would name the request.
	var c Customer
	if err := onTestClock(ctx, tx, s, id, &c); err != nil {
		if de := AsError(err); de.Code == CodeForbidden || de.Code == CodeNotFound {
			return &Error{Code: CodeInvalid, Reason: de.Reason, Param: "test_clock", Message: de.Message}
		}
		return err
	}
	if customers != "" && customers != c.TestClock {
		return Invalid("test_clock", "test_clock_mismatch", "The customer lives on test clock %s; leave test_clock out or send that one.", customers)
	}
	pr.TestClock = c.TestClock
	return nil
}

package dashboard

import (
	"context"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// throttle counts failed sign-ins per key (an address, a client) in a
// sliding window. The failures live in the database, so every node counts
// every other node's too: a client gets max tries in all, not per node.
type throttle struct {
	engine *domain.Engine
	window time.Duration
}

func newThrottle(e *domain.Engine, window time.Duration) *throttle {
	return &throttle{engine: e, window: window}
}

// wait reports how long key must wait before trying again with max failures
// allowed in the window; 0 means it may try now.
func (t *throttle) wait(ctx context.Context, key string, max int, now time.Time) (time.Duration, error) {
	ts, err := t.engine.SigninFailures(ctx, key, now.Add(-t.window), max)
	if err != nil || len(ts) < max {
		return 0, err
	}
	// ts is newest first: the oldest of the last max failures leaves the
	// window first.
	return ts[max-1].Add(t.window).Sub(now), nil
}

// fail records a failure on each key.
func (t *throttle) fail(ctx context.Context, now time.Time, keys ...string) error {
	return t.engine.RecordSigninFailure(ctx, now, keys...)
}

// forget clears key after a success.
func (t *throttle) forget(ctx context.Context, key string) error {
	return t.engine.ForgetSigninFailures(ctx, key)
}

package dashboard

import (
	"sync"
	"time"
)

// throttle counts failed sign-ins per key (an address, a client) in a
// sliding window. It is per process: on several nodes each keeps its own
// count, so a client gets at most that many tries per node.
type throttle struct {
	mu     sync.Mutex
	window time.Duration
	hits   map[string][]time.Time
}

func newThrottle(window time.Duration) *throttle {
	return &throttle{window: window, hits: map[string][]time.Time{}}
}

// wait reports how long key must wait before trying again with max failures
// allowed in the window; 0 means it may try now.
func (t *throttle) wait(key string, max int, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	ts := t.recent(key, now)
	if len(ts) < max {
		return 0
	}
	return ts[len(ts)-max].Add(t.window).Sub(now)
}

// fail records a failure on key.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.hits) > 100_000 { // forget idle keys
		for k, ts := range t.hits {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > t.window {
				delete(t.hits, k)
			}
		}
	}
	t.hits[key] = append(t.recent(key, now), now)
}

// forget clears key after a success.
func (t *throttle) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.hits, key)
}

func (t *throttle) recent(key string, now time.Time) []time.Time {
	ts := t.hits[key]
	for len(ts) > 0 && now.Sub(ts[0]) > t.window {
		ts = ts[1:]
	}
	t.hits[key] = ts
	return ts
}

package domain

import (
	"context"
	"time"
)

// Engine is the payments engine: every use case of both API dialects, the
// CLI and the background jobs is a method here. It holds no HTTP and no SQL.
type Engine struct {
	Store    Store
	Clock    Clock
	Snapshot Snapshotter // renders event payloads; set by the wiring
	Vault    Vault       // seals card numbers
	// Messages renders the e-mails and SMS a change queues in the outbox;
	// set by the wiring (notify.Renderer). Nil queues no messages.
	Messages MessageRenderer

	// Passwords hashes dashboard users' passwords (argon2id, set by the
	// wiring); without it users can neither be created nor sign in.
	Passwords PasswordHasher

	// TestProcessor serves test mode (the sandbox); LiveProcessor live mode.
	// A nil processor refuses every payment with CodeProcessor.
	TestProcessor Processor
	LiveProcessor Processor

	// ProcessorTimeout bounds one processor call (DefaultProcessorTimeout
	// when zero). ReconcileAfter is how long after a money operation began
	// its reconcile job first looks at it (DefaultReconcileAfter when zero).
	ProcessorTimeout time.Duration
	ReconcileAfter   time.Duration

	// DunningSchedule is when a failed subscription charge is tried again,
	// counted from the period's due time; nil means DefaultDunningSchedule.
	DunningSchedule []time.Duration

	keys *keyCache // API keys by hash, for KeyCacheTTL; nil caches nothing
}

// NewEngine returns an engine over store; a nil clock means time.Now.
func NewEngine(store Store, clock Clock) *Engine {
	if clock == nil {
		clock = time.Now
	}
	return &Engine{Store: store, Clock: clock, keys: &keyCache{}}
}

// now reads the clock once, truncated to milliseconds: the precision the
// store keeps and the Paysley dialect shows.
func (e *Engine) now() time.Time {
	return e.Clock().UTC().Truncate(time.Millisecond)
}

// Ready reports whether the store answers.
func (e *Engine) Ready(ctx context.Context) error { return e.Store.Ping(ctx) }

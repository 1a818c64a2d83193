package webhook

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// maxLoadBatch bounds how many deliveries one read loads.
const maxLoadBatch = 256

// loader loads what deliveries need in batches: the deliveries that ask
// while a read is under way are served together by the next one, which
// also renders each event once for all its endpoints. The runner starts the
// jobs it claims together, so they arrive together; a lone delivery waits
// for nobody.
type loader struct {
	engine *domain.Engine
	render func(domain.Event) ([]byte, error)

	mu      sync.Mutex
	waiting []*loadRequest
	loading bool
}

// loadRequest is one delivery's wait for its target.
type loadRequest struct {
	ref       domain.WebhookTargetRef
	target    domain.WebhookTarget
	err       error // loading the target failed
	body      []byte
	renderErr error // rendering the event failed
	done      chan struct{}
}

// load returns the target of ref and its event rendered as the body.
func (l *loader) load(ctx context.Context, ref domain.WebhookTargetRef) (*loadRequest, error) {
	r := &loadRequest{ref: ref, done: make(chan struct{})}
	l.mu.Lock()
	l.waiting = append(l.waiting, r)
	if !l.loading {
		l.loading = true
		go l.run()
	}
	l.mu.Unlock()
	select {
	case <-r.done:
		return r, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run serves the waiting requests until none waits.
func (l *loader) run() {
	for {
		// Let the deliveries started with this one (the runner starts a
		// claimed batch at once) reach the queue first: a yield, not a wait.
		runtime.Gosched()
		l.mu.Lock()
		batch := l.waiting[:min(len(l.waiting), maxLoadBatch)]
		l.waiting = append([]*loadRequest(nil), l.waiting[len(batch):]...)
		if len(batch) == 0 {
			l.loading = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		l.serve(batch)
	}
}

func (l *loader) serve(batch []*loadRequest) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	refs := make([]domain.WebhookTargetRef, len(batch))
	for i, r := range batch {
		refs[i] = r.ref
	}
	targets, errs := l.engine.WebhookTargets(ctx, refs)
	type rendered struct {
		body []byte
		err  error
	}
	bodies := map[string]rendered{}
	for i, r := range batch {
		r.target, r.err = targets[i], errs[i]
		if r.err == nil {
			b, ok := bodies[r.target.Event.ID]
			if !ok {
				b.body, b.err = l.render(r.target.Event)
				bodies[r.target.Event.ID] = b
			}
			r.body, r.renderErr = b.body, b.err
		}
		close(r.done)
	}
}

package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Args is the payload of a job: a struct with a stable Kind.
type Args = domain.JobArgs

// Queue is the job table; store.Store implements it. FinishJobs is fenced:
// it changes a job only while worker still holds it for the finished
// attempt, and reports whether it did, for each job.
type Queue interface {
	InsertJob(ctx context.Context, j domain.Job) error
	ClaimJobs(ctx context.Context, worker string, kinds []string, limit int, now, lockedUntil time.Time) ([]domain.Job, error)
	// FinishJobs records the ends of several attempts, and what each
	// attempt's Record writes, in one transaction.
	FinishJobs(ctx context.Context, worker string, fs []domain.JobFinish) (held []bool, err error)
	ReclaimJobs(ctx context.Context, now time.Time) (int64, error)
	PruneJobs(ctx context.Context, before time.Time) (int64, error)
	JobStats(ctx context.Context, now time.Time) (domain.JobStats, error)
}

// Job is a claimed job as its worker sees it.
type Job[T Args] struct {
	ID          string
	Attempt     int // 1 on the first attempt
	MaxAttempts int
	Scope       *domain.Scope
	Created     time.Time
	// RetryAt is when the job runs again if this attempt fails; zero when
	// this is its last attempt.
	RetryAt time.Time
	Args    T

	rec *recorder
}

// recorder holds what a worker asked to write with its job's outcome.
type recorder struct {
	fn func(ctx context.Context, tx domain.Tx) error
}

// Record makes fn part of the transaction that records this attempt's
// outcome (the job succeeded, will be retried, or was given up), so that
// what fn writes — the attempt's own record, say — commits with the job's
// new state, and costs no transaction of its own. A later call replaces fn.
// fn may run more than once, as transactions are retried, and must only use
// tx. When fn fails, the runner logs the error and finishes the job without
// it: the attempt happened, and running it again would only repeat it.
func (j Job[T]) Record(fn func(ctx context.Context, tx domain.Tx) error) {
	if j.rec != nil {
		j.rec.fn = fn
	}
}

// Options tune one kind of job.
type Options struct {
	// Timeout bounds one attempt (default 1 minute). It is capped at half the
	// runner's lease, so a job is never reclaimed while it can still be running.
	Timeout time.Duration
	// Backoff is the delay after failed attempt n (1, 2, ...) before jitter;
	// nil means DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// MaxAge, when it returns more than zero, stops retries that would run
	// later than the job's creation plus that age.
	MaxAge func(j domain.Job) time.Duration
}

// DefaultBackoff waits 10s after the first failure and doubles each time, up
// to an hour.
func DefaultBackoff(attempt int) time.Duration {
	return ExponentialBackoff(10*time.Second, time.Hour)(attempt)
}

// ExponentialBackoff returns a backoff of base after the first failed
// attempt, doubling after each further one, never more than max.
func ExponentialBackoff(base, max time.Duration) func(attempt int) time.Duration {
	return func(attempt int) time.Duration {
		d := base
		for i := 1; i < attempt && d < max; i++ {
			d *= 2
		}
		return min(d, max)
	}
}

type cancelError struct{ err error }

func (c cancelError) Error() string { return "cancelled: " + c.err.Error() }
func (c cancelError) Unwrap() error { return c.err }

// Cancel wraps err so that the runner discards the job at once instead of
// retrying it.
func Cancel(err error) error { return cancelError{err} }

// Config configures a Runner. Zero values take the defaults.
type Config struct {
	Workers int           // jobs run at once on this node (default 10)
	Poll    time.Duration // how often to look for due jobs (default 1s)
	Lease   time.Duration // how long a claim lasts before others may reclaim it (default 2m)
	Jitter  float64       // backoff delays vary by ±Jitter (default 0.2; negative for none)
	Clock   domain.Clock  // default time.Now
	Rand    func() float64
	Log     *slog.Logger
	ID      string // names this runner in locked_by; default host-pid-random
}

type kind struct {
	name string
	opts Options
	run  func(ctx context.Context, j domain.Job, retryAt time.Time, rec *recorder) error
}

type periodic struct {
	name  string
	every time.Duration
	last  time.Time
}

// Runner claims due jobs and runs them with their kind's worker.
type Runner struct {
	q   Queue
	cfg Config

	mu       sync.Mutex
	kinds    map[string]*kind
	periodic []*periodic
	started  bool

	wake      chan struct{}
	freed     chan struct{}
	saturated atomic.Bool
	inflight  atomic.Int64

	stopOnce   sync.Once
	stopFetch  context.CancelFunc
	fetchDone  chan struct{}
	workCtx    context.Context
	cancelWork context.CancelFunc
	running    sync.WaitGroup
	claims     sync.WaitGroup // claims under way (fetch)
	lastMaint  time.Time
	// claimBatch is how many workers must be free before a saturated
	// runner claims again, so that claims come in batches.
	claimBatch int

	// The ends of attempts waiting to be written, and whether a goroutine
	// is writing them (finish).
	finishMu  sync.Mutex
	finishing []*pendingFinish
	flushing  bool

	metrics metrics
}

// New returns a runner over q. Register kinds, then Start it.
func New(q Queue, cfg Config) *Runner {
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Jitter == 0 {
		cfg.Jitter = 0.2
	}
	if cfg.Jitter < 0 {
		cfg.Jitter = 0
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.ID == "" {
		host, _ := os.Hostname()
		id := domain.NewID("r") // its random end: the start is the time
		cfg.ID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), id[len(id)-6:])
	}
	return &Runner{q: q, cfg: cfg, kinds: map[string]*kind{}, wake: make(chan struct{}, 1), freed: make(chan struct{}, 1),
		claimBatch: max(1, cfg.Workers/4), metrics: metrics{counts: map[[2]string]*atomic.Int64{}}}
}

// ID is the name this runner claims jobs under.
func (r *Runner) ID() string { return r.cfg.ID }

// Register sets the worker for jobs whose args are a T. Register before
// Start; registering a kind twice panics, as a wiring bug.
func Register[T Args](r *Runner, work func(ctx context.Context, j Job[T]) error, opts Options) {
	var zero T
	r.add(zero.Kind(), opts, func(ctx context.Context, j domain.Job, retryAt time.Time, rec *recorder) error {
		var args T
		if err := json.Unmarshal(j.Args, &args); err != nil {
			return Cancel(fmt.Errorf("decoding %s args: %w", j.Kind, err))
		}
		return work(ctx, Job[T]{ID: j.ID, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, Scope: j.Scope,
			Created: j.Created, RetryAt: retryAt, Args: args, rec: rec})
	})
}

func (r *Runner) add(name string, opts Options, run func(context.Context, domain.Job, time.Time, *recorder) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		panic("jobs: Register after Start")
	}
	if _, dup := r.kinds[name]; dup {
		panic("jobs: kind " + name + " registered twice")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = time.Minute
	}
	opts.Timeout = min(opts.Timeout, r.cfg.Lease/2)
	if opts.Backoff == nil {
		opts.Backoff = DefaultBackoff
	}
	r.kinds[name] = &kind{name: name, opts: opts, run: run}
}

// Periodic runs fn once every period across all nodes: each runner offers a
// job for the current period with an id made of name and the period's start,
// and the database keeps only the first. A failed run is retried like any job.
func (r *Runner) Periodic(name string, every time.Duration, fn func(ctx context.Context) error) {
	r.add(name, Options{Backoff: ExponentialBackoff(every/10, every/2), MaxAge: func(domain.Job) time.Duration { return every }},
		func(ctx context.Context, _ domain.Job, _ time.Time, _ *recorder) error { return fn(ctx) })
	r.mu.Lock()
	r.periodic = append(r.periodic, &periodic{name: name, every: every})
	r.mu.Unlock()
}

// Wake makes the runner look for due jobs now instead of at its next poll.
// It never blocks.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Start runs the workers in the background until Stop, or until ctx ends,
// which stops at once: running jobs are cancelled and released.
func (r *Runner) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return errors.New("jobs: runner already started")
	}
	if len(r.kinds) == 0 {
		return errors.New("jobs: no kinds registered")
	}
	r.started = true
	fetchCtx, stopFetch := context.WithCancel(context.WithoutCancel(ctx))
	r.stopFetch = stopFetch
	r.workCtx, r.cancelWork = context.WithCancel(context.WithoutCancel(ctx))
	r.fetchDone = make(chan struct{})
	go r.loop(fetchCtx)
	context.AfterFunc(ctx, func() {
		expired, cancel := context.WithCancel(context.Background())
		cancel()
		r.Stop(expired)
	})
	r.cfg.Log.Info("job runner started", "runner", r.cfg.ID, "workers", r.cfg.Workers, "kinds", r.kindNames())
	return nil
}

// Stop stops claiming jobs and waits for the running ones to finish. When ctx
// ends first, it cancels them and hands them back to the queue for another
// runner (their attempt does not count). Stop returns when no job of this
// runner runs any more; calling it again waits the same way.
func (r *Runner) Stop(ctx context.Context) error {
	r.mu.Lock()
	started := r.started
	r.mu.Unlock()
	if !started {
		return nil
	}
	r.stopOnce.Do(func() {
		r.stopFetch()
	})
	<-r.fetchDone
	done := make(chan struct{})
	go func() { r.running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	r.cfg.Log.Warn("job runner stopping: cancelling running jobs", "runner", r.cfg.ID, "running", r.inflight.Load())
	r.cancelWork()
	<-done
	return nil
}

func (r *Runner) kindNames() []string {
	names := make([]string, 0, len(r.kinds))
	for n := range r.kinds {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// loop claims jobs whenever there is a free worker and something may be due.
func (r *Runner) loop(ctx context.Context) {
	defer close(r.fetchDone)
	defer r.claims.Wait()
	kinds := r.kindNames()
	poll := time.NewTicker(r.cfg.Poll)
	defer poll.Stop()
	polled := true
	for {
		r.maintain(ctx)
		r.fetch(ctx, kinds, polled)
		polled = false
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-r.freed:
		case <-poll.C:
			polled = true
		}
	}
}

// maintain reclaims expired leases and offers periodic jobs, at most once per
// poll interval of real time.
func (r *Runner) maintain(ctx context.Context) {
	if time.Since(r.lastMaint) < r.cfg.Poll {
		return
	}
	r.lastMaint = time.Now()
	now := r.cfg.Clock()
	if n, err := r.q.ReclaimJobs(ctx, now); err != nil {
		r.logErr(ctx, "reclaiming expired jobs", err)
	} else if n > 0 {
		r.cfg.Log.Warn("reclaimed jobs whose worker stopped", "runner", r.cfg.ID, "jobs", n)
	}
	for _, p := range r.periodic {
		slot := now.Truncate(p.every)
		if slot.Equal(p.last) {
			continue
		}
		j, err := domain.NewJob(fmt.Sprintf("periodic:%s:%d", p.name, slot.Unix()), periodicArgs{p.name}, nil, now)
		if err == nil {
			j.MaxAttempts = 3
			err = r.q.InsertJob(ctx, j)
		}
		if err != nil {
			r.logErr(ctx, "scheduling periodic job "+p.name, err)
			continue
		}
		p.last = slot
	}
}

type periodicArgs struct{ name string }

func (p periodicArgs) Kind() string { return p.name }

func (r *Runner) logErr(ctx context.Context, what string, err error) {
	if ctx.Err() != nil {
		return
	}
	r.cfg.Log.Error("job runner: "+what, "runner", r.cfg.ID, "error", err.Error())
}

// fetch claims as many due jobs as there are free workers and starts them.
// polled says the poll interval passed: then it claims for any free worker.
func (r *Runner) fetch(ctx context.Context, kinds []string, polled bool) {
	free := r.cfg.Workers - int(r.inflight.Load())
	if free <= 0 {
		r.saturated.Store(true)
		return
	}
	if r.saturated.Load() && free < r.claimBatch && !polled {
		// More is due than there are workers: claim when enough are free
		// (run signals freed), not for every job committed meanwhile.
		return
	}
	// The claim runs beside the loop, holding its workers meanwhile, so
	// that the workers freed while it waits for the database are claimed
	// for at once, by a claim that shares its commit.
	r.inflight.Add(int64(free))
	r.claims.Add(1)
	go func() {
		defer r.claims.Done()
		now := r.cfg.Clock()
		claimed, err := r.q.ClaimJobs(ctx, r.cfg.ID, kinds, free, now, now.Add(r.cfg.Lease))
		if err != nil {
			r.logErr(ctx, "claiming jobs", err)
		}
		// A full batch means more may be due: look again as soon as
		// workers free up.
		r.saturated.Store(len(claimed) == free)
		r.inflight.Add(int64(len(claimed) - free))
		for _, j := range claimed {
			r.running.Add(1)
			go r.run(j, now)
		}
	}()
}

// run performs one attempt of j and records its outcome. The worker is
// free for the next job once the attempt's work is done, while its outcome
// is being written: Workers bounds the work, such as calls to endpoints and
// processors, not the wait for the database.
func (r *Runner) run(j domain.Job, claimedAt time.Time) {
	defer r.running.Done()
	k := r.kinds[j.Kind]
	retryAt := r.retryAt(k, j, claimedAt)
	start := time.Now()
	ctx, cancel := context.WithTimeout(r.workCtx, k.opts.Timeout)
	var rec recorder
	err := safeRun(ctx, k, j, retryAt, &rec)
	cancel()
	elapsed := time.Since(start)
	r.inflight.Add(-1)
	if r.saturated.Load() && r.cfg.Workers-int(r.inflight.Load()) >= r.claimBatch {
		select {
		case r.freed <- struct{}{}:
		default:
		}
	}

	f := domain.JobFinish{ID: j.ID, Attempt: j.Attempt, Outcome: domain.JobOutcomeRetried, At: r.cfg.Clock(), Record: safeRecord(rec.fn)}
	var cancelled cancelError
	switch {
	case err == nil:
		f.Outcome = domain.JobOutcomeSucceeded
	case r.workCtx.Err() != nil:
		f.Outcome = domain.JobOutcomeReleased // shutdown: hand it back, the attempt does not count
	case errors.As(err, &cancelled) || retryAt.IsZero():
		f.Outcome, f.Error = domain.JobOutcomeDiscarded, clipErr(err)
	default:
		f.At, f.Error = retryAt, clipErr(err)
	}
	r.metrics.add(j.Kind, string(f.Outcome))
	held, ferr := r.finish(f)
	if ferr == nil && held && err == nil && !r.cfg.Log.Enabled(context.Background(), slog.LevelDebug) {
		return // the common case, with nothing to say
	}
	attrs := []any{"runner", r.cfg.ID, "job", j.ID, "kind", j.Kind, "attempt", j.Attempt, "outcome", string(f.Outcome), "duration", elapsed}
	switch {
	case ferr != nil:
		r.cfg.Log.Error("job runner: recording a job's outcome failed; its lease will expire and it will run again",
			append(attrs, "error", ferr.Error())...)
	case !held:
		r.cfg.Log.Warn("job runner: the job was reclaimed before it finished (lease expired)", attrs...)
	case err != nil && f.Outcome == domain.JobOutcomeDiscarded:
		r.cfg.Log.Warn("job discarded", append(attrs, "error", clipErr(err))...)
	case err != nil:
		r.cfg.Log.Info("job failed; will retry", append(attrs, "error", clipErr(err), "retry_at", retryAt)...)
	default:
		r.cfg.Log.Debug("job done", attrs...)
	}
}

// maxFinishBatch bounds how many attempts one transaction finishes.
const maxFinishBatch = 256

// pendingFinish is the end of an attempt waiting to be written.
type pendingFinish struct {
	f    domain.JobFinish
	held bool
	err  error
	done chan struct{}
}

// finish writes f, with the ends of every other attempt waiting at that
// moment, in one transaction, and returns once it is written. One goroutine
// writes at a time and exits when nothing waits; while it writes, the next
// batch gathers, as the store's group commit does for transactions. So a
// busy runner pays one commit for many jobs, and a lone job waits for
// nobody.
func (r *Runner) finish(f domain.JobFinish) (held bool, err error) {
	p := &pendingFinish{f: f, done: make(chan struct{})}
	r.finishMu.Lock()
	r.finishing = append(r.finishing, p)
	if !r.flushing {
		r.flushing = true
		go r.flush()
	}
	r.finishMu.Unlock()
	<-p.done
	return p.held, p.err
}

// flush writes waiting ends of attempts until none waits.
func (r *Runner) flush() {
	for {
		// Let the jobs that end with this one join the batch: a yield,
		// not a wait.
		runtime.Gosched()
		r.finishMu.Lock()
		batch := r.finishing
		if len(batch) > maxFinishBatch {
			batch = batch[:maxFinishBatch]
		}
		r.finishing = slices.Clone(r.finishing[len(batch):])
		if len(batch) == 0 {
			r.flushing = false
			r.finishMu.Unlock()
			return
		}
		r.finishMu.Unlock()
		r.write(batch)
		for _, p := range batch {
			close(p.done)
		}
	}
}

// write finishes a batch in one transaction. When that fails, an attempt's
// Record may be the cause: each attempt is then finished alone, and one
// whose Record fails is finished without it.
func (r *Runner) write(batch []*pendingFinish) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fs := make([]domain.JobFinish, len(batch))
	for i, p := range batch {
		fs[i] = p.f
	}
	held, err := r.q.FinishJobs(ctx, r.cfg.ID, fs)
	if err == nil {
		for i, p := range batch {
			p.held = held[i]
		}
		return
	}
	if len(batch) == 1 && batch[0].f.Record == nil {
		batch[0].err = err
		return
	}
	for _, p := range batch {
		held, err := r.q.FinishJobs(ctx, r.cfg.ID, []domain.JobFinish{p.f})
		if err != nil && p.f.Record != nil && ctx.Err() == nil {
			r.cfg.Log.Error("job runner: writing an attempt's records failed; finishing the job without them",
				"runner", r.cfg.ID, "job", p.f.ID, "attempt", p.f.Attempt, "error", err.Error())
			f := p.f
			f.Record = nil
			held, err = r.q.FinishJobs(ctx, r.cfg.ID, []domain.JobFinish{f})
		}
		if err != nil {
			p.err = err
			continue
		}
		p.held = held[0]
	}
}

// safeRecord turns a panic of a worker's Record into an error.
func safeRecord(fn func(context.Context, domain.Tx) error) func(context.Context, domain.Tx) error {
	if fn == nil {
		return nil
	}
	return func(ctx context.Context, tx domain.Tx) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return fn(ctx, tx)
	}
}

func safeRun(ctx context.Context, k *kind, j domain.Job, retryAt time.Time, rec *recorder) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return k.run(ctx, j, retryAt, rec)
}

// retryAt is when j runs again if the attempt started at now fails: the
// kind's backoff with jitter, or zero when attempts or age are used up.
func (r *Runner) retryAt(k *kind, j domain.Job, now time.Time) time.Time {
	if j.Attempt >= j.MaxAttempts {
		return time.Time{}
	}
	d := k.opts.Backoff(j.Attempt)
	if r.cfg.Jitter > 0 {
		d = time.Duration(float64(d) * (1 + r.cfg.Jitter*(2*r.cfg.Rand()-1)))
	}
	at := now.Add(d)
	if k.opts.MaxAge != nil {
		if age := k.opts.MaxAge(j); age > 0 && at.Sub(j.Created) > age {
			return time.Time{}
		}
	}
	return at
}

// clipErr keeps a stored error message short.
func clipErr(err error) string {
	s := err.Error()
	if len(s) > 1000 {
		s = s[:1000] + "…"
	}
	return s
}

// Prune deletes jobs that finished more than keep ago.
func (r *Runner) Prune(ctx context.Context, keep time.Duration) (int64, error) {
	return r.q.PruneJobs(ctx, r.cfg.Clock().Add(-keep))
}

// Stats reports the queue's depth and lag.
func (r *Runner) Stats(ctx context.Context) (domain.JobStats, error) {
	return r.q.JobStats(ctx, r.cfg.Clock())
}

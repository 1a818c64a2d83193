package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// clock is a fake clock that tests move forward by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type pingArgs struct{ N int }

func (pingArgs) Kind() string { return "ping" }

// newRunner returns a runner over s with a fast poll, the given clock and
// no jitter (Rand 0.5 is the middle of the jitter range); it stops at the
// end of the test.
func newRunner(t *testing.T, s *store.Store, c *clock, cfg jobs.Config) *jobs.Runner {
	t.Helper()
	if cfg.Poll == 0 {
		cfg.Poll = 5 * time.Millisecond
	}
	if c != nil {
		cfg.Clock = c.Now
	}
	cfg.Rand = func() float64 { return 0.5 }
	cfg.Log = testLog(t)
	r := jobs.New(s, cfg)
	s.OnJobInserted(r.Wake)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
	return r
}

func start(t *testing.T, r *jobs.Runner) {
	t.Helper()
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func insert(t *testing.T, s *store.Store, id string, args domain.JobArgs, now time.Time, maxAttempts int) {
	t.Helper()
	j, err := domain.NewJob(id, args, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if maxAttempts > 0 {
		j.MaxAttempts = maxAttempts
	}
	if err := s.Tx(context.Background(), func(tx domain.Tx) error { return tx.InsertJob(context.Background(), j) }); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond in real time: it waits for goroutines, never for a
// backoff, which the fake clock skips.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func mustGet(t *testing.T, s *store.Store, id string) domain.Job {
	t.Helper()
	j, err := s.GetJob(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestRetriesWithGrowingBackoffThenSucceeds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		r := newRunner(t, s, c, jobs.Config{})
		type attempt struct {
			n           int
			at, retryAt time.Time
		}
		var mu sync.Mutex
		var attempts []attempt
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
			mu.Lock()
			attempts = append(attempts, attempt{j.Attempt, c.Now(), j.RetryAt})
			mu.Unlock()
			if j.Args.N != 7 {
				return jobs.Cancel(errors.New("args lost"))
			}
			if j.Attempt <= 3 {
				return fmt.Errorf("HTTP 500 on attempt %d", j.Attempt)
			}
			return nil
		}, jobs.Options{})
		start(t, r)
		t0 := c.Now()
		insert(t, s, "job_ping", pingArgs{N: 7}, t0, 0)
		count := func() int { mu.Lock(); defer mu.Unlock(); return len(attempts) }

		// Each failure schedules exactly one more attempt, after 10s, 20s, 40s
		// (DefaultBackoff): it does not run a moment earlier.
		want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second}
		for i, delay := range want {
			waitFor(t, fmt.Sprintf("attempt %d", i+1), func() bool { return count() == i+1 })
			waitFor(t, "the retry to be recorded", func() bool { return mustGet(t, s, "job_ping").State == domain.JobAvailable })
			j := mustGet(t, s, "job_ping")
			if got := j.RunAt.Sub(c.Now()); got != delay {
				t.Fatalf("after attempt %d the job runs in %v, want %v", i+1, got, delay)
			}
			if !strings.Contains(j.LastError, "HTTP 500") {
				t.Fatalf("last_error = %q", j.LastError)
			}
			c.Advance(delay - time.Millisecond)
			r.Wake()
			time.Sleep(20 * time.Millisecond) // several polls: nothing may run before run_at
			if count() != i+1 {
				t.Fatalf("attempt %d ran before its backoff ended", i+2)
			}
			c.Advance(time.Millisecond)
			r.Wake()
		}
		waitFor(t, "success", func() bool { return mustGet(t, s, "job_ping").State == domain.JobSucceeded })
		mu.Lock()
		defer mu.Unlock()
		if len(attempts) != 4 {
			t.Fatalf("attempts = %+v", attempts)
		}
		for i, a := range attempts {
			if a.n != i+1 {
				t.Errorf("attempt %d numbered %d", i+1, a.n)
			}
			if i < 3 && a.retryAt.Sub(a.at) != want[i] {
				t.Errorf("attempt %d was told it retries in %v, want %v", i+1, a.retryAt.Sub(a.at), want[i])
			}
		}
		if got := r.Counts()["ping"]; got["retried"] != 3 || got["succeeded"] != 1 {
			t.Errorf("counts = %v", got)
		}
	})
}

func TestJitterStaysInItsBand(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	c := newClock()
	var rnd atomic.Int64 // 0 → the low end, 1 → the high end
	cfg := jobs.Config{Poll: 5 * time.Millisecond, Clock: c.Now, Jitter: 0.25, Rand: func() float64 { return float64(rnd.Load()) }}
	r := jobs.New(s, cfg)
	s.OnJobInserted(r.Wake)
	t.Cleanup(func() { r.Stop(context.Background()) })
	got := make(chan time.Duration, 4)
	jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
		got <- j.RetryAt.Sub(c.Now())
		return nil
	}, jobs.Options{Backoff: func(int) time.Duration { return 100 * time.Second }})
	start(t, r)
	insert(t, s, "low", pingArgs{}, c.Now(), 0)
	if d := <-got; d != 75*time.Second {
		t.Errorf("low jitter: %v", d)
	}
	rnd.Store(1)
	insert(t, s, "high", pingArgs{}, c.Now(), 0)
	if d := <-got; d != 125*time.Second {
		t.Errorf("high jitter: %v", d)
	}
}

func TestGivingUp(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		r := newRunner(t, s, c, jobs.Config{})
		var mu sync.Mutex
		last := map[int]jobs.Job[pingArgs]{}
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
			mu.Lock()
			last[j.Args.N] = j
			mu.Unlock()
			switch j.Args.N {
			case 1:
				return errors.New("always fails")
			case 2:
				return jobs.Cancel(errors.New("no such endpoint"))
			case 3:
				panic("worker bug")
			case 4:
				<-ctx.Done() // overruns its timeout
				return ctx.Err()
			}
			return nil
		}, jobs.Options{Timeout: 20 * time.Millisecond,
			MaxAge: func(j domain.Job) time.Duration { return 25 * time.Second }})
		start(t, r)
		now := c.Now()
		insert(t, s, "max_attempts", pingArgs{N: 1}, now, 2)
		insert(t, s, "cancelled", pingArgs{N: 2}, now, 0)
		insert(t, s, "panics", pingArgs{N: 3}, now, 0)
		insert(t, s, "times_out", pingArgs{N: 4}, now, 0)

		waitFor(t, "cancel", func() bool { return mustGet(t, s, "cancelled").State == domain.JobDiscarded })
		if j := mustGet(t, s, "cancelled"); j.Attempt != 1 || !strings.Contains(j.LastError, "no such endpoint") {
			t.Errorf("cancelled job: %+v", j)
		}
		for _, id := range []string{"panics", "times_out", "max_attempts"} {
			waitFor(t, id+" retried", func() bool { j := mustGet(t, s, id); return j.State == domain.JobAvailable && j.Attempt == 1 })
		}
		if j := mustGet(t, s, "panics"); !strings.Contains(j.LastError, "panic: worker bug") {
			t.Errorf("panic not recorded: %q", j.LastError)
		}
		if j := mustGet(t, s, "times_out"); !strings.Contains(j.LastError, "deadline exceeded") {
			t.Errorf("timeout not recorded: %q", j.LastError)
		}
		c.Advance(10 * time.Second)
		r.Wake()
		// Attempt 2 of max_attempts is its last; the others would next run at
		// 10s+20s = 30s, past their 25s MaxAge, so this attempt is their last too.
		for _, id := range []string{"panics", "times_out", "max_attempts"} {
			waitFor(t, id+" discarded", func() bool { return mustGet(t, s, id).State == domain.JobDiscarded })
		}
		mu.Lock()
		defer mu.Unlock()
		for n := 1; n <= 4; n++ {
			if n != 2 && (last[n].Attempt != 2 || !last[n].RetryAt.IsZero()) {
				t.Errorf("job %d: last attempt %d told RetryAt %v, want zero", n, last[n].Attempt, last[n].RetryAt)
			}
		}
	})
}

func TestReclaimsJobsOfADeadWorker(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := newClock()
		const lease = time.Minute
		insert(t, s, "orphan", pingArgs{}, c.Now(), 0)
		// A node claims the job, then dies (SIGKILL): nothing ever finishes it.
		if got, err := s.ClaimJobs(ctx, "dead-node", []string{"ping"}, 1, c.Now(), c.Now().Add(lease)); err != nil || len(got) != 1 {
			t.Fatalf("claim: %v %v", got, err)
		}
		r := newRunner(t, s, c, jobs.Config{Lease: lease})
		ran := make(chan int, 1)
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error { ran <- j.Attempt; return nil }, jobs.Options{})
		start(t, r)
		c.Advance(lease - time.Second)
		time.Sleep(30 * time.Millisecond)
		select {
		case <-ran:
			t.Fatal("the job ran while the dead node's lease held")
		default:
		}
		c.Advance(2 * time.Second)
		select {
		case n := <-ran:
			if n != 2 {
				t.Errorf("reclaimed job ran as attempt %d, want 2", n)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the job was not reclaimed")
		}
		waitFor(t, "success", func() bool { return mustGet(t, s, "orphan").State == domain.JobSucceeded })
	})
}

func TestStopDrainsThenReleases(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		r := newRunner(t, s, c, jobs.Config{})
		started := make(chan int, 2)
		finish := make(chan struct{})
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
			started <- j.Args.N
			if j.Args.N == 1 {
				<-finish // finishes when told, whatever ctx says
				return nil
			}
			<-ctx.Done() // stops only when cancelled
			return ctx.Err()
		}, jobs.Options{})
		start(t, r)
		insert(t, s, "finishes", pingArgs{N: 1}, c.Now(), 0)
		insert(t, s, "stuck", pingArgs{N: 2}, c.Now(), 0)
		<-started
		<-started

		stopCtx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() { r.Stop(stopCtx); close(stopped) }()
		close(finish)
		waitFor(t, "the finishing job", func() bool { return mustGet(t, s, "finishes").State == domain.JobSucceeded })
		select {
		case <-stopped:
			t.Fatal("Stop returned while a job was running")
		case <-time.After(30 * time.Millisecond):
		}
		cancel() // the drain deadline passes
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Fatal("Stop did not return after its context ended")
		}
		j := mustGet(t, s, "stuck")
		if j.State != domain.JobAvailable || j.Attempt != 0 || j.LockedBy != "" {
			t.Fatalf("stuck job after stop: %+v", j)
		}
		insert(t, s, "after_stop", pingArgs{N: 3}, c.Now(), 0)
		time.Sleep(20 * time.Millisecond)
		if mustGet(t, s, "after_stop").State != domain.JobAvailable {
			t.Fatal("a stopped runner claimed a job")
		}
	})
}

func TestWakesOnCommitWithoutPolling(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	r := newRunner(t, s, nil, jobs.Config{Poll: time.Hour})
	ran := make(chan struct{}, 1)
	jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error { ran <- struct{}{}; return nil }, jobs.Options{})
	start(t, r)
	time.Sleep(10 * time.Millisecond) // let the first, empty claim pass
	insert(t, s, "woken", pingArgs{}, time.Now(), 0)
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("the runner did not wake on commit")
	}
}

// TestTwoRunnersNeverRunAJobTwiceAtOnce runs two runners, each with its own
// connection pool, over one database. Every job fails once and then succeeds,
// so its two attempts may land on either node; a job must never be running
// in two places at once, and must run exactly twice.
func TestTwoRunnersNeverRunAJobTwiceAtOnce(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			url := storetest.URL(t, flavor)
			var stores []*store.Store
			for range 2 {
				s, err := store.Open(context.Background(), url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				stores = append(stores, s)
			}
			const n = 150
			var mu sync.Mutex
			running := map[string]int{}
			runs := map[string]int{}
			byRunner := map[string]int{}
			overlaps := 0
			var runners []*jobs.Runner
			for i, s := range stores {
				r := newRunner(t, s, nil, jobs.Config{Workers: 4, ID: fmt.Sprintf("node%d", i), Jitter: -1})
				jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
					mu.Lock()
					running[j.ID]++
					if running[j.ID] > 1 {
						overlaps++
					}
					runs[j.ID]++
					byRunner[r.ID()]++
					mu.Unlock()
					time.Sleep(time.Millisecond) // hold the job long enough for a rival to try
					mu.Lock()
					running[j.ID]--
					mu.Unlock()
					if j.Attempt == 1 {
						return errors.New("first attempt fails")
					}
					return nil
				}, jobs.Options{Backoff: func(int) time.Duration { return time.Millisecond }})
				runners = append(runners, r)
			}
			for i := range n {
				insert(t, stores[i%2], fmt.Sprintf("job_%03d", i), pingArgs{N: i}, time.Now(), 0)
			}
			for _, r := range runners {
				start(t, r)
			}
			waitFor(t, "every job twice", func() bool {
				mu.Lock()
				defer mu.Unlock()
				total := 0
				for _, c := range runs {
					total += c
				}
				return total >= 2*n
			})
			time.Sleep(50 * time.Millisecond) // any extra run would show now
			mu.Lock()
			defer mu.Unlock()
			if overlaps != 0 {
				t.Fatalf("%d times a job ran on two workers at once", overlaps)
			}
			for i := range n {
				if c := runs[fmt.Sprintf("job_%03d", i)]; c != 2 {
					t.Errorf("job_%03d ran %d times, want 2", i, c)
				}
			}
			t.Logf("attempts by runner: %v", byRunner)
		})
	}
}

func TestPeriodicRunsOncePerPeriodAcrossNodes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		var runs atomic.Int64
		var runners []*jobs.Runner
		for i := range 2 {
			r := newRunner(t, s, c, jobs.Config{ID: fmt.Sprintf("node%d", i)})
			r.Periodic("maintenance.tick", time.Hour, func(ctx context.Context) error { runs.Add(1); return nil })
			runners = append(runners, r)
		}
		for _, r := range runners {
			start(t, r)
		}
		waitFor(t, "the first run", func() bool { return runs.Load() == 1 })
		first := fmt.Sprintf("periodic:maintenance.tick:%d", c.Now().Truncate(time.Hour).Unix())
		waitFor(t, "the first run to be recorded", func() bool { return mustGet(t, s, first).State == domain.JobSucceeded })
		time.Sleep(40 * time.Millisecond)
		if runs.Load() != 1 {
			t.Fatalf("ran %d times in one period", runs.Load())
		}
		c.Advance(time.Hour)
		waitFor(t, "the second period", func() bool { return runs.Load() == 2 })
		time.Sleep(40 * time.Millisecond)
		if runs.Load() != 2 {
			t.Fatalf("ran %d times in two periods", runs.Load())
		}
	})
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		r := newRunner(t, s, c, jobs.Config{})
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error { return nil }, jobs.Options{})
		insert(t, s, "due", pingArgs{}, c.Now().Add(-90*time.Second), 0)
		insert(t, s, "later", pingArgs{}, c.Now().Add(time.Hour), 0)
		var buf bytes.Buffer
		if err := r.WriteMetrics(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`paysmart_jobs_queue_depth{state="due"} 1`, `paysmart_jobs_queue_depth{state="scheduled"} 1`,
			`paysmart_jobs_queue_depth{state="running"} 0`, `paysmart_jobs_lag_seconds 90`} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("metrics lack %q:\n%s", want, buf.String())
			}
		}
		start(t, r)
		waitFor(t, "the due job", func() bool { return mustGet(t, s, "due").State == domain.JobSucceeded })
		buf.Reset()
		r.WriteMetrics(context.Background(), &buf)
		if !strings.Contains(buf.String(), `paysmart_jobs_total{kind="ping",outcome="succeeded"} 1`) {
			t.Errorf("metrics lack the outcome counter:\n%s", buf.String())
		}
	})
}

func TestExponentialBackoff(t *testing.T) {
	t.Parallel()
	b := jobs.ExponentialBackoff(time.Minute, 6*time.Hour)
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for i, w := range want {
		if got := b(i + 1); got != w {
			t.Errorf("attempt %d: %v, want %v", i+1, got, w)
		}
	}
	if got := b(40); got != 6*time.Hour {
		t.Errorf("attempt 40: %v", got)
	}
}

// gatedQueue holds the first FinishJobs call until release is closed, and
// records how many attempts each call finished.
type gatedQueue struct {
	*store.Store
	entered, release chan struct{}
	once             sync.Once
	mu               sync.Mutex
	sizes            []int
}

func (q *gatedQueue) FinishJobs(ctx context.Context, worker string, fs []domain.JobFinish) ([]bool, error) {
	q.mu.Lock()
	q.sizes = append(q.sizes, len(fs))
	q.mu.Unlock()
	first := false
	q.once.Do(func() { first = true })
	if first {
		close(q.entered)
		<-q.release
	}
	return q.Store.FinishJobs(ctx, worker, fs)
}

// TestFinishesInBatches: the attempts that end while an outcome is being
// written are written together, each with its worker's Record, in the next
// transaction.
func TestFinishesInBatches(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		const n = 8
		c := newClock()
		q := &gatedQueue{Store: s, entered: make(chan struct{}), release: make(chan struct{})}
		r := jobs.New(q, jobs.Config{Workers: n, Poll: 5 * time.Millisecond, Clock: c.Now, Log: testLog(t)})
		stopAtEnd(t, r)
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
			j.Record(markRecord(fmt.Sprintf("rec_%d", j.Args.N), c.Now()))
			return nil
		}, jobs.Options{})
		for i := range n {
			insert(t, s, fmt.Sprintf("job_%d", i), pingArgs{N: i}, c.Now(), 0)
		}
		start(t, r)
		<-q.entered
		// The others end while the first call is held.
		waitFor(t, "every attempt to end", func() bool { return r.Counts()["ping"]["succeeded"] == n })
		time.Sleep(20 * time.Millisecond) // from its outcome to the queue of outcomes
		close(q.release)
		waitFor(t, "every job to finish", func() bool { return allSucceeded(t, s, n) })
		for i := range n {
			if _, err := s.GetJob(context.Background(), fmt.Sprintf("rec_%d", i)); err != nil {
				t.Errorf("record of job %d: %v", i, err)
			}
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		if len(q.sizes) > 2 {
			t.Errorf("FinishJobs calls carried %v attempts; want the ones that ended during the first call in one", q.sizes)
		}
	})
}

// TestFailingRecordsAreLogged: a Record that fails (or panics) is logged and
// its job finished without it; the jobs finished with it keep their records.
func TestFailingRecordsAreLogged(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := newClock()
		var logs bytes.Buffer
		var mu sync.Mutex
		r := jobs.New(s, jobs.Config{Workers: 3, Poll: 5 * time.Millisecond, Clock: c.Now,
			Log: slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))})
		stopAtEnd(t, r)
		jobs.Register(r, func(ctx context.Context, j jobs.Job[pingArgs]) error {
			switch j.Args.N {
			case 1:
				j.Record(func(context.Context, domain.Tx) error { return errors.New("the record does not fit") })
			case 2:
				j.Record(func(context.Context, domain.Tx) error { panic("a record that panics") })
			default:
				j.Record(markRecord("rec_0", c.Now()))
			}
			return nil
		}, jobs.Options{})
		for i := range 3 {
			insert(t, s, fmt.Sprintf("job_%d", i), pingArgs{N: i}, c.Now(), 0)
		}
		start(t, r)
		waitFor(t, "every job to finish", func() bool { return allSucceeded(t, s, 3) })
		if _, err := s.GetJob(context.Background(), "rec_0"); err != nil {
			t.Errorf("the good record: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, want := range []string{"the record does not fit", "a record that panics"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("the log does not say %q:\n%s", want, logs.String())
			}
		}
	})
}

// markRecord is a Record that writes a marker job, as a webhook delivery's
// record writes its attempt.
func markRecord(id string, now time.Time) func(context.Context, domain.Tx) error {
	return func(ctx context.Context, tx domain.Tx) error {
		mark, err := domain.NewJob(id, otherArgs{}, nil, now)
		if err != nil {
			return err
		}
		return tx.InsertJob(ctx, mark)
	}
}

func allSucceeded(t *testing.T, s *store.Store, n int) bool {
	for i := range n {
		if mustGet(t, s, fmt.Sprintf("job_%d", i)).State != domain.JobSucceeded {
			return false
		}
	}
	return true
}

func stopAtEnd(t *testing.T, r *jobs.Runner) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
}

type otherArgs struct{}

func (otherArgs) Kind() string { return "other" }

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

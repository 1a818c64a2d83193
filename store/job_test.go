package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

type testArgs struct{ N int }

func (testArgs) Kind() string { return "test" }

func mustJob(t *testing.T, id string, now time.Time) domain.Job {
	t.Helper()
	j, err := domain.NewJob(id, testArgs{N: 1}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
		woke := make(chan struct{}, 10)
		s.OnJobInserted(func() { woke <- struct{}{} })

		// A job inserted in a transaction that rolls back does not exist, and wakes no one.
		boom := errors.New("boom")
		err := s.Tx(ctx, func(tx domain.Tx) error {
			if err := tx.InsertJob(ctx, mustJob(t, "job_rolled_back", now)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx = %v", err)
		}
		if _, err := s.GetJob(ctx, "job_rolled_back"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("rolled-back job: %v", err)
		}
		if len(woke) != 0 {
			t.Fatal("a rolled-back insert woke the workers")
		}

		// Inserting twice with one id keeps the first.
		if err := s.InsertJob(ctx, mustJob(t, "job_a", now)); err != nil {
			t.Fatal(err)
		}
		later := mustJob(t, "job_a", now.Add(time.Hour))
		if err := s.InsertJob(ctx, later); err != nil {
			t.Fatal(err)
		}
		if j, _ := s.GetJob(ctx, "job_a"); !j.RunAt.Equal(now) || j.State != domain.JobAvailable || j.MaxAttempts != domain.DefaultJobMaxAttempts {
			t.Fatalf("job_a = %+v", j)
		}
		if len(woke) == 0 {
			t.Fatal("a committed insert did not wake the workers")
		}
		if err := s.InsertJob(ctx, mustJob(t, "job_future", now.Add(time.Minute))); err != nil {
			t.Fatal(err)
		}
		other, _ := domain.NewJob("job_other_kind", otherArgs{}, nil, now)
		if err := s.InsertJob(ctx, other); err != nil {
			t.Fatal(err)
		}

		st, err := s.JobStats(ctx, now.Add(time.Second))
		if err != nil || st.Due != 2 || st.Scheduled != 1 || st.Running != 0 || st.Lag != time.Second {
			t.Fatalf("stats = %+v, %v", st, err)
		}

		// Claim: only due jobs of the asked kinds, once.
		lease := now.Add(time.Minute)
		got, err := s.ClaimJobs(ctx, "w1", []string{"test"}, 10, now, lease)
		if err != nil || len(got) != 1 || got[0].ID != "job_a" || got[0].Attempt != 1 || got[0].State != domain.JobRunning ||
			got[0].LockedBy != "w1" || !got[0].LockedUntil.Equal(lease) {
			t.Fatalf("claim = %+v, %v", got, err)
		}
		if again, _ := s.ClaimJobs(ctx, "w2", []string{"test"}, 10, now, lease); len(again) != 0 {
			t.Fatalf("claimed twice: %+v", again)
		}

		// Fencing: only the holder of this attempt may finish it.
		if held, err := s.CompleteJob(ctx, "job_a", "w2", 1, now); err != nil || held {
			t.Fatalf("another worker completed the job: %v %v", held, err)
		}
		if held, err := s.RetryJob(ctx, "job_a", "w1", 1, now.Add(10*time.Second), "HTTP 500"); err != nil || !held {
			t.Fatalf("retry: %v %v", held, err)
		}
		if j, _ := s.GetJob(ctx, "job_a"); j.State != domain.JobAvailable || j.LastError != "HTTP 500" || j.LockedBy != "" {
			t.Fatalf("after retry: %+v", j)
		}
		if got, _ := s.ClaimJobs(ctx, "w1", []string{"test"}, 10, now.Add(5*time.Second), lease); len(got) != 0 {
			t.Fatalf("claimed before its backoff: %+v", got)
		}

		// A worker that dies: its lease expires and the job is reclaimed.
		got, _ = s.ClaimJobs(ctx, "w1", []string{"test"}, 10, now.Add(10*time.Second), now.Add(20*time.Second))
		if len(got) != 1 || got[0].Attempt != 2 {
			t.Fatalf("second claim: %+v", got)
		}
		if n, err := s.ReclaimJobs(ctx, now.Add(15*time.Second)); err != nil || n != 0 {
			t.Fatalf("reclaimed a live lease: %d %v", n, err)
		}
		if n, err := s.ReclaimJobs(ctx, now.Add(21*time.Second)); err != nil || n != 1 {
			t.Fatalf("reclaim: %d %v", n, err)
		}
		if held, _ := s.CompleteJob(ctx, "job_a", "w1", 2, now); held {
			t.Fatal("a worker whose lease expired completed the job")
		}
		got, _ = s.ClaimJobs(ctx, "w3", []string{"test"}, 1, now.Add(21*time.Second), now.Add(time.Hour))
		if len(got) != 1 || got[0].ID != "job_a" || got[0].Attempt != 3 {
			t.Fatalf("claim after reclaim: %+v", got)
		}

		// Release (shutdown) gives the attempt back.
		if held, _ := s.ReleaseJob(ctx, "job_a", "w3", 3, now.Add(22*time.Second)); !held {
			t.Fatal("release failed")
		}
		if j, _ := s.GetJob(ctx, "job_a"); j.Attempt != 2 || j.State != domain.JobAvailable {
			t.Fatalf("after release: %+v", j)
		}
		got, _ = s.ClaimJobs(ctx, "w3", []string{"test"}, 1, now.Add(22*time.Second), now.Add(time.Hour))
		if held, _ := s.CompleteJob(ctx, "job_a", "w3", got[0].Attempt, now.Add(23*time.Second)); !held {
			t.Fatal("complete failed")
		}
		if j, _ := s.GetJob(ctx, "job_a"); j.State != domain.JobSucceeded || j.FinishedAt == nil {
			t.Fatalf("after complete: %+v", j)
		}

		// Rearm: a finished job starts over; a waiting one runs now.
		err = s.Tx(ctx, func(tx domain.Tx) error {
			for _, id := range []string{"job_a", "job_future"} {
				if found, err := tx.RearmJob(ctx, id, now.Add(30*time.Second)); err != nil || !found {
					t.Errorf("rearm %s: %v %v", id, found, err)
				}
			}
			if found, err := tx.RearmJob(ctx, "job_missing", now); err != nil || found {
				t.Errorf("rearm missing: %v %v", found, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if j, _ := s.GetJob(ctx, "job_a"); j.State != domain.JobAvailable || j.Attempt != 0 || j.FinishedAt != nil {
			t.Fatalf("rearmed finished job: %+v", j)
		}
		got, _ = s.ClaimJobs(ctx, "w4", []string{"test"}, 10, now.Add(30*time.Second), now.Add(time.Hour))
		if len(got) != 2 {
			t.Fatalf("claim after rearm: %+v", got)
		}
		// A running job is left alone by rearm, but found.
		s.Tx(ctx, func(tx domain.Tx) error {
			if found, _ := tx.RearmJob(ctx, "job_a", now.Add(31*time.Second)); !found {
				t.Error("rearm of a running job: not found")
			}
			return nil
		})
		if j, _ := s.GetJob(ctx, "job_a"); j.State != domain.JobRunning {
			t.Fatalf("rearm touched a running job: %+v", j)
		}

		// Discard, then prune what finished long ago.
		for _, j := range got {
			if held, _ := s.DiscardJob(ctx, j.ID, "w4", j.Attempt, now.Add(40*time.Second), "gave up"); !held {
				t.Fatalf("discard %s", j.ID)
			}
		}
		if n, err := s.PruneJobs(ctx, now.Add(41*time.Second)); err != nil || n != 2 {
			t.Fatalf("prune: %d %v", n, err)
		}
		if _, err := s.GetJob(ctx, "job_other_kind"); err != nil {
			t.Fatalf("prune removed an unfinished job: %v", err)
		}
	})
}

type otherArgs struct{}

func (otherArgs) Kind() string { return "other" }

// TestFinishJobsInOneTransaction: one call finishes several attempts, each
// with the writes of its Record, in one transaction: every outcome applies
// to a job its worker still holds, a Record is kept even for a job that was
// claimed again meanwhile, and a failing Record takes the whole batch back.
func TestFinishJobsInOneTransaction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
		ids := []string{"job_ok", "job_retry", "job_give_up", "job_release", "job_stolen", "job_later"}
		for _, id := range ids {
			if err := s.InsertJob(ctx, mustJob(t, id, now)); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := s.ClaimJobs(ctx, "w1", []string{"test"}, len(ids), now, now.Add(time.Minute)); err != nil || len(got) != len(ids) {
			t.Fatalf("claimed %d, %v", len(got), err)
		}
		// record writes a marker job, as a webhook delivery's record would
		// write its attempt.
		record := func(marker string) func(context.Context, domain.Tx) error {
			return func(ctx context.Context, tx domain.Tx) error {
				j, err := domain.NewJob(marker, otherArgs{}, nil, now)
				if err != nil {
					return err
				}
				return tx.InsertJob(ctx, j)
			}
		}
		retryAt := now.Add(10 * time.Second)
		held, err := s.FinishJobs(ctx, "w1", []domain.JobFinish{
			{ID: "job_ok", Attempt: 1, Outcome: domain.JobOutcomeSucceeded, At: now, Record: record("rec_ok")},
			{ID: "job_retry", Attempt: 1, Outcome: domain.JobOutcomeRetried, At: retryAt, Error: "HTTP 500", Record: record("rec_retry")},
			{ID: "job_give_up", Attempt: 1, Outcome: domain.JobOutcomeDiscarded, At: now, Error: "gave up"},
			{ID: "job_release", Attempt: 1, Outcome: domain.JobOutcomeReleased, At: now},
			// Claimed again since (another attempt), so no longer this attempt's.
			{ID: "job_stolen", Attempt: 7, Outcome: domain.JobOutcomeSucceeded, At: now, Record: record("rec_stolen")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []bool{true, true, true, true, false}; fmt.Sprint(held) != fmt.Sprint(want) {
			t.Fatalf("held = %v, want %v", held, want)
		}
		for _, c := range []struct {
			id      string
			state   domain.JobState
			attempt int
			runAt   time.Time
			lastErr string
		}{
			{"job_ok", domain.JobSucceeded, 1, now, ""},
			{"job_retry", domain.JobAvailable, 1, retryAt, "HTTP 500"},
			{"job_give_up", domain.JobDiscarded, 1, now, "gave up"},
			{"job_release", domain.JobAvailable, 0, now, ""},
			{"job_stolen", domain.JobRunning, 1, now, ""},
		} {
			j, err := s.GetJob(ctx, c.id)
			if err != nil || j.State != c.state || j.Attempt != c.attempt || !j.RunAt.Equal(c.runAt) || j.LastError != c.lastErr {
				t.Errorf("%s = %+v, %v; want %s, attempt %d, run at %v, error %q", c.id, j, err, c.state, c.attempt, c.runAt, c.lastErr)
			}
			if finished := j.FinishedAt != nil; finished != (c.state == domain.JobSucceeded || c.state == domain.JobDiscarded) {
				t.Errorf("%s: finished_at %v in state %s", c.id, j.FinishedAt, j.State)
			}
		}
		for _, marker := range []string{"rec_ok", "rec_retry", "rec_stolen"} {
			if _, err := s.GetJob(ctx, marker); err != nil {
				t.Errorf("record %s: %v", marker, err)
			}
		}

		// A Record that fails takes the batch back: the jobs stay running,
		// and the other Records' writes are gone.
		boom := errors.New("boom")
		_, err = s.FinishJobs(ctx, "w1", []domain.JobFinish{
			{ID: "job_later", Attempt: 1, Outcome: domain.JobOutcomeSucceeded, At: now, Record: record("rec_later")},
			{ID: "job_stolen", Attempt: 1, Outcome: domain.JobOutcomeSucceeded, At: now,
				Record: func(context.Context, domain.Tx) error { return boom }},
		})
		if !errors.Is(err, boom) {
			t.Fatalf("FinishJobs with a failing Record = %v", err)
		}
		for _, id := range []string{"job_later", "job_stolen"} {
			if j, _ := s.GetJob(ctx, id); j.State != domain.JobRunning {
				t.Errorf("%s after a failed batch: %+v", id, j)
			}
		}
		if _, err := s.GetJob(ctx, "rec_later"); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("the failed batch kept a record: %v", err)
		}
	})
}

func TestReclaimDiscardsExhaustedJobs(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
		j := mustJob(t, "job_last", now)
		j.MaxAttempts = 1
		if err := s.InsertJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", []string{"test"}, 1, now, now.Add(time.Second)); len(got) != 1 {
			t.Fatal("not claimed")
		}
		if n, _ := s.ReclaimJobs(ctx, now.Add(2*time.Second)); n != 1 {
			t.Fatal("not reclaimed")
		}
		if got, _ := s.GetJob(ctx, "job_last"); got.State != domain.JobDiscarded || got.FinishedAt == nil {
			t.Fatalf("exhausted job after reclaim: %+v", got)
		}
	})
}

// TestListenJobs: on PostgreSQL a job committed through one node's store
// wakes another node's listener at once; a rolled-back one does not.
func TestListenJobs(t *testing.T) {
	t.Parallel()
	u := storetest.URL(t, store.Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var nodes []*store.Store
	for range 2 {
		s, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		nodes = append(nodes, s)
	}
	woke := make(chan struct{}, 10)
	listening := make(chan struct{})
	go nodes[1].ListenJobs(ctx, func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	})
	// The listener may still be connecting: insert until it hears one.
	go func() {
		defer close(listening)
		now := time.Now()
		for i := 0; ctx.Err() == nil; i++ {
			if err := nodes[0].InsertJob(ctx, mustJob(t, fmt.Sprintf("job_%d", i), now)); err != nil {
				return
			}
			select {
			case <-woke:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	select {
	case <-listening:
	case <-time.After(15 * time.Second):
		t.Fatal("the other node never heard of the new job")
	}
	boom := errors.New("boom")
	nodes[0].Tx(ctx, func(tx domain.Tx) error {
		tx.InsertJob(ctx, mustJob(t, "job_rolled_back", time.Now()))
		return boom
	})
	select {
	case <-woke:
		t.Fatal("a rolled-back insert woke the other node")
	case <-time.After(300 * time.Millisecond):
	}
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paysmart/paysmart/domain"
)

// The job table's SQL. Claiming differs between the engines only in the
// locking clause (skipLocked); everything else is shared.

const jobColumns = `id, kind, args, merchant_id, livemode, state, attempt, max_attempts, run_at, locked_until,
	locked_by, last_error, created, finished_at`

func scanJob(row interface{ Scan(...any) error }) (domain.Job, error) {
	var j domain.Job
	var args, state string
	var merchant, lockedBy sql.NullString
	var livemode sql.NullBool
	var runAt, created int64
	var lockedUntil, finished sql.NullInt64
	err := row.Scan(&j.ID, &j.Kind, &args, &merchant, &livemode, &state, &j.Attempt, &j.MaxAttempts, &runAt, &lockedUntil,
		&lockedBy, &j.LastError, &created, &finished)
	if err != nil {
		return j, err
	}
	j.Args, j.State, j.LockedBy = []byte(args), domain.JobState(state), lockedBy.String
	if merchant.Valid {
		j.Scope = &domain.Scope{MerchantID: merchant.String, Livemode: livemode.Bool}
	}
	j.RunAt, j.Created, j.LockedUntil, j.FinishedAt = fromMS(runAt), fromMS(created), fromNullMS(lockedUntil), fromNullMS(finished)
	return j, nil
}

// skipLocked is the locking clause of the claim's inner SELECT. PostgreSQL
// locks the rows it picks and skips rows another node is claiming, so several
// nodes share the queue without waiting on each other. SQLite needs none: the
// claim runs in a write transaction, which holds the database's single write
// lock from BEGIN IMMEDIATE.
func (t *tx) skipLocked() string {
	if t.flavor == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

func (t *tx) DeleteJob(ctx context.Context, id string) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM jobs WHERE id = $1 AND state = 'available'`, id)
	return translate(err)
}

func (t *tx) InsertJob(ctx context.Context, j domain.Job) error {
	var merchant sql.NullString
	var livemode sql.NullBool
	if j.Scope != nil {
		merchant = sql.NullString{String: j.Scope.MerchantID, Valid: true}
		livemode = sql.NullBool{Bool: j.Scope.Livemode, Valid: true}
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = domain.DefaultJobMaxAttempts
	}
	if j.State == "" {
		j.State = domain.JobAvailable
	}
	_, err := t.q.ExecContext(ctx, `INSERT INTO jobs (id, kind, args, merchant_id, livemode, state, attempt, max_attempts, run_at, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
		j.ID, j.Kind, string(j.Args), merchant, livemode, string(j.State), j.Attempt, j.MaxAttempts, ms(j.RunAt), ms(j.Created))
	if err == nil {
		t.jobs++
	}
	return translate(err)
}

func (t *tx) RearmJob(ctx context.Context, id string, now time.Time) (bool, error) {
	// Every expression of an UPDATE reads the row as it was, on both engines,
	// so the CASE sees the old state.
	res, err := t.q.ExecContext(ctx, `UPDATE jobs SET run_at = $2,
		attempt = CASE WHEN state IN ('succeeded', 'discarded') THEN 0 ELSE attempt END,
		state = 'available', finished_at = NULL, locked_until = NULL, locked_by = NULL
		WHERE id = $1 AND state <> 'running'`, id, ms(now))
	if err != nil {
		return false, translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		if n == 1 {
			t.jobs++
		}
		return n == 1, translate(err)
	}
	var one int
	err = t.q.QueryRowContext(ctx, `SELECT 1 FROM jobs WHERE id = $1`, id).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, translate(err)
}

// write runs fn in one write transaction of its own.
func (s *Store) write(ctx context.Context, fn func(t *tx) error) error {
	return s.Tx(ctx, func(dtx domain.Tx) error { return fn(dtx.(*tx)) })
}

// InsertJob adds a job outside any use case (periodic jobs); a job whose ID
// exists is left as it is.
func (s *Store) InsertJob(ctx context.Context, j domain.Job) error {
	return s.write(ctx, func(t *tx) error { return t.InsertJob(ctx, j) })
}

// ClaimJobs marks up to limit due jobs of the given kinds as running for
// worker until lockedUntil and returns them, oldest run_at first. Each job's
// Attempt counts the attempt it is claimed for.
func (s *Store) ClaimJobs(ctx context.Context, worker string, kinds []string, limit int, now, lockedUntil time.Time) ([]domain.Job, error) {
	if limit <= 0 || len(kinds) == 0 {
		return nil, nil
	}
	kindArgs := make([]any, len(kinds))
	for i, k := range kinds {
		kindArgs[i] = k
	}
	// Look before taking the write lock: an idle queue then costs a read, and
	// on SQLite a poll never makes an API request wait for the database's
	// single writer.
	var one int
	err := s.querier(nil).QueryRowContext(ctx, `SELECT 1 FROM jobs WHERE state = 'available' AND run_at <= $1 AND kind IN (`+
		placeholders(2, len(kinds))+`) LIMIT 1`, append([]any{ms(now)}, kindArgs...)...).Scan(&one)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	var out []domain.Job
	err = s.write(ctx, func(t *tx) error {
		out = out[:0]
		// A CTE, so that PostgreSQL picks and locks the rows exactly once;
		// by seq, the primary key, which finds a row without another index.
		// The CAST keeps SQLite from compiling the statement again at every
		// call, as it does for a bare parameter in LIMIT (its planner reads
		// the value).
		rows, err := t.q.QueryContext(ctx, `WITH next AS (
				SELECT seq FROM jobs WHERE state = 'available' AND run_at <= $3 AND kind IN (`+placeholders(5, len(kinds))+`)
				ORDER BY run_at, seq LIMIT CAST($4 AS INTEGER)`+t.skipLocked()+`)
			UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = $1, locked_until = $2
			WHERE seq IN (SELECT seq FROM next) RETURNING `+jobColumns,
			append([]any{worker, ms(lockedUntil), ms(now), limit}, kindArgs...)...)
		if err != nil {
			return translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return translate(err)
			}
			out = append(out, j)
		}
		return translate(rows.Err())
	})
	if err != nil {
		return nil, err
	}
	sortJobs(out)
	return out, nil
}

// placeholders returns "$first, $first+1, ..." for n values.
func placeholders(first, n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", first+i)
	}
	return strings.Join(ph, ", ")
}

func sortJobs(js []domain.Job) {
	for i := 1; i < len(js); i++ {
		for k := i; k > 0 && js[k].RunAt.Before(js[k-1].RunAt); k-- {
			js[k], js[k-1] = js[k-1], js[k]
		}
	}
}

// finishSets is the change each outcome makes to a job, after the fence
// parameters ($1 id, $2 worker, $3 attempt): $4 is JobFinish.At and $5,
// where there is one, its error.
var finishSets = map[domain.JobOutcome]string{
	domain.JobOutcomeSucceeded: `state = 'succeeded', finished_at = $4, locked_until = NULL, last_error = $5`,
	domain.JobOutcomeRetried:   `state = 'available', run_at = $4, last_error = $5, locked_until = NULL, locked_by = NULL`,
	domain.JobOutcomeDiscarded: `state = 'discarded', finished_at = $4, last_error = $5, locked_until = NULL`,
	// The attempt does not count, and the job keeps the error of the one before.
	domain.JobOutcomeReleased: `state = 'available', attempt = attempt - 1, run_at = $4, locked_until = NULL, locked_by = NULL`,
}

// FinishJobs records the ends of attempts that worker ran, each with its
// Record, in one write transaction: a runner finishes many jobs for the
// price of one commit. held[i] reports whether worker still held fs[i]'s
// job for its attempt; when it did not (the lease ran out and the job was
// claimed again), the job is left as it is, but fs[i].Record is written
// all the same: the attempt happened. An error from a Record fails the
// whole transaction; the caller may then finish the jobs one by one.
func (s *Store) FinishJobs(ctx context.Context, worker string, fs []domain.JobFinish) (held []bool, err error) {
	held = make([]bool, len(fs))
	err = s.write(ctx, func(t *tx) error {
		for i, f := range fs {
			if f.Record != nil {
				if err := f.Record(ctx, t); err != nil {
					return err
				}
			}
			set, ok := finishSets[f.Outcome]
			if !ok {
				return domain.Internal(fmt.Errorf("finishing job %s: unknown outcome %q", f.ID, f.Outcome))
			}
			args := []any{f.ID, worker, f.Attempt, ms(f.At), f.Error}
			if f.Outcome == domain.JobOutcomeReleased {
				args = args[:4]
			}
			res, err := t.q.ExecContext(ctx, `UPDATE jobs SET `+set+`
				WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempt = $3`, args...)
			if err != nil {
				return translate(err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return translate(err)
			}
			held[i] = n == 1
		}
		return nil
	})
	return held, err
}

// finishJob finishes one job with FinishJobs.
func (s *Store) finishJob(ctx context.Context, f domain.JobFinish, worker string) (bool, error) {
	held, err := s.FinishJobs(ctx, worker, []domain.JobFinish{f})
	if err != nil {
		return false, err
	}
	return held[0], nil
}

// CompleteJob marks a held job succeeded.
func (s *Store) CompleteJob(ctx context.Context, id, worker string, attempt int, now time.Time) (bool, error) {
	return s.finishJob(ctx, domain.JobFinish{ID: id, Attempt: attempt, Outcome: domain.JobOutcomeSucceeded, At: now}, worker)
}

// RetryJob makes a held job that failed available again at runAt.
func (s *Store) RetryJob(ctx context.Context, id, worker string, attempt int, runAt time.Time, lastErr string) (bool, error) {
	return s.finishJob(ctx, domain.JobFinish{ID: id, Attempt: attempt, Outcome: domain.JobOutcomeRetried, At: runAt, Error: lastErr}, worker)
}

// DiscardJob gives up on a held job.
func (s *Store) DiscardJob(ctx context.Context, id, worker string, attempt int, now time.Time, lastErr string) (bool, error) {
	return s.finishJob(ctx, domain.JobFinish{ID: id, Attempt: attempt, Outcome: domain.JobOutcomeDiscarded, At: now, Error: lastErr}, worker)
}

// ReleaseJob hands back a held job that did not run to the end (shutdown):
// it is available at once and the attempt does not count.
func (s *Store) ReleaseJob(ctx context.Context, id, worker string, attempt int, now time.Time) (bool, error) {
	return s.finishJob(ctx, domain.JobFinish{ID: id, Attempt: attempt, Outcome: domain.JobOutcomeReleased, At: now}, worker)
}

// ReclaimJobs frees running jobs whose lease passed (their worker died): they
// run again at once, or are discarded when they had used their last attempt.
func (s *Store) ReclaimJobs(ctx context.Context, now time.Time) (int64, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM jobs WHERE state = 'running' AND locked_until < $1 LIMIT 1`, ms(now)).Scan(&one)
	if err == sql.ErrNoRows {
		return 0, nil // the usual case: look without taking the write lock
	}
	if err != nil {
		return 0, translate(err)
	}
	var n int64
	err = s.write(ctx, func(t *tx) error {
		res, err := t.q.ExecContext(ctx, `UPDATE jobs SET
			state = CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'available' END,
			finished_at = CASE WHEN attempt >= max_attempts THEN $1 ELSE NULL END,
			run_at = $1, locked_until = NULL, locked_by = NULL,
			last_error = 'the worker running it stopped before finishing (its lease expired)'
			WHERE state = 'running' AND locked_until < $1`, ms(now))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		if n > 0 {
			t.jobs++
		}
		return translate(err)
	})
	return n, err
}

// PruneJobs deletes jobs that finished before before.
func (s *Store) PruneJobs(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *tx) error {
		res, err := t.q.ExecContext(ctx, `DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $1`, ms(before))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return n, err
}

// GetJob returns a job by id, for tests and tools. Errors: CodeNotFound.
func (s *Store) GetJob(ctx context.Context, id string) (domain.Job, error) {
	j, err := scanJob(s.db.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if err != nil {
		return j, notFound(err, "job", id)
	}
	return j, nil
}

// JobStats counts unfinished jobs and measures the lag of the oldest due one.
func (s *Store) JobStats(ctx context.Context, now time.Time) (domain.JobStats, error) {
	var st domain.JobStats
	var oldest sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN state = 'available' AND run_at <= $1 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN state = 'available' AND run_at > $1 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0),
			MIN(CASE WHEN state = 'available' AND run_at <= $1 THEN run_at END)
		FROM jobs WHERE state IN ('available', 'running')`, ms(now)).Scan(&st.Due, &st.Scheduled, &st.Running, &oldest)
	if err != nil {
		return st, translate(err)
	}
	if oldest.Valid {
		st.Lag = now.Sub(fromMS(oldest.Int64))
	}
	return st, nil
}

// OnJobInserted sets fn to run after every commit that inserted or rearmed
// jobs, so this node's workers start at once instead of at their next poll.
// fn must not block.
func (s *Store) OnJobInserted(fn func()) { s.onJob.Store(&fn) }

// ListenJobs calls fn whenever another node (or this one) commits new jobs,
// until ctx ends: PostgreSQL LISTEN on a connection of its own, so that a
// node wakes at once instead of at its next poll. A lost connection is
// reopened after a pause; fn is called then too, in case a notice was missed.
// On SQLite, which one process serves, it returns at once.
func (s *Store) ListenJobs(ctx context.Context, fn func()) {
	if s.flavor != Postgres {
		return
	}
	for pause := 100 * time.Millisecond; ctx.Err() == nil; pause = min(2*pause, 10*time.Second) {
		// An error ends the connection; the poll covers the gap until the next.
		s.listen(ctx, fn, func() { pause = 100 * time.Millisecond })
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		fn()
	}
}

func (s *Store) listen(ctx context.Context, fn, connected func()) error {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.notify}.Sanitize()); err != nil {
		return err
	}
	connected()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		fn()
	}
}

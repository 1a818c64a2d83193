package domain

import (
	"context"
	"encoding/json"
	"time"
)

// JobArgs is the payload of a background job. Kind names the worker that runs
// it; it is stored with every job, so it never changes once jobs of that kind
// exist. Args are stored as JSON (encoding/json, field names as keys).
type JobArgs interface {
	Kind() string
}

// JobState is where a job is in its life.
type JobState string

// The job states. A job is available (waiting for run_at), running (claimed by
// a worker until locked_until), then succeeded, or discarded when it failed for
// good (attempts or age exhausted, or the worker cancelled it).
const (
	JobAvailable JobState = "available"
	JobRunning   JobState = "running"
	JobSucceeded JobState = "succeeded"
	JobDiscarded JobState = "discarded"
)

// DefaultJobMaxAttempts is the attempt limit of a job that sets none.
const DefaultJobMaxAttempts = 25

// Job is one unit of background work in the job table. A use case inserts it
// with Tx.InsertJob in its own transaction, so the job exists exactly when the
// change that causes it committed. The jobs package runs it.
type Job struct {
	// ID identifies the job and doubles as a uniqueness key: inserting a job
	// whose ID exists does nothing.
	ID          string
	Kind        string
	Args        []byte // JSON
	Scope       *Scope // the merchant and mode it works for; nil for platform jobs
	State       JobState
	Attempt     int // attempts started so far, including a running one
	MaxAttempts int
	RunAt       time.Time // not before
	LockedUntil *time.Time
	LockedBy    string
	LastError   string
	Created     time.Time
	FinishedAt  *time.Time
}

// NewJob builds an available job for args, to run at now; an empty id gets a
// random one. Errors: CodeInternal (args that do not encode).
func NewJob(id string, args JobArgs, s *Scope, now time.Time) (Job, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return Job{}, Internal(err)
	}
	if id == "" {
		id = NewID("job")
	}
	return Job{ID: id, Kind: args.Kind(), Args: b, Scope: s, State: JobAvailable,
		MaxAttempts: DefaultJobMaxAttempts, RunAt: now, Created: now}, nil
}

// JobOutcome is how an attempt at a job ended.
type JobOutcome string

// The outcomes of an attempt. A retried job is available again at its
// JobFinish.At; a released one (its runner shut down while it ran) at once,
// and the attempt does not count.
const (
	JobOutcomeSucceeded JobOutcome = "succeeded"
	JobOutcomeRetried   JobOutcome = "retried"
	JobOutcomeDiscarded JobOutcome = "discarded"
	JobOutcomeReleased  JobOutcome = "released"
)

// JobFinish is the end of one attempt at a job, as the job table records it.
// It applies only while the worker still holds the job for Attempt: a job
// whose lease ran out and was claimed again is left to its new holder.
type JobFinish struct {
	ID      string
	Attempt int
	Outcome JobOutcome
	// At is when the attempt ended; for a retry, when the job runs again.
	At    time.Time
	Error string // why the attempt failed; "" when it succeeded
	// Record, when set, writes what the attempt itself keeps (a webhook
	// delivery's record) in the transaction that finishes the job, so that
	// both commit or neither does. It may run more than once (transactions
	// are retried) and must only use tx.
	Record func(ctx context.Context, tx Tx) error
}

// JobStats describes the job table for metrics.
type JobStats struct {
	Due       int           // available and due now
	Scheduled int           // available, due later (retries waiting for their backoff)
	Running   int           // claimed by a worker
	Lag       time.Duration // how long the oldest due job has waited past its run_at
}

package domain

import (
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

// JobStats describes the job table for metrics.
type JobStats struct {
	Due       int           // available and due now
	Scheduled int           // available, due later (retries waiting for their backoff)
	Running   int           // claimed by a worker
	Lag       time.Duration // how long the oldest due job has waited past its run_at
}

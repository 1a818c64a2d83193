// Package jobs runs background work from the job table that lives in
// PaySmart's own database (SQLite or PostgreSQL), beside the data the work is
// about.
//
// A job is inserted by a use case in its own transaction (domain.Tx.InsertJob),
// so it exists exactly when the change that causes it committed: an event and
// its webhook deliveries commit or vanish together. A Runner claims due jobs
// and runs each with the worker registered for its kind:
//
//   - Claiming is one UPDATE over a CTE that picks due rows; on PostgreSQL the
//     CTE locks them FOR UPDATE SKIP LOCKED, so several nodes share the queue
//     and each job runs on one node at a time; on SQLite the claim runs in the
//     store's BEGIN IMMEDIATE write transaction, the database's single writer.
//   - A claimed job is leased until now+Lease. A worker that dies (a crash, a
//     SIGKILL) leaves the lease to expire; any runner then reclaims the job and
//     runs it again. A job's time limit is at most half the lease, and every
//     finishing write is fenced by (worker, attempt), so a late worker can
//     never overwrite a reclaimed job.
//   - A saturated runner claims again once a quarter of its workers are
//     free, so that one claim starts many jobs.
//   - Outcomes are written in batches (FinishJobs): the attempts that end
//     while an outcome is being written are finished together in the next
//     transaction, each with what its worker asked to keep (Job.Record, such
//     as a webhook delivery's record), so that a busy runner pays one commit
//     for many jobs and an attempt's record commits with its job's new state.
//     A worker takes its next job while its last outcome is being written:
//     Config.Workers bounds the work (calls to endpoints, processors), not
//     the wait for the database.
//   - A failed attempt is retried after an exponential backoff with jitter,
//     until MaxAttempts or the kind's MaxAge; then it is discarded. A worker
//     returns Cancel(err) to give up at once.
//   - Runners poll every Poll and wake at once when this node commits a job
//     (store.Store.OnJobInserted calls Wake).
//   - Stop drains: it stops claiming, waits for running jobs until its context
//     ends, then cancels them and releases them (the attempt does not count).
//   - Time comes from Config.Clock and jitter from Config.Rand, so tests move
//     time forward instead of sleeping.
//
// # Adding a kind of job
//
// A kind is an args struct with a stable Kind and a worker function. To add
// the Paysley response_url callback, for example:
//
//  1. In the domain, next to payment requests, declare the args:
//
//     type PaysleyCallbackArgs struct {
//     PaymentID string `json:"PaymentID"` // explicit: a rename must not break queued jobs
//     }
//     func (PaysleyCallbackArgs) Kind() string { return "paysley_callback" }
//
//  2. In the use case that settles the payment, inside its Store.Tx:
//
//     job, err := NewJob("", PaysleyCallbackArgs{PaymentID: p.ID}, &s, now)
//
//     (A job that must exist once per thing gets an id made of it, as
//     message.send's "msg:<message id>": inserting it twice does nothing.)
//     if err == nil { err = tx.InsertJob(ctx, job) }
//
//  3. Write the worker where the HTTP code lives (it must honour ctx):
//
//     func (c *Callbacks) Send(ctx context.Context, j jobs.Job[domain.PaysleyCallbackArgs]) error
//
//  4. Register it in cmd/paysmart/run.go beside the webhook worker:
//
//     jobs.Register(runner, callbacks.Send, jobs.Options{Timeout: 30 * time.Second})
//
// Options choose the attempt timeout, the backoff and a maximum age. Job.RetryAt
// tells the worker when a failed attempt will be retried (zero on the last
// attempt), for records such as a delivery's next_retry_at.
package jobs

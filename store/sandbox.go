package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// SandboxLedger is the sandbox processor's ledger in the database
// (sandbox.Ledger): every call by its upstream idempotency key, kept across
// restarts and shared by every node, as a real processor's would be.
type SandboxLedger struct{ s *Store }

// SandboxLedger returns the store's sandbox ledger.
func (s *Store) SandboxLedger() SandboxLedger { return SandboxLedger{s} }

// Record keeps res for key unless key is known, counts the call, and
// returns the outcome kept.
func (l SandboxLedger) Record(ctx context.Context, key string, op domain.Operation, amount int64, currency string, res domain.ProcessorResult) (domain.ProcessorResult, error) {
	var out domain.ProcessorResult
	err := l.s.Tx(ctx, func(dtx domain.Tx) (err error) {
		out, err = l.RecordIn(ctx, dtx, key, op, amount, currency, res)
		return err
	})
	return out, err
}

// RecordIn is Record inside the engine's transaction dtx.
func (l SandboxLedger) RecordIn(ctx context.Context, dtx domain.Tx, key string, op domain.Operation, amount int64, currency string, res domain.ProcessorResult) (domain.ProcessorResult, error) {
	t, err := storeTx(dtx)
	if err != nil {
		return domain.ProcessorResult{}, err
	}
	var out domain.ProcessorResult
	var outcome string
	err = t.q.QueryRowContext(ctx, `INSERT INTO sandbox_calls (key, op, amount, currency, outcome, reason, decline_code, message,
		reference, calls, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)
		ON CONFLICT (key) DO UPDATE SET calls = sandbox_calls.calls + 1
		RETURNING outcome, reason, decline_code, message, reference`,
		key, string(op), amount, currency, string(res.Outcome), res.Reason, res.DeclineCode, res.Message, res.Reference,
		time.Now().UnixMilli()).Scan(&outcome, &out.Reason, &out.DeclineCode, &out.Message, &out.Reference)
	out.Outcome = domain.Outcome(outcome)
	return out, translate(err)
}

// storeTx finds this store's transaction in dtx, under the wrappers the
// engine puts around it (a test clock's shift).
func storeTx(dtx domain.Tx) (*tx, error) {
	for {
		switch t := dtx.(type) {
		case *tx:
			return t, nil
		case interface{ Unwrap() domain.Tx }:
			dtx = t.Unwrap()
		default:
			return nil, fmt.Errorf("store: %T is not a store transaction", dtx)
		}
	}
}

// Find returns the outcome kept for key.
func (l SandboxLedger) Find(ctx context.Context, key string) (domain.ProcessorResult, bool, error) {
	var out domain.ProcessorResult
	var outcome string
	err := l.s.db.QueryRowContext(ctx, `SELECT outcome, reason, decline_code, message, reference FROM sandbox_calls WHERE key = $1`, key).
		Scan(&outcome, &out.Reason, &out.DeclineCode, &out.Message, &out.Reference)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil
	}
	out.Outcome = domain.Outcome(outcome)
	return out, err == nil, translate(err)
}

// SandboxCall is one row of the sandbox ledger, for tests and audits.
type SandboxCall struct {
	Key, Op, Outcome string
	Amount           int64
	Calls            int
}

// SandboxCalls lists the sandbox ledger.
func (l SandboxLedger) SandboxCalls(ctx context.Context) ([]SandboxCall, error) {
	rows, err := l.s.db.QueryContext(ctx, `SELECT key, op, outcome, amount, calls FROM sandbox_calls ORDER BY key`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []SandboxCall
	for rows.Next() {
		var c SandboxCall
		if err := rows.Scan(&c.Key, &c.Op, &c.Outcome, &c.Amount, &c.Calls); err != nil {
			return nil, translate(err)
		}
		out = append(out, c)
	}
	return out, translate(rows.Err())
}

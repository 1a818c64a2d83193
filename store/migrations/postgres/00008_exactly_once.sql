-- +goose Up
-- Exactly-once money movement (docs/decisions.md "Two-phase money movement").
--
-- A payment, capture, cancel or refund is written as an intent before the
-- processor is asked, and its outcome recorded afterwards. The intent stays
-- visible until then: a payment in status 'processing' with pending_op
-- 'authorize', 'capture' or 'cancel' (pending_amount is the amount being
-- captured), a refund in status 'pending' whose amount already counts in
-- payments.amount_refunded. The reconcile job finalises what a crash left.
ALTER TABLE payments ADD COLUMN pending_op TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN pending_amount BIGINT NOT NULL DEFAULT 0;
CREATE INDEX payments_pending ON payments (updated) WHERE pending_op <> '';
ALTER TABLE refunds ADD COLUMN failure_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN updated BIGINT NOT NULL DEFAULT 0;
CREATE INDEX refunds_pending ON refunds (created) WHERE status = 'pending';

-- Every money row keeps its currency's exponent, so that a currency library
-- that forgets a withdrawn code can never make a stored amount unreadable.
-- Rows older than this migration have NULL and are read with the library.
ALTER TABLE payments ADD COLUMN currency_exponent INTEGER;
ALTER TABLE refunds ADD COLUMN currency_exponent INTEGER;
ALTER TABLE history ADD COLUMN currency_exponent INTEGER;
ALTER TABLE payment_requests ADD COLUMN currency_exponent INTEGER;

-- Idempotency: token fences a claim (a request that outlived its lease cannot
-- finish the next claim's key); object_id is the recovery point written in the
-- transaction that made the change, so a retry after a crash finds the object
-- instead of running again.
ALTER TABLE idempotency_keys ADD COLUMN token TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN object_id TEXT NOT NULL DEFAULT '';

-- The sandbox processor's own ledger: one row per upstream idempotency key
-- ("pay_…:authorize", "re_…:refund"), as a real processor keeps one. calls
-- counts how often the key was sent; the effect happened once.
CREATE TABLE sandbox_calls (
    key          TEXT    PRIMARY KEY,
    op           TEXT    NOT NULL,
    amount       BIGINT  NOT NULL,
    currency     TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    reason       TEXT    NOT NULL DEFAULT '',
    decline_code TEXT    NOT NULL DEFAULT '',
    message      TEXT    NOT NULL DEFAULT '',
    reference    TEXT    NOT NULL DEFAULT '',
    calls        INTEGER NOT NULL,
    created      BIGINT  NOT NULL
);

-- +goose Up
-- Recurring payments (docs/decisions.md "Subscriptions").
--
-- Merchants get a time zone (the calendar of their subscriptions) and the
-- status a subscription takes when its dunning gives up.
ALTER TABLE merchants ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE merchants ADD COLUMN dunning_final TEXT NOT NULL DEFAULT 'past_due';

-- Test clocks (test mode only): a customer created on one lives on its time.
CREATE TABLE test_clocks (
    seq INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    merchant_id  TEXT    NOT NULL REFERENCES merchants(id),
    livemode     BOOLEAN NOT NULL,
    name         TEXT    NOT NULL DEFAULT '',
    frozen_time  BIGINT  NOT NULL,
    status       TEXT    NOT NULL,
    advancing_to BIGINT,
    advance_started BIGINT,
    deleted      BOOLEAN NOT NULL DEFAULT FALSE,
    created      BIGINT  NOT NULL
);
CREATE INDEX test_clocks_scope ON test_clocks (merchant_id, livemode, deleted, seq);
ALTER TABLE customers ADD COLUMN test_clock TEXT NOT NULL DEFAULT '';

-- The subscription aggregate. next_period is the period to charge next
-- (0-based), attempt its dunning attempt (0 = the first charge), next_charge_at
-- when that charge is due; pending_payment is the charge sent and not yet
-- recorded. The billing job reads the partial index subscriptions_due.
CREATE TABLE subscriptions (
    seq INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    merchant_id       TEXT    NOT NULL REFERENCES merchants(id),
    livemode          BOOLEAN NOT NULL,
    customer_id       TEXT    NOT NULL DEFAULT '',
    payment_method_id TEXT    NOT NULL,
    amount            BIGINT  NOT NULL CHECK (amount > 0),
    initial_amount    BIGINT  NOT NULL DEFAULT 0,
    currency          TEXT    NOT NULL,
    currency_exponent INTEGER NOT NULL,
    billing_interval  TEXT    NOT NULL,
    anchor            BIGINT  NOT NULL,
    timezone          TEXT    NOT NULL,
    total_payments    BIGINT  NOT NULL DEFAULT 0,
    payments_made     BIGINT  NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,
    next_period       BIGINT  NOT NULL DEFAULT 0,
    attempt           INTEGER NOT NULL DEFAULT 0,
    next_charge_at    BIGINT,
    pending_payment   TEXT    NOT NULL DEFAULT '',
    latest_payment    TEXT    NOT NULL DEFAULT '',
    test_clock        TEXT    NOT NULL DEFAULT '',
    request_id        TEXT    NOT NULL DEFAULT '',
    metadata          TEXT    NOT NULL DEFAULT '{}',
    created           BIGINT  NOT NULL,
    updated           BIGINT  NOT NULL,
    canceled_at       BIGINT,
    ended_at          BIGINT
);
CREATE INDEX subscriptions_scope ON subscriptions (merchant_id, livemode, seq);
CREATE INDEX subscriptions_due ON subscriptions (test_clock, next_charge_at)
    WHERE status IN ('active', 'past_due') AND pending_payment = '';
CREATE UNIQUE INDEX subscriptions_request ON subscriptions (request_id) WHERE request_id <> '';

-- One row per charge attempt: the primary key makes a second charge of the
-- same (subscription, period, attempt) impossible, whatever races it.
CREATE TABLE subscription_charges (
    subscription_id TEXT    NOT NULL,
    period          BIGINT  NOT NULL,
    attempt         INTEGER NOT NULL,
    payment_id      TEXT    NOT NULL,
    due             BIGINT  NOT NULL,
    created         BIGINT  NOT NULL,
    PRIMARY KEY (subscription_id, period, attempt)
);

-- A payment that charges a subscription names it.
ALTER TABLE payments ADD COLUMN subscription_id TEXT NOT NULL DEFAULT '';
CREATE INDEX payments_subscription ON payments (subscription_id) WHERE subscription_id <> '';

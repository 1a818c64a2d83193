-- +goose Up
ALTER TABLE merchants ADD COLUMN wallets TEXT NOT NULL DEFAULT 'APPLE_PAY,GOOGLE_PAY';

CREATE TABLE payment_requests (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    transaction_id      TEXT    NOT NULL,
    merchant_id         TEXT    NOT NULL REFERENCES merchants(id),
    livemode            BOOLEAN NOT NULL,
    amount              BIGINT  NOT NULL,
    amount_due          BIGINT  NOT NULL,
    currency            TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    customer_number     BIGINT  NOT NULL DEFAULT 0,
    reference_number    TEXT    NOT NULL DEFAULT '',
    email               TEXT    NOT NULL DEFAULT '',
    mobile_number       TEXT    NOT NULL DEFAULT '',
    frequency           TEXT    NOT NULL DEFAULT 'ONE-TIME',
    subscription_status TEXT    NOT NULL DEFAULT '',
    expires_at          BIGINT,
    details             TEXT    NOT NULL,
    created             BIGINT  NOT NULL,
    modified            BIGINT,
    deleted             BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX payment_requests_txn ON payment_requests (merchant_id, livemode, transaction_id);
CREATE INDEX payment_requests_scope ON payment_requests (merchant_id, livemode, deleted, seq);

ALTER TABLE payments ADD COLUMN request_id TEXT NOT NULL DEFAULT '';

-- The payment history: one row per money movement (debit, authorisation,
-- capture, reversal, refund), with what the Paysley history shows and
-- searches, written in the transaction of the movement.
CREATE TABLE history (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    merchant_id      TEXT    NOT NULL REFERENCES merchants(id),
    livemode         BOOLEAN NOT NULL,
    payment_id       TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    amount           BIGINT  NOT NULL,
    currency         TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    email            TEXT    NOT NULL DEFAULT '',
    mobile           TEXT    NOT NULL DEFAULT '',
    reference_number TEXT    NOT NULL DEFAULT '',
    transaction_id   TEXT    NOT NULL DEFAULT '',
    transaction_type TEXT    NOT NULL,
    shipping         BOOLEAN NOT NULL DEFAULT FALSE,
    created          BIGINT  NOT NULL
);
CREATE INDEX history_scope ON history (merchant_id, livemode, seq);
CREATE INDEX history_created ON history (merchant_id, livemode, created, seq);
CREATE INDEX history_email ON history (merchant_id, livemode, email, created);
CREATE INDEX history_mobile ON history (merchant_id, livemode, mobile, created);
CREATE INDEX history_reference ON history (merchant_id, livemode, reference_number, created);

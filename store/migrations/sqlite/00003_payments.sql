-- +goose Up
CREATE TABLE payment_methods (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    merchant_id      TEXT    NOT NULL REFERENCES merchants(id),
    livemode         BOOLEAN NOT NULL,
    type             TEXT    NOT NULL,
    card_brand       TEXT    NOT NULL,
    card_last4       TEXT    NOT NULL,
    card_exp_month   INTEGER NOT NULL,
    card_exp_year    INTEGER NOT NULL,
    card_fingerprint TEXT    NOT NULL,
    sealed_pan       BLOB    NOT NULL,
    customer_id      TEXT    NOT NULL DEFAULT '',
    created          BIGINT  NOT NULL
);
CREATE INDEX payment_methods_scope ON payment_methods (merchant_id, livemode, seq);

CREATE TABLE payments (
    seq               INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    merchant_id       TEXT    NOT NULL REFERENCES merchants(id),
    livemode          BOOLEAN NOT NULL,
    amount            BIGINT  NOT NULL CHECK (amount > 0),
    currency          TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    amount_captured   BIGINT  NOT NULL DEFAULT 0,
    amount_refunded   BIGINT  NOT NULL DEFAULT 0,
    capture_manual    BOOLEAN NOT NULL,
    payment_method_id TEXT    NOT NULL DEFAULT '',
    card_brand        TEXT    NOT NULL DEFAULT '',
    card_last4        TEXT    NOT NULL DEFAULT '',
    card_exp_month    INTEGER NOT NULL DEFAULT 0,
    card_exp_year     INTEGER NOT NULL DEFAULT 0,
    card_fingerprint  TEXT    NOT NULL DEFAULT '',
    customer_id       TEXT    NOT NULL DEFAULT '',
    description       TEXT    NOT NULL DEFAULT '',
    metadata          TEXT    NOT NULL DEFAULT '{}',
    receipt_email     TEXT    NOT NULL DEFAULT '',
    receipt_number    TEXT    NOT NULL DEFAULT '',
    failure_code      TEXT    NOT NULL DEFAULT '',
    failure_message   TEXT    NOT NULL DEFAULT '',
    decline_code      TEXT    NOT NULL DEFAULT '',
    processor_ref     TEXT    NOT NULL DEFAULT '',
    created           BIGINT  NOT NULL,
    updated           BIGINT  NOT NULL,
    captured_at       BIGINT,
    canceled_at       BIGINT,
    -- the money rule, enforced by the database as well as the engine
    CHECK (amount_refunded >= 0 AND amount_refunded <= amount_captured AND amount_captured <= amount)
);
CREATE INDEX payments_scope ON payments (merchant_id, livemode, seq);
CREATE INDEX payments_customer ON payments (merchant_id, livemode, customer_id, seq);
CREATE INDEX payments_status ON payments (merchant_id, livemode, status, seq);
CREATE INDEX payments_created ON payments (merchant_id, livemode, created);

CREATE TABLE refunds (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    payment_id  TEXT    NOT NULL REFERENCES payments(id),
    amount      BIGINT  NOT NULL CHECK (amount > 0),
    currency    TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL,
    metadata    TEXT    NOT NULL DEFAULT '{}',
    email       TEXT    NOT NULL DEFAULT '',
    mobile      TEXT    NOT NULL DEFAULT '',
    created     BIGINT  NOT NULL
);
CREATE INDEX refunds_scope ON refunds (merchant_id, livemode, seq);
CREATE INDEX refunds_payment ON refunds (merchant_id, livemode, payment_id, seq);

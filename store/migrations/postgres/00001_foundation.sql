-- +goose Up
CREATE TABLE merchants (
    seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id      TEXT    NOT NULL UNIQUE,
    name    TEXT    NOT NULL,
    created BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    kind        TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    hash        TEXT    NOT NULL UNIQUE,
    last4       TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT,
    rolled_to   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id, seq);

CREATE TABLE key_events (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    key_id      TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    created     BIGINT  NOT NULL
);
CREATE INDEX key_events_merchant ON key_events (merchant_id, seq);

CREATE TABLE idempotency_keys (
    merchant_id      TEXT    NOT NULL,
    livemode         BOOLEAN NOT NULL,
    key              TEXT    NOT NULL,
    fingerprint      TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    response_status  INTEGER NOT NULL DEFAULT 0,
    response_type    TEXT    NOT NULL DEFAULT '',
    response_body    BYTEA,
    created          BIGINT  NOT NULL,
    locked_until     BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, livemode, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created);

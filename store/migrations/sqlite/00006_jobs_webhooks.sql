-- +goose Up
-- The job table: background work inserted in the transaction of the change
-- that causes it. Workers claim due rows with an UPDATE in a BEGIN IMMEDIATE transaction.
CREATE TABLE jobs (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    args         TEXT    NOT NULL,
    merchant_id  TEXT,
    livemode     BOOLEAN,
    state        TEXT    NOT NULL,
    attempt      INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       BIGINT  NOT NULL,
    locked_until BIGINT,
    locked_by    TEXT,
    last_error   TEXT    NOT NULL DEFAULT '',
    created      BIGINT  NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_claim ON jobs (state, run_at, seq);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE webhook_endpoints (
    seq                     INTEGER PRIMARY KEY,
    id                      TEXT    NOT NULL UNIQUE,
    merchant_id             TEXT    NOT NULL REFERENCES merchants(id),
    livemode                BOOLEAN NOT NULL,
    url                     TEXT    NOT NULL,
    enabled_events          TEXT    NOT NULL,
    description             TEXT    NOT NULL DEFAULT '',
    metadata                TEXT    NOT NULL DEFAULT '{}',
    disabled                BOOLEAN NOT NULL DEFAULT FALSE,
    secret                  BLOB    NOT NULL,
    previous_secret         BLOB,
    previous_secret_expires BIGINT,
    failing_since           BIGINT,
    flagged_at              BIGINT,
    created                 BIGINT  NOT NULL,
    updated                 BIGINT  NOT NULL
);
CREATE INDEX webhook_endpoints_scope ON webhook_endpoints (merchant_id, livemode, seq);

CREATE TABLE webhook_deliveries (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    merchant_id   TEXT    NOT NULL,
    livemode      BOOLEAN NOT NULL,
    event_id      TEXT    NOT NULL,
    endpoint_id   TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NOT NULL,
    error         TEXT    NOT NULL DEFAULT '',
    duration_ms   BIGINT  NOT NULL,
    created       BIGINT  NOT NULL,
    next_retry_at BIGINT
);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (merchant_id, livemode, event_id, seq);

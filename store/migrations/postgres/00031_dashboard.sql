-- +goose Up
-- Dashboard accounts (issue 18): users per merchant, their server-side
-- sessions, and the audit log of sensitive actions.
CREATE TABLE users (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    merchant_id   TEXT    NOT NULL REFERENCES merchants(id),
    email         TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created       BIGINT  NOT NULL,
    updated       BIGINT  NOT NULL
);
CREATE INDEX users_merchant ON users (merchant_id, seq);

-- A session is named by the SHA-256 of its cookie's token: a read of the
-- table gives no one a way in.
CREATE TABLE sessions (
    hash        TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users(id),
    csrf        TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL DEFAULT FALSE,
    created     BIGINT  NOT NULL,
    expires     BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    user_id     TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '',
    created     BIGINT  NOT NULL
);
CREATE INDEX audit_log_merchant ON audit_log (merchant_id, seq);

-- A payment's timeline in the dashboard reads the events about it.
CREATE INDEX events_object ON events (merchant_id, livemode, object_id, seq);

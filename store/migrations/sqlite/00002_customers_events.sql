-- +goose Up
CREATE TABLE customers (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    merchant_id      TEXT    NOT NULL REFERENCES merchants(id),
    livemode         BOOLEAN NOT NULL,
    email            TEXT    NOT NULL DEFAULT '',
    name             TEXT    NOT NULL DEFAULT '',
    phone            TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL DEFAULT '',
    address          TEXT    NOT NULL DEFAULT '{}',
    metadata         TEXT    NOT NULL DEFAULT '{}',
    salutation       TEXT    NOT NULL DEFAULT '',
    first_name       TEXT    NOT NULL DEFAULT '',
    last_name        TEXT    NOT NULL DEFAULT '',
    company_name     TEXT    NOT NULL DEFAULT '',
    ein_code         TEXT    NOT NULL DEFAULT '',
    listing_type     TEXT    NOT NULL DEFAULT '',
    reference_number TEXT    NOT NULL DEFAULT '',
    group_number     BIGINT  NOT NULL DEFAULT 0,
    additional_value TEXT    NOT NULL DEFAULT '',
    profile_image    TEXT    NOT NULL DEFAULT '',
    deleted          BOOLEAN NOT NULL DEFAULT FALSE,
    created          BIGINT  NOT NULL,
    updated          BIGINT  NOT NULL
);
CREATE INDEX customers_scope ON customers (merchant_id, livemode, deleted, seq);
CREATE INDEX customers_email ON customers (merchant_id, livemode, email);

CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    type        TEXT    NOT NULL,
    object_id   TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created     BIGINT  NOT NULL
);
CREATE INDEX events_scope ON events (merchant_id, livemode, seq);
CREATE INDEX events_type ON events (merchant_id, livemode, type, seq);

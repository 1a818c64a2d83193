-- +goose Up
-- Paysley applications (issue 18): a developer's application connected with
-- one merchant, with its own py_ keys. Its live key acts for the merchant only
-- while the application is published and the merchant has enabled it.
CREATE TABLE applications (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    name        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    enabled     BOOLEAN NOT NULL DEFAULT FALSE,
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL
);
CREATE INDEX applications_merchant ON applications (merchant_id, seq);

-- An application's keys are api_keys rows of the merchant it is connected
-- with, marked with the application; '' is the merchant's own key.
ALTER TABLE api_keys ADD COLUMN application_id TEXT NOT NULL DEFAULT '';

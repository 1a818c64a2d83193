-- +goose Up
-- Failed dashboard sign-ins, one row per failure per key (a hash of the
-- address or of the client), so every node throttles from the same count.
-- The hourly prune deletes rows older than a day.
CREATE TABLE signin_failures (
    key     TEXT   NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX signin_failures_key ON signin_failures (key, created);
CREATE INDEX signin_failures_created ON signin_failures (created);

-- Vault key rotation computes a card's fingerprint again and finds the
-- card's payments by their payment method, not by a scan of every payment.
CREATE INDEX payments_payment_method ON payments (payment_method_id) WHERE payment_method_id <> '';

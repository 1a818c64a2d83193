-- +goose Up
-- The secret that signs a merchant's Paysley response_url callbacks, per mode.
CREATE TABLE callback_secrets (
    merchant_id   TEXT    NOT NULL REFERENCES merchants(id),
    livemode      BOOLEAN NOT NULL,
    sealed_secret BYTEA    NOT NULL,
    created       BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, livemode)
);

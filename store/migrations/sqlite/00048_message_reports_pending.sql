-- +goose Up
-- An SMS provider's delivery report that comes before the worker recorded
-- its message sent (Twilio may call back before its API answered) waits
-- here, one per provider id and mode, until the record of the send takes it
-- in the same transaction. The hourly prune deletes those that no send
-- claimed within a week.
CREATE TABLE message_reports_pending (
    provider_id TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('delivered', 'undelivered')),
    reason      TEXT    NOT NULL,
    received    BIGINT  NOT NULL,
    PRIMARY KEY (provider_id, livemode)
);
CREATE INDEX message_reports_pending_received ON message_reports_pending (received);

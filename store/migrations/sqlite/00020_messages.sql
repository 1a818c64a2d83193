-- +goose Up
-- The outbox (issue 16): every e-mail, SMS and MMS, written in the
-- transaction that causes it and sent by its message.send job. key is unique
-- per cause, channel and recipient, so nothing is queued twice. attachments
-- and media name files (JSON), rendered or fetched when the message is sent.
CREATE TABLE messages (
    seq                INTEGER PRIMARY KEY,
    id                 TEXT    NOT NULL UNIQUE,
    merchant_id        TEXT    NOT NULL REFERENCES merchants(id),
    livemode           BOOLEAN NOT NULL,
    key                TEXT    NOT NULL UNIQUE,
    channel            TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    recipient          TEXT    NOT NULL,
    sender             TEXT    NOT NULL DEFAULT '',
    reply_to           TEXT    NOT NULL DEFAULT '',
    subject            TEXT    NOT NULL DEFAULT '',
    body_text          TEXT    NOT NULL,
    body_html          TEXT    NOT NULL DEFAULT '',
    attachments        TEXT    NOT NULL DEFAULT '[]',
    media              TEXT    NOT NULL DEFAULT '',
    media_url          TEXT    NOT NULL DEFAULT '',
    encoding           TEXT    NOT NULL DEFAULT '',
    segments           INTEGER NOT NULL DEFAULT 0,
    template_id        TEXT    NOT NULL DEFAULT '',
    payment_request_id TEXT    NOT NULL DEFAULT '',
    payment_id         TEXT    NOT NULL DEFAULT '',
    refund_id          TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT    NOT NULL DEFAULT '',
    provider_id        TEXT    NOT NULL DEFAULT '',
    created            BIGINT  NOT NULL,
    updated            BIGINT  NOT NULL,
    sent_at            BIGINT
);
CREATE INDEX messages_scope ON messages (merchant_id, livemode, seq);

-- How a merchant's messages reach and answer people: Reply-To, the sender
-- address (else the server's --mail-from) and the numbers it owns.
ALTER TABLE merchants ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE merchants ADD COLUMN mail_from TEXT NOT NULL DEFAULT '';
ALTER TABLE merchants ADD COLUMN phone_numbers TEXT NOT NULL DEFAULT '';

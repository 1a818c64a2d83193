-- +goose Up
-- Dashboard invitations (issue 18): an owner invites an e-mail address with a
-- role; the invitee follows the e-mailed link, sets a password and becomes a
-- user. Only the SHA-256 of the link's token is kept, as for sessions: a read
-- of the table lets no one in.
CREATE TABLE invitations (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    merchant_id  TEXT    NOT NULL REFERENCES merchants(id),
    email        TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    invited_by   TEXT    NOT NULL DEFAULT '',
    created      BIGINT  NOT NULL,
    expires      BIGINT  NOT NULL,
    accepted_at  BIGINT,
    revoked_at   BIGINT,
    user_id      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX invitations_merchant ON invitations (merchant_id, seq);

-- +goose Up
-- The outbox (issue 16), continued. kept marks a queued message that stayed
-- in the outbox because no transport of its mode and channel was configured:
-- a server started with one queues those again, once (the mark is cleared
-- with the job rearmed). resent_from links a resend to the message it sends
-- again, which keeps its own history. Messages kept before this migration
-- are found by the reason their attempt recorded.
ALTER TABLE messages ADD COLUMN kept BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN resent_from TEXT NOT NULL DEFAULT '';
UPDATE messages SET kept = TRUE WHERE status = 'queued' AND last_error LIKE 'kept in the outbox%';
CREATE INDEX messages_kept ON messages (livemode, channel, seq) WHERE kept;

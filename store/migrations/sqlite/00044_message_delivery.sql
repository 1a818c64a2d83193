-- +goose Up
-- The outbox (issue 16), continued: an SMS provider's delivery report finds
-- its message by the provider's id (Twilio's MessageSid), and an edit of a
-- payment request finds its invoices still queued to withdraw them.
CREATE INDEX messages_provider ON messages (provider_id) WHERE provider_id <> '';
CREATE INDEX messages_request_queued ON messages (payment_request_id) WHERE status = 'queued';

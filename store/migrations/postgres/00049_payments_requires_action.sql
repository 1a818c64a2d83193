-- +goose Up
-- Payments waiting for a 3-D Secure answer, oldest first: the periodic job
-- payments.expire_challenges fails those older than domain.ChallengeLifetime.
-- Only waiting payments are in it, so the others never write it.
CREATE INDEX payments_requires_action ON payments (created) WHERE status = 'requires_action';

-- +goose Up
-- A payment request's payments are found by the request (is one already
-- paid, or in progress; how many attempts its link took lately), not by a
-- scan of the merchant's payments. Most payments pay no request: the index
-- leaves them out.
CREATE INDEX payments_request ON payments (request_id, created) WHERE request_id <> '';

-- +goose Up
-- Indexes no query reads (issue 17): the history is listed by
-- history_created (numbered pages, newest first) and searched through its
-- trigram index; the e-mail, mobile and reference indexes served the prefix
-- search that the trigram search replaced, and history_scope an order by seq
-- that no history page uses. Each was written by every payment.
DROP INDEX history_scope;
DROP INDEX history_email;
DROP INDEX history_mobile;
DROP INDEX history_reference;


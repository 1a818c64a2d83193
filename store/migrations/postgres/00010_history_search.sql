-- +goose Up
-- Payment history keywords match a fragment of the e-mail, mobile number or
-- reference number in any case ("has the keyword in", docs/decisions.md
-- "History search"): a trigram GIN index (pg_trgm) over the three columns
-- serves ILIKE '%fragment%'.
--
-- pg_trgm ships with PostgreSQL and is a trusted extension (13+), so a
-- database owner may create it. Where it cannot be created, the index is
-- skipped and the same query scans the merchant's rows: slower, still right.
-- The extension goes to public whatever this schema is, so dropping one
-- schema never takes it from the others; the operator class is looked up
-- wherever the extension lives.
-- +goose StatementBegin
DO $$
DECLARE
    opclass text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%): history keyword search will scan', SQLERRM;
    END;
    SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO opclass
    FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace
    JOIN pg_am a ON a.oid = c.opcmethod
    WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin'
    LIMIT 1;
    IF opclass IS NOT NULL THEN
        EXECUTE format('CREATE INDEX history_search ON history USING gin '
            '((email || '' '' || mobile || '' '' || reference_number) %s)', opclass);
    END IF;
END
$$;
-- +goose StatementEnd

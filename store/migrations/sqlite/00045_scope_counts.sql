-- +goose Up
-- Kept counts (issue 17, store/counts.go): the unfiltered total_count of
-- the lists that grow with the business, per merchant and mode (day -1),
-- and the history's per UTC day (day: days since 1970-01-01), so that a
-- numbered page counts no rows. A transaction's deltas are added just
-- before its commit; on PostgreSQL to one of several shards (a count is
-- the sum of its rows), so that concurrent commits of one merchant rarely
-- wait on one row. Existing rows are counted into shard 0.
CREATE TABLE scope_counts (
    merchant_id TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    kind        TEXT    NOT NULL,
    day         BIGINT  NOT NULL,
    shard       INTEGER NOT NULL,
    n           BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, livemode, kind, day, shard)
) WITHOUT ROWID;

INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'payments', -1, 0, COUNT(*) FROM payments GROUP BY merchant_id, livemode;
INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'history', -1, 0, COUNT(*) FROM history GROUP BY merchant_id, livemode;
INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'history', created / 86400000, 0, COUNT(*) FROM history
    GROUP BY merchant_id, livemode, created / 86400000;
INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'customers', -1, 0, COUNT(*) FROM customers WHERE deleted = FALSE GROUP BY merchant_id, livemode;
INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'payment_requests', -1, 0, COUNT(*) FROM payment_requests WHERE deleted = FALSE
    GROUP BY merchant_id, livemode;
INSERT INTO scope_counts (merchant_id, livemode, kind, day, shard, n)
    SELECT merchant_id, livemode, 'messages', -1, 0, COUNT(*) FROM messages GROUP BY merchant_id, livemode;

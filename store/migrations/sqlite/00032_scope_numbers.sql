-- +goose Up
-- Paysley's numeric ids (customer_id, customer_group_id, category and
-- product ids, customer_images[].id, the number in transaction_id) are
-- numbered per merchant and mode, so that no merchant can count another's
-- objects from them (issue 13). Rows made before this migration keep the
-- number they were shown (their seq); scope_numbers continues each scope
-- from its highest. seq stays the table's insertion order and key.
CREATE TABLE scope_numbers (
    merchant_id TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    kind        TEXT    NOT NULL,
    last        BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, livemode, kind)
);

ALTER TABLE customers ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE customers SET number = seq;
CREATE UNIQUE INDEX customers_number ON customers (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'customers', MAX(seq) FROM customers GROUP BY merchant_id, livemode;

ALTER TABLE customer_groups ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE customer_groups SET number = seq;
CREATE UNIQUE INDEX customer_groups_number ON customer_groups (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'customer_groups', MAX(seq) FROM customer_groups GROUP BY merchant_id, livemode;

ALTER TABLE product_categories ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE product_categories SET number = seq;
CREATE UNIQUE INDEX product_categories_number ON product_categories (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'product_categories', MAX(seq) FROM product_categories GROUP BY merchant_id, livemode;

ALTER TABLE products ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE products SET number = seq;
CREATE UNIQUE INDEX products_number ON products (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'products', MAX(seq) FROM products GROUP BY merchant_id, livemode;

ALTER TABLE files ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE files SET number = seq;
CREATE UNIQUE INDEX files_number ON files (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'files', MAX(seq) FROM files GROUP BY merchant_id, livemode;

ALTER TABLE payment_requests ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE payment_requests SET number = seq;
CREATE UNIQUE INDEX payment_requests_number ON payment_requests (merchant_id, livemode, number);
INSERT INTO scope_numbers (merchant_id, livemode, kind, last)
    SELECT merchant_id, livemode, 'payment_requests', MAX(seq) FROM payment_requests GROUP BY merchant_id, livemode;

-- +goose Up
-- Deleting a category leaves its products without one (issue 14: the document
-- shows the delete succeed), so products.category_number becomes nullable.
-- SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt,
-- keeping its AUTOINCREMENT counter so that product numbers are never reused.
CREATE TABLE products_new (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    merchant_id      TEXT    NOT NULL REFERENCES merchants(id),
    livemode         BOOLEAN NOT NULL,
    name             TEXT    NOT NULL,
    name_key         TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    sku              TEXT    NOT NULL DEFAULT '',
    category_number  BIGINT  REFERENCES product_categories(seq),
    type             TEXT    NOT NULL,
    manage_inventory BOOLEAN NOT NULL DEFAULT FALSE,
    unit_in_stock    BIGINT  NOT NULL DEFAULT 0,
    unit_low_stock   BIGINT  NOT NULL DEFAULT 0,
    unit_type        TEXT    NOT NULL,
    tax_id           TEXT    REFERENCES taxes(id),
    cost             BIGINT  NOT NULL DEFAULT 0,
    sales_price      BIGINT  NOT NULL,
    image            TEXT    NOT NULL DEFAULT '',
    created          BIGINT  NOT NULL,
    updated          BIGINT  NOT NULL,
    UNIQUE (merchant_id, livemode, name_key)
);
INSERT INTO products_new (seq, id, merchant_id, livemode, name, name_key, description, sku, category_number, type,
    manage_inventory, unit_in_stock, unit_low_stock, unit_type, tax_id, cost, sales_price, image, created, updated)
SELECT seq, id, merchant_id, livemode, name, name_key, description, sku, category_number, type,
    manage_inventory, unit_in_stock, unit_low_stock, unit_type, tax_id, cost, sales_price, image, created, updated
FROM products;
DELETE FROM sqlite_sequence WHERE name = 'products_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'products_new', seq FROM sqlite_sequence WHERE name = 'products';
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
CREATE INDEX products_scope ON products (merchant_id, livemode, seq);
CREATE INDEX products_category ON products (category_number);
CREATE INDEX products_tax ON products (tax_id);

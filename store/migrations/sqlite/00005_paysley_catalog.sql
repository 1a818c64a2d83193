-- +goose Up
-- Paysley's catalog: customer groups, product categories, products and
-- services, tax profiles, message templates; and stored files (customer
-- profile pictures). Rows that Paysley numbers (groups, categories,
-- products, files) use AUTOINCREMENT so that a deleted number is never
-- handed out again, as PostgreSQL's identity columns already guarantee.
-- name_key is the case-folded name that uniqueness compares.

CREATE TABLE customer_groups (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL,
    UNIQUE (merchant_id, livemode, name_key)
);
CREATE INDEX customer_groups_scope ON customer_groups (merchant_id, livemode, seq);
CREATE INDEX customers_group ON customers (merchant_id, livemode, group_number);

CREATE TABLE product_categories (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    name        TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL
);
CREATE INDEX product_categories_scope ON product_categories (merchant_id, livemode, seq);

CREATE TABLE taxes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    name        TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    rate        BIGINT  NOT NULL DEFAULT 0,
    amount      BIGINT  NOT NULL DEFAULT 0,
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL
);
CREATE INDEX taxes_scope ON taxes (merchant_id, livemode, seq);

CREATE TABLE products (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    merchant_id      TEXT    NOT NULL REFERENCES merchants(id),
    livemode         BOOLEAN NOT NULL,
    name             TEXT    NOT NULL,
    name_key         TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    sku              TEXT    NOT NULL DEFAULT '',
    category_number  BIGINT  NOT NULL REFERENCES product_categories(seq),
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
CREATE INDEX products_scope ON products (merchant_id, livemode, seq);
CREATE INDEX products_category ON products (category_number);
CREATE INDEX products_tax ON products (tax_id);

CREATE TABLE templates (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    merchant_id TEXT    NOT NULL REFERENCES merchants(id),
    livemode    BOOLEAN NOT NULL,
    name        TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL
);
CREATE INDEX templates_scope ON templates (merchant_id, livemode, seq);
CREATE UNIQUE INDEX templates_default ON templates (merchant_id, livemode, channel) WHERE is_default;

CREATE TABLE files (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL UNIQUE,
    merchant_id  TEXT    NOT NULL REFERENCES merchants(id),
    livemode     BOOLEAN NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    data         BLOB    NOT NULL,
    created      BIGINT  NOT NULL
);

-- +goose Up
-- Deleting a category leaves its products without one (issue 14: the document
-- shows the delete succeed), so products.category_number becomes nullable.
ALTER TABLE products ALTER COLUMN category_number DROP NOT NULL;

package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/paysmart/paysmart/domain"
)

// category_number holds the category's seq (the foreign key); products show
// the category's Paysley number, per merchant and mode.
const productColumns = `number, id, merchant_id, livemode, name, description, sku,
	(SELECT c.number FROM product_categories c WHERE c.seq = products.category_number), type, manage_inventory,
	unit_in_stock, unit_low_stock, unit_type, tax_id, cost, sales_price, image, created, updated`

// productView is products with what their lists show: the category's name
// and the tax profile. The joined tables are subqueries whose columns are
// renamed, so that the unqualified filters of list (merchant_id, seq, id,
// name) can only mean products' own columns.
const productView = `products
	LEFT JOIN (SELECT seq AS category_seq, name AS category_name FROM product_categories) pc
		ON pc.category_seq = products.category_number
	LEFT JOIN (SELECT id AS tax_ref, name AS tax_name, type AS tax_type, rate AS tax_rate, amount AS tax_amount,
		created AS tax_created, updated AS tax_updated FROM taxes) pt
		ON pt.tax_ref = products.tax_id`

const productViewColumns = productColumns + `, category_name,
	tax_ref, tax_name, tax_type, tax_rate, tax_amount, tax_created, tax_updated`

func productFields(p *domain.Product, category *sql.NullInt64, taxID *sql.NullString, created, updated *int64) []any {
	return []any{&p.Number, &p.ID, &p.MerchantID, &p.Livemode, &p.Name, &p.Description, &p.SKU, category,
		&p.Type, &p.ManageInventory, &p.UnitInStock, &p.UnitLowStock, &p.UnitType, taxID, &p.Cost, &p.SalesPrice,
		&p.Image, created, updated}
}

func scanProduct(row interface{ Scan(...any) error }) (domain.Product, error) {
	var p domain.Product
	var category sql.NullInt64
	var taxID sql.NullString
	var created, updated int64
	err := row.Scan(productFields(&p, &category, &taxID, &created, &updated)...)
	p.CategoryNumber, p.TaxID, p.Created, p.Updated = category.Int64, taxID.String, fromMS(created), fromMS(updated)
	return p, err
}

func scanProductView(row interface{ Scan(...any) error }) (domain.Product, error) {
	var p domain.Product
	var taxID, categoryName, taxRef, taxName, taxType sql.NullString
	var category, taxRate, taxAmount, taxCreated, taxUpdated sql.NullInt64
	var created, updated int64
	fields := append(productFields(&p, &category, &taxID, &created, &updated), &categoryName,
		&taxRef, &taxName, &taxType, &taxRate, &taxAmount, &taxCreated, &taxUpdated)
	if err := row.Scan(fields...); err != nil {
		return p, err
	}
	p.CategoryNumber, p.TaxID, p.Created, p.Updated = category.Int64, taxID.String, fromMS(created), fromMS(updated)
	p.CategoryName = categoryName.String
	if taxRef.Valid {
		p.Tax = &domain.Tax{ID: taxRef.String, MerchantID: p.MerchantID, Livemode: p.Livemode, Name: taxName.String,
			Type: taxType.String, Rate: taxRate.Int64, Amount: taxAmount.Int64,
			Created: fromMS(taxCreated.Int64), Updated: fromMS(taxUpdated.Int64)}
	}
	return p, nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// nullNumber stores a row number, 0 meaning none, as NULL.
func nullNumber(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: n != 0} }

func (t *tx) InsertProduct(ctx context.Context, p domain.Product) (int64, error) {
	n, err := t.nextNumber(ctx, "products", p.MerchantID, p.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO products (id, merchant_id, livemode, name, name_key, description, sku,
		category_number, type, manage_inventory, unit_in_stock, unit_low_stock, unit_type, tax_id, cost, sales_price, image,
		created, updated, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, `+categorySeq("$2", "$3", "$8")+`, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		p.ID, p.MerchantID, p.Livemode, p.Name, domain.NameKey(p.Name), p.Description, p.SKU,
		nullNumber(p.CategoryNumber), p.Type, p.ManageInventory, p.UnitInStock, p.UnitLowStock, p.UnitType, nullString(p.TaxID),
		p.Cost, p.SalesPrice, p.Image, ms(p.Created), ms(p.Updated), n)
	return n, translate(err)
}

// categorySeq is SQL for the seq of the category numbered number in the
// scope merchant, livemode (each a placeholder).
func categorySeq(merchant, livemode, number string) string {
	return `(SELECT seq FROM product_categories WHERE merchant_id = ` + merchant + ` AND livemode = ` + livemode +
		` AND number = ` + number + `)`
}

func (t *tx) GetProduct(ctx context.Context, s domain.Scope, number int64, forUpdate bool) (domain.Product, error) {
	q := scoped(s)
	q.and("number = %s", number)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	p, err := scanProduct(t.q.QueryRowContext(ctx, `SELECT `+productColumns+` FROM products`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return p, notFound(err, "product", strconv.FormatInt(number, 10))
	}
	return p, nil
}

func (t *tx) UpdateProduct(ctx context.Context, p domain.Product) error {
	_, err := t.q.ExecContext(ctx, `UPDATE products SET name = $2, name_key = $3, description = $4, sku = $5,
		category_number = `+categorySeq("$17", "$18", "$6")+`, type = $7, manage_inventory = $8, unit_in_stock = $9, unit_low_stock = $10, unit_type = $11,
		tax_id = $12, cost = $13, sales_price = $14, image = $15, updated = $16 WHERE id = $1`,
		p.ID, p.Name, domain.NameKey(p.Name), p.Description, p.SKU,
		nullNumber(p.CategoryNumber), p.Type, p.ManageInventory, p.UnitInStock, p.UnitLowStock, p.UnitType,
		nullString(p.TaxID), p.Cost, p.SalesPrice, p.Image, ms(p.Updated), p.MerchantID, p.Livemode)
	return translate(err)
}

func (t *tx) DeleteProduct(ctx context.Context, s domain.Scope, number int64) error {
	q := scoped(s)
	q.and("number = %s", number)
	_, err := t.q.ExecContext(ctx, `DELETE FROM products`+q.whereSQL(), q.args...)
	return translate(err)
}

// UncategorizeProducts leaves the scope's products of a category without one.
func (t *tx) UncategorizeProducts(ctx context.Context, s domain.Scope, category int64) error {
	q := scoped(s)
	q.and("category_number = "+categorySeq("%s", "%s", "%s"), s.MerchantID, s.Livemode, category)
	_, err := t.q.ExecContext(ctx, `UPDATE products SET category_number = NULL`+q.whereSQL(), q.args...)
	return translate(err)
}

func (t *tx) CountProducts(ctx context.Context, s domain.Scope, category int64, taxID string) (int, error) {
	q := scoped(s)
	if category != 0 {
		q.and("category_number = "+categorySeq("%s", "%s", "%s"), s.MerchantID, s.Livemode, category)
	}
	if taxID != "" {
		q.and("tax_id = %s", taxID)
	}
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM products`+q.whereSQL(), q.args...).Scan(&n)
	return n, translate(err)
}

func (t *tx) ListProducts(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Product], error) {
	q := scoped(s)
	q.keywords(p.Keywords, "name", "category_name", "type")
	if p.Type != "" {
		q.and("type = %s", p.Type)
	}
	return list(ctx, t, listSpec{table: productView, columns: productViewColumns, kind: "product"}, q, p,
		func(r *sql.Rows) (domain.Product, error) { return scanProductView(r) })
}

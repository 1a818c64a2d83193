package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/paysmart/paysmart/domain"
)

const customerColumns = `number, id, merchant_id, livemode, email, name, phone, description, address, metadata,
	salutation, first_name, last_name, company_name, ein_code, listing_type, reference_number, group_number,
	additional_value, profile_image, deleted, created, updated, test_clock`

type addressJSON struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

func encodeJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of strings and plain structs come here
	}
	return string(b)
}

func scanCustomer(row interface{ Scan(...any) error }) (domain.Customer, error) {
	var c domain.Customer
	var addr, meta string
	var created, updated int64
	err := row.Scan(&c.Number, &c.ID, &c.MerchantID, &c.Livemode, &c.Email, &c.Name, &c.Phone, &c.Description, &addr, &meta,
		&c.Salutation, &c.FirstName, &c.LastName, &c.CompanyName, &c.EINCode, &c.ListingType, &c.ReferenceNumber, &c.GroupNumber,
		&c.AdditionalValue, &c.ProfileImage, &c.Deleted, &created, &updated, &c.TestClock)
	if err != nil {
		return c, err
	}
	var a addressJSON
	if err := json.Unmarshal([]byte(addr), &a); err != nil {
		return c, err
	}
	c.Address = domain.Address(a)
	if err := json.Unmarshal([]byte(meta), &c.Metadata); err != nil {
		return c, err
	}
	c.Created, c.Updated = fromMS(created), fromMS(updated)
	return c, nil
}

func (t *tx) InsertCustomer(ctx context.Context, c domain.Customer) (int64, error) {
	n, err := t.nextNumber(ctx, "customers", c.MerchantID, c.Livemode)
	if err != nil {
		return 0, err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO customers (id, merchant_id, livemode, email, name, phone, description, address, metadata,
		salutation, first_name, last_name, company_name, ein_code, listing_type, reference_number, group_number,
		additional_value, profile_image, deleted, created, updated, test_clock, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
		c.ID, c.MerchantID, c.Livemode, c.Email, c.Name, c.Phone, c.Description, encodeJSON(addressJSON(c.Address)), encodeJSON(nonNil(c.Metadata)),
		c.Salutation, c.FirstName, c.LastName, c.CompanyName, c.EINCode, c.ListingType, c.ReferenceNumber, c.GroupNumber,
		c.AdditionalValue, c.ProfileImage, c.Deleted, ms(c.Created), ms(c.Updated), c.TestClock, n)
	if err != nil {
		return 0, translate(err)
	}
	if !c.Deleted {
		t.count(c.MerchantID, c.Livemode, countCustomers, 1)
	}
	return n, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (t *tx) GetCustomer(ctx context.Context, s domain.Scope, ref domain.CustomerRef, forUpdate bool) (domain.Customer, error) {
	q := scoped(s)
	if ref.ID != "" {
		q.and("id = %s", ref.ID)
	} else {
		q.and("number = %s", ref.Number)
	}
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	c, err := scanCustomer(t.q.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return c, notFound(err, "customer", ref.String())
	}
	return c, nil
}

func (t *tx) UpdateCustomer(ctx context.Context, c domain.Customer) error {
	if err := t.setDeleted(ctx, "customers", countCustomers, c.ID, c.Deleted); err != nil {
		return err
	}
	_, err := t.q.ExecContext(ctx, `UPDATE customers SET email = $2, name = $3, phone = $4, description = $5, address = $6, metadata = $7,
		salutation = $8, first_name = $9, last_name = $10, company_name = $11, ein_code = $12, listing_type = $13,
		reference_number = $14, group_number = $15, additional_value = $16, profile_image = $17, deleted = $18, updated = $19
		WHERE id = $1`,
		c.ID, c.Email, c.Name, c.Phone, c.Description, encodeJSON(addressJSON(c.Address)), encodeJSON(nonNil(c.Metadata)),
		c.Salutation, c.FirstName, c.LastName, c.CompanyName, c.EINCode, c.ListingType,
		c.ReferenceNumber, c.GroupNumber, c.AdditionalValue, c.ProfileImage, c.Deleted, ms(c.Updated))
	return translate(err)
}

func (t *tx) CustomerEmailTaken(ctx context.Context, s domain.Scope, email, exceptID string) (bool, error) {
	q := scoped(s)
	q.and("deleted = %s", false)
	q.and("LOWER(email) = LOWER(%s)", email)
	q.and("id <> %s", exceptID)
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers`+q.whereSQL(), q.args...).Scan(&n)
	return n > 0, translate(err)
}

func (t *tx) ListCustomers(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Customer], error) {
	q := scoped(s)
	q.and("deleted = %s", false)
	q.keywords(p.Keywords, "email", "phone", "name", "first_name", "last_name", "company_name")
	q.keywords(p.Email, "email")
	if p.Type != "" {
		q.and("listing_type = %s", p.Type)
	}
	spec := listSpec{table: "customers", columns: customerColumns, kind: "customer"}
	if len(q.where) == 3 { // scope and not deleted: no keyword, e-mail or type
		spec.count, spec.scope = countCustomers, s
	}
	return list(ctx, t, spec, q, p, func(r *sql.Rows) (domain.Customer, error) { return scanCustomer(r) })
}

func (t *tx) LockMerchant(ctx context.Context, id string) error {
	if t.flavor == SQLite {
		return nil // the write transaction already holds the database lock
	}
	var got string
	err := t.q.QueryRowContext(ctx, `SELECT id FROM merchants WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	return notFound(err, "merchant", id)
}

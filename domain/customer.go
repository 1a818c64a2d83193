package domain

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Address is a postal address, shared by both dialects' customers.
type Address struct {
	Line1, Line2, City, State, PostalCode, Country string
}

// Customer is a merchant's customer. Both dialects see the same customers:
// PaySmart by ID ("cus_..."), Paysley by Number, its per-database sequence.
type Customer struct {
	ID         string
	Number     int64
	MerchantID string
	Livemode   bool

	Email       string
	Name        string
	Phone       string
	Description string
	Address     Address
	Metadata    map[string]string

	// Fields only the Paysley dialect writes; PaySmart leaves them empty.
	Salutation      string
	FirstName       string
	LastName        string
	CompanyName     string
	EINCode         string
	ListingType     string // "individual" or "company"
	ReferenceNumber string
	GroupNumber     int64  // customer group, 0 when none
	AdditionalValue string // JSON object text, "" when none
	ProfileImage    string // stored image id, "" when none

	TestClock string // "clock_…" the customer lives on (test mode), set at creation

	Created time.Time
	Updated time.Time
	Deleted bool

	// Warnings are set by create and edit: references that were ignored.
	Warnings []Warning
}

// ObjectID is the id events carry for a customer.
func (c Customer) ObjectID() string { return c.ID }

// DisplayName is Name, or the first and last names when Name is empty.
func (c Customer) DisplayName() string {
	if c.Name != "" {
		return c.Name
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// CustomerInput is a create or update; nil fields are left as they are.
type CustomerInput struct {
	Email, Name, Phone, Description *string
	Address                         *Address
	AddressUpdate                   *AddressUpdate    // applied after Address
	Metadata                        map[string]string // merged: "" deletes a key
	ReplaceMetadata                 bool

	Salutation, FirstName, LastName, CompanyName, EINCode, ListingType, ReferenceNumber *string
	GroupNumber                                                                         *int64
	AdditionalValue                                                                     *string

	// ProfilePicture, when not nil, replaces the customer's profile picture
	// with these image bytes (see SniffImage and MaxImageBytes); the previous
	// picture is deleted.
	ProfilePicture []byte

	// TestClock, on create only, puts the customer on a test clock.
	TestClock string

	// UniqueEmail refuses an email another live customer of the merchant has
	// (Paysley's rule; PaySmart, like Stripe, allows duplicates).
	UniqueEmail bool

	// ListingRules applies Paysley's rules to the resulting customer:
	// ListingType is ListingIndividual (the default) or ListingCompany; a
	// company needs a company name; and every customer needs an email or a
	// phone ("You must fill either email or mobile_no"), nothing more.
	ListingRules bool
}

// The listing types of a customer (Paysley's listing_type).
const (
	ListingIndividual = "individual"
	ListingCompany    = "company"
)

// maxAdditionalValue bounds Customer.AdditionalValue, in bytes of JSON.
const maxAdditionalValue = 64 << 10

// checkListing applies the rules of CustomerInput.ListingRules to c.
func checkListing(c *Customer) error {
	if c.ListingType == "" {
		c.ListingType = ListingIndividual
	}
	switch c.ListingType {
	case ListingIndividual:
		// The document's minimal customer is an email or a mobile number
		// alone, so an individual needs no name.
	case ListingCompany:
		if c.CompanyName == "" {
			return Missing("company_name")
		}
	default:
		return Invalid("listing_type", "parameter_invalid", "listing_type must be individual or company.")
	}
	if c.Email == "" && c.Phone == "" {
		return &Error{Code: CodeInvalid, Reason: "contact_missing", Param: "email",
			Message: "A customer needs an email or a phone number."}
	}
	return nil
}

// checkGroup checks, in tx, that the group a customer is put in exists in
// the scope. Group 0 is no group. An unknown group leaves the customer in
// none, with a warning: the document shows no error for it. The group's row
// stays locked, so that a concurrent DeleteCustomerGroup either sees this
// customer in the group or deletes the group first and makes this check
// find none.
func checkGroup(ctx context.Context, tx Tx, s Scope, in CustomerInput, c *Customer) error {
	c.Warnings = nil // tx may run its closure twice
	if in.GroupNumber == nil || *in.GroupNumber == 0 {
		return nil
	}
	_, err := tx.GetCustomerGroup(ctx, s, *in.GroupNumber, true)
	if ErrorCode(err) == CodeNotFound {
		c.GroupNumber = 0
		c.Warnings = []Warning{{Param: "group", Reason: WarnGroupNotFound}}
		return nil
	}
	return err
}

// setProfilePicture stores in.ProfilePicture, if any, as c's picture in tx
// and deletes the picture it replaces.
func setProfilePicture(ctx context.Context, tx Tx, s Scope, in CustomerInput, c *Customer, now time.Time) error {
	if in.ProfilePicture == nil {
		return nil
	}
	f, err := newImage(s, in.ProfilePicture, "profile_picture", "profile-picture", now)
	if err != nil {
		return err
	}
	if _, err := tx.InsertFile(ctx, f); err != nil {
		return err
	}
	if c.ProfileImage != "" {
		if err := tx.DeleteFile(ctx, c.ProfileImage); err != nil {
			return err
		}
	}
	c.ProfileImage = f.ID
	return nil
}

// check applies the rules of in that need no transaction to c, whose
// fields in has already set.
func (in CustomerInput) check(c *Customer) error {
	if len(c.AdditionalValue) > maxAdditionalValue {
		return Invalid("additional_value", "parameter_too_long", "additional_value can be at most %d KiB of JSON.", maxAdditionalValue>>10)
	}
	if in.ProfilePicture != nil && len(in.ProfilePicture) > MaxImageBytes {
		return Invalid("profile_picture", "image_too_large", "The image is larger than %d MiB.", MaxImageBytes>>20)
	}
	if in.ListingRules {
		return checkListing(c)
	}
	return nil
}

// AddressUpdate changes some fields of an address; nil fields are left as
// they are. Paysley sends address fields one by one, and an edit may send
// only some of them.
type AddressUpdate struct {
	Line1, Line2, City, State, PostalCode, Country *string
}

func (u AddressUpdate) apply(a *Address) {
	for _, f := range []struct {
		src *string
		dst *string
	}{{u.Line1, &a.Line1}, {u.Line2, &a.Line2}, {u.City, &a.City}, {u.State, &a.State},
		{u.PostalCode, &a.PostalCode}, {u.Country, &a.Country}} {
		if f.src != nil {
			*f.dst = strings.TrimSpace(*f.src)
		}
	}
}

// ValidEmail reports whether s is a plain address such as a@b.example.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

func (in CustomerInput) apply(c *Customer) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Email, in.Email)
	if c.Email != "" && !ValidEmail(c.Email) {
		return Invalid("email", "email_invalid", "Invalid email address: %s", c.Email)
	}
	set(&c.Name, in.Name)
	set(&c.Phone, in.Phone)
	set(&c.Description, in.Description)
	if in.Address != nil {
		c.Address = *in.Address
	}
	if in.AddressUpdate != nil {
		in.AddressUpdate.apply(&c.Address)
	}
	if in.ReplaceMetadata {
		c.Metadata = map[string]string{}
	}
	if err := mergeMetadata(&c.Metadata, in.Metadata); err != nil {
		return err
	}
	set(&c.Salutation, in.Salutation)
	set(&c.FirstName, in.FirstName)
	set(&c.LastName, in.LastName)
	set(&c.CompanyName, in.CompanyName)
	set(&c.EINCode, in.EINCode)
	set(&c.ListingType, in.ListingType)
	set(&c.ReferenceNumber, in.ReferenceNumber)
	if in.GroupNumber != nil {
		c.GroupNumber = *in.GroupNumber
	}
	if in.AdditionalValue != nil {
		c.AdditionalValue = *in.AdditionalValue
	}
	return nil
}

// Metadata limits, as Stripe's.
const (
	maxMetadataKeys     = 50
	maxMetadataKeyLen   = 40
	maxMetadataValueLen = 500
)

// mergeMetadata applies updates to *dst: an empty value deletes its key.
func mergeMetadata(dst *map[string]string, updates map[string]string) error {
	if *dst == nil {
		*dst = map[string]string{}
	}
	for k, v := range updates {
		if k == "" || len(k) > maxMetadataKeyLen {
			return Invalid("metadata", "metadata_invalid", "Metadata keys must be 1 to %d characters.", maxMetadataKeyLen)
		}
		if len(v) > maxMetadataValueLen {
			return Invalid("metadata["+k+"]", "metadata_invalid", "Metadata values can be at most %d characters.", maxMetadataValueLen)
		}
		if v == "" {
			delete(*dst, k)
		} else {
			(*dst)[k] = v
		}
	}
	if len(*dst) > maxMetadataKeys {
		return Invalid("metadata", "metadata_invalid", "Metadata can have at most %d keys.", maxMetadataKeys)
	}
	return nil
}

// CreateCustomer creates a customer and its customer.created event.
// Errors: CodeInvalid (email, metadata, additional_value, profile_picture; the
// ListingRules fields), CodeConflict (email, with UniqueEmail). An unknown
// group is a warning.
func (e *Engine) CreateCustomer(ctx context.Context, s Scope, in CustomerInput) (Customer, error) {
	now := e.now()
	c := Customer{ID: NewID("cus"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&c); err != nil {
		return Customer{}, err
	}
	if err := in.check(&c); err != nil {
		return Customer{}, err
	}
	err := e.tx(ctx, func(tx Tx) error {
		if err := e.checkUniqueEmail(ctx, tx, s, in, c); err != nil {
			return err
		}
		if err := checkGroup(ctx, tx, s, in, &c); err != nil {
			return err
		}
		if err := setProfilePicture(ctx, tx, s, in, &c, now); err != nil {
			return err
		}
		if err := onTestClock(ctx, tx, s, in.TestClock, &c); err != nil {
			return err
		}
		n, err := tx.InsertCustomer(ctx, c)
		if err != nil {
			return err
		}
		c.Number = n
		return e.emit(ctx, tx, s, EventCustomerCreated, c, now)
	})
	return c, err
}

func (e *Engine) checkUniqueEmail(ctx context.Context, tx Tx, s Scope, in CustomerInput, c Customer) error {
	if !in.UniqueEmail || c.Email == "" {
		return nil
	}
	// Serialise uniqueness checks per merchant: PostgreSQL would otherwise let
	// two concurrent creates both see the email as free.
	if err := tx.LockMerchant(ctx, s.MerchantID); err != nil {
		return err
	}
	taken, err := tx.CustomerEmailTaken(ctx, s, c.Email, c.ID)
	if err != nil {
		return err
	}
	if taken {
		return &Error{Code: CodeConflict, Reason: "email_taken", Param: "email",
			Message: "Email is already registered to an existing customer."}
	}
	return nil
}

// GetCustomer returns a customer by id ("cus_...") or, for Paysley, number.
// Deleted customers are found (Stripe shows them as deleted) only when
// withDeleted. Errors: CodeNotFound.
func (e *Engine) GetCustomer(ctx context.Context, s Scope, ref CustomerRef, withDeleted bool) (Customer, error) {
	var c Customer
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { c, err = tx.GetCustomer(ctx, s, ref, false); return err })
	if err == nil && c.Deleted && !withDeleted {
		return Customer{}, NotFound("customer", "id", ref.String())
	}
	return c, err
}

// CustomerRef names a customer by id or by number.
type CustomerRef struct {
	ID     string
	Number int64
}

func (r CustomerRef) String() string {
	if r.ID != "" {
		return r.ID
	}
	return itoa(r.Number)
}

// UpdateCustomer changes a customer and emits customer.updated.
// Errors: CodeNotFound, CodeInvalid, CodeConflict.
func (e *Engine) UpdateCustomer(ctx context.Context, s Scope, ref CustomerRef, in CustomerInput) (Customer, error) {
	now := e.now()
	var c Customer
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetCustomer(ctx, s, ref, true); err != nil {
			return err
		}
		if c.Deleted {
			return NotFound("customer", "id", ref.String())
		}
		if err := in.apply(&c); err != nil {
			return err
		}
		if err := in.check(&c); err != nil {
			return err
		}
		if err := e.checkUniqueEmail(ctx, tx, s, in, c); err != nil {
			return err
		}
		if err := checkGroup(ctx, tx, s, in, &c); err != nil {
			return err
		}
		if err := setProfilePicture(ctx, tx, s, in, &c, now); err != nil {
			return err
		}
		c.Updated = now
		if err := tx.UpdateCustomer(ctx, c); err != nil {
			return err
		}
		return e.emit(ctx, tx, s, EventCustomerUpdated, c, now)
	})
	return c, err
}

// DeleteCustomer marks a customer deleted (its payments keep pointing at it),
// deletes its profile picture, emits customer.deleted and cancels the
// customer's active and past_due subscriptions, as Stripe does, each with
// subscription.canceled (a charge already at the processor settles and
// counts). Errors: CodeNotFound.
func (e *Engine) DeleteCustomer(ctx context.Context, s Scope, ref CustomerRef) (Customer, error) {
	now := e.now()
	var c Customer
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.GetCustomer(ctx, s, ref, true); err != nil {
			return err
		}
		if c.Deleted {
			return NotFound("customer", "id", ref.String())
		}
		// The profile picture is personal data a deleted customer no longer needs.
		if c.ProfileImage != "" {
			if err := tx.DeleteFile(ctx, c.ProfileImage); err != nil {
				return err
			}
			c.ProfileImage = ""
		}
		c.Deleted, c.Updated = true, now
		if err := tx.UpdateCustomer(ctx, c); err != nil {
			return err
		}
		if err := e.emit(ctx, tx, s, EventCustomerDeleted, c, now); err != nil {
			return err
		}
		return e.cancelCustomerSubscriptions(ctx, tx, s, c.ID)
	})
	return c, err
}

// ListCustomers returns a page of live (not deleted) customers. Keywords match
// email, phone, names and company. Errors: CodeInvalid (cursor).
func (e *Engine) ListCustomers(ctx context.Context, s Scope, p ListParams) (Page[Customer], error) {
	var out Page[Customer]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListCustomers(ctx, s, p); return err })
	return out, err
}

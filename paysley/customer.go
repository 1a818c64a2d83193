package paysley

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// customerItem is one element of GET /v2/customers (Y12).
type customerItem struct {
	CustomerID      int64           `json:"customer_id"`
	Email           string          `json:"email"`
	MobileNo        string          `json:"mobile_no"`
	GroupID         *int64          `json:"group_id"`
	Salutation      string          `json:"salutation"`
	FirstName       string          `json:"first_name"`
	LastName        *string         `json:"last_name"`
	Company         *string         `json:"company"`
	EINCode         *string         `json:"ein_code"`
	ListingType     string          `json:"listing_type"`
	Description     *string         `json:"description"`
	CountryISO      *string         `json:"country_iso"`
	CountryName     *string         `json:"country_name"`
	State           *string         `json:"state"`
	City            *string         `json:"city"`
	PostalCode      *string         `json:"postal_code"`
	ReferenceNumber *string         `json:"reference_number"`
	AdditionalValue json.RawMessage `json:"additional_value"`
	AddressLine1    *string         `json:"address_line1"`
	AddressLine2    *string         `json:"address_line2"`
}

type customerList struct {
	Result     string         `json:"result"`
	Limit      int            `json:"limit"`
	Page       int            `json:"page"`
	PageCount  int            `json:"page_count"`
	TotalCount int            `json:"total_count"`
	Customers  []customerItem `json:"customers"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullableNumber is nil for 0, a row number that names nothing.
func nullableNumber(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

func renderCustomerItem(c domain.Customer) customerItem {
	first := c.FirstName
	if first == "" && c.LastName == "" {
		first = c.Name // a PaySmart customer has only a full name
	}
	listing := c.ListingType
	if listing == "" {
		listing = "individual"
	}
	var group *int64
	if c.GroupNumber != 0 {
		group = &c.GroupNumber
	}
	additional := json.RawMessage("null")
	if c.AdditionalValue != "" {
		additional = json.RawMessage(c.AdditionalValue)
	}
	return customerItem{CustomerID: c.Number, Email: c.Email, MobileNo: c.Phone, GroupID: group,
		Salutation: c.Salutation, FirstName: first, LastName: nullable(c.LastName), Company: nullable(c.CompanyName),
		EINCode: nullable(c.EINCode), ListingType: listing, Description: nullable(c.Description),
		CountryISO: nullable(c.Address.Country), CountryName: nullable(countryName(c.Address.Country)),
		State: nullable(c.Address.State), City: nullable(c.Address.City), PostalCode: nullable(c.Address.PostalCode),
		ReferenceNumber: nullable(c.ReferenceNumber), AdditionalValue: additional,
		AddressLine1: nullable(c.Address.Line1), AddressLine2: nullable(c.Address.Line2)}
}

func (h *handler) listCustomers(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	page, err := h.Engine.ListCustomers(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]customerItem, len(page.Items))
	for i, c := range page.Items {
		items[i] = renderCustomerItem(c)
	}
	web.WriteJSON(w, http.StatusOK, customerList{Result: "success", Limit: lp.Limit, Page: lp.Page,
		PageCount: pageCount(page.Total, lp.Limit), TotalCount: page.Total, Customers: items})
	return nil
}

// customerDetail is the customer as create (Y11) and edit (Y13) answer it:
// the list item's fields with customer_group_id for group_id, and the
// customer's images. CustomerID is a number on create (an addition, IC-P23)
// and a string on edit, as the document shows.
type customerDetail struct {
	Result          string          `json:"result"`
	CustomerID      any             `json:"customer_id"`
	CustomerGroupID *int64          `json:"customer_group_id"`
	Email           string          `json:"email"`
	MobileNo        string          `json:"mobile_no"`
	Salutation      string          `json:"salutation"`
	FirstName       string          `json:"first_name"`
	LastName        *string         `json:"last_name"`
	Company         *string         `json:"company"`
	EINCode         *string         `json:"ein_code"`
	ListingType     string          `json:"listing_type"`
	Description     *string         `json:"description"`
	CountryISO      *string         `json:"country_iso"`
	CountryName     *string         `json:"country_name"`
	State           *string         `json:"state"`
	City            *string         `json:"city"`
	PostalCode      *string         `json:"postal_code"`
	ReferenceNumber *string         `json:"reference_number"`
	AdditionalValue json.RawMessage `json:"additional_value"`
	AddressLine1    *string         `json:"address_line1"`
	AddressLine2    *string         `json:"address_line2"`
	CustomerImages  []customerImage `json:"customer_images"`
	Warnings        []warningJSON   `json:"warnings,omitempty"`   // extension: values ignored
	TestClock       string          `json:"test_clock,omitempty"` // extension: the test clock it lives on
}

// customerImage is one of customer_images[].
type customerImage struct {
	ID         int64   `json:"id"`
	CustomerID int64   `json:"customer_id"`
	FileName   string  `json:"file_name"`
	URL        *string `json:"url"`
	Ext        string  `json:"ext"`
	Type       string  `json:"type"`
	UploadedAt string  `json:"uploaded_at"`
	FileURL    string  `json:"file_url"`
}

// fileURL returns the public address of a stored file under base, the
// server's public URL.
func fileURL(base, id string) string { return strings.TrimRight(base, "/") + "/files/" + id }

func (h *handler) renderCustomerDetail(c domain.Customer, id any, images []domain.File) customerDetail {
	it := renderCustomerItem(c)
	d := customerDetail{Result: "success", CustomerID: id, CustomerGroupID: it.GroupID, Email: it.Email,
		MobileNo: it.MobileNo, Salutation: it.Salutation, FirstName: it.FirstName, LastName: it.LastName,
		Company: it.Company, EINCode: it.EINCode, ListingType: it.ListingType, Description: it.Description,
		CountryISO: it.CountryISO, CountryName: it.CountryName, State: it.State, City: it.City,
		PostalCode: it.PostalCode, ReferenceNumber: it.ReferenceNumber, AdditionalValue: it.AdditionalValue,
		AddressLine1: it.AddressLine1, AddressLine2: it.AddressLine2, CustomerImages: []customerImage{}}
	for _, f := range images {
		d.CustomerImages = append(d.CustomerImages, customerImage{ID: f.Number, CustomerID: c.Number, FileName: f.Name,
			Ext: f.Ext(), Type: "profile_picture", UploadedAt: isoTime(f.Created), FileURL: fileURL(h.BaseURL, f.ID)})
	}
	d.Warnings = renderWarnings(c.Warnings, customerFields)
	d.TestClock = c.TestClock
	return d
}

// customerFields renames the domain's parameters to the customer requests' fields.
var customerFields = map[string]string{
	"phone":           "mobile_no",
	"group":           "customer_group_id",
	"profile_picture": "profile_picture_base64",
}

// customerError renders the validation errors of the customer endpoints in
// their documented family: E3 (field a string) for a taken email, E3a (field
// an array) for everything else about a field, both with status 422.
func customerError(err error) error {
	fe, ok := asFieldError(err, customerFields)
	if !ok {
		return err
	}
	switch {
	case fe.Code == domain.CodeConflict:
		return e3(fe.field, fe.Message)
	case fe.Code != domain.CodeInvalid:
		return err
	case fe.Reason == "contact_missing":
		return e3([]string{"email", "mobile_no"}, "You must fill either email or mobile_no field.")
	case fe.Reason == "parameter_missing":
		return e3([]string{fe.field}, fe.field+" is required.")
	case fe.Reason == "resource_missing":
		return e3([]string{fe.field}, fe.field+" is not found.")
	}
	return e3([]string{fe.field}, fe.Message)
}

// customerInput reads the fields of a customer create or edit (Y11, Y13).
// Unknown fields are ignored, as the document's samples send extras.
// customerInput decodes a create or edit; the warnings are values it ignored
// rather than refused (a group id that is not a number, a picture that is
// not an image), since the document's own samples send them.
func customerInput(p *web.Params) (domain.CustomerInput, []domain.Warning, error) {
	in, err := customerFieldsInput(p)
	if err != nil {
		return in, nil, err
	}
	var warn []domain.Warning
	// "", "0", 0 and null all mean no group (IC-P25); a group id that is not
	// a number (the document's "K1Z2J2Zl") names no group of ours.
	if sent(p, "customer_group_id") {
		g, _, err := p.Int("customer_group_id")
		if err != nil {
			g = 0
			warn = append(warn, domain.Warning{Param: "group", Reason: domain.WarnGroupNotFound})
		}
		in.GroupNumber = &g
	}
	pic, _, err := p.LongStr("profile_picture_base64", 4*domain.MaxImageBytes) // decodeImage bounds the image itself
	if err != nil {
		return in, nil, err
	}
	if strings.TrimSpace(pic) != "" {
		b, err := decodeImage(pic, "profile_picture")
		_, isImage := domain.SniffImage(b)
		switch {
		case domain.AsError(err).Reason == "image_too_large":
			return in, nil, err
		case err != nil || !isImage:
			// The document's samples send "some base 64 string image": keep
			// the picture as it is and say so, rather than refuse the customer.
			warn = append(warn, domain.Warning{Param: "profile_picture", Reason: domain.WarnNotAnImage})
		default:
			in.ProfilePicture = b
		}
	}
	return in, warn, nil
}

func customerFieldsInput(p *web.Params) (domain.CustomerInput, error) {
	in := domain.CustomerInput{UniqueEmail: true, ListingRules: true}
	var addr domain.AddressUpdate
	for _, f := range []struct {
		key string
		dst **string
	}{
		{"email", &in.Email}, {"mobile_no", &in.Phone}, {"salutation", &in.Salutation},
		{"first_name", &in.FirstName}, {"last_name", &in.LastName}, {"company_name", &in.CompanyName},
		{"ein_code", &in.EINCode}, {"listing_type", &in.ListingType}, {"description", &in.Description},
		{"reference_number", &in.ReferenceNumber},
		{"address_line1", &addr.Line1}, {"address_line2", &addr.Line2}, {"state", &addr.State},
		{"city", &addr.City}, {"postal_code", &addr.PostalCode}, {"country_iso", &addr.Country},
	} {
		v, err := optString(p, f.key)
		if err != nil {
			return in, err
		}
		*f.dst = v
	}
	if in.ListingType != nil {
		lt := strings.ToLower(strings.TrimSpace(*in.ListingType))
		in.ListingType = &lt
	}
	if addr.Country != nil {
		iso := strings.ToUpper(strings.TrimSpace(*addr.Country))
		if iso != "" && countryName(iso) == "" {
			return in, domain.Invalid("country_iso", "parameter_invalid",
				"country_iso must be an ISO 3166-1 alpha-2 country code, such as US.")
		}
		addr.Country = &iso
	}
	if addr != (domain.AddressUpdate{}) {
		in.AddressUpdate = &addr
	}

	if sent(p, "additional_value") {
		v, err := additionalValue(p)
		if err != nil {
			return in, err
		}
		in.AdditionalValue = &v
	}
	return in, nil
}

// additionalValue reads additional_value, a JSON object: a JSON body sends
// it as an object; a form body as bracket fields (additional_value[age]=20)
// or as JSON text. null and "" clear it.
func additionalValue(p *web.Params) (string, error) {
	raw, _ := p.Raw("additional_value")
	invalid := domain.Invalid("additional_value", "parameter_invalid", "additional_value must be a JSON object.")
	switch v := raw.(type) {
	case nil:
		return "", nil
	case map[string]any:
		b, err := json.Marshal(v)
		if err != nil {
			return "", invalid
		}
		return string(b), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return "", nil
		}
		var obj map[string]any
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
			return "", invalid
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return "", invalid
		}
		return string(b), nil
	}
	return "", invalid
}

// createCustomer is Y11, POST /v2/customers.
func (h *handler) createCustomer(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, warn, err := customerInput(p)
	if err != nil {
		return customerError(err)
	}
	// test_clock (an extension, as PaySmart's customers): create only.
	if in.TestClock, _, err = p.Str("test_clock"); err != nil {
		return customerError(err)
	}
	c, err := h.Engine.CreateCustomer(r.Context(), scope(r), in)
	switch de := domain.AsError(err); {
	case err == nil:
	case de.Reason == "test_mode_only":
		return e3([]string{"test_clock"}, de.Message)
	case de.Code == domain.CodeNotFound && de.Param == "test_clock":
		return e3([]string{"test_clock"}, "test_clock is not found.")
	}
	if err != nil {
		return customerError(err)
	}
	c.Warnings = append(warn, c.Warnings...)
	images, err := h.Engine.CustomerImages(r.Context(), scope(r), c)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, h.renderCustomerDetail(c, c.Number, images))
	return nil
}

// errCustomerIDNotFound is E6, the edit's answer for an unknown customer.
var errCustomerIDNotFound = &apiError{status: http.StatusNotFound, body: messageBody{Message: "customer_id is not found."}}

// editCustomer is Y13, PUT /v2/customers with customer_id in the body.
func (h *handler) editCustomer(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	id, ok, err := p.Int("customer_id")
	if err != nil {
		return customerError(err)
	}
	if !ok {
		return e3([]string{"customer_id"}, "customer_id is required.")
	}
	in, warn, err := customerInput(p)
	if err != nil {
		return customerError(err)
	}
	if id <= 0 {
		return errCustomerIDNotFound
	}
	c, err := h.Engine.UpdateCustomer(r.Context(), scope(r), domain.CustomerRef{Number: id}, in)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return errCustomerIDNotFound
		}
		return customerError(err)
	}
	c.Warnings = append(warn, c.Warnings...)
	images, err := h.Engine.CustomerImages(r.Context(), scope(r), c)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, h.renderCustomerDetail(c, strconv.FormatInt(c.Number, 10), images))
	return nil
}

// customerDeleted is Y14's success body.
type customerDeleted struct {
	Code    int    `json:"code"`
	IsValid bool   `json:"is_valid"`
	Result  string `json:"result"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// customerNotFoundJSON is E7's body.
type customerNotFoundJSON struct {
	StatusCode int    `json:"status_code"`
	IsValid    bool   `json:"is_valid"`
	Result     string `json:"result"`
	Message    string `json:"message"`
}

// errCustomerNotFound is E7, the delete's answer for an unknown customer.
var errCustomerNotFound = &apiError{status: http.StatusNotFound, body: customerNotFoundJSON{404, false, "error", "customer not found!"}}

// deleteCustomer is Y14, DELETE /v2/customers/{customer_id}.
func (h *handler) deleteCustomer(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathNumber(r.PathValue("customer_id"))
	if !ok {
		return errCustomerNotFound
	}
	_, err := h.Engine.DeleteCustomer(r.Context(), scope(r), domain.CustomerRef{Number: id})
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errCustomerNotFound
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, customerDeleted{Code: 200, IsValid: true, Result: "success", Message: "Delete customer success!"})
	return nil
}

package paysley

import (
	"encoding/json"
	"net/http"

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

// countryName is filled by the customers work; until then names are unknown.
func countryName(iso string) string { return "" }

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
	writeJSON(w, http.StatusOK, customerList{Result: "success", Limit: lp.Limit, Page: lp.Page,
		PageCount: pageCount(page.Total, lp.Limit), TotalCount: page.Total, Customers: items})
	return nil
}

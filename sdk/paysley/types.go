package paysley

// PaymentRequestParams creates or edits a payment request. Empty fields are
// not sent; on Edit, TransactionID names the request.
type PaymentRequestParams struct {
	TransactionID         string   `json:"transaction_id,omitempty"`
	RequestMethods        []string `json:"request_methods,omitempty"` // EMAIL, SMS
	Email                 string   `json:"email,omitempty"`
	MobileNumber          string   `json:"mobile_number,omitempty"`
	ReferenceNumber       string   `json:"reference_number,omitempty"`
	Amount                Amount   `json:"amount,omitempty"`
	Currency              string   `json:"currency,omitempty"`
	FixedAmount           *bool    `json:"fixed_amount,omitempty"`
	PaymentType           string   `json:"payment_type,omitempty"` // DB (debit) or PA (pre-authorisation)
	PaymentMethods        []string `json:"payment_methods,omitempty"`
	TaxID                 string   `json:"tax_id,omitempty"`
	TemplateID            string   `json:"template_id,omitempty"`
	CustomerID            string   `json:"customer_id,omitempty"`
	CustomerFirstName     string   `json:"customer_first_name,omitempty"`
	CustomerLastName      string   `json:"customer_last_name,omitempty"`
	ExpiryDate            string   `json:"expiry_date,omitempty"`
	ResponseURL           string   `json:"response_url,omitempty"`
	RedirectURL           string   `json:"redirect_url,omitempty"`
	CancelURL             string   `json:"cancel_url,omitempty"`
	PaymentFrequency      string   `json:"payment_frequency,omitempty"`
	PaymentStartDate      string   `json:"payment_start_date,omitempty"`
	TotalNumberOfPayments string   `json:"total_number_of_payments,omitempty"`
	// ShippingEnabled makes the hosted page ask the payer for a shipping
	// address; ShippingAddress pre-fills it.
	ShippingEnabled *bool            `json:"shipping_enabled,omitempty"`
	ShippingAddress *ShippingAddress `json:"shipping_address,omitempty"`
}

// ShippingAddress is where a payment request's goods go: the one the
// merchant sent, or, with shipping_enabled, the one the payer gave on the
// hosted page with the payment that paid the request (Country then an ISO
// 3166-1 alpha-2 code).
type ShippingAddress struct {
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name,omitempty"`
	Email        string `json:"email,omitempty"`
	MobileNo     string `json:"mobile_no,omitempty"`
	AddressLine1 string `json:"address_line_1,omitempty"`
	AddressLine2 string `json:"address_line_2,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	Country      string `json:"country,omitempty"`
	Zip          string `json:"zip,omitempty"`
}

// PaymentRequest is a payment request as create and edit answer it.
type PaymentRequest struct {
	Result          string    `json:"result"`
	TransactionID   string    `json:"transaction_id"`
	Amount          Amount    `json:"amount"`
	AmountDue       Amount    `json:"amount_due"`
	Currency        string    `json:"currency"`
	PaymentType     string    `json:"payment_type"`
	RequestMethods  []string  `json:"request_methods"`
	Email           string    `json:"email"`
	MobileNumber    string    `json:"mobile_number"`
	ReferenceNumber string    `json:"reference_number"`
	ShortURL        string    `json:"short_url"`
	LongURL         string    `json:"long_url"`
	QRCodeLink      string    `json:"qrcode_link"`
	CreatedAt       string    `json:"created_at"`
	Warnings        []Warning `json:"warnings"`
}

// Warning names a field the server ignored rather than refused (an unknown
// tax_id, template_id, customer_id or customer_group_id, a picture that is
// not an image).
type Warning struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// PaymentRequestItem is a payment request as lists show it; Status is
// pending, success or expired.
type PaymentRequestItem struct {
	TransactionID    string  `json:"transaction_id"`
	Amount           Amount  `json:"amount"`
	AmountDue        Amount  `json:"amount_due"`
	Currency         string  `json:"currency"`
	Status           string  `json:"status"`
	PaymentID        *string `json:"payment_id"`
	PaymentType      string  `json:"payment_type"`
	ReferenceNumber  string  `json:"reference_number"`
	URL              string  `json:"url"`
	PaymentFrequency string  `json:"payment_frequency"`
	CreatedAt        string  `json:"created_at"`
	// ShippingAddress (an extension, Get only): the merchant's, or the
	// payer's once the request is paid; nil when there is none.
	ShippingAddress *ShippingAddress `json:"shipping_address"`
}

type paymentRequestList struct {
	PageCount    int                  `json:"page_count"`
	TotalCount   int                  `json:"total_count"`
	Transactions []PaymentRequestItem `json:"transactions"`
}

// HistoryEntry is one entry of the payment history.
type HistoryEntry struct {
	TransactionType    string  `json:"transaction_type"`
	PaymentID          string  `json:"payment_id"`
	TransactionID      string  `json:"transaction_id"`
	Amount             Amount  `json:"amount"`
	Currency           string  `json:"currency"`
	ReferenceNumber    string  `json:"reference_number"`
	PaymentType        string  `json:"payment_type"` // CC.DB, CC.PA, CC.RF, …
	Status             string  `json:"status"`
	ResultDescription  string  `json:"result_description"`
	TransactionDate    string  `json:"transaction_date"`
	ReferencePaymentID *string `json:"reference_payment_id"`
	URL                string  `json:"url,omitempty"`
}

type historyList struct {
	PageCount int            `json:"page_count"`
	Payments  []HistoryEntry `json:"payments"`
}

// RefundParams refunds Amount; Email or MobileNumber receive the notice.
type RefundParams struct {
	Amount       Amount `json:"amount"`
	Email        string `json:"email,omitempty"`
	MobileNumber string `json:"mobile_number,omitempty"`
}

// Refund is a refund's answer.
type Refund struct {
	RefundID       string `json:"refund_id"`
	PaymentID      string `json:"payment_id"`
	Amount         Amount `json:"amount"`
	RefundedAmount Amount `json:"refunded_amount"`
	Balance        Amount `json:"balance"`
	Currency       string `json:"currency"`
	Status         string `json:"status"`
	RefundDate     string `json:"refund_date"`
	TransactionID  ID     `json:"transaction_id"` // the payment request's number; empty for a PaySmart API payment
}

// Capture is a capture's answer.
type Capture struct {
	PaymentID      string `json:"payment_id"`
	CapturedAmount Amount `json:"captured_amount"`
	Amount         Amount `json:"amount"`
	Balance        Amount `json:"balance"`
	Currency       string `json:"currency"`
	Status         string `json:"status"`
	CaptureDate    string `json:"capture_date"`
}

// SubscriptionEnded is the answer to ending a subscription.
type SubscriptionEnded struct {
	PaymentID string `json:"payment_id"`
	Amount    Amount `json:"amount"`
	Currency  string `json:"currency"`
	Status    string `json:"status"`
}

// CustomerParams creates or edits a customer; on Edit, CustomerID names it.
type CustomerParams struct {
	CustomerID      ID     `json:"customer_id,omitempty"`
	Email           string `json:"email,omitempty"`
	MobileNo        string `json:"mobile_no,omitempty"`
	Salutation      string `json:"salutation,omitempty"`
	FirstName       string `json:"first_name,omitempty"`
	LastName        string `json:"last_name,omitempty"`
	CompanyName     string `json:"company_name,omitempty"`
	ListingType     string `json:"listing_type,omitempty"` // individual or company
	Description     string `json:"description,omitempty"`
	CustomerGroupID ID     `json:"customer_group_id,omitempty"`
	AddressLine1    string `json:"address_line1,omitempty"`
	City            string `json:"city,omitempty"`
	State           string `json:"state,omitempty"`
	PostalCode      string `json:"postal_code,omitempty"`
	CountryISO      string `json:"country_iso,omitempty"`
}

// Customer is a customer (create, edit and list show the same fields).
type Customer struct {
	CustomerID  ID        `json:"customer_id"`
	Email       string    `json:"email"`
	MobileNo    string    `json:"mobile_no"`
	FirstName   string    `json:"first_name"`
	LastName    *string   `json:"last_name"`
	Company     *string   `json:"company"`
	ListingType string    `json:"listing_type"`
	CountryISO  *string   `json:"country_iso"`
	City        *string   `json:"city"`
	Warnings    []Warning `json:"warnings"` // create and edit
}

type customerList struct {
	PageCount int        `json:"page_count"`
	Customers []Customer `json:"customers"`
}

// GroupParams creates or edits a group; on Edit, CustomerGroupID names it.
type GroupParams struct {
	CustomerGroupID ID     `json:"customer_group_id,omitempty"`
	GroupName       string `json:"group_name,omitempty"`
	Description     string `json:"description,omitempty"`
}

// Group is a group as create and edit answer it.
type Group struct {
	CustomerGroupID ID     `json:"customer_group_id"`
	GroupName       string `json:"group_name"`
	Description     string `json:"description"`
}

// GroupItem is a group as the list shows it.
type GroupItem struct {
	GroupID     ID     `json:"group_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	DateCreated string `json:"date_created"`
}

type groupList struct {
	PageCount int         `json:"page_count"`
	Groups    []GroupItem `json:"customers_groups"`
}

// ProductParams creates or edits a product or service; on Edit, ID names it.
type ProductParams struct {
	ID          ID     `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	SKU         string `json:"sku,omitempty"`
	Type        string `json:"type,omitempty"` // product or service
	CategoryID  ID     `json:"category_id,omitempty"`
	UnitType    string `json:"unit_type,omitempty"`
	TaxID       string `json:"tax_id,omitempty"`
	Cost        Amount `json:"cost,omitempty"`
	SalesPrice  Amount `json:"sales_price,omitempty"`
}

// Product is a product or service as create and edit answer it.
type Product struct {
	ID         ID        `json:"id"`
	Name       string    `json:"name"`
	SKU        string    `json:"sku"`
	Type       string    `json:"type"`
	CategoryID ID        `json:"category_id"` // empty once its category is deleted
	TaxID      *string   `json:"tax_id"`
	Cost       Amount    `json:"cost"`
	SalesPrice Amount    `json:"sales_price"`
	Warnings   []Warning `json:"warnings"`
}

// ProductItem is a product or service as the list shows it.
type ProductItem struct {
	ID         ID     `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	SKU        string `json:"sku"`
	Category   string `json:"category"` // empty once the category is deleted
	Cost       Amount `json:"cost"`
	SalesPrice Amount `json:"sales_price"`
}

type productList struct {
	PageCount int           `json:"page_count"`
	Products  []ProductItem `json:"product_services"`
}

// Category is a product category.
type Category struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

type categoryList struct {
	PageCount  int        `json:"page_count"`
	Categories []Category `json:"categories"`
}

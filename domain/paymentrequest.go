package domain

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bojanz/currency"
)

// Frequency is how often a payment request charges.
type Frequency string

// The payment frequencies; anything but FrequencyOnce makes a subscription.
const (
	FrequencyOnce      Frequency = "ONE-TIME"
	FrequencyWeekly    Frequency = "WEEKLY"
	FrequencyMonthly   Frequency = "MONTHLY"
	FrequencyQuarterly Frequency = "QUARTERLY"
	FrequencyYearly    Frequency = "YEARLY"
)

var frequencies = map[Frequency]bool{FrequencyOnce: true, FrequencyWeekly: true, FrequencyMonthly: true,
	FrequencyQuarterly: true, FrequencyYearly: true}

// Wallets a payment request may offer besides cards.
var wallets = map[string]string{"APPLE_PAY": "Apple Pay", "GOOGLE_PAY": "Google Pay"}

// PaymentAttempts counts the payments a payment request's page took (any
// status) since a time: the hosted page's limit on card testing through one
// leaked link. The count is the database's, so every node of a cluster sees
// the same.
func (e *Engine) PaymentAttempts(ctx context.Context, requestID string, since time.Time) (int, error) {
	var n int
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { n, err = tx.CountRequestAttempts(ctx, requestID, since); return err })
	return n, err
}

// TransactionID is the public reference of the payment request numbered n:
// the number with the "OO" suffix Paysley's references carry (IC-P51). It is
// minted once, stored and looked up like any id (the pages, the history and
// both dialects name requests by it), so it is data, not the dialect's
// wording; this is the one place that forms it.
func TransactionID(n int64) string { return fmt.Sprintf("%dOO", n) }

// WalletName is a wallet's name as people read it ("Apple Pay" for APPLE_PAY).
func WalletName(code string) string {
	if n, ok := wallets[code]; ok {
		return n
	}
	return code
}

// CartItem is one line of a payment request's invoice. Prices and taxes
// are minor units of the request's currency.
type CartItem struct {
	ProductServiceID string
	Name             string
	SKU              string
	Unit             string
	Qty              int64
	SalesPrice       int64
	Taxable          bool
	TaxValue         string // a percentage ("7.5") or a major-unit amount ("5")
	TaxType          string // "fixed_amount", "percentage" or ""
	TaxName          string
	Tax              int64 // computed
}

// ShippingAddress is where a payment request's goods go: the one the
// merchant gave, or the one the payer gave with the payment that paid it.
type ShippingAddress struct {
	FirstName, LastName, Email, MobileNo, AddressLine1, AddressLine2, City, State, Country, Zip string
}

// shippingField is one field of a ShippingAddress: its Paysley name (the
// error's param), the words a payer reads, and the most characters it keeps.
type shippingField struct {
	key, label string
	max        int
	required   bool
	value      *string
}

func (a *ShippingAddress) fields() []shippingField {
	return []shippingField{
		{"first_name", "first name", 100, false, &a.FirstName},
		{"last_name", "last name", 100, false, &a.LastName},
		{"email", "email address", 254, false, &a.Email},
		{"mobile_no", "mobile number", 32, false, &a.MobileNo},
		{"address_line_1", "street address", 200, true, &a.AddressLine1},
		{"address_line_2", "second address line", 200, false, &a.AddressLine2},
		{"city", "city", 100, true, &a.City},
		{"state", "state or region", 100, false, &a.State},
		{"zip", "postal code", 20, true, &a.Zip},
		{"country", "country", 2, true, &a.Country},
	}
}

// payerShipping checks the address a payer gives to pay a request with
// shipping_enabled (checkShipping): a street line, city, postal code and
// country are required.
func payerShipping(in *ShippingAddress) (ShippingAddress, error) {
	if in == nil {
		return ShippingAddress{}, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "shipping_address",
			Message: "This payment request ships goods: enter the shipping address."}
	}
	return checkShipping(*in, true)
}

// checkShipping checks a shipping address and returns it tidied: spaces
// trimmed, the country upper-cased. Each field is bounded and holds no
// control characters (the address is printed on labels and PDFs), the
// e-mail is an address and the country an ISO 3166-1 alpha-2 code; required
// says the fields a parcel needs must be there, as they must when a payer
// gives the address. A merchant's address on a request (create, edit) may
// be partial: the page pre-fills it and the payer completes it. The error
// names the field as the Paysley API does (shipping_address[city]) and in
// words.
func checkShipping(a ShippingAddress, required bool) (ShippingAddress, error) {
	for _, f := range a.fields() {
		*f.value = strings.TrimSpace(*f.value)
		v, param := *f.value, "shipping_address["+f.key+"]"
		switch {
		case v == "" && f.required && required:
			return a, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: param,
				Message: "Enter the shipping address's " + f.label + "."}
		case utf8.RuneCountInString(v) > f.max && f.key != "country":
			return a, invalidPR(param, "The shipping address's %s is longer than %d characters.", f.label, f.max)
		case strings.ContainsFunc(v, unicode.IsControl) || !utf8.ValidString(v):
			return a, invalidPR(param, "The shipping address's %s contains a character that cannot be printed.", f.label)
		}
	}
	if a.Email != "" && !ValidEmail(a.Email) {
		return a, invalidPR("shipping_address[email]", "The shipping address's email address is not a valid email address.")
	}
	a.Country = strings.ToUpper(a.Country)
	if (a.Country != "" || required) && !knownCountry(a.Country) {
		return a, invalidPR("shipping_address[country]",
			"The shipping address's country must be a two-letter ISO 3166 country code, such as US or DE.")
	}
	return a, nil
}

// knownCountry reports whether code is one of the 249 codes ISO 3166-1
// alpha-2 assigns. The list is the money library's (github.com/bojanz/currency,
// from CLDR's territories with a currency), which lacks Antarctica and adds
// CLDR's own territory codes; these differences are undone here, so that the
// rule is the same as for a customer's country (paysley/country.go): ISO's
// codes, not user-assigned ones such as XK.
func knownCountry(code string) bool {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return false
	}
	switch code {
	case "AQ":
		return true
	case "AC", "DG", "IC", "TA", "XK":
		return false
	}
	_, ok := currency.ForCountryCode(code)
	return ok
}

// PaymentRequest asks a customer to pay, by e-mail, SMS or a link (Paysley).
type PaymentRequest struct {
	ID            string // "preq_...": the capability in payment links
	TransactionID string // "<number>OO", what the Paysley API names it by
	Number        int64
	MerchantID    string
	Livemode      bool

	RequestMethods      []string
	ReferenceNumber     string
	Email               string
	MobileNumber        string
	MerchantPhoneNumber string

	Amount      int64 // as requested (before taxes and shipping)
	AmountDue   int64 // what the customer pays: items, taxes, shipping
	Currency    Currency
	FixedAmount bool

	TaxID          string
	TaxAmount      int64 // from the tax profile
	TemplateID     string
	PaymentType    string // "DB" or "PA"
	PaymentMethods []string

	MotoEnabled, ShippingEnabled, SendMMSInvoice, AttachInvoice, SendMMSReceipt, AttachReceipt, SendConfirmation bool

	InvoiceURL      string
	ReceiptFileType string
	ExpiresAt       *time.Time

	CustomerNumber     int64
	CustomerSalutation string
	CustomerFirstName  string
	CustomerLastName   string

	ResponseURL, CancelURL, RedirectURL string

	Frequency             Frequency
	PaymentStartDate      *time.Time
	InitialPaymentAmount  *int64
	TotalNumberOfPayments *int64
	TestClock             string // "clock_…" its subscription lives on (test mode; an extension)

	CartItems       []CartItem
	ShippingCharges int64
	ShippingTax     int64
	ShippingAddress *ShippingAddress
	// PayerShipping holds, by payment id, the address each payer gave with
	// a payment not settled yet (shipping_enabled): settleRequest moves it to
	// ShippingAddress when that payment is made or authorised and drops it
	// when it is declined, so a refused payment changes no address.
	PayerShipping map[string]ShippingAddress

	Status             string // "open", "paid"
	SubscriptionStatus string // "", "active", "ended"
	PaymentID          string // the first successful payment, once paid
	PaidAt             *time.Time
	Created            time.Time
	Modified           *time.Time
	Deleted            bool

	// Warnings are set by create and edit: references that were ignored.
	Warnings []Warning
}

// PaymentRequestInput is a create or an edit, as decoded by the dialect.
// Amounts are exact decimal texts in major units; "" means absent.
type PaymentRequestInput struct {
	RequestMethods      []string
	ReferenceNumber     string
	Email               string
	MobileNumber        string
	MerchantPhoneNumber string
	Amount              string
	Currency            string
	FixedAmount         *bool
	TaxID               string
	TemplateID          string
	PaymentType         string
	PaymentMethods      []string

	MotoEnabled, ShippingEnabled, SendMMSInvoice, AttachInvoice, SendMMSReceipt, AttachReceipt, SendConfirmation bool

	InvoiceURL      string
	ReceiptFileType string
	ExpiryDate      string // "YYYY-MM-DD HH:MM" (UTC) or ISO 8601

	CustomerID         string // the Paysley customer number, as text
	CustomerSalutation string
	CustomerFirstName  string
	CustomerLastName   string

	ResponseURL, CancelURL, RedirectURL string

	PaymentFrequency      string
	PaymentStartDate      string // ISO 8601
	InitialPaymentAmount  string
	TotalNumberOfPayments string
	TestClock             string // a test clock id (an extension)

	CartItems       []CartItemInput
	ShippingCharges string
	ShippingTax     string
	ShippingAddress *ShippingAddress
}

// CartItemInput is a cart line as sent; Qty and SalesPrice are decimal texts.
type CartItemInput struct {
	ProductServiceID, Name, SKU, Unit, Qty, SalesPrice, TaxValue, TaxType, TaxName string
	Taxable                                                                        bool
}

func invalidPR(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Reason: "parameter_invalid", Param: field, Message: fmt.Sprintf(format, args...)}
}

func missingPR(field string) *Error {
	return &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: field, Message: field + " is required."}
}

// build validates in and computes the request's amounts; the lookups that
// need the store happen in the caller's transaction.
func (in PaymentRequestInput) build(now time.Time) (PaymentRequest, error) {
	pr := PaymentRequest{ReferenceNumber: strings.TrimSpace(in.ReferenceNumber), Email: strings.TrimSpace(in.Email),
		MobileNumber: strings.TrimSpace(in.MobileNumber), MerchantPhoneNumber: strings.TrimSpace(in.MerchantPhoneNumber),
		TaxID: strings.TrimSpace(in.TaxID), TemplateID: strings.TrimSpace(in.TemplateID),
		MotoEnabled: in.MotoEnabled, ShippingEnabled: in.ShippingEnabled, SendMMSInvoice: in.SendMMSInvoice,
		AttachInvoice: in.AttachInvoice, SendMMSReceipt: in.SendMMSReceipt, AttachReceipt: in.AttachReceipt,
		SendConfirmation: in.SendConfirmation, InvoiceURL: strings.TrimSpace(in.InvoiceURL),
		CustomerSalutation: in.CustomerSalutation, CustomerFirstName: in.CustomerFirstName, CustomerLastName: in.CustomerLastName,
		ResponseURL: strings.TrimSpace(in.ResponseURL), CancelURL: strings.TrimSpace(in.CancelURL),
		RedirectURL: strings.TrimSpace(in.RedirectURL), Status: "open"}
	if in.ShippingAddress != nil {
		a, err := checkShipping(*in.ShippingAddress, false)
		if err != nil {
			return pr, err
		}
		pr.ShippingAddress = &a
	}

	// request_methods and the contact each needs (BR-1..3).
	if len(in.RequestMethods) == 0 {
		return pr, missingPR("request_methods")
	}
	seen := map[string]bool{}
	for _, m := range in.RequestMethods {
		m = strings.ToUpper(strings.TrimSpace(m))
		if m != "EMAIL" && m != "SMS" && m != "WEB" {
			return pr, invalidPR("request_methods", "request_methods must contain only EMAIL, SMS or WEB.")
		}
		if !seen[m] {
			seen[m] = true
			pr.RequestMethods = append(pr.RequestMethods, m)
		}
	}
	if seen["EMAIL"] && pr.Email == "" {
		return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "email", Message: "email is required when request_methods contains EMAIL."}
	}
	if seen["SMS"] && pr.MobileNumber == "" {
		return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "mobile_number", Message: "mobile_number is required when request_methods contains SMS."}
	}
	if seen["WEB"] && pr.Email == "" && pr.MobileNumber == "" {
		return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "email", Message: "email or mobile_number is required when request_methods contains WEB."}
	}
	if pr.Email != "" && !ValidEmail(pr.Email) {
		return pr, invalidPR("email", "email is not a valid email address.")
	}
	if pr.MobileNumber != "" && !validPhone(pr.MobileNumber) {
		return pr, invalidPR("mobile_number", "mobile_number must be a phone number in international format, e.g. +12345678901.")
	}

	// Money.
	cur, ok := LookupCurrency(in.Currency)
	if strings.TrimSpace(in.Currency) == "" {
		return pr, missingPR("currency")
	}
	if !ok {
		return pr, invalidPR("currency", "currency must be a 3-letter ISO 4217 code.")
	}
	pr.Currency = cur
	if in.Amount == "" {
		return pr, missingPR("amount")
	}
	amount, err := parseAmountField("amount", in.Amount, cur)
	if err != nil {
		return pr, err
	}
	if in.FixedAmount == nil {
		return pr, missingPR("fixed_amount")
	}
	pr.FixedAmount = *in.FixedAmount
	// Without a fixed amount the payer chooses what to pay (a donation), so
	// 0 is allowed: the payment page asks for the amount.
	if amount < 0 || (amount == 0 && pr.FixedAmount) {
		return pr, invalidPR("amount", "amount must be greater than 0.")
	}
	pr.Amount = amount

	switch pt := strings.ToUpper(strings.TrimSpace(in.PaymentType)); pt {
	case "", "DB":
		pr.PaymentType = "DB"
	case "PA":
		pr.PaymentType = "PA"
	default:
		return pr, invalidPR("payment_type", "payment_type must be DB or PA.")
	}
	for _, w := range in.PaymentMethods {
		w = strings.ToUpper(strings.TrimSpace(w))
		if _, ok := wallets[w]; !ok {
			return pr, invalidPR("payment_methods", "payment_methods must contain only APPLE_PAY or GOOGLE_PAY.")
		}
		pr.PaymentMethods = append(pr.PaymentMethods, w)
	}
	switch ft := strings.ToLower(strings.TrimSpace(in.ReceiptFileType)); ft {
	case "":
		pr.ReceiptFileType = "pdf"
	case "pdf", "jpeg", "png":
		pr.ReceiptFileType = ft
	default:
		return pr, invalidPR("receipt_file_type", "receipt_file_type must be pdf, jpeg or png.")
	}
	for _, u := range []struct{ field, value string }{{"response_url", pr.ResponseURL}, {"cancel_url", pr.CancelURL},
		{"redirect_url", pr.RedirectURL}, {"invoice_url", pr.InvoiceURL}} {
		if u.value != "" && !validURL(u.value) {
			return pr, invalidPR(u.field, "%s must be an absolute http or https URL.", u.field)
		}
		if u.field == "response_url" && u.value != "" {
			if h, err := url.Parse(u.value); err == nil && refusedHost(h.Hostname()) {
				return pr, invalidPR(u.field, "response_url must not point at a link-local, multicast or reserved address.")
			}
		}
	}
	if in.ExpiryDate != "" {
		t, err := parseExpiry(in.ExpiryDate)
		if err != nil {
			return pr, invalidPR("expiry_date", "expiry_date must have the format YYYY-MM-DD HH:MM or be an ISO 8601 date-time.")
		}
		if !t.After(now) {
			return pr, invalidPR("expiry_date", "expiry_date must be in the future.")
		}
		pr.ExpiresAt = &t
	}

	// Recurring (BR-17, IC-P13): the three fields are required unless ONE-TIME.
	pr.Frequency = FrequencyOnce
	if f := Frequency(strings.ToUpper(strings.TrimSpace(in.PaymentFrequency))); f != "" {
		if !frequencies[f] {
			return pr, invalidPR("payment_frequency", "payment_frequency must be ONE-TIME, WEEKLY, MONTHLY, QUARTERLY or YEARLY.")
		}
		pr.Frequency = f
	}
	if pr.Frequency != FrequencyOnce {
		if in.PaymentStartDate == "" {
			return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "payment_start_date",
				Message: "payment_start_date is required when payment_frequency is not ONE-TIME."}
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(in.PaymentStartDate))
		if err != nil {
			return pr, invalidPR("payment_start_date", "payment_start_date must be an ISO 8601 date-time, e.g. 2023-08-09T16:59:59.000Z.")
		}
		t = t.UTC()
		pr.PaymentStartDate = &t
		if in.InitialPaymentAmount == "" {
			return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "initial_payment_amount",
				Message: "initial_payment_amount is required when payment_frequency is not ONE-TIME."}
		}
		ia, err := parseAmountField("initial_payment_amount", in.InitialPaymentAmount, cur)
		if err != nil {
			return pr, err
		}
		pr.InitialPaymentAmount = &ia
		if in.TotalNumberOfPayments == "" {
			return pr, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: "total_number_of_payments",
				Message: "total_number_of_payments is required when payment_frequency is not ONE-TIME."}
		}
		n, ok := new(big.Int).SetString(strings.TrimSpace(in.TotalNumberOfPayments), 10)
		if !ok || n.Sign() <= 0 || n.Cmp(big.NewInt(10000)) > 0 {
			return pr, invalidPR("total_number_of_payments", "total_number_of_payments must be a whole number from 1 to 10000.")
		}
		v := n.Int64()
		pr.TotalNumberOfPayments = &v
	}

	// Cart items, their taxes and shipping.
	var subtotal, itemTax int64
	for i, ci := range in.CartItems {
		item, err := ci.build(i, cur)
		if err != nil {
			return pr, err
		}
		pr.CartItems = append(pr.CartItems, item)
		subtotal += item.Qty * item.SalesPrice
		itemTax += item.Tax
		if subtotal > MaxMinorAmount {
			return pr, invalidPR("cart_items", "cart_items add up to more than the largest amount allowed.")
		}
	}
	// amount is what is asked, whatever the cart adds up to: the document ties
	// the two nowhere, and its own example sends items worth 11 with 1500.12.
	if pr.ShippingCharges, err = optionalAmount("shipping_charges", in.ShippingCharges, cur); err != nil {
		return pr, err
	}
	if pr.ShippingTax, err = optionalAmount("shipping_tax", in.ShippingTax, cur); err != nil {
		return pr, err
	}
	pr.AmountDue = pr.Amount + itemTax + pr.ShippingCharges + pr.ShippingTax
	return pr, nil
}

func (ci CartItemInput) build(i int, cur Currency) (CartItem, error) {
	field := func(name string) string { return fmt.Sprintf("cart_items[%d][%s]", i, name) }
	item := CartItem{ProductServiceID: strings.TrimSpace(ci.ProductServiceID), Name: strings.TrimSpace(ci.Name),
		SKU: ci.SKU, Unit: ci.Unit, Taxable: ci.Taxable, TaxValue: strings.TrimSpace(ci.TaxValue),
		TaxType: strings.TrimSpace(ci.TaxType), TaxName: ci.TaxName}
	if item.Name == "" {
		return item, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: field("name"), Message: field("name") + " is required."}
	}
	if ci.Qty == "" {
		return item, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: field("qty"), Message: field("qty") + " is required."}
	}
	q, ok := new(big.Int).SetString(strings.TrimSpace(ci.Qty), 10)
	if !ok || q.Sign() <= 0 || q.Cmp(big.NewInt(1_000_000)) > 0 {
		return item, invalidPR(field("qty"), "%s must be a whole number from 1 to 1000000.", field("qty"))
	}
	item.Qty = q.Int64()
	if ci.SalesPrice == "" {
		return item, &Error{Code: CodeInvalid, Reason: "parameter_missing", Param: field("sales_price"), Message: field("sales_price") + " is required."}
	}
	price, err := parseAmountField(field("sales_price"), ci.SalesPrice, cur)
	if err != nil {
		return item, err
	}
	item.SalesPrice = price
	line := item.Qty * item.SalesPrice
	switch item.TaxType {
	case "":
		if item.TaxValue != "" && item.TaxValue != "0" {
			return item, invalidPR(field("tax_type"), "%s is required with tax_value: fixed_amount or percentage.", field("tax_type"))
		}
	case "fixed_amount":
		if item.Tax, err = optionalAmount(field("tax_value"), item.TaxValue, cur); err != nil {
			return item, err
		}
	case "percentage":
		if item.Tax, err = PercentOf(line, item.TaxValue); err != nil {
			return item, invalidPR(field("tax_value"), "%s must be a percentage from 0 to 100 with at most 4 decimals.", field("tax_value"))
		}
	default:
		return item, invalidPR(field("tax_type"), "%s must be fixed_amount or percentage.", field("tax_type"))
	}
	return item, nil
}

// PercentOf returns pct percent of amount (minor units), rounded half away
// from zero to the minor unit. pct is an exact decimal text from 0 to 100
// with at most 4 decimals; the arithmetic is on integers only.
func PercentOf(amount int64, pct string) (int64, error) {
	pct = strings.TrimSpace(pct)
	whole, frac, _ := strings.Cut(pct, ".")
	if whole == "" || !allDigits(whole) || (frac != "" && !allDigits(frac)) || len(frac) > 4 || len(whole) > 3 {
		return 0, fmt.Errorf("bad percentage %q", pct)
	}
	frac += strings.Repeat("0", 4-len(frac))
	var bp int64 // hundredths of a basis point: pct × 10^4
	for _, c := range whole + frac {
		bp = bp*10 + int64(c-'0')
	}
	if bp > 100*10_000 {
		return 0, fmt.Errorf("percentage %q above 100", pct)
	}
	return percentOfRate(amount, bp), nil
}

// percentOfRate returns rate ten-thousandths of a percent of amount,
// rounded half away from zero to the minor unit.
func percentOfRate(amount, rate int64) int64 {
	num := new(big.Int).Mul(big.NewInt(amount), big.NewInt(rate))
	den := big.NewInt(100 * 10_000)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(r.Abs(r), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() >= 0 {
			q.Add(q, big.NewInt(1))
		} else {
			q.Sub(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// rescale moves v from one number of decimals to another, reporting false
// when precision would be lost.
func rescale(v int64, from, to int) (int64, bool) {
	for ; from < to; from++ {
		v *= 10
	}
	for ; from > to; from-- {
		if v%10 != 0 {
			return 0, false
		}
		v /= 10
	}
	return v, true
}

func parseAmountField(field, text string, cur Currency) (int64, error) {
	v, err := ParseMajor(strings.TrimSpace(text), cur)
	if err != nil {
		return 0, invalidPR(field, "%s must be a number with at most %d decimals for %s.", field, cur.Exponent, cur.Code)
	}
	return v, nil
}

func optionalAmount(field, text string, cur Currency) (int64, error) {
	if strings.TrimSpace(text) == "" {
		return 0, nil
	}
	return parseAmountField(field, text, cur)
}

// validPhone accepts international numbers: an optional +, then 6 to 15
// digits, with spaces, dashes, dots and parentheses allowed between them.
func validPhone(s string) bool {
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// applyLookups checks the references a request makes (customer, tax
// profile, template, wallets, the sender number) inside the transaction that writes it, and
// updates the customer from the request's customer fields (BR-14).
func (e *Engine) applyLookups(ctx context.Context, tx Tx, s Scope, in PaymentRequestInput, pr *PaymentRequest, now time.Time) error {
	m, err := tx.GetMerchant(ctx, s.MerchantID)
	if err != nil {
		return err
	}
	for _, w := range pr.PaymentMethods {
		if !strings.Contains(","+m.Wallets+",", ","+w+",") {
			return &Error{Code: CodeForbidden, Reason: "wallet_disabled", Param: "payment_methods", Value: w,
				Message: WalletName(w) + " is not enabled for this merchant."}
		}
	}
	if err := checkSender(pr.MerchantPhoneNumber, m.PhoneNumbers); err != nil {
		return err
	}
	if pr.TaxID != "" {
		t, err := tx.GetTax(ctx, s, pr.TaxID, false)
		switch {
		case ErrorCode(err) == CodeNotFound:
			// "If it does not exist, the amount value will be tax free."
			pr.Warnings = append(pr.Warnings, Warning{Param: "tax_id", Reason: WarnTaxNotFound})
		case err != nil:
			return err
		}
		switch t.Type {
		case TaxPercentage:
			pr.TaxAmount = percentOfRate(pr.Amount, t.Rate)
		case TaxFixedAmount:
			// Fixed taxes are kept in hundredths of a unit; move them to this
			// currency's minor units, refusing what it cannot express.
			v, ok := rescale(t.Amount, 2, pr.Currency.Exponent)
			if !ok {
				return invalidPR("tax_id", "The tax profile's fixed amount cannot be expressed in %s.", pr.Currency.Code)
			}
			pr.TaxAmount = v
		}
		pr.AmountDue += pr.TaxAmount
	}
	if pr.TemplateID != "" {
		if _, err := tx.GetTemplate(ctx, s, pr.TemplateID, false); err != nil {
			if ErrorCode(err) != CodeNotFound {
				return err
			}
			// The merchant's default template is used, as when it is empty.
			pr.Warnings = append(pr.Warnings, Warning{Param: "template_id", Reason: WarnTemplateNotFound})
		}
	}
	if err := checkPayable(*pr); err != nil {
		return err
	}
	// The processor's own limits (Stripe's minimum charge) too, for the
	// amount the page will charge; a donation (no amount yet) is checked
	// when it is paid.
	first := pr.AmountDue
	if pr.InitialPaymentAmount != nil {
		first = *pr.InitialPaymentAmount
	}
	if first > 0 {
		if err := e.checkAmount(s, first, pr.Currency); err != nil {
			return err
		}
	}
	if id := strings.TrimSpace(in.CustomerID); id != "" && id != "0" {
		// "Customer ID used to update customer data if exist": an unknown id
		// updates nobody, and the request is made all the same.
		notFound := func() error {
			pr.Warnings = append(pr.Warnings, Warning{Param: "customer_id", Reason: WarnCustomerNotFound})
			return nil
		}
		n, ok := new(big.Int).SetString(id, 10)
		if !ok || !n.IsInt64() || n.Sign() <= 0 {
			return notFound()
		}
		c, err := tx.GetCustomer(ctx, s, CustomerRef{Number: n.Int64()}, true)
		if err != nil || c.Deleted {
			if err == nil || ErrorCode(err) == CodeNotFound {
				return notFound()
			}
			return err
		}
		pr.CustomerNumber = c.Number
		changed := false
		for _, f := range []struct {
			dst *string
			v   string
		}{{&c.Salutation, pr.CustomerSalutation},
			{&c.FirstName, pr.CustomerFirstName}, {&c.LastName, pr.CustomerLastName}, {&c.Email, pr.Email},
			{&c.Phone, pr.MobileNumber}} {
			if f.v != "" && *f.dst != f.v {
				*f.dst, changed = f.v, true
			}
		}
		if changed {
			c.Updated = now
			if err := tx.UpdateCustomer(ctx, c); err != nil {
				return err
			}
			if err := e.emit(ctx, tx, s, EventCustomerUpdated, c, now); err != nil {
				return err
			}
		}
	}
	return requestOnTestClock(ctx, tx, s, in.TestClock, pr)
}

// checkSender refuses a merchant_phone_number that is not one of the
// merchant's registered sender numbers (MerchantContact.PhoneNumbers): the
// document's "You can buy the number in merchant dashboard". Numbers are
// compared by their digits, so "+1 415-555-0100" is "+14155550100". With no
// number registered the field is refused too, saying so (reason
// no_sender_numbers), rather than sending from a number the merchant does
// not own. Errors: CodeForbidden (sender_not_registered, no_sender_numbers).
func checkSender(asked, registered string) error {
	if asked == "" {
		return nil
	}
	digits := func(n string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, n)
	}
	any := false
	for _, n := range strings.Split(registered, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		any = true
		if digits(n) == digits(asked) {
			return nil
		}
	}
	if !any {
		return &Error{Code: CodeForbidden, Reason: "no_sender_numbers", Param: "merchant_phone_number", Value: asked,
			Message: "merchant_phone_number cannot be used: the merchant has registered no SMS sender number."}
	}
	return &Error{Code: CodeForbidden, Reason: "sender_not_registered", Param: "merchant_phone_number", Value: asked,
		Message: "merchant_phone_number " + asked + " is not one of the merchant's registered SMS sender numbers."}
}

// checkPayable refuses a request that no payment could settle: PayPaymentRequest
// charges the amount due (or, for a recurring request's first payment, the
// initial payment amount) as one payment, which CreatePayment caps at
// MaxPaymentAmount. Checking at creation and edit keeps the merchant from
// sending a link that can only fail, and the payer from seeing why.
func checkPayable(pr PaymentRequest) error {
	limit := FormatMajorTrim(MaxPaymentAmount, pr.Currency) + " " + pr.Currency.Code
	if pr.AmountDue > MaxPaymentAmount {
		return &Error{Code: CodeInvalid, Reason: "amount_too_large", Param: "amount", Message: fmt.Sprintf(
			"The total due (%s %s) is more than one payment can carry (%s).",
			FormatMajorTrim(pr.AmountDue, pr.Currency), pr.Currency.Code, limit)}
	}
	if pr.InitialPaymentAmount != nil && *pr.InitialPaymentAmount > MaxPaymentAmount {
		return &Error{Code: CodeInvalid, Reason: "amount_too_large", Param: "initial_payment_amount", Message: fmt.Sprintf(
			"initial_payment_amount is more than one payment can carry (%s).", limit)}
	}
	return nil
}

// CreatePaymentRequest validates and stores a payment request.
// Errors: CodeInvalid (naming the field), CodeForbidden (wallet_disabled,
// sender_not_registered, no_sender_numbers).
func (e *Engine) CreatePaymentRequest(ctx context.Context, s Scope, in PaymentRequestInput) (PaymentRequest, error) {
	now := e.now()
	pr, err := in.build(now)
	if err != nil {
		return PaymentRequest{}, err
	}
	pr.ID, pr.MerchantID, pr.Livemode, pr.Created = NewID("preq"), s.MerchantID, s.Livemode, now
	err = e.tx(ctx, func(tx Tx) error {
		if err := e.applyLookups(ctx, tx, s, in, &pr, now); err != nil {
			return err
		}
		n, err := tx.InsertPaymentRequest(ctx, pr)
		if err != nil {
			return err
		}
		pr.Number, pr.TransactionID = n, TransactionID(n)
		return e.requestCreated(ctx, tx, s, pr, now)
	})
	return pr, err
}

// UpdatePaymentRequest replaces a payment request's fields, keeping its ids,
// and sends the invoice again when the edit changes what the customer pays
// or where it goes (requestEdited). A request with a payment history cannot
// change (BR-19).
// Errors: CodeNotFound, CodeState (paid), CodeInvalid, CodeForbidden.
func (e *Engine) UpdatePaymentRequest(ctx context.Context, s Scope, transactionID string, in PaymentRequestInput) (PaymentRequest, error) {
	now := e.now()
	pr, err := in.build(now)
	if err != nil {
		return PaymentRequest{}, err
	}
	err = e.tx(ctx, func(tx Tx) error {
		old, err := tx.GetPaymentRequest(ctx, s, transactionID, true)
		if err != nil {
			return err
		}
		if err := refuseIfPaid(ctx, tx, s, old, "edit"); err != nil {
			return err
		}
		pr.ID, pr.TransactionID, pr.Number, pr.MerchantID, pr.Livemode, pr.Created = old.ID, old.TransactionID, old.Number, old.MerchantID, old.Livemode, old.Created
		pr.Modified = &now
		if err := e.applyLookups(ctx, tx, s, in, &pr, now); err != nil {
			return err
		}
		if err := tx.UpdatePaymentRequest(ctx, pr); err != nil {
			return err
		}
		return e.requestEdited(ctx, tx, s, old, pr, now)
	})
	return pr, err
}

func refuseIfPaid(ctx context.Context, tx Tx, s Scope, pr PaymentRequest, verb string) error {
	n, err := tx.CountRequestPayments(ctx, s, pr.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return &Error{Code: CodeState, Reason: "payment_request_has_payments", Param: "transaction_id",
			Message: fmt.Sprintf("You cannot %s a transaction that already has a payment history.", verb)}
	}
	return nil
}

// GetPaymentRequest returns a payment request by transaction id. Errors: CodeNotFound.
func (e *Engine) GetPaymentRequest(ctx context.Context, s Scope, transactionID string) (PaymentRequest, error) {
	var pr PaymentRequest
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { pr, err = tx.GetPaymentRequest(ctx, s, transactionID, false); return err })
	return pr, err
}

// PaymentRequestLink returns a payment request by its link id ("preq_..."),
// whatever its scope: the hosted payment page uses it.
func (e *Engine) PaymentRequestLink(ctx context.Context, id string) (PaymentRequest, error) {
	var pr PaymentRequest
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { pr, err = tx.GetPaymentRequestByID(ctx, id); return err })
	if err == nil && pr.Deleted {
		err = NotFound("payment request", "id", id)
	}
	return pr, err
}

// PaymentPage returns a payment request by its link id with its merchant,
// for the hosted payment page and the invoice: deleted requests too (the
// page says so), and the payment that paid it, if any. Errors: CodeNotFound.
func (e *Engine) PaymentPage(ctx context.Context, linkID string) (PaymentRequest, Merchant, error) {
	var pr PaymentRequest
	var m Merchant
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) {
		if pr, err = tx.GetPaymentRequestByID(ctx, linkID); err != nil {
			return err
		}
		m, err = tx.GetMerchant(ctx, pr.MerchantID)
		return err
	})
	return pr, m, err
}

// ListPaymentRequests returns a numbered page of payment requests, newest first.
func (e *Engine) ListPaymentRequests(ctx context.Context, s Scope, lp ListParams) (Page[PaymentRequest], error) {
	var out Page[PaymentRequest]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListPaymentRequests(ctx, s, lp); return err })
	return out, err
}

// DeletePaymentRequest removes a payment request that has no payment (BR-20).
// Errors: CodeNotFound, CodeState.
func (e *Engine) DeletePaymentRequest(ctx context.Context, s Scope, transactionID string) (PaymentRequest, error) {
	var pr PaymentRequest
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if pr, err = tx.GetPaymentRequest(ctx, s, transactionID, true); err != nil {
			return err
		}
		if err := refuseIfPaid(ctx, tx, s, pr, "delete"); err != nil {
			return err
		}
		pr.Deleted = true
		return tx.UpdatePaymentRequest(ctx, pr)
	})
	return pr, err
}

// PayPaymentRequest charges a card for a payment request: the request's
// payment type decides capture (DB) or authorisation only (PA). For a
// request without a fixed amount the payer chooses amount (minor units).
// The first phase locks the request and refuses a second payer while a
// payment of it is processing, or once a one-time request is paid, so two
// payers can never both be charged.
//
// A request with shipping_enabled needs the payer's address, ship (see
// payerShipping); the first phase keeps it with the payment, in the
// payment's transaction, and the request's shipping_address becomes it when
// the payment is made or authorised (settleRequest). Without
// shipping_enabled ship is ignored.
// Errors: CodeNotFound, CodeState (paid, in progress, expired), CodeInvalid
// (shipping_address[…] among others), CodeCard, CodeProcessor.
func (e *Engine) PayPaymentRequest(ctx context.Context, linkID string, card CardInput, amount int64, ship *ShippingAddress) (Payment, error) {
	pr, err := e.PaymentRequestLink(ctx, linkID)
	if err != nil {
		return Payment{}, err
	}
	var addr ShippingAddress
	if pr.ShippingEnabled {
		if addr, err = payerShipping(ship); err != nil {
			return Payment{}, err
		}
	}
	due := pr.AmountDue
	if !pr.FixedAmount && amount > 0 {
		due = amount
	}
	if pr.Frequency != FrequencyOnce && pr.InitialPaymentAmount != nil && *pr.InitialPaymentAmount > 0 && pr.Status == "open" {
		due = *pr.InitialPaymentAmount
	}
	s := Scope{MerchantID: pr.MerchantID, Livemode: pr.Livemode}
	proc, err := e.processor(s)
	if err != nil {
		return Payment{}, err
	}
	pi, err := e.preparePayment(ctx, s, PaymentInput{Amount: due, Currency: pr.Currency.Code, Card: &card,
		Capture: pr.PaymentType == "DB", Description: "Payment request " + pr.TransactionID, ReceiptEmail: pr.Email})
	if err != nil {
		return Payment{}, err
	}
	pi.p.RequestID, pi.moto = pr.ID, pr.MotoEnabled
	err = e.beginPayment(ctx, s, proc, &pi, func(tx Tx) error {
		locked, err := lockPayable(ctx, tx, s, pr.TransactionID, pi.p.Created)
		if err != nil || !pr.ShippingEnabled {
			return err
		}
		if locked.PayerShipping == nil {
			locked.PayerShipping = map[string]ShippingAddress{}
		}
		locked.PayerShipping[pi.p.ID] = addr
		return tx.UpdatePaymentRequest(ctx, locked)
	})
	if err != nil {
		return Payment{}, err
	}
	return e.authorizePayment(ctx, s, proc, pi)
}

// lockPayable locks a payment request and refuses a payment of it that
// cannot be: paid (one-time), deleted, expired, or with a payment processing.
// It returns the request as locked.
func lockPayable(ctx context.Context, tx Tx, s Scope, transactionID string, now time.Time) (PaymentRequest, error) {
	pr, err := tx.GetPaymentRequest(ctx, s, transactionID, true)
	if err != nil {
		return pr, err
	}
	if pr.Status == "paid" && pr.Frequency == FrequencyOnce {
		return pr, StateError("payment_request_paid", "This payment request has already been paid.")
	}
	if pr.ExpiresAt != nil && !now.Before(*pr.ExpiresAt) {
		return pr, StateError("payment_request_expired", "This payment request has expired.")
	}
	n, err := tx.CountRequestPayments(ctx, s, pr.ID, StatusProcessing)
	if err != nil {
		return pr, err
	}
	if n > 0 {
		return pr, StateError("payment_request_in_progress", "A payment of this payment request is in progress; try again in a moment.")
	}
	return pr, nil
}

// settleRequest records a settled payment attempt on its payment request,
// in the payment's transaction: a success marks the request paid (and
// starts a recurring one), and every attempt approved or declined queues the
// response_url callback. An attempt that authorised nothing (failed, or
// canceled while it waited for 3-D Secure) leaves the request payable. A
// canceled attempt has no callback: it was neither approved nor declined,
// and the callback, rendered from the payment as it stands when delivered,
// cannot tell it from an approved authorisation released since; its
// merchant, who canceled it, has the cancel's answer and payment.canceled.
// The shipping address the payer gave with p becomes the request's when p
// is made or authorised and is the payment that paid the request (keeping
// the merchant's e-mail and mobile number when the payer gave neither), and
// is dropped otherwise. A
// one-time request, once paid, drops every other payer's address too: it
// keeps the address of the payment that paid it.
func (e *Engine) settleRequest(ctx context.Context, tx Tx, s Scope, p Payment) error {
	pr, err := tx.GetPaymentRequestByID(ctx, p.RequestID)
	if err != nil {
		return err
	}
	if pr, err = tx.GetPaymentRequest(ctx, s, pr.TransactionID, true); err != nil {
		return err
	}
	paid := p.authorised()
	addr, held := pr.PayerShipping[p.ID]
	delete(pr.PayerShipping, p.ID)
	if len(pr.PayerShipping) == 0 || (paid && pr.Frequency == FrequencyOnce) {
		pr.PayerShipping = nil
	}
	if !paid && held {
		if err := tx.UpdatePaymentRequest(ctx, pr); err != nil {
			return err
		}
	}
	if paid {
		pr.Status = "paid"
		if pr.PaymentID == "" {
			pr.PaymentID, pr.PaidAt = p.ID, &p.Created
		}
		// Only the payment that paid the request gives it its address: a
		// recurring request stays payable, and a later payer's address must
		// not replace the first's, nor show on the first payer's receipt or
		// on the page the next payer opens.
		if held && pr.PaymentID == p.ID {
			// The page shows no e-mail or mobile number: the merchant's stay
			// unless the payer gave their own.
			if old := pr.ShippingAddress; old != nil && addr.Email == "" && addr.MobileNo == "" {
				addr.Email, addr.MobileNo = old.Email, old.MobileNo
			}
			pr.ShippingAddress = &addr
		}
		if pr.Frequency != FrequencyOnce && pr.SubscriptionStatus == "" {
			pr.SubscriptionStatus = "active"
		}
		if err := tx.UpdatePaymentRequest(ctx, pr); err != nil {
			return err
		}
		if err := e.startRequestSubscription(ctx, tx, s, pr, p); err != nil {
			return err
		}
	}
	if p.Status == StatusCanceled {
		return nil
	}
	return e.requestAttempted(ctx, tx, pr, p)
}

// EndSubscription stops the recurring payments of the request a scheduled
// payment belongs to, and cancels its subscription.
// Errors: CodeNotFound (no such payment, or not scheduled).
func (e *Engine) EndSubscription(ctx context.Context, s Scope, paymentID string) (Payment, PaymentRequest, error) {
	var p Payment
	var pr PaymentRequest
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.GetPayment(ctx, s, paymentID, true); err != nil {
			return err
		}
		if p.RequestID == "" || p.Status != StatusSucceeded {
			return NotFound("payment", "payment_id", paymentID)
		}
		if pr, err = tx.GetPaymentRequestByID(ctx, p.RequestID); err != nil {
			return err
		}
		if pr.Frequency == FrequencyOnce || pr.SubscriptionStatus != "active" {
			return NotFound("payment", "payment_id", paymentID)
		}
		if sub, err := tx.GetSubscriptionByRequest(ctx, s, pr.ID, true); err == nil && sub.billing() {
			if err := e.cancelSubscription(ctx, tx, s, &sub, e.subscriptionNow(ctx, tx, s, sub)); err != nil {
				return err
			}
		} else if err != nil && ErrorCode(err) != CodeNotFound {
			return err
		}
		pr.SubscriptionStatus = "ended"
		return tx.UpdatePaymentRequest(ctx, pr)
	})
	return p, pr, err
}

// SetWallets sets which wallets (APPLE_PAY, GOOGLE_PAY) a merchant offers.
func (e *Engine) SetWallets(ctx context.Context, merchantID string, enabled []string) error {
	for _, w := range enabled {
		if _, ok := wallets[w]; !ok {
			return Invalid("wallets", "parameter_invalid", "Unknown wallet %s: use APPLE_PAY or GOOGLE_PAY.", w)
		}
	}
	return e.tx(ctx, func(tx Tx) error { return tx.SetMerchantWallets(ctx, merchantID, strings.Join(enabled, ",")) })
}

// parseExpiry reads an expiry date as the document formats it (YYYY-MM-DD
// HH:MM, UTC) or as ISO 8601, the format of every other Paysley date.
func parseExpiry(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	t, err := time.Parse("2006-01-02 15:04", text)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, text); err != nil {
			return t, err
		}
	}
	// Year 0000 (with an offset east of UTC, a year before 1) is no
	// date anyone means, and no date format here can write it back.
	if t = t.UTC(); t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("expiry date %q is out of range", text)
	}
	return t, nil
}

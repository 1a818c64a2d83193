package paysley

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/web"
)

// prCreateJSON is the create response (Y1), fields in the document's order,
// plus amount_due (an extension: what the customer pays with taxes and shipping).
type prCreateJSON struct {
	Amount                string        `json:"amount"`
	AmountDue             string        `json:"amount_due"`
	AttachInvoice         bool          `json:"attach_invoice"`
	AttachReceipt         bool          `json:"attach_receipt"`
	CancelURL             string        `json:"cancel_url"`
	CreatedAt             string        `json:"created_at"`
	Currency              string        `json:"currency"`
	CustomerFirstName     string        `json:"customer_first_name"`
	CustomerID            string        `json:"customer_id"`
	CustomerLastName      string        `json:"customer_last_name"`
	CustomerSalutation    string        `json:"customer_salutation"`
	Email                 string        `json:"email"`
	ExpiryDate            string        `json:"expiry_date"`
	FixedAmount           bool          `json:"fixed_amount"`
	InvoiceURL            string        `json:"invoice_url"`
	LongURL               string        `json:"long_url"`
	MerchantPhoneNumber   *string       `json:"merchant_phone_number"`
	MobileNumber          string        `json:"mobile_number"`
	ModifiedAt            string        `json:"modified_at"`
	PaymentMethods        []string      `json:"payment_methods"`
	PaymentType           string        `json:"payment_type"`
	QRCodeLink            string        `json:"qrcode_link"`
	ReceiptFileType       string        `json:"receipt_file_type"`
	RedirectURL           string        `json:"redirect_url"`
	ReferenceNumber       string        `json:"reference_number"`
	RequestMethods        []string      `json:"request_methods"`
	ResponseURL           string        `json:"response_url"`
	Result                string        `json:"result"`
	SendMMSInvoice        bool          `json:"send_mms_invoice"`
	SendMMSReceipt        bool          `json:"send_mms_receipt"`
	ShippingEnabled       bool          `json:"shipping_enabled"`
	ShortURL              string        `json:"short_url"`
	TaxID                 string        `json:"tax_id"`
	TemplateID            string        `json:"template_id"`
	TransactionID         string        `json:"transaction_id"`
	PaymentStartDate      string        `json:"payment_start_date"`
	InitialPaymentAmount  string        `json:"initial_payment_amount"`
	TotalNumberOfPayments string        `json:"total_number_of_payments"`
	Warnings              []warningJSON `json:"warnings,omitempty"`   // extension: references ignored
	TestClock             string        `json:"test_clock,omitempty"` // extension: the test clock it bills on
}

// prEditJSON is the edit response (Y2), in the document's order.
type prEditJSON struct {
	Result              string        `json:"result"`
	TransactionID       string        `json:"transaction_id"`
	RequestMethods      []string      `json:"request_methods"`
	ReferenceNumber     string        `json:"reference_number"`
	Email               string        `json:"email"`
	MobileNumber        string        `json:"mobile_number"`
	MerchantPhoneNumber *string       `json:"merchant_phone_number"`
	CustomerID          string        `json:"customer_id"`
	CustomerSalutation  string        `json:"customer_salutation"`
	CustomerFirstName   string        `json:"customer_first_name"`
	CustomerLastName    string        `json:"customer_last_name"`
	PaymentType         string        `json:"payment_type"`
	Currency            string        `json:"currency"`
	Amount              string        `json:"amount"`
	AmountDue           string        `json:"amount_due"`
	FixedAmount         bool          `json:"fixed_amount"`
	ShortURL            string        `json:"short_url"`
	LongURL             string        `json:"long_url"`
	QRCodeLink          string        `json:"qrcode_link"`
	TaxID               string        `json:"tax_id"`
	TemplateID          string        `json:"template_id"`
	PaymentMethods      []string      `json:"payment_methods"`
	ShippingEnabled     bool          `json:"shipping_enabled"`
	SendMMSInvoice      bool          `json:"send_mms_invoice"`
	AttachInvoice       bool          `json:"attach_invoice"`
	InvoiceURL          string        `json:"invoice_url"`
	SendMMSReceipt      bool          `json:"send_mms_receipt"`
	AttachReceipt       bool          `json:"attach_receipt"`
	ReceiptFileType     string        `json:"receipt_file_type"`
	ExpiryDate          string        `json:"expiry_date"`
	ResponseURL         string        `json:"response_url"`
	RedirectURL         string        `json:"redirect_url"`
	CancelURL           string        `json:"cancel_url"`
	CreatedAt           string        `json:"created_at"`
	ModifiedAt          string        `json:"modified_at"`
	Warnings            []warningJSON `json:"warnings,omitempty"` // extension: references ignored
}

// prItemJSON is one element of the payment request list (Y3L).
type prItemJSON struct {
	Amount               any            `json:"amount"`
	AmountDue            any            `json:"amount_due"`
	AttachReceiptOnEmail bool           `json:"attach_receipt_on_email"`
	Chargeback           []any          `json:"chargeback"`
	CreatedAt            string         `json:"created_at"`
	Currency             string         `json:"currency"`
	Email                string         `json:"email"`
	ExpirationDate       *string        `json:"expiration_date"`
	FixedAmount          bool           `json:"fixed_amount"`
	InvoiceURL           *string        `json:"invoice_url"`
	MerchantPhoneNumber  *string        `json:"merchant_phone_number"`
	MobileNumber         string         `json:"mobile_number"`
	ModifiedAt           *string        `json:"modified_at"`
	PaymentDate          *string        `json:"payment_date"`
	PaymentID            *string        `json:"payment_id"`
	PaymentMethods       []string       `json:"payment_methods"`
	PaymentType          string         `json:"payment_type"`
	ReceiptFileType      *string        `json:"receipt_file_type"`
	ReferenceNumber      string         `json:"reference_number"`
	Refund               []movementJSON `json:"refund"`
	RequestMethods       []string       `json:"request_methods"`
	Reversal             []movementJSON `json:"reversal"`
	SendMMSReceipt       bool           `json:"send_mms_receipt"`
	ShippingInformation  bool           `json:"shipping_information"`
	Status               string         `json:"status"`
	StatusDescription    string         `json:"status_description"`
	TaxID                string         `json:"tax_id"`
	TransactionID        string         `json:"transaction_id"`
	URL                  string         `json:"url"`
	PaymentFrequency     string         `json:"payment_frequency"`
	SubscriptionStatus   *string        `json:"subscription_status"`
	// ShippingAddress is an extension: the address the merchant sent, or,
	// with shipping_enabled, the one the payer gave with the payment that
	// paid the request; null when there is none.
	ShippingAddress *shippingAddressJSON `json:"shipping_address"`
}

// shippingAddressJSON is a shipping address in the shape and with the keys
// of the create body's shipping_address.
type shippingAddressJSON struct {
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Email        string `json:"email"`
	MobileNo     string `json:"mobile_no"`
	AddressLine1 string `json:"address_line_1"`
	AddressLine2 string `json:"address_line_2"`
	City         string `json:"city"`
	State        string `json:"state"`
	Country      string `json:"country"`
	Zip          string `json:"zip"`
}

func renderShippingAddress(a *domain.ShippingAddress) *shippingAddressJSON {
	if a == nil {
		return nil
	}
	return &shippingAddressJSON{FirstName: a.FirstName, LastName: a.LastName, Email: a.Email, MobileNo: a.MobileNo,
		AddressLine1: a.AddressLine1, AddressLine2: a.AddressLine2, City: a.City, State: a.State, Country: a.Country, Zip: a.Zip}
}

// movementJSON is an element of a request's refund or reversal array; the
// document does not show their shape, so they carry the history row.
type movementJSON struct {
	PaymentID string `json:"payment_id"`
	Amount    any    `json:"amount"`
	Currency  string `json:"currency"`
	Date      string `json:"date"`
}

// prListJSON is the payment request list envelope; limit and page are
// strings, as the document shows them (IC-P43).
type prListJSON struct {
	Limit        string       `json:"limit"`
	Page         string       `json:"page"`
	PageCount    int          `json:"page_count"`
	TotalCount   int          `json:"total_count"`
	Transactions []prItemJSON `json:"transactions"`
}

// links are the payment page addresses of a request: the pages serve them.
func (h *handler) links(pr domain.PaymentRequest) (short, long, qr string) {
	return pages.ShortURL(h.BaseURL, pr.ID), pages.PayURL(h.BaseURL, pr.ID), pages.QRURL(h.BaseURL, pr.ID)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func customerIDText(pr domain.PaymentRequest) string {
	if pr.CustomerNumber == 0 {
		return ""
	}
	return strconv.FormatInt(pr.CustomerNumber, 10)
}

func expiryText(pr domain.PaymentRequest) string {
	if pr.ExpiresAt == nil {
		return ""
	}
	return pr.ExpiresAt.UTC().Format("2006-01-02 15:04")
}

func (h *handler) renderCreate(pr domain.PaymentRequest) prCreateJSON {
	short, long, qr := h.links(pr)
	out := prCreateJSON{Amount: decimalText(pr.Amount, pr.Currency), AmountDue: decimalText(pr.AmountDue, pr.Currency),
		AttachInvoice: pr.AttachInvoice, AttachReceipt: pr.AttachReceipt, CancelURL: pr.CancelURL, CreatedAt: isoTime(pr.Created),
		Currency: pr.Currency.Code, CustomerFirstName: pr.CustomerFirstName, CustomerID: customerIDText(pr),
		CustomerLastName: pr.CustomerLastName, CustomerSalutation: pr.CustomerSalutation, Email: pr.Email,
		ExpiryDate: expiryText(pr), FixedAmount: pr.FixedAmount, InvoiceURL: pr.InvoiceURL, LongURL: long,
		MerchantPhoneNumber: nullable(pr.MerchantPhoneNumber), MobileNumber: pr.MobileNumber,
		PaymentMethods: nonNilStrings(pr.PaymentMethods), PaymentType: pr.PaymentType, QRCodeLink: qr,
		ReceiptFileType: pr.ReceiptFileType, RedirectURL: pr.RedirectURL, ReferenceNumber: pr.ReferenceNumber,
		RequestMethods: nonNilStrings(pr.RequestMethods), ResponseURL: pr.ResponseURL, Result: "success",
		SendMMSInvoice: pr.SendMMSInvoice, SendMMSReceipt: pr.SendMMSReceipt, ShippingEnabled: pr.ShippingEnabled,
		ShortURL: short, TaxID: pr.TaxID, TemplateID: pr.TemplateID, TransactionID: pr.TransactionID}
	if pr.Modified != nil {
		out.ModifiedAt = isoTime(*pr.Modified)
	}
	if pr.PaymentStartDate != nil {
		out.PaymentStartDate = isoTime(*pr.PaymentStartDate)
	}
	if pr.InitialPaymentAmount != nil {
		out.InitialPaymentAmount = decimalText(*pr.InitialPaymentAmount, pr.Currency)
	}
	if pr.TotalNumberOfPayments != nil {
		out.TotalNumberOfPayments = strconv.FormatInt(*pr.TotalNumberOfPayments, 10)
	}
	out.Warnings = renderWarnings(pr.Warnings, nil)
	out.TestClock = pr.TestClock
	return out
}

func (h *handler) renderEdit(pr domain.PaymentRequest) prEditJSON {
	c := h.renderCreate(pr)
	return prEditJSON{Result: "success", TransactionID: c.TransactionID, RequestMethods: c.RequestMethods,
		ReferenceNumber: c.ReferenceNumber, Email: c.Email, MobileNumber: c.MobileNumber, MerchantPhoneNumber: c.MerchantPhoneNumber,
		CustomerID: c.CustomerID, CustomerSalutation: c.CustomerSalutation, CustomerFirstName: c.CustomerFirstName,
		CustomerLastName: c.CustomerLastName, PaymentType: c.PaymentType, Currency: c.Currency, Amount: c.Amount,
		AmountDue: c.AmountDue, FixedAmount: c.FixedAmount, ShortURL: c.ShortURL, LongURL: c.LongURL, QRCodeLink: c.QRCodeLink,
		TaxID: c.TaxID, TemplateID: c.TemplateID, PaymentMethods: c.PaymentMethods, ShippingEnabled: c.ShippingEnabled,
		SendMMSInvoice: c.SendMMSInvoice, AttachInvoice: c.AttachInvoice, InvoiceURL: c.InvoiceURL,
		SendMMSReceipt: c.SendMMSReceipt, AttachReceipt: c.AttachReceipt, ReceiptFileType: c.ReceiptFileType,
		ExpiryDate: c.ExpiryDate, ResponseURL: c.ResponseURL, RedirectURL: c.RedirectURL, CancelURL: c.CancelURL,
		CreatedAt: c.CreatedAt, ModifiedAt: c.ModifiedAt, Warnings: c.Warnings}
}

func (h *handler) renderItem(r *http.Request, pr domain.PaymentRequest) (prItemJSON, error) {
	short, _, _ := h.links(pr)
	item := prItemJSON{Amount: number(pr.Amount, pr.Currency), AmountDue: number(pr.AmountDue, pr.Currency),
		AttachReceiptOnEmail: pr.AttachReceipt, Chargeback: []any{}, CreatedAt: isoTime(pr.Created), Currency: pr.Currency.Code,
		Email: pr.Email, ExpirationDate: isoTimePtr(pr.ExpiresAt), FixedAmount: pr.FixedAmount, InvoiceURL: nullable(pr.InvoiceURL),
		MerchantPhoneNumber: nullable(pr.MerchantPhoneNumber), MobileNumber: pr.MobileNumber, ModifiedAt: isoTimePtr(pr.Modified),
		PaymentDate: isoTimePtr(pr.PaidAt), PaymentID: nullable(pr.PaymentID), PaymentMethods: nonNilStrings(pr.PaymentMethods),
		PaymentType: pr.PaymentType, ReceiptFileType: nullable(pr.ReceiptFileType), ReferenceNumber: pr.ReferenceNumber,
		Refund: []movementJSON{}, RequestMethods: nonNilStrings(pr.RequestMethods), Reversal: []movementJSON{},
		SendMMSReceipt: pr.SendMMSReceipt, ShippingInformation: pr.ShippingEnabled, Status: "pending",
		TaxID: pr.TaxID, TransactionID: pr.TransactionID, URL: short, PaymentFrequency: string(pr.Frequency),
		SubscriptionStatus: nullable(pr.SubscriptionStatus), ShippingAddress: renderShippingAddress(pr.ShippingAddress)}
	switch {
	case pr.Status == "paid":
		item.Status = "success"
	case pr.ExpiresAt != nil && !h.Engine.Clock().Before(*pr.ExpiresAt):
		item.Status, item.StatusDescription = "expired", "The payment request has expired."
	}
	if pr.PaymentID != "" {
		refunds, err := h.Engine.ListRefunds(r.Context(), scope(r), domain.ListParams{Limit: domain.MaxCursorLimit, Payment: pr.PaymentID})
		if err != nil {
			return item, err
		}
		for _, rf := range refunds.Items {
			item.Refund = append(item.Refund, movementJSON{PaymentID: strings.TrimPrefix(rf.ID, "re_"),
				Amount: number(rf.Amount, rf.Currency), Currency: rf.Currency.Code, Date: isoTime(rf.Created)})
		}
		p, err := h.Engine.GetPayment(r.Context(), scope(r), pr.PaymentID)
		if err != nil {
			return item, err
		}
		if p.Status == domain.StatusCanceled && p.CanceledAt != nil {
			item.Reversal = append(item.Reversal, movementJSON{PaymentID: p.ID, Amount: number(p.Amount, p.Currency),
				Currency: p.Currency.Code, Date: isoTime(*p.CanceledAt)})
		}
	}
	return item, nil
}

// prInput decodes the create/edit body. Every flag accepts true/"true"/1;
// every number a JSON number or numeric string; "" and null are absent.
func prInput(p *web.Params) (domain.PaymentRequestInput, error) {
	var in domain.PaymentRequestInput
	var err error
	str := func(key string, dst *string) {
		if err == nil {
			*dst, _, err = p.Str(key)
		}
	}
	dec := func(key string, dst *string) {
		if err == nil {
			*dst, _, err = p.Decimal(key)
		}
	}
	flag := func(key string, dst *bool) {
		if err == nil {
			*dst, _, err = p.Bool(key)
		}
	}
	if err == nil {
		in.RequestMethods, _, err = p.StrList("request_methods")
	}
	str("reference_number", &in.ReferenceNumber)
	str("email", &in.Email)
	str("mobile_number", &in.MobileNumber)
	str("merchant_phone_number", &in.MerchantPhoneNumber)
	dec("amount", &in.Amount)
	str("currency", &in.Currency)
	if err == nil {
		var v, ok bool
		if v, ok, err = p.Bool("fixed_amount"); ok {
			in.FixedAmount = &v
		}
	}
	str("tax_id", &in.TaxID)
	str("template_id", &in.TemplateID)
	str("payment_type", &in.PaymentType)
	if err == nil {
		in.PaymentMethods, _, err = p.StrList("payment_methods")
	}
	flag("moto_enabled", &in.MotoEnabled)
	flag("shipping_enabled", &in.ShippingEnabled)
	flag("send_mms_invoice", &in.SendMMSInvoice)
	flag("attach_invoice", &in.AttachInvoice)
	flag("send_mms_receipt", &in.SendMMSReceipt)
	flag("attach_receipt", &in.AttachReceipt)
	flag("send_confirmation", &in.SendConfirmation)
	str("invoice_url", &in.InvoiceURL)
	str("receipt_file_type", &in.ReceiptFileType)
	str("expiry_date", &in.ExpiryDate)
	str("customer_id", &in.CustomerID)
	str("customer_salutation", &in.CustomerSalutation)
	str("customer_first_name", &in.CustomerFirstName)
	str("customer_last_name", &in.CustomerLastName)
	str("response_url", &in.ResponseURL)
	str("cancel_url", &in.CancelURL)
	str("redirect_url", &in.RedirectURL)
	str("payment_frequency", &in.PaymentFrequency)
	str("payment_start_date", &in.PaymentStartDate)
	dec("initial_payment_amount", &in.InitialPaymentAmount)
	str("total_number_of_payments", &in.TotalNumberOfPayments)
	str("test_clock", &in.TestClock) // an extension
	dec("shipping_charges", &in.ShippingCharges)
	dec("shipping_tax", &in.ShippingTax)
	if err != nil {
		return in, err
	}
	items, _, err := p.ObjList("cart_items")
	if err != nil {
		return in, err
	}
	for _, it := range items {
		var ci domain.CartItemInput
		for _, f := range []struct {
			key string
			dst *string
			num bool
		}{{"product_service_id", &ci.ProductServiceID, false}, {"name", &ci.Name, false}, {"sku", &ci.SKU, false},
			{"unit", &ci.Unit, false}, {"qty", &ci.Qty, true}, {"sales_price", &ci.SalesPrice, true},
			{"tax_value", &ci.TaxValue, true}, {"tax_type", &ci.TaxType, false}, {"tax_name", &ci.TaxName, false}} {
			if f.num {
				*f.dst, _, err = it.Decimal(f.key)
			} else {
				*f.dst, _, err = it.Str(f.key)
			}
			if err != nil {
				return in, err
			}
		}
		if ci.Taxable, _, err = it.Bool("taxable"); err != nil {
			return in, err
		}
		in.CartItems = append(in.CartItems, ci)
	}
	ship, ok, err := p.Obj("shipping_address")
	if err != nil {
		return in, err
	}
	if ok {
		var a domain.ShippingAddress
		for _, f := range []struct {
			key string
			dst *string
		}{{"first_name", &a.FirstName}, {"last_name", &a.LastName}, {"email", &a.Email}, {"mobile_no", &a.MobileNo},
			{"address_line_1", &a.AddressLine1}, {"address_line_2", &a.AddressLine2}, {"city", &a.City}, {"state", &a.State},
			{"country", &a.Country}, {"zip", &a.Zip}} {
			if *f.dst, _, err = ship.Str(f.key); err != nil {
				return in, err
			}
		}
		in.ShippingAddress = &a // checked by the engine, as the payer's is
	}
	return in, nil
}

func (h *handler) createPaymentRequest(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := prInput(p)
	if err != nil {
		return err
	}
	pr, err := h.Engine.CreatePaymentRequest(r.Context(), scope(r), in)
	if err != nil {
		return prError(err)
	}
	web.WriteJSON(w, http.StatusOK, h.renderCreate(pr))
	return nil
}

// prError renders the wallet refusal as the document shows it: E2 with an
// empty error_field, at 402 (valid parameters, refused request), in the
// document's words, its typo included.
func prError(err error) error {
	switch de := domain.AsError(err); de.Reason {
	case "wallet_disabled":
		return e2(http.StatusPaymentRequired, "", domain.WalletName(de.Value)+
			" is not enabled. Please check your cofiguration and/or contact your administrator.")
	case "sender_not_registered":
		// The wallet refusal's shape, naming the field: the number is well
		// formed, the merchant has not registered it.
		return e2(http.StatusPaymentRequired, "merchant_phone_number", de.Value+
			" is not one of your SMS sender numbers. Please check your configuration and/or contact your administrator.")
	case "no_sender_numbers":
		return e2(http.StatusPaymentRequired, "merchant_phone_number",
			"You have no SMS sender number yet. Register one in the dashboard's settings, or leave merchant_phone_number empty.")
	}
	return err
}

func (h *handler) editPaymentRequest(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	txn, _, err := p.Str("transaction_id")
	if err != nil {
		return err
	}
	if strings.TrimSpace(txn) == "" {
		return &apiError{status: http.StatusBadRequest, body: e2bBody{IsValid: false, ErrorField: "transaction_id", ErrorMessage: "transaction_id is required"}}
	}
	in, err := prInput(p)
	if err != nil {
		return err
	}
	pr, err := h.Engine.UpdatePaymentRequest(r.Context(), scope(r), strings.TrimSpace(txn), in)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &apiError{status: http.StatusNotFound, body: e2bBody{IsValid: false, ErrorField: "transaction_id", ErrorMessage: "transaction_id not valid"}}
	}
	if err != nil {
		return prError(err)
	}
	web.WriteJSON(w, http.StatusOK, h.renderEdit(pr))
	return nil
}

// e2bBody is E2 without "result" (the edit error, IC-P4).
type e2bBody struct {
	IsValid      bool   `json:"is_valid"`
	ErrorField   string `json:"error_field"`
	ErrorMessage string `json:"error_message"`
}

func (h *handler) getPaymentRequest(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.Engine.GetPaymentRequest(r.Context(), scope(r), r.PathValue("transaction_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return e2(http.StatusNotFound, "transaction_id", "Transaction not found.")
	}
	if err != nil {
		return err
	}
	item, err := h.renderItem(r, pr)
	if err != nil {
		return err
	}
	// The document's only result format for this call is the list envelope
	// (IC-P8): one element, so clients written against it keep working.
	web.WriteJSON(w, http.StatusOK, prListJSON{Limit: "1", Page: "1", PageCount: 1, TotalCount: 1, Transactions: []prItemJSON{item}})
	return nil
}

func (h *handler) listPaymentRequests(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	page, err := h.Engine.ListPaymentRequests(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]prItemJSON, 0, len(page.Items))
	for _, pr := range page.Items {
		item, err := h.renderItem(r, pr)
		if err != nil {
			return err
		}
		items = append(items, item)
	}
	web.WriteJSON(w, http.StatusOK, prListJSON{Limit: strconv.Itoa(lp.Limit), Page: strconv.Itoa(lp.Page),
		PageCount: pageCount(page.Total, lp.Limit), TotalCount: page.Total, Transactions: items})
	return nil
}

func (h *handler) deletePaymentRequest(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.Engine.DeletePaymentRequest(r.Context(), scope(r), r.PathValue("transaction_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return e2(http.StatusNotFound, "transaction_id", "Transaction not found.")
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, prDeletedJSON{"success", pr.TransactionID})
	return nil
}

// prDeletedJSON is the delete's answer.
type prDeletedJSON struct {
	Result        string `json:"result"`
	TransactionID string `json:"transaction_id"`
}

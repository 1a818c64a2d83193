package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// docExample is one request example of an API document, named by its place
// in it: the document, its section, the line where the sample starts and
// the sample's language ("request body" is the document's own Request Body
// block sent to its Request URL). Its method, path and body are what the
// sample sends once run; {name} placeholders are replaced by the fixtures'
// real ids, and the document's keys (py_test_w3Lw…, YOUR_ACCESS_TOKEN,
// sk_test_4eC3…) by the merchant's key of the same mode.
//
// Samples that do not parse as written are sent as their author meant them,
// and say so in fix: the document's PHP writes "payment_type": "DB" in an
// array, a Ruby hash misses a quote, a Python dict a comma.
type docExample struct {
	doc, section, lang string
	line               int
	key                string // "py_test", "py_live", "sk_test" or "" for none
	basic              bool   // HTTP Basic (curl -u) instead of Bearer
	method, path, body string
	fix                string
	setup              []string // fixtures the example needs: "category", "group", "customer", ...
	status             int
	want               map[string]any // dotted paths; servertest.Present for any non-null value, "#{id}" for an id rendered as a number
}

// Documented bodies, transcribed from the samples; {…} are placeholders.
const (
	prCreateBody = `{"request_methods": ["SMS"], "reference_number": "123", "email": "example@example.com",
		"merchant_phone_number": null, "mobile_number": "+12345678901", "customer_id": "", "customer_salutation": "Mr",
		"customer_first_name": "John", "customer_last_name": "Preston", "redirect_url": "https://paysley.com",
		"response_url": "https://paysley.com", "cancel_url": "https://paysley.com", "fixed_amount": true, "currency": "USD",
		"amount": 1500.12, "tax_id": "", "template_id": "", "moto_enabled": false, "shipping_enabled": false,
		"send_mms_invoice": true, "attach_invoice": true, "invoice_url": "https://py-fixed-assets.s3.amazonaws.com/logo.png",
		"attach_receipt": true, "receipt_file_type": "pdf", "payment_type": "DB", "payment_methods": ["APPLE_PAY", "GOOGLE_PAY"],
		"expiry_date": "", "payment_frequency": "ONE-TIME", "payment_start_date": "", "initial_payment_amount": "",
		"total_number_of_payments": ""}`
	prEditRequestBody = `{"transaction_id": "{transaction_id}", "request_methods": ["WEB"], "reference_number": "123",
		"email": "example@example.com", "merchant_phone_number": null, "mobile_number": "+12345678901", "customer_id": "",
		"customer_salutation": "Mr", "customer_first_name": "John", "customer_last_name": "Preston",
		"redirect_url": "https://paysley.com", "response_url": "https://paysley.com", "cancel_url": "https://paysley.com",
		"fixed_amount": true, "currency": "USD", "amount": 1500.12, "tax_id": "", "template_id": "", "moto_enabled": false,
		"shipping_enabled": false, "send_mms_invoice": true, "attach_invoice": true,
		"invoice_url": "https://py-fixed-assets.s3.amazonaws.com/logo.png", "attach_receipt": true, "receipt_file_type": "pdf",
		"payment_type": "DB", "payment_methods": ["APPLE_PAY", "GOOGLE_PAY"], "expiry_date": ""}`
	prEditBody = `{"transaction_id": "{transaction_id}", "request_methods": ["WEB"], "reference_number": "123",
		"email": "example@example.com", "merchant_phone_number": null, "mobile_number": "+12345678901", "customer_id": "",
		"customer_salutation": "Mr", "customer_first_name": "John", "customer_last_name": "Preston",
		"redirect_url": "https://paysley.com", "response_url": "https://paysley.com", "cancel_url": "https://paysley.com",
		"fixed_amount": true, "currency": "USD", "amount": 1500.12, "tax_id": "", "template_id": "", "moto_enabled": false,
		"shipping_enabled": false, "send_mms_invoice": true, "attach_invoice": true,
		"invoice_url": "https://py-fixed-assets.s3.amazonaws.com/logo.png", "attach_receipt": true, "receipt_file_type": "pdf",
		"payment_type": "DB", "payment_methods": ["APPLE_PAY", "GOOGLE_PAY"], "expiry_date": "",
		"payment_frequency": "ONE-TIME", "payment_start_date": ""}`
	refundBody     = `{"email": "example@example.com", "amount": 1, "mobile_number": "+12345678"}`
	customerFields = `"customer_group_id": "", "salutation": "Mr.", "first_name": "John", "last_name": "Doe",
		"company_name": "", "ein_code": "", "listing_type": "individual", "description": "", "country_iso": "", "state": "",
		"city": "", "postal_code": "", "reference_number": "", "additional_value": {"age": 20, "gender": "male"},
		"address_line1": "", "address_line2": ""`
	customerCreate = `{"email": "john@doe.com", "mobile_no": "1234567890", ` + customerFields +
		`, "profile_picture_base64": "some base 64 string image"}`
	customerEditFields = `"email": "john@doe.com", "customer_group_id": "0", "salutation": "Mr.", "first_name": "John",
		"last_name": "Doe", "company_name": "0", "ein_code": "", "listing_type": "individual", "description": "",
		"country_iso": "", "state": "", "city": "", "postal_code": "", "reference_number": "",
		"additional_value": {"age": 20, "gender": "male"}, "address_line1": "", "address_line2": ""`
	groupCreate = `{"group_name": "Card", "description": "group for card"}`
	groupEdit   = `{"customer_group_id": {group}, "group_name": "Card", "description": "group for card"}`
	productJSON = `"name": "Item 1", "description": "Description item 1", "sku": "BRW-LAR-B678-HNM",
		"category_id": {category}, "type": "product", "manage_inventory": 0, "unit_in_stock": 1, "unit_low_stock": 1,
		"unit_type": "flat-rate", "tax_id": "", "cost": 1, "sales_price": 1, "image": "{path}/uploads/product-image.jpg"`
	productPHP = `"name": "Item 1", "description": "Description item 1", "sku": "BRW-LAR-B678-HNM",
		"category_id": "{category}", "type": "product", "manage_inventory": "0", "unit_in_stock": "1",
		"unit_low_stock": "1", "unit_type": "flat-rate", "cost": "1", "sales_price": "1",
		"image": "{path}/uploads/product-image.jpg"`
	productRuby = `{"name": "Item 1", "description": "Description item 1", "sku": "BRW-LAR-B678-HNM",
		"category_id": {category}, "type": "product", "manage_inventory": 1, "unit_in_stock": 1, "unit_low_stock": 1,
		"unit_type": "flat-rate", "tax_id": 1, "cost": 1, "sales_price": 1, "image": "{path}/uploads/product-image.jpg"}`
	categoryCreate = `{"name": "Product Category"}`
	categoryEdit   = `{"category_id": {category}, "name": "Product Category"}`

	cardBody = `{"amount": 2000, "currency": "usd", "payment_method": {"type": "card",
		"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": {future_year}, "cvc": "123"}}}`
)

// The documented result formats, as the fields a test checks.
var (
	prCreated = map[string]any{"result": "success", "transaction_id": servertest.Present, "amount": "1500.12",
		"currency": "USD", "request_methods.0": "SMS", "short_url": servertest.Present, "long_url": servertest.Present,
		"qrcode_link": servertest.Present, "created_at": servertest.Present, "tax_id": "", "customer_id": ""}
	prEdited = map[string]any{"result": "success", "transaction_id": "{transaction_id}", "request_methods.0": "WEB",
		"amount": "1500.12", "modified_at": servertest.Present}
	prList       = map[string]any{"limit": "1", "page": "5", "page_count": servertest.Present, "transactions": servertest.Present}
	prDetail     = map[string]any{"transactions.0.transaction_id": "{transaction_id}", "transactions.0.status": "pending"}
	prDeleted    = map[string]any{"result": "success", "transaction_id": "{transaction_id}"}
	historyList  = map[string]any{"limit": "5", "page": "1", "payments.0.payment_id": "{payment_id}", "payments.0.payment_type": "CC.DB"}
	historyOne   = map[string]any{"payment.payment_id": "{payment_id}", "payment.transaction_id": "{transaction_id}", "payment.status": "success"}
	refunded     = map[string]any{"status": "refund", "refunded_amount": 1.0, "payment_id": "{payment_id}", "balance": servertest.Present, "transaction_id": servertest.Present}
	noPayment    = map[string]any{"result": "failed", "message": "Payment not found."}
	captured     = map[string]any{"status": "capture", "captured_amount": 10.0, "payment_id": "{pa_payment_id}", "transaction_id": "{pa_transaction_id}"}
	ended        = map[string]any{"status": "end_subscription", "transaction_type": "scheduled", "payment_id": "{subscription_payment_id}"}
	custCreated  = map[string]any{"result": "success", "email": "john@doe.com", "first_name": "John", "customer_images.0": nil}
	custList     = map[string]any{"result": "success", "limit": 10.0, "page": 1.0, "customers.0.customer_id": servertest.Present}
	custEdited   = map[string]any{"result": "success", "customer_id": "{customer}", "customer_group_id": nil, "company": "0"}
	custDeleted  = map[string]any{"code": 200.0, "is_valid": true, "result": "success", "message": "Delete customer success!"}
	groupCreated = map[string]any{"result": "success", "customer_group_id": servertest.Present, "group_name": "Card", "description": "group for card"}
	groupList    = map[string]any{"result": "success", "customers_groups.0.name": "Card"}
	groupEdited  = map[string]any{"result": "success", "customer_group_id": "#{group}", "group_name": "Card"}
	groupDeleted = map[string]any{"result": "success", "customer_group_id": "{group}"}
	prodCreated  = map[string]any{"result": "success", "id": servertest.Present, "name": "Item 1", "category_id": "#{category}", "cost": 1.0, "sales_price": 1.0}
	prodList     = map[string]any{"result": "success", "product_services.0.name": "Item 1", "product_services.0.cost": "1.00"}
	prodEdited   = map[string]any{"result": "success", "id": "#{product}", "name": "Item 1", "category_id": "#{category}"}
	catCreated   = map[string]any{"id": servertest.Present, "name": "Product Category"}
	catList      = map[string]any{"result": "success", "categories.0.name": "Product Category"}
	catEdited    = map[string]any{"id": "#{category}", "name": "Product Category"}
	catDeleted   = map[string]any{"result": "success", "message": "Delete category product success"}
	paid         = map[string]any{"object": "payment", "status": "succeeded", "amount": 2000.0, "currency": "usd",
		"payment_method.card.last4": "4242", "receipt_url": servertest.Present}
	paymentList = map[string]any{"object": "list"}
)

const (
	sY = "paysley-api.txt"
	sS = "paysmart-api.txt"
)

// paysleyExamples are the request examples of the Paysley document, in its order.
var paysleyExamples = []docExample{
	{doc: sY, section: "Authentication", line: 32, lang: "curl", key: "py_test", method: "GET", path: "/v2/payments", status: 200, want: map[string]any{"payments": servertest.Present}},

	// Create a Payment Request
	{doc: sY, section: "Create a Payment Request", line: 394, lang: "request body", key: "py_test", method: "POST", path: "/v2/payment-requests/", body: prCreateBody, status: 200, want: prCreated},
	{doc: sY, section: "Create a Payment Request", line: 430, lang: "curl", key: "py_test", method: "POST", path: "/v2/payment-requests", body: prCreateBody, status: 200, want: prCreated},
	{doc: sY, section: "Create a Payment Request", line: 469, lang: "python", key: "py_test", method: "POST", path: "/v2/payment-requests", body: prCreateBody, status: 200, want: prCreated},
	{doc: sY, section: "Create a Payment Request", line: 518, lang: "node", key: "py_test", method: "POST", path: "/v2/payment-requests", body: prCreateBody, status: 200, want: prCreated},
	{doc: sY, section: "Create a Payment Request", line: 568, lang: "php", key: "py_test", method: "POST", path: "/v2/payment-requests", body: prCreateBody, status: 200, want: prCreated,
		fix: `"payment_type": "DB" read as "payment_type" => "DB"`},
	{doc: sY, section: "Create a Payment Request", line: 628, lang: "ruby", key: "py_test", method: "POST", path: "/v2/payment-requests", body: prCreateBody, status: 200, want: prCreated},

	// Edit a Payment Request
	{doc: sY, section: "Edit a Payment Request", line: 747, lang: "request body", key: "py_test", method: "PUT", path: "/v2/payment-requests/", body: prEditRequestBody, setup: []string{"request"}, status: 200, want: prEdited},
	{doc: sY, section: "Edit a Payment Request", line: 780, lang: "curl", key: "py_test", method: "PUT", path: "/v2/payment-requests", body: prEditBody, setup: []string{"request"}, status: 200, want: prEdited},
	{doc: sY, section: "Edit a Payment Request", line: 818, lang: "python", key: "py_test", method: "PUT", path: "/v2/payment-requests", body: prEditBody, setup: []string{"request"}, status: 200, want: prEdited},
	{doc: sY, section: "Edit a Payment Request", line: 866, lang: "node", key: "py_test", method: "PUT", path: "/v2/payment-requests", body: prEditBody, setup: []string{"request"}, status: 200, want: prEdited},
	{doc: sY, section: "Edit a Payment Request", line: 915, lang: "php", key: "py_test", method: "PUT", path: "/v2/payment-requests", body: prEditBody, setup: []string{"request"}, status: 200, want: prEdited,
		fix: `"payment_type": "DB" read as "payment_type" => "DB"`},
	{doc: sY, section: "Edit a Payment Request", line: 974, lang: "ruby", key: "py_test", method: "PUT", path: "/v2/payment-requests", body: prEditBody, setup: []string{"request"}, status: 200, want: prEdited,
		fix: `payment_frequency" "ONE-TIME" read as payment_frequency: "ONE-TIME"`},

	// Get a Payment Request detail: the curl fetches one; the others list page 5 of 1.
	{doc: sY, section: "Get a Payment Request detail", line: 1087, lang: "curl", key: "py_test", method: "GET", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDetail},
	{doc: sY, section: "Get a Payment Request detail", line: 1089, lang: "python", key: "py_test", method: "GET", path: "/v2/payment-requests?page=5&limit=1", setup: []string{"request"}, status: 200, want: prList},
	{doc: sY, section: "Get a Payment Request detail", line: 1102, lang: "node", key: "py_test", method: "GET", path: "/v2/payment-requests?page=5&limit=1", setup: []string{"request"}, status: 200, want: prList},
	{doc: sY, section: "Get a Payment Request detail", line: 1115, lang: "php", key: "py_test", method: "GET", path: "/v2/payment-requests?page=5&limit=1", setup: []string{"request"}, status: 200, want: prList},
	{doc: sY, section: "Get a Payment Request detail", line: 1136, lang: "ruby", key: "py_test", method: "GET", path: "/v2/payment-requests?page=5&limit=1", setup: []string{"request"}, status: 200, want: prList},

	// Delete a Payment Request: the non-curl samples use a live key.
	{doc: sY, section: "Delete a Payment Request", line: 1211, lang: "curl", key: "py_test", method: "DELETE", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDeleted},
	{doc: sY, section: "Delete a Payment Request", line: 1213, lang: "python", key: "py_live", method: "DELETE", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDeleted},
	{doc: sY, section: "Delete a Payment Request", line: 1226, lang: "node", key: "py_live", method: "DELETE", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDeleted},
	{doc: sY, section: "Delete a Payment Request", line: 1239, lang: "php", key: "py_live", method: "DELETE", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDeleted},
	{doc: sY, section: "Delete a Payment Request", line: 1260, lang: "ruby", key: "py_live", method: "DELETE", path: "/v2/payment-requests/{transaction_id}", setup: []string{"request"}, status: 200, want: prDeleted},

	// Get Payment History ("{optional parameters here}" is left out).
	{doc: sY, section: "Get Payment History", line: 1374, lang: "curl", key: "py_test", method: "GET", path: "/v2/payments", setup: []string{"paid"}, status: 200, want: map[string]any{"payments.0.payment_id": "{payment_id}"}},
	{doc: sY, section: "Get Payment History", line: 1376, lang: "python", key: "py_test", method: "GET", path: "/v2/payments?limit=5&page=1", setup: []string{"paid"}, status: 200, want: historyList},
	{doc: sY, section: "Get Payment History", line: 1389, lang: "node", key: "py_test", method: "GET", path: "/v2/payments?limit=5&page=1", setup: []string{"paid"}, status: 200, want: historyList},
	{doc: sY, section: "Get Payment History", line: 1402, lang: "php", key: "py_test", method: "GET", path: "/v2/payments?limit=5&page=1", setup: []string{"paid"}, status: 200, want: historyList},
	{doc: sY, section: "Get Payment History", line: 1423, lang: "ruby", key: "py_test", method: "GET", path: "/v2/payments?limit=5&page=1", setup: []string{"paid"}, status: 200, want: historyList},
	{doc: sY, section: "Get Payment History (keywords)", line: 1364, lang: "query table", key: "py_test", method: "GET", path: "/v2/payments?keywords=EXAMPLE.com", setup: []string{"paid"}, status: 200, want: map[string]any{"payments.0.payment_id": "{payment_id}"}},

	// Get Payment History detail (the samples' 40-character id becomes a real one).
	{doc: sY, section: "Get Payment History detail", line: 1547, lang: "curl", key: "py_test", method: "GET", path: "/v2/payments/{payment_id}", setup: []string{"paid"}, status: 200, want: historyOne},
	{doc: sY, section: "Get Payment History detail", line: 1549, lang: "python", key: "py_test", method: "GET", path: "/v2/payments/{payment_id}", setup: []string{"paid"}, status: 200, want: historyOne},
	{doc: sY, section: "Get Payment History detail", line: 1562, lang: "node", key: "py_test", method: "GET", path: "/v2/payments/{payment_id}", setup: []string{"paid"}, status: 200, want: historyOne},
	{doc: sY, section: "Get Payment History detail", line: 1575, lang: "php", key: "py_test", method: "GET", path: "/v2/payments/{payment_id}", setup: []string{"paid"}, status: 200, want: historyOne},
	{doc: sY, section: "Get Payment History detail", line: 1596, lang: "ruby", key: "py_test", method: "GET", path: "/v2/payments/{payment_id}", setup: []string{"paid"}, status: 200, want: historyOne},

	// Refund: the Request Body to the Request URL refunds; the curl sends no
	// body (the documented "amount is required."); the others post to
	// /v2/refunds without naming a payment (the documented "Payment not found.").
	{doc: sY, section: "Refund", line: 1674, lang: "request body", key: "py_test", method: "POST", path: "/v2/refunds/{payment_id}", body: refundBody, setup: []string{"paid"}, status: 200, want: refunded},
	{doc: sY, section: "Refund", line: 1682, lang: "curl", key: "py_test", method: "POST", path: "/v2/refunds/{payment_id}", setup: []string{"paid"}, status: 400,
		want: map[string]any{"is_valid": false, "error_field": "amount", "error_message": "amount is required.", "result": "failed"}},
	{doc: sY, section: "Refund", line: 1684, lang: "python", key: "py_test", method: "POST", path: "/v2/refunds", body: refundBody, status: 404, want: noPayment},
	{doc: sY, section: "Refund", line: 1697, lang: "node", key: "py_test", method: "POST", path: "/v2/refunds", body: refundBody, status: 404, want: noPayment},
	{doc: sY, section: "Refund", line: 1712, lang: "php", key: "py_test", method: "POST", path: "/v2/refunds", body: refundBody, status: 404, want: noPayment},
	{doc: sY, section: "Refund", line: 1734, lang: "ruby", key: "py_test", method: "POST", path: "/v2/refunds", body: refundBody, status: 404, want: noPayment},
	{doc: sY, section: "Refund (payment_id in the body, IC-P18)", line: 1684, lang: "python", key: "py_test", method: "POST", path: "/v2/refunds",
		body: `{"payment_id": "{payment_id}", "email": "example@example.com", "amount": 1, "mobile_number": "+12345678"}`, setup: []string{"paid"}, status: 200, want: refunded},

	// Capture (the samples' payment id becomes a real pre-authorisation).
	{doc: sY, section: "Capture", line: 1795, lang: "request body", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},
	{doc: sY, section: "Capture", line: 1801, lang: "curl", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},
	{doc: sY, section: "Capture", line: 1807, lang: "python", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},
	{doc: sY, section: "Capture", line: 1823, lang: "node", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},
	{doc: sY, section: "Capture", line: 1840, lang: "php", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},
	{doc: sY, section: "Capture", line: 1867, lang: "ruby", key: "py_test", method: "POST", path: "/v2/captures/{pa_payment_id}", body: `{"amount": 10}`, setup: []string{"authorised"}, status: 200, want: captured},

	// End Subscription: the samples' live keys become test keys, since live
	// mode has no processor to have paid a subscription with.
	{doc: sY, section: "End Subscription", line: 1914, lang: "curl", key: "py_test", method: "DELETE", path: "/v2/payments/subscription/{subscription_payment_id}", setup: []string{"subscription"}, status: 200, want: ended,
		fix: "the first line lacks its trailing backslash; sent with the headers of the lines below"},
	{doc: sY, section: "End Subscription", line: 1917, lang: "python", key: "py_test", method: "DELETE", path: "/v2/payments/subscription/{subscription_payment_id}", setup: []string{"subscription"}, status: 200, want: ended},
	{doc: sY, section: "End Subscription", line: 1931, lang: "node", key: "py_test", method: "DELETE", path: "/v2/payments/subscription/{subscription_payment_id}", setup: []string{"subscription"}, status: 200, want: ended},
	{doc: sY, section: "End Subscription", line: 1945, lang: "ruby", key: "py_test", method: "DELETE", path: "/v2/payments/subscription/{subscription_payment_id}", setup: []string{"subscription"}, status: 200, want: ended},
	{doc: sY, section: "End Subscription", line: 1960, lang: "php", key: "py_test", method: "DELETE", path: "/v2/payments/subscription/{subscription_payment_id}", setup: []string{"subscription"}, status: 200, want: ended},

	// Create a Customer
	{doc: sY, section: "Create a Customer", line: 2162, lang: "request body", key: "py_test", method: "POST", path: "/v2/customers",
		body: `{"email": "john@doe.com", "mobile_no": "1234567890", ` + customerFields + `, "profile_picture_base64": "base64string_image"}`, status: 200, want: custCreated},
	{doc: sY, section: "Create a Customer", line: 2186, lang: "curl", key: "py_test", method: "POST", path: "/v2/customers", body: customerCreate, status: 200, want: custCreated},
	{doc: sY, section: "Create a Customer", line: 2210, lang: "python", key: "py_test", method: "POST", path: "/v2/customers", body: customerCreate, status: 200, want: custCreated},
	{doc: sY, section: "Create a Customer", line: 2244, lang: "node", key: "py_test", method: "POST", path: "/v2/customers", body: customerCreate, status: 200, want: custCreated},
	{doc: sY, section: "Create a Customer", line: 2280, lang: "php", key: "py_test", method: "POST", path: "/v2/customers", body: customerCreate, status: 200, want: custCreated},
	{doc: sY, section: "Create a Customer", line: 2325, lang: "ruby", key: "py_test", method: "POST", path: "/v2/customers", body: customerCreate, status: 200, want: custCreated,
		fix: `"address_line2: "" read as "address_line2": ""`},
	{doc: sY, section: "Create a Customer (customer_group_id example)", line: 2098, lang: "field table", key: "py_test", method: "POST", path: "/v2/customers",
		body: `{"email": "john@doe.com", "customer_group_id": "K1Z2J2Zl"}`, status: 200, want: map[string]any{"result": "success", "customer_group_id": nil, "warnings.0.field": "customer_group_id"}},

	// Get List of Customer (the curl's URL needs quotes in a shell: & ends the command).
	{doc: sY, section: "Get List of Customer", line: 2428, lang: "curl", key: "py_test", method: "GET", path: "/v2/customers?page=1&limit=10", setup: []string{"customer"}, status: 200, want: custList},
	{doc: sY, section: "Get List of Customer", line: 2431, lang: "python", key: "py_test", method: "GET", path: "/v2/customers?page=1&limit=10", setup: []string{"customer"}, status: 200, want: custList},
	{doc: sY, section: "Get List of Customer", line: 2445, lang: "node", key: "py_test", method: "GET", path: "/v2/customers?page=1&limit=10", setup: []string{"customer"}, status: 200, want: custList},
	{doc: sY, section: "Get List of Customer", line: 2459, lang: "php", key: "py_test", method: "GET", path: "/v2/customers?page=1&limit=10", setup: []string{"customer"}, status: 200, want: custList},
	{doc: sY, section: "Get List of Customer", line: 2480, lang: "ruby", key: "py_test", method: "GET", path: "/v2/customers?page=1&limit=10", setup: []string{"customer"}, status: 200, want: custList},

	// Edit a Customer (customer 747 becomes the fixture's).
	{doc: sY, section: "Edit a Customer", line: 2543, lang: "request body", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body:   `{"customer_id": {customer}, "mobile_no": "1234567890", ` + strings.Replace(customerEditFields, `"company_name": "0"`, `"company_name": ""`, 1) + `, "profile_picture_base64": "base64string_image"}`,
		status: 200, want: map[string]any{"result": "success", "customer_id": "{customer}", "customer_group_id": nil, "company": nil}},
	{doc: sY, section: "Edit a Customer", line: 2568, lang: "curl", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body: `{"customer_id": {customer}, "mobile_no": "1234567890", ` + customerEditFields + `, "profile_picture_base64": "some base 64 string image"}`, status: 200, want: custEdited},
	{doc: sY, section: "Edit a Customer", line: 2593, lang: "python", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body: `{"customer_id": {customer}, "mobile_no": "1234567890", ` + customerEditFields + `, "profile_picture_base64": "some base 64 string image"}`, status: 200, want: custEdited,
		fix: "the comma missing after additional_value added"},
	{doc: sY, section: "Edit a Customer", line: 2628, lang: "node", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body: `{"customer_id": {customer}, "mobile_no": "1234567890", ` + customerEditFields + `, "profile_picture_base64": "some base 64 string image"}`, status: 200, want: custEdited,
		fix: "the options are sent with request(options, …), which the sample leaves out"},
	{doc: sY, section: "Edit a Customer", line: 2661, lang: "php", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body: `{"customer_id": "{customer}", "mobile_no": "+1234567890", ` + customerEditFields + `, "profile_picture_base64": "some base 64 string image"}`, status: 200, want: custEdited,
		fix: `"company_name": "0",, "ein_code": "" and "listing_type": "individual" read as => pairs`},
	{doc: sY, section: "Edit a Customer", line: 2707, lang: "ruby", key: "py_test", method: "PUT", path: "/v2/customers", setup: []string{"customer"},
		body: `{"customer_id": {customer}, "mobile_no": "1234567890", ` + customerEditFields + `, "profile_picture_base64": "some base 64 image string"}`, status: 200, want: custEdited},

	// Delete a Customer (no samples: the Request URL).
	{doc: sY, section: "Delete a Customer", line: 2807, lang: "request url", key: "py_test", method: "DELETE", path: "/v2/customers/{customer}", setup: []string{"customer"}, status: 200, want: custDeleted},

	// Create a Customer Group
	{doc: sY, section: "Create a Customer Group", line: 2854, lang: "request body", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},
	{doc: sY, section: "Create a Customer Group", line: 2861, lang: "curl", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},
	{doc: sY, section: "Create a Customer Group", line: 2868, lang: "python", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},
	{doc: sY, section: "Create a Customer Group", line: 2885, lang: "node", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},
	{doc: sY, section: "Create a Customer Group", line: 2904, lang: "php", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},
	{doc: sY, section: "Create a Customer Group", line: 2932, lang: "ruby", key: "py_test", method: "POST", path: "/v2/customers/groups", body: groupCreate, status: 200, want: groupCreated},

	// Get List of Customer Group
	{doc: sY, section: "Get List of Customer Group", line: 2988, lang: "curl", key: "py_test", method: "GET", path: "/v2/customers/groups?page=1&limit=10", setup: []string{"group"}, status: 200, want: groupList},
	{doc: sY, section: "Get List of Customer Group", line: 2991, lang: "python", key: "py_test", method: "GET", path: "/v2/customers/groups?page=1&limit=10", setup: []string{"group"}, status: 200, want: groupList},
	{doc: sY, section: "Get List of Customer Group", line: 3005, lang: "node", key: "py_test", method: "GET", path: "/v2/customers/groups?page=1&limit=10", setup: []string{"group"}, status: 200, want: groupList},
	{doc: sY, section: "Get List of Customer Group", line: 3019, lang: "php", key: "py_test", method: "GET", path: "/v2/customers/groups?page=1&limit=10", setup: []string{"group"}, status: 200, want: groupList},
	{doc: sY, section: "Get List of Customer Group", line: 3040, lang: "ruby", key: "py_test", method: "GET", path: "/v2/customers/groups?page=1&limit=10", setup: []string{"group"}, status: 200, want: groupList},

	// Edit a Customer Group
	{doc: sY, section: "Edit a Customer Group", line: 3081, lang: "request body", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},
	{doc: sY, section: "Edit a Customer Group", line: 3089, lang: "curl", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},
	{doc: sY, section: "Edit a Customer Group", line: 3097, lang: "python", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},
	{doc: sY, section: "Edit a Customer Group", line: 3115, lang: "node", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},
	{doc: sY, section: "Edit a Customer Group", line: 3135, lang: "php", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},
	{doc: sY, section: "Edit a Customer Group", line: 3164, lang: "ruby", key: "py_test", method: "PUT", path: "/v2/customers/groups", body: groupEdit, setup: []string{"group"}, status: 200, want: groupEdited},

	// Delete a Customer Group
	{doc: sY, section: "Delete a Customer Group", line: 3217, lang: "curl", key: "py_test", method: "DELETE", path: "/v2/customers/groups/{group}", setup: []string{"group"}, status: 200, want: groupDeleted},
	{doc: sY, section: "Delete a Customer Group", line: 3220, lang: "python", key: "py_test", method: "DELETE", path: "/v2/customers/groups/{group}", setup: []string{"group"}, status: 200, want: groupDeleted},
	{doc: sY, section: "Delete a Customer Group", line: 3234, lang: "node", key: "py_test", method: "DELETE", path: "/v2/customers/groups/{group}", setup: []string{"group"}, status: 200, want: groupDeleted},
	{doc: sY, section: "Delete a Customer Group", line: 3248, lang: "php", key: "py_test", method: "DELETE", path: "/v2/customers/groups/{group}", setup: []string{"group"}, status: 200, want: groupDeleted},
	{doc: sY, section: "Delete a Customer Group", line: 3269, lang: "ruby", key: "py_test", method: "DELETE", path: "/v2/customers/groups/{group}", setup: []string{"group"}, status: 200, want: groupDeleted},

	// Create a Product and Service (category 1 becomes the fixture's).
	{doc: sY, section: "Create a Product and Service", line: 3405, lang: "request body", key: "py_test", method: "POST", path: "/v2/products-services", body: "{" + productJSON + "}", setup: []string{"category"}, status: 200, want: prodCreated},
	{doc: sY, section: "Create a Product and Service", line: 3423, lang: "curl", key: "py_test", method: "POST", path: "/v2/products-services", body: "{" + productJSON + "}", setup: []string{"category"}, status: 200, want: prodCreated},
	{doc: sY, section: "Create a Product and Service", line: 3441, lang: "python", key: "py_test", method: "POST", path: "/v2/products-services", body: "{" + productJSON + "}", setup: []string{"category"}, status: 200, want: prodCreated},
	{doc: sY, section: "Create a Product and Service", line: 3469, lang: "node", key: "py_test", method: "POST", path: "/v2/products-services", body: "{" + productJSON + "}", setup: []string{"category"}, status: 200, want: prodCreated},
	{doc: sY, section: "Create a Product and Service", line: 3497, lang: "php", key: "py_test", method: "POST", path: "/v2/products-services", body: "{" + productPHP + `, "tax_id": "1"}`, setup: []string{"category"}, status: 200,
		want: with(prodCreated, "tax_id", nil, "warnings.0.field", "tax_id")},
	{doc: sY, section: "Create a Product and Service", line: 3536, lang: "ruby", key: "py_test", method: "POST", path: "/v2/products-services", body: productRuby, setup: []string{"category"}, status: 200,
		want: with(prodCreated, "tax_id", nil, "manage_inventory", 1.0, "warnings.0.field", "tax_id")},

	// Get List of Product and Service (no samples: the Request URL).
	{doc: sY, section: "Get List of Product and Service", line: 3616, lang: "request url", key: "py_test", method: "GET", path: "/v2/products-services", setup: []string{"product"}, status: 200, want: prodList},

	// Edit a Product and Service (product "1" becomes the fixture's).
	{doc: sY, section: "Edit a Product and Service", line: 3656, lang: "request body", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"},
		body: `{"id": "{product}", ` + strings.Replace(productJSON, `"manage_inventory": 0`, `"manage_inventory": 1`, 1) + `}`, status: 200, want: with(prodEdited, "manage_inventory", 1.0),
		fix: `"image" => "…" read as "image": "…"`},
	{doc: sY, section: "Edit a Product and Service", line: 3675, lang: "curl", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"}, body: `{"id": "{product}", ` + productJSON + `}`, status: 200, want: prodEdited},
	{doc: sY, section: "Edit a Product and Service", line: 3694, lang: "python", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"}, body: `{"id": "{product}", ` + productJSON + `}`, status: 200, want: prodEdited},
	{doc: sY, section: "Edit a Product and Service", line: 3723, lang: "node", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"}, body: `{"id": "{product}", ` + productJSON + `}`, status: 200, want: prodEdited},
	{doc: sY, section: "Edit a Product and Service", line: 3752, lang: "php", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"}, body: `{"id": "{product}", ` + productPHP + `, "tax_id": ""}`, status: 200, want: prodEdited},
	{doc: sY, section: "Edit a Product and Service", line: 3792, lang: "ruby", key: "py_test", method: "PUT", path: "/v2/products-services", setup: []string{"product"}, body: `{"id": "{product}", ` + productJSON + `}`, status: 200, want: prodEdited},

	// Create a Category
	{doc: sY, section: "Create a Category", line: 3872, lang: "request body", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},
	{doc: sY, section: "Create a Category", line: 3878, lang: "curl", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},
	{doc: sY, section: "Create a Category", line: 3884, lang: "python", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},
	{doc: sY, section: "Create a Category", line: 3900, lang: "node", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},
	{doc: sY, section: "Create a Category", line: 3916, lang: "php", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},
	{doc: sY, section: "Create a Category", line: 3943, lang: "ruby", key: "py_test", method: "POST", path: "/v2/products-services/category", body: categoryCreate, status: 200, want: catCreated},

	// Get List of Category
	{doc: sY, section: "Get List of Category", line: 3994, lang: "curl", key: "py_test", method: "GET", path: "/v2/products-services/category?page=1&limit=10", setup: []string{"category"}, status: 200, want: catList},
	{doc: sY, section: "Get List of Category", line: 3997, lang: "python", key: "py_test", method: "GET", path: "/v2/products-services/category?page=1&limit=10", setup: []string{"category"}, status: 200, want: catList},
	{doc: sY, section: "Get List of Category", line: 4011, lang: "node", key: "py_test", method: "GET", path: "/v2/products-services/category?page=1&limit=10", setup: []string{"category"}, status: 200, want: catList},
	{doc: sY, section: "Get List of Category", line: 4025, lang: "php", key: "py_test", method: "GET", path: "/v2/products-services/category?page=1&limit=10", setup: []string{"category"}, status: 200, want: catList,
		fix: `"Authorization: BearerYOUR_API_TOKEN" read with its space`},
	{doc: sY, section: "Get List of Category", line: 4046, lang: "ruby", key: "py_test", method: "GET", path: "/v2/products-services/category?page=1&limit=10", setup: []string{"category"}, status: 200, want: catList},

	// Edit a Category
	{doc: sY, section: "Edit a Category", line: 4088, lang: "request body", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},
	{doc: sY, section: "Edit a Category", line: 4095, lang: "curl", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},
	{doc: sY, section: "Edit a Category", line: 4102, lang: "python", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},
	{doc: sY, section: "Edit a Category", line: 4119, lang: "node", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},
	{doc: sY, section: "Edit a Category", line: 4136, lang: "php", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},
	{doc: sY, section: "Edit a Category", line: 4164, lang: "ruby", key: "py_test", method: "PUT", path: "/v2/products-services/category", body: categoryEdit, setup: []string{"category"}, status: 200, want: catEdited},

	// Delete a Category (one a product uses, as nothing in the document forbids).
	{doc: sY, section: "Delete a Category", line: 4208, lang: "curl", key: "py_test", method: "DELETE", path: "/v2/products-services/category/{category}", setup: []string{"product"}, status: 200, want: catDeleted},
	{doc: sY, section: "Delete a Category", line: 4211, lang: "python", key: "py_test", method: "DELETE", path: "/v2/products-services/category/{category}", setup: []string{"category"}, status: 200, want: catDeleted},
	{doc: sY, section: "Delete a Category", line: 4225, lang: "node", key: "py_test", method: "DELETE", path: "/v2/products-services/category/{category}", setup: []string{"category"}, status: 200, want: catDeleted},
	{doc: sY, section: "Delete a Category", line: 4239, lang: "php", key: "py_test", method: "DELETE", path: "/v2/products-services/category/{category}", setup: []string{"category"}, status: 200, want: catDeleted},
	{doc: sY, section: "Delete a Category", line: 4260, lang: "ruby", key: "py_test", method: "DELETE", path: "/v2/products-services/category/{category}", setup: []string{"category"}, status: 200, want: catDeleted},
}

// paysmartExamples are the request examples of the PaySmart document. Its
// card expires in 2025; a future year replaces it.
var paysmartExamples = []docExample{
	{doc: sS, section: "Quick Example", line: 8, lang: "curl", key: "sk_test", basic: true, method: "POST", path: "/v2/payments", body: cardBody, status: 200, want: paid},
	{doc: sS, section: "Quick Example", line: 24, lang: "node", key: "sk_test", method: "POST", path: "/v2/payments", body: cardBody, status: 200, want: paid},
	{doc: sS, section: "Quick Example", line: 38, lang: "python", key: "sk_test", method: "POST", path: "/v2/payments", body: cardBody, status: 200, want: paid},
	{doc: sS, section: "Quick Example", line: 53, lang: "php", key: "sk_test", method: "POST", path: "/v2/payments", body: cardBody, status: 200, want: paid,
		fix: "the sample's opening lines are missing from the document; its array is sent"},
	{doc: sS, section: "Authentication Example", line: 77, lang: "curl (basic)", key: "sk_test", basic: true, method: "GET", path: "/v2/payments", status: 200, want: paymentList},
	{doc: sS, section: "Authentication Example", line: 81, lang: "curl (bearer)", key: "sk_test", method: "GET", path: "/v2/payments", status: 200, want: paymentList},
	{doc: sS, section: "Payments", line: 87, lang: "example request", key: "sk_test", method: "POST", path: "/v2/payments", setup: []string{"paysmart customer"},
		body: strings.TrimSuffix(cardBody, "}") + `, "customer": "{paysmart_customer}", "description": "Payment for order #1234"}`, status: 200,
		want: with(paid, "customer", "{paysmart_customer}", "description", "Payment for order #1234")},
	{doc: sS, section: "Customers", line: 127, lang: "example request", key: "sk_test", method: "POST", path: "/v2/customers",
		body: `{"email": "customer@example.com", "name": "John Doe", "phone": "+1234567890", "address": {"line1": "123 Main St",
			"city": "San Francisco", "state": "CA", "postal_code": "94111", "country": "US"}}`, status: 200,
		want: map[string]any{"object": "customer", "email": "customer@example.com", "name": "John Doe", "address.city": "San Francisco", "created": servertest.Present}},
}

// with returns a copy of m with the given paths set.
func with(m map[string]any, kv ...any) map[string]any {
	out := maps.Clone(m)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// TestDocumentExamples runs every request example of both API documents
// against a real server, each for a merchant of its own, and checks the
// documented status and the fields of the documented result.
func TestDocumentExamples(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		env := servertest.New(t, s)
		for i, ex := range append(append([]docExample{}, paysleyExamples...), paysmartExamples...) {
			name := fmt.Sprintf("%s/%s/L%d %s", strings.TrimSuffix(ex.doc, "-api.txt"), ex.section, ex.line, ex.lang)
			t.Run(name, func(t *testing.T) {
				_, keys := storetest.MustMerchant(t, env.Engine, fmt.Sprintf("Example %d", i))
				vars := fixtures(t, env, keys, ex)
				call := servertest.Call{Method: ex.method, Path: fill(ex.path, vars), Body: fill(ex.body, vars)}
				if ex.key != "" {
					call.Auth = "bearer:" + keys[ex.key]
					if ex.basic {
						call.Auth = "basic:" + keys[ex.key]
					}
				}
				r := env.Do(t, call)
				want := map[string]any{}
				for k, v := range ex.want {
					if s, ok := v.(string); ok && strings.HasPrefix(s, "#{") {
						// "#{id}": the id as the JSON number it is rendered as.
						n, err := json.Number(fill(s[1:], vars)).Float64()
						if err != nil {
							t.Fatalf("%s: %v", k, err)
						}
						v = n
					} else if ok {
						v = fill(s, vars)
					}
					want[k] = v
				}
				servertest.Expect(t, r, ex.status, want)
			})
		}
	})
}

// fill replaces {name} placeholders with vars.
func fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// fixtures makes what ex needs for the merchant with keys, through the API
// (and the engine for card payments, as the hosted page will), and returns
// the placeholders' values.
func fixtures(t *testing.T, env *servertest.Env, keys domain.KeySet, ex docExample) map[string]string {
	t.Helper()
	vars := map[string]string{"future_year": fmt.Sprint(time.Now().Year() + 3), "path": "{path}"}
	key := keys["py_test"]
	if ex.key == "py_live" {
		key = keys["py_live"]
	}
	do := func(method, path, body string) servertest.Reply {
		t.Helper()
		r := env.Do(t, servertest.Call{Method: method, Path: path, Auth: "bearer:" + key, Body: body})
		if r.Status != 200 {
			t.Fatalf("fixture %s %s: %d %s", method, path, r.Status, r.Body)
		}
		return r
	}
	text := func(v any) string {
		if f, ok := v.(float64); ok {
			return fmt.Sprint(int64(f))
		}
		return fmt.Sprint(v)
	}
	pay := func(body string) (txn, paymentID string) {
		r := do("POST", "/v2/payment-requests", body)
		link := r.Get("long_url").(string)
		p, err := env.Engine.PayPaymentRequest(context.Background(), link[strings.LastIndex(link, "/")+1:],
			domain.CardInput{Number: "4242424242424242", ExpMonth: 12, ExpYear: time.Now().Year() + 3, CVC: "123"}, 0, nil)
		if err != nil {
			t.Fatalf("pay: %v", err)
		}
		return r.Get("transaction_id").(string), p.ID
	}
	for _, f := range ex.setup {
		switch f {
		case "request":
			vars["transaction_id"] = text(do("POST", "/v2/payment-requests", prCreateBody).Get("transaction_id"))
		case "paid":
			vars["transaction_id"], vars["payment_id"] = pay(`{"request_methods": ["EMAIL"], "email": "example@example.com",
				"reference_number": "1281919191", "amount": 45, "currency": "ZAR", "fixed_amount": true}`)
		case "authorised":
			vars["pa_transaction_id"], vars["pa_payment_id"] = pay(`{"request_methods": ["WEB"], "email": "example@example.com",
				"amount": 1500.12, "currency": "ZAR", "fixed_amount": true, "payment_type": "PA"}`)
		case "subscription":
			_, vars["subscription_payment_id"] = pay(`{"request_methods": ["EMAIL"], "email": "example@example.com",
				"mobile_number": "+12345678901", "amount": 1, "currency": "ZAR", "fixed_amount": true, "payment_frequency": "MONTHLY",
				"payment_start_date": "` + time.Now().UTC().Format("2006-01-02T15:04:05.000Z") + `", "initial_payment_amount": 1,
				"total_number_of_payments": 12}`)
		case "customer":
			vars["customer"] = text(do("POST", "/v2/customers", `{"email": "john@doe.com", "mobile_no": "1234567890", "first_name": "John"}`).Get("customer_id"))
		case "group":
			vars["group"] = text(do("POST", "/v2/customers/groups", groupCreate).Get("customer_group_id"))
		case "category":
			vars["category"] = text(do("POST", "/v2/products-services/category", categoryCreate).Get("id"))
		case "product":
			vars["category"] = text(do("POST", "/v2/products-services/category", categoryCreate).Get("id"))
			vars["product"] = text(do("POST", "/v2/products-services", fill("{"+productJSON+"}", vars)).Get("id"))
		case "paysmart customer":
			r := env.Do(t, servertest.Call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + keys["sk_test"], Body: `{"email": "customer@example.com"}`})
			vars["paysmart_customer"] = text(r.Get("id"))
		default:
			t.Fatalf("unknown fixture %q", f)
		}
	}
	return vars
}

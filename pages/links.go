package pages

import "strings"

// The link builders: every address of a page that an API response carries
// is made here, beside the routes that serve it (Register), so the dialects
// and the pages cannot disagree. base is the server's public URL
// (--base-url) without a trailing slash; ids are the stored ones.

// PayURL is a payment request's long_url: its payment page.
func PayURL(base, requestID string) string { return base + "/pay/" + requestID }

// ShortURL is a payment request's short_url: a short code (the link id's
// 143 random bits without its prefix) that redirects to PayURL.
func ShortURL(base, requestID string) string {
	return base + "/p/" + strings.TrimPrefix(requestID, "preq_")
}

// QRURL is a payment request's qrcode_link: a PNG QR code of its ShortURL.
func QRURL(base, requestID string) string { return base + "/qr/" + requestID + ".png" }

// InvoiceURL is a payment request's invoice as a PDF.
func InvoiceURL(base, requestID string) string { return base + "/invoices/" + requestID + ".pdf" }

// InvoiceImageURL is a payment request's invoice as a PNG picture, the
// media of an MMS invoice.
func InvoiceImageURL(base, requestID string) string { return base + "/invoices/" + requestID + ".png" }

// ReceiptURL is a payment's receipt page (receipt_url); paymentID is the
// bare 32-hex id.
func ReceiptURL(base, paymentID string) string { return base + "/receipts/pay_" + paymentID }

// ReceiptFileURL is a payment's receipt as a file: ext is pdf, png or jpeg.
func ReceiptFileURL(base, paymentID, ext string) string {
	return base + "/receipts/pay_" + paymentID + "." + ext
}

// AuthenticateURL is the 3-D Secure challenge page of a payment that
// requires action (next_action.redirect_to_url.url).
func AuthenticateURL(base, paymentID string) string { return base + "/authenticate/pay_" + paymentID }

// AuthenticateReturnURL is where the card issuer's challenge page (reached
// through a processor such as Stripe) sends the customer back.
func AuthenticateReturnURL(base, paymentID string) string {
	return AuthenticateURL(base, paymentID) + "/return"
}

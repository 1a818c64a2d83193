// Package pages serves the HTML pages and files people see, and builds the
// links to them that the API dialects put in their responses (links.go):
//
//	GET  /pay/{preq_…}            the hosted payment page of a payment request (long_url)
//	POST /pay/{preq_…}            pays it: card or, in test mode, a simulated wallet
//	GET  /p/{code}                short_url: redirects to the payment page
//	GET  /qr/{preq_…}.png         qrcode_link: a QR code of short_url
//	GET  /invoices/{preq_…}.pdf   the request's invoice
//	GET  /invoices/{preq_…}.png   the same invoice as a picture (MMS)
//	GET  /authenticate/{pay_…}    the 3-D Secure challenge of a payment that requires action
//	POST /authenticate/{pay_…}    the customer's answer: Engine.AuthenticatePayment
//	GET  /receipts/{pay_…}        a payment's receipt (receipt_url); .pdf, .png, .jpeg for files
//	GET  /assets/…                the embedded stylesheet and script
//
// Pages are rendered with html/template from embedded templates, with a
// strict Content-Security-Policy (a nonce per response for the one script),
// cross-origin POSTs refused (http.CrossOriginProtection) and errors
// answered as HTML pages, never as API JSON. The ids in the paths are the
// capabilities: 143 random bits for payment requests, 128 for payments.
package pages

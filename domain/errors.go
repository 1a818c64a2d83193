package domain

import (
	"errors"
	"fmt"
)

// Code is the closed set of error kinds the engine returns. Each dialect maps a
// Code (and, where it needs to, the Reason and Param) to an HTTP status and a
// body in one table.
type Code string

// The error codes. Dialects must handle every one of them.
const (
	CodeInvalid             Code = "invalid"               // a parameter is missing or malformed (400)
	CodeNotFound            Code = "not_found"             // no such object for this merchant and mode (404)
	CodeUnauthenticated     Code = "unauthenticated"       // no, unknown, revoked or malformed key (401)
	CodeForbidden           Code = "forbidden"             // the key may not make this call (403)
	CodeCard                Code = "card"                  // the card was refused (402); Reason holds the card code
	CodeState               Code = "state"                 // the object is in the wrong state for the call (400)
	CodeConflict            Code = "conflict"              // a unique value is taken (422 in Paysley, 400 in PaySmart)
	CodeIdempotencyMismatch Code = "idempotency_mismatch"  // key reused with other parameters (400)
	CodeIdempotencyInFlight Code = "idempotency_in_flight" // key in use by a request still running (409)
	CodeTooLarge            Code = "too_large"             // request body over the limit (413)
	CodeUnsupportedMedia    Code = "unsupported_media"     // body in a content type we do not read (415)
	CodeMethodNotAllowed    Code = "method_not_allowed"    // route exists, method does not (405)
	CodeRateLimited         Code = "rate_limited"          // too many requests (429)
	CodeRequestTimeout      Code = "request_timeout"       // the request did not arrive within the server's read timeout (408)
	CodeProcessor           Code = "processor"             // the processor is missing or failed (502)
	CodeInternal            Code = "internal"              // a bug or an outage; details only in the log (500)
)

// Error is the engine's error value. Message is safe to show to the API
// caller; internal detail goes into Err, which is logged and never rendered.
type Error struct {
	Code        Code
	Reason      string // a finer, stable code, e.g. "parameter_missing", "card_declined", "expired_card"
	Param       string // the request parameter at fault, in the dialect-neutral dotted form the dialect sent
	Message     string
	DeclineCode string // for CodeCard: the issuer's reason, e.g. "generic_decline", "insufficient_funds"
	PaymentID   string // for CodeCard: the failed payment that was recorded
	Value       string // the value at fault, for a dialect that words the message its own way
	Err         error  // the underlying cause, for logs only
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.Reason != "" {
		s += "/" + e.Reason
	}
	if e.Param != "" {
		s += " (" + e.Param + ")"
	}
	s += ": " + e.Message
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// AsError returns err as an *Error; anything that is not one becomes a
// CodeInternal error wrapping it.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeInternal, Message: "An unexpected error occurred.", Err: err}
}

// ErrorCode returns the Code of err, or "" when err is nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// Invalid reports a bad parameter.
func Invalid(param, reason, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Param: param, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Missing reports a required parameter that was not sent.
func Missing(param string) *Error {
	return &Error{Code: CodeInvalid, Param: param, Reason: "parameter_missing",
		Message: fmt.Sprintf("Missing required param: %s.", param)}
}

// NotFound reports an object that does not exist for this merchant and mode.
func NotFound(kind, param, id string) *Error {
	return &Error{Code: CodeNotFound, Param: param, Reason: "resource_missing",
		Message: fmt.Sprintf("No such %s: '%s'", kind, id)}
}

// StateError reports a call that the object's state does not allow.
func StateError(reason, format string, args ...any) *Error {
	return &Error{Code: CodeState, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: "An unexpected error occurred.", Err: err}
}

// Warning is a part of a request the engine ignored instead of refusing it,
// where the API document asks for leniency (an unknown tax profile means no
// tax); dialects show it beside the result. Warnings are not stored.
type Warning struct {
	Param  string // the field, as in Error.Param
	Reason string // a stable code, e.g. "tax_not_found"
}

// The warning reasons.
const (
	WarnTaxNotFound      = "tax_not_found"      // no tax applied
	WarnTemplateNotFound = "template_not_found" // the default template is used
	WarnCustomerNotFound = "customer_not_found" // no customer was updated or linked
	WarnGroupNotFound    = "group_not_found"    // the customer is in no group
	WarnNotAnImage       = "not_an_image"       // the picture was not changed
)

package paysley

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// The Paysley document shows a different error body per endpoint (INVENTORY
// §1.2, E1–E8). Handlers that have a documented body for a case return an
// *apiError carrying it; every other error is rendered here by code.

// apiError is an error with the exact body and status the document shows.
type apiError struct {
	status int
	body   any
	cause  error
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("paysley %d: %v", e.status, e.cause)
	}
	return fmt.Sprintf("paysley %d", e.status)
}

func (e *apiError) Unwrap() error { return e.cause }

// e2 is {"is_valid": false, "error_field", "error_message", "result": "failed"}.
type e2Body struct {
	IsValid      bool   `json:"is_valid"`
	ErrorField   string `json:"error_field"`
	ErrorMessage string `json:"error_message"`
	Result       string `json:"result"`
}

func e2(status int, field, message string) *apiError {
	return &apiError{status: status, body: e2Body{IsValid: false, ErrorField: field, ErrorMessage: message, Result: "failed"}}
}

// e4 is {"result": "failed", "message"}.
type e4Body struct {
	Result  string `json:"result"`
	Message string `json:"message"`
}

func e4(status int, message string) *apiError {
	return &apiError{status: status, body: e4Body{Result: "failed", Message: message}}
}

// e3 is {"response_code": 422, "is_valid": false, "errors": [{"message", "field"}]}.
type e3Body struct {
	ResponseCode int       `json:"response_code"`
	IsValid      bool      `json:"is_valid"`
	Errors       []e3Entry `json:"errors"`
}

type e3Entry struct {
	Message string `json:"message"`
	Field   any    `json:"field"` // a string for uniqueness errors, an array for required ids
}

func e3(field any, message string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity,
		body: e3Body{ResponseCode: 422, IsValid: false, Errors: []e3Entry{{Message: message, Field: field}}}}
}

// e3b is {"is_valid": false, "errors": [{"message", "field"}], "result": "failed"}:
// E3 without response_code, as the group edit and product create show it.
type e3bBody struct {
	IsValid bool      `json:"is_valid"`
	Errors  []e3Entry `json:"errors"`
	Result  string    `json:"result"`
}

func e3b(field any, message string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity,
		body: e3bBody{IsValid: false, Errors: []e3Entry{{Message: message, Field: field}}, Result: "failed"}}
}

// fieldError is a domain error about one request field, with the field named
// as the endpoint's request names it. Errors about the request as a whole (a
// malformed body) and failures that are not the caller's are not field errors.
type fieldError struct {
	*domain.Error
	field string
}

// asFieldError returns err as a fieldError of code invalid, conflict, state
// or not found, renaming domain parameters through names; ok is false for
// any other error, which the caller returns as it is.
func asFieldError(err error, names map[string]string) (fieldError, bool) {
	var de *domain.Error
	if !errors.As(err, &de) || de.Param == "" {
		return fieldError{}, false
	}
	switch de.Code {
	case domain.CodeInvalid, domain.CodeConflict, domain.CodeState, domain.CodeNotFound:
	default:
		return fieldError{}, false
	}
	field := de.Param
	if n, ok := names[field]; ok {
		field = n
	}
	return fieldError{Error: de, field: field}, true
}

// serverErrorBody is a failure that is not the caller's, with the request id
// to quote.
type serverErrorBody struct {
	Result    string `json:"result"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

type messageBody struct {
	Message string `json:"message"`
}

// statusOf maps a domain code to the HTTP status of Paysley's table.
var statusOf = map[domain.Code]int{
	domain.CodeInvalid:             http.StatusBadRequest,
	domain.CodeNotFound:            http.StatusNotFound,
	domain.CodeUnauthenticated:     http.StatusUnauthorized,
	domain.CodeForbidden:           http.StatusForbidden,
	domain.CodeCard:                http.StatusPaymentRequired,
	domain.CodeState:               http.StatusBadRequest,
	domain.CodeConflict:            http.StatusUnprocessableEntity,
	domain.CodeIdempotencyMismatch: http.StatusConflict, // "409 - Conflict … using the same idempotent key"
	domain.CodeIdempotencyInFlight: http.StatusConflict,
	domain.CodeTooLarge:            http.StatusRequestEntityTooLarge,
	domain.CodeUnsupportedMedia:    http.StatusUnsupportedMediaType,
	domain.CodeMethodNotAllowed:    http.StatusMethodNotAllowed,
	domain.CodeRateLimited:         http.StatusTooManyRequests,
	domain.CodeRequestTimeout:      http.StatusRequestTimeout,
	domain.CodeProcessor:           http.StatusBadGateway,
	domain.CodeInternal:            http.StatusInternalServerError,
}

// WriteError renders err in the Paysley shape for its code: 401/403 as
// {"message": "Unauthorized"|"Forbidden"} (E1), a conflict as E3, anything
// else as E2 naming the field. Internal errors are logged with the request id.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if ae, ok := err.(*apiError); ok {
		web.WriteJSON(w, ae.status, ae.body)
		return
	}
	de := domain.AsError(err)
	status, ok := statusOf[de.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	switch de.Code {
	case domain.CodeUnauthenticated:
		web.WriteJSON(w, status, messageBody{Message: "Unauthorized"})
	case domain.CodeForbidden:
		web.WriteJSON(w, status, messageBody{Message: "Forbidden"})
	case domain.CodeMethodNotAllowed:
		web.WriteJSON(w, status, messageBody{Message: "Method Not Allowed"})
	case domain.CodeConflict:
		web.WriteJSON(w, status, e3(de.Param, de.Message).body)
	case domain.CodeInternal, domain.CodeProcessor:
		rid := web.RequestID(r.Context())
		if log != nil {
			log.ErrorContext(r.Context(), "request failed", "request_id", rid, "error", de.Error())
		}
		msg := de.Message
		if de.Code == domain.CodeInternal {
			msg = "Something went wrong on our end. Request id: " + rid + "."
		}
		web.WriteJSON(w, status, serverErrorBody{"failed", msg, rid})
	default:
		web.WriteJSON(w, status, e2Body{IsValid: false, ErrorField: de.Param, ErrorMessage: de.Message, Result: "failed"})
	}
}

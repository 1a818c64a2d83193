package paysmart

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// errorStatus maps each domain code to its HTTP status and Stripe error type.
var errorStatus = map[domain.Code]struct {
	status int
	typ    string
}{
	domain.CodeInvalid:             {http.StatusBadRequest, "invalid_request_error"},
	domain.CodeNotFound:            {http.StatusNotFound, "invalid_request_error"},
	domain.CodeUnauthenticated:     {http.StatusUnauthorized, "authentication_error"},
	domain.CodeForbidden:           {http.StatusForbidden, "permission_error"},
	domain.CodeCard:                {http.StatusPaymentRequired, "card_error"},
	domain.CodeState:               {http.StatusBadRequest, "invalid_request_error"},
	domain.CodeConflict:            {http.StatusBadRequest, "invalid_request_error"},
	domain.CodeIdempotencyMismatch: {http.StatusBadRequest, "idempotency_error"},
	domain.CodeIdempotencyInFlight: {http.StatusConflict, "idempotency_error"},
	domain.CodeTooLarge:            {http.StatusRequestEntityTooLarge, "invalid_request_error"},
	domain.CodeUnsupportedMedia:    {http.StatusUnsupportedMediaType, "invalid_request_error"},
	domain.CodeMethodNotAllowed:    {http.StatusMethodNotAllowed, "invalid_request_error"},
	domain.CodeRateLimited:         {http.StatusTooManyRequests, "rate_limit_error"},
	domain.CodeRequestTimeout:      {http.StatusRequestTimeout, "invalid_request_error"},
	domain.CodeProcessor:           {http.StatusBadGateway, "api_error"},
	domain.CodeInternal:            {http.StatusInternalServerError, "api_error"},
}

// errorBody is the documented error shape:
// {"error": {"type", "code", "message", "param", "decline_code", "payment"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Type        string       `json:"type"`
	Code        string       `json:"code,omitempty"`
	Message     string       `json:"message"`
	Param       string       `json:"param,omitempty"`
	DeclineCode string       `json:"decline_code,omitempty"`
	Payment     *paymentJSON `json:"payment,omitempty"`
	RequestID   string       `json:"request_id,omitempty"`
}

// WriteError renders err in the PaySmart shape. Internal errors are logged
// with the request id and shown only as a generic message carrying that id.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	writeErrorWith(w, r, log, err, nil)
}

func writeErrorWith(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error, payment *paymentJSON) {
	de := domain.AsError(err)
	m, ok := errorStatus[de.Code]
	if !ok {
		m = errorStatus[domain.CodeInternal]
	}
	d := errorDetail{Type: m.typ, Code: de.Reason, Message: de.Message, Param: bracketParam(de.Param),
		DeclineCode: de.DeclineCode, Payment: payment}
	if m.status >= 500 {
		rid := web.RequestID(r.Context())
		if log != nil {
			log.ErrorContext(r.Context(), "request failed", "request_id", rid, "error", de.Error())
		}
		if de.Code == domain.CodeInternal {
			d.Code, d.Message = "", fmt.Sprintf("An unexpected error occurred. Request id: %s.", rid)
		}
		d.RequestID = rid
	}
	web.WriteJSON(w, m.status, errorBody{Error: d})
}

// bracketParam renders a dotted domain parameter ("card.exp_month") in the
// bracket notation clients send ("card[exp_month]"); bracket names pass through.
func bracketParam(p string) string {
	parts := strings.Split(p, ".")
	out := parts[0]
	for _, s := range parts[1:] {
		out += "[" + s + "]"
	}
	return out
}

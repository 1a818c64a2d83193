package paysley

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// callbackSecretJSON answers the extension endpoints for the secret that
// signs response_url callbacks (docs/paysley-extensions.md).
type callbackSecretJSON struct {
	Result string `json:"result"`
	Secret string `json:"secret"`
}

// getCallbackSecret is GET /v2/callback-secret: the signing secret of this
// mode's response_url callbacks, created on first use.
func (h *handler) getCallbackSecret(w http.ResponseWriter, r *http.Request) error {
	secret, err := h.Engine.CallbackSecret(r.Context(), scope(r))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, callbackSecretJSON{Result: "success", Secret: secret})
	return nil
}

// rollCallbackSecret is POST /v2/callback-secret/roll: a new secret, at once.
func (h *handler) rollCallbackSecret(w http.ResponseWriter, r *http.Request) error {
	if _, err := web.Body(r); err != nil {
		return err
	}
	secret, err := h.Engine.RollCallbackSecret(r.Context(), scope(r))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, callbackSecretJSON{Result: "success", Secret: secret})
	return nil
}

// callbackJSON is the Payment Response payload that a payment request's
// response_url receives after each payment attempt, in the document's order
// (INVENTORY §3.2). payment_reference_id names the payment a capture,
// reversal or refund refers to: always null for the payment attempts posted
// here. The webhook package's Callbacks worker signs and posts it.
type callbackJSON struct {
	Status             string         `json:"status"`
	Result             string         `json:"result"`
	PaymentID          string         `json:"payment_id"`
	PaymentReferenceID *string        `json:"payment_reference_id"`
	TransactionID      string         `json:"transaction_id"`
	PaymentType        string         `json:"payment_type"`
	Currency           string         `json:"currency"`
	Amount             json.Number    `json:"amount"`
	ResultCode         string         `json:"result_code"`
	ResultDescription  string         `json:"result_description"`
	PaymentFrequency   string         `json:"payment_frequency"`
	CartItems          []cartItemJSON `json:"cart_items"`
	ReferenceNumber    string         `json:"reference_number"`
}

type cartItemJSON struct {
	Name string `json:"name"`
	Qty  int64  `json:"qty"`
}

// RenderCallback renders the Payment Response JSON of a payment attempt on a
// payment request (webhook.Callbacks.Render).
func RenderCallback(p domain.Payment, pr domain.PaymentRequest) ([]byte, error) {
	status := "ACK"
	if p.Status == domain.StatusFailed {
		status = "NOK"
	}
	kind := "CC.DB"
	if p.CaptureManual {
		kind = "CC.PA"
	}
	code, desc := callbackResult(p)
	items := make([]cartItemJSON, 0, len(pr.CartItems))
	for _, it := range pr.CartItems {
		items = append(items, cartItemJSON{Name: it.Name, Qty: it.Qty})
	}
	return json.Marshal(callbackJSON{Status: status, Result: status, PaymentID: p.ID, TransactionID: pr.TransactionID,
		PaymentType: kind, Currency: p.Currency.Code, Amount: json.Number(domain.FormatMajorTrim(p.Amount, p.Currency)),
		ResultCode: code, ResultDescription: desc, PaymentFrequency: string(pr.Frequency), CartItems: items,
		ReferenceNumber: pr.ReferenceNumber})
}

// callbackResultCodes gives a decline its result code in the dotted scheme the
// Paysley document shows ("000.000.000" approved), modelled on the OPP
// gateway codes Paysley's ids suggest.
var callbackResultCodes = map[string]string{
	"insufficient_funds":      "800.100.155",
	"lost_card":               "800.100.165",
	"stolen_card":             "800.100.168",
	"expired_card":            "100.100.303",
	"incorrect_cvc":           "100.100.600",
	"processing_error":        "900.100.100",
	"authentication_required": "100.390.105",
	"authentication_failed":   "100.380.401",
	"test_mode_live_card":     "100.100.101",
}

// callbackResult is the result code and description of a payment attempt.
func callbackResult(p domain.Payment) (code, description string) {
	if p.Status != domain.StatusFailed {
		return "000.000.000", "Transaction was successfully approved"
	}
	code = callbackResultCodes[p.DeclineCode]
	if code == "" {
		code = "800.100.100"
	}
	return code, strings.TrimSpace(p.FailureMessage)
}

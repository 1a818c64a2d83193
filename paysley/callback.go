package paysley

import (
	"net/http"

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

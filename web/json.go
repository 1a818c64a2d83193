package web

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// WriteJSON writes v as compact JSON with status. It encodes first and
// writes after, so a value that cannot be encoded becomes a plain 500 (with
// its error, for the caller to log) instead of a 200 cut off halfway. Not
// indented: indenting cost a quarter of a 100-payment page's time
// (docs/decisions.md "Compact JSON"); `| jq` shows it to a person.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error": "the response could not be encoded"}`, http.StatusInternalServerError)
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

package web

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// WriteJSON writes v as indented JSON with status. It encodes first and
// writes after, so a value that cannot be encoded becomes a plain 500 (with
// its error, for the caller to log) instead of a 200 cut off halfway.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error": "the response could not be encoded"}`, http.StatusInternalServerError)
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWriteJSONEncodesFirst: a value that cannot be encoded is a 500 with
// nothing of the 200 written.
func TestWriteJSONEncodesFirst(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := WriteJSON(rec, 200, map[string]any{"f": func() {}}); err == nil {
		t.Fatal("no error for an unencodable value")
	}
	if rec.Code != 500 || strings.Contains(rec.Body.String(), `"f"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	if err := WriteJSON(rec, 201, map[string]int{"a": 1}); err != nil || rec.Code != 201 || rec.Body.String() != "{\"a\":1}\n" {
		t.Fatalf("%v %d %q", err, rec.Code, rec.Body.String())
	}
}

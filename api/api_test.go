package api

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

var update = flag.Bool("update", false, "regenerate the JSON documents from the YAML ones")

var docs = []struct {
	yaml, json string
	embedded   []byte
}{
	{"paysmart.yaml", "paysmart.json", PaySmart},
	{"paysley.yaml", "paysley.json", Paysley},
}

// TestJSONFollowsYAML fails when a JSON document is not what its YAML source
// generates; -update rewrites it.
func TestJSONFollowsYAML(t *testing.T) {
	for _, d := range docs {
		want, err := generate(d.yaml)
		if err != nil {
			t.Fatalf("%s: %v", d.yaml, err)
		}
		if *update {
			if err := os.WriteFile(d.json, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(d.embedded, want) {
			t.Errorf("%s is not generated from %s: run go test ./api -update", d.json, d.yaml)
		}
	}
}

// generate converts a YAML document to indented JSON with sorted keys.
func generate(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestLint validates each document against the OpenAPI specification,
// including its examples: the spec linter CI runs.
func TestLint(t *testing.T) {
	for _, d := range docs {
		doc, err := openapi3.NewLoader().LoadFromData(d.embedded)
		if err != nil {
			t.Fatalf("%s: %v", d.json, err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("%s: %v", d.json, err)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if op.OperationID == "" || op.Summary == "" {
					t.Errorf("%s: %s %s needs an operationId and a summary", d.json, method, path)
				}
				if op.Responses.Value("200") == nil {
					t.Errorf("%s: %s %s documents no 200", d.json, method, path)
				}
			}
		}
	}
}

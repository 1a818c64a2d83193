package paysley

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardLibraryOnly keeps the SDK usable on its own: a merchant who
// imports it gets no dependency of the server's.
func TestStandardLibraryOnly(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			if path := strings.Trim(imp.Path.Value, `"`); strings.Contains(strings.Split(path, "/")[0], ".") {
				t.Errorf("%s imports %s; the SDK may import only the standard library", f, path)
			}
		}
	}
}

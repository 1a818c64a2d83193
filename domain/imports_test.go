package domain_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDomainImports keeps the engine free of HTTP, SQL and the adapters: it
// imports the standard library and the money library only.
func TestDomainImports(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	refused := []string{"net/http", "database/sql", "github.com/paysmart/paysmart/"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, r := range refused {
				if path == r || strings.HasPrefix(path, r) {
					t.Errorf("%s imports %s", f, path)
				}
			}
			if strings.Contains(path, ".") && path != "github.com/bojanz/currency" {
				t.Errorf("%s imports %s: the domain takes no dependencies but the money library", f, path)
			}
		}
	}
}

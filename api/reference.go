package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
)

// Reference returns the readable API reference served at GET /docs: both
// documents rendered on the server into one HTML page (no script, no assets
// from elsewhere), operations grouped by tag, then every schema.
func Reference() http.Handler {
	page, err := renderReference()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err != nil { // the documents are embedded and tested: this cannot happen in a build that passed
			http.Error(w, "The API reference could not be rendered.", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}

// obj is a decoded JSON object of a document.
type obj = map[string]any

type refDoc struct {
	ID, Title, Summary, Description, JSON string
	Groups                                []refGroup
	Schemas                               []refSchema
}

type refGroup struct {
	Tag, Description string
	Ops              []refOp
}

type refOp struct {
	Method, Path, Summary, Description, Body string
	Params                                   []refField
	Responses                                []refField
}

type refSchema struct {
	Name, Description, Type string
	Fields                  []refField
}

// refField is a parameter, a property or a response: its name, where or
// whether it is required, its type and what it says.
type refField struct {
	Name, Note, Type, Description string
}

func renderReference() ([]byte, error) {
	var docs []refDoc
	for _, d := range []struct {
		id, file string
		b        []byte
	}{{"paysmart", "paysmart.json", PaySmart}, {"paysley", "paysley.json", Paysley}} {
		var doc obj
		if err := json.Unmarshal(d.b, &doc); err != nil {
			return nil, err
		}
		docs = append(docs, reference(d.id, "/openapi/"+d.file, doc))
	}
	var buf bytes.Buffer
	if err := referencePage.Execute(&buf, docs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func reference(id, jsonURL string, doc obj) refDoc {
	info, _ := doc["info"].(obj)
	out := refDoc{ID: id, JSON: jsonURL, Title: str(info["title"]), Summary: str(info["summary"]), Description: str(info["description"])}
	comps, _ := doc["components"].(obj)
	tagDesc := map[string]string{}
	var tagOrder []string
	for _, t := range list(doc["tags"]) {
		to, _ := t.(obj)
		tagOrder = append(tagOrder, str(to["name"]))
		tagDesc[str(to["name"])] = str(to["description"])
	}
	groups := map[string]*refGroup{}
	paths, _ := doc["paths"].(obj)
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(obj)
		for _, method := range []string{"get", "post", "put", "delete"} {
			op, ok := item[method].(obj)
			if !ok {
				continue
			}
			tag := "Other"
			if tags := list(op["tags"]); len(tags) > 0 {
				tag = str(tags[0])
			}
			g := groups[tag]
			if g == nil {
				g = &refGroup{Tag: tag, Description: tagDesc[tag]}
				groups[tag] = g
				if !slices.Contains(tagOrder, tag) {
					tagOrder = append(tagOrder, tag)
				}
			}
			ro := refOp{Method: strings.ToUpper(method), Path: path, Summary: str(op["summary"]), Description: str(op["description"])}
			for _, p := range append(list(item["parameters"]), list(op["parameters"])...) {
				po := resolve(comps, p)
				note := str(po["in"])
				if po["required"] == true {
					note += ", required"
				}
				ps, _ := po["schema"].(obj)
				ro.Params = append(ro.Params, refField{Name: str(po["name"]), Note: note, Type: typeOf(ps), Description: str(po["description"])})
			}
			if rb, ok := op["requestBody"]; ok {
				body := resolve(comps, rb)
				content, _ := body["content"].(obj)
				var types []string
				for _, ct := range sortedKeys(content) {
					mt, _ := content[ct].(obj)
					s, _ := mt["schema"].(obj)
					types = append(types, ct+": "+typeOf(s))
				}
				ro.Body = strings.Join(slices.Compact(types), "; ")
			}
			responses, _ := op["responses"].(obj)
			for _, status := range sortedKeys(responses) {
				res := resolve(comps, responses[status])
				content, _ := res["content"].(obj)
				var types []string
				for _, ct := range sortedKeys(content) {
					mt, _ := content[ct].(obj)
					s, _ := mt["schema"].(obj)
					types = append(types, typeOf(s))
				}
				ro.Responses = append(ro.Responses, refField{Name: status, Type: strings.Join(slices.Compact(types), ", "),
					Description: str(res["description"])})
			}
			g.Ops = append(g.Ops, ro)
		}
	}
	for _, tag := range tagOrder {
		if g := groups[tag]; g != nil {
			out.Groups = append(out.Groups, *g)
		}
	}
	schemas, _ := comps["schemas"].(obj)
	for _, name := range sortedKeys(schemas) {
		s, _ := schemas[name].(obj)
		rs := refSchema{Name: name, Description: str(s["description"]), Type: typeOf(s)}
		props, required := properties(schemas, s)
		for _, p := range sortedKeys(props) {
			ps, _ := props[p].(obj)
			note := ""
			if required[p] {
				note = "required"
			}
			rs.Fields = append(rs.Fields, refField{Name: p, Note: note, Type: typeOf(ps), Description: str(ps["description"])})
		}
		out.Schemas = append(out.Schemas, rs)
	}
	return out
}

// properties collects a schema's properties with those of its allOf parts.
func properties(schemas obj, s obj) (obj, map[string]bool) {
	props, required := obj{}, map[string]bool{}
	for _, part := range list(s["allOf"]) {
		po, _ := part.(obj)
		if ref := str(po["$ref"]); ref != "" {
			po, _ = schemas[refName(ref)].(obj)
		}
		p, r := properties(schemas, po)
		for k, v := range p {
			props[k] = v
		}
		for k := range r {
			required[k] = true
		}
	}
	own, _ := s["properties"].(obj)
	for k, v := range own {
		props[k] = v
	}
	for _, r := range list(s["required"]) {
		required[str(r)] = true
	}
	return props, required
}

// typeOf summarises a schema in a few words: a schema's name, its JSON
// types, a constant, an enumeration or its alternatives.
func typeOf(s obj) string {
	if s == nil {
		return ""
	}
	if ref := str(s["$ref"]); ref != "" {
		return refName(ref)
	}
	if c, ok := s["const"]; ok {
		b, _ := json.Marshal(c)
		return string(b)
	}
	if e := list(s["enum"]); len(e) > 0 {
		var vs []string
		for _, v := range e {
			b, _ := json.Marshal(v)
			vs = append(vs, string(b))
		}
		return strings.Join(vs, " | ")
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		if alts := list(s[k]); len(alts) > 0 {
			var vs []string
			for _, a := range alts {
				ao, _ := a.(obj)
				vs = append(vs, typeOf(ao))
			}
			sep := " | "
			if k == "allOf" {
				sep = " & "
			}
			return strings.Join(vs, sep)
		}
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, v := range t {
			types = append(types, str(v))
		}
	}
	for i, t := range types {
		if t == "array" {
			items, _ := s["items"].(obj)
			if it := typeOf(items); it != "" {
				types[i] = it + "[]"
			}
		}
	}
	return strings.Join(types, " | ")
}

func resolve(comps obj, v any) obj {
	o, _ := v.(obj)
	ref := str(o["$ref"])
	if ref == "" {
		return o
	}
	parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
	if len(parts) != 2 {
		return o
	}
	kind, _ := comps[parts[0]].(obj)
	r, _ := kind[parts[1]].(obj)
	return r
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

func str(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func list(v any) []any { l, _ := v.([]any); return l }

func sortedKeys(m obj) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(a, b) })
	return keys
}

var referencePage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PaySmart API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330}
nav{position:fixed;top:0;bottom:0;width:16rem;overflow:auto;padding:1rem;background:#f4f5f8;border-right:1px solid #dde}
nav a{display:block;color:#335;text-decoration:none;font-size:14px}nav h2{font-size:15px;margin:1rem 0 .3rem}
main{margin-left:18rem;padding:1rem 2rem;max-width:60rem}
.desc{white-space:pre-wrap}.op{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.m{font:bold 13px monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#557}
.GET{background:#2a7}.POST{background:#27c}.PUT{background:#c72}.DELETE{background:#c33}
code,.t{font-family:ui-monospace,monospace;font-size:13px}table{border-collapse:collapse;width:100%;margin:.4rem 0}
td,th{border-top:1px solid #eee;padding:.2rem .5rem;text-align:left;vertical-align:top}th{font-size:13px;color:#667}
</style></head><body>
<nav>{{range .}}<h2><a href="#{{.ID}}">{{.Title}}</a></h2>{{$id := .ID}}{{range .Groups}}<a href="#{{$id}}-{{.Tag}}">{{.Tag}}</a>{{end}}<a href="#{{.ID}}-schemas">Schemas</a>{{end}}</nav>
<main>
<p>Generated from the OpenAPI documents this server serves. Webhook and callback signatures are verified with the Go
package <code>sdk/webhook</code>; test cards are listed in each API's description.</p>
{{range .}}{{$id := .ID}}
<h1 id="{{.ID}}">{{.Title}}</h1>
<p>{{.Summary}} <a href="{{.JSON}}">OpenAPI document</a></p>
<div class="desc">{{.Description}}</div>
{{range .Groups}}<h2 id="{{$id}}-{{.Tag}}">{{.Tag}}</h2>{{if .Description}}<p>{{.Description}}</p>{{end}}
{{range .Ops}}<div class="op"><p><span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}</p>
{{if .Description}}<div class="desc">{{.Description}}</div>{{end}}
{{if .Params}}<table><tr><th>Parameter</th><th>In</th><th>Type</th><th></th></tr>{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.Note}}</td><td class="t">{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<p>Body: <span class="t">{{.Body}}</span></p>{{end}}
<table><tr><th>Status</th><th>Answer</th><th></th></tr>{{range .Responses}}<tr><td>{{.Name}}</td><td class="t">{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>
</div>{{end}}{{end}}
<h2 id="{{.ID}}-schemas">Schemas</h2>
{{range .Schemas}}<h3 id="{{$id}}-schema-{{.Name}}">{{.Name}}</h3>{{if .Description}}<div class="desc">{{.Description}}</div>{{end}}
{{if .Fields}}<table><tr><th>Field</th><th></th><th>Type</th><th></th></tr>{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td>{{.Note}}</td><td class="t">{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{else}}<p class="t">{{.Type}}</p>{{end}}
{{end}}{{end}}
</main></body></html>
`))

// Package api holds the OpenAPI documents of PaySmart's two API dialects,
// the contract their handlers and SDKs are tested against. The YAML files are
// maintained by hand; the JSON files are generated from them (go test ./api
// -update) and embedded here to be served at /openapi/paysmart.json and
// /openapi/paysley.json.
package api

import _ "embed"

// PaySmart is the OpenAPI document of the PaySmart API (sk_/pk_ keys), JSON.
//
//go:embed paysmart.json
var PaySmart []byte

// Paysley is the OpenAPI document of the Paysley API (py_ keys), JSON.
//
//go:embed paysley.json
var Paysley []byte

package paysley

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Paysley's edits send "the same parameters" as its creates. A field that is
// not sent is left as it is; one sent as null or "" is cleared. Numbers and
// booleans are accepted as JSON values or as strings, since the document's
// own samples send both and form bodies can only send strings.

// sent reports whether the request carries key at all, even as null.
func sent(p *web.Params, key string) bool {
	return slices.Contains(p.Keys(), key)
}

// optString reads a string field: nil when not sent, "" when sent as null.
func optString(p *web.Params, key string) (*string, error) {
	if !sent(p, key) {
		return nil, nil
	}
	v, _, err := p.Str(key)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// optInt reads an integer field: nil when not sent, null or "".
func optInt(p *web.Params, key string) (*int64, error) {
	v, ok, err := p.Int(key)
	if !ok || err != nil {
		return nil, err
	}
	return &v, nil
}

// optBool reads a boolean field (true/false, 1/0, as values or strings):
// nil when not sent, null or "".
func optBool(p *web.Params, key string) (*bool, error) {
	v, ok, err := p.Bool(key)
	if !ok || err != nil {
		return nil, err
	}
	return &v, nil
}

// optDecimal reads a number field as its exact text: nil when not sent,
// null or "". The engine checks its precision.
func optDecimal(p *web.Params, key string) (*string, error) {
	v, ok, err := p.Decimal(key)
	if !ok || err != nil {
		return nil, err
	}
	return &v, nil
}

// pathNumber reads a numeric id from the URL path; ok is false when it is
// not a positive integer, which names nothing.
func pathNumber(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// amountNumber renders hundredths as a JSON number with no float noise: 100
// is 1, 150 is 1.5.
func amountNumber(v int64) json.Number { return json.Number(domain.FormatHundredthsTrim(v)) }

// listEnvelope is the numbered-page envelope of Paysley's catalog lists.
type listEnvelope struct {
	Result     string `json:"result"`
	Limit      int    `json:"limit"`
	Page       int    `json:"page"`
	PageCount  int    `json:"page_count"`
	TotalCount int    `json:"total_count"`
}

func newEnvelope(lp domain.ListParams, total int) listEnvelope {
	return listEnvelope{Result: "success", Limit: lp.Limit, Page: lp.Page, PageCount: pageCount(total, lp.Limit), TotalCount: total}
}

// filterParam reads an optional enumerated list filter, case-insensitively.
func filterParam(q *web.Params, key string, allowed ...string) (string, error) {
	v, _, err := q.Str(key)
	if err != nil {
		return "", err
	}
	v = strings.ToLower(strings.TrimSpace(v))
	if v != "" && !slices.Contains(allowed, v) {
		return "", domain.Invalid(key, "parameter_invalid", "%s must be %s.", key, strings.Join(allowed, " or "))
	}
	return v, nil
}

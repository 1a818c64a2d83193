package paysmart

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// FuzzParseCreated: any query gives list parameters or a domain error that
// names a parameter, never a panic; an accepted created bound is the second
// the caller sent (the whole second for lte, the next or previous one for gt
// and lt), never a wrapped-around time that would match everything.
func FuzzParseCreated(f *testing.F) {
	for _, q := range []string{"created=1", "created[gte]=1700000000", "created[gt]=9223372036854775807",
		"created[lt]=-9223372036854775808", "created[lte]=253402300799", "created[gte]=1e9", "created[gte]=",
		"created[gte]=0x10", "created=abc", "created[gte][x]=1", "created[]=1", "limit=5&created[gt]=1&created[lt]=2"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/v2/payments", nil)
		r.URL.RawQuery = raw
		q, err := web.Query(r)
		if err != nil {
			return // the query itself is malformed: web's fuzz targets cover that
		}
		lp, err := listParams(q)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeInvalid || de.Param == "" {
				t.Fatalf("listParams(%q): %#v; want an invalid-parameter error naming the parameter", raw, err)
			}
			return
		}
		values, _ := url.ParseQuery(raw)
		for key, b := range map[string]struct {
			got   *time.Time
			delta int64
		}{"created[gte]": {lp.CreatedGTE, 0}, "created[gt]": {lp.CreatedGTE, 1}, "created[lt]": {lp.CreatedLTE, -1}} {
			text := values.Get(key)
			v, err := strconv.ParseInt(text, 10, 64)
			if err != nil || b.got == nil || values.Has("created[gte]") && values.Has("created[gt]") ||
				values.Has("created[lt]") && values.Has("created[lte]") {
				continue // not a plain integer, or two bounds on one side
			}
			if b.got.Unix() != v+b.delta {
				t.Fatalf("listParams(%q): %s gave %v (%d), want %d", raw, key, b.got, b.got.Unix(), v+b.delta)
			}
		}
		for _, tm := range []*time.Time{lp.CreatedGTE, lp.CreatedLTE} {
			if tm != nil && (tm.Unix() < minCreated-1 || tm.Unix() > maxCreated+1) {
				t.Fatalf("listParams(%q): a bound of %v, outside the years 1 to 9999", raw, tm)
			}
		}
	})
}

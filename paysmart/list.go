package paysmart

import (
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// listParams reads Stripe's list parameters: limit (1–100, default 10),
// starting_after / ending_before (mutually exclusive) and created[gte|lte|gt|lt]
// (or created=TIMESTAMP for an exact second).
func listParams(q *web.Params) (domain.ListParams, error) {
	lp := domain.ListParams{Limit: 10}
	limit, ok, err := intParam(q, "limit")
	if err != nil {
		return lp, err
	}
	if ok {
		if limit < 1 || limit > domain.MaxCursorLimit {
			return lp, domain.Invalid("limit", "parameter_invalid_integer",
				"Invalid limit: must be between 1 and %d.", domain.MaxCursorLimit)
		}
		lp.Limit = int(limit)
	}
	if lp.After, _, err = q.Str("starting_after"); err != nil {
		return lp, err
	}
	if lp.Before, _, err = q.Str("ending_before"); err != nil {
		return lp, err
	}
	if lp.After != "" && lp.Before != "" {
		return lp, domain.Invalid("ending_before", "parameter_invalid",
			"You may only specify one of these parameters: starting_after, ending_before.")
	}
	if q.Has("created") {
		// created[gte]=… is an object; created=… a single second.
		if obj, ok, err := q.Obj("created"); ok && err == nil {
			for _, b := range []struct {
				key   string
				dst   **time.Time
				delta int64
			}{{"gte", &lp.CreatedGTE, 0}, {"gt", &lp.CreatedGTE, 1}, {"lte", &lp.CreatedLTE, 0}, {"lt", &lp.CreatedLTE, -1}} {
				v, ok, err := createdParam(obj, b.key)
				if err != nil {
					return lp, err
				}
				if ok {
					t := time.Unix(v+b.delta, 0)
					if b.delta == 0 && b.dst == &lp.CreatedLTE {
						t = time.Unix(v, 0).Add(time.Second - time.Millisecond) // the whole second counts
					}
					*b.dst = &t
				}
			}
		} else {
			v, _, err := createdParam(q, "created")
			if err != nil {
				return lp, err
			}
			from, to := time.Unix(v, 0), time.Unix(v, 0).Add(time.Second-time.Millisecond)
			lp.CreatedGTE, lp.CreatedLTE = &from, &to
		}
	}
	return lp, nil
}

// Created filters are Unix seconds of the years 1 to 9999. Beyond them the
// second after created[gt] (or before created[lt]) and the milliseconds the
// store compares overflow int64, and a filter meant to match nothing matched
// everything.
const minCreated, maxCreated = -62135596800, 253402300799

// createdParam is intParam for a created filter, refusing what no time can be.
func createdParam(p *web.Params, key string) (int64, bool, error) {
	v, ok, err := intParam(p, key)
	if err == nil && ok && (v < minCreated || v > maxCreated) {
		return 0, false, domain.Invalid(p.Name(key), "parameter_invalid_integer",
			"Invalid %s: must be a Unix timestamp between %d and %d (years 1 to 9999).", p.Name(key), int64(minCreated), int64(maxCreated))
	}
	return v, ok, err
}

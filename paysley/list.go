package paysley

import (
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// pageParams reads Paysley's list parameters: page (default 1), limit
// (default 10, at most maxPageLimit), keywords and sort (ASC|DESC, default
// DESC on creation order). Out-of-range values are clamped rather than
// refused, as the document states no errors for them: page < 1 reads as 1,
// limit < 1 as the default, limit above the maximum as the maximum.
func pageParams(q *web.Params) (domain.ListParams, error) {
	lp := domain.ListParams{Page: 1, Limit: 10}
	page, ok, err := q.Int("page")
	if err != nil {
		return lp, err
	}
	if ok && page > 1 {
		lp.Page = int(min(page, 1<<31-1))
	}
	limit, ok, err := q.Int("limit")
	if err != nil {
		return lp, err
	}
	if ok && limit >= 1 {
		lp.Limit = int(min(limit, maxPageLimit))
	}
	if lp.Keywords, _, err = q.Str("keywords"); err != nil {
		return lp, err
	}
	sort, _, err := q.Str("sort")
	if err != nil {
		return lp, err
	}
	switch strings.ToUpper(strings.TrimSpace(sort)) {
	case "", "DESC":
	case "ASC":
		lp.Ascending = true
	default:
		return lp, domain.Invalid("sort", "parameter_invalid", "sort must be ASC or DESC.")
	}
	return lp, nil
}

// maxPageLimit caps a page so one request cannot ask for the whole table.
const maxPageLimit = 100

// pageCount is ceil(total / limit).
func pageCount(total, limit int) int {
	if limit <= 0 {
		return 0
	}
	return (total + limit - 1) / limit
}

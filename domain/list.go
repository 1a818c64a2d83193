package domain

import "time"

// ListParams selects a page of a merchant's objects. Dialects fill the style
// they speak: cursors (Limit with After or Before, PaySmart) or numbered pages
// (Page and Limit, Paysley). Items always come newest first unless Ascending.
type ListParams struct {
	Limit  int    // 1..100 for cursors; any positive number for pages
	After  string // id: objects older than this one (starting_after)
	Before string // id: objects newer than this one (ending_before)
	Page   int    // >= 1 selects numbered pages and asks for Total

	Ascending  bool
	Keywords   string
	CreatedGTE *time.Time
	CreatedLTE *time.Time

	// Filters a resource may read; others ignore them.
	Customer string
	Status   string
	Type     string
	Payment  string
	Object   string // events: the id of the object they are about
	Email    string // customers: a fragment of the e-mail address, matched literally
}

// Page is one page of a list. Total is counted only for numbered pages.
type Page[T any] struct {
	Items   []T
	HasMore bool
	Total   int
}

// MaxCursorLimit is the largest page a cursor list returns, as Stripe's.
const MaxCursorLimit = 100

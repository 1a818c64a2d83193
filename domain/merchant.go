package domain

import "time"

// Merchant is an account that takes payments. Every other object belongs to
// one merchant and one mode.
type Merchant struct {
	ID      string
	Name    string
	Created time.Time
}

package store

import (
	"context"

	"github.com/paysmart/paysmart/domain"
)

// RunBatch runs fns, in order, as the units of one group commit, and
// returns each one's error: a test's way to put chosen units in one batch.
func (s *Store) RunBatch(fns ...func(domain.Tx) error) []error {
	batch := make([]*unit, len(fns))
	for i, fn := range fns {
		batch[i] = &unit{ctx: context.Background(), fn: fn, done: make(chan struct{})}
	}
	s.writer.run(batch)
	errs := make([]error, len(batch))
	for i, u := range batch {
		errs[i] = u.err
	}
	return errs
}

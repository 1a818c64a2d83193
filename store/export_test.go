package store

import (
	"context"

	"github.com/pressly/goose/v3"

	"github.com/paysmart/paysmart/domain"
)

// MigrateTo applies the migrations up to version and no further: a test's
// way to hold rows written before a migration.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	return s.migrate(ctx, func(p *goose.Provider) error {
		_, err := p.UpTo(ctx, version)
		return err
	})
}

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

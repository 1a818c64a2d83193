package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/store"
)

// backupCmd is "paysmart backup --to FILE": an online copy of a SQLite
// database, consistent even while serve runs.
func backupCmd(cfg *config, stdout io.Writer) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy a SQLite database to a new file while the server runs (PostgreSQL: use pg_dump)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := store.Open(c.Context(), cfg.databaseURL)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Backup(c.Context(), to); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "backed up to %s (the card vault key is not in it: keep a copy of the key elsewhere)\n", to)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the backup file to create (required)")
	cmd.MarkFlagRequired("to")
	return cmd
}

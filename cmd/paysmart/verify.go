package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/store"
)

// verifyCmd is "paysmart verify": it recomputes every payment's money from
// the database, prints each broken invariant and a summary, and fails when
// it found any, so that a cron job or a deploy step can alert on it.
func verifyCmd(cfg *config, stdout io.Writer) *cobra.Command {
	var window time.Duration
	var asJSON, recount bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check every payment's money against its refunds and history; exit 1 if anything is wrong",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := store.Open(c.Context(), cfg.databaseURL)
			if err != nil {
				return err
			}
			defer s.Close()
			if recount {
				if err := s.Recount(c.Context()); err != nil {
					return err
				}
			}
			a, err := s.Verify(c.Context(), time.Now(), window)
			if err != nil {
				return err
			}
			if asJSON {
				out := []problemJSON{}
				for _, p := range a.Problems {
					out = append(out, problemJSON{string(p.Check), p.MerchantID, p.Livemode, p.Object, p.Detail})
				}
				if err := json.NewEncoder(stdout).Encode(out); err != nil {
					return err
				}
			} else {
				for _, p := range a.Problems {
					fmt.Fprintln(stdout, p)
				}
				fmt.Fprintln(stdout, a.Summary())
			}
			if n := len(a.Problems); n > 0 {
				return fmt.Errorf("verify found %d problems", n)
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&window, "reconcile-window", 15*time.Minute,
		"how long a payment operation or refund may stay pending before it counts as stuck")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the problems as a JSON array")
	cmd.Flags().BoolVar(&recount, "recount", false,
		"first rebuild the counts kept for total_count from the tables (the repair when the counts check fails: rows written by hand)")
	return cmd
}

// problemJSON is one problem in "verify --json".
type problemJSON struct {
	Check    string `json:"check"`
	Merchant string `json:"merchant"`
	Livemode bool   `json:"livemode"`
	Object   string `json:"object"`
	Detail   string `json:"detail"`
}

package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/vault"
)

// vaultCmd is "paysmart vault": "rotate" seals every stored card number and
// signing secret again under the current vault key (the first one given),
// after the operator has made a new key current and kept the old one in
// --vault-old-keys. It may be stopped and run again; nodes keep serving
// meanwhile, since they open values under both keys.
func vaultCmd(cfg *config, stdout io.Writer) *cobra.Command {
	var batch int
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Seal every stored card number and secret again under the current vault key (resumable)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			keys, err := vaultKeys(*cfg)
			if err != nil {
				return err
			}
			e, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			fmt.Fprintf(stdout, "sealing under key %s\n", vault.KeyID(keys[0]))
			total, err := e.RotateVault(c.Context(), batch, func(kind domain.SealedKind, r domain.Rotation) {
				fmt.Fprintf(stdout, "%s: %d checked, %d sealed again\n", kind, r.Checked, r.Resealed)
			})
			if err != nil {
				return fmt.Errorf("vault rotate stopped (run it again to go on): %w", err)
			}
			fmt.Fprintf(stdout, "done: %d values checked, %d sealed again; every value now opens with key %s alone\n",
				total.Checked, total.Resealed, vault.KeyID(keys[0]))
			return nil
		},
	}
	rotate.Flags().IntVar(&batch, "batch", 500, "values sealed again per transaction")
	cmd := &cobra.Command{Use: "vault", Short: "The card vault's keys"}
	cmd.AddCommand(rotate)
	return cmd
}

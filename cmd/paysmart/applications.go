package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/domain"
)

// applicationsCmd is "paysmart applications": Paysley platform applications
// connected with a merchant (create, publish, enable, disable, list).
func applicationsCmd(cfg *config, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "applications", Short: "Manage Paysley applications connected with merchants"}
	var merchant, name, appID string
	var asJSON bool
	withEngine := func(fn func(ctx context.Context, e *domain.Engine) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, _ []string) error {
			e, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			return fn(c.Context(), e)
		}
	}
	type appJSON struct {
		ID       string `json:"id"`
		Merchant string `json:"merchant"`
		Name     string `json:"name"`
		Status   string `json:"status"`
		Enabled  bool   `json:"enabled"`
	}
	show := func(a domain.Application) error {
		if asJSON {
			return json.NewEncoder(stdout).Encode(appJSON{a.ID, a.MerchantID, a.Name, string(a.Status), a.Enabled})
		}
		fmt.Fprintf(stdout, "%s %q: %s, %s\n", a.ID, a.Name, a.Status, enabledWord(a.Enabled))
		return nil
	}

	create := &cobra.Command{Use: "create", Short: "Register an application connected with a merchant (a draft, not enabled)", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			a, keys, err := e.CreateApplication(ctx, merchant, name)
			if err != nil {
				return err
			}
			if asJSON {
				type keysJSON struct {
					PyTest string `json:"py_test"`
					PyLive string `json:"py_live"`
				}
				return json.NewEncoder(stdout).Encode(struct {
					appJSON
					Keys keysJSON `json:"keys"`
				}{appJSON{a.ID, a.MerchantID, a.Name, string(a.Status), a.Enabled}, keysJSON{keys["py_test"], keys["py_live"]}})
			}
			fmt.Fprintf(stdout, "Created application %q (%s) for %s, a draft. Keys, shown only this once:\n", a.Name, a.ID, a.MerchantID)
			fmt.Fprintf(stdout, "  py_test  %s   (works now)\n  py_live  %s   (works once published and enabled by the merchant)\n",
				keys["py_test"], keys["py_live"])
			return nil
		})}
	create.Flags().StringVar(&merchant, "merchant", "", "id of the merchant the application is connected with (required)")
	create.Flags().StringVar(&name, "name", "", "application name (required)")
	create.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	create.MarkFlagRequired("merchant")
	create.MarkFlagRequired("name")

	step := func(use, short string, fn func(ctx context.Context, e *domain.Engine, id string) (domain.Application, error)) *cobra.Command {
		c := &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs,
			RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
				a, err := fn(ctx, e, appID)
				if err != nil {
					return err
				}
				return show(a)
			})}
		c.Flags().StringVar(&appID, "application", "", "application id, app_… (required)")
		c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
		c.MarkFlagRequired("application")
		return c
	}
	publish := step("publish", "Publish an application (its developer's step)", func(ctx context.Context, e *domain.Engine, id string) (domain.Application, error) {
		return e.PublishApplication(ctx, id)
	})
	enable := step("enable", "Enable an application for its merchant: a published one's live key then works", func(ctx context.Context, e *domain.Engine, id string) (domain.Application, error) {
		return e.SetApplicationEnabled(ctx, id, true)
	})
	disable := step("disable", "Disable an application: its live key is refused (within a second on every node)", func(ctx context.Context, e *domain.Engine, id string) (domain.Application, error) {
		return e.SetApplicationEnabled(ctx, id, false)
	})

	list := &cobra.Command{Use: "list", Short: "List the applications connected with a merchant", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			apps, err := e.ListApplications(ctx, merchant)
			if err != nil {
				return err
			}
			if asJSON {
				out := []appJSON{}
				for _, a := range apps {
					out = append(out, appJSON{a.ID, a.MerchantID, a.Name, string(a.Status), a.Enabled})
				}
				return json.NewEncoder(stdout).Encode(out)
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSTATUS\tMERCHANT")
			for _, a := range apps {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.Name, a.Status, enabledWord(a.Enabled))
			}
			return tw.Flush()
		})}
	list.Flags().StringVar(&merchant, "merchant", "", "merchant id (required)")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.MarkFlagRequired("merchant")

	cmd.AddCommand(create, publish, enable, disable, list)
	return cmd
}

func enabledWord(b bool) string {
	if b {
		return "enabled"
	}
	return "not enabled"
}

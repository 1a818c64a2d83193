package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/domain"
)

// usersCmd is "paysmart users": dashboard users of a merchant.
func usersCmd(cfg *config, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: "Manage a merchant's dashboard users"}
	var merchant, email, role string
	var fromStdin, asJSON bool
	withEngine := func(fn func(c *cobra.Command, e *domain.Engine) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, _ []string) error {
			e, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			return fn(c, e)
		}
	}
	create := &cobra.Command{Use: "create", Short: "Add a dashboard user (the password from --password-stdin, or generated and printed once)", Args: cobra.NoArgs,
		RunE: withEngine(func(c *cobra.Command, e *domain.Engine) error {
			r, err := domain.ParseRole(role)
			if err != nil {
				return err
			}
			password := ""
			if fromStdin {
				line, err := bufio.NewReader(c.InOrStdin()).ReadString('\n')
				if err != nil && err != io.EOF {
					return fmt.Errorf("read the password from stdin: %w", err)
				}
				if password = strings.TrimRight(line, "\r\n"); password == "" {
					return fmt.Errorf("--password-stdin: stdin holds no password")
				}
			}
			u, pw, err := e.CreateUser(c.Context(), merchant, email, r, password)
			if err != nil {
				return err
			}
			shown := ""
			if !fromStdin {
				shown = pw
			}
			if asJSON {
				out := map[string]string{"id": u.ID, "merchant": u.MerchantID, "email": u.Email, "role": string(u.Role)}
				if shown != "" {
					out["password"] = shown
				}
				return json.NewEncoder(stdout).Encode(out)
			}
			fmt.Fprintf(stdout, "Created %s %s (%s) for %s; sign in at /dashboard/login\n", u.Role, u.Email, u.ID, u.MerchantID)
			if shown != "" {
				fmt.Fprintf(stdout, "Password, shown only this once: %s\n", shown)
			}
			return nil
		})}
	create.Flags().StringVar(&merchant, "merchant", "", "merchant id (required)")
	create.Flags().StringVar(&email, "email", "", "the user's e-mail address, their sign-in name (required)")
	create.Flags().StringVar(&role, "role", "viewer", "owner, developer or viewer")
	create.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of stdin")
	create.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	create.MarkFlagRequired("merchant")
	create.MarkFlagRequired("email")

	list := &cobra.Command{Use: "list", Short: "List a merchant's dashboard users", Args: cobra.NoArgs,
		RunE: withEngine(func(c *cobra.Command, e *domain.Engine) error {
			users, err := e.ListUsers(c.Context(), merchant)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tEMAIL\tROLE")
			for _, u := range users {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", u.ID, u.Email, u.Role)
			}
			return tw.Flush()
		})}
	list.Flags().StringVar(&merchant, "merchant", "", "merchant id (required)")
	list.MarkFlagRequired("merchant")
	cmd.AddCommand(create, list)
	return cmd
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// fixtures are the API calls that make each triggerable event happen, in
// test mode, with the sandbox's test cards.
var fixtures = map[string]func(ctx context.Context, c *apiClient) error{
	"customer.created": func(ctx context.Context, c *apiClient) error {
		_, err := c.post(ctx, "/v2/customers", map[string]any{"email": "jenny.rosen@example.com", "name": "Jenny Rosen",
			"description": "(created by paysmart trigger)"}, http.StatusOK)
		return err
	},
	"payment.succeeded": func(ctx context.Context, c *apiClient) error {
		_, err := c.post(ctx, "/v2/payments", paymentFixture("4242424242424242"), http.StatusOK)
		return err
	},
	"payment.failed": func(ctx context.Context, c *apiClient) error {
		_, err := c.post(ctx, "/v2/payments", paymentFixture("4000000000000002"), http.StatusPaymentRequired)
		return err
	},
	"refund.created": func(ctx context.Context, c *apiClient) error {
		p, err := c.post(ctx, "/v2/payments", paymentFixture("4242424242424242"), http.StatusOK)
		if err != nil {
			return err
		}
		_, err = c.post(ctx, "/v2/refunds", map[string]any{"payment": p["id"]}, http.StatusOK)
		return err
	},
}

func paymentFixture(card string) map[string]any {
	return map[string]any{"amount": 2000, "currency": "usd", "description": "(created by paysmart trigger)",
		"payment_method": map[string]any{"type": "card", "card": map[string]any{"number": card, "exp_month": 12,
			"exp_year": time.Now().Year() + 1, "cvc": "123"}}}
}

func triggerCmd(getenv func(string) string, stdout io.Writer) *cobra.Command {
	var api apiFlags
	names := []string{"payment.succeeded", "payment.failed", "refund.created", "customer.created"}
	cmd := &cobra.Command{
		Use:   "trigger EVENT",
		Short: "Make an event happen in test mode by calling the API (" + strings.Join(names, ", ") + ")",
		Long: "trigger creates, through the API of a running server and in test mode, the objects whose\n" +
			"creation produces EVENT, so that your endpoints (and paysmart listen) receive it.",
		Example:   "  paysmart trigger payment.succeeded --api-key sk_test_…",
		Args:      cobra.ExactArgs(1),
		ValidArgs: names,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := api.check(); err != nil {
				return err
			}
			if !strings.HasPrefix(api.key, "sk_test_") {
				return errors.New("trigger works in test mode only: use an sk_test_ key")
			}
			fixture, ok := fixtures[args[0]]
			if !ok {
				return fmt.Errorf("cannot trigger %q; supported events: %s", args[0], strings.Join(names, ", "))
			}
			c := &apiClient{base: api.url, key: api.key, out: stdout}
			fmt.Fprintf(stdout, "Running fixture for: %s\n", args[0])
			if err := fixture(cmd.Context(), c); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Trigger succeeded! Check the event: GET /v2/events?type=%s\n", args[0])
			return nil
		},
	}
	api.add(cmd, getenv)
	return cmd
}

// apiClient calls the PaySmart API of a running server.
type apiClient struct {
	base, key string
	out       io.Writer
}

// post sends body as JSON and expects status; it returns the decoded answer
// (for a 402 the payment inside the error).
func (c *apiClient) post(ctx context.Context, path string, body map[string]any, status int) (map[string]any, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	var out map[string]any
	json.Unmarshal(raw, &out)
	if res.StatusCode != status {
		return nil, fmt.Errorf("POST %s: %s: %s", path, res.Status, bytes.TrimSpace(raw))
	}
	obj := out
	if e, ok := out["error"].(map[string]any); ok {
		if p, ok := e["payment"].(map[string]any); ok {
			obj = p
		}
	}
	fmt.Fprintf(c.out, "  POST %s → %v %v\n", path, obj["object"], obj["id"])
	return obj, nil
}

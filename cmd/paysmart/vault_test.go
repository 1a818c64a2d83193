package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
	"github.com/paysmart/paysmart/vault"
)

// TestVaultRotate seals card numbers and webhook and callback secrets under
// key A, then rotates to key B: without A configured the rotation stops
// naming A's key id; an interrupted rotation run again finishes; then B
// alone opens everything and card fingerprints follow B.
func TestVaultRotate(t *testing.T) {
	t.Parallel()
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		t.Run(string(flavor), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := storetest.URL(t, flavor)
			keyA, keyB := strings.Repeat("a1", 32), strings.Repeat("b2", 32)
			rawA, _ := vault.ParseKey(keyA)
			cfgA := config{databaseURL: db, vaultKey: keyA}
			cfgB := config{databaseURL: db, vaultKey: keyB}
			cfgBA := config{databaseURL: db, vaultKey: keyB, vaultOld: keyA}

			e, s := mustEngine(t, cfgA)
			m, _ := storetest.MustMerchant(t, e, "Acme")
			scope := domain.Scope{MerchantID: m.ID}
			pans := map[string]string{} // payment method id: card number
			for i := range 7 {
				pan := []string{"4242424242424242", "5555555555554444", "4000056655665556"}[i%3]
				pm, err := e.CreatePaymentMethod(ctx, scope, domain.PaymentMethodInput{Card: domain.CardInput{Number: pan, ExpMonth: 12, ExpYear: 2040}})
				if err != nil {
					t.Fatal(err)
				}
				pans[pm.ID] = pan
			}
			url := "https://example.com/hook"
			we, err := e.CreateWebhookEndpoint(ctx, scope, domain.WebhookEndpointInput{URL: &url, EnabledEvents: []string{"*"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.RollWebhookSecret(ctx, scope, we.ID, time.Hour); err != nil { // a previous secret too
				t.Fatal(err)
			}
			callback, err := e.CallbackSecret(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()

			rotate := func(cfg config, args ...string) (string, error) {
				var out bytes.Buffer
				argv := []string{"vault", "rotate", "--database", db, "--vault-key", cfg.vaultKey}
				if cfg.vaultOld != "" {
					argv = append(argv, "--vault-old-keys", cfg.vaultOld)
				}
				err := run(ctx, append(argv, args...), noEnv, &out, io.Discard)
				return out.String(), err
			}
			// B alone cannot open what A sealed: a clear error, nothing changed.
			if out, err := rotate(cfgB); err == nil || !strings.Contains(err.Error(), vault.KeyID(rawA)) ||
				!strings.Contains(err.Error(), "not configured") || !strings.Contains(err.Error(), "payment_methods.sealed_pan") {
				t.Fatalf("rotate without key A: %v\n%s", err, out)
			}

			// Interrupted after the first batch of card numbers.
			e, s = mustEngine(t, cfgBA)
			stop, cancel := context.WithCancel(ctx)
			_, err = e.RotateVault(stop, 3, func(domain.SealedKind, domain.Rotation) { cancel() })
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted rotation: %v", err)
			}
			s.Close()
			out, err := rotate(cfgBA, "--batch", "3")
			if err != nil {
				t.Fatalf("resumed rotation: %v\n%s", err, out)
			}
			// 7 cards (3 done before), 1 endpoint with a previous secret, 1 callback secret.
			for _, want := range []string{"payment_methods.sealed_pan: 7 checked, 4 sealed again\n", "webhook_endpoints.secret: 1 checked, 1 sealed again\n",
				"webhook_endpoints.previous_secret: 1 checked, 1 sealed again\n", "callback_secrets.sealed_secret: 1 checked, 1 sealed again\n",
				"done: 10 values checked, 7 sealed again; every value now opens with key " + vault.KeyID(mustKey(t, keyB)) + " alone\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("resumed rotation's output lacks %q:\n%s", want, out)
				}
			}
			if out, err := rotate(cfgBA); err != nil || !strings.Contains(out, "done: 10 values checked, 0 sealed again") {
				t.Errorf("rotation run again: %v\n%s", err, out)
			}

			// B alone opens everything; fingerprints are B's.
			e, s = mustEngine(t, cfgB)
			defer s.Close()
			for id, pan := range pans {
				pm, err := e.GetPaymentMethod(ctx, scope, id)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := e.Vault.Open(pm.SealedPAN); err != nil || got != pan {
					t.Errorf("card %s with B alone: %v", id, err)
				}
				if want := e.Vault.Fingerprint(m.ID, pan); pm.Card.Fingerprint != want {
					t.Errorf("card %s fingerprint %s, want B's %s", id, pm.Card.Fingerprint, want)
				}
			}
			if got, err := e.CallbackSecret(ctx, scope); err != nil || got != callback {
				t.Errorf("callback secret with B alone: %v", err)
			}
			ev, _ := e.GetWebhookEndpoint(ctx, scope, we.ID)
			for _, sealed := range [][]byte{ev.SealedSecret, ev.SealedPrevious} {
				if _, err := e.Vault.Open(sealed); err != nil {
					t.Errorf("webhook secret with B alone: %v", err)
				}
			}
		})
	}
}

func mustEngine(t *testing.T, cfg config) (*domain.Engine, *store.Store) {
	t.Helper()
	e, s, err := openEngine(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e, s
}

func mustKey(t *testing.T, s string) []byte {
	t.Helper()
	k, err := vault.ParseKey(s)
	if err != nil {
		t.Fatal(fmt.Errorf("key: %w", err))
	}
	return k
}

package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestDashboardIdleTimeoutFlag: serve refuses an idle timeout that is not
// positive, from the flag or from PAYSMART_DASHBOARD_IDLE_TIMEOUT.
func TestDashboardIdleTimeoutFlag(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "idle.db")
	for _, c := range []struct {
		flags []string
		env   string
	}{{[]string{"--dashboard-idle-timeout", "0s"}, ""}, {nil, "-5m"}} {
		getenv := func(k string) string {
			if k == "PAYSMART_DASHBOARD_IDLE_TIMEOUT" {
				return c.env
			}
			return ""
		}
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--database", db}, c.flags...)
		err := run(context.Background(), args, getenv, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--dashboard-idle-timeout must be more than 0") {
			t.Errorf("%v %q: %v", c.flags, c.env, err)
		}
	}
}

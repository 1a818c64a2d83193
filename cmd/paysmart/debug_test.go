package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestServeDebug: the profiler answers on a loopback address and refuses any
// other, as it is not authenticated.
func TestServeDebug(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.1.2.3:0", "nohost"} {
		if _, stop, err := serveDebug(addr, log); err == nil {
			stop()
			t.Errorf("--debug-addr %s accepted", addr)
		}
	}
	bound, stop, err := serveDebug("127.0.0.1:0", log)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := http.Get("http://" + bound.String() + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "goroutine") {
		t.Fatalf("%d %.200s", res.StatusCode, b)
	}
}

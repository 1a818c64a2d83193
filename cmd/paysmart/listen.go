package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	sdk "github.com/paysmart/paysmart/sdk/webhook"
)

// apiFlags are the flags of the commands that call a running server.
type apiFlags struct {
	key string
	url string
}

func (f *apiFlags) add(cmd *cobra.Command, getenv func(string) string) {
	def := getenv("PAYSMART_API_URL")
	if def == "" {
		def = "http://127.0.0.1:8080"
	}
	cmd.Flags().StringVar(&f.key, "api-key", getenv("PAYSMART_API_KEY"), "secret key, sk_test_… (env PAYSMART_API_KEY)")
	cmd.Flags().StringVar(&f.url, "api-url", def, "PaySmart server URL (env PAYSMART_API_URL)")
}

func (f *apiFlags) check() error {
	if f.key == "" {
		return errors.New("--api-key (or PAYSMART_API_KEY) is required: a secret key such as sk_test_…")
	}
	if !strings.HasPrefix(f.key, "sk_") {
		return errors.New("--api-key must be a secret key (sk_test_…)")
	}
	f.url = strings.TrimRight(f.url, "/")
	return nil
}

type listenOptions struct {
	api       apiFlags
	forwardTo string
	events    []string
	secret    string
}

func listenCmd(getenv func(string) string, stdout io.Writer) *cobra.Command {
	var o listenOptions
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Stream your events from a PaySmart server and forward them, signed, to a local URL",
		Long: `listen connects to a PaySmart server with your secret key, receives your events as they
happen (GET /v2/events/stream) and POSTs each one to --forward-to, signed like a real webhook
delivery with a signing secret of this session, which it prints. Verify it as you would the
secret of a registered endpoint.`,
		Example: "  paysmart listen --forward-to localhost:3000/webhook --api-key sk_test_…\n" +
			"  paysmart listen --forward-to http://localhost:3000/webhook --events payment.succeeded,payment.failed",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.api.check(); err != nil {
				return err
			}
			return listen(cmd.Context(), o, stdout)
		},
	}
	o.api.add(cmd, getenv)
	cmd.Flags().StringVar(&o.forwardTo, "forward-to", "", "where to POST each event, e.g. localhost:3000/webhook (required)")
	cmd.Flags().StringSliceVar(&o.events, "events", nil, "only these event types, comma-separated (default: all)")
	cmd.Flags().StringVar(&o.secret, "secret", "", "signing secret to use (default: a new whsec_ for this session)")
	cmd.MarkFlagRequired("forward-to")
	return cmd
}

// forwardURL accepts "localhost:3000/webhook" as well as a full URL.
func forwardURL(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("--forward-to %q is not an http(s) URL", s)
	}
	return u.String(), nil
}

// listen streams events until ctx ends, reconnecting after a lost connection
// and resuming after the last event it saw.
func listen(ctx context.Context, o listenOptions, stdout io.Writer) error {
	target, err := forwardURL(o.forwardTo)
	if err != nil {
		return err
	}
	if o.secret == "" {
		b := make([]byte, 24)
		rand.Read(b)
		o.secret = "whsec_" + hex.EncodeToString(b)
	}
	q := url.Values{}
	for _, t := range o.events {
		if t = strings.TrimSpace(t); t != "" {
			q.Add("types[]", t)
		}
	}
	streamURL := o.api.url + "/v2/events/stream"
	if len(q) > 0 {
		streamURL += "?" + q.Encode()
	}
	fwd := &http.Client{Timeout: 30 * time.Second}
	last := ""
	ready := false
	for {
		err := stream(ctx, streamURL, o.api.key, last, func() {
			if !ready {
				fmt.Fprintf(stdout, "Ready! Your webhook signing secret is %s (^C to quit)\n", o.secret)
				fmt.Fprintf(stdout, "Forwarding events to %s\n", target)
				ready = true
			} else {
				fmt.Fprintln(stdout, "Reconnected.")
			}
		}, func(ev streamedEvent) {
			last = ev.id
			forward(ctx, fwd, target, o.secret, ev, stdout)
		})
		if ctx.Err() != nil {
			return nil
		}
		var fatal *fatalError
		if errors.As(err, &fatal) {
			return fatal.err
		}
		fmt.Fprintf(stdout, "Connection lost (%v); reconnecting…\n", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

type streamedEvent struct{ id, typ, data string }

// fatalError is a stream failure that retrying cannot fix (a bad key).
type fatalError struct{ err error }

func (f *fatalError) Error() string { return f.err.Error() }

// stream reads server-sent events until the connection ends.
func stream(ctx context.Context, streamURL, key, last string, connected func(), handle func(streamedEvent)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, streamURL, nil)
	if err != nil {
		return &fatalError{err}
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "text/event-stream")
	if last != "" {
		req.Header.Set("Last-Event-ID", last)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		err := fmt.Errorf("the server answered %s: %s", res.Status, bytes.TrimSpace(body))
		if res.StatusCode >= 400 && res.StatusCode < 500 {
			return &fatalError{err}
		}
		return err
	}
	connected()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var ev streamedEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.id != "" && ev.data != "" {
				handle(ev)
			}
			ev = streamedEvent{}
		case strings.HasPrefix(line, "id:"):
			ev.id = strings.TrimSpace(line[3:])
		case strings.HasPrefix(line, "event:"):
			ev.typ = strings.TrimSpace(line[6:])
		case strings.HasPrefix(line, "data:"):
			ev.data = strings.TrimPrefix(line[5:], " ")
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.ErrUnexpectedEOF
}

// forward POSTs one event to target, signed with secret, and prints the outcome.
func forward(ctx context.Context, client *http.Client, target, secret string, ev streamedEvent, stdout io.Writer) {
	stamp := func() string { return time.Now().Format("2006-01-02 15:04:05") }
	fmt.Fprintf(stdout, "%s   --> %s [%s]\n", stamp(), ev.typ, ev.id)
	body := []byte(ev.data)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		fmt.Fprintf(stdout, "%s  <--  [ERROR] %v\n", stamp(), err)
		return
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "PaySmart-CLI-listen")
	req.Header.Set(sdk.SignatureHeader, sdk.SignHeader(body, time.Now(), secret))
	res, err := client.Do(req)
	if err != nil {
		fmt.Fprintf(stdout, "%s  <--  [ERROR] POST %s [%s]: %v\n", stamp(), target, ev.id, err)
		return
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	fmt.Fprintf(stdout, "%s  <--  [%d] POST %s [%s]\n", stamp(), res.StatusCode, target, ev.id)
}

package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
	"github.com/paysmart/paysmart/webhook"
)

type call = servertest.Call

// TestDocumentedEventsArrive makes the documented PaySmart calls against a
// real server and checks that each event reaches a receiver over HTTP,
// verifies with the SDK helper, and has the documented shape.
func TestDocumentedEventsArrive(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, nil, jobs.Config{})
		rc := newReceiver(t, nil)
		sk := h.Keys["sk_test"]
		_, secret := h.endpoint(t, sk, rc.URL+"/webhook", `["payment.succeeded","payment.failed","refund.created","customer.created"]`)

		cust := h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"email":"customer@example.com","name":"John Doe",
			"phone":"+1234567890","address":{"line1":"123 Main St","city":"San Francisco","state":"CA","postal_code":"94111","country":"US"}}`})
		servertest.Expect(t, cust, 200, nil)
		card := func(number string) string {
			return fmt.Sprintf(`{"amount":2000,"currency":"usd","customer":%q,"description":"Payment for order #1234",
				"payment_method":{"type":"card","card":{"number":%q,"exp_month":12,"exp_year":%d,"cvc":"123"}}}`,
				cust.JSON["id"], number, time.Now().Year()+2)
		}
		paid := h.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + sk, Body: card("4242424242424242")})
		servertest.Expect(t, paid, 200, map[string]any{"status": "succeeded"})
		servertest.Expect(t, h.Do(t, call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + sk, Body: card("4000000000000002")}), 402, nil)
		servertest.Expect(t, h.Do(t, call{Method: "POST", Path: "/v2/refunds", Auth: "bearer:" + sk,
			Body: `{"payment":"` + paid.JSON["id"].(string) + `","amount":500}`}), 200, nil)
		// Not subscribed: no delivery.
		h.Do(t, call{Method: "POST", Path: "/v2/customers/" + cust.JSON["id"].(string), Auth: "bearer:" + sk, Body: `{"name":"Jo"}`})

		waitFor(t, "four deliveries", func() bool { return rc.count() >= 4 })
		stays(t, "exactly four deliveries", func() bool { return rc.count() == 4 })
		byType := map[string]map[string]any{}
		for _, d := range rc.deliveries() {
			if ct := d.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			if ua := d.header.Get("User-Agent"); !strings.HasPrefix(ua, "PaySmart") {
				t.Errorf("User-Agent %q", ua)
			}
			ev, err := sdk.ConstructEvent(d.body, d.header.Get("PaySmart-Signature"), secret, 0)
			if err != nil {
				t.Fatalf("verification failed: %v (header %q)", err, d.header.Get("PaySmart-Signature"))
			}
			if _, err := sdk.ConstructEvent(d.body, d.header.Get("PaySmart-Signature"), "whsec_wrong", 0); !errors.Is(err, sdk.ErrNoValidSignature) {
				t.Fatalf("a wrong secret verified: %v", err)
			}
			// The body is the event exactly as GET /v2/events/{id} shows it.
			var delivered, fetched map[string]any
			json.Unmarshal(d.body, &delivered)
			api := h.Do(t, call{Method: "GET", Path: "/v2/events/" + ev.ID, Auth: "bearer:" + sk})
			json.Unmarshal(api.Body, &fetched)
			if !reflect.DeepEqual(delivered, fetched) {
				t.Errorf("delivered %s\n  but GET /v2/events/%s shows %s", d.body, ev.ID, api.Body)
			}
			byType[ev.Type] = delivered
		}

		type want = map[string]any
		shapes := map[string]want{
			"customer.created": {"object": "event", "livemode": false, "data.object.object": "customer", "data.object.email": "customer@example.com",
				"data.object.name": "John Doe", "data.object.phone": "+1234567890", "data.object.address.line1": "123 Main St",
				"data.object.address.city": "San Francisco", "data.object.address.postal_code": "94111", "data.object.address.country": "US",
				"data.object.id": cust.JSON["id"], "data.object.created": servertest.Present},
			"payment.succeeded": {"data.object.object": "payment", "data.object.id": paid.JSON["id"], "data.object.amount": 2000.0,
				"data.object.currency": "usd", "data.object.status": "succeeded", "data.object.payment_method.type": "card",
				"data.object.payment_method.card.brand": "visa", "data.object.payment_method.card.last4": "4242",
				"data.object.payment_method.card.exp_month": 12.0, "data.object.customer": cust.JSON["id"],
				"data.object.description": "Payment for order #1234", "data.object.receipt_url": servertest.Present,
				"data.object.payment_method.id": servertest.Present, "data.object.created": servertest.Present},
			"payment.failed": {"data.object.object": "payment", "data.object.status": "failed", "data.object.amount": 2000.0,
				"data.object.failure_code": "card_declined", "data.object.payment_method.card.last4": "0002"},
			"refund.created": {"data.object.object": "refund", "data.object.payment": paid.JSON["id"], "data.object.amount": 500.0,
				"data.object.currency": "usd", "data.object.status": "succeeded"},
		}
		for typ, fields := range shapes {
			ev := byType[typ]
			if ev == nil {
				t.Errorf("no %s delivered", typ)
				continue
			}
			if ev["type"] != typ || !strings.HasPrefix(ev["id"].(string), "evt_") {
				t.Errorf("%s: envelope %v", typ, ev)
			}
			for path, w := range fields {
				got := servertest.Field(ev, path)
				if (w == servertest.Present && got == nil) || (w != servertest.Present && got != w) {
					t.Errorf("%s: %s = %#v, want %#v", typ, path, got, w)
				}
			}
		}

		// Every attempt is listed under its event.
		evID := byType["payment.succeeded"]["id"].(string)
		waitFor(t, "the attempt to be recorded", func() bool {
			r := h.Do(t, call{Method: "GET", Path: "/v2/events/" + evID + "/deliveries", Auth: "bearer:" + sk})
			return len(r.JSON["data"].([]any)) == 1
		})
		list := h.Do(t, call{Method: "GET", Path: "/v2/events/" + evID + "/deliveries", Auth: "bearer:" + sk})
		servertest.Expect(t, list, 200, map[string]any{"data.0.object": "webhook_delivery", "data.0.event": evID, "data.0.attempt": 1.0,
			"data.0.status_code": 200.0, "data.0.error": nil, "data.0.next_retry_at": nil, "data.0.duration_ms": servertest.Present})
	})
}

// TestRetriesAfterFailures: a receiver that answers 500 three times and then
// 200 gets the event exactly once more after each failure, each time after a
// longer delay, and never before the delay is over. Time is the fake clock's.
func TestRetriesAfterFailures(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := &clock{}
		c.Set(time.Now().UTC().Truncate(time.Second))
		h := newHarness(t, s, c, jobs.Config{})
		rc := newReceiver(t, func(n int, _ *http.Request) int {
			if n <= 3 {
				return 500
			}
			return 200
		})
		sk := h.Keys["sk_test"]
		epID, secret := h.endpoint(t, sk, rc.URL, `["customer.created"]`)
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"email":"a@example.com"}`})
		waitFor(t, "the first attempt", func() bool { return rc.count() == 1 })
		var ev sdk.Event
		json.Unmarshal(rc.deliveries()[0].body, &ev)
		jobID := "wh:" + ev.ID + ":" + epID

		var delays []time.Duration
		for attempt := 1; attempt <= 3; attempt++ {
			tried := c.Now()
			waitFor(t, "the failure to be recorded", func() bool { return mustJob(t, s, jobID).State == domain.JobAvailable })
			j := mustJob(t, s, jobID)
			delay := j.RunAt.Sub(tried)
			delays = append(delays, delay)
			if j.Attempt != attempt || !strings.Contains(j.LastError, "HTTP 500") {
				t.Fatalf("after attempt %d: %+v", attempt, j)
			}
			c.Set(j.RunAt.Add(-time.Millisecond))
			h.runner.Wake()
			stays(t, "no retry before the delay ends", func() bool { return rc.count() == attempt })
			c.Set(j.RunAt)
			h.runner.Wake()
			waitFor(t, fmt.Sprintf("attempt %d", attempt+1), func() bool { return rc.count() == attempt+1 })
		}
		waitFor(t, "success", func() bool { return mustJob(t, s, jobID).State == domain.JobSucceeded })
		c.Advance(24 * time.Hour)
		h.runner.Wake()
		stays(t, "no delivery after the success", func() bool { return rc.count() == 4 })

		if want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}; !reflect.DeepEqual(delays, want) {
			t.Errorf("delays = %v, want %v", delays, want)
		}
		for i, d := range rc.deliveries() {
			if i > 0 && string(d.body) != string(rc.deliveries()[0].body) {
				t.Errorf("attempt %d sent another body", i+1)
			}
			if _, err := sdk.ConstructEvent(d.body, d.header.Get("PaySmart-Signature"), secret, 0); err != nil {
				t.Errorf("attempt %d: %v", i+1, err)
			}
		}

		list := h.Do(t, call{Method: "GET", Path: "/v2/events/" + ev.ID + "/deliveries", Auth: "bearer:" + sk})
		items := list.JSON["data"].([]any)
		if len(items) != 4 {
			t.Fatalf("deliveries: %s", list.Text())
		}
		var prev float64
		for i := range 4 {
			d := items[3-i].(map[string]any) // newest first
			wantStatus := 500.0
			if i == 3 {
				wantStatus = 200.0
			}
			if d["attempt"] != float64(i+1) || d["status_code"] != wantStatus {
				t.Errorf("delivery %d: %v", i+1, d)
			}
			if i < 3 {
				next := d["next_retry_at"].(float64) - d["created"].(float64)
				if next <= prev {
					t.Errorf("delivery %d: next retry in %vs, not later than %vs", i+1, next, prev)
				}
				prev = next
			} else if d["next_retry_at"] != nil {
				t.Errorf("the successful delivery has a next_retry_at: %v", d)
			}
		}
		servertest.Expect(t, h.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints/" + epID, Auth: "bearer:" + sk}), 200,
			map[string]any{"status": "enabled", "failing_since": nil, "flagged_at": nil})
	})
}

// TestGivesUpThenDisables: a test-mode delivery stops after its three-hour
// window and flags the endpoint; an endpoint that has failed for three days
// is disabled, with a webhook_endpoint.disabled event to the other endpoints.
func TestGivesUpThenDisables(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := &clock{}
		c.Set(time.Now().UTC().Truncate(time.Second))
		h := newHarness(t, s, c, jobs.Config{})
		down := newReceiver(t, func(int, *http.Request) int { return 503 })
		ops := newReceiver(t, nil)
		sk := h.Keys["sk_test"]
		epID, _ := h.endpoint(t, sk, down.URL, `["customer.created"]`)
		h.endpoint(t, sk, ops.URL, `["webhook_endpoint.disabled"]`)
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		start := c.Now()

		// Retry after retry until the next one would fall outside three hours.
		waitFor(t, "the first attempt", func() bool { return down.count() == 1 })
		var ev sdk.Event
		json.Unmarshal(down.deliveries()[0].body, &ev)
		jobID := "wh:" + ev.ID + ":" + epID
		for {
			waitFor(t, "the attempt to be recorded", func() bool {
				j := mustJob(t, s, jobID)
				return j.State != domain.JobRunning && j.Attempt == down.count()
			})
			j := mustJob(t, s, jobID)
			if j.State == domain.JobDiscarded {
				break
			}
			n := down.count()
			c.Set(j.RunAt)
			h.runner.Wake()
			waitFor(t, "the next attempt", func() bool { return down.count() == n+1 })
		}
		attempts := down.count()
		if attempts != 8 {
			t.Errorf("a test-mode delivery was tried %d times, want 8 (1, 2, 4 ... 64 minutes apart)", attempts)
		}
		if elapsed := c.Now().Sub(start); elapsed > domain.WebhookRetryWindow(false) {
			t.Errorf("retried for %v", elapsed)
		}
		ep := h.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints/" + epID, Auth: "bearer:" + sk})
		servertest.Expect(t, ep, 200, map[string]any{"status": "enabled", "failing_since": float64(start.Unix()),
			"flagged_at": servertest.Present})
		if ops.count() != 0 {
			t.Fatal("disabled too early")
		}

		// Three days of failures later, the next failure disables it.
		c.Set(start.Add(domain.WebhookDisableAfter))
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		waitFor(t, "the disabled event", func() bool { return ops.count() == 1 })
		var disabled sdk.Event
		json.Unmarshal(ops.deliveries()[0].body, &disabled)
		var obj map[string]any
		json.Unmarshal(disabled.Data.Object, &obj)
		if disabled.Type != "webhook_endpoint.disabled" || obj["id"] != epID || obj["status"] != "disabled" || obj["secret"] != nil {
			t.Fatalf("disabled event: %s", ops.deliveries()[0].body)
		}
		servertest.Expect(t, h.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints/" + epID, Auth: "bearer:" + sk}), 200,
			map[string]any{"status": "disabled"})
		// A disabled endpoint gets nothing more.
		n := down.count()
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		c.Advance(time.Hour)
		h.runner.Wake()
		stays(t, "nothing sent to a disabled endpoint", func() bool { return down.count() == n })

		// Re-enabled, it starts with a clean slate.
		servertest.Expect(t, h.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints/" + epID, Auth: "bearer:" + sk, Body: `{"disabled":false}`}),
			200, map[string]any{"status": "enabled", "failing_since": nil, "flagged_at": nil})
	})
}

// TestRollSignsWithBothSecrets: during a roll's grace period each delivery
// carries one v1 per secret, so receivers on either secret verify it.
func TestRollSignsWithBothSecrets(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := &clock{}
		c.Set(time.Now().UTC())
		h := newHarness(t, s, c, jobs.Config{})
		rc := newReceiver(t, nil)
		sk := h.Keys["sk_test"]
		epID, oldSecret := h.endpoint(t, sk, rc.URL, `["*"]`)
		rolled := h.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints/" + epID + "/roll_secret", Auth: "bearer:" + sk, Body: `{"expires_in":3600}`})
		newSecret := rolled.JSON["secret"].(string)

		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		waitFor(t, "a delivery", func() bool { return rc.count() == 1 })
		d := rc.deliveries()[0]
		sig := d.header.Get("PaySmart-Signature")
		if strings.Count(sig, "v1=") != 2 {
			t.Fatalf("signature during the grace period: %s", sig)
		}
		for _, secret := range []string{oldSecret, newSecret} {
			if _, err := sdk.ConstructEvent(d.body, sig, secret, 0); err != nil {
				t.Errorf("secret %s…: %v", secret[:10], err)
			}
		}

		// The first delivery's job must be finished before the clock jumps
		// an hour, or its lease looks expired and it is reclaimed.
		waitFor(t, "the first delivery's job to finish", func() bool {
			var n int
			s.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'webhook_delivery' AND state = 'succeeded'`).Scan(&n)
			return n == 1
		})
		c.Advance(time.Hour)
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		waitFor(t, "a second delivery", func() bool { return rc.count() == 2 })
		d = rc.deliveries()[1]
		sig = d.header.Get("PaySmart-Signature")
		if _, err := sdk.ConstructEvent(d.body, sig, newSecret, 0); err != nil || strings.Count(sig, "v1=") != 1 {
			t.Errorf("after the grace period: %s, %v", sig, err)
		}
		if _, err := sdk.ConstructEvent(d.body, sig, oldSecret, 0); !errors.Is(err, sdk.ErrNoValidSignature) {
			t.Errorf("the old secret still verifies: %v", err)
		}
	})
}

// TestResendAndDelete: POST /v2/events/{id}/retry sends at once, even while a
// retry waits for its backoff; deleting the endpoint ends its deliveries.
func TestResendAndDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		c := &clock{}
		c.Set(time.Now().UTC())
		h := newHarness(t, s, c, jobs.Config{})
		rc := newReceiver(t, func(n int, _ *http.Request) int {
			if n == 1 {
				return 500
			}
			return 204
		})
		sk := h.Keys["sk_test"]
		epID, _ := h.endpoint(t, sk, rc.URL, `["customer.created"]`)
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		waitFor(t, "the first attempt", func() bool { return rc.count() == 1 })
		var ev sdk.Event
		json.Unmarshal(rc.deliveries()[0].body, &ev)
		jobID := "wh:" + ev.ID + ":" + epID
		waitFor(t, "the failure to be recorded", func() bool { return mustJob(t, s, jobID).State == domain.JobAvailable })

		servertest.Expect(t, h.Do(t, call{Method: "POST", Path: "/v2/events/" + ev.ID + "/retry", Auth: "bearer:" + sk}), 200, nil)
		waitFor(t, "the resend", func() bool { return rc.count() == 2 })
		waitFor(t, "success", func() bool { return mustJob(t, s, jobID).State == domain.JobSucceeded })
		// A finished delivery can be resent too: it starts over at attempt 1.
		servertest.Expect(t, h.Do(t, call{Method: "POST", Path: "/v2/events/" + ev.ID + "/retry", Auth: "bearer:" + sk}), 200, nil)
		waitFor(t, "the second resend", func() bool { return rc.count() == 3 })
		waitFor(t, "success", func() bool { return mustJob(t, s, jobID).State == domain.JobSucceeded })
		if j := mustJob(t, s, jobID); j.Attempt != 1 {
			t.Errorf("resent job attempt %d", j.Attempt)
		}

		// Deleted while a retry waits: the retry is dropped.
		down := newReceiver(t, func(int, *http.Request) int { return 500 })
		ep2, _ := h.endpoint(t, sk, down.URL, `["customer.created"]`)
		h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{}`})
		waitFor(t, "a failed attempt", func() bool { return down.count() == 1 })
		json.Unmarshal(down.deliveries()[0].body, &ev)
		job2 := "wh:" + ev.ID + ":" + ep2
		waitFor(t, "the failure to be recorded", func() bool { return mustJob(t, s, job2).State == domain.JobAvailable })
		servertest.Expect(t, h.Do(t, call{Method: "DELETE", Path: "/v2/webhook_endpoints/" + ep2, Auth: "bearer:" + sk}), 200, nil)
		c.Advance(time.Hour)
		h.runner.Wake()
		waitFor(t, "the job to be dropped", func() bool { return mustJob(t, s, job2).State == domain.JobDiscarded })
		if down.count() != 1 {
			t.Fatalf("a deleted endpoint got %d deliveries", down.count())
		}
	})
}

// failCommit is a store whose write transactions fail after the use case
// did all its work, as a lost connection at COMMIT would.
type failCommit struct{ domain.Store }

var errInjected = errors.New("injected failure at commit")

func (f failCommit) Tx(ctx context.Context, fn func(domain.Tx) error) error {
	return f.Store.Tx(ctx, func(tx domain.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errInjected
	})
}

// TestDeliveriesCommitWithTheirEvent: a use case that fails leaves no event
// and no delivery job behind; one that succeeds leaves both.
func TestDeliveriesCommitWithTheirEvent(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, nil, jobs.Config{})
		rc := newReceiver(t, nil)
		sk := h.Keys["sk_test"]
		h.endpoint(t, sk, rc.URL, `["*"]`)
		auth, err := h.Engine.Authenticate(context.Background(), sk)
		if err != nil {
			t.Fatal(err)
		}
		broken := domain.NewEngine(failCommit{h.Engine.Store}, h.Engine.Clock) // not a copy: the engine holds a lock
		broken.Snapshot, broken.Vault, broken.TestProcessor = h.Engine.Snapshot, h.Engine.Vault, h.Engine.TestProcessor
		if _, err := broken.CreateCustomer(context.Background(), auth.Scope(), domain.CustomerInput{}); !errors.Is(err, errInjected) {
			t.Fatalf("CreateCustomer = %v", err)
		}
		count := func(table string) int {
			var n int
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n, m := count("events"), count("jobs WHERE kind = 'webhook_delivery'"); n != 0 || m != 0 {
			t.Fatalf("after a failed use case: %d events, %d delivery jobs", n, m)
		}
		if _, err := h.Engine.CreateCustomer(context.Background(), auth.Scope(), domain.CustomerInput{}); err != nil {
			t.Fatal(err)
		}
		if n, m := count("events"), count("jobs WHERE kind = 'webhook_delivery'"); n != 1 || m != 1 {
			t.Fatalf("after a use case: %d events, %d delivery jobs", n, m)
		}
		waitFor(t, "the delivery", func() bool { return rc.count() == 1 })
		stays(t, "one delivery", func() bool { return rc.count() == 1 })
	})
}

// TestLiveEndpointsReachOnlyPublicAddresses: a live endpoint that resolves
// to a loopback address is refused at dial time, and the attempt recorded.
func TestLiveEndpointsReachOnlyPublicAddresses(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetest.Open(t, store.SQLite), nil, jobs.Config{})
	internal := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the guarded client reached a loopback address")
	}))
	t.Cleanup(internal.Close)
	live := h.Keys["sk_live"]
	epID, _ := h.endpoint(t, live, internal.URL+"/hook", `["customer.created"]`)
	h.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + live, Body: `{}`})
	events := h.Do(t, call{Method: "GET", Path: "/v2/events", Auth: "bearer:" + live})
	evID := servertest.Field(events.JSON, "data.0.id").(string)
	var list servertest.Reply
	waitFor(t, "the refused attempt", func() bool {
		list = h.Do(t, call{Method: "GET", Path: "/v2/events/" + evID + "/deliveries", Auth: "bearer:" + live})
		return len(list.JSON["data"].([]any)) == 1
	})
	servertest.Expect(t, list, 200, map[string]any{"data.0.endpoint": epID, "data.0.status_code": nil, "data.0.next_retry_at": servertest.Present})
	if msg, _ := servertest.Field(list.JSON, "data.0.error").(string); !strings.Contains(msg, "refused to connect") {
		t.Fatalf("error = %q", msg)
	}
}

func TestClientRules(t *testing.T) {
	t.Parallel()
	var target *httptest.Server
	target = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.WriteHeader(200)
		case "/temporary":
			http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect)
		case "/found":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/elsewhere":
			// Same server, another host name: not the endpoint the merchant registered.
			http.Redirect(w, r, strings.Replace(target.URL, "127.0.0.1", "localhost", 1)+"/ok", http.StatusTemporaryRedirect)
		case "/slow":
			select { // well past the client's timeout, however loaded the machine
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		case "/big":
			w.Write([]byte(strings.Repeat("x", 1<<20)))
		}
	}))
	t.Cleanup(target.Close)
	client := webhook.NewClient(webhook.ClientConfig{Timeout: time.Second})
	post := func(path string) (int, error) {
		res, err := client.Post(target.URL+path, "application/json", strings.NewReader(`{}`))
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	tests := []struct {
		path    string
		status  int
		errText string
	}{
		{"/ok", 200, ""},
		{"/temporary", 200, ""},
		{"/found", 0, "only 307 and 308 are followed"},
		{"/elsewhere", 0, "redirect to another host"},
		{"/slow", 0, "Timeout"},
		{"/big", 200, ""},
	}
	for _, tc := range tests {
		status, err := post(tc.path)
		if status != tc.status || (tc.errText == "" && err != nil) || (tc.errText != "" && (err == nil || !strings.Contains(err.Error(), tc.errText))) {
			t.Errorf("%s: %d, %v; want %d, %q", tc.path, status, err, tc.status, tc.errText)
		}
	}
	guarded := webhook.NewClient(webhook.ClientConfig{Guard: webhook.GuardPublic})
	if _, err := guarded.Post(target.URL+"/ok", "application/json", strings.NewReader(`{}`)); !errors.Is(err, webhook.ErrAddressRefused) {
		t.Errorf("live client to loopback: %v", err)
	}
	// Live mode: private IPv4 behind NAT64 or 6to4, and benchmarking addresses, are private too.
	for _, u := range []string{"http://[64:ff9b::a00:1]:80/", "http://[2002:7f00:1::1]:80/", "http://198.18.0.1:80/"} {
		if _, err := guarded.Post(u, "application/json", strings.NewReader(`{}`)); !errors.Is(err, webhook.ErrAddressRefused) {
			t.Errorf("live client to %s: %v", u, err)
		}
	}
	// Even in test mode, never the cloud metadata service or 0.0.0.0.
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:80/", "http://0.0.0.0:80/",
		"http://[64:ff9b::a9fe:a9fe]:80/", "http://[2002:a9fe:a9fe::1]:80/", "http://255.255.255.255:80/", "http://240.0.0.1:80/"} {
		if _, err := client.Post(u, "application/json", strings.NewReader(`{}`)); !errors.Is(err, webhook.ErrAddressRefused) {
			t.Errorf("test client to %s: %v", u, err)
		}
	}
}

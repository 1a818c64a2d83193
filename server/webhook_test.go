package server_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk, live := "bearer:"+e.Keys["sk_test"], "bearer:"+e.Keys["sk_live"]
		created := e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
			Body: `{"url":"https://example.com/hook","enabled_events":["payment.succeeded","refund.created"],"description":"orders","metadata":{"team":"ops"}}`})
		servertest.Expect(t, created, 200, map[string]any{"object": "webhook_endpoint", "url": "https://example.com/hook",
			"enabled_events.0": "payment.succeeded", "enabled_events.1": "refund.created", "description": "orders",
			"status": "enabled", "livemode": false, "metadata.team": "ops", "failing_since": nil, "flagged_at": nil})
		id := created.JSON["id"].(string)
		secret, _ := created.JSON["secret"].(string)
		if !strings.HasPrefix(id, "we_") || !strings.HasPrefix(secret, "whsec_") || len(secret) < 30 {
			t.Fatalf("id %q, secret %q", id, secret)
		}
		liveEP := e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: live,
			Body: `{"url":"https://example.com/live","enabled_events":["*"]}`})
		servertest.Expect(t, liveEP, 200, map[string]any{"livemode": true, "enabled_events.0": "*"})
		liveID := liveEP.JSON["id"].(string)

		tests := []struct {
			name   string
			call   call
			status int
			want   map[string]any
		}{
			// Create.
			{"form body, all events", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, ContentType: "application/x-www-form-urlencoded",
				Body: "url=http%3A%2F%2Flocalhost%3A3000%2Fwebhook&enabled_events[]=*"}, 200,
				map[string]any{"url": "http://localhost:3000/webhook", "enabled_events.0": "*", "description": nil, "secret": servertest.Present}},
			{"test mode accepts http", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"http://127.0.0.1:9/x","enabled_events":["customer.created"]}`}, 200, map[string]any{"status": "enabled"}},
			{"live mode needs https", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: live,
				Body: `{"url":"http://example.com/hook","enabled_events":["*"]}`}, 400,
				map[string]any{"error.type": "invalid_request_error", "error.code": "url_invalid", "error.param": "url"}},
			{"credentials in the url", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"https://user:pw@example.com/hook","enabled_events":["*"]}`}, 400, map[string]any{"error.code": "url_invalid"}},
			{"not a url", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"example.com/hook","enabled_events":["*"]}`}, 400, map[string]any{"error.param": "url"}},
			{"url missing", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, Body: `{"enabled_events":["*"]}`}, 400,
				map[string]any{"error.code": "parameter_missing", "error.param": "url"}},
			{"enabled_events missing", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, Body: `{"url":"https://example.com/"}`}, 400,
				map[string]any{"error.code": "parameter_missing", "error.param": "enabled_events"}},
			{"enabled_events empty", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, Body: `{"url":"https://example.com/","enabled_events":[]}`}, 400,
				map[string]any{"error.code": "parameter_missing", "error.param": "enabled_events"}},
			{"unknown event type", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"https://example.com/","enabled_events":["payment.succeeded","payment.exploded"]}`}, 400,
				map[string]any{"error.code": "parameter_invalid", "error.param": "enabled_events[1]"}},
			{"unknown parameter", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"https://example.com/","enabled_events":["*"],"api_version":"2020-08-27"}`}, 400,
				map[string]any{"error.code": "parameter_unknown", "error.param": "api_version"}},
			{"publishable key refused", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: "bearer:" + e.Keys["pk_test"],
				Body: `{"url":"https://example.com/","enabled_events":["*"]}`}, 403, map[string]any{"error.type": "permission_error"}},
			{"publishable key cannot list", call{Method: "GET", Path: "/v2/webhook_endpoints", Auth: "bearer:" + e.Keys["pk_test"]}, 403,
				map[string]any{"error.type": "permission_error"}},
			{"paysley has no webhook endpoints", call{Method: "GET", Path: "/v2/webhook_endpoints", Auth: "bearer:" + e.Keys["py_test"]}, 404,
				map[string]any{"result": "failed"}},

			// Retrieve: the secret is never shown again.
			{"get", call{Method: "GET", Path: "/v2/webhook_endpoints/" + id, Auth: sk}, 200,
				map[string]any{"id": id, "secret": nil, "url": "https://example.com/hook"}},
			{"get unknown", call{Method: "GET", Path: "/v2/webhook_endpoints/we_missing", Auth: sk}, 404,
				map[string]any{"error.type": "invalid_request_error", "error.code": "resource_missing"}},
			{"test key cannot see a live endpoint", call{Method: "GET", Path: "/v2/webhook_endpoints/" + liveID, Auth: sk}, 404, nil},
			{"live key cannot see a test endpoint", call{Method: "GET", Path: "/v2/webhook_endpoints/" + id, Auth: live}, 404, nil},
			{"live key cannot update a test endpoint", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id, Auth: live,
				Body: `{"disabled":true}`}, 404, nil},
			{"live key cannot delete a test endpoint", call{Method: "DELETE", Path: "/v2/webhook_endpoints/" + id, Auth: live}, 404, nil},

			// Update.
			{"update url and events", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id, Auth: sk,
				Body: `{"url":"https://example.com/v2","enabled_events":["customer.created"],"metadata":{"team":""}}`}, 200,
				map[string]any{"url": "https://example.com/v2", "enabled_events.0": "customer.created", "description": "orders",
					"metadata.team": nil, "secret": nil}},
			{"disable", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id, Auth: sk, Body: `{"disabled":true}`}, 200,
				map[string]any{"status": "disabled"}},
			{"enable", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id, Auth: sk, ContentType: "application/x-www-form-urlencoded",
				Body: "disabled=false"}, 200, map[string]any{"status": "enabled"}},
			{"update with a bad url", call{Method: "POST", Path: "/v2/webhook_endpoints/" + liveID, Auth: live, Body: `{"url":"http://example.com/"}`}, 400,
				map[string]any{"error.param": "url"}},
			{"update unknown", call{Method: "POST", Path: "/v2/webhook_endpoints/we_missing", Auth: sk, Body: `{"disabled":true}`}, 404, nil},
			{"disabled is not a create parameter", call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk,
				Body: `{"url":"https://example.com/","enabled_events":["*"],"disabled":true}`}, 400, map[string]any{"error.param": "disabled"}},

			// Roll.
			{"roll with a negative grace", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id + "/roll_secret", Auth: sk,
				Body: `{"expires_in":-1}`}, 400, map[string]any{"error.param": "expires_in"}},
			{"roll with a grace over a day", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id + "/roll_secret", Auth: sk,
				Body: `{"expires_in":86401}`}, 400, map[string]any{"error.param": "expires_in"}},
			{"roll unknown", call{Method: "POST", Path: "/v2/webhook_endpoints/we_missing/roll_secret", Auth: sk}, 404, nil},
			{"roll in the other mode", call{Method: "POST", Path: "/v2/webhook_endpoints/" + id + "/roll_secret", Auth: live}, 404, nil},

			// Events: deliveries and resend.
			{"deliveries of an unknown event", call{Method: "GET", Path: "/v2/events/evt_missing/deliveries", Auth: sk}, 404,
				map[string]any{"error.code": "resource_missing"}},
			{"resend an unknown event", call{Method: "POST", Path: "/v2/events/evt_missing/retry", Auth: sk}, 404, nil},
			{"wrong method", call{Method: "PUT", Path: "/v2/webhook_endpoints/" + id, Auth: sk}, 405, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				servertest.Expect(t, e.Do(t, tc.call), tc.status, tc.want)
			})
		}

		rolled := e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints/" + id + "/roll_secret", Auth: sk, Body: `{"expires_in":3600}`})
		servertest.Expect(t, rolled, 200, map[string]any{"id": id, "secret": servertest.Present})
		if rolled.JSON["secret"] == secret {
			t.Fatal("roll kept the secret")
		}

		list := e.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints?limit=2", Auth: sk})
		servertest.Expect(t, list, 200, map[string]any{"object": "list", "url": "/v2/webhook_endpoints", "has_more": true})
		for _, item := range list.JSON["data"].([]any) {
			if m := item.(map[string]any); m["livemode"] != false || m["secret"] != nil {
				t.Errorf("list item %v", m)
			}
		}
		all := e.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints?limit=100", Auth: sk})
		if n := len(all.JSON["data"].([]any)); n != 3 {
			t.Errorf("test mode has %d endpoints, want 3", n)
		}

		// Resend: an event with no subscribed endpoint is refused; one with is resent.
		cust := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: sk, Body: `{"email":"a@example.com"}`})
		events := e.Do(t, call{Method: "GET", Path: "/v2/events?type=customer.created", Auth: sk})
		evID := servertest.Field(events.JSON, "data.0.id").(string)
		if servertest.Field(events.JSON, "data.0.data.object.id") != cust.JSON["id"] {
			t.Fatalf("events: %s", events.Text())
		}
		servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/events/" + evID + "/retry", Auth: sk}), 200,
			map[string]any{"id": evID, "object": "event"})
		servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/events/" + evID + "/deliveries", Auth: sk}), 200,
			map[string]any{"object": "list", "url": "/v2/events/" + evID + "/deliveries", "has_more": false})
		servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/events/" + evID + "/deliveries", Auth: live}), 404, nil)

		// Delete.
		servertest.Expect(t, e.Do(t, call{Method: "DELETE", Path: "/v2/webhook_endpoints/" + id, Auth: sk}), 200,
			map[string]any{"id": id, "object": "webhook_endpoint", "deleted": true})
		servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/webhook_endpoints/" + id, Auth: sk}), 404, nil)
		servertest.Expect(t, e.Do(t, call{Method: "DELETE", Path: "/v2/webhook_endpoints/" + id, Auth: sk}), 404, nil)
		e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: live, Body: `{}`})
		liveEvents := e.Do(t, call{Method: "GET", Path: "/v2/events", Auth: live})
		liveEv := servertest.Field(liveEvents.JSON, "data.0.id").(string)
		servertest.Expect(t, e.Do(t, call{Method: "DELETE", Path: "/v2/webhook_endpoints/" + liveID, Auth: live}), 200, nil)
		servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/events/" + liveEv + "/retry", Auth: live}), 400,
			map[string]any{"error.code": "no_webhook_endpoints"})
	})
}

func TestWebhookEndpointLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, store.SQLite))
	sk := "bearer:" + e.Keys["sk_test"]
	for i := range 16 {
		r := e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, Body: fmt.Sprintf(`{"url":"https://example.com/%d","enabled_events":["*"]}`, i)})
		servertest.Expect(t, r, 200, nil)
	}
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: sk, Body: `{"url":"https://example.com/x","enabled_events":["*"]}`}),
		400, map[string]any{"error.code": "webhook_endpoint_limit"})
	// The limit is per mode.
	servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/webhook_endpoints", Auth: "bearer:" + e.Keys["sk_live"],
		Body: `{"url":"https://example.com/x","enabled_events":["*"]}`}), 200, nil)
}

// sseEvent is one server-sent event.
type sseEvent struct{ id, typ, data string }

// openStream connects to the event stream and returns its events.
func openStream(t *testing.T, e *servertest.Env, key, query, lastID string) (<-chan sseEvent, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/v2/events/stream"+query, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 100)
	go func() {
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.id != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.typ = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			}
		}
	}()
	return out, cancel
}

func next(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event on the stream")
	}
	return sseEvent{}
}

func TestEventStream(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		sk := e.Keys["sk_test"]
		e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"email":"old@example.com"}`}) // history

		all, stopAll := openStream(t, e, sk, "", "")
		defer stopAll()
		only, stopOnly := openStream(t, e, sk, "?types[]=customer.updated", "")
		defer stopOnly()
		servertest.Expect(t, e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + e.Keys["sk_live"], Body: `{}`}), 200, nil)
		c := e.Do(t, call{Method: "POST", Path: "/v2/customers", Auth: "bearer:" + sk, Body: `{"email":"new@example.com"}`})
		cid := c.JSON["id"].(string)
		e.Do(t, call{Method: "POST", Path: "/v2/customers/" + cid, Auth: "bearer:" + sk, Body: `{"name":"New"}`})

		first := next(t, all)
		if first.typ != "customer.created" || !strings.Contains(first.data, cid) || !strings.Contains(first.data, `"livemode":false`) {
			t.Fatalf("first streamed event: %+v", first)
		}
		got := e.Do(t, call{Method: "GET", Path: "/v2/events/" + first.id, Auth: "bearer:" + sk})
		if got.Status != 200 || got.JSON["type"] != "customer.created" {
			t.Fatalf("streamed id does not resolve: %s", got.Text())
		}
		second := next(t, all)
		if second.typ != "customer.updated" {
			t.Fatalf("second streamed event: %+v", second)
		}
		if f := next(t, only); f.typ != "customer.updated" || f.id != second.id {
			t.Fatalf("filtered stream: %+v", f)
		}

		// A client that reconnects after the first event gets the second again, and nothing older.
		again, stopAgain := openStream(t, e, sk, "", first.id)
		defer stopAgain()
		if r := next(t, again); r.id != second.id {
			t.Fatalf("resumed stream sent %+v, want %s", r, second.id)
		}
		e.Do(t, call{Method: "DELETE", Path: "/v2/customers/" + cid, Auth: "bearer:" + sk})
		if r := next(t, again); r.typ != "customer.deleted" {
			t.Fatalf("resumed stream then sent %+v", r)
		}

		servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/events/stream?types[]=nope", Auth: "bearer:" + sk}), 400,
			map[string]any{"error.param": "types[0]"})
		servertest.Expect(t, e.Do(t, call{Method: "GET", Path: "/v2/events/stream", Auth: "bearer:" + e.Keys["pk_test"]}), 403, nil)
	})
}

package paysmart

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Event stream timing.
const (
	streamPoll      = 250 * time.Millisecond
	streamHeartbeat = 15 * time.Second
	// streamWindow is how far back a poll may look. Events are numbered when
	// inserted but become visible when committed, possibly out of order and
	// on another node, so the stream re-reads the newest events and skips what
	// it sent instead of following a cursor that a late commit could slip
	// behind; it reads back page by page while pages bring news.
	streamWindow = 30 * time.Second
	streamPage   = 100
)

// streamEvents answers GET /v2/events/stream [types[]=...] with server-sent
// events: every event of the key's merchant and mode from now on, as
// "id: evt_…\nevent: <type>\ndata: <the event as GET /v2/events/{id} shows it>".
// A client that reconnects with Last-Event-ID first receives what it missed.
// "paysmart listen" reads it.
func (h *handler) streamEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	types, _, err := q.StrList("types")
	if err != nil {
		return err
	}
	for i, t := range types {
		if !slices.Contains(domain.EventTypes, t) {
			return domain.Invalid(fmt.Sprintf("types.%d", i), "parameter_invalid", "Invalid types: %s is not an event type.", t)
		}
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	s := scope(r)
	ctx := r.Context()
	st := &eventStream{h: h, s: s, types: types, seen: map[string]time.Time{}}
	// A client that reconnects names the last event it got; it is sent what
	// followed. Otherwise whatever is already there is history, not news.
	last := r.Header.Get("Last-Event-ID")
	if last != "" {
		if ev, err := h.Engine.GetEvent(ctx, s, last); err != nil {
			last = ""
		} else {
			st.seen[ev.ID] = ev.Created
		}
	}
	if err := st.markOlder(ctx, last); err != nil {
		return err
	}

	// A stream outlives the server's write and read timeouts.
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	rc.SetReadDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	send := func(ev domain.Event) error {
		if len(types) > 0 && !slices.Contains(types, ev.Type) {
			return nil
		}
		b, err := RenderEvent(ev)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "id: %s\nevent: %s\ndata: %s\n\n", ev.ID, ev.Type, b); err != nil {
			return err
		}
		return rc.Flush()
	}
	if last != "" {
		if err := st.since(ctx, last, send); err != nil {
			return nil
		}
	}

	poll := time.NewTicker(streamPoll)
	defer poll.Stop()
	beat := time.NewTicker(streamHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.Done:
			return nil
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
		case <-poll.C:
			if err := st.poll(ctx, send); err != nil {
				if ctx.Err() == nil {
					h.Log.ErrorContext(ctx, "event stream stopped", "request_id", web.RequestID(ctx), "error", err.Error())
				}
				return nil // the headers are out: the client sees the stream end and reconnects
			}
		}
	}
}

// eventStream remembers which events of the window it has sent.
type eventStream struct {
	h     *handler
	s     domain.Scope
	types []string
	seen  map[string]time.Time
}

// poll sends, oldest first, the events of the window not sent yet.
func (st *eventStream) poll(ctx context.Context, send func(domain.Event) error) error {
	now := st.h.Engine.Clock()
	from := now.Add(-streamWindow)
	var fresh []domain.Event
	lp := domain.ListParams{Limit: streamPage, CreatedGTE: &from}
	for {
		page, err := st.h.Engine.ListEvents(ctx, st.s, lp)
		if err != nil {
			return err
		}
		news := 0
		for _, ev := range page.Items {
			if _, ok := st.seen[ev.ID]; !ok {
				fresh = append(fresh, ev)
				news++
			}
		}
		// A page with nothing new ends the look back: a late commit is caught
		// while fewer than a page of events came after it.
		if !page.HasMore || len(page.Items) == 0 || news == 0 {
			break
		}
		lp.After = page.Items[len(page.Items)-1].ID
	}
	for i := len(fresh) - 1; i >= 0; i-- {
		st.seen[fresh[i].ID] = fresh[i].Created
		if err := send(fresh[i]); err != nil {
			return err
		}
	}
	for id, created := range st.seen {
		if created.Before(from.Add(-streamWindow)) {
			delete(st.seen, id)
		}
	}
	return nil
}

// markOlder marks as sent the events of the window older than the one
// named after, or all of them when after is "".
func (st *eventStream) markOlder(ctx context.Context, after string) error {
	from := st.h.Engine.Clock().Add(-streamWindow)
	lp := domain.ListParams{Limit: streamPage, CreatedGTE: &from, After: after}
	for {
		page, err := st.h.Engine.ListEvents(ctx, st.s, lp)
		if domain.ErrorCode(err) == domain.CodeInvalid && lp.After == after && after != "" {
			return nil // the named event is older than the window: all of the window is news
		}
		if err != nil {
			return err
		}
		for _, ev := range page.Items {
			st.seen[ev.ID] = ev.Created
		}
		if !page.HasMore || len(page.Items) == 0 {
			return nil
		}
		lp.After = page.Items[len(page.Items)-1].ID
	}
}

// since sends the events after the one named last, oldest first.
func (st *eventStream) since(ctx context.Context, last string, send func(domain.Event) error) error {
	cursor := last
	for {
		// ending_before pages come newest first, starting right after the cursor.
		page, err := st.h.Engine.ListEvents(ctx, st.s, domain.ListParams{Limit: streamPage, Before: cursor})
		if err != nil {
			return err
		}
		for i := len(page.Items) - 1; i >= 0; i-- {
			ev := page.Items[i]
			if _, ok := st.seen[ev.ID]; ok {
				continue
			}
			st.seen[ev.ID] = ev.Created
			if err := send(ev); err != nil {
				return err
			}
		}
		if !page.HasMore || len(page.Items) == 0 {
			return nil
		}
		cursor = page.Items[0].ID
	}
}

package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// deliveryFixture is an engine with a fixed clock over a fresh store, and a
// merchant whose messages the tests queue directly.
type deliveryFixture struct {
	ctx   context.Context
	e     *domain.Engine
	s     *store.Store
	scope domain.Scope // test mode
	mu    sync.Mutex
	now   time.Time
}

func newDeliveryFixture(t *testing.T, s *store.Store) *deliveryFixture {
	t.Helper()
	f := &deliveryFixture{ctx: context.Background(), s: s, now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	f.e = storetest.Wire(t, s)
	f.e.Clock = f.clock
	m, _ := storetest.MustMerchant(t, f.e, "Acme")
	f.scope = domain.Scope{MerchantID: m.ID}
	return f
}

func (f *deliveryFixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *deliveryFixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// queue writes a queued message of the channel in scope s and returns its id.
func (f *deliveryFixture) queue(t *testing.T, s domain.Scope, channel string) string {
	t.Helper()
	id, now := domain.NewID("msg"), f.clock()
	err := f.s.Tx(f.ctx, func(tx domain.Tx) error {
		_, err := tx.InsertMessage(f.ctx, domain.Message{ID: id, MerchantID: s.MerchantID, Livemode: s.Livemode, Key: id,
			Channel: channel, Kind: domain.MessageReceipt, To: "+12015550123", Text: "Thanks", Status: domain.MessageQueued,
			Created: now, Updated: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *deliveryFixture) report(t *testing.T, d domain.Delivery) domain.DeliveryOutcome {
	t.Helper()
	out, err := f.e.RecordDelivery(f.ctx, d)
	if err != nil {
		t.Fatalf("report on %s: %v", d.ProviderID, err)
	}
	return out
}

func (f *deliveryFixture) sent(t *testing.T, s domain.Scope, id, sid string) domain.Message {
	t.Helper()
	m, err := f.e.RecordMessage(f.ctx, s, id, domain.MessageResult{Sent: true, ProviderID: sid})
	if err != nil {
		t.Fatalf("record %s sent: %v", id, err)
	}
	return m
}

func (f *deliveryFixture) prune(t *testing.T) int64 {
	t.Helper()
	n, err := f.e.PrunePendingDeliveries(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A report that comes before the send is recorded is kept and applied when
// the send is recorded under its sid, by the rule of a report that comes
// after: the first final report stands, and a status never goes back. It
// applies to its own mode and to SMS and MMS only; one that no send ever
// claims is pruned after PendingDeliveryTTL, not before.
func TestPendingDeliveries(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newDeliveryFixture(t, s)
		live := domain.Scope{MerchantID: f.scope.MerchantID, Livemode: true}
		reason := "undelivered: error 30003 (unreachable destination handset)"

		// Delivered before the send is recorded: kept, then applied.
		if out := f.report(t, domain.Delivery{ProviderID: "SM1", Delivered: true}); !out.Pending || !out.Changed || out.Message.ID != "" {
			t.Errorf("early report: %+v", out)
		}
		if m := f.sent(t, f.scope, f.queue(t, f.scope, domain.ChannelSMS), "SM1"); m.Status != domain.MessageDelivered || m.LastError != "" || m.SentAt == nil {
			t.Errorf("recorded after a delivered report: %s %q", m.Status, m.LastError)
		}
		// The report was taken: a repeat finds the message and changes nothing.
		if out := f.report(t, domain.Delivery{ProviderID: "SM1"}); out.Pending || out.Changed || out.Message.Status != domain.MessageDelivered {
			t.Errorf("report after the record: %+v", out)
		}

		// Two early reports: the first final one stands, as it would on a
		// sent message; the contrary later one is not kept.
		if out := f.report(t, domain.Delivery{ProviderID: "MM2", Reason: reason}); !out.Pending || !out.Changed {
			t.Errorf("first early report: %+v", out)
		}
		if out := f.report(t, domain.Delivery{ProviderID: "MM2", Delivered: true}); !out.Pending || out.Changed {
			t.Errorf("second early report: %+v", out)
		}
		if m := f.sent(t, f.scope, f.queue(t, f.scope, domain.ChannelMMS), "MM2"); m.Status != domain.MessageUndelivered || m.LastError != reason {
			t.Errorf("recorded after two reports: %s %q", m.Status, m.LastError)
		}

		// A live account's report is not a test message's, nor is a report
		// an e-mail's: both stay sent, and the reports stay pending.
		f.report(t, domain.Delivery{Livemode: true, ProviderID: "SM3", Delivered: true})
		if m := f.sent(t, f.scope, f.queue(t, f.scope, domain.ChannelSMS), "SM3"); m.Status != domain.MessageSent {
			t.Errorf("test SMS took a live report: %s", m.Status)
		}
		f.report(t, domain.Delivery{ProviderID: "<4@paysmart.test>", Delivered: true})
		if m := f.sent(t, f.scope, f.queue(t, f.scope, domain.ChannelEmail), "<4@paysmart.test>"); m.Status != domain.MessageSent {
			t.Errorf("e-mail took a report: %s", m.Status)
		}
		// A message withdrawn while its send was in flight is recorded
		// sent, and takes its report too.
		withdrawn := f.queue(t, live, domain.ChannelSMS)
		if _, err := s.DB().ExecContext(f.ctx, `UPDATE messages SET status = 'withdrawn' WHERE id = $1`, withdrawn); err != nil {
			t.Fatal(err)
		}
		f.report(t, domain.Delivery{Livemode: true, ProviderID: "SM5", Delivered: true})
		if m := f.sent(t, live, withdrawn, "SM5"); m.Status != domain.MessageDelivered {
			t.Errorf("withdrawn, then sent: %s", m.Status)
		}

		// Pending now: SM3 (live) and the e-mail's id, both received at t0;
		// then one received a day later.
		f.advance(24 * time.Hour)
		f.report(t, domain.Delivery{ProviderID: "SM6", Reason: reason})
		if n := f.prune(t); n != 0 {
			t.Errorf("pruned %d reports a day old", n)
		}
		f.advance(domain.PendingDeliveryTTL - 24*time.Hour - time.Minute)
		if n := f.prune(t); n != 0 {
			t.Errorf("pruned %d reports before the bound", n)
		}
		f.advance(2 * time.Minute)
		if n := f.prune(t); n != 2 {
			t.Errorf("pruned %d reports past the bound, want 2", n)
		}
		if m := f.sent(t, live, f.queue(t, live, domain.ChannelSMS), "SM3"); m.Status != domain.MessageSent {
			t.Errorf("a pruned report applied: %s", m.Status)
		}
		// The younger one is still there.
		if m := f.sent(t, f.scope, f.queue(t, f.scope, domain.ChannelSMS), "SM6"); m.Status != domain.MessageUndelivered || m.LastError != reason {
			t.Errorf("the report younger than the bound: %s %q", m.Status, m.LastError)
		}
		f.advance(domain.PendingDeliveryTTL)
		if n := f.prune(t); n != 0 {
			t.Errorf("pruned %d: every report was taken or pruned already", n)
		}
	})
}

// A report and the record of its send race: whichever commits first, the
// other sees it, so every message ends with its report's status and no
// report is left pending.
func TestPendingDeliveryRace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newDeliveryFixture(t, s)
		const n = 40
		ids := make([]string, n)
		for i := range ids {
			ids[i] = f.queue(t, f.scope, domain.ChannelSMS)
		}
		sid := func(i int) string { return fmt.Sprintf("SM%032d", i) }
		for i, err := range race(2*n, func(i int) error {
			if i%2 == 0 {
				_, err := f.e.RecordMessage(f.ctx, f.scope, ids[i/2], domain.MessageResult{Sent: true, ProviderID: sid(i / 2)})
				return err
			}
			_, err := f.e.RecordDelivery(f.ctx, domain.Delivery{ProviderID: sid(i / 2), Delivered: i/2%3 != 0, Reason: "failed"})
			return err
		}) {
			if err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		}
		for i, id := range ids {
			m, err := f.e.GetMessage(f.ctx, f.scope, id)
			if err != nil {
				t.Fatal(err)
			}
			want := domain.MessageDelivered
			if i%3 == 0 {
				want = domain.MessageUndelivered
			}
			if m.Status != want {
				t.Errorf("message %d: %s, want %s", i, m.Status, want)
			}
		}
		f.advance(domain.PendingDeliveryTTL + time.Minute)
		if left := f.prune(t); left != 0 {
			t.Errorf("%d reports were left pending", left)
		}
	})
}

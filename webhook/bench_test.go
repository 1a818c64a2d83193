package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	sdk "github.com/paysmart/paysmart/sdk/webhook"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// benchWorkers is the runner's concurrency in the benchmarks, and the
// baseline's number of concurrent senders.
const benchWorkers = 10

// countingReceiver answers 200 to everything and counts.
func countingReceiver(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n.Add(1)
	}))
	b.Cleanup(srv.Close)
	return srv, &n
}

// BenchmarkDelivery measures the delivery pipeline: b.N events, each with
// its delivery job, are committed first; then the runner claims, loads,
// signs, POSTs to a local receiver and records every one. It reports
// events per second from the runner's start to the last recorded delivery.
// Run it with a fixed count, e.g. -bench Delivery -benchtime 2000x.
func BenchmarkDelivery(b *testing.B) {
	for _, flavor := range []store.Flavor{store.SQLite, store.Postgres} {
		b.Run(string(flavor), func(b *testing.B) {
			s := storetest.Open(b, flavor)
			h := newStoppedHarness(b, s, nil, jobs.Config{Workers: benchWorkers})
			rc, got := countingReceiver(b)
			sk := h.Keys["sk_test"]
			h.endpoint(b, sk, rc.URL, `["*"]`)
			ctx := context.Background()
			auth, err := h.Engine.Authenticate(ctx, sk)
			if err != nil {
				b.Fatal(err)
			}
			for range b.N {
				if _, err := h.Engine.CreateCustomer(ctx, auth.Scope(), domain.CustomerInput{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			if err := h.runner.Start(ctx); err != nil {
				b.Fatal(err)
			}
			for {
				if got.Load() >= int64(b.N) {
					st, err := s.JobStats(ctx, time.Now())
					if err != nil {
						b.Fatal(err)
					}
					if st.Due == 0 && st.Running == 0 {
						break
					}
				}
				time.Sleep(time.Millisecond)
			}
			elapsed := time.Since(start)
			b.StopTimer()
			if got.Load() != int64(b.N) {
				b.Fatalf("receiver got %d deliveries, want %d", got.Load(), b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
		})
	}
}

// BenchmarkReceiverBaseline is the ceiling the pipeline is measured against:
// the same receiver, the same number of concurrent senders, the same signed
// body size, over kept-alive connections, with no database at all.
func BenchmarkReceiverBaseline(b *testing.B) {
	rc, got := countingReceiver(b)
	body := []byte(`{"id":"evt_` + strings.Repeat("x", 24) + `","object":"event","type":"customer.created","created":1795273904,` +
		`"livemode":false,"data":{"object":{"id":"cus_` + strings.Repeat("x", 24) + `","object":"customer","email":null,"name":null,` +
		`"phone":null,"description":null,"address":null,"metadata":{},"livemode":false,"created":1795273904}}}`)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchWorkers}}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range benchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				req, _ := http.NewRequest("POST", rc.URL, strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(sdk.SignatureHeader, sdk.SignHeader(body, time.Now(), "whsec_benchmark"))
				res, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if got.Load() != int64(b.N) {
		b.Fatalf("receiver got %d", got.Load())
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "requests/s")
}

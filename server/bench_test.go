package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

const benchPayment = `{"amount": 2000, "currency": "usd", "description": "bench",
  "payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}}}`

func post(b *testing.B, client *http.Client, url, key, body string) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		b.Fatalf("status %d", res.StatusCode)
	}
}

// BenchmarkBaselineEmptyHandler is the floor: the same HTTP client and
// loopback round trip to a handler that does nothing.
func BenchmarkBaselineEmptyHandler(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	client := srv.Client()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			post(b, client, srv.URL+"/v2/payments", "k", benchPayment)
		}
	})
}

// BenchmarkCreatePaymentSQLite creates card payments through the whole
// stack (auth, decoding, card checks, vault, sandbox, SQLite transaction
// with its event) on the embedded default database.
func BenchmarkCreatePaymentSQLite(b *testing.B) {
	benchCreatePayment(b, store.SQLite)
}

// BenchmarkCreatePaymentPostgres is the same on PostgreSQL.
func BenchmarkCreatePaymentPostgres(b *testing.B) {
	benchCreatePayment(b, store.Postgres)
}

func benchCreatePayment(b *testing.B, flavor store.Flavor) {
	s := storetest.Open(b, flavor)
	e := servertest.New(b, s)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	key := e.Keys["sk_test"]
	c0, t0 := s.GroupCommitStats()
	b.SetParallelism(16) // 32 clients on 2 cores, as a loaded server sees
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			post(b, client, e.URL+"/v2/payments", key, benchPayment)
		}
	})
	if c1, t1 := s.GroupCommitStats(); c1 > c0 {
		b.ReportMetric(float64(t1-t0)/float64(c1-c0), "tx/commit")
	}
}

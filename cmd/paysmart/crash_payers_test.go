package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paysmart/paysmart/store"
)

// The payment-request payers of the crash test: a few one-time payment
// requests, each paid at once by several customers through the hosted
// page's form, every POST retried across the kills until it gets an answer
// that is not "try again". Every payer who is told the request is paid —
// by the redirect to a receipt, or by the "Already paid" page's receipt
// link — must name the same payment, the one payment of that request.

const (
	crashRequests         = 3
	crashPayersPerRequest = 4
)

var receiptRef = regexp.MustCompile(`/receipts/pay_([0-9a-f]{32})`)

// payRequests are the requests' link ids and what each payer was told.
type payRequests struct {
	ids  []string
	mu   sync.Mutex
	told map[string][]string // link id → the payment each payer was told paid it
}

// createRequests makes the one-time requests through the Paysley API, with
// an Idempotency-Key each, before the kills begin.
func (c *crashClient) createRequests(ctx context.Context, py string) *payRequests {
	pr := &payRequests{told: map[string][]string{}}
	for i := range crashRequests {
		body := fmt.Sprintf(`{"request_methods": ["WEB"], "email": "payer%d@example.com", "amount": "%d.25", "currency": "USD",
			"fixed_amount": true, "payment_type": "DB", "payment_frequency": "ONE-TIME", "reference_number": "crash-%d"}`, i, 10+i, i)
		req, _ := http.NewRequestWithContext(ctx, "POST", *c.base.Load()+"/v2/payment-requests", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+py)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprintf("crash-request-%d", i))
		res, err := c.http.Do(req)
		if err != nil {
			c.t.Fatalf("create payment request: %v", err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`/pay/(preq_[0-9A-Za-z]+)`).FindStringSubmatch(string(b))
		if res.StatusCode >= 300 || m == nil {
			c.t.Fatalf("create payment request: %d %s", res.StatusCode, b)
		}
		pr.ids = append(pr.ids, m[1])
	}
	return pr
}

// payer posts the payment form of request id until it is told the outcome.
func (c *crashClient) payer(ctx context.Context, prs *payRequests, id string) {
	form := url.Values{"cc_name": {"Crash Test"}, "cc_number": {"4242 4242 4242 4242"}, "cc_exp": {"12/31"}, "cc_csc": {"123"}}.Encode()
	noFollow := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(90 * time.Second)
	for attempt := 0; ; attempt++ {
		if time.Now().After(deadline) {
			c.problem("payer of %s: no answer after %d attempts", id, attempt)
			return
		}
		if attempt > 0 {
			c.retries.Add(1)
			time.Sleep(time.Duration(40+rand.IntN(80)) * time.Millisecond)
		}
		c.requests.Add(1)
		req, _ := http.NewRequestWithContext(ctx, "POST", *c.base.Load()+"/pay/"+id, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := noFollow.Do(req)
		if err != nil {
			c.refused.Add(1)
			continue // killed mid-request, or not up yet
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode >= 500 {
			continue
		}
		var payment string
		switch res.StatusCode {
		case http.StatusSeeOther: // paid by this payer: the receipt
			if m := receiptRef.FindStringSubmatch(res.Header.Get("Location")); m != nil {
				payment = m[1]
			}
		case http.StatusConflict: // paid by someone (the receipt link), or one in progress: wait
			if m := receiptRef.FindStringSubmatch(string(b)); m != nil {
				payment = m[1]
			} else {
				c.inFlight.Add(1)
				continue
			}
		}
		if payment == "" {
			c.problem("payer of %s: answered %d %s %.200s", id, res.StatusCode, res.Header.Get("Location"), b)
			return
		}
		c.acknowledged.Add(1)
		prs.mu.Lock()
		prs.told[id] = append(prs.told[id], payment)
		prs.mu.Unlock()
		return
	}
}

// runPayers starts the payers at moments spread over the kills.
func (c *crashClient) runPayers(ctx context.Context, prs *payRequests, wg *sync.WaitGroup) {
	for _, id := range prs.ids {
		for range crashPayersPerRequest {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(time.Duration(rand.IntN(2500)) * time.Millisecond)
				c.payer(ctx, prs, id)
			}()
		}
	}
}

// checkPayers asserts that every payer of a request who was told it is
// paid named the same payment, that it is the request's one succeeded
// payment, and that the request is paid by it.
func checkPayers(t *testing.T, s *store.Store, prs *payRequests) (told int) {
	t.Helper()
	for _, id := range prs.ids {
		names := prs.told[id]
		told += len(names)
		if len(names) != crashPayersPerRequest {
			t.Errorf("%s: %d of %d payers got an answer", id, len(names), crashPayersPerRequest)
		}
		rows, err := s.DB().Query(`SELECT id FROM payments WHERE request_id = $1 AND status = 'succeeded'`, id)
		if err != nil {
			t.Fatal(err)
		}
		var paid []string
		for rows.Next() {
			var p string
			rows.Scan(&p)
			paid = append(paid, p)
		}
		rows.Close()
		if len(paid) != 1 {
			t.Errorf("%s: %d succeeded payments %v, want 1", id, len(paid), paid)
			continue
		}
		for _, n := range names {
			if n != paid[0] {
				t.Errorf("%s: a payer was told pay_%s paid it, but pay_%s did (all told: %v)", id, n, paid[0], names)
			}
		}
	}
	return told
}

package paysmart_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/sdk/paysmart"
	"github.com/paysmart/paysmart/server/servertest"
)

// server is a real PaySmart server, started for the examples.
var server *servertest.Env

func TestMain(m *testing.M) {
	env, stop := servertest.Start()
	server = env
	code := m.Run()
	if err := stop(); err != nil { // the SDK's calls are checked against the OpenAPI document
		fmt.Println(err)
		code = 1
	}
	os.Exit(code)
}

// newClient is paysmart.NewClient against the test server.
func newClient() *paysmart.Client {
	return paysmart.NewClient(server.Keys["sk_test"], paysmart.WithBaseURL(server.URL+"/v2"), paysmart.WithHTTPClient(server.Client()))
}

func card(number string) *paysmart.PaymentMethodData {
	return &paysmart.PaymentMethodData{Type: "card", Card: &paysmart.CardData{Number: number, ExpMonth: 12, ExpYear: 2030, CVC: "123"}}
}

func Example() {
	ctx := context.Background()
	c := newClient() // paysmart.NewClient(key, paysmart.WithBaseURL("http://127.0.0.1:8080/v2"))
	p, err := c.Payments.Create(ctx, &paysmart.PaymentParams{Amount: 2000, Currency: "usd", PaymentMethod: card("4242424242424242")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.Amount, p.Currency, p.PaymentMethod.Card.Brand, p.PaymentMethod.Card.Last4)
	// Output: succeeded 2000 usd visa 4242
}

func ExamplePaymentService_Create_declined() {
	c := newClient()
	_, err := c.Payments.Create(context.Background(), &paysmart.PaymentParams{Amount: 500, Currency: "eur",
		PaymentMethod: card("4000000000009995")})
	var pe *paysmart.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.HTTPStatus, pe.Type, pe.Code, pe.DeclineCode, pe.Payment.Status)
	}
	// Output: 402 card_error card_declined insufficient_funds failed
}

func ExamplePaymentService_Capture() {
	ctx := context.Background()
	c := newClient()
	p, err := c.Payments.Create(ctx, &paysmart.PaymentParams{Amount: 999, Currency: "eur",
		PaymentMethod: card("5555555555554444"), Capture: paysmart.Bool(false)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status)
	p, err = c.Payments.Capture(ctx, p.ID, &paysmart.CaptureParams{Amount: paysmart.Int64(500)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.AmountCaptured)
	// Output:
	// requires_capture
	// succeeded 500
}

func ExampleRefundService_Create() {
	ctx := context.Background()
	c := newClient()
	p, err := c.Payments.Create(ctx, &paysmart.PaymentParams{Amount: 2000, Currency: "usd", PaymentMethod: card("4242424242424242")})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := c.Refunds.Create(ctx, &paysmart.RefundParams{Payment: p.ID, Amount: paysmart.Int64(500)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.Amount, r.Payment == p.ID)
	// Output: succeeded 500 true
}

func ExampleCustomerService_List() {
	ctx := context.Background()
	c := newClient()
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if _, err := c.Customers.Create(ctx, &paysmart.CustomerParams{Email: paysmart.String(email)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Pages of one: the iterator fetches the next page as it goes.
	for cus, err := range c.Customers.List(ctx, &paysmart.ListParams{Limit: 1}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(*cus.Email)
	}
	// Output:
	// c@example.com
	// b@example.com
	// a@example.com
}

func ExampleWebhookEndpointService_Create() {
	c := newClient()
	ep, err := c.WebhookEndpoints.Create(context.Background(), &paysmart.WebhookEndpointParams{
		URL: "https://example.com/hook", EnabledEvents: []string{"payment.succeeded"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ep.Status, ep.EnabledEvents, ep.Secret != "")
	// Output: enabled [payment.succeeded] true
}

func ExamplePaymentService_Create_requiresAction() {
	c := newClient()
	p, err := c.Payments.Create(context.Background(), &paysmart.PaymentParams{Amount: 1200, Currency: "usd",
		PaymentMethod: card("4000002760003184")}) // a card that always asks for 3-D Secure
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.NextAction.Type, strings.Contains(p.NextAction.RedirectToURL.URL, "/authenticate/"+p.ID))
	// Output: requires_action redirect_to_url true
}

// A subscription on a test clock: each advance of the clock makes the
// charges that fell due meanwhile, at their simulated times.
func ExampleSubscriptionService_Create() {
	ctx := context.Background()
	c := newClient()
	day := func(t int64) string { return time.Unix(t, 0).UTC().Format("2 Jan 2006") }
	jan31 := time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC).Unix()
	clock, err := c.TestClocks.Create(ctx, &paysmart.TestClockParams{FrozenTime: jan31, Name: "example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cus, err := c.Customers.Create(ctx, &paysmart.CustomerParams{Email: paysmart.String("sub@example.com"), TestClock: clock.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	pm, err := c.PaymentMethods.Create(ctx, &paysmart.PaymentMethodParams{Customer: cus.ID,
		Card: &paysmart.CardData{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2040}})
	if err != nil {
		fmt.Println(err)
		return
	}
	sub, err := c.Subscriptions.Create(ctx, &paysmart.SubscriptionParams{Customer: cus.ID, PaymentMethod: pm.ID,
		Amount: 1500, Currency: "usd", Interval: "month", TotalPayments: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sub.Status, sub.PaymentsMade, day(sub.CurrentPeriodStart), "→", day(sub.CurrentPeriodEnd))

	if _, err := c.TestClocks.Advance(ctx, clock.ID, jan31+40*86400); err != nil {
		fmt.Println(err)
		return
	}
	for s, err := range c.Subscriptions.List(ctx, &paysmart.ListParams{Customer: cus.ID}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(s.Status, s.PaymentsMade, day(s.CurrentPeriodStart), "→", day(s.CurrentPeriodEnd))
		p, err := c.Payments.Get(ctx, *s.LatestPayment)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.Status, p.Amount, *p.Subscription == s.ID)
	}
	sub, err = c.Subscriptions.Cancel(ctx, sub.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sub.Status, sub.NextPaymentAttempt == nil)
	if _, err := c.TestClocks.Delete(ctx, clock.ID); err != nil {
		fmt.Println(err)
	}
	// Output:
	// active 1 31 Jan 2027 → 28 Feb 2027
	// active 2 28 Feb 2027 → 31 Mar 2027
	// succeeded 1500 true
	// canceled true
}

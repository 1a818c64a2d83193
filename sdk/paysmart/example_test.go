package paysmart_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

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

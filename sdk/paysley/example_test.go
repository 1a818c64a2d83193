package paysley_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/sdk/paysley"
	"github.com/paysmart/paysmart/sdk/paysmart"
	"github.com/paysmart/paysmart/server/servertest"
)

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

func newClient() *paysley.Client {
	return paysley.NewClient(server.Keys["py_test"], paysley.WithBaseURL(server.URL+"/v2"), paysley.WithHTTPClient(server.Client()))
}

func Example() {
	ctx := context.Background()
	c := newClient() // paysley.NewClient(key, paysley.WithBaseURL("http://127.0.0.1:8080/v2"))
	pr, err := c.PaymentRequests.Create(ctx, &paysley.PaymentRequestParams{RequestMethods: []string{"EMAIL"},
		Email: "customer@example.com", ReferenceNumber: "123", Amount: "1500.12", Currency: "USD",
		FixedAmount: new(true), PaymentType: "DB"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pr.Result, pr.Amount, pr.Currency, pr.TransactionID != "")
	got, err := c.PaymentRequests.Get(ctx, pr.TransactionID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Status, got.Amount)
	// Output:
	// success 1500.12 USD true
	// pending 1500.12
}

// A payment made through the PaySmart API is refunded through Paysley's:
// both are one engine, and pay_<hex> is Paysley's payment_id <hex>.
func ExampleRefundService_Create() {
	ctx := context.Background()
	ps := paysmart.NewClient(server.Keys["sk_test"], paysmart.WithBaseURL(server.URL+"/v2"), paysmart.WithHTTPClient(server.Client()))
	p, err := ps.Payments.Create(ctx, &paysmart.PaymentParams{Amount: 2000, Currency: "usd",
		PaymentMethod: &paysmart.PaymentMethodData{Card: &paysmart.CardData{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2030, CVC: "123"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := newClient().Refunds.Create(ctx, strings.TrimPrefix(p.ID, "pay_"), &paysley.RefundParams{Amount: "5.5"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.RefundedAmount, r.Balance, r.Currency)
	// Output: refund 5.5 14.5 USD
}

func ExampleCustomerService_List() {
	ctx := context.Background()
	c := newClient()
	for _, email := range []string{"ann@example.com", "bob@example.com", "cyd@example.com"} {
		if _, err := c.Customers.Create(ctx, &paysley.CustomerParams{Email: email, FirstName: "Test"}); err != nil {
			fmt.Println(err)
			return
		}
	}
	for cus, err := range c.Customers.List(ctx, &paysley.ListParams{Limit: 2, Sort: "ASC"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(cus.Email)
	}
	// Output:
	// ann@example.com
	// bob@example.com
	// cyd@example.com
}

func ExampleCustomerService_Create_error() {
	_, err := newClient().Customers.Create(context.Background(), &paysley.CustomerParams{FirstName: "No contact"})
	var pe *paysley.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.HTTPStatus, pe.Field, pe.Message)
	}
	// Output: 422 email You must fill either email or mobile_no field.
}

func ExampleProductService_Create() {
	ctx := context.Background()
	c := newClient()
	cat, err := c.Categories.Create(ctx, "Coffee")
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := c.Products.Create(ctx, &paysley.ProductParams{Name: "Espresso", Type: "product", CategoryID: cat.ID,
		UnitType: "per-item", Cost: "1.2", SalesPrice: "3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(x.Name, x.Type, x.CategoryID == cat.ID, x.SalesPrice)
	// Output: Espresso product true 3
}

func ExampleProductService_Get() {
	ctx := context.Background()
	c := newClient()
	cat, err := c.Categories.Create(ctx, "Tea")
	if err != nil {
		fmt.Println(err)
		return
	}
	// An unknown tax_id is ignored, not refused: the answer warns about it.
	x, err := c.Products.Create(ctx, &paysley.ProductParams{Name: "Sencha", Type: "product", CategoryID: cat.ID,
		UnitType: "per-item", SalesPrice: "4", TaxID: "tax_nope"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range x.Warnings {
		fmt.Println(w.Field)
	}
	got, err := c.Products.Get(ctx, x.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Name, got.SalesPrice, got.TaxID == nil)
	// Output:
	// tax_id
	// Sencha 4 true
}

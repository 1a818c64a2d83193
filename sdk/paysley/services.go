package paysley

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// pages iterates over a numbered-page list: items picks a page's elements
// and its page count out of the answer.
func pages[T any, P any](ctx context.Context, c *Client, path string, p *ListParams, items func(*P) ([]T, int)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		page := 1
		if p != nil && p.Page > 1 {
			page = p.Page
		}
		for {
			var answer P
			if err := c.call(ctx, http.MethodGet, path, p.values(page), nil, &answer); err != nil {
				yield(nil, err)
				return
			}
			list, count := items(&answer)
			for i := range list {
				if !yield(&list[i], nil) {
					return
				}
			}
			if page >= count || len(list) == 0 {
				return
			}
			page++
		}
	}
}

func do[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	out := new(T)
	if err := c.call(ctx, method, path, nil, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentRequestService calls /v2/payment-requests.
type PaymentRequestService struct{ c *Client }

// Create creates a payment request and sends it by the request methods.
func (s *PaymentRequestService) Create(ctx context.Context, p *PaymentRequestParams) (*PaymentRequest, error) {
	return do[PaymentRequest](ctx, s.c, http.MethodPost, "/payment-requests", p)
}

// Edit changes a payment request; p.TransactionID names it.
func (s *PaymentRequestService) Edit(ctx context.Context, p *PaymentRequestParams) (*PaymentRequest, error) {
	return do[PaymentRequest](ctx, s.c, http.MethodPut, "/payment-requests", p)
}

// Get retrieves a payment request by its transaction id.
func (s *PaymentRequestService) Get(ctx context.Context, transactionID string) (*PaymentRequestItem, error) {
	l, err := do[paymentRequestList](ctx, s.c, http.MethodGet, "/payment-requests/"+url.PathEscape(transactionID), nil)
	if err != nil {
		return nil, err
	}
	if len(l.Transactions) == 0 {
		return nil, &Error{HTTPStatus: http.StatusNotFound, Field: "transaction_id", Message: "Transaction not found."}
	}
	return &l.Transactions[0], nil
}

// Delete deletes a payment request.
func (s *PaymentRequestService) Delete(ctx context.Context, transactionID string) error {
	return s.c.call(ctx, http.MethodDelete, "/payment-requests/"+url.PathEscape(transactionID), nil, nil, nil)
}

// List iterates over payment requests.
func (s *PaymentRequestService) List(ctx context.Context, p *ListParams) iter.Seq2[*PaymentRequestItem, error] {
	return pages(ctx, s.c, "/payment-requests", p, func(l *paymentRequestList) ([]PaymentRequestItem, int) { return l.Transactions, l.PageCount })
}

// PaymentService calls /v2/payments, the payment history.
type PaymentService struct{ c *Client }

// List iterates over the history (StartDate and EndDate bound it).
func (s *PaymentService) List(ctx context.Context, p *ListParams) iter.Seq2[*HistoryEntry, error] {
	return pages(ctx, s.c, "/payments", p, func(l *historyList) ([]HistoryEntry, int) { return l.Payments, l.PageCount })
}

// Get retrieves one history entry.
func (s *PaymentService) Get(ctx context.Context, paymentID string) (*HistoryEntry, error) {
	d, err := do[struct {
		Payment HistoryEntry `json:"payment"`
	}](ctx, s.c, http.MethodGet, "/payments/"+url.PathEscape(paymentID), nil)
	if err != nil {
		return nil, err
	}
	return &d.Payment, nil
}

// RefundService calls /v2/refunds.
type RefundService struct{ c *Client }

// Create refunds amount of a paid payment.
func (s *RefundService) Create(ctx context.Context, paymentID string, p *RefundParams) (*Refund, error) {
	return do[Refund](ctx, s.c, http.MethodPost, "/refunds/"+url.PathEscape(paymentID), p)
}

// CaptureService calls /v2/captures.
type CaptureService struct{ c *Client }

// Create captures amount of a pre-authorisation.
func (s *CaptureService) Create(ctx context.Context, paymentID string, amount Amount) (*Capture, error) {
	return do[Capture](ctx, s.c, http.MethodPost, "/captures/"+url.PathEscape(paymentID), map[string]Amount{"amount": amount})
}

// SubscriptionService ends scheduled payments.
type SubscriptionService struct{ c *Client }

// End ends the subscription of a scheduled payment.
func (s *SubscriptionService) End(ctx context.Context, paymentID string) (*SubscriptionEnded, error) {
	return do[SubscriptionEnded](ctx, s.c, http.MethodDelete, "/payments/subscription/"+url.PathEscape(paymentID), nil)
}

// CustomerService calls /v2/customers.
type CustomerService struct{ c *Client }

// Create creates a customer (Email or MobileNo needed).
func (s *CustomerService) Create(ctx context.Context, p *CustomerParams) (*Customer, error) {
	return do[Customer](ctx, s.c, http.MethodPost, "/customers", p)
}

// Edit changes a customer; p.CustomerID names it.
func (s *CustomerService) Edit(ctx context.Context, p *CustomerParams) (*Customer, error) {
	return do[Customer](ctx, s.c, http.MethodPut, "/customers", p)
}

// Get retrieves a customer (an extension of the API).
func (s *CustomerService) Get(ctx context.Context, customerID ID) (*Customer, error) {
	return do[Customer](ctx, s.c, http.MethodGet, "/customers/"+url.PathEscape(string(customerID)), nil)
}

// Delete deletes a customer.
func (s *CustomerService) Delete(ctx context.Context, customerID ID) error {
	return s.c.call(ctx, http.MethodDelete, "/customers/"+url.PathEscape(string(customerID)), nil, nil, nil)
}

// List iterates over customers.
func (s *CustomerService) List(ctx context.Context, p *ListParams) iter.Seq2[*Customer, error] {
	return pages(ctx, s.c, "/customers", p, func(l *customerList) ([]Customer, int) { return l.Customers, l.PageCount })
}

// GroupService calls /v2/customers/groups.
type GroupService struct{ c *Client }

// Create creates a customer group.
func (s *GroupService) Create(ctx context.Context, p *GroupParams) (*Group, error) {
	return do[Group](ctx, s.c, http.MethodPost, "/customers/groups", p)
}

// Edit changes a group; p.CustomerGroupID names it.
func (s *GroupService) Edit(ctx context.Context, p *GroupParams) (*Group, error) {
	return do[Group](ctx, s.c, http.MethodPut, "/customers/groups", p)
}

// Get retrieves a customer group (an extension of the API).
func (s *GroupService) Get(ctx context.Context, groupID ID) (*Group, error) {
	return do[Group](ctx, s.c, http.MethodGet, "/customers/groups/"+url.PathEscape(string(groupID)), nil)
}

// Delete deletes a group; its customers stay, without a group.
func (s *GroupService) Delete(ctx context.Context, groupID ID) error {
	return s.c.call(ctx, http.MethodDelete, "/customers/groups/"+url.PathEscape(string(groupID)), nil, nil, nil)
}

// List iterates over groups.
func (s *GroupService) List(ctx context.Context, p *ListParams) iter.Seq2[*GroupItem, error] {
	return pages(ctx, s.c, "/customers/groups", p, func(l *groupList) ([]GroupItem, int) { return l.Groups, l.PageCount })
}

// ProductService calls /v2/products-services.
type ProductService struct{ c *Client }

// Create creates a product or service.
func (s *ProductService) Create(ctx context.Context, p *ProductParams) (*Product, error) {
	return do[Product](ctx, s.c, http.MethodPost, "/products-services", p)
}

// Edit changes a product; p.ID names it.
func (s *ProductService) Edit(ctx context.Context, p *ProductParams) (*Product, error) {
	return do[Product](ctx, s.c, http.MethodPut, "/products-services", p)
}

// Get retrieves a product or service (an extension of the API).
func (s *ProductService) Get(ctx context.Context, id ID) (*Product, error) {
	return do[Product](ctx, s.c, http.MethodGet, "/products-services/"+url.PathEscape(string(id)), nil)
}

// Delete deletes a product or service.
func (s *ProductService) Delete(ctx context.Context, id ID) error {
	return s.c.call(ctx, http.MethodDelete, "/products-services/"+url.PathEscape(string(id)), nil, nil, nil)
}

// List iterates over products and services.
func (s *ProductService) List(ctx context.Context, p *ListParams) iter.Seq2[*ProductItem, error] {
	return pages(ctx, s.c, "/products-services", p, func(l *productList) ([]ProductItem, int) { return l.Products, l.PageCount })
}

// CategoryService calls /v2/products-services/category.
type CategoryService struct{ c *Client }

// Create creates a category.
func (s *CategoryService) Create(ctx context.Context, name string) (*Category, error) {
	return do[Category](ctx, s.c, http.MethodPost, "/products-services/category", map[string]string{"name": name})
}

// Edit renames a category.
func (s *CategoryService) Edit(ctx context.Context, id ID, name string) (*Category, error) {
	return do[Category](ctx, s.c, http.MethodPut, "/products-services/category", map[string]string{"category_id": string(id), "name": name})
}

// Get retrieves a category (an extension of the API).
func (s *CategoryService) Get(ctx context.Context, id ID) (*Category, error) {
	return do[Category](ctx, s.c, http.MethodGet, "/products-services/category/"+url.PathEscape(string(id)), nil)
}

// Delete deletes a category that no product uses.
func (s *CategoryService) Delete(ctx context.Context, id ID) error {
	return s.c.call(ctx, http.MethodDelete, "/products-services/category/"+url.PathEscape(string(id)), nil, nil, nil)
}

// List iterates over categories.
func (s *CategoryService) List(ctx context.Context, p *ListParams) iter.Seq2[*Category, error] {
	return pages(ctx, s.c, "/products-services/category", p, func(l *categoryList) ([]Category, int) { return l.Categories, l.PageCount })
}

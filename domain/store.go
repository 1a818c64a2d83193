package domain

import (
	"context"
	"time"
)

// Store runs the engine's use cases against a database. Tx gives one write
// transaction: every state change and the events and jobs it causes commit
// or vanish together. Read gives a consistent view for reads.
type Store interface {
	Tx(ctx context.Context, fn func(Tx) error) error
	Read(ctx context.Context, fn func(Tx) error) error
	Ping(ctx context.Context) error
}

// Tx is what a use case may do inside a transaction. Getters ending in
// ForUpdate lock the row until the transaction ends. Not-found getters return
// an *Error with CodeNotFound; unique violations return CodeConflict.
type Tx interface {
	InsertMerchant(ctx context.Context, m Merchant) error
	GetMerchant(ctx context.Context, id string) (Merchant, error)
	CountMerchants(ctx context.Context) (int, error)
	// LockMerchant serialises transactions that check a per-merchant rule.
	LockMerchant(ctx context.Context, id string) error

	InsertKey(ctx context.Context, k APIKey) error
	GetKeyByHash(ctx context.Context, hash string) (APIKey, error)
	GetKeyForUpdate(ctx context.Context, id string) (APIKey, error)
	ListKeys(ctx context.Context, merchantID string) ([]APIKey, error)
	UpdateKey(ctx context.Context, k APIKey) error
	InsertKeyEvent(ctx context.Context, e KeyEvent) error
	ListKeyEvents(ctx context.Context, merchantID string) ([]KeyEvent, error)

	InsertCustomer(ctx context.Context, c Customer) (number int64, err error)
	GetCustomer(ctx context.Context, s Scope, ref CustomerRef, forUpdate bool) (Customer, error)
	UpdateCustomer(ctx context.Context, c Customer) error
	CustomerEmailTaken(ctx context.Context, s Scope, email, exceptID string) (bool, error)
	ListCustomers(ctx context.Context, s Scope, p ListParams) (Page[Customer], error)

	// InsertIdempotency inserts a claim unless the key exists; it reports
	// whether it inserted.
	InsertIdempotency(ctx context.Context, r IdempotencyRecord) (bool, error)
	GetIdempotencyForUpdate(ctx context.Context, s Scope, key string) (IdempotencyRecord, error)
	ReplaceIdempotency(ctx context.Context, r IdempotencyRecord) error
	FinishIdempotency(ctx context.Context, s Scope, key string, resp StoredResponse) error
	DeleteIdempotency(ctx context.Context, s Scope, key string) error
	PruneIdempotency(ctx context.Context, before time.Time) (int64, error)

	InsertPaymentMethod(ctx context.Context, pm PaymentMethod) error
	GetPaymentMethod(ctx context.Context, s Scope, id string) (PaymentMethod, error)

	InsertPayment(ctx context.Context, p Payment) (number int64, err error)
	GetPayment(ctx context.Context, s Scope, id string, forUpdate bool) (Payment, error)
	// GetPaymentByID finds a payment in any scope: only public receipt pages use it.
	GetPaymentByID(ctx context.Context, id string) (Payment, error)
	UpdatePayment(ctx context.Context, p Payment) error
	ListPayments(ctx context.Context, s Scope, p ListParams) (Page[Payment], error)

	InsertRefund(ctx context.Context, r Refund) error
	GetRefund(ctx context.Context, s Scope, id string) (Refund, error)
	ListRefunds(ctx context.Context, s Scope, p ListParams) (Page[Refund], error)

	SetMerchantWallets(ctx context.Context, merchantID, wallets string) error

	InsertPaymentRequest(ctx context.Context, pr PaymentRequest) (number int64, err error)
	GetPaymentRequest(ctx context.Context, s Scope, transactionID string, forUpdate bool) (PaymentRequest, error)
	// GetPaymentRequestByID finds a request by its link id in any scope.
	GetPaymentRequestByID(ctx context.Context, id string) (PaymentRequest, error)
	UpdatePaymentRequest(ctx context.Context, pr PaymentRequest) error
	ListPaymentRequests(ctx context.Context, s Scope, p ListParams) (Page[PaymentRequest], error)
	CountRequestPayments(ctx context.Context, s Scope, requestID string) (int, error)

	InsertHistory(ctx context.Context, h HistoryEntry) error
	GetHistory(ctx context.Context, s Scope, id string) (HistoryEntry, error)
	ListHistory(ctx context.Context, s Scope, p HistoryParams) (Page[HistoryEntry], error)

	InsertEvent(ctx context.Context, ev Event) error
	GetEvent(ctx context.Context, s Scope, id string) (Event, error)
	ListEvents(ctx context.Context, s Scope, p ListParams) (Page[Event], error)
}

// Clock tells the time; tests inject a fixed one.
type Clock func() time.Time

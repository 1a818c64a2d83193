package domain

import (
	"context"
	"time"
)

// Store runs the engine's use cases against a database. Tx gives one write
// transaction: every state change and the events and jobs it causes commit
// or vanish together. Read gives a read-only transaction: one consistent
// view for a read that takes several queries.
type Store interface {
	Tx(ctx context.Context, fn func(Tx) error) error
	Read(ctx context.Context, fn func(ReadTx) error) error
	Ping(ctx context.Context) error
}

// ReadTx is what a read may do: the getters and lists, in a read-only
// transaction (Store.Read) or inside a write one (Tx). Their forUpdate flag
// locks the row and works only in a write transaction. Not-found getters
// return an *Error with CodeNotFound; unique violations return CodeConflict.
type ReadTx interface {
	GetMerchant(ctx context.Context, id string) (Merchant, error)
	CountMerchants(ctx context.Context) (int, error)
	// ListMerchants returns every merchant, oldest first (an operator's list).
	ListMerchants(ctx context.Context) ([]Merchant, error)

	GetKeyByHash(ctx context.Context, hash string) (APIKey, error)
	// ListKeys returns a merchant's keys of one application ("" for the
	// merchant's own), newest first.
	ListKeys(ctx context.Context, merchantID, applicationID string) ([]APIKey, error)
	ListKeyEvents(ctx context.Context, merchantID string) ([]KeyEvent, error)

	GetApplication(ctx context.Context, id string, forUpdate bool) (Application, error)
	ListApplications(ctx context.Context, merchantID string) ([]Application, error)

	GetUser(ctx context.Context, id string) (User, error)
	GetUserByEmail(ctx context.Context, email string) (User, error)
	ListUsers(ctx context.Context, merchantID string) ([]User, error)
	// ListInvitations returns a merchant's invitations, newest first.
	ListInvitations(ctx context.Context, merchantID string) ([]Invitation, error)
	// GetInvitation and GetInvitationByHash (the SHA-256 of its token) lock
	// the row when forUpdate.
	GetInvitation(ctx context.Context, id string, forUpdate bool) (Invitation, error)
	GetInvitationByHash(ctx context.Context, hash string, forUpdate bool) (Invitation, error)
	GetSession(ctx context.Context, hash string) (Session, error)
	ListAudit(ctx context.Context, merchantID string, limit int) ([]AuditEntry, error)

	GetCustomer(ctx context.Context, s Scope, ref CustomerRef, forUpdate bool) (Customer, error)
	CustomerEmailTaken(ctx context.Context, s Scope, email, exceptID string) (bool, error)
	ListCustomers(ctx context.Context, s Scope, p ListParams) (Page[Customer], error)

	GetPaymentMethod(ctx context.Context, s Scope, id string) (PaymentMethod, error)

	GetPayment(ctx context.Context, s Scope, id string, forUpdate bool) (Payment, error)
	// GetPaymentByID finds a payment in any scope: only public receipt pages use it.
	GetPaymentByID(ctx context.Context, id string) (Payment, error)
	ListPayments(ctx context.Context, s Scope, p ListParams) (Page[Payment], error)
	// ExpiredChallenges returns the ids of up to limit payments, of every
	// merchant and mode, that still require action (3-D Secure) and were
	// created before a time, oldest first.
	ExpiredChallenges(ctx context.Context, before time.Time, limit int) ([]string, error)
	// PaymentTotals sums the scope's payments created since a time, per
	// quarter hour (DayTotal.Day is the quarter's start) and currency.
	PaymentTotals(ctx context.Context, s Scope, since time.Time) ([]DayTotal, error)

	GetRefund(ctx context.Context, s Scope, id string) (Refund, error)

	ListRefunds(ctx context.Context, s Scope, p ListParams) (Page[Refund], error)

	GetPaymentRequest(ctx context.Context, s Scope, transactionID string, forUpdate bool) (PaymentRequest, error)
	// GetPaymentRequestByID finds a request by its link id in any scope.
	GetPaymentRequestByID(ctx context.Context, id string) (PaymentRequest, error)
	ListPaymentRequests(ctx context.Context, s Scope, p ListParams) (Page[PaymentRequest], error)
	// CountRequestPayments counts a request's payments, only those in the
	// given statuses when any are given.
	CountRequestPayments(ctx context.Context, s Scope, requestID string, statuses ...PaymentStatus) (int, error)
	// CountRequestAttempts counts the payments made on a request (its link
	// id) since a time, in any status: the attempts its payment page took.
	CountRequestAttempts(ctx context.Context, requestID string, since time.Time) (int, error)

	GetHistory(ctx context.Context, s Scope, id string) (HistoryEntry, error)
	ListHistory(ctx context.Context, s Scope, p HistoryParams) (Page[HistoryEntry], error)

	GetCallbackSecret(ctx context.Context, s Scope) (sealed []byte, err error)

	GetEvent(ctx context.Context, s Scope, id string) (Event, error)
	// GetEventsByID returns the events with these ids, whatever their
	// scope (the caller checks it), in no particular order; ids that name
	// no event are left out.
	GetEventsByID(ctx context.Context, ids []string) ([]Event, error)
	ListEvents(ctx context.Context, s Scope, p ListParams) (Page[Event], error)

	GetWebhookEndpoint(ctx context.Context, s Scope, id string, forUpdate bool) (WebhookEndpoint, error)
	// GetWebhookEndpointsByID is GetEventsByID for webhook endpoints.
	GetWebhookEndpointsByID(ctx context.Context, ids []string) ([]WebhookEndpoint, error)
	ListWebhookEndpoints(ctx context.Context, s Scope, p ListParams) (Page[WebhookEndpoint], error)
	CountWebhookEndpoints(ctx context.Context, s Scope) (int, error)
	// EnabledWebhookEndpoints returns every enabled endpoint of the scope.
	EnabledWebhookEndpoints(ctx context.Context, s Scope) ([]WebhookEndpoint, error)
	ListWebhookDeliveries(ctx context.Context, s Scope, eventID string, p ListParams) (Page[WebhookDelivery], error)

	GetCustomerGroup(ctx context.Context, s Scope, number int64, forUpdate bool) (CustomerGroup, error)
	ListCustomerGroups(ctx context.Context, s Scope, p ListParams) (Page[CustomerGroup], error)

	GetCategory(ctx context.Context, s Scope, number int64, forUpdate bool) (Category, error)
	ListCategories(ctx context.Context, s Scope, p ListParams) (Page[Category], error)

	// GetProduct leaves CategoryName and Tax empty; ListProducts fills them.
	GetProduct(ctx context.Context, s Scope, number int64, forUpdate bool) (Product, error)
	ListProducts(ctx context.Context, s Scope, p ListParams) (Page[Product], error)
	// CountProducts counts the scope's products in a category (unless 0)
	// with a tax profile (unless "").
	CountProducts(ctx context.Context, s Scope, category int64, taxID string) (int, error)

	GetTax(ctx context.Context, s Scope, id string, forUpdate bool) (Tax, error)
	ListTaxes(ctx context.Context, s Scope, p ListParams) (Page[Tax], error)

	GetTemplate(ctx context.Context, s Scope, id string, forUpdate bool) (Template, error)
	ListTemplates(ctx context.Context, s Scope, p ListParams) (Page[Template], error)
	// GetDefaultTemplate returns the default template of a channel, or CodeNotFound.
	GetDefaultTemplate(ctx context.Context, s Scope, channel string) (Template, error)

	GetFile(ctx context.Context, id string, withData bool) (File, error)

	GetSubscription(ctx context.Context, s Scope, id string, forUpdate bool) (Subscription, error)
	// GetSubscriptionByRequest finds the subscription a payment request started.
	GetSubscriptionByRequest(ctx context.Context, s Scope, requestID string, forUpdate bool) (Subscription, error)
	ListSubscriptions(ctx context.Context, s Scope, p ListParams) (Page[Subscription], error)
	// DueSubscriptions returns, earliest first (ties by creation), up to limit
	// active or past_due subscriptions with no charge pending whose next
	// charge is due by now: those of test clock clockID, or with "" those on
	// no test clock, of every merchant.
	DueSubscriptions(ctx context.Context, clockID string, now time.Time, limit int) ([]Subscription, error)
	// ListSubscriptionCharges lists a subscription's charge attempts, oldest first.
	ListSubscriptionCharges(ctx context.Context, s Scope, subscriptionID string) ([]SubscriptionCharge, error)

	GetTestClock(ctx context.Context, s Scope, id string, forUpdate bool) (TestClock, error)
	ListTestClocks(ctx context.Context, s Scope, p ListParams) (Page[TestClock], error)

	GetMessage(ctx context.Context, s Scope, id string, forUpdate bool) (Message, error)
	ListMessages(ctx context.Context, s Scope, p ListParams) (Page[Message], error)

	// SigninFailures returns a throttle key's failed sign-ins since a time,
	// newest first, at most limit.
	SigninFailures(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error)
	// SealedValues returns up to limit stored values of a sealed column
	// whose ids sort after after, in id order (key rotation).
	SealedValues(ctx context.Context, kind SealedKind, after string, limit int) ([]SealedValue, error)
}

// Tx is what a use case may do inside a write transaction: every read of
// ReadTx, and the writes. Getters ending in ForUpdate lock the row until the
// transaction ends.
type Tx interface {
	ReadTx

	InsertMerchant(ctx context.Context, m Merchant) error

	InsertSigninFailure(ctx context.Context, key string, at time.Time) error
	DeleteSigninFailures(ctx context.Context, key string) error
	PruneSigninFailures(ctx context.Context, before time.Time) (int64, error)

	// ResealValue replaces v's sealed value with resealed, unless it
	// changed since it was read (then it reports false).
	ResealValue(ctx context.Context, v SealedValue, resealed []byte) (bool, error)
	// SetCardFingerprint sets a payment method's card fingerprint, and its
	// payments'.
	SetCardFingerprint(ctx context.Context, paymentMethodID, fingerprint string) error
	// LockMerchant serialises transactions that check a per-merchant rule.
	LockMerchant(ctx context.Context, id string) error

	InsertKey(ctx context.Context, k APIKey) error
	GetKeyForUpdate(ctx context.Context, id string) (APIKey, error)
	UpdateKey(ctx context.Context, k APIKey) error
	InsertKeyEvent(ctx context.Context, e KeyEvent) error

	InsertApplication(ctx context.Context, a Application) error
	UpdateApplication(ctx context.Context, a Application) error

	// InsertUser returns CodeConflict when the e-mail is taken.
	InsertUser(ctx context.Context, u User) error
	InsertInvitation(ctx context.Context, i Invitation) error
	// UpdateInvitation writes AcceptedAt, RevokedAt and UserID.
	UpdateInvitation(ctx context.Context, i Invitation) error
	UpdateUser(ctx context.Context, u User) error
	InsertSession(ctx context.Context, s Session) error
	SetSessionMode(ctx context.Context, hash string, live bool) error
	// RevokeSessions revokes the session with this hash, or (hash "") every
	// live session of the user but those in except.
	RevokeSessions(ctx context.Context, userID, hash string, now time.Time, except ...string) error
	InsertAudit(ctx context.Context, a AuditEntry) error

	InsertCustomer(ctx context.Context, c Customer) (number int64, err error)
	UpdateCustomer(ctx context.Context, c Customer) error

	// InsertIdempotency inserts a claim unless the key exists; it reports
	// whether it inserted.
	InsertIdempotency(ctx context.Context, r IdempotencyRecord) (bool, error)
	GetIdempotencyForUpdate(ctx context.Context, s Scope, key string) (IdempotencyRecord, error)
	ReplaceIdempotency(ctx context.Context, r IdempotencyRecord) error
	// The fenced methods change a key only while token still holds it and
	// report whether they did. BindIdempotency marks the key begun and, unless
	// objectID is "", records it as the recovery point.
	BindIdempotency(ctx context.Context, s Scope, key, token, objectID string) (bool, error)
	RenewIdempotency(ctx context.Context, s Scope, key, token string, until time.Time) (bool, error)
	FinishIdempotency(ctx context.Context, s Scope, key, token string, resp StoredResponse) error
	// DeleteIdempotency forgets a claim under which nothing began.
	DeleteIdempotency(ctx context.Context, s Scope, key, token string) error
	PruneIdempotency(ctx context.Context, before time.Time) (int64, error)

	InsertPaymentMethod(ctx context.Context, pm PaymentMethod) error

	InsertPayment(ctx context.Context, p Payment) (number int64, err error)
	UpdatePayment(ctx context.Context, p Payment) error

	InsertRefund(ctx context.Context, r Refund) error
	UpdateRefund(ctx context.Context, r Refund) error

	SetMerchantWallets(ctx context.Context, merchantID, wallets string) error

	InsertPaymentRequest(ctx context.Context, pr PaymentRequest) (number int64, err error)
	UpdatePaymentRequest(ctx context.Context, pr PaymentRequest) error

	InsertHistory(ctx context.Context, h HistoryEntry) error
	// UpdateHistoryStatus settles a pending history row.
	UpdateHistoryStatus(ctx context.Context, s Scope, id, status, description string) error

	PutCallbackSecret(ctx context.Context, s Scope, sealed []byte, now time.Time) error

	InsertEvent(ctx context.Context, ev Event) error

	// InsertJob adds a job unless one with its ID exists (then it does nothing).
	InsertJob(ctx context.Context, j Job) error
	// DeleteJob removes a job that has not started (state available), if any.
	DeleteJob(ctx context.Context, id string) error
	// RearmJob makes the job with this ID run at now: a waiting job runs early,
	// a finished one starts over with its attempts reset. It reports whether
	// the job exists (a running job is left to finish).
	RearmJob(ctx context.Context, id string, now time.Time) (bool, error)

	InsertWebhookEndpoint(ctx context.Context, w WebhookEndpoint) error
	UpdateWebhookEndpoint(ctx context.Context, w WebhookEndpoint) error
	// ClearWebhookEndpointFailure clears an endpoint's failure marks
	// (FailingSince, FlaggedAt) and sets its Updated to now; it writes
	// nothing when there are none, or no such endpoint.
	ClearWebhookEndpointFailure(ctx context.Context, s Scope, id string, now time.Time) error
	DeleteWebhookEndpoint(ctx context.Context, s Scope, id string) error
	InsertWebhookDelivery(ctx context.Context, d WebhookDelivery) error
	// PruneWebhookDeliveries deletes, of the oldest limit delivery attempts
	// (in the order they were written), those made before before.
	PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int64, error)

	// Paysley's catalog: customer groups, product categories, products, tax
	// profiles and message templates. Groups, categories and products are
	// named by number (their seq, never reused), taxes and templates by id;
	// every call is confined to the scope. Inserts and updates of a group
	// or product whose NameKey is taken in the scope return CodeConflict.
	InsertCustomerGroup(ctx context.Context, g CustomerGroup) (number int64, err error)
	UpdateCustomerGroup(ctx context.Context, g CustomerGroup) error
	DeleteCustomerGroup(ctx context.Context, s Scope, number int64) error
	// UngroupCustomers moves every customer of the scope out of a group.
	UngroupCustomers(ctx context.Context, s Scope, group int64, now time.Time) error

	InsertCategory(ctx context.Context, c Category) (number int64, err error)
	UpdateCategory(ctx context.Context, c Category) error
	DeleteCategory(ctx context.Context, s Scope, number int64) error
	// UncategorizeProducts leaves the products of a category without one.
	UncategorizeProducts(ctx context.Context, s Scope, category int64) error

	InsertProduct(ctx context.Context, p Product) (number int64, err error)
	UpdateProduct(ctx context.Context, p Product) error
	DeleteProduct(ctx context.Context, s Scope, number int64) error

	InsertTax(ctx context.Context, t Tax) error
	UpdateTax(ctx context.Context, t Tax) error
	DeleteTax(ctx context.Context, s Scope, id string) error

	InsertTemplate(ctx context.Context, t Template) error
	UpdateTemplate(ctx context.Context, t Template) error
	DeleteTemplate(ctx context.Context, s Scope, id string) error
	// ClearDefaultTemplate unmarks the default template of a channel, if any.
	ClearDefaultTemplate(ctx context.Context, s Scope, channel string, now time.Time) error

	// Stored files, by id alone: files are public to whoever holds the id.
	// GetFile leaves Data nil unless withData.
	InsertFile(ctx context.Context, f File) (number int64, err error)
	DeleteFile(ctx context.Context, id string) error

	// UpdateMerchantSettings writes a merchant's TimeZone and DunningFinal.
	UpdateMerchantSettings(ctx context.Context, m Merchant) error

	InsertSubscription(ctx context.Context, sub Subscription) (number int64, err error)
	UpdateSubscription(ctx context.Context, sub Subscription) error
	// InsertSubscriptionCharge records a charge attempt; a second one for the
	// same (subscription, period, attempt) is CodeConflict.
	InsertSubscriptionCharge(ctx context.Context, c SubscriptionCharge) error

	InsertTestClock(ctx context.Context, c TestClock) (number int64, err error)
	UpdateTestClock(ctx context.Context, c TestClock) error

	// InsertMessage adds a message to the outbox unless one with its Key
	// exists; it reports whether it inserted. UpdateMessage writes its
	// status, attempts, last error, provider id, sent time and Kept.
	InsertMessage(ctx context.Context, m Message) (bool, error)
	UpdateMessage(ctx context.Context, m Message) error
	// KeptMessages locks up to limit queued messages of a mode, on the
	// channels, that were kept in the outbox (Kept), oldest first, of every
	// merchant; rows another transaction holds are skipped.
	KeptMessages(ctx context.Context, livemode bool, channels []string, limit int) ([]Message, error)
	// QueuedInvoices locks the invoices of a payment request still queued.
	QueuedInvoices(ctx context.Context, s Scope, requestID string) ([]Message, error)
	// GetMessageByProvider locks the SMS or MMS of a mode that the provider
	// knows by providerID; CodeNotFound when there is none.
	GetMessageByProvider(ctx context.Context, livemode bool, providerID string) (Message, error)
	// LockProviderID makes the transactions about one provider id take
	// turns until each commits: a delivery report and the record of the
	// send under that id (an advisory lock on PostgreSQL; SQLite's single
	// writer takes turns already).
	LockProviderID(ctx context.Context, providerID string) error
	// KeepPendingDelivery keeps a report on a provider id that no message
	// of its mode has yet, unless one is kept for it already; it reports
	// whether it kept this one. TakePendingDelivery removes and returns the
	// report kept for the id and mode, if any.
	KeepPendingDelivery(ctx context.Context, p PendingDelivery) (bool, error)
	TakePendingDelivery(ctx context.Context, livemode bool, providerID string) (PendingDelivery, bool, error)
	// PrunePendingDeliveries deletes the reports received before before.
	PrunePendingDeliveries(ctx context.Context, before time.Time) (int64, error)
	// SetMerchantContact sets the addresses a merchant's messages use.
	SetMerchantContact(ctx context.Context, merchantID string, c MerchantContact) error
	// RenameMerchant sets a merchant's name; CodeNotFound when there is none.
	RenameMerchant(ctx context.Context, merchantID, name string) error
}

// Clock tells the time; tests inject a fixed one.
type Clock func() time.Time

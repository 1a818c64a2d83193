package domain

import (
	"context"
	"strings"
	"time"
)

// HistoryKind is the kind of money movement a history entry records; the
// Paysley dialect shows it as payment_type "CC." + kind.
type HistoryKind string

// The history kinds.
const (
	HistoryDebit    HistoryKind = "DB" // authorised and captured at once
	HistoryPreAuth  HistoryKind = "PA" // authorised only
	HistoryCapture  HistoryKind = "CP" // an authorisation captured
	HistoryReversal HistoryKind = "RV" // an authorisation released (cancel)
	HistoryRefund   HistoryKind = "RF" // captured money returned
)

// The history statuses: a movement sent to the processor and not yet
// answered is pending (Paysley shows it so), then success or failed.
const (
	HistoryPending = "pending"
	HistorySuccess = "success"
	HistoryFailed  = "failed"
)

// HistoryEntry is one row of the payment history. Debits and
// pre-authorisations share their payment's id; captures, reversals and
// refunds have their own and point at the payment with PaymentID.
type HistoryEntry struct {
	ID              string
	MerchantID      string
	Livemode        bool
	PaymentID       string
	Kind            HistoryKind
	Amount          int64
	Currency        Currency
	Status          string // HistoryPending, HistorySuccess or HistoryFailed
	Description     string
	Email           string
	Mobile          string
	ReferenceNumber string
	TransactionID   string // the payment request's, "" for direct payments
	TransactionType string // "once-off", "scheduled" or "pos_payment"
	Shipping        bool
	Created         time.Time
}

// historyContext is what a payment's history rows repeat about it.
type historyContext struct {
	email, mobile, reference, transactionID, transactionType string
	shipping                                                 bool
}

// recordHistory writes the history row of a movement on payment p.
func recordHistory(ctx context.Context, tx Tx, p Payment, id string, kind HistoryKind, amount int64, status, description string, now time.Time) error {
	hc, err := paymentHistoryContext(ctx, tx, p)
	if err != nil {
		return err
	}
	return tx.InsertHistory(ctx, HistoryEntry{ID: id, MerchantID: p.MerchantID, Livemode: p.Livemode, PaymentID: p.ID,
		Kind: kind, Amount: amount, Currency: p.Currency, Status: status, Description: description,
		Email: strings.ToLower(hc.email), Mobile: hc.mobile, ReferenceNumber: hc.reference, TransactionID: hc.transactionID,
		TransactionType: hc.transactionType, Shipping: hc.shipping, Created: now})
}

// paymentHistoryContext gathers the contact and request details of p: from
// its payment request when it has one, else its receipt email or customer.
func paymentHistoryContext(ctx context.Context, tx Tx, p Payment) (historyContext, error) {
	hc := historyContext{email: p.ReceiptEmail, transactionType: "once-off"}
	if p.RequestID != "" {
		pr, err := tx.GetPaymentRequestByID(ctx, p.RequestID)
		if err != nil {
			return hc, err
		}
		hc.email, hc.mobile, hc.reference, hc.transactionID = pr.Email, pr.MobileNumber, pr.ReferenceNumber, pr.TransactionID
		hc.shipping = pr.ShippingEnabled
		if pr.Frequency != FrequencyOnce {
			hc.transactionType = "scheduled"
		}
	}
	if p.SubscriptionID != "" {
		hc.transactionType = "scheduled"
	}
	if p.Customer != "" && (hc.email == "" || hc.mobile == "") {
		c, err := tx.GetCustomer(ctx, Scope{MerchantID: p.MerchantID, Livemode: p.Livemode}, CustomerRef{ID: p.Customer}, false)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return hc, err
		}
		if hc.email == "" {
			hc.email = c.Email
		}
		if hc.mobile == "" {
			hc.mobile = c.Phone
		}
	}
	return hc, nil
}

// HistoryParams selects a page of history: numbered pages, an optional
// date range (inclusive, UTC days) and a keyword found in the email, mobile
// number or reference number (a fragment, any case).
type HistoryParams struct {
	Page, Limit int
	From, To    *time.Time
	Keyword     string
}

// ListHistory returns a page of the payment history, newest first.
func (e *Engine) ListHistory(ctx context.Context, s Scope, hp HistoryParams) (Page[HistoryEntry], error) {
	var out Page[HistoryEntry]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListHistory(ctx, s, hp); return err })
	return out, err
}

// GetHistory returns one history entry. Errors: CodeNotFound.
func (e *Engine) GetHistory(ctx context.Context, s Scope, id string) (HistoryEntry, error) {
	var h HistoryEntry
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { h, err = tx.GetHistory(ctx, s, id); return err })
	return h, err
}

package domain

import (
	"context"
)

// PaysleyCallbackArgs is the job that posts a payment attempt's result to
// its payment request's response_url (Paysley's "Payment Response").
type PaysleyCallbackArgs struct {
	PaymentID string `json:"PaymentID"` // the tag is the stored format (the field name before tags)
}

// Kind names the job.
func (PaysleyCallbackArgs) Kind() string { return "paysley_callback" }

// requestAttempted is called in the transaction of every payment attempt on
// a payment request, successful or not: it queues the response_url callback.
func (e *Engine) requestAttempted(ctx context.Context, tx Tx, pr PaymentRequest, p Payment) error {
	if pr.ResponseURL == "" {
		return nil
	}
	s := Scope{MerchantID: p.MerchantID, Livemode: p.Livemode}
	job, err := NewJob("", PaysleyCallbackArgs{PaymentID: p.ID}, &s, e.now())
	if err != nil {
		return Internal(err)
	}
	return tx.InsertJob(ctx, job)
}

// Callback is what a response_url callback carries, gathered for the worker.
type Callback struct {
	Payment Payment
	Request PaymentRequest
	URL     string
	Secrets []string // signing secrets, newest first
}

// PaysleyCallback gathers a callback's payment, request and signing secret.
// Errors: CodeNotFound (the payment or its request is gone).
func (e *Engine) PaysleyCallback(ctx context.Context, s Scope, paymentID string) (Callback, error) {
	var cb Callback
	err := e.Store.Read(ctx, func(tx ReadTx) error {
		var err error
		if cb.Payment, err = tx.GetPayment(ctx, s, paymentID, false); err != nil {
			return err
		}
		if cb.Request, err = tx.GetPaymentRequestByID(ctx, cb.Payment.RequestID); err != nil {
			return err
		}
		cb.URL = cb.Request.ResponseURL
		return nil
	})
	if err != nil {
		return cb, err
	}
	secret, err := e.CallbackSecret(ctx, s)
	if err != nil {
		return cb, err
	}
	cb.Secrets = []string{secret}
	return cb, nil
}

// CallbackSecret returns the secret that signs the scope's response_url
// callbacks (the PaySmart-Signature header), creating it on first use.
func (e *Engine) CallbackSecret(ctx context.Context, s Scope) (string, error) {
	var sealed []byte
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { sealed, err = tx.GetCallbackSecret(ctx, s); return err })
	if ErrorCode(err) == CodeNotFound {
		return e.rollCallbackSecret(ctx, s, false)
	}
	if err != nil {
		return "", err
	}
	return e.openSecret(sealed)
}

// RollCallbackSecret replaces the scope's callback secret at once.
func (e *Engine) RollCallbackSecret(ctx context.Context, s Scope) (string, error) {
	return e.rollCallbackSecret(ctx, s, true)
}

func (e *Engine) rollCallbackSecret(ctx context.Context, s Scope, replace bool) (string, error) {
	secret := newWebhookSecret()
	sealed, err := e.sealSecret(secret)
	if err != nil {
		return "", err
	}
	now := e.now()
	err = e.tx(ctx, func(tx Tx) error {
		if !replace {
			// Two first uses at once: the first to commit wins, the other reads it.
			if existing, err := tx.GetCallbackSecret(ctx, s); err == nil {
				if secret, err = e.openSecret(existing); err != nil {
					return err
				}
				return nil
			}
		}
		return tx.PutCallbackSecret(ctx, s, sealed, now)
	})
	return secret, err
}

func (e *Engine) openSecret(sealed []byte) (string, error) {
	if e.Vault == nil {
		return "", Internal(constError("engine has no vault for secrets"))
	}
	secret, err := e.Vault.Open(sealed)
	if err != nil {
		return "", Internal(err)
	}
	return secret, nil
}

package domain_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

func card(number string) *domain.CardInput {
	return &domain.CardInput{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 3, CVC: "123"}
}

func testScope(t *testing.T, e *domain.Engine) domain.Scope {
	t.Helper()
	m, _ := storetest.MustMerchant(t, e, "Acme")
	return domain.Scope{MerchantID: m.ID}
}

func mustPay(t *testing.T, e *domain.Engine, s domain.Scope, amount int64, capture bool) domain.Payment {
	t.Helper()
	p, err := e.CreatePayment(context.Background(), s, domain.PaymentInput{Amount: amount, Currency: "usd",
		Card: card("4242424242424242"), Capture: capture})
	if err != nil {
		t.Fatalf("create payment: %v", err)
	}
	return p
}

func TestTestCards(t *testing.T) {
	t.Parallel()
	e, _ := storetest.Engine(t, store.SQLite)
	s := testScope(t, e)
	ctx := context.Background()
	tests := []struct {
		number, status, reason, decline string
		recorded                        bool // a failed payment is stored
	}{
		{"4242424242424242", "succeeded", "", "", true},
		{"5555555555554444", "succeeded", "", "", true},
		{"378282246310005", "succeeded", "", "", true},
		{"6011111111111117", "succeeded", "", "", true},
		{"3056930009020004", "succeeded", "", "", true},
		{"3566002020360505", "succeeded", "", "", true},
		{"6200000000000005", "succeeded", "", "", true},
		{"4000000000000002", "failed", "card_declined", "generic_decline", true},
		{"4000000000009995", "failed", "card_declined", "insufficient_funds", true},
		{"4000000000009987", "failed", "card_declined", "lost_card", true},
		{"4000000000009979", "failed", "card_declined", "stolen_card", true},
		{"4000000000000069", "failed", "expired_card", "expired_card", true},
		{"4000000000000127", "failed", "incorrect_cvc", "incorrect_cvc", true},
		{"4000000000000119", "failed", "processing_error", "processing_error", true},
		{"4000000000000341", "failed", "card_declined", "generic_decline", true},
		{"4111111111111111", "failed", "card_declined", "test_mode_live_card", true},
		{"4242424242424241", "", "incorrect_number", "", false},
		{"42424242", "", "invalid_number", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.number, func(t *testing.T) {
			c := card(tc.number)
			if tc.number == "378282246310005" {
				c.CVC = "1234"
			}
			p, err := e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 1000, Currency: "eur", Card: c, Capture: true})
			if tc.reason == "" {
				if err != nil || p.Status != domain.StatusSucceeded || p.AmountCaptured != 1000 || p.ReceiptNumber == "" {
					t.Fatalf("got %+v, %v", p, err)
				}
				return
			}
			de := domain.AsError(err)
			if de.Code != domain.CodeCard || de.Reason != tc.reason || de.DeclineCode != tc.decline {
				t.Fatalf("error = %v (reason %q, decline %q)", err, de.Reason, de.DeclineCode)
			}
			if (p.ID != "") != tc.recorded {
				t.Fatalf("payment recorded = %v, want %v", p.ID != "", tc.recorded)
			}
			if tc.recorded {
				if p.Status != domain.StatusFailed || p.FailureCode != tc.reason || p.AmountCaptured != 0 || de.PaymentID != p.ID {
					t.Fatalf("failed payment = %+v", p)
				}
				got, err := e.GetPayment(ctx, s, p.ID)
				if err != nil || got.Status != domain.StatusFailed {
					t.Fatalf("stored: %+v %v", got, err)
				}
			}
		})
	}
	// Every sandbox card is covered above.
	for number := range sandbox.Cards {
		found := false
		for _, tc := range tests {
			found = found || tc.number == number
		}
		if !found && number != "4000056655665556" && number != "2223003122003222" && number != "5200828282828210" &&
			number != "5105105105105100" && number != "371449635398431" && number != "6011000990139424" && number != "36227206271667" {
			t.Errorf("sandbox card %s has no test", number)
		}
	}
}

func TestPaymentStateMachine(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := storetest.Wire(t, st)
		s := testScope(t, e)
		ctx := context.Background()
		amt := func(v int64) *int64 { return &v }
		type step struct {
			op       string // capture, cancel, refund
			amount   *int64
			wantCode domain.Code
		}
		tests := []struct {
			name               string
			capture            bool
			steps              []step
			status             domain.PaymentStatus
			captured, refunded int64
		}{
			{"auto capture", true, nil, domain.StatusSucceeded, 5000, 0},
			{"manual then full capture", false, []step{{"capture", nil, ""}}, domain.StatusSucceeded, 5000, 0},
			{"partial capture", false, []step{{"capture", amt(3000), ""}}, domain.StatusSucceeded, 3000, 0},
			{"capture once only", false, []step{{"capture", amt(1000), ""}, {"capture", amt(1000), domain.CodeState}}, domain.StatusSucceeded, 1000, 0},
			{"capture above authorised", false, []step{{"capture", amt(5001), domain.CodeInvalid}}, domain.StatusRequiresCapture, 0, 0},
			{"capture zero", false, []step{{"capture", amt(0), domain.CodeInvalid}}, domain.StatusRequiresCapture, 0, 0},
			{"capture a captured payment", true, []step{{"capture", nil, domain.CodeState}}, domain.StatusSucceeded, 5000, 0},
			{"cancel", false, []step{{"cancel", nil, ""}}, domain.StatusCanceled, 0, 0},
			{"cancel captured", true, []step{{"cancel", nil, domain.CodeState}}, domain.StatusSucceeded, 5000, 0},
			{"capture canceled", false, []step{{"cancel", nil, ""}, {"capture", nil, domain.CodeState}}, domain.StatusCanceled, 0, 0},
			{"refund uncaptured", false, []step{{"refund", nil, domain.CodeState}}, domain.StatusRequiresCapture, 0, 0},
			{"full refund", true, []step{{"refund", nil, ""}}, domain.StatusSucceeded, 5000, 5000},
			{"partial refunds", true, []step{{"refund", amt(1000), ""}, {"refund", amt(1500), ""}, {"refund", nil, ""}}, domain.StatusSucceeded, 5000, 5000},
			{"refund above balance", true, []step{{"refund", amt(4000), ""}, {"refund", amt(1001), domain.CodeInvalid}}, domain.StatusSucceeded, 5000, 4000},
			{"refund fully refunded", true, []step{{"refund", nil, ""}, {"refund", amt(1), domain.CodeState}}, domain.StatusSucceeded, 5000, 5000},
			{"refund a partial capture", false, []step{{"capture", amt(2000), ""}, {"refund", amt(2001), domain.CodeInvalid}, {"refund", nil, ""}}, domain.StatusSucceeded, 2000, 2000},
			{"refund negative", true, []step{{"refund", amt(-5), domain.CodeInvalid}}, domain.StatusSucceeded, 5000, 0},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				p := mustPay(t, e, s, 5000, tc.capture)
				for i, st := range tc.steps {
					var err error
					switch st.op {
					case "capture":
						_, err = e.CapturePayment(ctx, s, p.ID, st.amount)
					case "cancel":
						_, err = e.CancelPayment(ctx, s, p.ID)
					case "refund":
						_, err = e.CreateRefund(ctx, s, domain.RefundInput{PaymentID: p.ID, Amount: st.amount})
					}
					if domain.ErrorCode(err) != st.wantCode {
						t.Fatalf("step %d %s: err = %v, want code %q", i, st.op, err, st.wantCode)
					}
				}
				got, err := e.GetPayment(ctx, s, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tc.status || got.AmountCaptured != tc.captured || got.AmountRefunded != tc.refunded {
					t.Fatalf("got %s captured %d refunded %d, want %s %d %d", got.Status, got.AmountCaptured, got.AmountRefunded,
						tc.status, tc.captured, tc.refunded)
				}
			})
		}
	})
}

// TestConcurrentRefundsNeverExceedCaptured fires 50 partial refunds at one
// payment at once: exactly as many succeed as the captured amount allows.
func TestConcurrentRefundsNeverExceedCaptured(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := storetest.Wire(t, st)
		s := testScope(t, e)
		ctx := context.Background()
		p := mustPay(t, e, s, 10_000, true) // room for 33 refunds of 300
		const n = 50
		var ok, refused atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				amount := int64(300)
				_, err := e.CreateRefund(ctx, s, domain.RefundInput{PaymentID: p.ID, Amount: &amount})
				switch domain.ErrorCode(err) {
				case "":
					ok.Add(1)
				case domain.CodeInvalid, domain.CodeState:
					refused.Add(1)
				default:
					t.Errorf("refund: %v", err)
				}
			}()
		}
		close(start)
		wg.Wait()
		got, err := e.GetPayment(ctx, s, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok.Load() != 33 || refused.Load() != n-33 || got.AmountRefunded != 9900 {
			t.Fatalf("%d refunds succeeded, %d refused, refunded %d; want 33, 17, 9900", ok.Load(), refused.Load(), got.AmountRefunded)
		}
		refunds, err := e.ListRefunds(ctx, s, domain.ListParams{Limit: 100, Payment: p.ID})
		if err != nil || len(refunds.Items) != 33 {
			t.Fatalf("stored refunds = %d, %v", len(refunds.Items), err)
		}
		var sum int64
		for _, r := range refunds.Items {
			sum += r.Amount
		}
		if sum != got.AmountRefunded {
			t.Fatalf("refund rows sum to %d, payment says %d", sum, got.AmountRefunded)
		}
	})
}

// TestConcurrentCapturesCaptureOnce races captures and cancels at one
// authorisation: exactly one wins.
func TestConcurrentCapturesCaptureOnce(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := storetest.Wire(t, st)
		s := testScope(t, e)
		ctx := context.Background()
		p := mustPay(t, e, s, 10_000, false)
		var wins atomic.Int64
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				var err error
				if i%4 == 0 {
					_, err = e.CancelPayment(ctx, s, p.ID)
				} else {
					amount := int64(1000 * (i%5 + 1))
					_, err = e.CapturePayment(ctx, s, p.ID, &amount)
				}
				if err == nil {
					wins.Add(1)
				} else if domain.ErrorCode(err) != domain.CodeState {
					t.Errorf("unexpected error: %v", err)
				}
			}(i)
		}
		wg.Wait()
		got, _ := e.GetPayment(ctx, s, p.ID)
		if wins.Load() != 1 || got.Status == domain.StatusRequiresCapture || got.AmountCaptured > got.Amount {
			t.Fatalf("wins = %d, payment %+v", wins.Load(), got)
		}
	})
}

func TestPaymentValidation(t *testing.T) {
	t.Parallel()
	e, _ := storetest.Engine(t, store.SQLite)
	s := testScope(t, e)
	ctx := context.Background()
	tests := []struct {
		name  string
		in    domain.PaymentInput
		code  domain.Code
		param string
	}{
		{"zero amount", domain.PaymentInput{Amount: 0, Currency: "usd", Card: card("4242424242424242")}, domain.CodeInvalid, "amount"},
		{"negative amount", domain.PaymentInput{Amount: -1, Currency: "usd", Card: card("4242424242424242")}, domain.CodeInvalid, "amount"},
		{"too large", domain.PaymentInput{Amount: domain.MaxPaymentAmount + 1, Currency: "usd", Card: card("4242424242424242")}, domain.CodeInvalid, "amount"},
		{"no currency", domain.PaymentInput{Amount: 100, Card: card("4242424242424242")}, domain.CodeInvalid, "currency"},
		{"unknown currency", domain.PaymentInput{Amount: 100, Currency: "usx", Card: card("4242424242424242")}, domain.CodeInvalid, "currency"},
		{"no card", domain.PaymentInput{Amount: 100, Currency: "usd"}, domain.CodeInvalid, "payment_method"},
		{"both card and id", domain.PaymentInput{Amount: 100, Currency: "usd", Card: card("4242424242424242"), PaymentMethodID: "pm_x"}, domain.CodeInvalid, "payment_method"},
		{"unknown pm", domain.PaymentInput{Amount: 100, Currency: "usd", PaymentMethodID: "pm_nope"}, domain.CodeNotFound, "payment_method"},
		{"unknown customer", domain.PaymentInput{Amount: 100, Currency: "usd", Card: card("4242424242424242"), Customer: "cus_nope"}, domain.CodeNotFound, "customer"},
		{"bad receipt email", domain.PaymentInput{Amount: 100, Currency: "usd", Card: card("4242424242424242"), ReceiptEmail: "nope"}, domain.CodeInvalid, "receipt_email"},
		{"bad month", domain.PaymentInput{Amount: 100, Currency: "usd", Card: &domain.CardInput{Number: "4242424242424242", ExpMonth: 13, ExpYear: 2030}}, domain.CodeCard, "card.exp_month"},
		{"bad cvc", domain.PaymentInput{Amount: 100, Currency: "usd", Card: &domain.CardInput{Number: "4242424242424242", ExpMonth: 1, ExpYear: 2030, CVC: "12"}}, domain.CodeCard, "card.cvc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := e.CreatePayment(ctx, s, tc.in)
			de := domain.AsError(err)
			if de.Code != tc.code || de.Param != tc.param || p.ID != "" {
				t.Fatalf("got %v (param %q), payment %q; want %s on %s", err, de.Param, p.ID, tc.code, tc.param)
			}
		})
	}
	// Upper-case currency, JPY with no minor unit, BHD with three.
	for _, cur := range []string{"USD", "jpy", "BHD"} {
		if p, err := e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 1, Currency: cur, Card: card("4242424242424242"), Capture: true}); err != nil || p.Currency.Code != map[string]string{"USD": "USD", "jpy": "JPY", "BHD": "BHD"}[cur] {
			t.Fatalf("%s: %+v %v", cur, p.Currency, err)
		}
	}
}

func TestLiveModeHasNoProcessor(t *testing.T) {
	t.Parallel()
	e, _ := storetest.Engine(t, store.SQLite)
	m, _ := storetest.MustMerchant(t, e, "Acme")
	_, err := e.CreatePayment(context.Background(), domain.Scope{MerchantID: m.ID, Livemode: true},
		domain.PaymentInput{Amount: 100, Currency: "usd", Card: card("4242424242424242"), Capture: true})
	if de := domain.AsError(err); de.Code != domain.CodeProcessor {
		t.Fatalf("live payment: %v", err)
	}
	page, _ := e.ListPayments(context.Background(), domain.Scope{MerchantID: m.ID, Livemode: true}, domain.ListParams{Limit: 10})
	if len(page.Items) != 0 {
		t.Fatalf("a live payment was recorded without a processor: %+v", page.Items)
	}
}

func TestSavedPaymentMethods(t *testing.T) {
	t.Parallel()
	e, st := storetest.Engine(t, store.SQLite)
	s := testScope(t, e)
	ctx := context.Background()
	pm, err := e.CreatePaymentMethod(ctx, s, domain.PaymentMethodInput{Card: *card("4000000000000341")})
	if err != nil {
		t.Fatalf("0341 must attach: %v", err)
	}
	if _, err := e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 100, Currency: "usd", PaymentMethodID: pm.ID, Capture: true}); domain.AsError(err).Reason != "card_declined" {
		t.Fatalf("0341 must fail when charged: %v", err)
	}
	good, err := e.CreatePaymentMethod(ctx, s, domain.PaymentMethodInput{Card: *card("4242 4242 4242 4242")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 100, Currency: "usd", PaymentMethodID: good.ID, Capture: true})
	if err != nil || p.Card.Last4 != "4242" || p.PaymentMethodID != good.ID {
		t.Fatalf("%+v %v", p, err)
	}
	again, _ := e.CreatePaymentMethod(ctx, s, domain.PaymentMethodInput{Card: *card("4242424242424242")})
	if again.Card.Fingerprint != good.Card.Fingerprint {
		t.Fatal("same card, same merchant: fingerprints differ")
	}
	other := testScope(t, e)
	theirs, _ := e.CreatePaymentMethod(ctx, other, domain.PaymentMethodInput{Card: *card("4242424242424242")})
	if theirs.Card.Fingerprint == good.Card.Fingerprint {
		t.Fatal("fingerprints match across merchants")
	}
	if _, err := e.GetPaymentMethod(ctx, other, good.ID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("another merchant's payment method: %v", err)
	}
	// The card number is never stored in clear and the CVC not at all.
	var n int
	st.DB().QueryRow(`SELECT COUNT(*) FROM payment_methods WHERE CAST(sealed_pan AS TEXT) LIKE '%4242424242424242%'`).Scan(&n)
	if n != 0 {
		t.Fatal("card number stored in clear")
	}
	if _, err := e.CreatePaymentMethod(ctx, s, domain.PaymentMethodInput{Card: domain.CardInput{Number: "4242424242424242", ExpMonth: 1, ExpYear: 2020}}); domain.AsError(err).Reason != "expired_card" {
		t.Fatalf("expired card attached: %v", err)
	}
}

func TestEventsWrittenWithTheirChange(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := storetest.Wire(t, st)
		s := testScope(t, e)
		ctx := context.Background()
		p := mustPay(t, e, s, 1000, false)
		e.CapturePayment(ctx, s, p.ID, nil)
		e.CreateRefund(ctx, s, domain.RefundInput{PaymentID: p.ID})
		e.CreatePayment(ctx, s, domain.PaymentInput{Amount: 100, Currency: "usd", Card: card("4000000000000002"), Capture: true})
		q := mustPay(t, e, s, 1000, false)
		e.CancelPayment(ctx, s, q.ID)
		page, err := e.ListEvents(ctx, s, domain.ListParams{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for i := len(page.Items) - 1; i >= 0; i-- {
			types = append(types, page.Items[i].Type)
		}
		want := []string{"payment.captured", "payment.succeeded", "refund.created", "payment.failed", "payment.canceled"}
		if len(types) != len(want) {
			t.Fatalf("events = %v, want %v", types, want)
		}
		for i := range want {
			if types[i] != want[i] {
				t.Fatalf("events = %v, want %v", types, want)
			}
		}
		// A failed use case writes no event: a refund of a canceled payment.
		if _, err := e.CreateRefund(ctx, s, domain.RefundInput{PaymentID: q.ID}); err == nil {
			t.Fatal("refunded a canceled payment")
		}
		page2, _ := e.ListEvents(ctx, s, domain.ListParams{Limit: 100})
		if len(page2.Items) != len(page.Items) {
			t.Fatal("a failed use case wrote an event")
		}
	})
}

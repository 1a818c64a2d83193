package pages

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// testWalletCard is what a simulated Apple Pay or Google Pay button pays
// with in test mode: the wallet's token stands for a card that succeeds.
const testWalletCard = "4242424242424242"

var walletLabels = map[string]string{"APPLE_PAY": "Apple Pay", "GOOGLE_PAY": "Google Pay"}

type payView struct {
	chrome
	Action        string
	CancelURL     string
	TransactionID string
	Reference     string
	Expires       string
	Recurring     string
	Sum           summary
	PayLabel      string
	Currency      string

	Editable              bool
	AmountValue           string
	AmountMin, AmountMax  string
	AmountStep, AmountPat string

	Shipping bool
	Ship     shippingForm
	Wallets  []walletButton
	Error    string
}

type walletButton struct{ Code, Label string }

// shippingForm is the shipping address as the page's form shows it: the
// request's shipping_address at first, what the payer typed after a refusal.
type shippingForm struct {
	FirstName, LastName, Line1, Line2, City, State, Zip, Country string
}

func shippingFormOf(a *domain.ShippingAddress) shippingForm {
	if a == nil {
		return shippingForm{}
	}
	return shippingForm{FirstName: a.FirstName, LastName: a.LastName, Line1: a.AddressLine1, Line2: a.AddressLine2,
		City: a.City, State: a.State, Zip: a.Zip, Country: a.Country}
}

// address is the address the payer confirmed. The form has no e-mail or
// mobile number: the engine keeps the merchant's.
func (f shippingForm) address() *domain.ShippingAddress {
	return &domain.ShippingAddress{FirstName: f.FirstName, LastName: f.LastName, AddressLine1: f.Line1, AddressLine2: f.Line2,
		City: f.City, State: f.State, Zip: f.Zip, Country: f.Country}
}

func (s *site) now() time.Time {
	if s.Engine.Clock != nil {
		return s.Engine.Clock()
	}
	return time.Now()
}

// load finds a payment request and its merchant by link id.
func (s *site) load(ctx context.Context, id string) (domain.PaymentRequest, domain.Merchant, error) {
	if !strings.HasPrefix(id, "preq_") {
		return domain.PaymentRequest{}, domain.Merchant{}, notFound("Payment request")
	}
	pr, m, err := s.Engine.PaymentPage(ctx, id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return pr, m, notFound("Payment request")
	}
	return pr, m, err
}

// unpayable is the page for a request that cannot be paid now: deleted
// (410), expired (410) or a one-time request already paid (200 when looked
// at, 409 when paid again), with a link to the receipt of the payment that
// paid it.
func (s *site) unpayable(pr domain.PaymentRequest, m domain.Merchant, paying bool) *pageError {
	pe := &pageError{Merchant: m.Name, Test: !pr.Livemode}
	switch {
	case pr.Deleted:
		pe.Status, pe.Title = http.StatusGone, "This payment request was withdrawn"
		pe.Message = m.Name + " has withdrawn this payment request. Nothing is due; contact them if you think this is a mistake."
	case pr.Status == "paid" && pr.Frequency == domain.FrequencyOnce:
		pe.Status, pe.Title = http.StatusOK, "Already paid"
		if paying {
			pe.Status = http.StatusConflict
		}
		pe.Message = "This payment request has already been paid. Nothing more is due."
		if pr.PaymentID != "" {
			pe.Link, pe.LinkText = ReceiptURL("", pr.PaymentID), "View the receipt"
		}
	case pr.ExpiresAt != nil && !s.now().Before(*pr.ExpiresAt):
		pe.Status, pe.Title = http.StatusGone, "This payment link has expired"
		pe.Message = "The link expired on " + dateTime(*pr.ExpiresAt, m) + ". Ask " + m.Name + " to send a new one."
	default:
		return nil
	}
	return pe
}

func (s *site) payView(pr domain.PaymentRequest, m domain.Merchant, q *req) *payView {
	v := &payView{chrome: chrome{Title: "Pay " + m.Name, Merchant: m.Name, Test: !pr.Livemode},
		Action: PayURL("", pr.ID), CancelURL: pr.CancelURL, TransactionID: pr.TransactionID, Reference: pr.ReferenceNumber,
		Sum: buildSummary(pr), Currency: pr.Currency.Code, Editable: !pr.FixedAmount, Shipping: pr.ShippingEnabled}
	if pr.ShippingEnabled && pr.PaymentID == "" {
		// Pre-filled with the merchant's address; once a payer paid (a
		// recurring request stays payable) the address is that payer's.
		v.Ship = shippingFormOf(pr.ShippingAddress)
	}
	if pr.ExpiresAt != nil {
		v.Expires = dateTime(*pr.ExpiresAt, m)
	}
	due := pr.AmountDue
	if pr.Frequency != domain.FrequencyOnce {
		v.Recurring = "A " + strings.ToLower(string(pr.Frequency)) + " payment"
		if pr.TotalNumberOfPayments != nil {
			v.Recurring += ", " + strconv.FormatInt(*pr.TotalNumberOfPayments, 10) + " payments in all"
		}
		if pr.InitialPaymentAmount != nil && *pr.InitialPaymentAmount > 0 && pr.Status == "open" {
			due = *pr.InitialPaymentAmount
			v.Recurring += "; the first payment is " + money(due, pr.Currency)
		}
		v.Recurring += "."
	}
	v.PayLabel = "Pay " + money(due, pr.Currency)
	if v.Editable {
		v.PayLabel = "Pay"
		v.AmountValue = domain.FormatMajor(due, pr.Currency)
		v.AmountMin = domain.FormatMajor(1, pr.Currency)
		v.AmountMax = domain.FormatMajor(domain.MaxPaymentAmount, pr.Currency)
		v.AmountStep = v.AmountMin
		v.AmountPat = `[0-9]+`
		if pr.Currency.Exponent > 0 {
			v.AmountPat += `(\.[0-9]{1,` + strconv.Itoa(pr.Currency.Exponent) + `})?`
		}
	}
	if !pr.Livemode {
		for _, w := range pr.PaymentMethods {
			if slices.Contains(strings.Split(m.Wallets, ","), w) {
				v.Wallets = append(v.Wallets, walletButton{Code: w, Label: walletLabels[w]})
			}
		}
	}
	if o := origin(pr.RedirectURL); o != "" {
		q.formTargets = append(q.formTargets, o)
	}
	return v
}

func (s *site) short(w http.ResponseWriter, r *http.Request, q *req) error {
	code := r.PathValue("code")
	if code == "" || strings.ContainsAny(code, "/_.") {
		return notFound("Payment request")
	}
	http.Redirect(w, r, PayURL("", "preq_"+code), http.StatusFound)
	return nil
}

func (s *site) payPage(w http.ResponseWriter, r *http.Request, q *req) error {
	pr, m, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if pe := s.unpayable(pr, m, false); pe != nil {
		return pe
	}
	s.html(w, q, http.StatusOK, "pay.html", s.payView(pr, m, q))
	return nil
}

// pay is the form's POST: it checks what the payer typed, then pays through
// the engine, which refuses a second payer while a payment is processing
// and once the request is paid, so a double submit never charges twice.
// Card fields are never written back into the page or the log.
func (s *site) pay(w http.ResponseWriter, r *http.Request, q *req) error {
	ctx := r.Context()
	pr, m, err := s.load(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if pe := s.unpayable(pr, m, true); pe != nil {
		return pe
	}
	if err := r.ParseForm(); err != nil {
		return &pageError{Status: http.StatusBadRequest, Title: "The form could not be read", Message: "Please go back and try again.",
			Merchant: m.Name, Test: !pr.Livemode, Link: PayURL("", pr.ID), LinkText: "Back to the payment"}
	}
	f := r.PostForm
	v := s.payView(pr, m, q)
	var ship *domain.ShippingAddress
	if pr.ShippingEnabled {
		v.Ship = shippingForm{FirstName: f.Get("ship_first_name"), LastName: f.Get("ship_last_name"), Line1: f.Get("ship_line1"),
			Line2: f.Get("ship_line2"), City: f.Get("ship_city"), State: f.Get("ship_state"), Zip: f.Get("ship_zip"),
			Country: f.Get("ship_country")}
		ship = v.Ship.address()
	}
	again := func(status int, msg string) error {
		v.Error = msg
		s.html(w, q, status, "pay.html", v)
		return nil
	}

	var amount int64
	if !pr.FixedAmount {
		text := strings.TrimSpace(f.Get("amount"))
		v.AmountValue = text
		a, err := domain.ParseMajor(text, pr.Currency)
		if err != nil || a < 1 || a > domain.MaxPaymentAmount {
			return again(http.StatusUnprocessableEntity, "Enter an amount from "+money(1, pr.Currency)+" to "+
				money(domain.MaxPaymentAmount, pr.Currency)+", with at most "+strconv.Itoa(pr.Currency.Exponent)+" decimals.")
		}
		amount = a
	}
	var card domain.CardInput
	if wallet := f.Get("wallet"); wallet != "" {
		if !slices.ContainsFunc(v.Wallets, func(b walletButton) bool { return b.Code == wallet }) {
			return again(http.StatusUnprocessableEntity, "That way of paying is not offered for this payment.")
		}
		card = domain.CardInput{Number: testWalletCard, ExpMonth: 12, ExpYear: s.now().Year() + 1, CVC: "123"}
	} else {
		month, year, ok := parseExpiry(f.Get("cc_exp"))
		switch {
		case strings.TrimSpace(f.Get("cc_number")) == "":
			return again(http.StatusUnprocessableEntity, "Enter your card number.")
		case !ok:
			return again(http.StatusUnprocessableEntity, "Enter the card's expiry date as MM / YY.")
		}
		card = domain.CardInput{Number: f.Get("cc_number"), ExpMonth: month, ExpYear: year, CVC: strings.TrimSpace(f.Get("cc_csc"))}
	}

	// Only attempts that reached a card count (a payment was recorded): a
	// payer told to wait while another payment is processing does not. The
	// database counts them, so the limit holds across nodes.
	tried, err := s.Engine.PaymentAttempts(ctx, pr.ID, s.now().Add(-s.AttemptWindow))
	if err != nil {
		return err
	}
	if tried >= s.AttemptsPerLink {
		return &pageError{Status: http.StatusTooManyRequests, Title: "Too many attempts",
			Message:  "This payment link has had too many payment attempts. Wait a few minutes, then try again.",
			Merchant: m.Name, Test: !pr.Livemode, Link: PayURL("", pr.ID), LinkText: "Back to the payment"}
	}
	// The engine checks the shipping address (it names the field) and keeps
	// it with the payment; the request's shipping_address becomes it once the
	// payment is made.
	p, err := s.Engine.PayPaymentRequest(ctx, pr.ID, card, amount, ship)
	de := domain.AsError(err)
	switch {
	case err == nil:
		return s.paid(w, r, pr, p)
	case de.Code == domain.CodeCard && p.ID != "":
		return again(http.StatusPaymentRequired, declineText(p))
	case de.Code == domain.CodeCard || de.Code == domain.CodeInvalid:
		return again(http.StatusUnprocessableEntity, de.Message)
	case de.Code == domain.CodeState:
		return s.stateError(ctx, pr, m, de)
	case de.Code == domain.CodeNotFound:
		return notFound("Payment request")
	}
	return err
}

// paid sends the payer on after a payment that was not declined: to the
// challenge when the card asks for one, to the merchant's redirect_url, or
// to the receipt (which also shows a payment still processing).
func (s *site) paid(w http.ResponseWriter, r *http.Request, pr domain.PaymentRequest, p domain.Payment) error {
	to := ReceiptURL("", p.ID)
	switch {
	case p.Status == domain.StatusRequiresAction:
		to = AuthenticateURL("", p.ID)
	case p.Status == domain.StatusProcessing:
	case pr.RedirectURL != "":
		to = pr.RedirectURL
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// stateError is the page for a payment the request refused: paid meanwhile
// (with the receipt of the payment that paid it), in progress, expired.
func (s *site) stateError(ctx context.Context, pr domain.PaymentRequest, m domain.Merchant, de *domain.Error) error {
	switch de.Reason {
	case "payment_request_paid", "payment_request_expired":
		if fresh, m2, err := s.load(ctx, pr.ID); err == nil {
			pr, m = fresh, m2
		}
		if de.Reason == "payment_request_expired" && (pr.ExpiresAt == nil || s.now().Before(*pr.ExpiresAt)) {
			now := s.now() // the engine's clock said so a moment ago
			pr.ExpiresAt = &now
		}
		if pe := s.unpayable(pr, m, true); pe != nil {
			return pe
		}
	case "payment_request_in_progress":
		return &pageError{Status: http.StatusConflict, Title: "A payment is being processed",
			Message:  "A payment of this request is being processed right now. Wait a moment, then reload: you will see whether it went through.",
			Merchant: m.Name, Test: !pr.Livemode, Link: PayURL("", pr.ID), LinkText: "Reload"}
	}
	return &pageError{Status: http.StatusConflict, Title: "This payment cannot be made", Message: de.Message,
		Merchant: m.Name, Test: !pr.Livemode}
}

// declineText is what a payer is told about a declined card.
func declineText(p domain.Payment) string {
	msg := strings.TrimSpace(p.FailureMessage)
	if msg == "" {
		msg = "Your card was declined."
	}
	return msg + " Nothing was charged. Try another card."
}

// parseExpiry reads "MM/YY", "MM / YY", "MM/YYYY" or "MMYY".
func parseExpiry(s string) (month, year int, ok bool) {
	var digits []byte
	sep := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '/' || c == ' ' || c == '-':
			sep = sep || c != ' '
		default:
			return 0, 0, false
		}
	}
	var mm, yy string
	switch {
	case len(digits) == 4 || len(digits) == 6:
		mm, yy = string(digits[:2]), string(digits[2:])
	case len(digits) == 3 && sep, len(digits) == 5 && sep:
		mm, yy = string(digits[:1]), string(digits[1:])
	default:
		return 0, 0, false
	}
	month, _ = strconv.Atoi(mm)
	year, _ = strconv.Atoi(yy)
	if len(yy) == 2 {
		year += 2000
	}
	return month, year, month >= 1 && month <= 12
}

package pages

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// challengeView is the 3-D Secure page. In test mode it stands in for the
// card issuer's page, as Stripe's test page does: two buttons decide.
type challengeView struct {
	chrome
	Action string
	Amount string
	Card   string
	Date   string
}

// payment loads the payment a challenge or receipt path names ("pay_…").
func (s *site) payment(r *http.Request, wire string) (domain.Payment, domain.Merchant, error) {
	id, ok := strings.CutPrefix(wire, "pay_")
	if !ok || id == "" {
		return domain.Payment{}, domain.Merchant{}, notFound("Payment")
	}
	p, m, err := s.Engine.ReceiptPayment(r.Context(), id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return p, m, notFound("Payment")
	}
	return p, m, err
}

func (s *site) challenge(w http.ResponseWriter, r *http.Request, q *req) error {
	p, m, err := s.payment(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.Status != domain.StatusRequiresAction {
		return s.after(w, r, p, m) // answered or canceled already: show where it ended
	}
	// A live processor's challenge is the card issuer's own page.
	issuerPage, _, err := s.Engine.Challenge(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if issuerPage != "" {
		http.Redirect(w, r, issuerPage, http.StatusSeeOther)
		return nil
	}
	v := &challengeView{chrome: chrome{Title: "Confirm your payment", Merchant: m.Name, Test: !p.Livemode},
		Action: AuthenticateURL("", p.ID), Amount: money(p.Amount, p.Currency), Card: cardLabel(p.Card), Date: dateTime(p.Created, m)}
	q.formTargets = append(q.formTargets, s.redirectOrigin(r, p)...)
	s.html(w, q, http.StatusOK, "authenticate.html", v)
	return nil
}

// authenticate records the customer's answer through the engine, which
// counts only the first answer of a payment.
func (s *site) authenticate(w http.ResponseWriter, r *http.Request, q *req) error {
	p, m, err := s.payment(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	answer := r.PostFormValue("answer")
	if answer != "complete" && answer != "fail" {
		return &pageError{Status: http.StatusBadRequest, Title: "No answer was given", Message: "Choose one of the buttons.",
			Merchant: m.Name, Test: !p.Livemode, Link: AuthenticateURL("", p.ID), LinkText: "Back"}
	}
	got, err := s.Engine.AuthenticatePayment(r.Context(), p.ID, answer == "complete")
	de := domain.AsError(err)
	switch {
	case err == nil:
		return s.after(w, r, got, m)
	case de.Code == domain.CodeCard:
		return authenticationFailed(p, m, got)
	case de.Code == domain.CodeState && got.RequestID != "":
		pr, m, err := s.load(r.Context(), got.RequestID)
		if err != nil {
			return err
		}
		return s.stateError(r.Context(), pr, m, de)
	case de.Code == domain.CodeState:
		return &pageError{Status: http.StatusConflict, Title: "This payment cannot be confirmed", Message: de.Message,
			Merchant: m.Name, Test: !p.Livemode}
	}
	return err
}

// authenticated is where the card issuer's challenge page sends the customer
// back (AuthenticateReturnURL). What the customer did there is the
// processor's to say, so the engine asks it (a passed answer only reads the
// processor's state: a visit here cannot make a payment succeed that the
// issuer did not confirm). Payments whose challenge is the pages' own
// (the sandbox) have no return page.
func (s *site) authenticated(w http.ResponseWriter, r *http.Request, q *req) error {
	p, m, err := s.payment(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, issuer, err := s.Engine.Challenge(r.Context(), p.ID); err != nil {
		return err
	} else if !issuer {
		return notFound("Payment")
	}
	got, err := s.Engine.AuthenticatePayment(r.Context(), p.ID, true)
	de := domain.AsError(err)
	switch {
	case err == nil && got.Status == domain.StatusProcessing:
		// The processor has not caught up yet: the receipt says so, and
		// the reconcile job settles it.
		http.Redirect(w, r, ReceiptURL("", p.ID), http.StatusSeeOther)
		return nil
	case err == nil:
		return s.after(w, r, got, m)
	case de.Code == domain.CodeCard:
		return authenticationFailed(p, m, got)
	}
	return err
}

// after sends the customer on from a payment that left requires_action:
// a payment request's redirect_url on success, its payment page after a
// failure, else the receipt. A payment its merchant canceled gets a page
// saying so, whoever comes: an answer given after the cancel changed nothing.
func (s *site) after(w http.ResponseWriter, r *http.Request, p domain.Payment, m domain.Merchant) error {
	if p.Status == domain.StatusCanceled {
		return challengeCanceled(p, m)
	}
	if p.RequestID != "" {
		pr, _, err := s.Engine.PaymentPage(r.Context(), p.RequestID)
		if err != nil {
			return err
		}
		if p.Status == domain.StatusFailed {
			http.Redirect(w, r, PayURL("", pr.ID), http.StatusSeeOther)
			return nil
		}
		return s.paid(w, r, pr, p)
	}
	http.Redirect(w, r, ReceiptURL("", p.ID), http.StatusSeeOther)
	return nil
}

func (s *site) redirectOrigin(r *http.Request, p domain.Payment) []string {
	if p.RequestID == "" {
		return nil
	}
	pr, _, err := s.Engine.PaymentPage(r.Context(), p.RequestID)
	if o := origin(pr.RedirectURL); err == nil && o != "" {
		return []string{o}
	}
	return nil
}

// challengeCanceled is the page of a challenge whose payment its merchant
// canceled (before the customer answered, or by releasing the authorisation
// since): nothing was charged; a payment request's payer goes back to it.
func challengeCanceled(p domain.Payment, m domain.Merchant) *pageError {
	pe := &pageError{Status: http.StatusConflict, Title: "This payment was canceled",
		Message: m.Name + " canceled this payment, so nothing was charged.", Merchant: m.Name,
		Test: !p.Livemode, Link: ReceiptURL("", p.ID), LinkText: "View the payment"}
	if p.RequestID != "" {
		pe.Link, pe.LinkText = PayURL("", p.RequestID), "Back to the payment request"
	}
	return pe
}

// authenticationFailed is the page of a challenge that did not confirm the
// payment: nothing was charged; a payment request may be tried again.
func authenticationFailed(p domain.Payment, m domain.Merchant, got domain.Payment) *pageError {
	pe := &pageError{Status: http.StatusPaymentRequired, Title: "Authentication failed",
		Message: "Your bank could not confirm this payment, so nothing was charged.", Merchant: m.Name, Test: !p.Livemode,
		Link: ReceiptURL("", p.ID), LinkText: "View the payment"}
	if got.RequestID != "" {
		pe.Link, pe.LinkText = PayURL("", got.RequestID), "Try again"
	}
	return pe
}

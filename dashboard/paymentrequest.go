package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
)

type requestsView struct {
	frame
	Requests []domain.PaymentRequest
	Error    string
	Form     map[string]string
}

func (s *site) requests(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderRequests(w, r, q, http.StatusOK, "", map[string]string{"currency": "USD", "fixed": "on"})
}

func (s *site) renderRequests(w http.ResponseWriter, r *http.Request, q *req, status int, msg string, form map[string]string) error {
	page, err := s.Engine.ListPaymentRequests(r.Context(), q.scope(), domain.ListParams{Limit: 50, Page: 1})
	if err != nil {
		return err
	}
	v := requestsView{frame: q.frame("Payment requests", "payment-requests"), Requests: page.Items, Error: msg, Form: form}
	v.Notice = notice(r)
	s.html(w, q, status, "requests.html", v)
	return nil
}

// createRequest makes a Paysley payment request through the engine's
// CreatePaymentRequest, as POST /v2/payment-requests does, and shows its
// link and QR code. The amount is the form's text, read exactly by the engine.
func (s *site) createRequest(w http.ResponseWriter, r *http.Request, q *req) error {
	form := map[string]string{}
	for _, f := range []string{"amount", "currency", "email", "mobile_number", "reference_number", "fixed"} {
		form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	fixed := form["fixed"] != ""
	in := domain.PaymentRequestInput{Amount: form["amount"], Currency: form["currency"], Email: form["email"],
		MobileNumber: form["mobile_number"], ReferenceNumber: form["reference_number"], FixedAmount: &fixed, PaymentType: "DB",
		RequestMethods: []string{"WEB"}}
	if in.Email == "" && in.MobileNumber == "" {
		return s.renderRequests(w, r, q, http.StatusUnprocessableEntity, "Give the customer's e-mail address or mobile number.", form)
	}
	pr, err := s.Engine.CreatePaymentRequest(r.Context(), q.scope(), in)
	if domain.ErrorCode(err) == domain.CodeInvalid || domain.ErrorCode(err) == domain.CodeNotFound {
		return s.renderRequests(w, r, q, http.StatusUnprocessableEntity, domain.AsError(err).Message, form)
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "payment_request.created", pr.TransactionID, money(pr.AmountDue, pr.Currency))
	return seeOther(w, r, "/dashboard/payment-requests/"+pr.TransactionID, "")
}

type requestView struct {
	frame
	R                    domain.PaymentRequest
	Link, Short, QR, PDF string
	Payments             []domain.Payment
}

// request shows one payment request: its link to copy, its QR code, and the
// payments made through it.
func (s *site) request(w http.ResponseWriter, r *http.Request, q *req) error {
	pr, err := s.Engine.GetPaymentRequest(r.Context(), q.scope(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &pageError{Status: 404, Title: "Payment request not found", Message: "No payment request " + r.PathValue("id") +
			" in " + modeWord(q.session.Livemode) + " mode.", Back: "/dashboard/payment-requests"}
	}
	if err != nil {
		return err
	}
	v := requestView{frame: q.frame("Payment request "+pr.TransactionID, "payment-requests"), R: pr,
		Link: pages.PayURL(s.BaseURL, pr.ID), Short: pages.ShortURL(s.BaseURL, pr.ID), QR: "/qr/" + pr.ID + ".png",
		PDF: "/invoices/" + pr.ID + ".pdf"}
	s.html(w, q, http.StatusOK, "request.html", v)
	return nil
}

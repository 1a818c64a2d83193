package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

type paymentsView struct {
	frame
	Payments []domain.Payment
	Status   string
	Customer string
	Query    string
	Statuses []domain.PaymentStatus
	Older    string // the link to the next page, "" on the last
	NotFound string
}

const pageSize = 25

// payments lists the mode's payments, newest first, filtered by status and
// customer; q finds one payment by its id (pay_… or Paysley's bare hex).
func (s *site) payments(w http.ResponseWriter, r *http.Request, q *req) error {
	f := r.URL.Query()
	v := paymentsView{frame: q.frame("Payments", "payments"), Status: f.Get("status"), Customer: strings.TrimSpace(f.Get("customer")),
		Query: strings.TrimSpace(f.Get("q")), Statuses: []domain.PaymentStatus{domain.StatusSucceeded, domain.StatusRequiresCapture,
			domain.StatusProcessing, domain.StatusRequiresAction, domain.StatusFailed, domain.StatusCanceled}}
	if v.Query != "" {
		id := strings.TrimPrefix(strings.ToLower(v.Query), "pay_")
		if _, err := s.Engine.GetPayment(r.Context(), q.scope(), id); err == nil {
			http.Redirect(w, r, "/dashboard/payments/pay_"+id, http.StatusSeeOther)
			return nil
		}
		v.NotFound = "No payment " + v.Query + " in " + modeWord(q.session.Livemode) + " mode."
	}
	lp := domain.ListParams{Limit: pageSize, After: f.Get("after"), Status: v.Status, Customer: v.Customer}
	if !validStatus(v.Status) {
		lp.Status, v.Status = "", ""
	}
	page, err := s.Engine.ListPayments(r.Context(), q.scope(), lp)
	if domain.ErrorCode(err) == domain.CodeInvalid { // a stale cursor: start over
		lp.After = ""
		page, err = s.Engine.ListPayments(r.Context(), q.scope(), lp)
	}
	if err != nil {
		return err
	}
	v.Payments = page.Items
	if page.HasMore && len(page.Items) > 0 {
		next := url.Values{"after": {page.Items[len(page.Items)-1].ObjectID()}}
		if v.Status != "" {
			next.Set("status", v.Status)
		}
		if v.Customer != "" {
			next.Set("customer", v.Customer)
		}
		v.Older = "/dashboard/payments?" + next.Encode()
	}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "payments.html", v)
	return nil
}

func validStatus(s string) bool {
	switch domain.PaymentStatus(s) {
	case domain.StatusSucceeded, domain.StatusRequiresCapture, domain.StatusProcessing, domain.StatusRequiresAction,
		domain.StatusFailed, domain.StatusCanceled:
		return true
	}
	return false
}

func modeWord(live bool) string {
	if live {
		return "live"
	}
	return "test"
}

// step is one line of a payment's timeline.
type step struct {
	When   time.Time
	Title  string
	Detail string
	Tone   string // ok, bad, wait or ""
}

type paymentView struct {
	frame
	P          domain.Payment
	ID         string
	Refunds    []domain.Refund
	Timeline   []step
	CanRefund  bool
	CanCapture bool
	Remaining  string // major units, the refund form's default
	Error      string
	Amount     string // what the refund form was sent with, after an error
}

// payment shows one payment: its facts, a timeline (created, what the
// processor said, captures, refunds, events and their webhook deliveries),
// and the refund and capture forms when the role and the state allow them.
func (s *site) payment(w http.ResponseWriter, r *http.Request, q *req) error {
	v, err := s.paymentView(r, q)
	if err != nil {
		return err
	}
	s.html(w, q, http.StatusOK, "payment.html", v)
	return nil
}

func (s *site) paymentView(r *http.Request, q *req) (paymentView, error) {
	wire := r.PathValue("id")
	id, ok := strings.CutPrefix(wire, "pay_")
	if !ok {
		return paymentView{}, &pageError{Status: 404, Title: "Payment not found", Message: "Payment ids start with pay_.", Back: "/dashboard/payments"}
	}
	ctx, sc := r.Context(), q.scope()
	p, err := s.Engine.GetPayment(ctx, sc, id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return paymentView{}, &pageError{Status: 404, Title: "Payment not found",
			Message: "No payment " + wire + " in " + modeWord(sc.Livemode) + " mode.", Back: "/dashboard/payments"}
	}
	if err != nil {
		return paymentView{}, err
	}
	v := paymentView{frame: q.frame("Payment "+wire, "payments"), P: p, ID: wire}
	v.Notice = notice(r)
	refunds, err := s.Engine.ListRefunds(ctx, sc, domain.ListParams{Limit: 100, Payment: p.ID})
	if err != nil {
		return v, err
	}
	v.Refunds = refunds.Items
	events, err := s.Engine.ListEvents(ctx, sc, domain.ListParams{Limit: 100, Object: p.ObjectID()})
	if err != nil {
		return v, err
	}
	v.Timeline = append(v.Timeline, step{When: p.Created, Title: "Payment of " + money(p.Amount, p.Currency) + " created",
		Detail: cardLabel(p.Card)})
	for _, ev := range events.Items {
		st := step{When: ev.Created, Title: eventTitle(ev.Type, p), Tone: eventTone(ev.Type)}
		if d, err := s.Engine.ListWebhookDeliveries(ctx, sc, ev.ID, domain.ListParams{Limit: 100}); err == nil && len(d.Items) > 0 {
			st.Detail = deliverySummary(d.Items)
		}
		v.Timeline = append(v.Timeline, st)
	}
	if p.FailureMessage != "" && p.Status == domain.StatusFailed {
		v.Timeline = append(v.Timeline, step{When: p.Updated, Title: "Declined: " + p.FailureMessage, Detail: p.DeclineCode, Tone: "bad"})
	}
	for _, rf := range v.Refunds {
		st := step{When: rf.Created, Title: "Refund of " + money(rf.Amount, rf.Currency) + " " + rf.Status, Detail: rf.ID}
		switch rf.Status {
		case domain.RefundSucceeded:
			st.Tone = "ok"
		case domain.RefundFailed:
			st.Tone, st.Detail = "bad", rf.ID+": "+rf.FailureReason
		default:
			st.Tone = "wait"
		}
		v.Timeline = append(v.Timeline, st)
	}
	sort.SliceStable(v.Timeline, func(i, j int) bool { return v.Timeline[i].When.Before(v.Timeline[j].When) })
	can := q.user.Role.Can(domain.PermMoney)
	v.CanRefund = can && p.Status == domain.StatusSucceeded && p.Remaining() > 0
	v.CanCapture = can && p.Status == domain.StatusRequiresCapture
	v.Remaining = domain.FormatMajor(p.Remaining(), p.Currency)
	if v.CanCapture {
		v.Remaining = domain.FormatMajor(p.Amount, p.Currency)
	}
	return v, nil
}

func eventTitle(typ string, p domain.Payment) string {
	switch typ {
	case domain.EventPaymentSucceeded:
		return "Succeeded: " + money(p.AmountCaptured, p.Currency) + " captured"
	case domain.EventPaymentCaptured:
		return "Captured"
	case domain.EventPaymentFailed:
		return "Failed"
	case domain.EventPaymentCanceled:
		return "Canceled: the authorisation was released"
	case domain.EventPaymentRequiresAction:
		return "Waiting for 3-D Secure"
	case domain.EventPaymentDisputed:
		return "Disputed by the cardholder"
	}
	return typ
}

func eventTone(typ string) string {
	switch typ {
	case domain.EventPaymentSucceeded, domain.EventPaymentCaptured:
		return "ok"
	case domain.EventPaymentFailed, domain.EventPaymentDisputed:
		return "bad"
	}
	return ""
}

func deliverySummary(ds []domain.WebhookDelivery) string {
	last := ds[0]
	for _, d := range ds {
		if d.Created.After(last.Created) {
			last = d
		}
	}
	if last.Error == "" {
		return "Webhook delivered"
	}
	return "Webhook attempt " + strconv.Itoa(last.Attempt) + " failed: " + last.Error
}

// refund refunds part or all of a payment through the engine's CreateRefund,
// the call both APIs make. The amount is in major units ("1.00"), read
// exactly by domain.ParseMajor.
func (s *site) refund(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.moneyAction(w, r, q, "refund", func(p domain.Payment, amount *int64) error {
		if amount == nil {
			return domain.Missing("amount")
		}
		reason := r.PostFormValue("reason")
		if reason != "" && !domain.RefundReasons[reason] {
			return domain.Invalid("reason", "parameter_invalid", "Choose a reason from the list.")
		}
		res, err := s.Engine.CreateRefund(r.Context(), q.scope(), domain.RefundInput{PaymentID: p.ID, Amount: amount, Reason: reason})
		if err == nil || res.Refund.ID != "" {
			s.audit(r, q, "payment.refunded", p.ObjectID(), res.Refund.ID+" "+money(*amount, p.Currency)+" "+res.Refund.Status)
		}
		return err
	}, "refunded")
}

// capture captures an authorisation, all of it or the amount given.
func (s *site) capture(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.moneyAction(w, r, q, "capture", func(p domain.Payment, amount *int64) error {
		_, err := s.Engine.CapturePayment(r.Context(), q.scope(), p.ID, amount)
		if err == nil {
			a := p.Amount
			if amount != nil {
				a = *amount
			}
			s.audit(r, q, "payment.captured", p.ObjectID(), money(a, p.Currency))
		}
		return err
	}, "captured")
}

func (s *site) moneyAction(w http.ResponseWriter, r *http.Request, q *req, what string, do func(domain.Payment, *int64) error, done string) error {
	wire := r.PathValue("id")
	id, _ := strings.CutPrefix(wire, "pay_")
	p, err := s.Engine.GetPayment(r.Context(), q.scope(), id)
	if err != nil {
		return engineError(err, "/dashboard/payments")
	}
	text := strings.TrimSpace(r.PostFormValue("amount"))
	var amount *int64
	if text != "" {
		a, err := domain.ParseMajor(text, p.Currency)
		if err != nil || a <= 0 {
			msg := "Enter the amount in " + p.Currency.Code + " as digits, e.g. " + domain.FormatMajor(p.Remaining(), p.Currency) + "."
			if errors.Is(err, domain.ErrAmountPrecision) {
				msg = "That is more decimals than " + p.Currency.Code + " has."
			}
			return s.paymentFormError(w, r, q, text, msg)
		}
		amount = &a
	}
	if err := do(p, amount); err != nil {
		switch domain.ErrorCode(err) {
		case domain.CodeInvalid, domain.CodeState, domain.CodeCard, domain.CodeProcessor:
			return s.paymentFormError(w, r, q, text, "Could not "+what+": "+domain.AsError(err).Message)
		}
		return err
	}
	return seeOther(w, r, "/dashboard/payments/"+wire, done)
}

func (s *site) paymentFormError(w http.ResponseWriter, r *http.Request, q *req, amount, msg string) error {
	v, err := s.paymentView(r, q)
	if err != nil {
		return err
	}
	v.Error, v.Amount = msg, amount
	s.html(w, q, http.StatusUnprocessableEntity, "payment.html", v)
	return nil
}

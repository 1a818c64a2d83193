package paysley

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// historyJSON is one payment history entry (Y6 list items, Y7 detail).
type historyJSON struct {
	TransactionType     string             `json:"transaction_type"`
	PaymentID           string             `json:"payment_id"`
	TransactionID       string             `json:"transaction_id"`
	CustomerPhoneNumber *string            `json:"customer_phone_number"`
	Email               *string            `json:"email"`
	Amount              any                `json:"amount"`
	Currency            string             `json:"currency"`
	ReferenceNumber     string             `json:"reference_number"`
	ShippingInformation bool               `json:"shipping_information"`
	PaymentType         string             `json:"payment_type"`
	TransactionDate     string             `json:"transaction_date"`
	URL                 *string            `json:"url,omitempty"`
	Status              string             `json:"status"`
	ResultDescription   string             `json:"result_description"`
	PaymentDate         string             `json:"payment_date"`
	ReferencePaymentID  *string            `json:"reference_payment_id"`
	RequestDetail       *requestDetailJSON `json:"request_detail,omitempty"`
}

type requestDetailJSON struct {
	PaymentType         string `json:"payment_type"`
	ShippingInformation bool   `json:"shipping_information"`
}

type historyListJSON struct {
	Limit      string        `json:"limit"`
	Page       string        `json:"page"`
	PageCount  int           `json:"page_count"`
	Payments   []historyJSON `json:"payments"`
	TotalCount int           `json:"total_count"`
}

func renderHistory(h domain.HistoryEntry) historyJSON {
	out := historyJSON{TransactionType: h.TransactionType, PaymentID: h.ID, TransactionID: h.TransactionID,
		CustomerPhoneNumber: nullable(h.Mobile), Email: nullable(h.Email), Amount: number(h.Amount, h.Currency),
		Currency: h.Currency.Code, ReferenceNumber: h.ReferenceNumber, ShippingInformation: h.Shipping,
		PaymentType: "CC." + string(h.Kind), TransactionDate: isoTime(h.Created), Status: h.Status,
		ResultDescription: h.Description, PaymentDate: isoTime(h.Created)}
	if h.ID != h.PaymentID {
		out.ReferencePaymentID = &h.PaymentID
	}
	return out
}

// historyDate parses a YYYY-MM-DD query date.
func historyDate(field, v string) (*time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(v))
	if err != nil {
		return nil, e2(http.StatusBadRequest, field, field+" must have the format YYYY-MM-DD.")
	}
	return &t, nil
}

func (h *handler) listPayments(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	hp := domain.HistoryParams{Page: lp.Page, Limit: lp.Limit, Keyword: lp.Keywords}
	start, _, err := q.Str("start_date")
	if err != nil {
		return err
	}
	end, _, err := q.Str("end_date")
	if err != nil {
		return err
	}
	if start != "" {
		if end == "" {
			return e2(http.StatusBadRequest, "end_date", "end_date is required when start_date is given.")
		}
		if hp.From, err = historyDate("start_date", start); err != nil {
			return err
		}
	}
	if end != "" {
		to, err := historyDate("end_date", end)
		if err != nil {
			return err
		}
		next := to.AddDate(0, 0, 1) // the end date is included, to its last millisecond
		hp.To = &next
		if hp.From != nil && hp.From.After(*to) {
			return e2(http.StatusBadRequest, "end_date", "end_date must not be before start_date.")
		}
	}
	page, err := h.Engine.ListHistory(r.Context(), scope(r), hp)
	if err != nil {
		return err
	}
	items := make([]historyJSON, len(page.Items))
	for i, e := range page.Items {
		items[i] = renderHistory(e)
	}
	web.WriteJSON(w, http.StatusOK, historyListJSON{Limit: strconv.Itoa(lp.Limit), Page: strconv.Itoa(lp.Page),
		PageCount: pageCount(page.Total, lp.Limit), Payments: items, TotalCount: page.Total})
	return nil
}

func (h *handler) getPayment(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Engine.GetHistory(r.Context(), scope(r), r.PathValue("payment_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &apiError{status: http.StatusNotFound, body: struct {
			Message string `json:"message"`
			Result  string `json:"result"`
		}{"Your Payment history data not found", "failed"}}
	}
	if err != nil {
		return err
	}
	out := renderHistory(e)
	url := ""
	if e.TransactionID != "" {
		if pr, err := h.Engine.GetPaymentRequest(r.Context(), scope(r), e.TransactionID); err == nil {
			url, _, _ = h.links(pr)
		}
	}
	label := "Once-off transaction"
	if e.TransactionType == "scheduled" {
		label = "Scheduled transaction"
	}
	out.URL, out.RequestDetail = &url, &requestDetailJSON{PaymentType: label, ShippingInformation: e.Shipping}
	web.WriteJSON(w, http.StatusOK, struct {
		Payment historyJSON `json:"payment"`
	}{out})
	return nil
}

// paymentNotFound is E4 as the refund and capture endpoints show it.
func paymentNotFound() error { return e4(http.StatusNotFound, "Payment not found.") }

// amountParam reads the required "amount" of refunds and captures in the
// payment's currency.
func amountParam(p *web.Params, cur domain.Currency) (int64, error) {
	text, ok, err := p.Decimal("amount")
	if err != nil {
		return 0, e2(http.StatusBadRequest, "amount", "amount must be a number.")
	}
	if !ok {
		return 0, e2(http.StatusBadRequest, "amount", "amount is required.")
	}
	v, err := domain.ParseMajor(text, cur)
	if err != nil || v <= 0 {
		return 0, e2(http.StatusBadRequest, "amount", "amount must be a positive number with at most "+
			strconv.Itoa(cur.Exponent)+" decimals for "+cur.Code+".")
	}
	return v, nil
}

// paymentFor resolves the payment a refund or capture names: a debit or
// pre-authorisation's payment_id (its history id is the payment's id).
func (h *handler) paymentFor(r *http.Request, id string) (domain.Payment, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return domain.Payment{}, paymentNotFound()
	}
	p, err := h.Engine.GetPayment(r.Context(), scope(r), strings.ToLower(id))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return p, paymentNotFound()
	}
	return p, err
}

// transactionOf describes the payment request p paid: its transaction_id
// ("145510OO"), that id as the number the refund response shows (nil for a
// PaySmart payment, which has no request), its type and shipping flag.
func (h *handler) transactionOf(r *http.Request, p domain.Payment) (txn string, number any, txnType string, shipping bool) {
	txnType = "once-off"
	if p.RequestID == "" {
		return "", nil, txnType, false
	}
	pr, err := h.Engine.PaymentRequestLink(r.Context(), p.RequestID)
	if err != nil {
		return "", nil, txnType, false
	}
	if pr.Frequency != domain.FrequencyOnce {
		txnType = "scheduled"
	}
	return pr.TransactionID, pr.Number, txnType, pr.ShippingEnabled
}

func (h *handler) refund(w http.ResponseWriter, r *http.Request) error {
	body, err := web.Body(r)
	if err != nil {
		return err
	}
	id := r.PathValue("payment_id")
	if id == "" { // the document's non-curl samples post to /v2/refunds with the id in the body (IC-P18)
		if id, _, err = body.Str("payment_id"); err != nil {
			return err
		}
	}
	p, err := h.paymentFor(r, id)
	if err != nil {
		return err
	}
	amount, err := amountParam(body, p.Currency)
	if err != nil {
		return err
	}
	email, _, err := body.Str("email")
	if err != nil {
		return err
	}
	mobile, _, err := body.Str("mobile_number")
	if err != nil {
		return err
	}
	res, err := h.Engine.CreateRefund(r.Context(), scope(r), domain.RefundInput{PaymentID: p.ID, Amount: &amount,
		Email: strings.TrimSpace(email), Mobile: strings.TrimSpace(mobile)})
	if err != nil {
		de := domain.AsError(err)
		switch {
		case de.Code == domain.CodeInvalid && de.Param == "amount":
			return e2(http.StatusBadRequest, "amount", "amount exceeds the refundable balance of "+
				decimalText(p.AmountCaptured-p.AmountRefunded, p.Currency)+" "+p.Currency.Code+".")
		case de.Code == domain.CodeInvalid && de.Param == "email":
			return e2(http.StatusBadRequest, "email", "email is not a valid email address.")
		case de.Code == domain.CodeState:
			return e4(http.StatusBadRequest, "Payment cannot be refunded: only a paid payment with a balance can be refunded.")
		}
		return err
	}
	_, txnNumber, txnType, shipping := h.transactionOf(r, res.Payment)
	web.WriteJSON(w, http.StatusOK, struct {
		Amount              any    `json:"amount"`
		Balance             any    `json:"balance"`
		Currency            string `json:"currency"`
		Email               string `json:"email"`
		MobileNumber        string `json:"mobile_number"`
		PaymentID           string `json:"payment_id"`
		RefNumber           string `json:"ref_number"`
		RefundDate          string `json:"refund_date"`
		RefundedAmount      any    `json:"refunded_amount"`
		RefundID            string `json:"refund_id"`
		ShippingInformation bool   `json:"shipping_information"`
		Status              string `json:"status"`
		TransactionID       any    `json:"transaction_id"` // a number, as the document shows (495)
		TransactionType     string `json:"transaction_type"`
	}{number(res.Payment.AmountCaptured, p.Currency), number(res.Payment.Remaining(), p.Currency), p.Currency.Code,
		res.Refund.Email, res.Refund.Mobile, p.ID, strings.TrimPrefix(res.Refund.ID, "re_"), isoTime(res.Refund.Created),
		number(res.Refund.Amount, p.Currency), strings.TrimPrefix(res.Refund.ID, "re_"), shipping, "refund", txnNumber, txnType})
	return nil
}

func (h *handler) capture(w http.ResponseWriter, r *http.Request) error {
	body, err := web.Body(r)
	if err != nil {
		return err
	}
	p, err := h.paymentFor(r, r.PathValue("payment_id"))
	if err != nil {
		return err
	}
	if !p.CaptureManual {
		return e4(http.StatusBadRequest, "Only a pre-authorization (PA) payment can be captured.")
	}
	amount, err := amountParam(body, p.Currency)
	if err != nil {
		return err
	}
	got, err := h.Engine.CapturePayment(r.Context(), scope(r), p.ID, &amount)
	if err != nil {
		de := domain.AsError(err)
		switch {
		case de.Code == domain.CodeInvalid && de.Param == "amount":
			return e2(http.StatusBadRequest, "amount", "amount cannot be more than the authorised amount of "+
				decimalText(p.Amount, p.Currency)+" "+p.Currency.Code+".")
		case de.Code == domain.CodeState:
			return e4(http.StatusBadRequest, "Payment cannot be captured: it is "+string(p.Status)+".")
		}
		return err
	}
	txn, _, txnType, shipping := h.transactionOf(r, got)
	web.WriteJSON(w, http.StatusOK, struct {
		TransactionType     string `json:"transaction_type"`
		PaymentID           string `json:"payment_id"`
		TransactionID       string `json:"transaction_id"`
		CapturedAmount      any    `json:"captured_amount"`
		Amount              any    `json:"amount"`
		Balance             any    `json:"balance"`
		Currency            string `json:"currency"`
		RefNumber           string `json:"ref_number"`
		ShippingInformation bool   `json:"shipping_information"`
		Status              string `json:"status"`
		CaptureDate         string `json:"capture_date"`
	}{txnType, got.ID, txn, number(got.AmountCaptured, got.Currency), number(got.Amount, got.Currency),
		number(got.Amount-got.AmountCaptured, got.Currency), got.Currency.Code, got.ReceiptNumber, shipping, "capture",
		isoTime(*got.CapturedAt)})
	return nil
}

func (h *handler) endSubscription(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := h.Engine.EndSubscription(r.Context(), scope(r), strings.ToLower(r.PathValue("payment_id")))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return e4(http.StatusNotFound, "Payment is not found.")
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, struct {
		TransactionType string `json:"transaction_type"`
		PaymentID       string `json:"payment_id"`
		Email           string `json:"email"`
		MobileNumber    string `json:"mobile_number"`
		Amount          any    `json:"amount"`
		Currency        string `json:"currency"`
		RefNumber       string `json:"ref_number"`
		Status          string `json:"status"`
	}{"scheduled", p.ID, pr.Email, pr.MobileNumber, number(p.Amount, p.Currency), p.Currency.Code,
		"Paysley End Subscription", "end_subscription"})
	return nil
}

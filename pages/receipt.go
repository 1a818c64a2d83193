package pages

import (
	"context"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type receiptView struct {
	chrome
	Status        string
	Amount        string
	Refunded      string // amount refunded, "" when nothing was
	Net           string // captured less refunded, shown with Refunded
	Card          string
	Date          string
	ReceiptNumber string
	Description   string
	PaymentID     string
	Reference     string // the payment request's reference number
	Pending       bool   // processing: the page says to reload
	Challenge     string // requires_action: the challenge page
	Files         []fileLink
	ShipTo        []string // the request's shipping address, a part a line (files.go: shipTo)
}

type fileLink struct{ URL, Label string }

var statusLabels = map[domain.PaymentStatus]string{
	domain.StatusSucceeded:       "Paid",
	domain.StatusRequiresCapture: "Authorised, not yet captured",
	domain.StatusFailed:          "Failed",
	domain.StatusCanceled:        "Canceled",
	domain.StatusProcessing:      "Processing",
	domain.StatusRequiresAction:  "Waiting for authentication",
}

// receiptAmounts returns the status label and the amounts a receipt shows.
// A succeeded payment shows what was captured, which a partial capture makes
// less than what was authorised, and after refunds what was refunded and
// the net; any other payment shows the amount it asked for.
func receiptAmounts(p domain.Payment) (status, amount, refunded, net string) {
	status = statusLabels[p.Status]
	if p.Status != domain.StatusSucceeded {
		return status, money(p.Amount, p.Currency), "", ""
	}
	amount = money(p.AmountCaptured, p.Currency)
	if p.AmountRefunded == 0 {
		return status, amount, "", ""
	}
	status = "Partially refunded"
	if p.Remaining() == 0 {
		status = "Refunded"
	}
	return status, amount, money(p.AmountRefunded, p.Currency), money(p.Remaining(), p.Currency)
}

// receiptFor builds what a receipt shows, on the page and in its files.
func (s *site) receiptFor(r *http.Request, p domain.Payment, m domain.Merchant) *receiptView {
	return receiptFor(r.Context(), s.Engine, p, m)
}

func receiptFor(ctx context.Context, e *domain.Engine, p domain.Payment, m domain.Merchant) *receiptView {
	v := &receiptView{chrome: chrome{Title: "Receipt from " + m.Name, Merchant: m.Name, Test: !p.Livemode},
		Date: dateTime(p.Created, m), ReceiptNumber: p.ReceiptNumber, Description: p.Description, PaymentID: "pay_" + p.ID,
		Card: cardLabel(p.Card), Pending: p.Status == domain.StatusProcessing}
	v.Status, v.Amount, v.Refunded, v.Net = receiptAmounts(p)
	if p.Status == domain.StatusRequiresAction {
		v.Challenge = AuthenticateURL("", p.ID)
	}
	if p.RequestID != "" {
		if pr, _, err := e.PaymentPage(ctx, p.RequestID); err == nil {
			v.Reference = pr.ReferenceNumber
			// The request's address is this payment's once the payment is
			// made or authorised and paid the request (domain settleRequest);
			// otherwise nothing ships, or the address is the merchant's or
			// another payer's.
			if (p.Status == domain.StatusSucceeded || p.Status == domain.StatusRequiresCapture) && pr.PaymentID == p.ID {
				v.ShipTo = shipTo(pr.ShippingAddress)
			}
			if v.Description == "Payment request "+pr.TransactionID && len(pr.CartItems) > 0 {
				names := make([]string, 0, len(pr.CartItems))
				for _, ci := range pr.CartItems {
					names = append(names, ci.Name)
				}
				v.Description = strings.Join(names, ", ")
			}
		}
	}
	for _, f := range []struct{ ext, label string }{{"pdf", "PDF"}, {"png", "PNG"}, {"jpeg", "JPEG"}} {
		v.Files = append(v.Files, fileLink{URL: ReceiptFileURL("", p.ID, f.ext), Label: f.label})
	}
	return v
}

// receipt serves /receipts/pay_… (the page) and pay_….pdf, .png, .jpeg.
func (s *site) receipt(w http.ResponseWriter, r *http.Request, q *req) error {
	wire := r.PathValue("id")
	ext := ""
	if i := strings.LastIndexByte(wire, '.'); i >= 0 {
		wire, ext = wire[:i], wire[i+1:]
	}
	p, m, err := s.payment(r, wire)
	if err != nil {
		return err
	}
	v := s.receiptFor(r, p, m)
	switch ext {
	case "":
		s.html(w, q, http.StatusOK, "receipt.html", v)
		return nil
	case "pdf":
		b, err := receiptPDF(v)
		if err != nil {
			return err
		}
		return writeFile(w, "application/pdf", "receipt-"+v.PaymentID+".pdf", b)
	case "png", "jpeg", "jpg":
		b, err := receiptImage(v, ext)
		if err != nil {
			return err
		}
		return writeFile(w, imageType(ext), "receipt-"+v.PaymentID+"."+ext, b)
	}
	return notFound("Receipt")
}

func imageType(ext string) string {
	if ext == "png" {
		return "image/png"
	}
	return "image/jpeg"
}

func writeFile(w http.ResponseWriter, contentType, name string, b []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Write(b)
	return nil
}

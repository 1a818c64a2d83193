// Package pages serves the HTML pages people see: payment receipts now; the
// hosted payment page, QR codes and invoices later.
package pages

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// Deps are what the pages need.
type Deps struct {
	Engine *domain.Engine
	Log    *slog.Logger
}

// Register mounts the pages on mux.
func Register(mux *http.ServeMux, d Deps) {
	mux.Handle("GET /receipts/{id}", receipt(d))
}

type receiptView struct {
	Merchant      string
	Status        string
	Amount        string
	Currency      string
	Refunded      string // amount refunded, "" when nothing was
	Net           string // captured less refunded, shown with Refunded
	Card          string
	Date          string
	ReceiptNumber string
	Description   string
	PaymentID     string
	Test          bool
}

var statusLabels = map[domain.PaymentStatus]string{
	domain.StatusSucceeded:       "Paid",
	domain.StatusRequiresCapture: "Authorised, not yet captured",
	domain.StatusFailed:          "Failed",
	domain.StatusCanceled:        "Canceled",
}

// receiptAmounts returns the status label and the amounts a receipt shows.
// A succeeded payment shows what was captured, which a partial capture makes
// less than what was authorised, and after refunds what was refunded and
// the net; any other payment shows the amount it asked for.
func receiptAmounts(p domain.Payment) (status, amount, refunded, net string) {
	status = statusLabels[p.Status]
	if p.Status != domain.StatusSucceeded {
		return status, domain.FormatMajor(p.Amount, p.Currency), "", ""
	}
	amount = domain.FormatMajor(p.AmountCaptured, p.Currency)
	if p.AmountRefunded == 0 {
		return status, amount, "", ""
	}
	status = "Partially refunded"
	if p.Remaining() == 0 {
		status = "Refunded"
	}
	return status, amount, domain.FormatMajor(p.AmountRefunded, p.Currency), domain.FormatMajor(p.Remaining(), p.Currency)
}

func receipt(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wire := r.PathValue("id")
		id, ok := strings.CutPrefix(wire, "pay_")
		if !ok {
			http.Error(w, "Receipt not found.", http.StatusNotFound)
			return
		}
		p, m, err := d.Engine.ReceiptPayment(r.Context(), id)
		if err != nil {
			if domain.ErrorCode(err) == domain.CodeNotFound {
				http.Error(w, "Receipt not found.", http.StatusNotFound)
				return
			}
			d.Log.ErrorContext(r.Context(), "receipt", "request_id", web.RequestID(r.Context()), "error", err.Error())
			http.Error(w, "Something went wrong. Request id: "+web.RequestID(r.Context()), http.StatusInternalServerError)
			return
		}
		v := receiptView{Merchant: m.Name, Currency: p.Currency.Code, Date: p.Created.Format("2 January 2006, 15:04 MST"),
			ReceiptNumber: p.ReceiptNumber, Description: p.Description, PaymentID: wire, Test: !p.Livemode}
		v.Status, v.Amount, v.Refunded, v.Net = receiptAmounts(p)
		if p.Card.Last4 != "" {
			v.Card = strings.ToUpper(string(p.Card.Brand[:1])) + string(p.Card.Brand[1:]) + " •••• " + p.Card.Last4
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		if err := templates.ExecuteTemplate(w, "receipt.html", v); err != nil {
			d.Log.ErrorContext(r.Context(), "receipt template", "error", err.Error())
		}
	})
}

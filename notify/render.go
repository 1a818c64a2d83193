package notify

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
)

// Renderer writes the texts of outbox messages (domain.MessageRenderer): a
// merchant's template or the built-in one, with the variables below filled
// in, and the links of the hosted pages (pages' link builders).
//
// Templates are plain text with variables written {{name}} (spaces inside
// the braces allowed); an unknown name is left as written. The HTML part of
// an e-mail is the same text, HTML-escaped (the merchant's words and every
// value alike), blank lines making paragraphs and the links made clickable.
type Renderer struct {
	BaseURL string // public URL of this server, without a trailing slash
}

// Variables are the names a template may use.
var Variables = []string{"customer_name", "merchant_name", "amount", "link", "pay_link", "short_link", "invoice_link",
	"receipt_link", "reference_number", "transaction_id", "due_date", "expiry_date"}

var variable = regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)

// isLink says which variables hold a URL, made clickable in HTML.
var isLink = map[string]bool{"invitation_link": true, "link": true, "pay_link": true, "short_link": true, "invoice_link": true, "receipt_link": true}

// Render implements domain.MessageRenderer.
func (r Renderer) Render(m *domain.Message, t *domain.Template, c domain.MessageContext) error {
	vars := r.vars(m, c)
	subject, body := builtin(m, c, vars)
	if t != nil {
		subject, body = t.Subject, t.Body
	}
	switch m.Channel {
	case domain.ChannelEmail:
		m.From, m.ReplyTo = c.Merchant.MailFrom, c.Merchant.Email
		m.Subject = strings.Join(strings.Fields(expand(subject, vars, false)), " ")
		m.Text = expand(body, vars, false)
		m.HTML = htmlPage(c.Merchant.Name, !m.Livemode, expand(body, vars, true))
	case domain.ChannelSMS, domain.ChannelMMS:
		m.Text = strings.TrimSpace(expand(body, vars, false))
		to, region, err := E164(m.To)
		if err != nil {
			m.Status, m.LastError = domain.MessageFailed, err.Error()
			return nil
		}
		m.To, m.From = to, r.sender(m.From, c.Merchant)
		if m.Media != nil {
			url := r.mediaURL(*m.Media, m)
			if mmsRegions[region] {
				m.Channel, m.MediaURL = domain.ChannelMMS, url
			} else {
				// "Other non-supported countries will send an extended SMS
				// with an URL to download the respective invoice."
				m.Channel, m.Media = domain.ChannelSMS, nil
				m.Text += " " + map[bool]string{true: "Invoice", false: "Receipt"}[m.Kind == domain.MessageInvoice] + ": " + url
			}
		}
		if m.Channel == domain.ChannelSMS {
			m.Encoding, m.Segments = Segments(m.Text)
		}
	default:
		return fmt.Errorf("notify: no channel %q", m.Channel)
	}
	return nil
}

// sender is the SMS sender: the request's merchant_phone_number when the
// merchant owns that number, else "" (the server's --sms-from).
func (r Renderer) sender(asked string, mc domain.Merchant) string {
	if asked == "" {
		return ""
	}
	want, _, err := E164(asked)
	if err != nil {
		return ""
	}
	for _, n := range strings.Split(mc.PhoneNumbers, ",") {
		if own, _, err := E164(n); err == nil && own == want {
			return own
		}
	}
	return ""
}

func (r Renderer) mediaURL(a domain.Attachment, m *domain.Message) string {
	switch a.Source {
	case domain.SourceURL:
		return a.URL
	case domain.SourceReceipt:
		return pages.ReceiptFileURL(r.BaseURL, m.PaymentID, a.Format)
	}
	if a.Format == "png" {
		return pages.InvoiceImageURL(r.BaseURL, m.PaymentRequestID)
	}
	return pages.InvoiceURL(r.BaseURL, m.PaymentRequestID)
}

func (r Renderer) vars(m *domain.Message, c domain.MessageContext) map[string]string {
	v := map[string]string{"merchant_name": c.Merchant.Name, "customer_name": "there"}
	if pr := c.Request; pr != nil {
		if name := strings.TrimSpace(pr.CustomerFirstName + " " + pr.CustomerLastName); name != "" {
			v["customer_name"] = name
		}
		v["amount"] = pages.FormatMoney(pr.AmountDue, pr.Currency)
		v["pay_link"], v["short_link"] = pages.PayURL(r.BaseURL, pr.ID), pages.ShortURL(r.BaseURL, pr.ID)
		v["invoice_link"] = pages.InvoiceURL(r.BaseURL, pr.ID)
		v["reference_number"], v["transaction_id"] = pr.ReferenceNumber, pr.TransactionID
		if pr.ExpiresAt != nil {
			v["due_date"] = pages.FormatDate(*pr.ExpiresAt, c.Merchant)
			v["expiry_date"] = v["due_date"]
		}
		v["link"] = v["pay_link"]
		if m.Channel != domain.ChannelEmail {
			v["link"] = v["short_link"] // SMS pay by the character
		}
	}
	if p := c.Payment; p != nil {
		v["amount"] = pages.FormatMoney(p.AmountCaptured, p.Currency)
		v["receipt_link"] = pages.ReceiptURL(r.BaseURL, p.ID)
		v["link"] = v["receipt_link"]
	}
	if rf := c.Refund; rf != nil {
		v["amount"] = pages.FormatMoney(rf.Amount, rf.Currency)
	}
	if iv := c.Invitation; iv != nil {
		r.invitationVars(v, *iv, c.Merchant)
	}
	return v
}

// expand fills the variables of text; for HTML it escapes text and values
// and makes links of the link variables.
func expand(text string, vars map[string]string, asHTML bool) string {
	var b strings.Builder
	last := 0
	for _, loc := range variable.FindAllStringSubmatchIndex(text, -1) {
		name := text[loc[2]:loc[3]]
		val, known := vars[name]
		if !known && !contains(Variables, name) {
			continue // left as written
		}
		lit := text[last:loc[0]]
		if asHTML {
			b.WriteString(html.EscapeString(lit))
			if isLink[name] && val != "" {
				e := html.EscapeString(val)
				b.WriteString(`<a href="` + e + `">` + e + `</a>`)
			} else {
				b.WriteString(html.EscapeString(val))
			}
		} else {
			b.WriteString(lit)
			b.WriteString(val)
		}
		last = loc[1]
	}
	if asHTML {
		b.WriteString(html.EscapeString(text[last:]))
	} else {
		b.WriteString(text[last:])
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// htmlPage lays escaped text out as an e-mail: paragraphs at blank lines,
// line breaks within them, in a plain card with the merchant's name.
func htmlPage(merchant string, test bool, escaped string) string {
	var body strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(escaped, "\r\n", "\n"), "\n\n") {
		if para = strings.Trim(para, "\n"); para != "" {
			body.WriteString(`<p style="margin:0 0 16px">` + strings.ReplaceAll(para, "\n", "<br>\n") + "</p>\n")
		}
	}
	banner := ""
	if test {
		banner = `<p style="display:inline-block;margin:0 0 16px;padding:2px 8px;background:#ffde92;color:#7a4b00;font-size:12px;font-weight:bold">TEST MODE</p>` + "\n"
	}
	return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1a1f36;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px">
` + banner + `<h1 style="margin:0 0 24px;font-size:20px">` + html.EscapeString(merchant) + `</h1>
` + body.String() + `</div>
</body></html>
`
}

// builtin is PaySmart's own message for a kind and channel, used when the
// merchant has no template for it.
func builtin(m *domain.Message, c domain.MessageContext, v map[string]string) (subject, body string) {
	sms := m.Channel != domain.ChannelEmail
	ref := ""
	if v["reference_number"] != "" {
		ref = " (ref. {{reference_number}})"
	}
	switch m.Kind {
	case domain.MessageInvoice:
		if sms {
			return "", "{{merchant_name}}: please pay {{amount}}" + ref + " at {{link}}"
		}
		due := ""
		if v["due_date"] != "" {
			due = "\nPlease pay by {{due_date}}.\n"
		}
		attached := ""
		if len(m.Attachments) > 0 {
			attached = "\nThe invoice is attached.\n"
		}
		return "{{merchant_name}} asks you to pay {{amount}}" + ref,
			"Hello {{customer_name}},\n\n{{merchant_name}} asks you to pay {{amount}}" + ref + ".\n\n" +
				"Pay securely here:\n{{link}}\n" + due + attached + "\nThank you."
	case domain.MessageReceipt, domain.MessageConfirmation:
		if sms {
			return "", "{{merchant_name}}: we received your payment of {{amount}}" + ref + ". Receipt: {{receipt_link}}"
		}
		subject = "Your receipt from {{merchant_name}}"
		if m.Kind == domain.MessageConfirmation {
			subject = "Payment confirmed: {{amount}} to {{merchant_name}}"
		}
		number := ""
		if c.Payment != nil && c.Payment.ReceiptNumber != "" {
			number = "Receipt number: " + c.Payment.ReceiptNumber + "\n"
		}
		attached := ""
		if len(m.Attachments) > 0 {
			attached = "Your receipt is attached.\n"
		}
		return subject, "Hello {{customer_name}},\n\n{{merchant_name}} received your payment of {{amount}}" + ref + ".\n\n" +
			number + "View your receipt:\n{{receipt_link}}\n\n" + attached + "\nThank you."
	case domain.MessageRefundReceipt:
		if sms {
			return "", "{{merchant_name}} refunded {{amount}} to your card. Receipt: {{receipt_link}}"
		}
		return "Refund of {{amount}} from {{merchant_name}}",
			"Hello {{customer_name}},\n\n{{merchant_name}} refunded {{amount}} to your card. " +
				"It may take a few days to appear on your statement.\n\nThe payment's receipt:\n{{receipt_link}}\n\nThank you."
	case domain.MessageSubscriptionPaymentFailed:
		return subscriptionFailed(c, v)
	case domain.MessageInvitation:
		return invitation()
	}
	return "{{merchant_name}}", "{{merchant_name}}"
}

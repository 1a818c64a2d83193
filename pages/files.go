package pages

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/paysmart/paysmart/domain"
)

// The files: receipts as PDF, PNG and JPEG, invoices as PDF, and QR codes.
// They use the Go fonts (embedded in golang.org/x/image), which carry €, é,
// ü and the other Latin and Greek letters merchants' names and products use.

// doc is a document's lines, drawn the same way in a PDF and an image.
type doc struct {
	Title    string
	Merchant string
	Test     bool
	Big      string      // the amount, large
	Rows     [][2]string // label, value; a value's lines are split at "\n"
	Lines    [][2]string // invoice lines: description, amount
	Note     string
	Footer   string
}

func receiptDoc(v *receiptView) doc {
	d := doc{Title: "Receipt", Merchant: v.Merchant, Test: v.Test, Big: v.Amount,
		Footer: "Payment " + v.PaymentID}
	add := func(label, value string) {
		if value != "" {
			d.Rows = append(d.Rows, [2]string{label, value})
		}
	}
	add("Status", v.Status)
	add("Refunded", v.Refunded)
	add("Net", v.Net)
	add("Date", v.Date)
	add("Payment method", v.Card)
	add("Receipt number", v.ReceiptNumber)
	add("Reference", v.Reference)
	add("Description", v.Description)
	add("Ship to", strings.Join(v.ShipTo, "\n"))
	return d
}

// shipTo is a shipping address as the documents print it, a part a line:
// the name, the street lines, city, state or region, postal code and the
// country's code as given. Empty parts are left out; no address, or one
// with nothing to print, is no lines.
func shipTo(a *domain.ShippingAddress) []string {
	if a == nil {
		return nil
	}
	var lines []string
	for _, s := range []string{a.FirstName + " " + a.LastName, a.AddressLine1, a.AddressLine2, a.City, a.State, a.Zip, a.Country} {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	return lines
}

func invoiceDoc(pr domain.PaymentRequest, m domain.Merchant, base string) doc {
	sum := buildSummary(pr)
	d := doc{Title: "Invoice " + pr.TransactionID, Merchant: m.Name, Test: !pr.Livemode, Big: sum.Due.Text,
		Note: sum.Mismatch, Footer: "Pay at " + ShortURL(base, pr.ID)}
	for _, it := range sum.Items {
		d.Lines = append(d.Lines, [2]string{it.Name + "   " + it.Detail, it.Total})
	}
	for _, r := range sum.Rows {
		d.Lines = append(d.Lines, [2]string{r.Label, r.Text})
	}
	d.Lines = append(d.Lines, [2]string{sum.Due.Label, sum.Due.Text})
	d.Rows = append(d.Rows, [2]string{"Date", dateTime(pr.Created, m)})
	if pr.ReferenceNumber != "" {
		d.Rows = append(d.Rows, [2]string{"Reference", pr.ReferenceNumber})
	}
	if name := strings.TrimSpace(pr.CustomerFirstName + " " + pr.CustomerLastName); name != "" {
		d.Rows = append(d.Rows, [2]string{"Bill to", name})
	}
	if pr.Email != "" {
		d.Rows = append(d.Rows, [2]string{"Email", pr.Email})
	}
	if ship := shipTo(pr.ShippingAddress); len(ship) > 0 {
		d.Rows = append(d.Rows, [2]string{"Ship to", strings.Join(ship, "\n")})
	}
	if pr.ExpiresAt != nil {
		d.Rows = append(d.Rows, [2]string{"Due by", dateTime(*pr.ExpiresAt, m)})
	}
	status := "Due"
	if pr.Status == "paid" {
		status = "Paid"
	}
	d.Rows = append(d.Rows, [2]string{"Status", status})
	return d
}

// pdfBytes lays d out on an A4 page.
func pdfBytes(d doc) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetTitle(d.Title+" from "+d.Merchant, true)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	inner := w - 40
	if d.Test {
		pdf.SetFillColor(255, 222, 146)
		pdf.SetTextColor(122, 75, 0)
		pdf.SetFont("go", "B", 9)
		pdf.CellFormat(24, 6, "TEST MODE", "", 1, "C", true, 0, "")
		pdf.Ln(3)
	}
	pdf.SetTextColor(26, 31, 54)
	pdf.SetFont("go", "B", 18)
	pdf.CellFormat(inner, 9, d.Merchant, "", 1, "L", false, 0, "")
	pdf.SetFont("go", "", 12)
	pdf.SetTextColor(105, 115, 134)
	pdf.CellFormat(inner, 7, d.Title, "", 1, "L", false, 0, "")
	pdf.Ln(4)
	pdf.SetTextColor(26, 31, 54)
	pdf.SetFont("go", "B", 24)
	pdf.CellFormat(inner, 12, d.Big, "", 1, "L", false, 0, "")
	pdf.Ln(4)
	pdf.SetDrawColor(227, 232, 238)
	for _, r := range d.Rows {
		// A row is 7 mm high; a value of several lines (an address, a
		// wrapped description) is set 5.5 mm apart, its first line level
		// with the label.
		y, page := pdf.GetY(), pdf.PageNo()
		pdf.SetFont("go", "", 11)
		pdf.SetTextColor(105, 115, 134)
		pdf.CellFormat(50, 7, r[0], "", 0, "L", false, 0, "")
		pdf.SetTextColor(26, 31, 54)
		pdf.SetXY(20+50, y+0.75)
		pdf.MultiCell(inner-50, 5.5, r[1], "", "R", false)
		if end := pdf.GetY() + 0.75; pdf.PageNo() != page || end > y+7 {
			pdf.SetY(end)
		} else {
			pdf.SetY(y + 7)
		}
	}
	if len(d.Lines) > 0 {
		pdf.Ln(4)
		for i, l := range d.Lines {
			style := ""
			if i == len(d.Lines)-1 {
				style = "B"
				pdf.Line(20, pdf.GetY(), w-20, pdf.GetY())
			}
			pdf.SetFont("go", style, 11)
			pdf.CellFormat(inner-40, 8, l[0], "B", 0, "L", false, 0, "")
			pdf.CellFormat(40, 8, l[1], "B", 1, "R", false, 0, "")
		}
	}
	if d.Note != "" {
		pdf.Ln(3)
		pdf.SetFont("go", "", 9)
		pdf.SetTextColor(105, 115, 134)
		pdf.MultiCell(inner, 5, d.Note, "", "L", false)
	}
	pdf.Ln(8)
	pdf.SetFont("go", "", 9)
	pdf.SetTextColor(105, 115, 134)
	pdf.MultiCell(inner, 5, d.Footer, "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func receiptPDF(v *receiptView) ([]byte, error) { return pdfBytes(receiptDoc(v)) }

var (
	regularFont, _ = opentype.Parse(goregular.TTF)
	boldFont, _    = opentype.Parse(gobold.TTF)
)

func face(f *opentype.Font, size float64) font.Face {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // the embedded fonts always parse
	}
	return fc
}

// receiptImage draws the receipt at 2× for sharp text on phones.
func receiptImage(v *receiptView, ext string) ([]byte, error) { return docImage(receiptDoc(v), ext) }

// docImage draws d as a picture 1000 pixels wide (2× for sharp text on
// phones), as PNG or JPEG: the merchant, the title, the amount large, the
// rows, then an invoice's lines with the total in bold, its note and the
// footer. It is the PDF's layout on one card, for MMS.
func docImage(d doc, ext string) ([]byte, error) {
	const width, pad = 1000, 64
	ink, grey := image.NewUniform(color.RGBA{26, 31, 54, 255}), image.NewUniform(color.RGBA{105, 115, 134, 255})
	small, label := face(regularFont, 22), face(regularFont, 26)
	note := wrapText(small, d.Note, width-2*pad)
	footer := wrapText(small, d.Footer, width-2*pad)
	// A row's value may have several lines (an address): each after the
	// first adds 36 pixels.
	rowLines := 0
	for _, r := range d.Rows {
		rowLines += strings.Count(r[1], "\n")
	}
	height := 360 + 56*len(d.Rows) + 36*rowLines + 34*(len(note)+len(footer))
	if d.Test {
		height += 56
	}
	if len(d.Lines) > 0 {
		height += 24 + 52*len(d.Lines)
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{245, 246, 248, 255}), image.Point{}, draw.Src)
	card := image.Rect(32, 32, width-32, height-32)
	draw.Draw(img, card, image.White, image.Point{}, draw.Src)
	text := func(f font.Face, src image.Image, x, y int, s string, right bool) {
		dr := font.Drawer{Dst: img, Src: src, Face: f}
		if right {
			x -= dr.MeasureString(s).Round()
		}
		dr.Dot = fixed.P(x, y)
		dr.DrawString(s)
	}
	rule := func(y int) {
		draw.Draw(img, image.Rect(pad, y, width-pad, y+2), image.NewUniform(color.RGBA{227, 232, 238, 255}), image.Point{}, draw.Src)
	}
	y := pad + 40
	if d.Test {
		r := image.Rect(pad, y-30, pad+170, y+10)
		draw.Draw(img, r, image.NewUniform(color.RGBA{255, 222, 146, 255}), image.Point{}, draw.Src)
		text(face(boldFont, 22), image.NewUniform(color.RGBA{122, 75, 0, 255}), pad+14, y-2, "TEST MODE", false)
		y += 56
	}
	text(face(boldFont, 36), ink, pad, y, d.Merchant, false)
	y += 44
	text(face(regularFont, 26), grey, pad, y, d.Title, false)
	y += 80
	text(face(boldFont, 60), ink, pad, y, d.Big, false)
	y += 64
	for _, r := range d.Rows {
		text(label, grey, pad, y, r[0], false)
		room := width - 2*pad - font.MeasureString(label, r[0]).Round() - 32
		for i, s := range strings.Split(r[1], "\n") {
			if i > 0 {
				y += 36
			}
			text(label, ink, width-pad, y, fitText(label, s, room), true)
		}
		y += 56
	}
	if len(d.Lines) > 0 {
		y += 24
		bold := face(boldFont, 26)
		for i, l := range d.Lines {
			f := label
			if i == len(d.Lines)-1 {
				f = bold
				rule(y - 36)
			}
			amount := font.MeasureString(f, l[1]).Round()
			text(f, ink, pad, y, fitText(f, l[0], width-2*pad-amount-32), false)
			text(f, ink, width-pad, y, l[1], true)
			y += 52
		}
	}
	for _, s := range append(note, footer...) {
		text(small, grey, pad, y, s, false)
		y += 34
	}
	var b bytes.Buffer
	var err error
	if ext == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	}
	return b.Bytes(), err
}

// wrapText breaks s into lines at most width pixels wide in f, at spaces.
func wrapText(f font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && font.MeasureString(f, line+" "+w).Round() > width {
			lines, line = append(lines, line), w
			continue
		}
		line = strings.TrimSpace(line + " " + w)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// fitText shortens s with an ellipsis to at most width pixels in f.
func fitText(f font.Face, s string, width int) string {
	if font.MeasureString(f, s).Round() <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && font.MeasureString(f, string(r)+"…").Round() > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// qrPNG is a QR code of text with a quiet zone, as scanners want it.
func qrPNG(text string) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, err
	}
	const size, quiet = 320, 32
	scaled, err := barcode.Scale(code, size, size)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, size+2*quiet, size+2*quiet))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(quiet, quiet, quiet+size, quiet+size), scaled, image.Point{}, draw.Src)
	var b bytes.Buffer
	err = png.Encode(&b, img)
	return b.Bytes(), err
}

func (s *site) qr(w http.ResponseWriter, r *http.Request, q *req) error {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	if !ok {
		return notFound("QR code")
	}
	pr, _, err := s.load(r.Context(), id)
	if err != nil {
		return err
	}
	if pr.Deleted {
		return notFound("QR code")
	}
	b, err := qrPNG(ShortURL(s.BaseURL, pr.ID))
	if err != nil {
		return err
	}
	return writeFile(w, "image/png", pr.ID+".png", b)
}

// invoice serves a payment request's invoice as a PDF (.pdf), or as the
// PNG picture an MMS carries (.png).
func (s *site) invoice(w http.ResponseWriter, r *http.Request, q *req) error {
	file := r.PathValue("file")
	ext := path.Ext(file)
	if ext != ".pdf" && ext != ".png" {
		return notFound("Invoice")
	}
	pr, m, err := s.load(r.Context(), strings.TrimSuffix(file, ext))
	if err != nil {
		return err
	}
	if pr.Deleted {
		return notFound("Invoice")
	}
	d := invoiceDoc(pr, m, s.BaseURL)
	if ext == ".png" {
		b, err := docImage(d, "png")
		if err != nil {
			return err
		}
		return writeFile(w, "image/png", "invoice-"+pr.TransactionID+".png", b)
	}
	b, err := pdfBytes(d)
	if err != nil {
		return err
	}
	return writeFile(w, "application/pdf", "invoice-"+pr.TransactionID+".pdf", b)
}

// Files renders the documents that messages attach: the same bytes the
// routes /invoices/… and /receipts/… serve, so an e-mail and the page never
// disagree.
type Files struct {
	Engine  *domain.Engine
	BaseURL string // public URL of this server, as in Deps
}

// Invoice returns a payment request's invoice as a PDF, with its file name.
// Errors: CodeNotFound (no such request, or deleted).
func (f Files) Invoice(ctx context.Context, requestID string) (name string, pdf []byte, err error) {
	pr, m, err := f.Engine.PaymentPage(ctx, requestID)
	if err != nil {
		return "", nil, err
	}
	if pr.Deleted {
		return "", nil, domain.NotFound("payment request", "id", requestID)
	}
	b, err := pdfBytes(invoiceDoc(pr, m, f.BaseURL))
	return "invoice-" + pr.TransactionID + ".pdf", b, err
}

// Receipt returns a payment's receipt as format pdf, png or jpeg, with its
// file name and content type. Errors: CodeNotFound.
func (f Files) Receipt(ctx context.Context, paymentID, format string) (name, contentType string, b []byte, err error) {
	p, m, err := f.Engine.ReceiptPayment(ctx, paymentID)
	if err != nil {
		return "", "", nil, err
	}
	v := receiptFor(ctx, f.Engine, p, m)
	name = "receipt-" + v.PaymentID + "." + format
	switch format {
	case "pdf":
		b, err = receiptPDF(v)
		return name, "application/pdf", b, err
	case "png", "jpeg":
		b, err = receiptImage(v, format)
		return name, imageType(format), b, err
	}
	return "", "", nil, fmt.Errorf("pages: no receipt format %q", format)
}

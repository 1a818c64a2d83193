package pages_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestInvoicePNG: the invoice as a picture (what an MMS shows) decodes,
// and shows the amount due large and as the bold total line, drawn in the
// Go Bold font at the sizes of the layout.
func TestInvoicePNG(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		pr := mustRequest(t, e, `"amount": "30.50", "fixed_amount": true, "reference_number": "INV-88",
			"customer_first_name": "Zoë", "customer_last_name": "Müller"`)
		id := pr.LongURL[strings.LastIndex(pr.LongURL, "/")+1:]
		res, b := get(t, e.URL+"/invoices/"+id+".png")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("invoice png: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		img, format, err := image.Decode(strings.NewReader(b))
		if err != nil || format != "png" {
			t.Fatalf("invoice png: %v %s", err, format)
		}
		if bd := img.Bounds(); bd.Dx() != 1000 || bd.Dy() < 600 || bd.Dy() > 2000 {
			t.Errorf("invoice png is %v", bd)
		}
		for _, size := range []float64{60, 26} {
			if !containsText(t, img, "$30.50", size) {
				t.Errorf("the invoice png does not show $30.50 at %vpt", size)
			}
		}
		if containsText(t, img, "$31.50", 60) {
			t.Error("the search finds an amount the invoice does not show")
		}
		for _, p := range []string{"/invoices/" + id + ".gif", "/invoices/preq_nothing.png"} {
			if res, _ := get(t, e.URL+p); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
			}
		}
	})
}

// containsText reports whether img shows s drawn in Go Bold at size in the
// ink of the documents on white, pixel for pixel: the glyphs are drawn here
// the same way and searched for in the picture.
func containsText(t *testing.T, img image.Image, s string, size float64) bool {
	t.Helper()
	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	w := font.MeasureString(fc, s).Round() + 20
	h := int(size * 2)
	tpl := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(tpl, tpl.Bounds(), image.White, image.Point{}, draw.Src)
	dr := font.Drawer{Dst: tpl, Src: image.NewUniform(color.RGBA{26, 31, 54, 255}), Face: fc, Dot: fixed.P(10, int(size*1.5))}
	dr.DrawString(s)
	// The glyphs' box: rows and columns with ink.
	box := image.Rectangle{Min: image.Point{w, h}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if tpl.RGBAAt(x, y) != (color.RGBA{255, 255, 255, 255}) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	bw, bh := box.Dx(), box.Dy()
	for y := 0; y+bh <= rgba.Bounds().Dy(); y++ {
	next:
		for x := 0; x+bw <= rgba.Bounds().Dx(); x++ {
			for dy := 0; dy < bh; dy++ {
				a := rgba.Pix[rgba.PixOffset(x, y+dy):rgba.PixOffset(x+bw, y+dy)]
				b := tpl.Pix[tpl.PixOffset(box.Min.X, box.Min.Y+dy):tpl.PixOffset(box.Max.X, box.Min.Y+dy)]
				if !bytes.Equal(a, b) {
					continue next
				}
			}
			return true
		}
	}
	return false
}

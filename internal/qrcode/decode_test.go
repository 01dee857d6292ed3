package qrcode

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// Decode reads a QR code from an image with an independent decoder
// (a port of ZXing), as a phone would.
func Decode(t testing.TB, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

// rasterize draws an SVG at size×size pixels.
func rasterize(t testing.TB, svg []byte, size int) image.Image {
	t.Helper()
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg))
	if err != nil {
		t.Fatal(err)
	}
	icon.SetTarget(0, 0, float64(size), float64(size))
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	icon.Draw(rasterx.NewDasher(size, size, rasterx.NewScannerGV(size, size, img, img.Bounds())), 1)
	return img
}

func TestEveryFormDecodesToTheShortURL(t *testing.T) {
	for _, url := range []string{"https://kopilka.example/q/4BGXV7", "http://127.0.0.1:8090/q/E0X36W", "https://metodkopilka.berezovsk-obr.example/q/ZZZZZZ"} {
		t.Run(url, func(t *testing.T) {
			c, err := Encode(url)
			if err != nil {
				t.Fatal(err)
			}
			data, err := c.PNG(8)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := Decode(t, img); got != url {
				t.Errorf("PNG decodes to %q", got)
			}
			svg := c.SVG("QR-код " + url)
			if got := Decode(t, rasterize(t, svg, 400)); got != url {
				t.Errorf("SVG decodes to %q", got)
			}
			if !strings.Contains(string(svg), "<title>QR-код "+url+"</title>") {
				t.Error("SVG has no accessible title")
			}
		})
	}
}

func TestSVGMergesRuns(t *testing.T) {
	c, err := Encode("https://kopilka.example/q/4BGXV7")
	if err != nil {
		t.Fatal(err)
	}
	modules := 0
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if c.Black(x, y) {
				modules++
			}
		}
	}
	runs := strings.Count(string(c.SVG("")), "M")
	if runs >= modules*2/3 {
		t.Errorf("%d path segments for %d dark modules: runs are not merged", runs, modules)
	}
	if n := len(c.SVG("")); n > 6000 {
		t.Errorf("SVG is %d bytes", n)
	}
}

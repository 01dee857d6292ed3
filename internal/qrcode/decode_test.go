package qrcode_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/qrcode"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

func TestEveryFormDecodesToTheShortURL(t *testing.T) {
	for _, url := range []string{"https://kopilka.example/q/4BGXV7", "http://127.0.0.1:8090/q/E0X36W", "https://metodkopilka.berezovsk-obr.example/q/ZZZZZZ"} {
		t.Run(url, func(t *testing.T) {
			c, err := qrcode.Encode(url)
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
			if got, err := qrtest.Decode(img); err != nil || got != url {
				t.Errorf("PNG decodes to %q, %v", got, err)
			}
			svg := c.SVG("QR-код " + url)
			raster, err := qrtest.Rasterize(svg, 400)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := qrtest.Decode(raster); err != nil || got != url {
				t.Errorf("SVG decodes to %q, %v", got, err)
			}
			if !strings.Contains(string(svg), "<title>QR-код "+url+"</title>") {
				t.Error("SVG has no accessible title")
			}
		})
	}
}

func TestSVGMergesRuns(t *testing.T) {
	c, err := qrcode.Encode("https://kopilka.example/q/4BGXV7")
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

func TestPNGHasTheModulesOfTheCodePixelForPixel(t *testing.T) {
	c, err := qrcode.Encode("https://kopilka.example/q/4BGXV7")
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []int{1, 3, 12} { // rows that end mid-byte and that do not
		data, err := c.PNG(scale)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("scale %d: %v", scale, err)
		}
		total := (c.Size() + 2*qrcode.Quiet) * scale
		if b := img.Bounds(); b.Dx() != total || b.Dy() != total {
			t.Fatalf("scale %d: %v, want %d×%d", scale, b, total, total)
		}
		for y := 0; y < total; y++ {
			for x := 0; x < total; x++ {
				mx, my := x/scale-qrcode.Quiet, y/scale-qrcode.Quiet
				black := mx >= 0 && my >= 0 && mx < c.Size() && my < c.Size() && c.Black(mx, my)
				r, _, _, _ := img.At(x, y).RGBA()
				if (r == 0) != black {
					t.Fatalf("scale %d: pixel %d,%d is %v, the module is black: %v", scale, x, y, r, black)
				}
			}
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	c, err := qrcode.Encode("https://kopilka.example/q/4BGXV7")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.PNG(12); err != nil {
			b.Fatal(err)
		}
	}
}

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

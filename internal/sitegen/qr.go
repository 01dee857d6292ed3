package sitegen

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/kopilka/kopilka/internal/qrcode"
)

// ShortURL is the address a printed QR code encodes.
func ShortURL(baseURL, code string) string {
	return strings.TrimRight(baseURL, "/") + "/q/" + code
}

// writeQRImages writes /qr/{code}.svg for pages and /qr/{code}.png to
// download, for every item with a code.
func writeQRImages(out string, s *Site) error {
	var codes []string
	for _, m := range s.Materials {
		codes = append(codes, m.QRCode)
	}
	for _, p := range s.Practices {
		codes = append(codes, p.QRCode)
	}
	for _, e := range s.Events {
		codes = append(codes, e.QRCode)
	}
	dir := filepath.Join(out, "qr")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, code := range codes {
		if code == "" {
			continue
		}
		url := ShortURL(s.BaseURL, code)
		c, err := qrcode.Encode(url)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, code+".svg"), c.SVG("QR-код: "+url), 0o644); err != nil {
			return err
		}
		data, err := c.PNG(12)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, code+".png"), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

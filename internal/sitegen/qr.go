package sitegen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
// download, for every item with a code. A code's image never changes, so
// with a cache folder each is drawn once and then hard-linked into every
// build.
func writeQRImages(out, cache string, s *Site) error {
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
	var cached string
	if cache != "" {
		sum := sha256.Sum256([]byte(s.BaseURL))
		cached = filepath.Join(cache, "qr-"+hex.EncodeToString(sum[:6]))
		if err := os.MkdirAll(cached, 0o755); err != nil {
			return err
		}
	}
	for _, code := range codes {
		if code == "" {
			continue
		}
		if cached != "" && linkBoth(cached, dir, code) {
			continue
		}
		url := ShortURL(s.BaseURL, code)
		c, err := qrcode.Encode(url)
		if err != nil {
			return err
		}
		svg := c.SVG("QR-код: " + url)
		png, err := c.PNG(12)
		if err != nil {
			return err
		}
		target := dir
		if cached != "" {
			target = cached
		}
		if err := os.WriteFile(filepath.Join(target, code+".svg"), svg, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(target, code+".png"), png, 0o644); err != nil {
			return err
		}
		if cached != "" && !linkBoth(cached, dir, code) {
			return fmt.Errorf("qr cache: cannot place %s", code)
		}
	}
	return nil
}

// linkBoth places the cached images of code in dir.
func linkBoth(cached, dir, code string) bool {
	for _, ext := range []string{".svg", ".png"} {
		src, dst := filepath.Join(cached, code+ext), filepath.Join(dir, code+ext)
		if _, err := os.Stat(src); err != nil {
			return false
		}
		if err := os.Link(src, dst); err != nil {
			data, err := os.ReadFile(src)
			if err != nil || os.WriteFile(dst, data, 0o644) != nil {
				return false
			}
		}
	}
	return true
}

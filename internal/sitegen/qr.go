package sitegen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/kopilka/kopilka/internal/qrcode"
)

// ShortURL is the address a printed QR code encodes.
func ShortURL(baseURL, code string) string {
	return strings.TrimRight(baseURL, "/") + "/q/" + code
}

// writeQRImages writes {code}.svg for pages and {code}.png to download
// into dir (a site's /qr/), for each of codes. A code's image never
// changes, so with a cache folder each is drawn once and then hard-linked
// into every build. unseen says nobody reads dir yet: its files are then
// written in place rather than through a temporary name.
func writeQRImages(dir, cache, baseURL string, codes []string, unseen bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var cached string
	if cache != "" {
		sum := sha256.Sum256([]byte(baseURL))
		cached = filepath.Join(cache, "qr-"+hex.EncodeToString(sum[:6]))
		if err := os.MkdirAll(cached, 0o755); err != nil {
			return err
		}
	}
	// drawing is CPU-bound and each code is independent
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, code := range codes {
		g.Go(func() error { return placeQR(dir, cached, baseURL, code, unseen) })
	}
	return g.Wait()
}

// placeQR puts the images of one code in dir, drawing them into the cache
// first when they are not there yet.
func placeQR(dir, cached, baseURL, code string, unseen bool) error {
	if cached != "" && linkBoth(cached, dir, code) {
		return nil
	}
	url := ShortURL(baseURL, code)
	c, err := qrcode.Encode(url)
	if err != nil {
		return err
	}
	svg := c.SVG("QR-код: " + url)
	png, err := c.PNG(12)
	if err != nil {
		return err
	}
	write, target := writeNew, dir
	if cached != "" {
		target = cached
	} else if unseen {
		write = func(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
	}
	if err := write(filepath.Join(target, code+".svg"), svg); err != nil {
		return err
	}
	if err := write(filepath.Join(target, code+".png"), png); err != nil {
		return err
	}
	if cached != "" && !linkBoth(cached, dir, code) {
		return fmt.Errorf("qr cache: cannot place %s", code)
	}
	return nil
}

// writeNew writes a file through a temporary name, so a reader (or a
// concurrent build sharing the cache) never sees it half-written.
func writeNew(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
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

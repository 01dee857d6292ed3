package app_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// fetch asks h for path as a browser that accepts gzip would.
func fetch(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// gunzip is the body of a gzipped response.
func gunzip(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	r, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var styleLink = regexp.MustCompile(`href="(/css/site\.[0-9a-f]{64}\.css)"`)
var scriptLink = regexp.MustCompile(`src="(/js/site\.[0-9a-f]{64}\.js)"`)

// The site's text is sent gzipped, pages with a short cache lifetime and
// the fingerprinted style and script with a year's; attachments are sent
// as they are; the site has a favicon; a material page's HTML arrives
// within the first round trip (14 KB compressed).
func TestTheSiteIsServedCompressedAndCached(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	builder.Wait()
	page := fetch(t, h, "/materials/material-matpuba1/")
	if page.Code != http.StatusOK {
		t.Fatalf("material page: %d", page.Code)
	}
	if page.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(page.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("the page is not gzipped: %v", page.Header())
	}
	if got := page.Header().Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("the page's Cache-Control is %q", got)
	}
	if n := page.Body.Len(); n > 14*1024 {
		t.Errorf("the material page is %d bytes compressed, over one round trip (14 KB)", n)
	}
	html := gunzip(t, page)
	if !strings.Contains(html, `<link rel="icon" href="/favicon.svg"`) {
		t.Error("the page names no favicon")
	}
	for _, link := range []*regexp.Regexp{styleLink, scriptLink} {
		m := link.FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("the page links no fingerprinted %s", link)
		}
		res := fetch(t, h, m[1])
		if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d, encoding %q", m[1], res.Code, res.Header().Get("Content-Encoding"))
		}
		if got := res.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", m[1], got)
		}
	}
	if res := fetch(t, h, "/favicon.svg"); res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Type"), "image/svg+xml") {
		t.Errorf("the favicon: %d %q", res.Code, res.Header().Get("Content-Type"))
	}
	for _, p := range []string{"/events.ics", "/sitemap.xml"} {
		if res := fetch(t, h, p); res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d, encoding %q", p, res.Code, res.Header().Get("Content-Encoding"))
		}
	}
	file := fetch(t, h, "/files/materials/material-matpuba1/matPubA1.pdf")
	if file.Code != http.StatusOK || file.Header().Get("Content-Encoding") != "" {
		t.Errorf("an attachment: %d, encoding %q", file.Code, file.Header().Get("Content-Encoding"))
	}
	// a HEAD says what a GET would get (curl --compressed -sI)
	head := httptest.NewRequest(http.MethodHead, "/materials/material-matpuba1/", nil)
	head.Header.Set("Accept-Encoding", "gzip")
	hrec := httptest.NewRecorder()
	h.ServeHTTP(hrec, head)
	if hrec.Code != http.StatusOK || hrec.Header().Get("Content-Encoding") != "gzip" || hrec.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("HEAD: %d %v", hrec.Code, hrec.Header())
	}
	// a client that does not ask for gzip gets the page as it is
	req := httptest.NewRequest(http.MethodGet, "/materials/material-matpuba1/", nil)
	plain := httptest.NewRecorder()
	h.ServeHTTP(plain, req)
	if plain.Header().Get("Content-Encoding") != "" || !strings.Contains(plain.Body.String(), "<html") {
		t.Error("a client without gzip got a compressed page")
	}
}

package app_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
)

var packLink = regexp.MustCompile(`<loc>[^<]*/packs/([a-z0-9-]+)\.zip</loc>`)

// unzipInto writes the archive data into dir, refusing any name that would
// leave it.
func unzipInto(t *testing.T, data []byte, dir string) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the pack is not a ZIP: %v", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if err := root.MkdirAll(filepath.Dir(f.Name), 0o755); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		w, err := root.Create(f.Name)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		w.Close()
		r.Close()
	}
	return names
}

// A participant downloads an event's pack from its page on a phone, opens
// it with no network, and every code of its printed programme opens a
// material; pages opened before stay readable offline, the CMS never.
func TestBrowserEventPackOpensOfflineAndOpenedPagesStayReadable(t *testing.T) {
	chromium(t)
	srv, _, _ := liveServerOf(t, demoApp(t))
	get := func(p string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	_, sitemap := get("/sitemap.xml")
	m := packLink.FindSubmatch(sitemap)
	if m == nil {
		t.Fatal("the demo's sitemap lists no event pack")
	}
	slug := string(m[1])

	// the event's page offers the pack with its size
	b := newSession(t, srv.URL)
	b.run("phone", chromedp.EmulateViewport(390, 844))
	b.open("/events/"+slug+"/", `a[download][href="/packs/`+slug+`.zip"]`)
	resp, pack := get("/packs/" + slug + ".zip")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("the pack is served as %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if got, want := b.text(".pack a"), "(ZIP, "+ru.FileSize(int64(len(pack)))+")"; !strings.Contains(got, "Скачать всё одним архивом") || !strings.Contains(got, want) {
		t.Errorf("the button says %q, want the download button with %s", got, want)
	}
	b.shoot("event-pack")

	dir := t.TempDir()
	names := unzipInto(t, pack, dir)
	index := filepath.Join(dir, slug, "index.html")
	page, err := os.ReadFile(index)
	if err != nil {
		t.Fatalf("the pack has no index.html: %v (%q)", err, names)
	}
	// every file the page links is in the pack
	for _, h := range hrefsOf(string(page)) {
		if strings.HasPrefix(h, "http") {
			continue
		}
		rel, err := url.PathUnescape(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, slug, filepath.FromSlash(rel))); err != nil {
			t.Errorf("index.html links %s, which the pack lacks", h)
		}
	}

	// every code of the programme opens a page of the event or of one of its materials
	programme, err := os.ReadFile(filepath.Join(dir, slug, ru.PackProgrammeFile))
	if err != nil {
		t.Fatalf("the pack has no programme: %v", err)
	}
	var codes []string
	for _, img := range qrtest.RasterizePDF(t, programme, 150) {
		got, err := qrtest.DecodeAll(img)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, got...)
	}
	articles := strings.Count(string(page), "<article>")
	if len(codes) != articles+1 {
		t.Errorf("%d codes in the programme for %d materials and the event", len(codes), articles)
	}
	for _, c := range codes {
		if !strings.HasPrefix(c, srv.URL+"/q/") {
			t.Errorf("code %s is not a short link of the site", c)
			continue
		}
		resp, err := http.Get(c)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if p := resp.Request.URL.Path; resp.StatusCode != http.StatusOK || !(strings.HasPrefix(p, "/materials/") || p == "/events/"+slug+"/") {
			t.Errorf("code %s leads to %d %s", c, resp.StatusCode, p)
		}
	}

	// pages opened while online: a material, then the CMS's sign-in
	b.open("/", "main")
	if ready, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil || !ready {
		t.Fatalf("no service worker on the site: %v", err)
	}
	b.open("/events/"+slug+"/", "main h1")
	material := ""
	for _, h := range b.links() {
		if strings.HasPrefix(h, "/materials/") && strings.Count(h, "/") == 3 {
			material = h
			break
		}
	}
	if material == "" {
		t.Fatal("the event page links no material")
	}
	b.open(material, "main h1")
	title := b.text("main h1")
	b.open("/app/login", "#email")

	// the network goes away
	srv.Close()
	b.run("phone again", chromedp.EmulateViewport(390, 844))
	b.run("pack offline", chromedp.Navigate("file://"+index), visible("h1"))
	b.noOverflow("the pack's page")
	fromNetwork, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:'))`))
	if err != nil || len(fromNetwork) > 0 {
		t.Errorf("the pack's page asks the network for %v (%v)", fromNetwork, err)
	}
	b.shoot("event-pack-offline")

	b.run("phone again", chromedp.EmulateViewport(390, 844))
	b.open(material, "main h1")
	if got := b.text("main h1"); got != title {
		t.Errorf("offline, the material opened before shows %q, want %q", got, title)
	}
	b.open("/practices/", "main h1")
	if got := b.text("main h1"); !strings.Contains(got, "Нет соединения") {
		t.Errorf("offline, a page never opened shows %q, not the offline page", got)
	}
	b.run("kept pages listed", visible(`[data-offline-pages] a`))
	if list := b.text("[data-offline-pages]"); !strings.Contains(list, title) {
		t.Errorf("the offline page lists %q, not the material %q", list, title)
	}
	b.noOverflow("the offline page")
	b.shoot("offline")
	kept, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`caches.keys().then(ns => Promise.all(ns.map(n => caches.open(n).then(c => c.keys())))).then(ks => ks.flat().map(r => new URL(r.url).pathname))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range kept {
		if strings.HasPrefix(p, "/app") || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/_/") {
			t.Errorf("the service worker keeps %s of the CMS", p)
		}
	}
}

var hrefPattern = regexp.MustCompile(`href="([^"]*)"`)

func hrefsOf(html string) []string {
	var out []string
	for _, m := range hrefPattern.FindAllStringSubmatch(html, -1) {
		out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return out
}

// links are the addresses the page's links carry, as written.
func (b *session) links() []string {
	b.t.Helper()
	links, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))`))
	if err != nil {
		b.t.Fatalf("links of the page: %v", err)
	}
	return links
}

// noOverflow fails when the page is wider than the phone.
func (b *session) noOverflow(what string) {
	b.t.Helper()
	width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || width > 390 {
		b.t.Errorf("%s is %d px wide at 390 px (%v)", what, width, err)
	}
}

package sitegen_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// openPack reads the ZIP at rel of a built site, entry by entry.
func openPack(t *testing.T, out, rel string) (map[string][]byte, []*zip.File) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s is not a ZIP: %v", rel, err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files, zr.File
}

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

func TestAnEventWithMaterialsGetsAPackOfProgrammeFilesAndAnOfflinePage(t *testing.T) {
	s := fixtureSite(t)
	// a second material of the event, with a file named in Russian and one
	// that is not a file name at all
	s.Materials = append(s.Materials, sitegen.Material{Slug: "prezentaciya", Title: "Презентация к уроку <b>дроби</b>", Type: "presentation",
		Authors: []string{"ivanova-anna"}, Organization: "sosh-1", QRCode: "8HJK2M", PublishedAt: s.Now, Updated: s.Now,
		BodyHTML: `<p>Смотрите <a href="/materials/urok-drobi/">урок</a>.</p>`,
		Files: []sitegen.File{
			{Name: "Презентация урока (итог).pptx", Size: 5, Format: "PPTX", Key: "k1", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("PPTX!")), nil }},
			{Name: "../../etc/passwd", Size: 5, Format: "TXT", Key: "k2", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("root")), nil }},
		}})
	s.Events[0].Materials = append(s.Events[0].Materials, "prezentaciya", "net-takogo")
	out := build(t, s)

	files, entries := openPack(t, out, "packs/seminar-drobi.zip")
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{
		"seminar-drobi/index.html",
		// a name with a path is a name: it stays in its material's folder
		"seminar-drobi/Материалы/prezentaciya/passwd",
		"seminar-drobi/Материалы/prezentaciya/Презентация урока (итог).pptx",
		"seminar-drobi/Материалы/urok-drobi/konspekt.pdf",
		"seminar-drobi/Программа.pdf",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("pack holds\n%q\nwant\n%q", names, want)
	}
	if got := string(files["seminar-drobi/Материалы/urok-drobi/konspekt.pdf"]); got != "%PDF-1.4\n%%EOF\n" {
		t.Errorf("the material's file in the pack is %q", got)
	}
	for _, f := range entries {
		if f.Flags&0x800 == 0 && strings.ContainsFunc(f.Name, func(r rune) bool { return r > 127 }) {
			t.Errorf("%s is not marked UTF-8: Windows would show it garbled", f.Name)
		}
	}

	page := string(files["seminar-drobi/index.html"])
	for _, s := range []string{"<title>Семинар «Дроби»</title>", "Сравнение дробей", "Иванова Анна Петровна", "учителя математики",
		"Презентация к уроку &lt;b&gt;дроби&lt;/b&gt;", `href="https://kopilka.example/materials/urok-drobi/"`, `href="https://kopilka.example/materials/prezentaciya/"`,
		ru.PackPrintProgramme, "Открытый урок"} {
		if !strings.Contains(page, s) {
			t.Errorf("the pack's page lacks %q", s)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "<b>дроби") {
		t.Error("the pack's page runs or renders a title's markup")
	}
	// a click in the pack is not a scan of a printed code: no short links
	if strings.Contains(page, "/q/") {
		t.Error("the pack's page links short links, which count scans")
	}
	// every relative link of the page opens a file of the pack
	for _, m := range hrefs.FindAllStringSubmatch(page, -1) {
		h := m[1]
		if strings.HasPrefix(h, "http") {
			continue
		}
		rel, err := url.PathUnescape(h)
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		if _, ok := files[path.Join("seminar-drobi", rel)]; !ok {
			t.Errorf("the page links %s, which is not in the pack", h)
		}
	}

	// the printed programme: the event, its agenda, a code for each material
	pdf := files["seminar-drobi/Программа.pdf"]
	text := qrtest.PDFText(t, pdf)
	for _, s := range []string{"Семинар «Дроби»", "Когда:", "Где:", "СОШ № 1", "1. Открытый урок", "Материалы", "Сравнение дробей"} {
		if !strings.Contains(text, s) {
			t.Errorf("the programme lacks %q", s)
		}
	}
	var codes []string
	for _, img := range qrtest.RasterizePDF(t, pdf, 150) {
		got, err := qrtest.DecodeAll(img)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, got...)
	}
	slices.Sort(codes)
	wantCodes := []string{"https://kopilka.example/q/4BGXV7", "https://kopilka.example/q/8HJK2M", "https://kopilka.example/q/FKJEE9"}
	if !slices.Equal(codes, wantCodes) {
		t.Errorf("the programme's codes decode to %q, want %q", codes, wantCodes)
	}
	for _, c := range wantCodes {
		code := path.Base(c)
		if _, err := os.Stat(filepath.Join(out, "q", code, "index.html")); err != nil {
			t.Errorf("the short link of %s does not lead anywhere: %v", code, err)
		}
	}

	// the event's page offers it with its size; the sitemap lists it
	info, err := os.Stat(filepath.Join(out, "packs", "seminar-drobi.zip"))
	if err != nil {
		t.Fatal(err)
	}
	eventPage := read(t, out, "events/seminar-drobi/index.html")
	if !strings.Contains(eventPage, `href="/packs/seminar-drobi.zip" download`) || !strings.Contains(eventPage, "(ZIP, "+ru.FileSize(info.Size())+")") {
		t.Errorf("the event page does not offer the pack with its size %s", ru.FileSize(info.Size()))
	}
	if !strings.Contains(read(t, out, "sitemap.xml"), "<loc>https://kopilka.example/packs/seminar-drobi.zip</loc>") {
		t.Error("the sitemap does not list the pack")
	}
	// events without published materials get none
	if _, err := os.Stat(filepath.Join(out, "packs", "pozdnij-vebinar.zip")); err == nil {
		t.Error("an event without materials has a pack")
	}
	if strings.Contains(read(t, out, "events/pozdnij-vebinar/index.html"), "/packs/") {
		t.Error("an event without materials offers a pack")
	}
}

func TestAPackIsMadeAgainOnlyWhenWhatItHoldsChanges(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := fixtureSite(t)
	first := filepath.Join(root, "b1")
	if _, err := live.Build(s, first); err != nil {
		t.Fatal(err)
	}
	packOf := func(dir string) os.FileInfo {
		t.Helper()
		fi, err := os.Stat(filepath.Join(dir, "packs", "seminar-drobi.zip"))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	before := packOf(first)

	// a change elsewhere leaves the pack as it was: the same file
	s = fixtureSite(t)
	s.Materials[1].Title = "Другая статья"
	second := filepath.Join(root, "b2")
	if _, err := live.Build(s, second); err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, packOf(second)) {
		t.Error("a change to another material made the event's pack again")
	}

	// a change to the event's material makes it again, and the page says so
	s.Materials[0].Title = "Сравнение дробей: новая редакция"
	third := filepath.Join(root, "b3")
	if _, err := live.Build(s, third); err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, packOf(third)) {
		t.Fatal("the pack was not made again after its material changed")
	}
	files, _ := openPack(t, third, "packs/seminar-drobi.zip")
	if !strings.Contains(string(files["seminar-drobi/index.html"]), "новая редакция") {
		t.Error("the new pack does not hold the new title")
	}
	// the build before, perhaps still being read, keeps its own pack
	old, _ := openPack(t, second, "packs/seminar-drobi.zip")
	if strings.Contains(string(old["seminar-drobi/index.html"]), "новая редакция") {
		t.Error("the earlier build's pack changed under its readers")
	}

	// the event loses its materials: the pack goes, and so does the button
	s.Events[0].Materials = nil
	fourth := filepath.Join(root, "b4")
	if _, err := live.Build(s, fourth); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fourth, "packs", "seminar-drobi.zip")); err == nil {
		t.Error("the pack of an event without materials is still published")
	}
	if strings.Contains(read(t, fourth, "events/seminar-drobi/index.html"), "/packs/") {
		t.Error("the event page still offers a pack")
	}
}

func TestTheSiteIsInstallableWithAnOfflinePage(t *testing.T) {
	out := build(t, fixtureSite(t))
	var m struct {
		Name, ShortName, StartURL, Display string
		Icons                              []struct{ Src, Sizes, Type string }
	}
	if err := json.Unmarshal([]byte(read(t, out, "manifest.webmanifest")), &struct {
		Name      *string `json:"name"`
		ShortName *string `json:"short_name"`
		StartURL  *string `json:"start_url"`
		Display   *string `json:"display"`
		Icons     *[]struct{ Src, Sizes, Type string }
	}{&m.Name, &m.ShortName, &m.StartURL, &m.Display, &m.Icons}); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if m.Name != "Методическая копилка — Тестовый городской округ" || m.ShortName == "" || m.StartURL != "/" || m.Display != "standalone" {
		t.Errorf("manifest: %+v", m)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		sizes[ic.Sizes] = true
		if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(ic.Src, "/"))); err != nil {
			t.Errorf("icon %s: %v", ic.Src, err)
		}
	}
	if !sizes["192x192"] || !sizes["512x512"] {
		t.Errorf("a phone installs a site with icons of 192 and 512 px; the manifest has %v", sizes)
	}
	home := read(t, out, "index.html")
	if !strings.Contains(home, `<link rel="manifest" href="/manifest.webmanifest">`) {
		t.Error("the pages do not name the manifest")
	}
	if _, err := os.Stat(filepath.Join(out, "sw.js")); err != nil {
		t.Errorf("no service worker at the site's root: %v", err)
	}
	offline := read(t, out, "offline/index.html")
	if !strings.Contains(offline, "Нет соединения с интернетом") || !strings.Contains(offline, `<meta name="robots" content="noindex">`) {
		t.Error("the offline page is missing or indexed")
	}
	if strings.Contains(read(t, out, "sitemap.xml"), "/offline/") {
		t.Error("the offline page is in the sitemap")
	}
}

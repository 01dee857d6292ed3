package app_test

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

func corpusSettings(t testing.TB) sitesettings.Settings {
	loc := corpusOptions(t).TimeZone
	return sitesettings.Settings{Title: "Методическая копилка", Municipality: "Тихоморский городской округ",
		BaseURL: "https://kopilka.example", Location: loc,
		Now: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, loc) }}
}

func buildCorpusSite(t *testing.T) string {
	t.Helper()
	a := importCorpus(t)
	site, err := publish.Snapshot(a, corpusSettings(t))
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

var linkPattern = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func TestCorpusSiteLeaksNothingAndEveryLinkResolves(t *testing.T) {
	out := buildCorpusSite(t)
	forbidden := []string{"DRAFT-LEAK-MARKER", "PRIVATE-PROFILE-MARKER", "ARCHIVED-LEAK-MARKER",
		// surnames and slugs of the private teachers
		"Грибанов", "Ключевск", "Тюленев", "Черёмухин",
		"gribanov-pavel", "klyuchevskaya-svetlana", "tyuleneva-anastasiya", "cheryomukhina-alla",
		// slugs of the unpublished items
		"inzhenernye-kanikuly", "podgotovka-k-olimpiade-po-programmirovaniyu", "smyslovoe-chtenie-1-klass",
		"anketa-samochuvstvie-pedagoga", "plan-metodicheskoj-raboty-sosh-7-2024-2025", "rabochaya-programma-fizika-7-9-2022"}
	files := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		for _, f := range forbidden {
			if bytes.Contains(data, []byte(f)) {
				t.Errorf("%s contains %q", rel, f)
			}
		}
		switch {
		case strings.HasSuffix(p, ".html"):
			for _, m := range linkPattern.FindAllStringSubmatch(string(data), -1) {
				checkLink(t, out, rel, m[1])
			}
		case strings.HasSuffix(p, ".ics"):
			if _, err := ics.ParseCalendar(bytes.NewReader(data)); err != nil {
				t.Errorf("%s does not parse: %v", rel, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 200 {
		t.Errorf("only %d files in the site", files)
	}
	// a material page with its stylesheet and script stays light for a
	// phone on a school's mobile network
	weight := 0
	for _, f := range []string{"materials/urok-drobi-5-klass/index.html", "css/site.css", "js/site.js"} {
		info, err := os.Stat(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		weight += int(info.Size())
	}
	if weight > 30*1024 {
		t.Errorf("a material page weighs %d bytes with its CSS and JS, over 30 KB", weight)
	}
}

// checkLink fails when an internal link of page does not lead to a file
// of the site.
func checkLink(t *testing.T, out, page, link string) {
	t.Helper()
	if link == "" {
		t.Errorf("%s has an empty link", page)
		return
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("%s: bad link %q", page, link)
		return
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host != "kopilka.example" {
			return // external: the author's own link
		}
	}
	if u.Path == "" {
		return // a fragment of the same page
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + filepath.ToSlash(filepath.Join(filepath.Dir(page), p))
	}
	target := filepath.Join(out, filepath.FromSlash(p))
	if strings.HasSuffix(p, "/") {
		target = filepath.Join(target, "index.html")
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("%s links to %s, which is not in the site", page, link)
	}
}

func TestCorpusSiteShowsPublicAuthorsOnly(t *testing.T) {
	out := buildCorpusSite(t)
	page, err := os.ReadFile(filepath.Join(out, "materials", "urok-python-cikly", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`href="/teachers/taymenev-artyom/"`)) {
		t.Error("the public co-author is not named")
	}
	sole, err := os.ReadFile(filepath.Join(out, "materials", "doklad-profilaktika-professionalnogo-vygoraniya", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`href="/teachers/[a-z]`).Match(sole) || !bytes.Contains(sole, []byte(`class="people"><a href="/schools/`)) {
		t.Error("a material whose only author is private must show its organization and no teacher")
	}
	if _, err := os.Stat(filepath.Join(out, "teachers", "klyuchevskaya-svetlana")); err == nil {
		t.Error("a private teacher has a page")
	}
	shared, err := os.ReadFile(filepath.Join(out, "materials", "master-klass-teatr-na-ladoshke", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(shared, []byte(`href="/teachers/snezhkova-oksana/"`)) {
		t.Error("the public co-author of a material with a private author is not named")
	}
	for _, code := range []string{"4BGXV7", "D5G65J", "7QC3TA", "E0X36W", "FKJEE9"} {
		if _, err := os.Stat(filepath.Join(out, "q", code, "index.html")); err != nil {
			t.Errorf("no redirect page for printed code %s", code)
		}
	}
}

func TestSiteShowsOnlyTheCountOfIOMs(t *testing.T) {
	a := fixture.App(t)
	site, err := publish.Snapshot(a, corpusSettings(t))
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
		t.Fatal(err)
	}
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte("В 2026/27 учебном году 2 педагога реализуют индивидуальные образовательные маршруты.")) {
		t.Error("the home page lacks the ИОМ figure")
	}
	// routes (their goals), steps, diagnostics, comments and mentorships
	// carry BODY-… markers
	for _, marker := range []string{"BODY-rtA1", "BODY-rtB", "BODY-stA1", "BODY-stB", "BODY-msA", "BODY-msB", "BODY-cmA1",
		"BODY-matDraftA1", "PRIVATE-PROFILE-MARKER", "BODY-rvA1"} {
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("%s contains %s", p, marker)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

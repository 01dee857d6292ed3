package sitegen_test

import (
	"flag"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/sitegen"
)

func sakhalin(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Sakhalin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func pdf() (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader("%PDF-1.4\n%%EOF\n")), nil
}

// fixtureSite is a small municipality with one of everything, including
// hostile titles and bodies.
func fixtureSite(t testing.TB) *sitegen.Site {
	loc := sakhalin(t)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	day := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return &sitegen.Site{
		Title: "Методическая копилка", Municipality: "Тестовый городской округ",
		BaseURL: "https://kopilka.example", Location: loc, Now: at("2026-11-23T09:00"),
		Organizations: []sitegen.Organization{
			{Slug: "sosh-1", Name: "МБОУ СОШ № 1", ShortName: "СОШ № 1", Kind: "school", Address: "г. Тестовск", AboutHTML: "<p>Школа.</p>"},
			{Slug: "imc", Name: "ИМЦ", Kind: "methodical_service"},
		},
		Teachers: []sitegen.Teacher{
			{Slug: "ivanova-anna", Name: "Иванова Анна Петровна", Organization: "sosh-1", Position: "учитель математики",
				Subjects: []string{"математика"}, Category: "first", ExperienceYears: 12, Mentor: true, BioHTML: "<p>Учитель.</p>"},
		},
		Materials: []sitegen.Material{
			{Slug: "urok-drobi", Title: "Сравнение дробей", Summary: "Урок открытия нового знания.",
				BodyHTML: "<h2>Цель</h2><p>Правило сравнения дробей с одинаковыми знаменателями.</p>", Type: "lesson-plan",
				Subjects: []string{"математика"}, Levels: []string{"ooo"}, Tags: []string{"дроби"}, Authors: []string{"ivanova-anna"},
				Organization: "sosh-1", License: "CC-BY-4.0", BestPractice: true, QRCode: "4BGXV7",
				Date: day("2025-10-08"), PublishedAt: at("2025-10-10T10:00"), Updated: at("2025-10-10T10:00"),
				Files: []sitegen.File{{Name: "konspekt.pdf", Size: 2048, Format: "PDF", Open: pdf}}},
			{Slug: "xss", Title: `</script><script>alert("t")</script><b>жирный</b>`, Summary: `"><img src=x onerror=alert(1)>`,
				BodyHTML: "<p>безопасный текст</p>", Type: "article", Subjects: []string{"математика"}, Organization: "sosh-1",
				QRCode: "5MP3HY", PublishedAt: at("2025-11-01T10:00"), Updated: at("2025-11-01T10:00")},
		},
		Practices: []sitegen.Practice{
			{Slug: "klub", Title: "Математический клуб", Summary: "Клуб.", BodyHTML: "<p>Встречи.</p>", ResultsHTML: "<ul><li>30 участников</li></ul>",
				Organization: "sosh-1", Authors: []string{"ivanova-anna"}, Materials: []string{"urok-drobi"}, Events: []string{"seminar-drobi"},
				QRCode: "E0X36W", PublishedAt: at("2025-12-01T10:00"), Updated: at("2025-12-01T10:00")},
		},
		Events: []sitegen.Event{
			{Slug: "seminar-drobi", Title: "Семинар «Дроби»", Kind: "seminar", Level: "municipal",
				Start: at("2025-11-12T15:00"), End: at("2025-11-12T17:00"), Location: "СОШ № 1", Organizer: "sosh-1",
				Audience: "учителя математики", Subjects: []string{"математика"}, Materials: []string{"urok-drobi"}, Status: "done",
				QRCode: "FKJEE9", BodyHTML: "<ol><li>Открытый урок</li></ol>", Updated: at("2025-11-13T10:00")},
			{Slug: "pozdnij-vebinar", Title: "Поздний вебинар", Kind: "webinar", Level: "regional",
				Start: at("2026-12-10T23:30"), End: at("2026-12-11T00:30"), OnlineURL: "https://meet.example/x", Organizer: "imc",
				Status: "planned", QRCode: "S5BFB3", Updated: at("2026-11-01T10:00")},
			{Slug: "nedelya-matematiki", Title: "Неделя математики", Kind: "subject-week", Level: "school", AllDay: true,
				Start: day("2026-01-19"), End: day("2026-01-23"), Organizer: "sosh-1", Subjects: []string{"математика"},
				Status: "done", QRCode: "T6G8HG", Updated: at("2026-01-24T10:00")},
			{Slug: "otmenennyj", Title: "Отменённый мастер-класс", Kind: "master-class", Level: "municipal",
				Start: at("2026-11-25T13:30"), Organizer: "imc", Status: "cancelled", QRCode: "ZM5WC3", Updated: at("2026-11-20T10:00")},
		},
	}
}

func build(t *testing.T, s *sitegen.Site) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

func read(t *testing.T, out, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return string(data)
}

var update = flag.Bool("update", false, "rewrite golden files")

// fingerprints are the hashes in the names of styles and scripts, which
// change with every edit of them: golden files hold «HASH» instead.
var fingerprints = regexp.MustCompile(`\.[0-9a-f]{64}\.(css|js)\b`)

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	got = fingerprints.ReplaceAllString(got, ".HASH.$1")
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; diff with go test -update && git diff", name)
	}
}

func TestMaterialPageAndEventFeedMatchGoldenFiles(t *testing.T) {
	out := build(t, fixtureSite(t))
	golden(t, "material.html.golden", read(t, out, "materials/urok-drobi/index.html"))
	golden(t, "event.ics.golden", stampless(read(t, out, "events/seminar-drobi/event.ics")))
}

// stampless drops nothing today (DTSTAMP comes from the record's update
// time, fixed in the fixture) but keeps the golden file honest if it moves.
func stampless(s string) string { return s }

func TestPagesOfTheSite(t *testing.T) {
	out := build(t, fixtureSite(t))
	tests := []struct {
		file    string
		want    []string
		notWant []string
	}{
		{"404.html", []string{"<title>Страница не найдена — ", "<h1>Страница не найдена</h1>"}, []string{"Page not found"}},
		{"index.html", []string{`type="application/rss+xml" href="/index.xml"`, "Лучшие практики", "Сравнение дробей", "Ближайшие мероприятия", "Поздний вебинар", `action="/search/"`}, []string{"Семинар «Дроби»</a>"}},
		{"materials/index.html", []string{"Банк методических материалов", `type="application/rss+xml" href="/materials/index.xml"`, "Материалов: 2", "/subjects/", "/types/lesson-plan/"}, nil},
		{"materials/urok-drobi/index.html", []string{"<h1>Сравнение дробей</h1>", `href="/teachers/ivanova-anna/"`, `href="/schools/sosh-1/"`,
			`href="/files/materials/urok-drobi/konspekt.pdf" download>konspekt.pdf</a> <span class="meta">PDF, 2 КБ</span>`,
			"CC BY 4.0 — с указанием авторства", `href="https://creativecommons.org/licenses/by/4.0/deed.ru" rel="license"`, `"license":"https://creativecommons.org/licenses/by/4.0/"`, "/q/4BGXV7", `<img src="/qr/4BGXV7.svg"`, `href="/qr/4BGXV7.png"`, "Представлен на мероприятиях", `href="/events/seminar-drobi/"`, `"@type":"LearningResource"`}, nil},
		{"files/materials/urok-drobi/konspekt.pdf", []string{"%PDF-1.4"}, nil},
		{"q/4BGXV7/index.html", []string{`url=https://kopilka.example/materials/urok-drobi/`, "noindex"}, nil},
		{"practices/klub/index.html", []string{"Математический клуб", "30 участников", `href="/materials/urok-drobi/"`, `href="/events/seminar-drobi/"`}, nil},
		{"events/index.html", []string{"Предстоящие", "Поздний вебинар", "Отменённый мастер-класс", "/events/2026/01/", "/events.ics", "/events/subjects/matematika.ics"}, nil},
		{"events/otmenennyj/index.html", []string{"Мероприятие отменено", "EventCancelled"}, nil},
		{"events/seminar-drobi/index.html", []string{"12 ноября 2025, 15:00–17:00", `datetime="2025-11-12T15:00:00&#43;11:00"`, "Добавить в календарь", `"@type":"Event"`}, nil},
		{"events/2026/01/index.html", []string{"<table class=\"calendar\">", "<caption>", `<th scope="col">Пн</th>`, "Неделя математики", `href="/events/2025/12/"`, `href="/events/2026/02/"`}, nil},
		{"events/2026/12/index.html", []string{"23:30 Поздний вебинар"}, nil},
		{"schools/sosh-1/index.html", []string{"МБОУ СОШ № 1", "Сравнение дробей", "Математический клуб", "Иванова Анна Петровна", "/schools/sosh-1/events.ics", `"@type":"EducationalOrganization"`}, nil},
		{"teachers/ivanova-anna/index.html", []string{"Иванова Анна Петровна", "12 лет", "наставник", "Сравнение дробей"}, nil},
		{"404.html", []string{"Страница не найдена"}, nil},
		{"robots.txt", []string{"Sitemap: https://kopilka.example/sitemap.xml"}, nil},
		{"sitemap.xml", []string{"<urlset", "<loc>https://kopilka.example/materials/urok-drobi/</loc>", "<loc>https://kopilka.example/</loc>",
			"<loc>https://kopilka.example/about/</loc>", "<loc>https://kopilka.example/events/</loc>", "<loc>https://kopilka.example/events/seminar-drobi/</loc>",
			"<loc>https://kopilka.example/teachers/ivanova-anna/</loc>"}, []string{"/q/", "/verify/", "/lists/"}},
		{"index.xml", []string{"<rss", "<language>ru</language>", "Сравнение дробей", "<link>https://kopilka.example/materials/urok-drobi/</link>", "Математический клуб"}, []string{"Семинар «Дроби»"}},
		{"materials/index.xml", []string{"<rss", "Сравнение дробей"}, []string{"Математический клуб"}},
		{"practices/index.xml", []string{"<rss", "Математический клуб"}, []string{"Сравнение дробей"}},
		{"events/index.xml", []string{"<rss", "Семинар «Дроби»", "Поздний вебинар"}, nil},
		{"atom.xml", []string{"<feed", "https://kopilka.example/materials/urok-drobi/", "Математический клуб"}, nil},
		{"schools/index.html", []string{`href="/schools/sosh-1/"`, "МБОУ СОШ № 1"}, nil},
		{"teachers/index.html", []string{`href="/teachers/ivanova-anna/"`, "Иванова Анна Петровна"}, nil},
		{"search/index.html", []string{`<script src="/js/search.`, `id="search-status"`}, nil},
		{"search/manifest.json", []string{`"shard":`, `"chunks":`}, nil},
		{"search/docs/0.json", []string{"/materials/urok-drobi/"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := read(t, out, tt.file)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q", tt.file, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("%s contains %q", tt.file, w)
				}
			}
		})
	}
}

func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	out := build(t, fixtureSite(t))
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, bad := range []string{`<script>alert("t")`, `<img src=x onerror`, "<b>жирный</b>"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s contains unescaped %q", p, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, out, "materials/xss/index.html")
	if !strings.Contains(page, "&lt;/script&gt;&lt;script&gt;") {
		t.Error("the hostile title is not shown escaped")
	}
}

func TestCalendarFeedsKeepLocalDates(t *testing.T) {
	out := build(t, fixtureSite(t))
	loc := sakhalin(t)
	for _, feed := range []string{"events.ics", "schools/sosh-1/events.ics", "events/subjects/matematika.ics", "events/pozdnij-vebinar/event.ics"} {
		data := read(t, out, feed)
		if strings.Contains(strings.ReplaceAll(data, "\r\n", ""), "\n") {
			t.Errorf("%s has a line not ended by CRLF", feed)
		}
		for _, line := range strings.Split(data, "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s: line of %d octets is not folded: %q", feed, len(line), line)
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(data))
		if err != nil {
			t.Fatalf("%s does not parse: %v", feed, err)
		}
		for _, ev := range cal.Events() {
			switch ev.Id() {
			case "pozdnij-vebinar@kopilka.example":
				start, err := ev.GetStartAt()
				if err != nil {
					t.Fatal(err)
				}
				if got := start.In(loc).Format("2006-01-02 15:04"); got != "2026-12-10 23:30" {
					t.Errorf("late webinar starts %s on Sakhalin, want 2026-12-10 23:30", got)
				}
			case "nedelya-matematiki@kopilka.example":
				if p := ev.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.Value != "20260119" {
					t.Errorf("subject week DTSTART = %v", p)
				}
				if p := ev.GetProperty(ics.ComponentPropertyDtEnd); p == nil || p.Value != "20260124" {
					t.Errorf("subject week DTEND = %v, want the day after its last day", p)
				}
			case "otmenennyj@kopilka.example":
				if p := ev.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != "CANCELLED" {
					t.Errorf("cancelled event STATUS = %v", p)
				}
			}
		}
	}
}

func TestOverrideFolderRestylesTheSite(t *testing.T) {
	override := t.TempDir()
	if err := os.MkdirAll(filepath.Join(override, "layouts", "_partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	footer := `<footer>Своя подвалка округа</footer>`
	if err := os.WriteFile(filepath.Join(override, "layouts", "_partials", "footer.html"), []byte(footer), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Override: override, Out: out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, out, "index.html"), "Своя подвалка округа") {
		t.Error("the override footer is not used")
	}
}

func TestTemplateErrorNamesFileAndLine(t *testing.T) {
	override := t.TempDir()
	if err := os.MkdirAll(filepath.Join(override, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(override, "layouts", "home.html"), []byte("{{ define \"main\" }}\n{{ .Nope.Deeper }}\n{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	_, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Override: override, Out: out})
	if err == nil || !strings.Contains(err.Error(), "home.html:2:") {
		t.Fatalf("err = %v, want one naming home.html:2", err)
	}
}

func TestBuildIntoARelativeFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Out: "pb_public/build-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join("pb_public", "build-1", "index.html")); err != nil {
		t.Fatalf("pages are not where they were asked to be: %v", err)
	}
}

func TestQRImagesOfTheSiteDecodeToTheShortURL(t *testing.T) {
	out := build(t, fixtureSite(t))
	for _, code := range []string{"4BGXV7", "5MP3HY", "E0X36W", "FKJEE9", "S5BFB3", "T6G8HG", "ZM5WC3"} {
		want := "https://kopilka.example/q/" + code
		img, err := png.Decode(strings.NewReader(read(t, out, "qr/"+code+".png")))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := qrtest.Decode(img); err != nil || got != want {
			t.Errorf("qr/%s.png decodes to %q, %v", code, got, err)
		}
		raster, err := qrtest.Rasterize([]byte(read(t, out, "qr/"+code+".svg")), 360)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := qrtest.Decode(raster); err != nil || got != want {
			t.Errorf("qr/%s.svg decodes to %q, %v", code, got, err)
		}
	}
}

func TestQRImagesAreDrawnOnceWithACache(t *testing.T) {
	cache := t.TempDir()
	outs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for _, out := range outs {
		if _, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Out: out, Cache: cache}); err != nil {
			t.Fatal(err)
		}
	}
	a, errA := os.Stat(filepath.Join(outs[0], "qr", "4BGXV7.png"))
	b, errB := os.Stat(filepath.Join(outs[1], "qr", "4BGXV7.png"))
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		t.Errorf("the second build drew the QR image again (%v, %v)", errA, errB)
	}
	img, err := png.Decode(strings.NewReader(read(t, outs[1], "qr/4BGXV7.png")))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qrtest.Decode(img); err != nil || got != "https://kopilka.example/q/4BGXV7" {
		t.Errorf("cached image decodes to %q, %v", got, err)
	}
}

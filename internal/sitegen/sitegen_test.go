package sitegen_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
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

func TestBuildSmoke(t *testing.T) {
	out := build(t, fixtureSite(t))
	t.Log(read(t, out, "materials/urok-drobi/index.html"))
}

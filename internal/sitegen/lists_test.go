package sitegen_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// bank is the fixture with n more lesson plans, one published a day.
func bank(t *testing.T, n int) *sitegen.Site {
	s := fixtureSite(t)
	start := time.Date(2024, 9, 2, 10, 0, 0, 0, s.Location)
	for i := 0; i < n; i++ {
		s.Materials = append(s.Materials, sitegen.Material{Slug: fmt.Sprintf("urok-%03d", i), Title: fmt.Sprintf("Урок № %d", i),
			Type: "lesson-plan", Subjects: []string{"математика"}, Levels: []string{"ooo"}, Organization: "sosh-1",
			PublishedAt: start.AddDate(0, 0, i), Updated: start.AddDate(0, 0, i)})
	}
	return s
}

func TestListPagesKeepTheirItemsWhenAMaterialIsPublished(t *testing.T) {
	root := t.TempDir()
	before := filepath.Join(root, "before")
	if _, err := sitegen.Build(bank(t, 45), sitegen.Options{Theme: kopilka.SiteTheme, Out: before}); err != nil {
		t.Fatal(err)
	}
	s := bank(t, 46) // the 46th lesson is the newest material
	after := filepath.Join(root, "after")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: after}); err != nil {
		t.Fatal(err)
	}
	// 48 materials in the bank (the fixture's two are the newest): pages
	// of 20 from the oldest
	front := read(t, after, "materials/index.html")
	for _, want := range []string{"Материалов: 48", "Урок № 45<", "Урок № 28<", `href="/materials/page/2/"`} {
		if !strings.Contains(front, want) {
			t.Errorf("the bank's front page lacks %q", want)
		}
	}
	if strings.Contains(front, "Урок № 27<") {
		t.Error("the front page shows more than 20 materials")
	}
	page1 := read(t, after, "materials/page/1/index.html")
	for _, want := range []string{"Урок № 0<", "Урок № 17<", `href="/materials/page/2/"`} {
		if !strings.Contains(page1, want) {
			t.Errorf("the oldest page lacks %q", want)
		}
	}
	// the full pages of the archive did not change; the newest did
	for _, rel := range []string{"materials/page/1/index.html", "materials/page/2/index.html", "subjects/matematika/page/1/index.html", "levels/ooo/page/2/index.html"} {
		if read(t, before, rel) != read(t, after, rel) {
			t.Errorf("%s changed when a newer material was published", rel)
		}
	}
	if read(t, before, "materials/page/3/index.html") == read(t, after, "materials/page/3/index.html") {
		t.Error("the newest archive page does not show the new material")
	}
	// terms are listed with their counts and pages
	subjects := read(t, after, "subjects/index.html")
	if !strings.Contains(subjects, `<a href="/subjects/matematika/">математика</a> (48)`) {
		t.Errorf("the subjects page: %s", subjects)
	}
	tag := read(t, after, "tags/drobi/index.html")
	if !strings.Contains(tag, "Сравнение дробей") || !strings.Contains(tag, `href="/tags/"`) {
		t.Errorf("the tag page: %s", tag)
	}
}

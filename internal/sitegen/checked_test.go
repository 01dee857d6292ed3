package sitegen_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/sitegen"
)

// An item's page says quietly when the freshness guard last found its
// links and files working, on the municipality's calendar, or that its
// links may be out of date when one was found dead; the page itself stays,
// and an item never checked says nothing.
func TestAPageSaysWhenItWasLastCheckedOrThatItsLinksMayBeOutdated(t *testing.T) {
	s := fixtureSite(t)
	fine := time.Date(2026, 3, 11, 20, 30, 0, 0, time.UTC) // 12 March on Sakhalin (UTC+11)
	s.Materials[0].Check = sitegen.Check{Fine: fine}
	s.Materials[1].Check = sitegen.Check{Fine: fine, Dead: true}
	s.Practices[0].Check = sitegen.Check{Fine: fine}
	s.Events[0].Check = sitegen.Check{Dead: true}
	s.Events[1].Check = sitegen.Check{Fine: fine}
	out := build(t, s)
	const outdated = "Ссылки могут быть устаревшими"
	for _, c := range []struct {
		page      string
		want, not []string
	}{
		{page: "materials/" + s.Materials[0].Slug + "/index.html",
			want: []string{`<p class="meta checked">Материал проверен <time datetime="2026-03-12">12.03.2026</time></p>`}, not: []string{outdated}},
		{page: "materials/" + s.Materials[1].Slug + "/index.html",
			want: []string{`<p class="meta checked">` + outdated + `</p>`}, not: []string{"проверен", "12.03.2026"}},
		{page: "practices/" + s.Practices[0].Slug + "/index.html",
			want: []string{`Практика проверена <time datetime="2026-03-12">12.03.2026</time>`}, not: []string{outdated}},
		{page: "events/" + s.Events[0].Slug + "/index.html", want: []string{outdated}, not: []string{"Ссылки проверены"}},
		{page: "events/" + s.Events[1].Slug + "/index.html", want: []string{`Ссылки проверены <time datetime="2026-03-12">12.03.2026</time>`},
			not: []string{outdated}},
		{page: "events/" + s.Events[2].Slug + "/index.html", not: []string{outdated, "Ссылки проверены", `class="meta checked"`}},
	} {
		html := read(t, out, c.page)
		for _, w := range c.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %q", c.page, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(html, n) {
				t.Errorf("%s has %q", c.page, n)
			}
		}
	}
	// a material whose links are dead is still listed and still has its text
	if page := read(t, out, "materials/"+s.Materials[1].Slug+"/index.html"); !strings.Contains(page, "<h1>") {
		t.Error("the material with dead links lost its page")
	}
}

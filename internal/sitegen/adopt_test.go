package sitegen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/sitegen"
)

// A material's page counts the schools that applied it, shows the
// comments let through as text, and carries the form «Я применил(а) у
// себя» posting to this server (which names the schools to choose from:
// they are not repeated on every page) and a trap for robots; a site that
// takes no forms has none.
func TestAMaterialPageCarriesTheAdoptionFormAndItsCounts(t *testing.T) {
	s := fixtureSite(t)
	s.APIURL = "https://kopilka.example"
	s.Materials[0].Adoption = sitegen.Adoption{Schools: 2, Comments: []sitegen.AdoptionComment{
		{Text: "<b>Дети</b> решали с интересом", School: "СОШ № 1", Group: "5 класс", Kind: "провёл(а) урок / занятие"}}}
	out := build(t, s)
	page, err := os.ReadFile(filepath.Join(out, "materials", s.Materials[0].Slug, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		"Применили в 2 школах", "&lt;b&gt;Дети&lt;/b&gt; решали с интересом", "СОШ № 1 · 5 класс",
		`action="https://kopilka.example/api/kopilka/adoptions"`, `name="slug" value="` + s.Materials[0].Slug + `"`,
		`<option value="other">другая</option>`, `name="website"`, "152-ФЗ", "Я применил(а) у себя",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the material page lacks %q", want)
		}
	}
	s.APIURL = ""
	out = build(t, s)
	page, _ = os.ReadFile(filepath.Join(out, "materials", s.Materials[0].Slug, "index.html"))
	if strings.Contains(string(page), "data-adopt") {
		t.Error("a site that takes no forms shows the form")
	}
}

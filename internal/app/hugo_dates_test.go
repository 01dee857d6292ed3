package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
)

// hugoFolder is content written for Hugo: dates as Hugo's archetypes write
// them — a time and an offset in YAML, the same unquoted in TOML, UTC in
// JSON.
var hugoFolder = map[string]string{
	"organizations/shkola-hugo.md": "---\nname: МБОУ СОШ № 7\nkind: school\n---\n",
	"teachers/avtor-hugo.md":       "---\nname: Смирнова Ольга Ивановна\norganization: shkola-hugo\npublic: true\n---\n",
	"materials/hugo-yaml.md": "---\ntitle: Приказ об утверждении Положения о методическом объединении\ntype: article\n" +
		"authors: [avtor-hugo]\norganization: shkola-hugo\ndate: 2026-01-14T09:15:00+11:00\nstatus: published\n---\n\nТекст.\n",
	"materials/hugo-toml.md": "+++\ntitle = \"Дроби в TOML\"\ntype = \"article\"\nauthors = [\"avtor-hugo\"]\norganization = \"shkola-hugo\"\n" +
		"date = 2026-01-14T09:15:00+11:00\nstatus = \"published\"\n+++\n\nТекст.\n",
	"materials/hugo-json.md": "{\n  \"title\": \"Дроби в JSON\",\n  \"type\": \"article\",\n  \"authors\": [\"avtor-hugo\"],\n" +
		"  \"organization\": \"shkola-hugo\",\n  \"date\": \"2026-01-14T09:15:00Z\",\n  \"status\": \"published\"\n}\n\nТекст.\n",
	"events/hugo-seminar.md": "+++\ntitle = \"Семинар\"\nkind = \"seminar\"\nlevel = \"municipal\"\nstart = 2026-01-14T09:15:00+11:00\n" +
		"end = 2026-01-14T11:00:00+11:00\norganizer = \"shkola-hugo\"\nstatus = \"planned\"\n+++\n",
}

// A folder of content written for Hugo imports as it is, keeps the dates
// its authors wrote (14 January, not the UTC 13th) on the records and on the
// public site, and export → import → export is byte-identical.
func TestHugoDatedContentImportsAndRoundTrips(t *testing.T) {
	dir := t.TempDir()
	for name, content := range hugoFolder {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a := emptyApp(t)
	if _, err := interchange.Import(a, dir, corpusOptions(t)); err != nil {
		t.Fatalf("import of the Hugo folder: %v", err)
	}
	for _, slug := range []string{"hugo-yaml", "hugo-toml", "hugo-json"} {
		m, err := a.FindFirstRecordByData(schema.Materials, "slug", slug)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.GetDateTime("date").Time().UTC().Format("2006-01-02"); got != "2026-01-14" {
			t.Errorf("%s: date %s, want the 2026-01-14 its author wrote", slug, got)
		}
	}

	first, second, _ := exportImportExport(t, a)
	if len(first) != len(hugoFolder) || len(second) != len(first) {
		t.Errorf("%d files in, %d and %d in the exports", len(hugoFolder), len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between the two exports:\n%s\n---\n%s", name, data, second[name])
		}
	}
	for _, name := range []string{"materials/hugo-yaml.md", "materials/hugo-toml.md", "materials/hugo-json.md"} {
		if !strings.Contains(string(first[name]), "\ndate: 2026-01-14\n") {
			t.Errorf("the export's %s does not keep the date:\n%s", name, first[name])
		}
	}
	if ev := string(first["events/hugo-seminar.md"]); !strings.Contains(ev, "\nstart: 2026-01-14T09:15:00\nend: 2026-01-14T11:00:00\n") {
		t.Errorf("the export's event does not keep its times on Sakhalin:\n%s", ev)
	}

	// the site shows the date the author wrote
	h, _ := serve(t, a)
	page := get(h, "/materials/hugo-yaml/", "")
	if page.Code != 200 || !strings.Contains(page.Body.String(), "14 января 2026") {
		t.Errorf("the material's page: %d, want «14 января 2026» on it", page.Code)
	}
}

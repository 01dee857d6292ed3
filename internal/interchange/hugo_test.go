package interchange_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
)

// readFolder reads every file under root by its slash-separated path.
func readFolder(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Content written for Hugo — dates with a time and an offset as Hugo's
// archetypes write them, in YAML, unquoted TOML and JSON — imports as it
// is: a date field keeps the calendar date its author wrote (14 January,
// although in UTC 09:15 at +11:00 is still the 13th), a date-time field the
// instant. The export writes the date, and export → import → export gives
// the same bytes.
func TestHugoDatesImportAsWrittenAndRoundTrip(t *testing.T) {
	a := empty.App(t)
	if _, err := interchange.Import(a, "testdata/hugo", sakhalin(t)); err != nil {
		t.Fatalf("import: %v", err)
	}
	day := func(collection, slug, field string) string {
		t.Helper()
		r, err := a.FindFirstRecordByData(collection, "slug", slug)
		if err != nil {
			t.Fatalf("%s/%s: %v", collection, slug, err)
		}
		return r.GetDateTime(field).Time().UTC().Format(time.RFC3339)
	}
	for _, c := range []struct{ collection, slug, field, want string }{
		{schema.Materials, "urok-yaml", "date", "2026-01-14T00:00:00Z"},
		{schema.Materials, "urok-toml", "date", "2026-01-14T00:00:00Z"},
		{schema.Materials, "urok-json", "date", "2026-01-14T00:00:00Z"},
		{schema.Materials, "urok-yaml-forms", "date", "2026-01-14T00:00:00Z"},
		{schema.Materials, "urok-toml-local", "date", "2026-01-14T00:00:00Z"},
		{schema.Materials, "urok-yaml", "published_at", "2026-01-14T00:00:00Z"},
		{schema.ContestResults, "konkurs-hugo", "date", "2026-01-14T00:00:00Z"},
		{schema.Courses, "kursy-hugo", "start", "2026-01-14T00:00:00Z"},
		{schema.Courses, "kursy-hugo", "end", "2026-01-30T00:00:00Z"},
		{schema.Events, "seminar-hugo", "start", "2026-01-13T22:15:00Z"},
		{schema.Events, "seminar-hugo", "end", "2026-01-14T11:00:00Z"},
	} {
		if got := day(c.collection, c.slug, c.field); got != c.want {
			t.Errorf("%s/%s %s = %s, want %s", c.collection, c.slug, c.field, got, c.want)
		}
	}

	one, two := t.TempDir(), t.TempDir()
	if err := interchange.Export(a, one, sakhalin(t)); err != nil {
		t.Fatal(err)
	}
	b := empty.App(t)
	if _, err := interchange.Import(b, one, sakhalin(t)); err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	if err := interchange.Export(b, two, sakhalin(t)); err != nil {
		t.Fatal(err)
	}
	first, second := readFolder(t, one), readFolder(t, two)
	if len(first) != len(second) {
		t.Errorf("the exports have %d and %d files", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between the exports:\n%s\n---\n%s", name, data, second[name])
		}
	}
	for name, want := range map[string]string{
		"materials/urok-yaml.md":          "\ndate: 2026-01-14\n",
		"materials/urok-toml.md":          "\ndate: 2026-01-14\n",
		"materials/urok-json.md":          "\ndate: 2026-01-14\n",
		"materials/urok-yaml-forms.md":    "\ndate: 2026-01-14\n",
		"materials/urok-toml-local.md":    "\ndate: 2026-01-14\n",
		"contest_results/konkurs-hugo.md": "\ndate: 2026-01-14\n",
		"courses/kursy-hugo.md":           "\nstart: 2026-01-14\nend: 2026-01-30\n",
		"events/seminar-hugo.md":          "\nstart: 2026-01-14T09:15:00\nend: 2026-01-14T22:00:00\n",
	} {
		if !strings.Contains(string(first[name]), want) {
			t.Errorf("the export's %s lacks %q:\n%s", name, want, first[name])
		}
	}
}

// Every form of a date the import accepts, and forms it refuses.
func TestImportAcceptsTheDateFormsOfRFC3339YAMLAndTOML(t *testing.T) {
	accepted := map[string]string{ // the value of date: → the date kept
		"2026-01-14":                    "2026-01-14",
		"2026-01-14T09:15:00+11:00":     "2026-01-14",
		"2026-01-14T09:15:00Z":          "2026-01-14",
		"2026-01-14t23:59:59z":          "2026-01-14",
		"2026-01-14T00:15:00-03:00":     "2026-01-14",
		"2026-01-14T09:15:00.123+11:00": "2026-01-14",
		"2026-01-14 09:15:00 +11":       "2026-01-14",
		"2026-1-4T09:15:00+1100":        "2026-01-04",
		"2026-01-14T09:15":              "2026-01-14",
		"\"2026-01-14T09:15:00+11:00\"": "2026-01-14",
	}
	refused := []string{"14.01.2026", "2026-13-01", "2026-02-30", "2026-1-4", "2026-01-14T24:00:00Z", "2026-01-14T09:15:00+25:00", "вчера"}
	dir := copyDir(t, "testdata/valid")
	i := 0
	files := map[string]string{}
	slugs := map[string]string{}
	for value, want := range accepted {
		i++
		slug := "data-" + string(rune('a'+i))
		slugs[slug] = want
		files["materials/"+slug+".md"] = strings.Replace(goodMaterial, "status: draft\n", "status: draft\ndate: "+value+"\n", 1)
	}
	writeFiles(t, dir, files)
	a := empty.App(t)
	if _, err := interchange.Import(a, dir, sakhalin(t)); err != nil {
		t.Fatalf("import: %v", err)
	}
	for slug, want := range slugs {
		r, err := a.FindFirstRecordByData(schema.Materials, "slug", slug)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.GetDateTime("date").Time().UTC().Format("2006-01-02"); got != want {
			t.Errorf("%s: date %s, want %s", files["materials/"+slug+".md"], got, want)
		}
	}
	for _, value := range refused {
		dir := copyDir(t, "testdata/valid")
		writeFiles(t, dir, map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\ndate: "+value+"\n", 1)})
		_, err := interchange.Import(empty.App(t), dir, sakhalin(t))
		if want := "materials/bad.md:7: date: неверная дата «" + value + "»"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("date %q: %v, want %q", value, err, want)
		}
	}
}

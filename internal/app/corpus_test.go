package app_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/testkit"
)

// corpusDir is the tests' own small municipality in the interchange format;
// its README lists the counts, markers and codes the tests count on.
const corpusDir = "testdata/corpus"

func corpusOptions(t testing.TB) interchange.Options {
	loc, err := time.LoadLocation("Asia/Sakhalin")
	if err != nil {
		t.Fatal(err)
	}
	return interchange.Options{TimeZone: loc}
}

func emptyApp(t *testing.T) *tests.TestApp {
	t.Helper()
	f, err := testkit.BuildEmpty(app.RegisterDefault)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f.App(t)
}

func importCorpus(t *testing.T) *tests.TestApp {
	t.Helper()
	a := emptyApp(t)
	if _, err := interchange.Import(a, corpusDir, corpusOptions(t)); err != nil {
		t.Fatalf("import corpus: %v", err)
	}
	return a
}

// handler builds the app's HTTP handler once; PocketBase's serve hooks
// may run only once per app.
func handler(t *testing.T, a *tests.TestApp) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(a)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = a.OnServe().Trigger(&core.ServeEvent{App: a, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

// anonymousList fetches every record of a collection as an anonymous reader.
func anonymousList(t *testing.T, h http.Handler, collection string) []map[string]any {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api/collections/"+collection+"/records?perPage=500", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("list %s: status %d: %s", collection, rec.Code, rec.Body.String())
	}
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestCorpusAnonymousReaderSeesExactlyThePublishedRecords(t *testing.T) {
	h := handler(t, importCorpus(t))
	want := map[string]int{"materials": 11, "practices": 3, "events": 11, "teachers": 6, "organizations": 5}
	for collection, n := range want {
		items := anonymousList(t, h, collection)
		if len(items) != n {
			t.Errorf("anonymous sees %d %s, want %d", len(items), collection, n)
		}
		raw, _ := json.Marshal(items)
		for _, marker := range []string{"PRIVATE-PROFILE-MARKER", "DRAFT-LEAK-MARKER", "ARCHIVED-LEAK-MARKER", "Тюленев", "Ключевск", "Грибанов", "Черёмухин"} {
			if bytes.Contains(raw, []byte(marker)) {
				t.Errorf("anonymous %s list contains %q", collection, marker)
			}
		}
		for _, it := range items {
			if s, ok := it["status"].(string); ok && (collection == "materials" || collection == "practices") && s != "published" {
				t.Errorf("anonymous sees %s %v with status %s", collection, it["slug"], s)
			}
		}
	}
	for _, collection := range []string{"routes", "route_steps", "mentorships", "reviews", "users"} {
		if items := anonymousList(t, h, collection); len(items) != 0 {
			t.Errorf("anonymous sees %d %s", len(items), collection)
		}
	}
}

func TestCorpusKeepsGivenCodesAndGivesEveryItemOne(t *testing.T) {
	a := importCorpus(t)
	given := map[string]string{"materials/urok-drobi-5-klass": "4BGXV7", "materials/debaty-na-urokah-obshchestvoznaniya": "D5G65J",
		"materials/razrabotka-i-realizaciya-iom": "7QC3TA", "practices/sistema-nastavnichestva-v-dou": "E0X36W", "events/metodicheskij-den-kalejdoskop-2026": "FKJEE9"}
	for key, code := range given {
		parts := strings.SplitN(key, "/", 2)
		r, err := a.FindFirstRecordByData(parts[0], "slug", parts[1])
		if err != nil {
			t.Fatal(err)
		}
		if r.GetString("qr_code") != code {
			t.Errorf("%s has code %q, want %s", key, r.GetString("qr_code"), code)
		}
	}
	for _, c := range []string{"materials", "practices", "events"} {
		records, err := a.FindAllRecords(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			if r.GetString("qr_code") == "" {
				t.Errorf("%s/%s has no code", c, r.GetString("slug"))
			}
		}
	}
}

func TestCorpusExportImportExportIsByteIdentical(t *testing.T) {
	firstFiles, secondFiles, _ := exportImportExport(t, importCorpus(t))
	// the export holds a file for every record and attachment of the
	// corpus, under the same name
	source := readTree(t, corpusDir)
	delete(source, "README.md")
	for name := range source {
		if _, ok := firstFiles[name]; !ok {
			t.Errorf("%s of the corpus is not in the export", name)
		}
	}
	if len(firstFiles) != len(source) {
		t.Errorf("the export has %d files, the corpus %d", len(firstFiles), len(source))
	}
	for name, data := range firstFiles {
		if !bytes.Equal(data, secondFiles[name]) {
			t.Errorf("%s differs between the two exports", name)
		}
	}
	for name := range secondFiles {
		if _, ok := firstFiles[name]; !ok {
			t.Errorf("%s only in the second export", name)
		}
	}
}

// exportImportExport exports a, imports the export into an empty
// installation and exports that: both exports' files, and the installation.
func exportImportExport(t *testing.T, a core.App) (first, second map[string][]byte, b core.App) {
	t.Helper()
	one := t.TempDir()
	if err := interchange.Export(a, one, corpusOptions(t)); err != nil {
		t.Fatal(err)
	}
	b = emptyApp(t)
	if _, err := interchange.Import(b, one, corpusOptions(t)); err != nil {
		t.Fatalf("import of an export: %v", err)
	}
	two := t.TempDir()
	if err := interchange.Export(b, two, corpusOptions(t)); err != nil {
		t.Fatal(err)
	}
	return readTree(t, one), readTree(t, two), b
}

func readTree(t *testing.T, root string) map[string][]byte {
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

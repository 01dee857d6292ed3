package publish_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/testkit"
)

// secretName is a teacher without a public profile who heads an
// association and is among its members: no page may name them.
const secretName = "Тайнова Секретина МАРКЕРОВНА"

type world struct {
	app      core.App
	ids      map[string]string
	settings sitesettings.Settings
}

// newWorld is the testkit fixture with a private head, an association of
// school A naming public and private people and items of every state, and
// one of the methodical service.
func newWorld(t *testing.T) *world {
	t.Helper()
	f, err := testkit.Build(app.RegisterDefault)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	w := &world{app: f.App(t), ids: map[string]string{}}
	for k, v := range f.IDs {
		w.ids[k] = v
	}
	loc := time.FixedZone("+11", 11*3600)
	w.settings = sitesettings.Settings{Title: "Методическая копилка", Municipality: "Тестовый округ", BaseURL: "https://kopilka.example",
		Location: loc, Now: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, loc) }}
	w.save(t, "tSecret", schema.Teachers, map[string]any{"name": secretName, "organization": w.ids["orgA"], "public": false})
	w.save(t, "moA", schema.Associations, map[string]any{"name": `ШМО <script>alert("mo")</script>`, "kind": "school_mo",
		"organization": w.ids["orgA"], "subjects": []string{"математика", "информатика"}, "head": w.ids["tSecret"],
		"members": []string{w.ids["tA1"], w.ids["tA2"], w.ids["tSecret"]}, "year": 2026, "theme": "Функциональная грамотность",
		"materials": []string{w.ids["matPubA1"], w.ids["matDraftA1"], w.ids["matArchA1"], w.ids["matSubA1"]},
		"events":    []string{w.ids["evA"], w.ids["evM"]}, "about": "Работаем над **функциональной** грамотностью."})
	w.save(t, "moM", schema.Associations, map[string]any{"name": "РМО учителей информатики", "kind": "rmo",
		"organization": w.ids["orgM"], "head": w.ids["tB"], "members": []string{w.ids["tB"], w.ids["tPrivB"]},
		"materials": []string{w.ids["matPubB"]}})
	return w
}

func (w *world) save(t *testing.T, key, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := w.app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := w.app.Save(r); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	w.ids[key] = r.Id
	return r
}

// update sets fields of the record saved as key.
func (w *world) update(t *testing.T, key, collection string, fields map[string]any) {
	t.Helper()
	r, err := w.app.FindRecordById(collection, w.ids[key])
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := w.app.Save(r); err != nil {
		t.Fatal(err)
	}
}

func (w *world) slug(t *testing.T, collection, key string) string {
	t.Helper()
	r, err := w.app.FindRecordById(collection, w.ids[key])
	if err != nil {
		t.Fatal(err)
	}
	if r.GetString("slug") == "" {
		t.Fatalf("%s has no slug", key)
	}
	return r.GetString("slug")
}

func association(t *testing.T, site *sitegen.Site, slug string) sitegen.Association {
	t.Helper()
	for _, a := range site.Associations {
		if a.Slug == slug {
			return a
		}
	}
	t.Fatalf("the snapshot has no association %s", slug)
	return sitegen.Association{}
}

func TestSnapshotNamesOnlyThePublicRecordsAnAssociationRefersTo(t *testing.T) {
	w := newWorld(t)
	site, err := publish.Snapshot(w.app, w.settings)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	a := association(t, site, w.slug(t, schema.Associations, "moA"))
	if a.Name != `ШМО <script>alert("mo")</script>` || a.Kind != "school_mo" || a.Organization != "school-a" ||
		a.Year != 2026 || a.Theme != "Функциональная грамотность" || !slices.Equal(a.Subjects, []string{"математика", "информатика"}) {
		t.Errorf("the association's facts: %+v", a)
	}
	if a.Head != "" {
		t.Errorf("a head without a public profile is named: %q", a.Head)
	}
	if want := []string{w.slug(t, schema.Teachers, "tA1")}; !slices.Equal(a.Members, want) {
		t.Errorf("members %v, want the public one only, %v", a.Members, want)
	}
	if want := []string{w.slug(t, schema.Materials, "matPubA1")}; !slices.Equal(a.Materials, want) {
		t.Errorf("materials %v, want the published one only, %v", a.Materials, want)
	}
	if want := []string{w.slug(t, schema.Events, "evA"), w.slug(t, schema.Events, "evM")}; !slices.Equal(a.Events, want) {
		t.Errorf("events %v, want %v", a.Events, want)
	}
	if !strings.Contains(a.AboutHTML, "<strong>функциональной</strong>") {
		t.Errorf("about is not rendered: %q", a.AboutHTML)
	}
	m := association(t, site, w.slug(t, schema.Associations, "moM"))
	if tB := w.slug(t, schema.Teachers, "tB"); m.Head != tB || !slices.Equal(m.Members, []string{tB}) || m.Organization != "imc" {
		t.Errorf("the РМО: %+v", m)
	}

	// the site built from it names nobody private, and shows the hostile
	// name as text
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
		t.Fatal(err)
	}
	forbidden := []string{secretName, "МАРКЕРОВНА", "Петрова Вера", "Скрытова", `<script>alert("mo")`, "BODY-matDraftA1", "BODY-matArchA1",
		w.slug(t, schema.Teachers, "tSecret"), w.slug(t, schema.Teachers, "tA2"), w.slug(t, schema.Materials, "matDraftA1")}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, f := range forbidden {
			if strings.Contains(string(data), f) {
				t.Errorf("%s contains %q", p, f)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "mo", a.Slug, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;mo&#34;)&lt;/script&gt;", `href="/teachers/` + a.Members[0] + `/"`,
		`href="/materials/` + a.Materials[0] + `/"`, `href="/events/` + a.Events[0] + `/"`, `href="/schools/school-a/"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the association's page lacks %q", want)
		}
	}
	school, err := os.ReadFile(filepath.Join(out, "schools", "school-a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(school), `href="/mo/`+a.Slug+`/"`) {
		t.Error("the school's page does not link its association")
	}
}

func TestAnAssociationWithoutASlugIsLeftOutAndTheCuratorsToldWhy(t *testing.T) {
	w := newWorld(t)
	if _, err := w.app.NonconcurrentDB().Update(schema.Associations, dbx.Params{"slug": ""}, dbx.HashExp{"id": w.ids["moM"]}).Execute(); err != nil {
		t.Fatal(err)
	}
	site, err := publish.Snapshot(w.app, w.settings)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	for _, a := range site.Associations {
		if a.Name == "РМО учителей информатики" {
			t.Error("an association without an address is on the site")
		}
	}
	found := false
	for _, l := range site.LeftOut {
		if l.Collection == schema.Associations && l.ID == w.ids["moM"] && l.Reason == ru.SiteLeftOutNoSlug {
			found = true
		}
	}
	if !found {
		t.Errorf("the curators are not told why: %+v", site.LeftOut)
	}
}

// A live site brings an association's page up to date when the
// association changes, and when a record it shows does.
func TestALiveSiteFollowsTheChangesAnAssociationShows(t *testing.T) {
	w := newWorld(t)
	b := &publish.Builder{App: w.app, Settings: w.settings, Theme: kopilka.SiteTheme, Root: t.TempDir()}
	defer b.Close()
	if err := b.BuildNow(); err != nil {
		t.Fatal(err)
	}
	slug := w.slug(t, schema.Associations, "moA")
	page := func() string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(b.Current(), "mo", slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	tA1 := w.slug(t, schema.Teachers, "tA1")
	if !strings.Contains(page(), "Функциональная грамотность") || !strings.Contains(page(), "/teachers/"+tA1+"/") {
		t.Fatal("the first build lacks the association's page")
	}
	update := func(key, collection string, fields map[string]any) {
		t.Helper()
		w.update(t, key, collection, fields)
		if err := b.BuildNow(); err != nil {
			t.Fatal(err)
		}
	}
	update("moA", schema.Associations, map[string]any{"theme": "Смысловое чтение"})
	if got := page(); !strings.Contains(got, "Смысловое чтение") || strings.Contains(got, "Функциональная грамотность") {
		t.Error("the association's new theme is not on its page")
	}
	update("matPubA1", schema.Materials, map[string]any{"title": "Материал в новой редакции"})
	if !strings.Contains(page(), "Материал в новой редакции") {
		t.Error("a renamed material of the association is not renamed on its page")
	}
	update("tA1", schema.Teachers, map[string]any{"public": false})
	if got := page(); strings.Contains(got, "/teachers/"+tA1+"/") || strings.Contains(got, "Иванова Анна") {
		t.Error("a member who withdrew consent is still named on the association's page")
	}
}

// A live site's snapshot keeps what it read of unchanged materials; what
// a material shows of other records — its authors, school and related
// materials — and its own edits must still be read afresh: after each
// change it describes the materials exactly as a fresh snapshot does.
func TestAKeptMaterialStillFollowsTheRecordsItNames(t *testing.T) {
	w := newWorld(t)
	rc := &publish.RecordCache{}
	if _, err := publish.SnapshotThrough(w.app, w.settings, rc); err != nil {
		t.Fatal(err)
	}
	materials := func(s *sitegen.Site) []sitegen.Material {
		out := slices.Clone(s.Materials)
		for i := range out {
			out[i].Files = slices.Clone(out[i].Files)
			for j := range out[i].Files {
				out[i].Files[j].Open = nil // a snapshot's own storage
			}
		}
		return out
	}
	for _, change := range []struct {
		name            string
		key, collection string
		fields          map[string]any
		want            func(ms []sitegen.Material) bool
	}{
		{"an author's address changes", "tA1", schema.Teachers, map[string]any{"slug": "ivanova-novaya"},
			func(ms []sitegen.Material) bool {
				return slices.ContainsFunc(ms, func(m sitegen.Material) bool { return slices.Contains(m.Authors, "ivanova-novaya") })
			}},
		{"a material is retitled", "matPubA1", schema.Materials, map[string]any{"title": "Новая редакция"},
			func(ms []sitegen.Material) bool {
				return slices.ContainsFunc(ms, func(m sitegen.Material) bool { return m.Title == "Новая редакция" })
			}},
		{"the author withdraws consent", "tA1", schema.Teachers, map[string]any{"public": false},
			func(ms []sitegen.Material) bool {
				return !slices.ContainsFunc(ms, func(m sitegen.Material) bool { return slices.Contains(m.Authors, "ivanova-novaya") })
			}},
		{"the school changes its address", "orgA", schema.Organizations, map[string]any{"slug": "shkola-a-novaya"},
			func(ms []sitegen.Material) bool {
				return slices.ContainsFunc(ms, func(m sitegen.Material) bool { return m.Organization == "shkola-a-novaya" })
			}},
		{"the material is archived", "matPubA1", schema.Materials, map[string]any{"status": schema.StatusArchived},
			func(ms []sitegen.Material) bool {
				return !slices.ContainsFunc(ms, func(m sitegen.Material) bool { return m.Title == "Новая редакция" })
			}},
		{"the material is published again", "matPubA1", schema.Materials, map[string]any{"status": schema.StatusPublished},
			func(ms []sitegen.Material) bool {
				return slices.ContainsFunc(ms, func(m sitegen.Material) bool { return m.Title == "Новая редакция" })
			}},
	} {
		t.Run(change.name, func(t *testing.T) {
			w.update(t, change.key, change.collection, change.fields)
			live, err := publish.SnapshotThrough(w.app, w.settings, rc)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := publish.Snapshot(w.app, w.settings)
			if err != nil {
				t.Fatal(err)
			}
			if got := materials(live); !change.want(got) {
				t.Errorf("the live snapshot does not show the change: %+v", got)
			}
			if got, want := materials(live), materials(fresh); !reflect.DeepEqual(got, want) {
				t.Errorf("the live snapshot differs from a fresh one:\n%+v\nwant\n%+v", got, want)
			}
			// what serve holds between publishes: the facts, not the
			// records with their Markdown
			if n := publish.KeptRecords(rc, schema.Materials); n != 0 {
				t.Errorf("the record cache keeps %d material records", n)
			}
		})
	}
}

// Every publish lists the ids and stamps of all public records: SQLite
// must answer from an index, not read each row past its Markdown.
func TestTheSnapshotListsStampsFromAnIndex(t *testing.T) {
	w := newWorld(t)
	for _, c := range []string{schema.Materials, schema.Practices, schema.Teachers, schema.Events} {
		plan, err := publish.StampsPlan(w.app, c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "COVERING INDEX") {
			t.Errorf("the stamps of %s are read from the table: %s", c, plan)
		}
	}
}

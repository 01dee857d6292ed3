package app_test

import (
	"path/filepath"
	"testing"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// TestTheLiveSiteAfterEditsEqualsAFreshBuild: the live builder reads again
// only the records changed since its last build, and relinks only the
// files that changed; after each kind of edit its site is the one a fresh
// full build of the same data makes.
func TestTheLiveSiteAfterEditsEqualsAFreshBuild(t *testing.T) {
	a := fixture.App(t)
	id := fixture.IDs
	live := &publish.Builder{App: a, Theme: kopilkaTheme, Root: filepath.Join(t.TempDir(), "pb_public"), Settings: corpusSettings(t)}
	if err := live.BuildNow(); err != nil {
		t.Fatal(err)
	}
	edit := func(collection, recordID string, fields map[string]any) func(t *testing.T) {
		return func(t *testing.T) {
			r, err := a.FindRecordById(collection, recordID)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range fields {
				r.Set(k, v)
			}
			if err := a.Save(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"a published material is retitled", edit(schema.Materials, id["matPubA1"], map[string]any{"title": "Сравнение дробей: вторая редакция"})},
		{"a draft is published", edit(schema.Materials, id["matDraftA1"], map[string]any{"status": schema.StatusPublished})},
		{"a school is renamed", edit(schema.Organizations, id["orgB"], map[string]any{"name": "МАОУ Лицей № 2"})},
		{"a teacher withdraws consent", edit(schema.Teachers, id["tB"], map[string]any{"public": false})},
		{"a material is archived", edit(schema.Materials, id["matPubB"], map[string]any{"status": schema.StatusArchived})},
		{"a material is deleted", func(t *testing.T) {
			r, err := a.FindRecordById(schema.Materials, id["matDraftA1"])
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Delete(r); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.change(t)
			if err := live.BuildNow(); err != nil {
				t.Fatal(err)
			}
			fresh := &publish.Builder{App: a, Theme: kopilkaTheme, Root: filepath.Join(t.TempDir(), "pb_public"),
				Settings: corpusSettings(t), FullBuilds: true}
			if err := fresh.BuildNow(); err != nil {
				t.Fatal(err)
			}
			testkit.SameSite(t, testkit.SiteFiles(t, live.Current()), testkit.SiteFiles(t, fresh.Current()))
		})
	}
}

package app_test

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
)

// siteFiles maps every file a built site serves to its content, following
// links as a web server does.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var walk func(p, rel string)
	walk = func(p, rel string) {
		entries, err := os.ReadDir(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			full, name := filepath.Join(p, e.Name()), path.Join(rel, e.Name())
			info, err := os.Stat(full)
			if err != nil {
				t.Fatal(err)
			}
			if info.IsDir() {
				walk(full, name)
				continue
			}
			data, err := os.ReadFile(full)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = data
		}
	}
	walk(dir, "")
	return out
}

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
			got, want := siteFiles(t, live.Current()), siteFiles(t, fresh.Current())
			var diffs []string
			for rel, w := range want {
				if g, ok := got[rel]; !ok {
					diffs = append(diffs, "missing "+rel)
				} else if !bytes.Equal(g, w) {
					diffs = append(diffs, "differs "+rel)
				}
			}
			for rel := range got {
				if _, ok := want[rel]; !ok {
					diffs = append(diffs, "extra "+rel)
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("the live site differs from a fresh build in %d files:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
		})
	}
}

package app_test

import (
	"os"
	"path/filepath"
	"testing"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// On the demo's site, the search finds what teachers type: the
// abbreviations of their trade and a word of four letters not typed to
// its end; every file a query loads is there.
func TestTheDemoSearchFindsAbbreviationsAndPrefixes(t *testing.T) {
	a, _ := demoServer(t)
	site, err := publish.Snapshot(a, corpusSettings(t))
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(out)
	for _, q := range []string{"ИОМ", "ФГОС", "ОГЭ", "ВПР", "ШМО", "РМО", "КПК", "кпк", "грам", "наставн", "функциональная грамотность"} {
		res, err := sitegen.Search(fsys, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if res.Total == 0 || len(res.URLs) == 0 {
			t.Errorf("«%s» finds nothing in the demo", q)
		}
		for _, f := range res.Files {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
				t.Errorf("«%s» loads %s, which is not there", q, f)
			}
		}
	}
}

package sitegen_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// A municipality's materials/section.html that counts .Pages printed 2
// after a full build, 1 after one edit and 0 in a build split in parts.
// Every kind of build now refuses it, naming the file and the line, and
// builds again once it is fixed.
func TestARestyledTemplateCountingPagesFailsEveryKindOfBuild(t *testing.T) {
	root := t.TempDir()
	override := filepath.Join(root, "pb_site")
	if err := os.MkdirAll(filepath.Join(override, "layouts", "materials"), 0o755); err != nil {
		t.Fatal(err)
	}
	section := filepath.Join(override, "layouts", "materials", "section.html")
	if err := os.WriteFile(section, []byte("{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n<p>Материалов: {{ len .Pages }}</p>\n{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := fixtureSite(t)
	want := "layouts/materials/section.html:3:"
	check := func(kind string, err error) {
		t.Helper()
		if !errors.Is(err, sitegen.ErrContract) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "shelf_items") {
			t.Fatalf("%s: %v, want the contract error naming %s and the data to use", kind, err, want)
		}
	}
	for _, perRun := range []int{0, 1} { // one Hugo run, and a part per page
		_, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Override: override, PagesPerRun: perRun,
			Out: filepath.Join(root, "full", strings.Repeat("x", perRun+1))})
		check("full build", err)
	}
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme, Override: override})
	defer live.Close()
	_, err := live.Build(s, filepath.Join(root, "b1"))
	check("live build", err)

	// the advised data gives the right count in every build
	if err := os.WriteFile(section, []byte("{{ define \"main\" }}\n{{ $d := site.GetPage \"/lists/front/materials\" }}\n<p>Материалов: {{ $d.Params.shelf_total }}</p>\n{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantCount := "Материалов: " + strconv.Itoa(len(s.Materials))
	out := filepath.Join(root, "parts")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Override: override, PagesPerRun: 1, Out: out}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out, "materials/index.html"); !strings.Contains(got, wantCount) {
		t.Errorf("a build in parts: no %q", wantCount)
	}
	if _, err := live.Build(s, filepath.Join(root, "b2")); err != nil {
		t.Fatal(err)
	}
	s.Materials[0].Title += " (исправлено)"
	if _, err := live.Build(s, filepath.Join(root, "b3")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(root, "b3"), "materials/index.html"); !strings.Contains(got, wantCount) {
		t.Errorf("a live build after one edit: no %q", wantCount)
	}
}

package sitegen_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/testkit"
)

// without drops the files under prefix.
func without(m map[string][]byte, prefix string) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range m {
		if !strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}

// addTeacherWithPhoto adds a public teacher with a photo, to withdraw later.
func addTeacherWithPhoto(s *sitegen.Site) {
	s.Teachers = append(s.Teachers, sitegen.Teacher{Slug: "petrov", Name: "Петров Пётр", Organization: "sosh-1",
		Photo: &sitegen.File{Name: "petrov.jpg", Size: 3, Key: "petrov_a1.jpg", Open: pdf}})
}

func TestLiveBuildAfterChangesEqualsAFullBuildAndKeepsEarlierBuildsIntact(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()

	s := fixtureSite(t)
	addTeacherWithPhoto(s)
	first := filepath.Join(root, "build-1")
	if _, err := live.Build(s, first); err != nil {
		t.Fatal(err)
	}
	before := testkit.SiteFiles(t, first)
	for _, rel := range []string{"teachers/petrov/index.html", "files/teachers/petrov/petrov.jpg", "materials/xss/index.html", "q/5MP3HY/index.html", "qr/5MP3HY.svg"} {
		if _, ok := before[rel]; !ok {
			t.Fatalf("the first build lacks %s", rel)
		}
	}

	// a curator publishes a material and edits another, a material is
	// archived and a teacher withdraws consent
	s = fixtureSite(t)
	s.Materials[0].Title = "Сравнение дробей (новая редакция)"
	s.Materials = s.Materials[:1]
	s.Materials = append(s.Materials, sitegen.Material{Slug: "novyj", Title: "Новый материал о процентах", Type: "lesson-plan",
		Subjects: []string{"математика"}, Levels: []string{"ooo"}, Tags: []string{"проценты"}, Organization: "sosh-1",
		QRCode: "7QWXYZ", PublishedAt: s.Now.Add(-time.Hour), Updated: s.Now.Add(-time.Hour), BodyHTML: "<p>Проценты.</p>"})
	second := filepath.Join(root, "build-2")
	st, err := live.Build(s, second)
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(root, "full")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, second), testkit.SiteFiles(t, full))
	got := testkit.SiteFiles(t, second)
	if !strings.Contains(string(got["materials/novyj/index.html"]), "Новый материал о процентах") {
		t.Error("the new material's page is not in the second build")
	}
	for _, rel := range []string{"teachers/petrov/index.html", "files/teachers/petrov/petrov.jpg", "materials/xss/index.html", "q/5MP3HY/index.html", "qr/5MP3HY.svg"} {
		if _, ok := got[rel]; ok {
			t.Errorf("%s is still published after it was withdrawn", rel)
		}
	}
	// the first build, perhaps still being read, is exactly as it was, but
	// for the QR images and short link redirects all builds share: each
	// never changes, and those of codes no longer on the site are gone
	testkit.SameSite(t, without(without(testkit.SiteFiles(t, first), "qr/"), "q/"), without(without(before, "qr/"), "q/"))
	for rel, data := range testkit.SiteFiles(t, first) {
		if (strings.HasPrefix(rel, "qr/") || strings.HasPrefix(rel, "q/")) && !bytes.Equal(data, got[rel]) {
			t.Errorf("%s of the first build is not that of the second", rel)
		}
	}
	if st.Pages == 0 || len(st.Phases) == 0 {
		t.Errorf("stats: %+v", st)
	}

	// nothing changed: nothing is rendered, the site is the same
	third := filepath.Join(root, "build-3")
	if _, err := live.Build(s, third); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, third), got)
}

func TestLiveBuildWithABrokenTemplateFailsAndRecovers(t *testing.T) {
	root := t.TempDir()
	override := filepath.Join(root, "pb_site")
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme, Override: override})
	defer live.Close()
	s := fixtureSite(t)
	if _, err := live.Build(s, filepath.Join(root, "b1")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(override, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(override, "layouts", "home.html"), []byte("{{ define \"main\" }}\n\n{{ .Nope.Broken }}{{ end }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := live.Build(s, filepath.Join(root, "b2"))
	if err == nil || !strings.Contains(err.Error(), "home.html:3") {
		t.Fatalf("a broken template: %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(root, "b2")); statErr == nil {
		t.Error("a failed build left its folder")
	}
	os.RemoveAll(override)
	if _, err := live.Build(s, filepath.Join(root, "b3")); err != nil {
		t.Fatalf("after the template is fixed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "b3", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestLiveBuildRendersAgainOnlyThePagesAPublishChanges(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := bank(t, 45)
	before := filepath.Join(root, "before")
	if _, err := live.Build(s, before); err != nil {
		t.Fatal(err)
	}
	// a physics lesson for the same level as every lesson of the bank
	s.Materials = append(s.Materials, sitegen.Material{Slug: "a-fizika", Title: "Законы Ньютона", Type: "article",
		Subjects: []string{"физика"}, Levels: []string{"ooo"}, Organization: "imc", QRCode: "8ABCDE",
		PublishedAt: s.Now, Updated: s.Now})
	after := filepath.Join(root, "after")
	if _, err := live.Build(s, after); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, after, "materials/a-fizika/index.html"), "Законы Ньютона") {
		t.Error("the new material is not published")
	}
	// pages it does not appear on are shared with the last build, not
	// rendered again (a count of the level's materials on every page of
	// the level once made every one of them change)
	for _, rel := range []string{"materials/urok-030/index.html", "materials/urok-040/index.html", "events/seminar-drobi/index.html", "teachers/ivanova-anna/index.html"} {
		a, errA := os.Stat(filepath.Join(before, rel))
		b, errB := os.Stat(filepath.Join(after, rel))
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			t.Errorf("%s was rendered again though nothing on it changed", rel)
		}
	}
}

func TestLiveBuildInARelativeFolderBuildsEveryPage(t *testing.T) {
	t.Chdir(t.TempDir()) // serve keeps its builds in pb_public, relative to where it runs
	live := sitegen.NewLive(filepath.Join("pb_public", ".live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	if _, err := live.Build(fixtureSite(t), filepath.Join("pb_public", "build-1")); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"index.html", "materials/index.html", "materials/urok-drobi/index.html", "404.html"} {
		if _, err := os.Stat(filepath.Join("pb_public", "build-1", rel)); err != nil {
			t.Errorf("the build lacks %s: %v", rel, err)
		}
	}
}

func TestLiveBuildEqualsAFullBuildAfterEachKindOfChange(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *sitegen.Site)
	}{
		{"the municipality is renamed", func(s *sitegen.Site) { s.Municipality = "Городской округ Новый" }},
		{"the site is retitled", func(s *sitegen.Site) { s.Title = "Копилка округа" }},
		{"a practice is published", func(s *sitegen.Site) {
			s.Practices = append(s.Practices, sitegen.Practice{Slug: "novaya", Title: "Новая практика наставничества",
				Organization: "sosh-1", PublishedAt: s.Now, Updated: s.Now})
		}},
		{"an event is over", func(s *sitegen.Site) { s.Now = s.Now.AddDate(1, 2, 0) }},
		{"a teacher is renamed and a school moves", func(s *sitegen.Site) {
			s.Teachers[0].Name = "Иванова-Смирнова Анна Петровна"
			s.Organizations[0].Address = "ул. Новая, 1"
		}},
		{"a best practice loses its mark", func(s *sitegen.Site) {
			for i := range s.Materials {
				s.Materials[i].BestPractice = false
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
			defer live.Close()
			s := fixtureSite(t)
			if _, err := live.Build(s, filepath.Join(root, "before")); err != nil {
				t.Fatal(err)
			}
			s = fixtureSite(t)
			tt.change(s)
			if _, err := live.Build(s, filepath.Join(root, "after")); err != nil {
				t.Fatal(err)
			}
			full := filepath.Join(root, "full")
			if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
				t.Fatal(err)
			}
			testkit.SameSite(t, testkit.SiteFiles(t, filepath.Join(root, "after")), testkit.SiteFiles(t, full))
		})
	}
}

func TestARestartedLiveSiteKeepsTheServedSitesQRImages(t *testing.T) {
	root := t.TempDir()
	s := fixtureSite(t)
	first := filepath.Join(root, "build-1")
	live := sitegen.NewLive(filepath.Join(root, ".live"), sitegen.Options{Theme: kopilka.SiteTheme})
	if _, err := live.Build(s, first); err != nil {
		t.Fatal(err)
	}
	served := testkit.SiteFiles(t, first)
	if _, ok := served["qr/4BGXV7.png"]; !ok {
		t.Fatal("the first build has no QR image of its material")
	}
	// a new process starts over with a full build while build-1 is served
	restarted := sitegen.NewLive(filepath.Join(root, ".live"), sitegen.Options{Theme: kopilka.SiteTheme})
	if _, err := restarted.Build(s, filepath.Join(root, "build-2")); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, first), served)
	testkit.SameSite(t, testkit.SiteFiles(t, filepath.Join(root, "build-2")), served)
}

func TestARecycledBuildFolderIsBroughtUpToDateWithEachChange(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := fixtureSite(t)
	addTeacherWithPhoto(s)
	steps := []struct {
		name   string
		change func(s *sitegen.Site)
	}{
		{"a material is published", func(s *sitegen.Site) {
			s.Materials = append(s.Materials, sitegen.Material{Slug: "novyj", Title: "Новый материал о процентах", Type: "lesson-plan",
				Subjects: []string{"математика"}, Levels: []string{"ooo"}, Organization: "sosh-1", QRCode: "7QWXYZ",
				PublishedAt: s.Now, Updated: s.Now, Files: []sitegen.File{{Name: "plan.pdf", Size: 2048, Format: "PDF", Key: "plan_1.pdf", Open: pdf}}})
		}},
		{"a teacher withdraws consent", func(s *sitegen.Site) { s.Teachers = s.Teachers[:len(s.Teachers)-1] }},
		{"a material is edited and its file replaced", func(s *sitegen.Site) {
			s.Materials[0].Title = "Сравнение дробей (вторая редакция)"
			f := &s.Materials[0].Files[0]
			f.Key, f.Size = "konspekt_2.pdf", 26
			f.Open = func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader("%PDF-1.4 вторая редакция")), nil
			}
		}},
		{"nothing changes", func(s *sitegen.Site) {}},
		{"a material is archived", func(s *sitegen.Site) { s.Materials = s.Materials[1:] }},
	}
	last := filepath.Join(root, "build-first")
	if _, err := live.Build(s, last); err != nil {
		t.Fatal(err)
	}
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.change(s)
			recycled, _ := os.Stat(last)
			live.Recycle(last) // nobody reads the build before last any more
			out := filepath.Join(root, fmt.Sprintf("build-%d", i))
			if _, err := live.Build(s, out); err != nil {
				t.Fatal(err)
			}
			// the first publish takes the copy the full build left; from
			// then on each takes the folder recycled before it
			if now, err := os.Stat(out); i >= 1 && (err != nil || !os.SameFile(now, recycled)) {
				t.Errorf("the build is not the recycled folder brought up to date")
			}
			full := filepath.Join(root, fmt.Sprintf("full-%d", i))
			if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
				t.Fatal(err)
			}
			testkit.SameSite(t, testkit.SiteFiles(t, out), testkit.SiteFiles(t, full))
			last = out
		})
	}
}

func TestAMaterialCalledIndexKeepsItsPageAndTheBank(t *testing.T) {
	s := fixtureSite(t)
	m := s.Materials[0]
	m.Slug, m.QRCode, m.Title, m.Tags = "index", "9INDEX", "Указатель терминов", []string{"index"}
	s.Materials = append(s.Materials, m)
	out := build(t, s)
	for file, want := range map[string]string{
		"materials/index/index.html": "<h1>Указатель терминов</h1>",
		"materials/index.html":       "Банк методических материалов",
		"tags/index/index.html":      "Указатель терминов",
	} {
		if got := read(t, out, file); !strings.Contains(got, want) {
			t.Errorf("%s lacks %q", file, want)
		}
	}
}

func TestASiteRenderedInPartsEqualsOneRenderedWhole(t *testing.T) {
	s := bank(t, 45)
	root := t.TempDir()
	whole, parts := filepath.Join(root, "whole"), filepath.Join(root, "parts")
	st, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: whole})
	if err != nil {
		t.Fatal(err)
	}
	// a Hugo run for every seven pages
	stParts, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: parts, PagesPerRun: 7})
	if err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, parts), testkit.SiteFiles(t, whole))
	if stParts.Pages != st.Pages {
		t.Errorf("in parts %d pages, whole %d", stParts.Pages, st.Pages)
	}
	// and the live site's full build
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme, PagesPerRun: 7})
	defer live.Close()
	if _, err := live.Build(s, filepath.Join(root, "live-1")); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, filepath.Join(root, "live-1")), testkit.SiteFiles(t, whole))
}

// folderNames lists the names in dir matching pattern.
func folderNames(t *testing.T, dir, pattern string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range found {
		names = append(names, filepath.Base(f))
	}
	return names
}

// As serve runs it: the full build leaves a spare folder, and while each
// later build runs one is linked from the build before; the build takes
// that folder, relinking only what changed,
// and the folders of builds nobody reads any more are reused where they
// are or removed, so a series of builds leaves the working folders, one
// spare and the live build.
func TestEachBuildTakesTheSparePreparedBesideIt(t *testing.T) {
	root := t.TempDir()
	work := filepath.Join(root, "live")
	live := sitegen.NewLive(work, sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := fixtureSite(t)
	addTeacherWithPhoto(s)
	last := filepath.Join(root, "build-0")
	if _, err := live.Build(s, last); err != nil {
		t.Fatal(err)
	}
	var earlier []string
	for i := 1; i <= 4; i++ {
		link := live.PrepareLater()
		linked := make(chan struct{})
		switch {
		case i == 1 && link != nil:
			t.Fatal("the full build left no spare for the first publish")
		case i == 1:
			close(linked)
		case link == nil:
			t.Fatalf("build %d: no spare to link", i)
		case live.PrepareLater() != nil:
			t.Fatalf("build %d: a second spare while one is being linked", i)
		default:
			go func() { link(); close(linked) }() // beside the build, which waits for it
		}
		served := testkit.SiteFiles(t, last)
		switch i {
		case 1:
			s.Materials = append(s.Materials, sitegen.Material{Slug: "novyj", Title: "Новый материал о процентах", Type: "lesson-plan",
				Subjects: []string{"математика"}, Levels: []string{"ooo"}, Organization: "sosh-1", QRCode: "7QWXYZ",
				PublishedAt: s.Now, Updated: s.Now})
		case 2:
			s.Teachers = s.Teachers[:len(s.Teachers)-1] // consent withdrawn: page and photo go
		case 3:
			s.Materials[0].Title = "Сравнение дробей (вторая редакция)"
		case 4:
			s.Materials = s.Materials[1:]
		}
		out := filepath.Join(root, fmt.Sprintf("build-%d", i))
		if _, err := live.Build(s, out); err != nil {
			t.Fatal(err)
		}
		<-linked
		if spares := folderNames(t, work, "spare-*"); len(spares) > 0 {
			t.Errorf("build %d did not take the spare linked for it: %v left", i, spares)
		}
		full := filepath.Join(root, fmt.Sprintf("full-%d", i))
		if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
			t.Fatal(err)
		}
		testkit.SameSite(t, testkit.SiteFiles(t, out), testkit.SiteFiles(t, full))
		// the build before, linked into the spare, is as it was served but
		// for the folders of QR images and short links all builds share
		testkit.SameSite(t, without(without(testkit.SiteFiles(t, last), "qr/"), "q/"), without(without(served, "qr/"), "q/"))
		os.RemoveAll(full)
		earlier, last = append(earlier, last), out
	}
	// nobody reads the earlier builds: the newest becomes the spare where
	// it is, the rest go
	for i := len(earlier) - 1; i >= 0; i-- {
		live.Recycle(earlier[i])
	}
	if got := folderNames(t, root, "build-*"); !slices.Equal(got, []string{"build-3", "build-4"}) {
		t.Errorf("build folders left: %v, want build-4 and the spare build-3", got)
	}
	// what the builds replaced is kept aside until taken, never freed
	// while one runs
	if live.Trash() == 0 {
		t.Error("no replaced file was kept aside")
	}
	if trash := live.TakeTrash(); trash == "" || live.Trash() != 0 {
		t.Error("the trash was not taken")
	} else if err := os.RemoveAll(trash); err != nil {
		t.Fatal(err)
	}
	if got := folderNames(t, work, "*"); len(got) != 2 || !slices.Contains(got, "stage") {
		t.Errorf("the working folder holds %v, want its stage and shared folder", got)
	}
	spare, err := os.Stat(filepath.Join(root, "build-3"))
	if err != nil {
		t.Fatal(err)
	}
	s.Materials[0].Title = "Сравнение дробей (третья редакция)"
	out := filepath.Join(root, "build-5")
	if _, err := live.Build(s, out); err != nil {
		t.Fatal(err)
	}
	if now, err := os.Stat(out); err != nil || !os.SameFile(now, spare) {
		t.Error("the build is not the folder reused where it was")
	}
	full := filepath.Join(root, "full-5")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, out), testkit.SiteFiles(t, full))
}

package sitegen_test

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	toml "github.com/pelletier/go-toml/v2"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/testkit"
)

// renaming is a municipality's pb_site/i18n/ru.toml: two words renamed,
// one in the short form go-i18n also reads, and a heading with markup in
// it, which is shown as text.
const renaming = `newest_materials = "Свежие материалы"

[search_label]
other = "Найти в копилке округа"

[best_practices]
other = "<b>Лучшее</b> округа"
`

// overrideWith writes files (slash paths) into a new pb_site folder.
func overrideWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pb_site")
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkRenamed checks the home page of the site in out shows the words of
// renaming and the theme's words it does not mention.
func checkRenamed(t *testing.T, out string) {
	t.Helper()
	home := read(t, out, "index.html")
	for _, want := range []string{`<label for="q">Найти в копилке округа</label>`, "<h2>Свежие материалы</h2>",
		"<h2>&lt;b&gt;Лучшее&lt;/b&gt; округа</h2>",
		// the words it does not mention stay the theme's
		"<h2>Ближайшие мероприятия</h2>", `<button type="submit">Найти</button>`, `placeholder="например, дроби или наставничество"`} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	for _, gone := range []string{"Поиск по копилке", "Новые материалы", "<b>Лучшее</b>"} {
		if strings.Contains(home, gone) {
			t.Errorf("the home page still has %q", gone)
		}
	}
	if search := read(t, out, "search/index.html"); !strings.Contains(search, `<label for="q">Что найти</label>`) {
		t.Error("the search page lost the theme's label")
	}
}

func TestOverrideTranslationsRenameOnlyTheWordsTheyHold(t *testing.T) {
	override := overrideWith(t, map[string]string{"i18n/ru.toml": renaming})
	out := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Override: override, Out: out}); err != nil {
		t.Fatal(err)
	}
	checkRenamed(t, out)
}

func TestLiveBuildPicksUpRenamedWords(t *testing.T) {
	root := t.TempDir()
	override := filepath.Join(root, "pb_site")
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme, Override: override})
	defer live.Close()
	s := fixtureSite(t)
	if _, err := live.Build(s, filepath.Join(root, "b1")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, filepath.Join(root, "b1"), "index.html"), "Поиск по копилке") {
		t.Fatal("the theme's label is not on the first build")
	}
	// the municipality renames words while the site runs
	if err := os.MkdirAll(filepath.Join(override, "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(override, "i18n", "ru.toml"), []byte(renaming), 0o644); err != nil {
		t.Fatal(err)
	}
	b2 := filepath.Join(root, "b2")
	if _, err := live.Build(s, b2); err != nil {
		t.Fatal(err)
	}
	checkRenamed(t, b2)
	full := filepath.Join(root, "full")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Override: override, Out: full}); err != nil {
		t.Fatal(err)
	}
	testkit.SameSite(t, testkit.SiteFiles(t, b2), testkit.SiteFiles(t, full))
}

func TestAMalformedOverrideTranslationFailsTheBuildNamingItsFile(t *testing.T) {
	override := overrideWith(t, map[string]string{"i18n/ru.toml": "[search_label]\nother = \"Найти\"\n[newest_materials\nother = \"Свежие\"\n"})
	out := filepath.Join(t.TempDir(), "site")
	_, err := sitegen.Build(fixtureSite(t), sitegen.Options{Theme: kopilka.SiteTheme, Override: override, Out: out})
	want := filepath.Join("pb_site", "i18n", "ru.toml") + ":3:"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want one naming %s", err, want)
	}
	if _, statErr := os.Stat(out); statErr == nil {
		t.Error("a failed build left its folder")
	}
	// and the live site
	live := sitegen.NewLive(filepath.Join(t.TempDir(), "live"), sitegen.Options{Theme: kopilka.SiteTheme, Override: override})
	defer live.Close()
	if _, err := live.Build(fixtureSite(t), filepath.Join(t.TempDir(), "b1")); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("live: err = %v, want one naming %s", err, want)
	}
}

func TestYearsOfExperienceAgreeWithTheNumber(t *testing.T) {
	s := fixtureSite(t)
	want := map[int]string{1: "1 год", 2: "2 года", 4: "4 года", 5: "5 лет", 11: "11 лет", 12: "12 лет", 14: "14 лет", 21: "21 год", 22: "22 года", 101: "101 год", 111: "111 лет", 112: "112 лет"}
	for years := range want {
		s.Teachers = append(s.Teachers, sitegen.Teacher{Slug: fmt.Sprintf("t-%d", years), Name: fmt.Sprintf("Педагог %d", years),
			Organization: "sosh-1", ExperienceYears: years})
	}
	out := build(t, s)
	for years, w := range want {
		if page := read(t, out, fmt.Sprintf("teachers/t-%d/index.html", years)); !strings.Contains(page, "<dd>"+w+"</dd>") {
			t.Errorf("%d years of experience are not shown as %q", years, w)
		}
	}
}

// themeLayouts is every template of the theme's layouts/ (not its notes,
// such as README.md), by path.
func themeLayouts(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(kopilka.SiteTheme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) == ".md" {
			return err
		}
		data, err := fs.ReadFile(kopilka.SiteTheme, p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEveryTranslationKeyOfTheLayoutsIsInTheThemeAndUsed(t *testing.T) {
	data, err := fs.ReadFile(kopilka.SiteTheme, "i18n/ru.toml")
	if err != nil {
		t.Fatal(err)
	}
	var words map[string]map[string]string
	if err := toml.Unmarshal(data, &words); err != nil {
		t.Fatalf("i18n/ru.toml: %v", err)
	}
	used := map[string]bool{}
	call := regexp.MustCompile(`\b(?:i18n|T|lang\.Translate)\s+"([^"]+)"`)
	for p, src := range themeLayouts(t) {
		for _, m := range call.FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
			if _, ok := words[m[1]]; !ok {
				t.Errorf("%s prints %q, which i18n/ru.toml lacks", p, m[1])
			}
		}
	}
	var unused []string
	for k, forms := range words {
		if !used[k] {
			unused = append(unused, k)
		}
		if forms["other"] == "" {
			t.Errorf("i18n/ru.toml: %s has no \"other\" form", k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("i18n/ru.toml has keys no template prints: %v", unused)
	}
}

func TestNoInterfaceWordIsLeftInTheLayouts(t *testing.T) {
	actions := regexp.MustCompile(`(?s){{.*?}}`)
	comments := regexp.MustCompile(`(?s)<!--.*?-->`)
	cyrillic := regexp.MustCompile(`\p{Cyrillic}[\p{Cyrillic}\s\p{P}]*`)
	literal := regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")
	for p, src := range themeLayouts(t) {
		for _, word := range cyrillic.FindAllString(comments.ReplaceAllString(actions.ReplaceAllString(src, " "), " "), -1) {
			t.Errorf("%s prints %q itself: it belongs in i18n/ru.toml", p, strings.TrimSpace(word))
		}
		// nor in a string an action prints, such as a teacher's roles
		for _, action := range actions.FindAllString(src, -1) {
			for _, s := range literal.FindAllString(action, -1) {
				if cyrillic.MatchString(s) {
					t.Errorf("%s: %s has the words %s: they belong in i18n/ru.toml", p, action, s)
				}
			}
		}
	}
}

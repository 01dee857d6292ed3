package sitegen

import (
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
)

// The restylers' reference is generated from the page kinds; the file in
// the repository is what they read.
func TestLayoutsReferenceIsUpToDate(t *testing.T) {
	const path = "../../layouts/README.md"
	want := Reference()
	if strings.Contains(want, "{{") || strings.Contains(want, "}}") {
		// Hugo parses every file of layouts/ as a template, README.md too
		t.Fatal("the reference holds template delimiters: Hugo would parse them in layouts/README.md")
	}
	if os.Getenv("KOPILKA_UPDATE_REFERENCE") == "1" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; write it with KOPILKA_UPDATE_REFERENCE=1 go test ./internal/sitegen -run TestLayoutsReferenceIsUpToDate", err)
	}
	if string(got) != want {
		t.Error("layouts/README.md is not what sitegen.Reference generates from internal/sitegen/pagedata.go; " +
			"rewrite it with KOPILKA_UPDATE_REFERENCE=1 go test ./internal/sitegen -run TestLayoutsReferenceIsUpToDate")
	}
}

// paramRead is a template reading a page's parameter: .Params.key,
// $.Params.key, $data.Params.key, (site.GetPage "…").Params.key; not the
// site's parameters.
var paramRead = regexp.MustCompile(`([\w$]*)\.Params\.(\w+)`)

// Every .Params.<key> a kind's templates read is a field of its struct,
// so the reference names all a template may use. A partial several kinds
// share may read a field of any of them.
func TestTemplatesReadOnlyTheParamsOfTheirPageKinds(t *testing.T) {
	declared := map[string]map[string]bool{} // template → keys its kinds have
	for _, k := range PageKinds {
		keys := map[string]bool{}
		for _, f := range docFields(reflect.TypeOf(k.Data)) {
			keys[f.key] = true
		}
		for _, file := range append([]string{k.Layout}, k.Partials...) {
			if declared[file] == nil {
				declared[file] = map[string]bool{}
			}
			for key := range keys {
				declared[file][key] = true
			}
		}
		if k.GetPage != "" {
			src, err := fs.ReadFile(kopilka.SiteTheme, k.Layout)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), `site.GetPage "`+k.GetPage+`"`) {
				t.Errorf("%s does not read %s with site.GetPage %q", k.Layout, k.Name, k.GetPage)
			}
		}
	}
	files := sortedKeys(declared)
	for _, file := range files {
		src, err := fs.ReadFile(kopilka.SiteTheme, file)
		if err != nil {
			t.Errorf("page kinds name %s: %v", file, err)
			continue
		}
		n := 0
		for _, m := range paramRead.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "site" || m[1] == "Site" {
				continue
			}
			n++
			if !declared[file][m[2]] {
				t.Errorf("%s reads .Params.%s, which no page kind it renders has (pagedata.go)", file, m[2])
			}
		}
		if n == 0 && file != "layouts/materials/section.html" && file != "layouts/practices/section.html" && file != "layouts/lists/page.html" {
			t.Errorf("%s reads no .Params: the pattern no longer finds them", file)
		}
	}
}

// Every field a template may read has a key and a description, and so
// has every struct the reference shows.
func TestEveryFieldOfThePageDataIsDocumented(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var check func(st reflect.Type, top bool)
	check = func(st reflect.Type, top bool) {
		if seen[st] {
			return
		}
		seen[st] = true
		if own, ok := st.FieldByName("_"); !top && (!ok || own.Tag.Get("doc") == "") {
			t.Errorf("%s has no description: a blank first field with a doc tag", st.Name())
		}
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			if f.Name == "_" || f.Anonymous {
				continue
			}
			if f.Tag.Get("json") == "" || f.Tag.Get("doc") == "" {
				t.Errorf("%s.%s lacks a json or doc tag", st.Name(), f.Name)
			}
		}
		for _, f := range docFields(st) {
			for _, n := range structsIn(f.typ) {
				check(n, false)
			}
		}
	}
	names := map[string]bool{}
	for _, k := range PageKinds {
		if names[k.Name] {
			t.Errorf("two page kinds are called %s", k.Name)
		}
		names[k.Name] = true
		if k.About == "" || k.Content == "" || k.Layout == "" || (k.URL == "") == (k.GetPage == "") {
			t.Errorf("page kind %s: it needs what it is, its content file, its layout, and an address or a GetPage path", k.Name)
		}
		check(reflect.TypeOf(k.Data), true)
	}
}

// encodePage splices the cards in; what it writes of each page of a site
// is what json.Marshal writes of the same front matter.
func TestEncodePageOfEveryKindWritesWhatJSONMarshalWrites(t *testing.T) {
	s := smallSite()
	cal := newCalendar(s)
	dir := newTree()
	rf := newRefs(s)
	cd, err := newCards(s, rf, cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeContent(dir, s, cal, rf, cd, nil); err != nil {
		t.Fatal(err)
	}
	if err := writeData(dir, s, cal, cd); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, pp := range dir.pending {
		kinds[reflect.TypeOf(pp.p).Name()] = true
		want, err := json.Marshal(pp.p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodePage(pp.p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: encodePage:\n%s\njson.Marshal:\n%s", pp.rel, got, want)
		}
	}
	for _, k := range PageKinds {
		if name := reflect.TypeOf(k.Data).Name(); !kinds[name] {
			t.Errorf("the site has no page of %s (%s)", k.Name, name)
		}
	}
}

// smallSite has one of everything, and a shelf longer than a page.
func smallSite() *Site {
	loc := time.FixedZone("+11", 11*3600)
	at := time.Date(2025, 11, 3, 15, 0, 0, 0, loc)
	s := &Site{Title: "Копилка", Municipality: "Округ", BaseURL: "https://kopilka.example", Location: loc, Now: at,
		Organizations: []Organization{{Slug: "sosh-1", Name: "МБОУ СОШ № 1", Kind: "school"}},
		Teachers:      []Teacher{{Slug: "anna", Name: "Анна", Organization: "sosh-1", Photo: &File{Name: "a.jpg"}}},
		Practices:     []Practice{{Slug: "klub", Title: "Клуб", Organization: "sosh-1", Authors: []string{"anna"}, Materials: []string{"m-0"}, PublishedAt: at}},
		Events: []Event{{Slug: "seminar", Title: "Семинар", Organizer: "sosh-1", Start: at, Materials: []string{"m-1"}, QRCode: "abc"},
			{Slug: "past", Title: "Прошлое", Start: at.AddDate(0, -1, 0), AllDay: true, Status: "cancelled", Subjects: []string{"математика"}}},
		Certificates: []Certificate{{Number: "7", Title: "Свидетельство", TeacherName: "Анна", Teacher: "anna"}},
		Associations: []Association{{Slug: "shmo", Name: "ШМО", Kind: "school_mo", Organization: "sosh-1", Head: "anna",
			Members: []string{"anna"}, Year: 2025, Materials: []string{"m-0"}, Events: []string{"seminar", "past"}, Updated: at}},
		IOM: IOMFigure{SchoolYear: "2025/26", Teachers: 3},
	}
	for i := range ShelfSize + 3 {
		s.Materials = append(s.Materials, Material{Slug: "m-" + string(rune('a'+i)), Title: "Урок <b>", Type: "lesson-plan",
			Subjects: []string{"математика"}, Levels: []string{"ooo"}, Tags: []string{"дроби"}, Organization: "sosh-1",
			Authors: []string{"anna"}, BestPractice: i%2 == 0, PublishedAt: at.AddDate(0, 0, -i), Updated: at,
			Files: []File{{Name: "a.pdf", Size: 2048, Format: "PDF"}}})
	}
	s.Materials[0].Slug, s.Materials[1].Slug = "m-0", "m-1"
	sort.SliceStable(s.Materials, func(i, j int) bool { return s.Materials[i].Slug < s.Materials[j].Slug })
	return s
}

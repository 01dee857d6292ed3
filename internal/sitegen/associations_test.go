package sitegen_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/testkit"
)

// hostileMO is the name and theme of an association a school's editor
// wrote to break the pages.
const (
	hostileMOName  = `</script><script>alert("mo")</script>`
	hostileMOTheme = `"><img src=x onerror=alert("mo")>`
)

// withAssociations is the fixture with a school's ШМО, the municipality's
// РМО and a hostile creative group. The ШМО names, as the snapshot would,
// only slugs of public records; "skrytaya" is a slug no public teacher
// has, as if a model came from elsewhere: it must name nobody.
func withAssociations(t testing.TB) *sitegen.Site {
	s := fixtureSite(t)
	s.Teachers = append(s.Teachers, sitegen.Teacher{Slug: "petrova-vera", Name: "Петрова Вера Ильинична", Organization: "sosh-1",
		Position: "учитель математики"})
	s.Associations = []sitegen.Association{
		{Slug: "shmo-matematiki", Name: "ШМО учителей математики", Kind: "school_mo", Organization: "sosh-1",
			Subjects: []string{"математика", "информатика"}, Head: "ivanova-anna", Members: []string{"ivanova-anna", "petrova-vera", "skrytaya"},
			Year: 2026, Theme: "Функциональная грамотность на уроках математики",
			Materials: []string{"urok-drobi", "net-takogo"}, Events: []string{"seminar-drobi", "pozdnij-vebinar"},
			AboutHTML: "<p>Объединение учителей математики.</p>", Updated: s.Now.Add(-time.Hour)},
		{Slug: "rmo-matematiki", Name: "РМО учителей математики", Kind: "rmo", Organization: "imc",
			Head: "skrytaya", Members: []string{"skrytaya"}, Events: []string{"otmenennyj"}, Updated: s.Now.Add(-time.Hour)},
		{Slug: "xss-gruppa", Name: hostileMOName, Kind: "creative_group", Organization: "sosh-1",
			Theme: hostileMOTheme, Subjects: []string{`<b>предмет</b>`}, Materials: []string{"urok-drobi"}, Updated: s.Now.Add(-time.Hour)},
	}
	return s
}

func TestAnAssociationsPageMatchesItsGoldenFile(t *testing.T) {
	out := build(t, withAssociations(t))
	golden(t, "association.html.golden", read(t, out, "mo/shmo-matematiki/index.html"))
}

func TestTheAssociationsPagesAndTheirLinks(t *testing.T) {
	out := build(t, withAssociations(t))
	tests := []struct {
		file    string
		want    []string
		notWant []string
	}{
		{"mo/shmo-matematiki/index.html", []string{
			"<h1>ШМО учителей математики</h1>", "Школьное методическое объединение (ШМО)",
			`<dt>Организация</dt><dd><a href="/schools/sosh-1/">МБОУ СОШ № 1</a></dd>`,
			"<dd>математика, информатика</dd>", "<dt>Учебный год</dt><dd>2026/27</dd>",
			"<dt>Тема года</dt><dd>Функциональная грамотность на уроках математики</dd>",
			`<dt>Руководитель</dt><dd><a href="/teachers/ivanova-anna/">Иванова Анна Петровна</a></dd>`,
			"<h2>Участники</h2>", `<li><a href="/teachers/petrova-vera/">Петрова Вера Ильинична</a></li>`,
			"Объединение учителей математики.",
			"<h2>Материалы объединения</h2>", `<a class="card-title" href="/materials/urok-drobi/">Сравнение дробей</a>`,
			"<h2>Заседания</h2>", "<h3>Предстоящие</h3>", `href="/events/pozdnij-vebinar/"`, "<h3>Прошедшие</h3>", `href="/events/seminar-drobi/"`,
			`<a href="/mo/"`,
		}, []string{"skrytaya", "net-takogo",
			// the head is named once, as the head
			`<li><a href="/teachers/ivanova-anna/">`}},
		// no public head, no public member: none is named, no heading for them
		{"mo/rmo-matematiki/index.html", []string{"<h1>РМО учителей математики</h1>", "Районное методическое объединение (РМО)",
			`href="/schools/imc/"`, `href="/events/otmenennyj/"`, "<h3>Предстоящие</h3>"},
			[]string{"Руководитель", "<h2>Участники</h2>", "skrytaya", "<h2>Материалы объединения</h2>", "<h3>Прошедшие</h3>", "<dt>Учебный год</dt>"}},
		// every association, by kind, each with its organization
		{"mo/index.html", []string{"<h1>Методические объединения</h1>",
			"<h2>Районные методические объединения (РМО)</h2>", "<h2>Школьные методические объединения (ШМО)</h2>", "<h2>Творческие группы</h2>",
			`href="/mo/shmo-matematiki/"`, `href="/mo/rmo-matematiki/"`, `href="/mo/xss-gruppa/"`,
			`ШМО · <a href="/schools/sosh-1/">СОШ № 1</a> · математика, информатика · 2026/27 уч. г.`,
			`РМО · <a href="/schools/imc/">ИМЦ</a>`, `<a href="/mo/" aria-current="page">`}, nil},
		// the school links its associations, the methodical service its РМО
		{"schools/sosh-1/index.html", []string{"<h2>Методические объединения</h2>", `href="/mo/shmo-matematiki/"`, `href="/mo/xss-gruppa/"`},
			[]string{`href="/mo/rmo-matematiki/"`}},
		{"schools/imc/index.html", []string{"<h2>Методические объединения</h2>", `href="/mo/rmo-matematiki/"`},
			[]string{`href="/mo/shmo-matematiki/"`}},
		// a material names the associations that handed it in
		{"materials/urok-drobi/index.html", []string{`Материал МО: <a href="/mo/shmo-matematiki/">ШМО учителей математики</a>, <a href="/mo/xss-gruppa/">`}, nil},
		{"materials/xss/index.html", nil, []string{"Материал МО:"}},
		// every page links the list
		{"index.html", []string{`<a href="/mo/">Методические объединения</a>`}, nil},
		{"sitemap.xml", []string{"<loc>https://kopilka.example/mo/</loc>", "<loc>https://kopilka.example/mo/shmo-matematiki/</loc>",
			"<loc>https://kopilka.example/mo/rmo-matematiki/</loc>"}, []string{"/lists/mo"}},
		{"search/docs/0.json", []string{`"u":"/mo/shmo-matematiki/"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := read(t, out, tt.file)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q", tt.file, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("%s contains %q", tt.file, w)
				}
			}
		})
	}
}

func TestHostileAssociationTextIsShownAsText(t *testing.T) {
	out := build(t, withAssociations(t))
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, bad := range []string{`<script>alert("mo")`, `<img src=x onerror=alert("mo")`, "<b>предмет</b>"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s contains unescaped %q", p, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	escaped := "&lt;/script&gt;&lt;script&gt;alert(&#34;mo&#34;)&lt;/script&gt;"
	for _, file := range []string{"mo/xss-gruppa/index.html", "mo/index.html", "schools/sosh-1/index.html", "materials/urok-drobi/index.html"} {
		if !strings.Contains(read(t, out, file), escaped) {
			t.Errorf("%s does not show the hostile name as text", file)
		}
	}
	if page := read(t, out, "mo/xss-gruppa/index.html"); !strings.Contains(page, "&#34;&gt;&lt;img src=x onerror=alert(&#34;mo&#34;)&gt;") {
		t.Error("the hostile theme is not shown as text")
	}
}

func TestASiteWithoutAssociationsHasAnEmptyList(t *testing.T) {
	out := build(t, fixtureSite(t))
	if page := read(t, out, "mo/index.html"); !strings.Contains(page, "Методических объединений пока нет.") {
		t.Error("the empty list does not say so")
	}
	if page := read(t, out, "schools/sosh-1/index.html"); strings.Contains(page, "<h2>Методические объединения</h2>") {
		t.Error("a school without associations shows their section")
	}
}

// A live site renders an association's page again when the association
// or a record it shows changes, and only then; and the result is what a
// full build makes.
func TestLiveBuildFollowsTheChangesAnAssociationShows(t *testing.T) {
	steps := []struct {
		name    string
		change  func(s *sitegen.Site)
		changed bool // whether the ШМО's page changes
		want    string
		notWant string
	}{
		{"its theme changes", func(s *sitegen.Site) { s.Associations[0].Theme = "Смысловое чтение" }, true, "Смысловое чтение", ""},
		{"a material it handed in is renamed", func(s *sitegen.Site) {
			s.Materials[0].Title = "Сравнение дробей (вторая редакция)"
		}, true,
			"Сравнение дробей (вторая редакция)", ""},
		{"a member withdraws consent", func(s *sitegen.Site) { s.Teachers = s.Teachers[:len(s.Teachers)-1] }, true, "", "Петрова Вера"},
		{"its head is renamed", func(s *sitegen.Site) {
			s.Teachers[0].Name = "Иванова-Смирнова Анна Петровна"
		}, true,
			"Иванова-Смирнова Анна Петровна", ""},
		{"its meeting is over", func(s *sitegen.Site) { s.Now = s.Now.AddDate(0, 1, 0) }, true, "", "<h3>Предстоящие</h3>"},
		{"a material it did not hand in is published", func(s *sitegen.Site) {
			s.Materials = append(s.Materials, sitegen.Material{Slug: "novyj", Title: "Новый материал о процентах", Type: "article",
				Subjects: []string{"физика"}, Organization: "imc", PublishedAt: s.Now, Updated: s.Now})
		}, false, "", "Новый материал о процентах"},
		{"the material is archived", func(s *sitegen.Site) { s.Materials = s.Materials[1:] }, true, "", "/materials/urok-drobi/"},
		{"the association is dissolved", func(s *sitegen.Site) { s.Associations = s.Associations[1:] }, true, "", ""},
	}
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := withAssociations(t)
	last := filepath.Join(root, "build-0")
	if _, err := live.Build(s, last); err != nil {
		t.Fatal(err)
	}
	const page = "mo/shmo-matematiki/index.html"
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.change(s)
			out := filepath.Join(root, "build-"+string(rune('a'+i)))
			if _, err := live.Build(s, out); err != nil {
				t.Fatal(err)
			}
			full := filepath.Join(root, "full-"+string(rune('a'+i)))
			if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
				t.Fatal(err)
			}
			testkit.SameSite(t, testkit.SiteFiles(t, out), testkit.SiteFiles(t, full))
			before, errB := os.Stat(filepath.Join(last, page))
			after, errA := os.Stat(filepath.Join(out, page))
			switch {
			case step.name == "the association is dissolved":
				if errA == nil {
					t.Errorf("the page of a dissolved association is still published")
				}
				if strings.Contains(read(t, out, "mo/index.html"), "/mo/shmo-matematiki/") {
					t.Errorf("the list still links a dissolved association")
				}
			case errA != nil || errB != nil:
				t.Fatalf("%v %v", errB, errA)
			case step.changed && os.SameFile(before, after):
				t.Errorf("%s was not rendered again", page)
			case !step.changed && !os.SameFile(before, after):
				t.Errorf("%s was rendered again though nothing on it changed", page)
			}
			if errA == nil {
				got := read(t, out, page)
				if step.want != "" && !strings.Contains(got, step.want) {
					t.Errorf("%s lacks %q", page, step.want)
				}
				if step.notWant != "" && strings.Contains(got, step.notWant) {
					t.Errorf("%s still has %q", page, step.notWant)
				}
			}
			last = out
		})
	}
}

package sitegen

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// TestEqualValuesTellsEveryDifferenceOfAPage protects the memo of a live
// site: a page whose front matter differs anywhere — in a card, a school
// it names, a list's length, nil against empty, a free-form setting — is
// encoded again, exactly where reflect.DeepEqual says it differs.
func TestEqualValuesTellsEveryDifferenceOfAPage(t *testing.T) {
	var err error
	base := func() MaterialPage {
		return MaterialPage{
			Title: "Дроби", Aliases: []string{"/q/ABC/"}, Subjects: []string{"математика"},
			Org:     &OrgRef{Name: "МБОУ СОШ № 1", Short: "СОШ № 1", URL: "/schools/sosh-1/"},
			People:  []Link{{Name: "Иванова А. А.", URL: "/teachers/ivanova/"}},
			Related: []encoded[MaterialCard]{encode(MaterialCard{Title: "Проценты"}, &err)},
			Adopt:   &AdoptForm{Slug: "drobi", Count: 2},
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(p *MaterialPage)
	}{
		{"nothing", func(p *MaterialPage) {}},
		{"the title", func(p *MaterialPage) { p.Title = "Дроби и проценты" }},
		{"a related card's bytes", func(p *MaterialPage) {
			p.Related = []encoded[MaterialCard]{encode(MaterialCard{Title: "Проценты!"}, &err)}
		}},
		{"one more related card", func(p *MaterialPage) { p.Related = append(p.Related, p.Related[0]) }},
		{"the school's short name", func(p *MaterialPage) { p.Org.Short = "Школа № 1" }},
		{"no school", func(p *MaterialPage) { p.Org = nil }},
		{"an author renamed", func(p *MaterialPage) { p.People[0].Name = "Петрова А. А." }},
		{"a count", func(p *MaterialPage) { p.Adopt.Count = 3 }},
		{"aliases emptied", func(p *MaterialPage) { p.Aliases = []string{} }},
		{"no aliases at all", func(p *MaterialPage) { p.Aliases = nil }},
		{"best practice", func(p *MaterialPage) { p.BestPractice = true }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := base(), base()
			c.change(&b)
			want := reflect.DeepEqual(a, b)
			if got := equalValues(frontMatter(a), frontMatter(b)); got != want {
				t.Errorf("equalValues = %v, reflect.DeepEqual = %v", got, want)
			}
			if c.name != "nothing" && want {
				t.Errorf("the change made no difference: the case tests nothing")
			}
		})
	}
	// free-form front matter: section settings
	for _, c := range []struct {
		a, b page
		same bool
	}{
		{page{"title": "Материалы", "weight": 1}, page{"title": "Материалы", "weight": 1}, true},
		{page{"title": "Материалы", "weight": 1}, page{"title": "Материалы", "weight": 2}, false},
		{page{"cascade": page{"build": "never"}}, page{"cascade": page{"build": "always"}}, false},
		{page{"title": "Материалы"}, page{"title": "Материалы", "draft": false}, false},
	} {
		if got := equalValues(frontMatter(c.a), frontMatter(c.b)); got != c.same {
			t.Errorf("%v against %v: equalValues = %v, want %v", c.a, c.b, got, c.same)
		}
	}
	// an empty list is encoded [], a nil one null
	if equalValues(frontMatter(MaterialPage{Tags: []string{}}), frontMatter(MaterialPage{})) {
		t.Error("an empty list and no list are taken as equal")
	}
	if equalValues(frontMatter(base()), frontMatter(page{"title": "Дроби"})) {
		t.Error("pages of two kinds are taken as equal")
	}
}

// Lists order materials of the same moment as the snapshot gave them:
// stableSorted must agree with a stable sort, ties included.
func TestStableSortedKeepsTheOrderOfEqualItems(t *testing.T) {
	type item struct {
		key, pos int
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 13, 1000} {
		list := make([]item, n)
		for i := range list {
			list[i] = item{key: rnd.IntN(5), pos: i} // many ties
		}
		byKey := func(a, b *item) int { return b.key - a.key }
		want := slices.Clone(list)
		slices.SortStableFunc(want, func(a, b item) int { return byKey(&a, &b) })
		if got := stableSorted(list, byKey); !slices.Equal(got, want) {
			t.Errorf("%d items: %v, want %v", n, got, want)
		}
	}
}

// A feed's items are the newest of the whole list, in its order.
func TestTheNewestFewAreTheHeadOfTheWholeOrder(t *testing.T) {
	type item struct {
		at   time.Time
		slug string
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	at := func(i *item) time.Time { return i.at }
	slug := func(i *item) string { return i.slug }
	for _, size := range []int{0, 1, 7, 500} {
		list := make([]item, size)
		for i := range list {
			// few moments and few slugs: ties of both
			list[i] = item{time.Unix(int64(rnd.IntN(20)), 0), fmt.Sprintf("s%d", rnd.IntN(30))}
		}
		whole := newestFirst(list, -1, at, slug)
		for _, n := range []int{0, 1, 5, 50, 600} {
			want := whole[:min(n, len(whole))]
			if got := newestFirst(list, n, at, slug); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%d items, first %d: %v, want %v", size, n, got, want)
			}
		}
	}
}

// Directories list people and schools as the Russian alphabet orders
// them: by their collation keys exactly as the collator compares them,
// equal names in their order.
func TestSortedByNameIsTheCollatorsOrder(t *testing.T) {
	names := []string{"Ёлкина Анна", "Елкина Анна", "елкина анна", "Иванов-Петров И.", "Иванов Пётр", "Иванова Анна",
		"МБОУ «СОШ № 10»", "МБОУ «СОШ № 2»", "МБОУ СОШ №1", "Smith John", "Яковлева Я.", "Абрамов", "абрамов", "  Абрамов",
		"Щукин", "Шилов", "Ъ-тест", "Ь", "Эльдар", "123 школа", "Гимназия «Дельта»", "Гимназия Дельта", "Иванова Анна"}
	type row struct {
		name string
		pos  int
	}
	var list []row
	for i, n := range names {
		list = append(list, row{n, i})
	}
	col := collate.New(language.Russian)
	want := slices.Clone(list)
	slices.SortStableFunc(want, func(a, b row) int { return col.CompareString(a.name, b.name) })
	if got := sortedByName(list, func(r *row) string { return r.name }); !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

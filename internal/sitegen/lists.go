package sitegen

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/slug"
)

// ShelfSize is the number of items on one page of a list.
const ShelfSize = 20

// A shelf is a list of materials or practices shown newest first: the bank,
// a subject, a type, a level, a tag, the practices. Its front page shows the
// newest ShelfSize items; older ones are on archive pages of ShelfSize
// numbered from the oldest, so publishing an item changes the front page and
// the newest archive page only, and an archive page's address keeps its
// items. (Pages numbered from the newest would all shift on every publish,
// and every one would have to be rendered again.)
type shelf struct {
	URL    string // of the front page, ending in /
	Title  string
	Parent Link   // the list of lists this shelf belongs to, if any
	Card   string // "material" or "practice"
	Items  []shelfItem
}

type shelfItem struct {
	Slug string
	At   time.Time
}

// terms holds the term lists of the bank: subjects, levels, types, tags,
// each term with its own shelf.
type terms struct {
	subjects, levels, types, tags []*term
	bySubject, byLevel, byType    map[string]*term
	byTag                         map[string]*term
	// the URL segments of the subjects and tags the site has, worked
	// out once each: transliterating every material's words took a
	// tenth of generating a site's content
	subjectSlugs, tagSlugs map[string]string
}

// subjectSlug is subjectSlug(subj), worked out once a build.
func (t *terms) subjectSlug(subj string) string { return memoized(t.subjectSlugs, subj, subjectSlug) }

// tagSlug is tagSlug(tag), worked out once a build.
func (t *terms) tagSlug(tag string) string { return memoized(t.tagSlugs, tag, tagSlug) }

func memoized(m map[string]string, key string, f func(string) string) string {
	if v, ok := m[key]; ok {
		return v
	}
	v := f(key)
	m[key] = v
	return v
}

type term struct {
	Link
	shelf *shelf
}

func sortItems(items []shelfItem) {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].At.Equal(items[j].At) {
			return items[i].At.Before(items[j].At)
		}
		return items[i].Slug < items[j].Slug
	})
}

// newTerms sorts the published materials into their terms' shelves.
func newTerms(s *Site) *terms {
	t := &terms{bySubject: map[string]*term{}, byLevel: map[string]*term{}, byType: map[string]*term{}, byTag: map[string]*term{},
		subjectSlugs: map[string]string{}, tagSlugs: map[string]string{}}
	get := func(m map[string]*term, list *[]*term, key, name, kind, parentTitle string) *term {
		if tr, ok := m[key]; ok {
			return tr
		}
		url := "/" + kind + "/" + key + "/"
		tr := &term{Link: Link{Name: name, URL: url}, shelf: &shelf{URL: url, Title: name, Card: "material",
			Parent: Link{Name: parentTitle, URL: "/" + kind + "/"}}}
		m[key] = tr
		*list = append(*list, tr)
		return tr
	}
	var seen []*term // the terms of one material: a handful
	for _, m := range s.Materials {
		item := shelfItem{Slug: m.Slug, At: m.PublishedAt}
		seen = seen[:0]
		add := func(tr *term) {
			if !slices.Contains(seen, tr) {
				seen = append(seen, tr)
				tr.shelf.Items = append(tr.shelf.Items, item)
			}
		}
		for _, subj := range m.Subjects {
			add(get(t.bySubject, &t.subjects, t.subjectSlug(subj), subj, "subjects", ru.ListSubjects))
		}
		for _, lv := range m.Levels {
			add(get(t.byLevel, &t.levels, lv, ru.Label(ru.Levels, lv), "levels", ru.ListLevels))
		}
		if m.Type != "" {
			add(get(t.byType, &t.types, m.Type, ru.Label(ru.MaterialTypes, m.Type), "types", ru.ListTypes))
		}
		for _, tag := range m.Tags {
			add(get(t.byTag, &t.tags, t.tagSlug(tag), tag, "tags", ru.ListTags))
		}
	}
	for _, list := range [][]*term{t.subjects, t.levels, t.types, t.tags} {
		for _, tr := range list {
			sortItems(tr.shelf.Items)
			tr.Count = len(tr.shelf.Items)
		}
		copy(list, sortedByName(list, func(tr **term) string { return (*tr).Name }))
	}
	return t
}

// tagSlug is the URL segment of a tag; tags that differ only in case or
// spelling of ё share it.
func tagSlug(tag string) string {
	s := slug.Make(tag)
	if s == "" {
		s = "teg"
	}
	return s
}

func links(terms []*term) []Link {
	out := make([]Link, 0, len(terms))
	for _, t := range terms {
		out = append(out, t.Link)
	}
	return out
}

// linksOf returns the links of the given keys' terms, in the given order,
// without their counts: a material's page names its terms, and must not
// change each time another material joins one of them.
func linksOf(m map[string]*term, keys []string, key func(string) string) []Link {
	out := []Link{}
	seen := map[string]bool{}
	for _, k := range keys {
		if tr, ok := m[key(k)]; ok && !seen[tr.URL] {
			seen[tr.URL] = true
			out = append(out, Link{Name: tr.Name, URL: tr.URL})
		}
	}
	return out
}

func same(s string) string { return s }

// frontPage is the front page of a shelf: its newest items. A hidden one
// has no address: a section page shows it.
func frontPage(sh *shelf, cd *cards, hidden bool) ShelfPage {
	n := len(sh.Items)
	newest := make([]encoded[ShelfCard], 0, ShelfSize)
	for i := n - 1; i >= 0 && len(newest) < ShelfSize; i-- {
		newest = append(newest, cd.shelfCard(sh.Card, sh.Items[i].Slug))
	}
	p := ShelfPage{Title: sh.Title, URL: sh.URL, ShelfItems: newest, ShelfCard: sh.Card, ShelfTotal: &n}
	if sh.Parent.URL != "" {
		parent := sh.Parent
		p.ShelfParent = &parent
	}
	if n > ShelfSize {
		p.OlderURL = archiveURL(sh, (n-ShelfSize-1)/ShelfSize+1)
	}
	if hidden {
		// the section page shows it; a page of its own would clash
		p.URL = ""
		build := never
		p.Build = &build
	}
	return p
}

// writeShelf writes a shelf's front page, whose front matter is fm, at
// front (a content path), and its archive pages.
func writeShelf(dir *tree, front string, fm frontMatter, sh *shelf, cd *cards) error {
	if err := writePage(dir, front, fm); err != nil {
		return err
	}
	n := len(sh.Items)
	archive := (n + ShelfSize - 1) / ShelfSize
	// archive pages live apart from the front pages, so no key's page
	// number can make another key's name
	key := strings.Trim(sh.URL, "/")
	for k := 1; k <= archive; k++ {
		lo, hi := (k-1)*ShelfSize, min(k*ShelfSize, n)
		items := make([]encoded[ShelfCard], 0, hi-lo)
		for i := hi - 1; i >= lo; i-- {
			items = append(items, cd.shelfCard(sh.Card, sh.Items[i].Slug))
		}
		ap := ShelfPage{
			Title: ru.ListArchive(sh.Title, sh.Items[lo].At, sh.Items[hi-1].At), URL: archiveURL(sh, k),
			ShelfItems: items, ShelfCard: sh.Card, ShelfParent: &Link{Name: sh.Title, URL: sh.URL},
			NewerURL: sh.URL,
		}
		if k > 1 {
			ap.OlderURL = archiveURL(sh, k-1)
		}
		if k < archive {
			ap.NewerURL = archiveURL(sh, k+1)
		}
		if err := writePage(dir, leafFile("lists/archive/"+key, strconv.Itoa(k)), ap); err != nil {
			return err
		}
	}
	return nil
}

func archiveURL(sh *shelf, k int) string { return fmt.Sprintf("%spage/%d/", sh.URL, k) }

// writeLists writes every shelf and the lists of terms.
func writeLists(dir *tree, s *Site, t *terms, cd *cards) error {
	var bank, practices shelf
	bank = shelf{URL: "/materials/", Title: ru.ListMaterials, Card: "material"}
	for _, m := range s.Materials {
		bank.Items = append(bank.Items, shelfItem{Slug: m.Slug, At: m.PublishedAt})
	}
	sortItems(bank.Items)
	schools := make([]Link, 0, len(s.Organizations))
	for _, o := range s.Organizations {
		schools = append(schools, Link{Name: o.Name, URL: "/schools/" + o.Slug + "/"})
	}
	schools = sortedByName(schools, func(l *Link) string { return l.Name })
	filters := []Filter{
		{Title: ru.ListSubjects, Terms: links(t.subjects)},
		{Title: ru.ListLevels, Terms: links(t.levels)},
		{Title: ru.ListTypes, Terms: links(t.types)},
	}
	front := BankPage{ShelfPage: frontPage(&bank, cd, true), Filters: filters, Schools: schools, SchoolsTitle: ru.ListSchools}
	if err := writeShelf(dir, "lists/front/materials.md", front, &bank, cd); err != nil {
		return err
	}
	practices = shelf{URL: "/practices/", Title: ru.ListPractices, Card: "practice"}
	for _, p := range s.Practices {
		practices.Items = append(practices.Items, shelfItem{Slug: p.Slug, At: p.PublishedAt})
	}
	sortItems(practices.Items)
	if err := writeShelf(dir, "lists/front/practices.md", frontPage(&practices, cd, true), &practices, cd); err != nil {
		return err
	}
	for _, kind := range []struct {
		name, title string
		list        []*term
	}{{"subjects", ru.ListSubjects, t.subjects}, {"levels", ru.ListLevels, t.levels}, {"types", ru.ListTypes, t.types}, {"tags", ru.ListTags, t.tags}} {
		if err := writePage(dir, "lists/index/"+kind.name+".md", TermsPage{Title: kind.title, URL: "/" + kind.name + "/", Layout: "terms", Terms: links(kind.list)}); err != nil {
			return err
		}
		for _, tr := range kind.list {
			key := strings.TrimSuffix(strings.TrimPrefix(tr.URL, "/"+kind.name+"/"), "/")
			if err := writeShelf(dir, leafFile("lists/front/"+kind.name, key), frontPage(tr.shelf, cd, false), tr.shelf, cd); err != nil {
				return err
			}
		}
	}
	return writePage(dir, "lists/_index.md", sectionSettings)
}

package onboard

import (
	"regexp"
	"sort"
	"strings"
)

// Teacher is one of the school's teachers, as authors are matched to them.
type Teacher struct {
	Id   string
	Name string // «Фамилия Имя Отчество»
}

// nameMatcher finds one teacher's name in a text in the forms documents
// write it: «Иванова Анна Петровна», «Иванова А. П.», «Иванова А.П.»,
// «А. П. Иванова», and «Иванова Анна» for a teacher with no patronymic.
type nameMatcher struct {
	id    string
	forms []*regexp.Regexp
}

const (
	before = `(?:^|[^\p{L}])`
	after  = `(?:[^\p{L}]|$)`
)

func newNameMatcher(t Teacher) *nameMatcher {
	parts := strings.Fields(normalize(t.Name))
	if len(parts) < 2 {
		return nil // a surname alone would match namesakes
	}
	q := func(s string) string { return regexp.QuoteMeta(s) }
	initial := func(s string) string { return q(string([]rune(s)[:1])) + `\.` }
	surname, given := parts[0], parts[1]
	var forms []string
	if len(parts) >= 3 {
		patronymic := parts[2]
		forms = append(forms,
			before+q(surname)+`\s+`+q(given)+`\s+`+q(patronymic)+after,
			before+q(surname)+`\s+`+initial(given)+`\s*`+initial(patronymic)+`?`,
			before+initial(given)+`\s*`+initial(patronymic)+`\s*`+q(surname)+after)
	} else {
		forms = append(forms,
			before+q(surname)+`\s+`+q(given)+after,
			before+q(surname)+`\s+`+initial(given),
			before+initial(given)+`\s*`+q(surname)+after)
	}
	m := &nameMatcher{id: t.Id}
	for _, f := range forms {
		m.forms = append(m.forms, regexp.MustCompile(f))
	}
	return m
}

// spans are where the teacher's name stands in normalized text.
func (m *nameMatcher) spans(text string) [][2]int {
	var out [][2]int
	for _, re := range m.forms {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			out = append(out, [2]int{loc[0], loc[1]})
		}
	}
	return out
}

// authors matches the school's teachers to the names in a text: a name
// that could be either of two teachers (namesakes with the same
// initials) is left for a person to decide, and so returned in
// ambiguous.
type authors struct {
	matchers []*nameMatcher
}

func newAuthors(teachers []Teacher) *authors {
	a := &authors{}
	for _, t := range teachers {
		if m := newNameMatcher(t); m != nil {
			a.matchers = append(a.matchers, m)
		}
	}
	return a
}

// find returns the ids of the teachers named in text, in the order of
// the school's list, and whether some name stood for more than one.
func (a *authors) find(text string) (ids []string, ambiguous bool) {
	text = normalize(text)
	type hit struct {
		span [2]int
		id   string
	}
	var hits []hit
	for _, m := range a.matchers {
		for _, s := range m.spans(text) {
			hits = append(hits, hit{s, m.id})
		}
	}
	// names that overlap stand for the same person in the text: when
	// they are of two teachers, nobody can tell which
	sort.Slice(hits, func(i, j int) bool { return hits[i].span[0] < hits[j].span[0] })
	chosen := map[string]bool{}
	for i := 0; i < len(hits); {
		j := i + 1
		end := hits[i].span[1]
		ids := map[string]bool{hits[i].id: true}
		for j < len(hits) && hits[j].span[0] < end {
			ids[hits[j].id] = true
			end = max(end, hits[j].span[1])
			j++
		}
		if len(ids) == 1 {
			chosen[hits[i].id] = true
		} else {
			ambiguous = true
		}
		i = j
	}
	for _, m := range a.matchers {
		if chosen[m.id] {
			ids = append(ids, m.id)
		}
	}
	return ids, ambiguous
}

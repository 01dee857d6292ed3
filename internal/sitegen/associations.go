package sitegen

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/kopilka/kopilka/internal/ru"
)

// associationKinds are the kinds of methodical associations in the order
// their list shows them: the municipality's first, then the schools'.
var associationKinds = []string{"method_council", "rmo", "school_mo", "creative_group", "problem_group"}

// associations holds what pages show of the methodical associations, in
// the order of their list: by kind, organization and name.
type associations struct {
	list       []Association
	cards      map[string]AssociationCard // by slug
	byOrg      map[string][]string        // organization → slugs
	byMaterial map[string][]Link          // material → the associations that handed it in
}

func kindRank(kind string) int {
	if i := slices.Index(associationKinds, kind); i >= 0 {
		return i
	}
	return len(associationKinds)
}

// schoolYear writes the school year that starts in year: 2025 → «2025/26».
func schoolYear(year int) string {
	if year <= 0 {
		return ""
	}
	return fmt.Sprintf("%d/%02d", year, (year+1)%100)
}

func newAssociations(s *Site, rf *refs) *associations {
	col := collate.New(language.Russian)
	orgName := func(slug string) string {
		if o := rf.org(slug); o != nil {
			return o.Name
		}
		return ""
	}
	list := append([]Association(nil), s.Associations...)
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if ra, rb := kindRank(a.Kind), kindRank(b.Kind); ra != rb {
			return ra < rb
		}
		if a.Kind != b.Kind { // kinds the list does not know, after those it does
			return a.Kind < b.Kind
		}
		if c := col.CompareString(orgName(a.Organization), orgName(b.Organization)); c != 0 {
			return c < 0
		}
		if c := col.CompareString(a.Name, b.Name); c != 0 {
			return c < 0
		}
		return a.Slug < b.Slug
	})
	as := &associations{list: list, cards: map[string]AssociationCard{}, byOrg: map[string][]string{}, byMaterial: map[string][]Link{}}
	for _, a := range list {
		url := "/mo/" + a.Slug + "/"
		as.cards[a.Slug] = AssociationCard{URL: url, Title: a.Name, KindShort: ru.Label(ru.AssociationKindsShort, a.Kind),
			Subjects: nonNil(a.Subjects), Org: rf.org(a.Organization), SchoolYear: schoolYear(a.Year)}
		as.byOrg[a.Organization] = append(as.byOrg[a.Organization], a.Slug)
		seen := map[string]bool{}
		for _, m := range a.Materials {
			if !seen[m] {
				seen[m] = true
				as.byMaterial[m] = append(as.byMaterial[m], Link{Name: a.Name, URL: url})
			}
		}
	}
	return as
}

// ofOrg are the cards of an organization's associations for its own page,
// which need not name it.
func (as *associations) ofOrg(org string) []AssociationCard {
	out := []AssociationCard{}
	for _, slug := range as.byOrg[org] {
		c := as.cards[slug]
		c.Org = nil
		out = append(out, c)
	}
	return out
}

// ofMaterial are the associations that handed the material in.
func (as *associations) ofMaterial(slug string) []Link {
	if l := as.byMaterial[slug]; l != nil {
		return l
	}
	return []Link{}
}

// writeAssociations writes the page of each methodical association and
// the hidden list of them all, which /mo/ shows.
func writeAssociations(dir *tree, s *Site, cal *calendar, rf *refs, cd *cards, as *associations) error {
	publishedAt := map[string]time.Time{}
	for _, m := range s.Materials {
		publishedAt[m.Slug] = m.PublishedAt
	}
	events := map[string]Event{}
	for _, e := range s.Events {
		events[e.Slug] = e
	}
	for _, a := range as.list {
		var head *Link
		if t, ok := rf.teachers[a.Head]; ok {
			head = &t
		}
		// the head is named as the head; each member once
		seen := map[string]bool{a.Head: true}
		var members []string
		for _, m := range a.Members {
			if !seen[m] {
				seen[m] = true
				members = append(members, m)
			}
		}
		materials := []string{}
		seen = map[string]bool{}
		for _, m := range a.Materials {
			if _, ok := publishedAt[m]; ok && !seen[m] {
				seen[m] = true
				materials = append(materials, m)
			}
		}
		sort.SliceStable(materials, func(i, j int) bool {
			if a, b := publishedAt[materials[i]], publishedAt[materials[j]]; !a.Equal(b) {
				return a.After(b)
			}
			return materials[i] < materials[j]
		})
		var upcoming, past []Event
		seen = map[string]bool{}
		for _, slug := range a.Events {
			e, ok := events[slug]
			if !ok || seen[slug] {
				continue
			}
			seen[slug] = true
			if eventEnd(e, cal.zone(e)).Before(s.Now) {
				past = append(past, e)
			} else {
				upcoming = append(upcoming, e)
			}
		}
		upcoming = sortedEvents(upcoming)
		past = newestEvents(past, -1)
		org := rf.org(a.Organization)
		kind := ru.Label(ru.AssociationKinds, a.Kind)
		description := kind
		if org != nil {
			description += ", " + org.Name
		}
		err := writePage(dir, leafFile("mo", a.Slug), AssociationPage{
			Title: a.Name, URL: "/mo/" + a.Slug + "/", Lastmod: a.Updated.Format(time.RFC3339), Description: description,
			Kind: a.Kind, KindLabel: kind, KindShort: ru.Label(ru.AssociationKindsShort, a.Kind),
			Organization: a.Organization, Org: org, AssociationSubjects: nonNil(a.Subjects),
			SchoolYear: schoolYear(a.Year), YearTheme: a.Theme,
			Head: head, Members: rf.people(members),
			Materials: of(cd.materials, materials),
			Upcoming:  of(cd.events, slugsOf(upcoming)), Past: of(cd.events, slugsOf(past)),
			AboutHTML: a.AboutHTML,
		})
		if err != nil {
			return err
		}
	}
	groups := []AssociationGroup{}
	for _, a := range as.list {
		if n := len(groups); n == 0 || groups[n-1].Kind != a.Kind {
			groups = append(groups, AssociationGroup{Kind: a.Kind, Title: ru.Label(ru.AssociationKindsPlural, a.Kind)})
		}
		g := &groups[len(groups)-1]
		g.Items = append(g.Items, as.cards[a.Slug])
	}
	return writePage(dir, "lists/mo.md", AssociationsList{Build: never, Groups: groups})
}

func slugsOf(events []Event) []string {
	out := make([]string, 0, len(events))
	for _, e := range events {
		out = append(out, e.Slug)
	}
	return out
}

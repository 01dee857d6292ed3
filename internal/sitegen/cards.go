package sitegen

import (
	"encoding/json"

	"github.com/kopilka/kopilka/internal/ru"
)

// A card is what a list shows of an item. Lists carry their items' cards in
// their own front matter instead of looking the items up, so every page is
// a function of its own content file: a change re-renders exactly the pages
// whose files changed, and Hugo has no dependencies between pages to trace.
// A card is encoded once per build, as an encoded[MaterialCard] and so on:
// it is embedded in many pages.

// card is an encoded card of any kind.
type card = json.RawMessage

// cards holds the card of every item by slug.
type cards struct {
	materials map[string]encoded[MaterialCard]
	practices map[string]encoded[PracticeCard]
	events    map[string]encoded[EventCard]
	teachers  map[string]encoded[TeacherCard]
}

// newCards encodes the cards of the site, each once: through the memo mm
// of a live site's last build when mm is not nil.
func newCards(s *Site, rf *refs, cal *calendar, mm *memo) (*cards, error) {
	if mm == nil {
		mm = &memo{} // this build's alone
	}
	var err error
	c := &cards{materials: map[string]encoded[MaterialCard]{}, practices: map[string]encoded[PracticeCard]{},
		events: map[string]encoded[EventCard]{}, teachers: map[string]encoded[TeacherCard]{}}
	for _, m := range s.Materials {
		short := ""
		if o := rf.org(m.Organization); o != nil {
			short = o.Short
		}
		c.materials[m.Slug] = encodeCard(&mm.materialCards, m.Slug, MaterialCard{URL: "/materials/" + m.Slug + "/", Title: ru.Shorten(m.Title, cardTitle), TypeLabel: ru.Label(ru.MaterialTypes, m.Type),
			Subjects: nonNil(m.Subjects), OrgShort: short, Best: m.BestPractice, Summary: m.Summary}, &err)
	}
	for _, p := range s.Practices {
		c.practices[p.Slug] = encodeCard(&mm.practiceCards, p.Slug, PracticeCard{URL: "/practices/" + p.Slug + "/", Title: ru.Shorten(p.Title, cardTitle), Summary: p.Summary,
			People: rf.people(p.Authors), Org: rf.org(p.Organization)}, &err)
	}
	for _, e := range s.Events {
		loc := cal.zone(e)
		c.events[e.Slug] = encodeCard(&mm.eventCards, e.Slug, EventCard{URL: "/events/" + e.Slug + "/", Title: ru.Shorten(e.Title, cardTitle), When: whenText(e, loc, s.Location),
			StartISO: isoStart(e, loc), KindLabel: ru.Label(ru.EventKinds, e.Kind),
			Cancelled: e.Status == "cancelled", StatusLabel: ru.Label(ru.EventStatuses, e.Status)}, &err)
	}
	for _, t := range s.Teachers {
		c.teachers[t.Slug] = encodeCard(&mm.teacherCards, t.Slug, TeacherCard{URL: "/teachers/" + t.Slug + "/", Title: t.Name, Position: t.Position}, &err)
	}
	mm.cardsDone()
	return c, err
}

// shelfCard is the card of the item slug of a shelf of kind ("material" or
// "practice").
func (c *cards) shelfCard(kind, slug string) encoded[ShelfCard] {
	if kind == "practice" {
		return encoded[ShelfCard](c.practices[slug])
	}
	return encoded[ShelfCard](c.materials[slug])
}

// of returns the cards of slugs that have one, in order.
func of[T any](m map[string]encoded[T], slugs []string) []encoded[T] {
	out := make([]encoded[T], 0, len(slugs))
	for _, s := range slugs {
		if c, ok := m[s]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Lengths past which a title is shortened with «…» where space is tight:
// official Russian document titles run to a thousand characters.
const (
	cardTitle  = 160 // in lists and cards
	feedTitle  = 150 // in feeds and calendars
	pageTitle  = 80  // in the browser's tab (<title>)
	monthTitle = 60  // in a month's grid
)

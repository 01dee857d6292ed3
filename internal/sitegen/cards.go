package sitegen

import (
	"encoding/json"

	"github.com/kopilka/kopilka/internal/ru"
)

// card is what a list shows of an item. Lists carry their items' cards in
// their own front matter instead of looking the items up, so every page is
// a function of its own content file: a change re-renders exactly the pages
// whose files changed, and Hugo has no dependencies between pages to trace.
// A card is encoded once per build: it is embedded in many pages.
type card = json.RawMessage

// cards holds the card of every item by slug.
type cards struct {
	materials, practices, events, teachers map[string]card
}

func newCards(s *Site, rf *refs, cal *calendar) (*cards, error) {
	var err error
	encode := func(fields map[string]any) card {
		b, e := json.Marshal(fields)
		if e != nil && err == nil {
			err = e
		}
		return b
	}
	c := &cards{materials: map[string]card{}, practices: map[string]card{}, events: map[string]card{}, teachers: map[string]card{}}
	for _, m := range s.Materials {
		short := ""
		if o := rf.org(m.Organization); o != nil {
			short = o["short"]
		}
		c.materials[m.Slug] = encode(map[string]any{"url": "/materials/" + m.Slug + "/", "title": m.Title, "type_label": ru.Label(ru.MaterialTypes, m.Type),
			"subjects": nonNil(m.Subjects), "org_short": short, "best": m.BestPractice, "summary": m.Summary})
	}
	for _, p := range s.Practices {
		c.practices[p.Slug] = encode(map[string]any{"url": "/practices/" + p.Slug + "/", "title": p.Title, "summary": p.Summary,
			"people": rf.people(p.Authors), "org": rf.org(p.Organization)})
	}
	for _, e := range s.Events {
		loc := cal.zone(e)
		c.events[e.Slug] = encode(map[string]any{"url": "/events/" + e.Slug + "/", "title": e.Title, "when": whenText(e, loc, s.Location),
			"start_iso": isoStart(e, loc), "kind_label": ru.Label(ru.EventKinds, e.Kind),
			"cancelled": e.Status == "cancelled", "status_label": ru.Label(ru.EventStatuses, e.Status)})
	}
	for _, t := range s.Teachers {
		c.teachers[t.Slug] = encode(map[string]any{"url": "/teachers/" + t.Slug + "/", "title": t.Name, "position": t.Position})
	}
	return c, err
}

// of returns the cards of slugs that have one, in order.
func of(m map[string]card, slugs []string) []card {
	out := make([]card, 0, len(slugs))
	for _, s := range slugs {
		if c, ok := m[s]; ok {
			out = append(out, c)
		}
	}
	return out
}

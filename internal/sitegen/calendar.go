package sitegen

import (
	"fmt"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
)

// calendar lays events out by month, each on the days it occupies in its
// own time zone.
type calendar struct {
	municipality *time.Location
	zones        map[string]*time.Location
	months       []*month
}

type month struct {
	Year    int        `json:"year"`
	Month   int        `json:"month"`
	Weeks   [][]calDay `json:"weeks"`
	Events  []string   `json:"events"` // slugs, by start
	PrevURL string     `json:"prev_url"`
	NextURL string     `json:"next_url"`
}

type calDay struct {
	Day    int        `json:"day"` // 0 pads the first and last week
	Date   string     `json:"date"`
	Events []dayEvent `json:"events"`
}

type dayEvent struct {
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Time      string `json:"time"`
	Cancelled bool   `json:"cancelled"`
}

func (m *month) first() time.Time {
	return time.Date(m.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC)
}

func monthURL(t time.Time) string {
	return fmt.Sprintf("/events/%04d/%02d/", t.Year(), int(t.Month()))
}

func (c *calendar) zone(e Event) *time.Location {
	if e.TimeZone == "" {
		return c.municipality
	}
	if loc, ok := c.zones[e.TimeZone]; ok {
		return loc
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		loc = c.municipality // checked on import; a broken zone still shows the event
	}
	c.zones[e.TimeZone] = loc
	return loc
}

// eventEnd is the instant an event is over.
func eventEnd(e Event, loc *time.Location) time.Time {
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	if e.AllDay {
		d := end.In(loc)
		return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	return end
}

// days lists the local dates an event occupies.
func days(e Event, loc *time.Location) []time.Time {
	s := e.Start.In(loc)
	first := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	last := first
	if !e.End.IsZero() {
		en := e.End.In(loc)
		if !e.AllDay && en.Hour() == 0 && en.Minute() == 0 && en.After(e.Start) {
			en = en.Add(-time.Minute) // a timed event ending at midnight ends the day before
		}
		last = time.Date(en.Year(), en.Month(), en.Day(), 0, 0, 0, 0, time.UTC)
	}
	var out []time.Time
	for d := first; !d.After(last) && len(out) < 366; d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

func newCalendar(s *Site) *calendar {
	c := &calendar{municipality: s.Location, zones: map[string]*time.Location{}}
	if len(s.Events) == 0 {
		return c
	}
	byMonth := map[string]*month{}
	place := map[time.Time][]dayEvent{}
	events := sortedEvents(s.Events)
	var minM, maxM time.Time
	for _, e := range events {
		loc := c.zone(e)
		ds := days(e, loc)
		for _, d := range ds {
			m := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
			if minM.IsZero() || m.Before(minM) {
				minM = m
			}
			if m.After(maxM) {
				maxM = m
			}
			place[d] = append(place[d], dayEvent{Slug: e.Slug, Title: ru.Shorten(e.Title, monthTitle), Time: clock(e, loc), Cancelled: e.Status == "cancelled"})
		}
		key := monthURL(ds[0])
		if byMonth[key] == nil {
			byMonth[key] = &month{}
		}
		byMonth[key].Events = append(byMonth[key].Events, e.Slug)
	}
	for m := minM; !m.After(maxM); m = m.AddDate(0, 1, 0) {
		mo := byMonth[monthURL(m)]
		if mo == nil {
			mo = &month{}
		}
		mo.Year, mo.Month = m.Year(), int(m.Month())
		if mo.Events == nil {
			mo.Events = []string{}
		}
		if m.After(minM) {
			mo.PrevURL = monthURL(m.AddDate(0, -1, 0))
		}
		if m.Before(maxM) {
			mo.NextURL = monthURL(m.AddDate(0, 1, 0))
		}
		mo.Weeks = grid(m, place)
		c.months = append(c.months, mo)
	}
	return c
}

// grid returns the weeks of month m, Monday first.
func grid(m time.Time, place map[time.Time][]dayEvent) [][]calDay {
	var weeks [][]calDay
	week := make([]calDay, (int(m.Weekday())+6)%7)
	for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
		evs := place[d]
		if evs == nil {
			evs = []dayEvent{}
		}
		week = append(week, calDay{Day: d.Day(), Date: d.Format("2006-01-02"), Events: evs})
		if len(week) == 7 {
			weeks = append(weeks, week)
			week = nil
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, calDay{})
		}
		weeks = append(weeks, week)
	}
	for _, w := range weeks {
		for i := range w {
			if w[i].Events == nil {
				w[i].Events = []dayEvent{}
			}
		}
	}
	return weeks
}

func clock(e Event, loc *time.Location) string {
	if e.AllDay {
		return ""
	}
	return e.Start.In(loc).Format("15:04")
}

// whenText says when an event takes place, in Russian, in its own zone,
// naming the zone when it is not the municipality's.
func whenText(e Event, loc, municipality *time.Location) string {
	s := e.Start.In(loc)
	var text string
	switch {
	case e.AllDay:
		text = ru.Date(s)
		if !e.End.IsZero() {
			en := e.End.In(loc)
			if en.Year() != s.Year() || en.YearDay() != s.YearDay() {
				text = ru.DateRange(s, en)
			}
		}
	default:
		text = ru.Date(s) + ", " + s.Format("15:04")
		if !e.End.IsZero() {
			en := e.End.In(loc)
			if en.YearDay() == s.YearDay() && en.Year() == s.Year() {
				text += "–" + en.Format("15:04")
			} else {
				text += " — " + ru.Date(en) + ", " + en.Format("15:04")
			}
		}
		if loc.String() != municipality.String() {
			text += " (" + ru.TimeZoneNote(loc.String()) + ")"
		}
	}
	return text
}

func isoStart(e Event, loc *time.Location) string {
	if e.AllDay {
		return e.Start.In(loc).Format("2006-01-02")
	}
	return e.Start.In(loc).Format(time.RFC3339)
}

func isoEnd(e Event, loc *time.Location) string {
	if e.End.IsZero() {
		return ""
	}
	if e.AllDay {
		return e.End.In(loc).Format("2006-01-02")
	}
	return e.End.In(loc).Format(time.RFC3339)
}

func sortedEvents(events []Event) []Event {
	return stableSorted(events, func(a, b *Event) int { return a.Start.Compare(b.Start) })
}

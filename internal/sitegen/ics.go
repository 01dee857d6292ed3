package sitegen

import (
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/kopilka/kopilka/internal/ru"
)

// writeFeeds writes the iCalendar feeds: all events, each school's, each
// subject's and one per event. Timed events are written in UTC and all-day
// ones as dates, so every calendar program places them right whatever its
// own zone. An all-day event ends (DTEND, exclusive) the day after its
// last day, which is the day after its start when it has no end of its
// own; a timed event without an end has no DTEND.
func writeFeeds(out *tree, s *Site, cal *calendar, texts *eventTexts, files *feedFiles) error {
	host := "kopilka"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	base := strings.TrimRight(s.BaseURL, "/")
	defer texts.done()
	defer files.done()
	// the events are serialized once each and spliced in where the
	// calendar would serialize them: an event is in three or four feeds,
	// and most are the same as in the last build
	vevents := make(map[string]string, len(s.Events))
	for _, e := range s.Events {
		vevents[e.Slug] = eventTextOf(texts, e, cal.zone(e), base, host)
	}
	write := func(rel, name string, events []Event) error {
		making := feedMaking{municipality: s.Municipality, zone: s.Location.String(), name: name, events: make([]string, len(events))}
		for i, e := range events {
			making.events[i] = vevents[e.Slug]
		}
		return putKept(files, out, rel, making, func() ([]byte, error) {
			c := ics.NewCalendarFor(making.municipality)
			c.SetMethod(ics.MethodPublish)
			c.SetProductId("-//kopilka//" + making.municipality + "//RU")
			c.SetXWRCalName(name)
			c.SetXWRTimezone(making.zone)
			head, _ := strings.CutSuffix(c.Serialize(), "END:VCALENDAR\r\n")
			var b strings.Builder
			b.WriteString(head)
			for _, text := range making.events {
				b.WriteString(text)
			}
			b.WriteString("END:VCALENDAR\r\n")
			return []byte(b.String()), nil
		})
	}

	title := s.Title
	if err := write("events.ics", title+": мероприятия", s.Events); err != nil {
		return err
	}
	byOrg := map[string][]Event{}
	bySubject := map[string][]Event{}
	for _, e := range s.Events {
		byOrg[e.Organizer] = append(byOrg[e.Organizer], e)
		for _, subj := range e.Subjects {
			bySubject[subj] = append(bySubject[subj], e)
		}
		if err := write("events/"+e.Slug+"/event.ics", e.Title, []Event{e}); err != nil {
			return err
		}
	}
	names := map[string]string{}
	for _, o := range s.Organizations {
		names[o.Slug] = o.Name
	}
	for _, org := range sortedKeys(byOrg) {
		if err := write("schools/"+org+"/events.ics", names[org]+": мероприятия", byOrg[org]); err != nil {
			return err
		}
	}
	for _, subj := range sortedKeys(bySubject) {
		if err := write("events/subjects/"+subjectSlug(subj)+".ics", title+": "+subj, bySubject[subj]); err != nil {
			return err
		}
	}
	return nil
}

// feedFiles keeps a live site's calendar feeds by what they are made of.
type feedFiles = keptFiles[feedMaking]

// feedMaking is what a calendar feed is made of: the VEVENTs of its
// events, in order (kept strings, so compared at once when unchanged).
type feedMaking struct {
	municipality, zone, name string
	events                   []string
}

// eventText is the VEVENT of e, whose zone is loc, on the site at base
// (on host).
func eventText(e Event, loc *time.Location, base, host string) string {
	v := ics.NewEvent(e.Slug + "@" + host)
	stamp := e.Updated
	if stamp.IsZero() {
		stamp = e.Start
	}
	v.SetDtStampTime(stamp)
	if e.AllDay {
		start := e.Start.In(loc)
		v.SetAllDayStartAt(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC))
		last := start
		if !e.End.IsZero() {
			last = e.End.In(loc)
		}
		// DTEND of a date is exclusive: the day after the last one
		v.SetAllDayEndAt(time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, time.UTC))
	} else {
		v.SetStartAt(e.Start)
		// without a known end there is no DTEND: RFC 5545 reads the
		// event as ending when it starts, as its page shows only
		// the start, rather than a made-up hour
		if !e.End.IsZero() {
			v.SetEndAt(e.End)
		}
	}
	v.SetSummary(ru.Shorten(e.Title, feedTitle))
	where := e.Location
	if where == "" {
		where = e.OnlineURL
	}
	if where != "" {
		v.SetLocation(where)
	}
	page := base + "/events/" + e.Slug + "/"
	v.SetURL(page)
	desc := ru.Label(ru.EventKinds, e.Kind)
	if e.Audience != "" {
		desc += ". " + e.Audience
	}
	v.SetDescription(desc + "\n" + page)
	if e.Status == "cancelled" {
		v.SetStatus(ics.ObjectStatusCancelled)
	} else {
		v.SetStatus(ics.ObjectStatusConfirmed)
	}
	return v.Serialize()
}

// eventTexts keeps the VEVENT of each event between a live site's builds:
// serializing every event into every feed was a tenth of a publish at
// 10,000 materials. nil keeps nothing.
type eventTexts = kept[eventPlace, string]

// eventPlace is what an event's VEVENT is made of: the event, its zone by
// name (zones are loaded afresh each build) and the site's address.
type eventPlace struct {
	e                Event
	zone, base, host string
}

func placeOf(e Event, loc *time.Location, base, host string) eventPlace {
	return eventPlace{e, loc.String(), base, host}
}

// eventTextOf is the VEVENT of e, kept in c.
func eventTextOf(c *eventTexts, e Event, loc *time.Location, base, host string) string {
	return c.get(e.Slug, placeOf(e, loc, base, host), func() string { return eventText(e, loc, base, host) })
}

package sitegen

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func TestCalendarEndsAreThoseOfTheEvent(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Sakhalin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := &Site{Title: "Копилка", Municipality: "Округ", BaseURL: "https://k.example", Location: loc, Now: at("2026-01-01T00:00"),
		Events: []Event{
			{Slug: "timed-open", Title: "Без конца", Kind: "seminar", Start: at("2026-02-10T15:00"), Status: "planned"},
			{Slug: "timed", Title: "С концом", Kind: "seminar", Start: at("2026-02-11T15:00"), End: at("2026-02-11T17:30"), Status: "planned"},
			{Slug: "day", Title: "Один день", Kind: "contest", AllDay: true, Start: at("2026-02-12T00:00"), Status: "planned"},
			{Slug: "week", Title: "Неделя", Kind: "subject-week", AllDay: true, Start: at("2026-02-16T00:00"), End: at("2026-02-20T00:00"), Status: "planned"},
		}}
	tests := []struct {
		slug, start, end string // property values; end "" when there must be no DTEND
		date             bool   // DTSTART and DTEND are dates
	}{
		{"timed-open", "20260210T040000Z", "", false},
		{"timed", "20260211T040000Z", "20260211T063000Z", false},
		{"day", "20260212", "20260213", true},
		{"week", "20260216", "20260221", true},
	}
	out := newTree()
	if err := writeFeeds(out, s, newCalendar(s), nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			for _, feed := range []string{"events.ics", "events/" + tt.slug + "/event.ics"} {
				cal, err := ics.ParseCalendar(strings.NewReader(string(out.files[feed])))
				if err != nil {
					t.Fatalf("%s does not parse: %v", feed, err)
				}
				var ev *ics.VEvent
				for _, e := range cal.Events() {
					if e.Id() == tt.slug+"@k.example" {
						ev = e
					}
				}
				if ev == nil {
					t.Fatalf("%s lacks the event", feed)
				}
				start := ev.GetProperty(ics.ComponentPropertyDtStart)
				if start == nil || start.Value != tt.start {
					t.Errorf("%s: DTSTART %v, want %s", feed, start, tt.start)
				}
				end := ev.GetProperty(ics.ComponentPropertyDtEnd)
				switch {
				case tt.end == "" && end != nil:
					t.Errorf("%s: DTEND %s for an event without an end", feed, end.Value)
				case tt.end != "" && (end == nil || end.Value != tt.end):
					t.Errorf("%s: DTEND %v, want %s", feed, end, tt.end)
				}
				if d := ev.GetProperty(ics.ComponentProperty(ics.PropertyDuration)); d != nil {
					t.Errorf("%s: DURATION %s", feed, d.Value)
				}
				for _, p := range []*ics.IANAProperty{start, end} {
					if p == nil {
						continue
					}
					if isDate := strings.Join(p.ICalParameters["VALUE"], "") == "DATE"; isDate != tt.date {
						t.Errorf("%s: %s is a date: %v, want %v", feed, p.IANAToken, isDate, tt.date)
					}
				}
			}
		})
	}
	// the page says the same: a start and no end
	if got := whenText(s.Events[0], loc, loc); got != "10 февраля 2026, 15:00" {
		t.Errorf("the page of an event without an end says %q", got)
	}
	if got := isoEnd(s.Events[0], loc); got != "" {
		t.Errorf("its JSON-LD ends at %q", got)
	}
}

// TestAnEventIsSerializedAgainOnlyWhenItChanges protects the calendar
// feeds of a live site: an event the same as in the last build (its zone
// loaded afresh, as every build does) keeps its VEVENT; one that changed,
// or whose zone or site address did, is serialized again.
func TestAnEventIsSerializedAgainOnlyWhenItChanges(t *testing.T) {
	zone := func() *time.Location {
		loc, err := time.LoadLocation("Asia/Sakhalin")
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	e := Event{Slug: "seminar", Title: "Семинар", Kind: "seminar", Start: time.Date(2026, 2, 10, 4, 0, 0, 0, time.UTC), Status: "planned"}
	c := &eventTexts{}
	made := 0
	text := func(e Event, loc *time.Location, base string) string {
		return c.get(e.Slug, placeOf(e, loc, base, "k.example"), func() string { made++; return eventText(e, loc, base, "k.example") })
	}
	build := func(events ...Event) {
		for _, e := range events {
			text(e, zone(), "https://k.example")
			text(e, zone(), "https://k.example") // the same event in a second feed
		}
		c.done()
	}
	build(e)
	if made != 1 {
		t.Fatalf("the first build serialized the event %d times, want once for its feeds", made)
	}
	build(e)
	if made != 1 {
		t.Errorf("an unchanged event was serialized again (%d)", made)
	}
	changed := e
	changed.Status = "cancelled"
	build(changed)
	if made != 2 {
		t.Errorf("a cancelled event was not serialized again (%d)", made)
	}
	got := text(changed, time.UTC, "https://k.example")
	c.done()
	if made != 3 || got != eventText(changed, time.UTC, "https://k.example", "k.example") {
		t.Errorf("an event in another zone kept its old text (%d)", made)
	}
	if !strings.Contains(got, "STATUS:CANCELLED") {
		t.Errorf("the kept text is not the event's:\n%s", got)
	}
}

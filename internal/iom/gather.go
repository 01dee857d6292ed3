package iom

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/schema"
)

// Period is an inclusive range of days.
type Period struct{ From, To time.Time }

func (p Period) overlaps(start, end time.Time) bool {
	if !start.IsZero() && start.After(p.To) {
		return false
	}
	return end.IsZero() || !end.Before(p.From)
}

func (p Period) contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.From) && !t.After(p.To)
}

// Gather collects the facts of every teacher for period, keyed by the
// teacher's organization id.
func Gather(app core.App, period Period) (map[string][]TeacherFacts, error) {
	teachers, err := app.FindAllRecords(schema.Teachers)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	routes, err := app.FindAllRecords(schema.Routes)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	mentorships, err := app.FindAllRecords(schema.Mentorships)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	diagnostics, err := app.FindAllRecords(schema.Diagnostics)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	scores := map[string]map[string]Scores{} // route → stage → scores
	for _, d := range diagnostics {
		rid := d.GetString("route")
		if rid == "" {
			continue
		}
		if scores[rid] == nil {
			scores[rid] = map[string]Scores{}
		}
		scores[rid][d.GetString("stage")] = ScoresOf(d)
	}
	facts := map[string]*TeacherFacts{}
	for _, rec := range teachers {
		t := model.AsTeacher(rec)
		facts[t.Id] = &TeacherFacts{Organization: t.Organization()}
	}
	for _, rec := range routes {
		r := model.AsRoute(rec)
		f := facts[r.Teacher()]
		if f == nil {
			continue
		}
		start, end := r.PeriodStart().Time(), r.PeriodEnd().Time()
		if (r.IsActive() || r.IsCompleted()) && period.overlaps(start, end) {
			f.ActiveRoute = true
			if r.ContestResult() != "" {
				f.ContestResult = true
			}
		}
		if r.IsCompleted() && period.contains(r.CompletedAt().Time()) {
			f.CompletedRoute = true
			if r.CategoryAtEnd() != "" && CategoryRank(r.CategoryAtEnd()) > CategoryRank(r.CategoryAtStart()) {
				f.RaisedCategory = true
			}
			if s := scores[r.Id]; s["initial"] != nil && s["final"] != nil {
				f.Change = Change(s["initial"], s["final"])
			}
		}
	}
	for _, m := range mentorships {
		if !period.overlaps(m.GetDateTime("start").Time(), m.GetDateTime("end").Time()) {
			continue
		}
		for _, id := range append([]string{m.GetString("mentor")}, m.GetStringSlice("mentees")...) {
			if f := facts[id]; f != nil {
				f.InMentorship = true
			}
		}
	}
	out := map[string][]TeacherFacts{}
	for _, f := range facts {
		out[f.Organization] = append(out[f.Organization], *f)
	}
	return out, nil
}

// ScoresOf reads a diagnostics record.
func ScoresOf(d *core.Record) Scores {
	s := Scores{}
	for _, area := range schema.Deficits {
		s[area] = d.GetInt(area)
	}
	return s
}

// SchoolYear is the school year that contains t: 1 September to 31 August.
func SchoolYear(t time.Time) Period {
	y := t.Year()
	if t.Month() < time.September {
		y--
	}
	return Period{From: time.Date(y, time.September, 1, 0, 0, 0, 0, t.Location()),
		To: time.Date(y+1, time.August, 31, 23, 59, 59, 0, t.Location())}
}

// ActiveCount is the number of teachers following an ИОМ in period: the
// one figure of the ИОМ the public site shows.
func ActiveCount(app core.App, period Period) (int, error) {
	byOrg, err := Gather(app, period)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, list := range byOrg {
		for _, f := range list {
			if f.ActiveRoute {
				n++
			}
		}
	}
	return n, nil
}

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
// teacher's organization id; high judges contest results.
func Gather(app core.App, period Period, high Thresholds) (map[string][]TeacherFacts, error) {
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
		if rid := d.GetString("route"); rid != "" {
			if scores[rid] == nil {
				scores[rid] = map[string]Scores{}
			}
			scores[rid][d.GetString("stage")] = ScoresOf(d)
		}
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
		if followedIn(r, period) {
			f.ActiveRoute = true
		}
		if r.IsCompleted() && period.contains(r.CompletedAt().Time()) {
			f.CompletedRoute = true
			// a category recorded at the route's end counts as awarded
			// when it is the first or the highest and higher than before
			if end := r.CategoryAtEnd(); (end == "first" || end == "highest") && CategoryRank(end) > CategoryRank(r.CategoryAtStart()) {
				f.CategoryAwarded = true
			}
		}
		// the change of self-assessment so far: to the final diagnosis,
		// or to the interim one of a route still followed
		if s := scores[r.Id]; followedIn(r, period) && s["initial"] != nil {
			if latest := s["final"]; latest != nil {
				f.Change = Change(s["initial"], latest)
			} else if s["interim"] != nil {
				f.Change = Change(s["initial"], s["interim"])
			}
		}
	}
	for _, m := range mentorships {
		if !period.overlaps(m.GetDateTime("start").Time(), m.GetDateTime("end").Time()) {
			continue
		}
		ended := period.contains(m.GetDateTime("end").Time())
		for _, id := range append([]string{m.GetString("mentor")}, m.GetStringSlice("mentees")...) {
			if f := facts[id]; f != nil {
				f.InMentorship = true
				f.EndedMentorship = f.EndedMentorship || ended
			}
		}
	}
	if err := gatherRecords(app, period, high, facts, lastDiagnoses(diagnostics, routes, period)); err != nil {
		return nil, err
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

// followedIn tells whether the route r was followed in period: active or
// completed, and running in it. A teacher with such a route counts as
// following an ИОМ.
func followedIn(r *model.Route, period Period) bool {
	return (r.IsActive() || r.IsCompleted()) && period.overlaps(r.PeriodStart().Time(), r.PeriodEnd().Time())
}

// ActiveCount is the number of teachers following an ИОМ in period: the
// one figure of the ИОМ the public site shows, as Gather counts it
// (TeacherFacts.ActiveRoute). It reads the routes and the teachers' ids
// only: the site asks on every publish, and gathering the whole
// monitoring took a quarter of a second at 50,000 materials.
func ActiveCount(app core.App, period Period) (int, error) {
	routes, err := app.FindAllRecords(schema.Routes)
	if err != nil {
		return 0, fmt.Errorf("indicators: %w", err)
	}
	var ids []string
	if err := app.RecordQuery(schema.Teachers).Select("id").Column(&ids); err != nil {
		return 0, fmt.Errorf("indicators: %w", err)
	}
	teachers := make(map[string]bool, len(ids))
	for _, id := range ids {
		teachers[id] = true
	}
	following := map[string]bool{}
	for _, rec := range routes {
		r := model.AsRoute(rec)
		if teachers[r.Teacher()] && followedIn(r, period) {
			following[r.Teacher()] = true
		}
	}
	return len(following), nil
}

// stageRank orders the diagnoses of a route: the latest stage tells the
// level a route brought the teacher to.
var stageRank = map[string]int{"initial": 0, "interim": 1, "final": 2}

// lastDiagnoses is each teacher's diagnosis that tells the competence
// level in period: of the diagnoses of routes that run in the period (or
// taken by the period's end without a route), the latest stage, then the
// latest taken.
func lastDiagnoses(diagnostics, routes []*core.Record, period Period) map[string]*core.Record {
	inPeriod := map[string]bool{}
	for _, rec := range routes {
		r := model.AsRoute(rec)
		inPeriod[r.Id] = period.overlaps(r.PeriodStart().Time(), r.PeriodEnd().Time())
	}
	later := func(a, b *core.Record) bool {
		ra, rb := stageRank[a.GetString("stage")], stageRank[b.GetString("stage")]
		if ra != rb {
			return ra > rb
		}
		return a.GetDateTime("created").Time().After(b.GetDateTime("created").Time())
	}
	latest := map[string]*core.Record{}
	for _, d := range diagnostics {
		if rid := d.GetString("route"); rid != "" && !inPeriod[rid] {
			continue
		}
		if d.GetString("route") == "" && d.GetDateTime("created").Time().After(period.To) {
			continue
		}
		tid := d.GetString("teacher")
		if l := latest[tid]; l == nil || later(d, l) {
			latest[tid] = d
		}
	}
	return latest
}

// gatherRecords adds the facts the schools record apart from routes:
// contest results, attestations, the yearly results of pupils, and the
// competence level of each teacher's last self-diagnosis.
func gatherRecords(app core.App, period Period, high Thresholds, facts map[string]*TeacherFacts, latest map[string]*core.Record) error {
	contests, err := app.FindAllRecords(schema.ContestResults)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	for _, c := range contests {
		if f := facts[c.GetString("teacher")]; f != nil && period.contains(c.GetDateTime("date").Time()) &&
			high.High(c.GetString("level"), c.GetString("place")) {
			f.HighContest = true
		}
	}
	attestations, err := app.FindAllRecords(schema.Attestations)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	for _, a := range attestations {
		sought := a.GetString("category_sought")
		if f := facts[a.GetString("teacher")]; f != nil && a.GetString("result") == "awarded" &&
			(sought == "first" || sought == "highest") && period.contains(a.GetDateTime("decision_date").Time()) {
			f.CategoryAwarded = true
		}
	}
	// a year's results against the year before: «за 2 года»
	year := period.To.Year()
	dynamics, err := app.FindAllRecords(schema.ResultDynamics)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	values := map[string]map[int]float64{} // teacher → year → value
	for _, d := range dynamics {
		tid := d.GetString("teacher")
		if values[tid] == nil {
			values[tid] = map[int]float64{}
		}
		values[tid][d.GetInt("year")] = d.GetFloat("value")
	}
	for tid, byYear := range values {
		// the latest year recorded up to the period's, against the year
		// before it: mid-year, the results of the year just ended
		last := 0
		for y := range byYear {
			if y <= year && y > last {
				last = y
			}
		}
		now, okNow := byYear[last]
		before, okBefore := byYear[last-1]
		if f := facts[tid]; f != nil && okNow && okBefore {
			f.Dynamics = -1
			if now > before {
				f.Dynamics = 1
			}
		}
	}
	for tid, d := range latest {
		if f := facts[tid]; f != nil {
			f.Competence = CompetenceLevel(ScoresOf(d))
		}
	}
	return nil
}

package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// registryEntry is a teacher's ИОМ or part in a mentorship programme.
type registryEntry struct {
	Teacher, TeacherID, School, Subjects, Kind, Theme, Mentor, Status string
	Start, End                                                        string // dd.mm.yyyy or ""
	Link                                                              string // the route's page, or the programme's
}

type registryData struct {
	Entries                []registryEntry
	Schools                []*core.Record
	School, Status, Query  string
	Statuses               []string
	Curator                bool
	CSVQuery, Total, Shown string
}

// registryStatuses are the statuses a registry filters by: a route's, and
// a mentorship's «идёт» / «завершена».
var registryStatuses = []string{"draft", "active", "completed", "mentorship", "ended"}

// registryOf is the registry the person of r may read: every school's for
// a curator, the own school's for a deputy director; routes and
// mentorships through their list rules, names through the teachers'.
func (s *Server) registryOf(r *http.Request, u *core.Record) (registryData, error) {
	q := r.URL.Query()
	d := registryData{School: q.Get("school"), Status: q.Get("status"), Query: strings.TrimSpace(q.Get("q")),
		Statuses: registryStatuses, Curator: u.GetString("role") == schema.RoleCurator}
	if !d.Curator {
		d.School = u.GetString("organization")
	}
	var schools map[string]string
	var teachers map[string]*model.Teacher
	var err error
	if d.Schools, schools, teachers, err = s.schoolsAndTeachers(r); err != nil {
		return d, err
	}
	name := func(id string) string {
		if t := teachers[id]; t != nil {
			return t.Name()
		}
		return ""
	}
	day := func(t interface{ IsZero() bool }, f func() string) string {
		if t.IsZero() {
			return ""
		}
		return f()
	}
	add := func(tid, kind, theme, mentor, status, start, end, link string) {
		t := teachers[tid]
		if t == nil {
			return // a teacher the person may not read
		}
		e := registryEntry{Teacher: t.Name(), TeacherID: t.Id, School: schools[t.Organization()], Subjects: strings.Join(t.Subjects(), ", "),
			Kind: kind, Theme: theme, Mentor: mentor, Status: status, Start: start, End: end, Link: link}
		if d.School != "" && t.Organization() != d.School {
			return
		}
		if d.Query != "" && !strings.Contains(strings.ToLower(e.Teacher+" "+e.Theme), strings.ToLower(d.Query)) {
			return
		}
		d.Entries = append(d.Entries, e)
	}
	routes, err := s.list(r, schema.Routes, nil, "routes.updated DESC", 0)
	if err != nil {
		return d, err
	}
	for _, rec := range routes {
		rt := model.AsRoute(rec)
		if d.Status != "" && rt.Status() != d.Status {
			continue
		}
		add(rt.Teacher(), ru.RegKindRoute, rt.Theme(), name(rt.Mentor()), ru.Label(ru.RouteStatuses, rt.Status()),
			day(rt.PeriodStart(), func() string { return ru.Date(rt.PeriodStart().Time().In(s.location())) }),
			day(rt.PeriodEnd(), func() string { return ru.Date(rt.PeriodEnd().Time().In(s.location())) }),
			"/app/iom/"+rt.Id)
	}
	mentorships, err := s.list(r, schema.Mentorships, nil, "mentorships.start DESC", 0)
	if err != nil {
		return d, err
	}
	now := s.now()
	for _, rec := range mentorships {
		m := model.AsMentorship(rec)
		status, code := ru.RegMentorships, "mentorship"
		if end := m.End(); !end.IsZero() && end.Time().Before(now) {
			status, code = ru.RegEnded, "ended"
		}
		if d.Status != "" && d.Status != code {
			continue
		}
		start := day(m.Start(), func() string { return ru.Date(m.Start().Time().In(s.location())) })
		end := day(m.End(), func() string { return ru.Date(m.End().Time().In(s.location())) })
		link := "/app/mentorships/" + m.Id
		add(m.Mentor(), ru.RegKindMentor, m.Program(), "", status, start, end, link)
		for _, mentee := range m.Mentees() {
			add(mentee, ru.RegKindMentee, m.Program(), name(m.Mentor()), status, start, end, link)
		}
	}
	sort.SliceStable(d.Entries, func(i, j int) bool {
		if d.Entries[i].School != d.Entries[j].School {
			return d.Entries[i].School < d.Entries[j].School
		}
		return d.Entries[i].Teacher < d.Entries[j].Teacher
	})
	d.CSVQuery = "?" + filters("school", d.School, "status", d.Status, "q", d.Query)
	return d, nil
}

// schoolsAndTeachers are the schools (not the methodical service) and the
// teachers the person of r may read, with the schools' names by id and
// the teachers by id, for the lists of a school's people.
func (s *Server) schoolsAndTeachers(r *http.Request) ([]*core.Record, map[string]string, map[string]*model.Teacher, error) {
	schools := s.options(r, schema.Organizations, "kind != 'methodical_service'", nil, "organizations.name", 0)
	names := map[string]string{}
	for _, o := range schools {
		names[o.Id] = model.AsOrganization(o).ShortOrName()
	}
	list, err := s.list(r, schema.Teachers, nil, "teachers.name", 0)
	if err != nil {
		return nil, nil, nil, err
	}
	teachers := make(map[string]*model.Teacher, len(list))
	for _, t := range list {
		teachers[t.Id] = model.AsTeacher(t)
	}
	return schools, names, teachers, nil
}

// filters is the query string of a list's filters (name, value pairs)
// for its download links, leaving out those not set.
func filters(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	return v.Encode()
}

// registry shows the registry with its filters.
func (s *Server) registry(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.registryOf(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "registry", page{Title: ru.RegTitle, User: u, Data: d, Section: "registry"})
}

func registryTable(d registryData) ([]string, [][]string) {
	head := []string{ru.RegTeacher, ru.RegSchool, ru.RegSubjects, ru.RegKind, ru.RegTheme, ru.RegMentor, ru.RegStatus, ru.RegStart, ru.RegEnd}
	rows := make([][]string, 0, len(d.Entries))
	for _, e := range d.Entries {
		rows = append(rows, []string{e.Teacher, e.School, e.Subjects, e.Kind, e.Theme, e.Mentor, e.Status, e.Start, e.End})
	}
	return head, rows
}

// registryCSV is the registry for a spreadsheet.
func (s *Server) registryCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.registryOf(r, u)
	if err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	head, rows := registryTable(d)
	s.sendCSV(w, r, "bank-dannyh-iom.csv", append([][]string{head}, rows...))
}

// registryXLSX is the registry as an Excel workbook; its cells are text.
func (s *Server) registryXLSX(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.registryOf(r, u)
	if err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	head, rows := registryTable(d)
	cells := [][]any{textCells(head)}
	for _, row := range rows {
		cells = append(cells, textCells(row))
	}
	s.sendXLSX(w, r, "bank-dannyh-iom.xlsx", ru.RegSheet, cells, map[string]float64{"AB": 32, "CI": 18})
}

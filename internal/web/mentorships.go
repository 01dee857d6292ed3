package web

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/workflow"
)

type mentorshipsData struct {
	Items []*core.Record
	Names map[string]string // teacher id → name
}

func (s *Server) teacherNames() map[string]string {
	names := map[string]string{}
	all, _ := s.App.FindAllRecords(schema.Teachers)
	for _, t := range all {
		names[t.Id] = model.AsTeacher(t).Name()
	}
	return names
}

// mentorships lists the pairs, groups and teams one may read: one's own
// as mentor or mentee, the school's, or all for a curator.
func (s *Server) mentorships(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d := mentorshipsData{Names: s.teacherNames()}
	var err error
	if d.Items, err = s.list(r, schema.Mentorships, nil, "mentorships.start DESC", 500); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "mentorships", page{Title: ru.WebMentorshipsTitle, User: u, Data: d, Section: "mentorships"})
}

type mentorshipData struct {
	Record    *core.Record
	New       bool
	Editable  bool
	Teachers  []*core.Record // the organization's teachers; every school's for a curator
	Mentors   []*core.Record // and the mentors of other schools a deputy director may propose
	Orgs      []*core.Record // the organizations a team may join
	Curator   bool
	Visits    []*core.Record // lesson visits of the mentorship
	Visit     map[string]string
	SchoolOf  map[string]string // teacher id → school, when they come from several
	Events    []*core.Record
	Materials []*core.Record
	Forms     []string
	Form      mentorshipForm
	Names     map[string]string
}

type mentorshipForm struct {
	Mentor, Form, Program, Start, End    string
	Mentees, Events, Materials, Partners []string
	Status                               string
}

func (s *Server) mentorshipData(r *http.Request, u, rec *core.Record, isNew bool) mentorshipData {
	d := mentorshipData{Record: rec, New: isNew, Forms: schema.MentorshipForms, Names: s.teacherNames(), Editable: isNew,
		Curator: u.GetString("role") == schema.RoleCurator, Visit: map[string]string{}}
	org := u.GetString("organization")
	if !isNew {
		m := model.AsMentorship(rec)
		org = m.Organization()
		d.Editable = s.allowed(r, rec, rec.Collection().UpdateRule)
		d.Form = mentorshipForm{Mentor: m.Mentor(), Form: m.Form(), Program: m.Program(),
			Mentees: m.Mentees(), Events: m.Events(), Materials: m.Materials(),
			Partners: rec.GetStringSlice("organizations"), Status: rec.GetString("status")}
		d.Visits = s.options(r, schema.LessonVisits, "mentorship = {:m}", dbx.Params{"m": rec.Id}, "lesson_visits.date DESC", 0)
		if t := m.Start(); !t.IsZero() {
			d.Form.Start = t.Time().In(s.location()).Format("2006-01-02")
		}
		if t := m.End(); !t.IsZero() {
			d.Form.End = t.Time().In(s.location()).Format("2006-01-02")
		}
	} else {
		d.Form.Form = "pair"
	}
	p := dbx.Params{"o": org}
	d.SchoolOf = map[string]string{}
	schools := map[string]string{}
	d.Orgs = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	for _, o := range d.Orgs {
		schools[o.Id] = model.AsOrganization(o).ShortOrName()
	}
	if u.GetString("role") == schema.RoleCurator {
		// a curator pairs a mentor of one school, or of the methodical
		// service, with teachers of another
		d.Teachers = s.options(r, schema.Teachers, "", nil, "teachers.name", 0)
		d.Mentors = d.Teachers
		for _, t := range d.Teachers {
			d.SchoolOf[t.Id] = schools[model.AsTeacher(t).Organization()]
		}
	} else {
		d.Teachers = s.options(r, schema.Teachers, "organization = {:o}", p, "teachers.name", 500)
		// a deputy director may propose a mentor of another school (or of
		// the methodical service) among those whose profiles are public;
		// the municipal service confirms it
		others := s.options(r, schema.Teachers, "mentor = true && organization != {:o}", p, "teachers.name", 500)
		for _, t := range others {
			d.SchoolOf[t.Id] = schools[model.AsTeacher(t).Organization()]
		}
		d.Mentors = append(append([]*core.Record{}, d.Teachers...), others...)
	}
	d.Events = s.options(r, schema.Events, "organizer = {:o}", p, "events.start DESC", 200)
	d.Materials = s.options(r, schema.Materials, "organization = {:o} && status = 'published'", p, "materials.title", 200)
	return d
}

func (s *Server) mentorshipForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		if u.GetString("role") == schema.RoleTeacher {
			s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebForbiddenTitle, User: u})
			return
		}
		s.render(w, r, http.StatusOK, "mentorship", page{Title: ru.WebNewMentorship, User: u, Section: "mentorships", Data: s.mentorshipData(r, u, nil, true)})
		return
	}
	rec, ok := s.loadItem(w, r, u, schema.Mentorships)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "mentorship", page{Title: ru.WebMentorshipsTitle, User: u, Section: "mentorships", Data: s.mentorshipData(r, u, rec, false)})
}

func (s *Server) mentorshipSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	isNew := id == ""
	var rec *core.Record
	if isNew {
		if u.GetString("role") == schema.RoleTeacher {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
			return
		}
	} else {
		var ok bool
		if rec, ok = s.loadItem(w, r, u, schema.Mentorships); !ok {
			return
		}
		if !s.allowed(r, rec, rec.Collection().UpdateRule) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
			return
		}
	}
	d := s.mentorshipData(r, u, rec, isNew)
	f := mentorshipForm{Mentor: r.FormValue("mentor"), Form: r.FormValue("form"), Program: r.FormValue("program"),
		Start: r.FormValue("start"), End: r.FormValue("end"),
		Mentees: onlyFrom(r.Form["mentees"], d.Teachers), Events: onlyFrom(r.Form["events"], d.Events), Materials: onlyFrom(r.Form["materials"], d.Materials),
		Partners: onlyFrom(r.Form["organizations"], d.Orgs), Status: d.Form.Status}
	if f.Form != "team" {
		f.Partners = nil
	}
	d.Form = f
	errs := map[string]string{}
	if len(onlyFrom([]string{f.Mentor}, d.Mentors)) == 0 {
		errs["mentor"] = ru.WebRequired
	}
	var mentees []string
	for _, m := range f.Mentees {
		if m != f.Mentor {
			mentees = append(mentees, m)
		}
	}
	if len(mentees) == 0 {
		errs["mentees"] = ru.WebMenteesNeeded
	}
	if f.Form == "pair" && len(mentees) > 1 {
		errs["mentees"] = ru.WebPairOneMentee
	}
	if !schema.Contains(schema.MentorshipForms, f.Form) {
		errs["form"] = ru.WebRequired
	}
	start, okStart := parseDay(f.Start, s.location())
	end, okEnd := parseDay(f.End, s.location())
	if f.Start != "" && !okStart {
		errs["start"] = ru.WebBadDate
	}
	if f.End != "" && (!okEnd || (okStart && end.Time().Before(start.Time()))) {
		errs["end"] = ru.WebEndBeforeStart
	}
	show := func(code int, errs map[string]string) {
		s.render(w, r, code, "mentorship", page{Title: ru.WebMentorshipsTitle, User: u, Section: "mentorships", Data: d, Errors: errs})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	body := map[string]any{
		"mentor":    f.Mentor,
		"mentees":   mentees,
		"form":      f.Form,
		"program":   f.Program,
		"events":    f.Events,
		"materials": f.Materials,
		"start":     "",
		"end":       "",
	}
	partners := []string{}
	for _, o := range f.Partners {
		if isNew || o != rec.GetString("organization") {
			partners = append(partners, o)
		}
	}
	body["organizations"] = partners
	if okStart {
		body["start"] = start
	}
	if okEnd {
		body["end"] = end
	}
	if isNew {
		body["organization"] = u.GetString("organization")
		// a curator's programme belongs to the school of its (first) mentee,
		// whose deputy director then follows it
		if u.GetString("role") == schema.RoleCurator {
			for _, t := range d.Teachers {
				if t.Id == mentees[0] {
					body["organization"] = model.AsTeacher(t).Organization()
				}
			}
		}
	}
	if isNew {
		// the programme's own school is not its partner
		kept := partners[:0]
		for _, o := range partners {
			if o != body["organization"] {
				kept = append(kept, o)
			}
		}
		body["organizations"] = kept
	}
	saved, err := s.save(r, schema.Mentorships, id, body)
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		show(http.StatusUnprocessableEntity, s.formErrors(r, err))
		return
	}
	flash := "saved"
	if saved.GetString("status") == workflow.MentorshipProposed {
		flash = "proposed"
	}
	s.redirect(w, r, "/app/mentorships/"+saved.Id, flash)
}

// mentorshipConfirm is the municipal service confirming a mentorship a
// deputy director proposed across schools.
func (s *Server) mentorshipConfirm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadItem(w, r, u, schema.Mentorships)
	if !ok {
		return
	}
	if _, err := s.save(r, schema.Mentorships, rec.Id, map[string]any{"status": workflow.MentorshipConfirmed}); err != nil {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	s.redirect(w, r, "/app/mentorships/"+rec.Id, "confirmed")
}

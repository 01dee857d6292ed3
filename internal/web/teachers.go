package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// teachers lists the teachers a school editor looks after (their school's)
// or, for a curator, every teacher.
func (s *Server) teachers(w http.ResponseWriter, r *http.Request, u *core.Record) {
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	narrow := func(q *dbx.SelectQuery) {
		if u.GetString("role") == schema.RoleSchoolEditor {
			q.AndWhere(dbx.HashExp{"teachers.organization": u.GetString("organization")})
		}
		if data.Query != "" {
			q.AndWhere(dbx.Like("teachers.name", data.Query))
		}
	}
	if err := s.listPage(r, schema.Teachers, narrow, "teachers.name", &data); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "teachers", page{Title: ru.WebTeachersTitle, User: u, Data: data, Section: "teachers"})
}

type teacherData struct {
	Record     *core.Record
	Categories []string
	// the facts the school keeps for the project's indicators
	Contests, Attestations, Dynamics []*core.Record
	Courses                          []*core.Record
	Levels, Places, Results, Kinds   []string
	CourseForms, CourseStatuses      []string
	Form                             map[string]string // what a refused fact form held
	FactErrors                       map[string]string
}

func (s *Server) loadTeacher(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rec, err := recordapi.View(event(r), schema.Teachers, r.PathValue("id"))
	if err == nil && !s.allowed(r, rec, rec.Collection().UpdateRule) {
		err = recordapi.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rec, true
}

func (s *Server) teacherForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadTeacher(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "teacher", page{Title: model.AsTeacher(rec).Name(), User: u, Section: "teachers",
		Data: s.teacherData(r, rec)})
}

// teacherData is the profile with the facts the school keeps about it.
func (s *Server) teacherData(r *http.Request, rec *core.Record) teacherData {
	p := dbx.Params{"t": rec.Id}
	return teacherData{Record: rec, Categories: schema.Categories,
		Contests:     s.options(r, schema.ContestResults, "teacher = {:t}", p, "contest_results.date DESC", 0),
		Attestations: s.options(r, schema.Attestations, "teacher = {:t}", p, "attestations.year DESC, attestations.created DESC", 0),
		Dynamics:     s.options(r, schema.ResultDynamics, "teacher = {:t}", p, "result_dynamics.year DESC", 0),
		Courses:      s.options(r, schema.Courses, "teacher = {:t}", p, "courses.end DESC, courses.created DESC", 0),
		CourseForms:  schema.CourseForms, CourseStatuses: schema.CourseStatuses,
		Levels: schema.ContestLevels, Places: schema.ContestPlaces,
		Results: schema.AttestationResults, Kinds: schema.DynamicsKinds,
		Form: map[string]string{}, FactErrors: map[string]string{}}
}

// factCollections are the facts a school keeps about a teacher, by the
// name of their form, with the fields each form sends.
var factCollections = map[string]struct {
	collection string
	fields     []string
	numbers    []string
	dates      []string
	files      []string
}{
	"contests":     {schema.ContestResults, []string{"title", "level", "place"}, nil, []string{"date"}, nil},
	"attestations": {schema.Attestations, []string{"category_current", "category_sought", "result"}, []string{"year"}, []string{"application_date", "decision_date"}, nil},
	"dynamics":     {schema.ResultDynamics, []string{"kind", "note"}, []string{"year", "value"}, nil, nil},
	"courses": {schema.Courses, []string{"title", "provider", "form", "status", "certificate_number"}, []string{"hours"},
		[]string{"start", "end"}, []string{"certificate"}},
}

// teacherFactAdd records a contest result, an attestation or a year's
// results of a teacher's pupils, through the API's rules.
func (s *Server) teacherFactAdd(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadTeacher(w, r, u)
	if !ok {
		return
	}
	kind := r.PathValue("kind")
	fc, known := factCollections[kind]
	if !known {
		s.fail(w, r, u, http.StatusNotFound, ru.FactKindUnknown, nil)
		return
	}
	d := s.teacherData(r, rec)
	body := map[string]any{"teacher": rec.Id}
	for _, f := range fc.fields {
		v := strings.TrimSpace(r.FormValue(f))
		d.Form[kind+"."+f] = v
		body[f] = v
	}
	for _, f := range fc.files {
		if r.MultipartForm == nil {
			break
		}
		for _, fh := range r.MultipartForm.File[f] {
			file, err := filesystem.NewFileFromMultipart(fh)
			if err != nil {
				d.FactErrors[kind+"."+f] = ru.WebFileType
				break
			}
			body[f] = file
		}
	}
	for _, f := range fc.numbers {
		v := strings.Replace(strings.TrimSpace(r.FormValue(f)), ",", ".", 1)
		d.Form[kind+"."+f] = v
		if v == "" {
			continue // the collection says whether it is required
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			d.FactErrors[kind+"."+f] = ru.WebInvalid
			continue
		}
		body[f] = n
	}
	for _, f := range fc.dates {
		v := strings.TrimSpace(r.FormValue(f))
		d.Form[kind+"."+f] = v
		if v == "" {
			body[f] = ""
			continue
		}
		day, ok := parseDay(v, s.location())
		if !ok {
			d.FactErrors[kind+"."+f] = ru.WebBadDate
			continue
		}
		body[f] = day
	}
	show := func(errs map[string]string) {
		for k, v := range errs {
			if k == "form" {
				d.FactErrors[kind] = v
			} else {
				d.FactErrors[kind+"."+k] = v
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "teacher", page{Title: model.AsTeacher(rec).Name(), User: u, Section: "teachers", Data: d})
	}
	if len(d.FactErrors) > 0 {
		show(nil)
		return
	}
	_, err := recordapi.Create(event(r), fc.collection, body)
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		show(s.formErrors(r, err))
		return
	}
	s.redirect(w, r, "/app/teachers/"+rec.Id+"#"+kind, "saved")
}

// teacherFactDelete removes a fact recorded by mistake.
func (s *Server) teacherFactDelete(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadTeacher(w, r, u)
	if !ok {
		return
	}
	fc, known := factCollections[r.PathValue("kind")]
	if !known {
		s.fail(w, r, u, http.StatusNotFound, ru.FactKindUnknown, nil)
		return
	}
	fact, err := recordapi.View(event(r), fc.collection, r.PathValue("fact"))
	if err == nil && fact.GetString("teacher") != rec.Id {
		err = recordapi.ErrNotFound
	}
	if err == nil {
		err = recordapi.Delete(event(r), fc.collection, fact.Id)
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	s.redirect(w, r, "/app/teachers/"+rec.Id+"#"+r.PathValue("kind"), "saved")
}

// teacherSave changes the professional facts of a profile. The consent to
// a public profile is the teacher's own and is not on this form.
func (s *Server) teacherSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadTeacher(w, r, u)
	if !ok {
		return
	}
	name := strings.TrimSpace(r.FormValue("name"))
	years, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("experience_years")))
	body := map[string]any{
		"name":             name,
		"position":         strings.TrimSpace(r.FormValue("position")),
		"subjects":         splitList(strings.ToLower(r.FormValue("subjects"))),
		"experience_years": years,
	}
	if c := r.FormValue("category"); schema.Contains(schema.Categories, c) {
		body["category"] = c
	}
	for _, flag := range []string{"mentor", "methodical_active", "expert", "tutor"} {
		body[flag] = r.FormValue(flag) == "on"
	}
	errs := map[string]string{}
	if name == "" {
		errs["name"] = ru.WebRequired
	} else if _, err := s.save(r, schema.Teachers, rec.Id, body); denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	} else if err != nil {
		errs = s.formErrors(r, err)
	}
	if len(errs) > 0 {
		d := s.teacherData(r, rec)
		d.Record = withValues(rec, body)
		s.render(w, r, http.StatusUnprocessableEntity, "teacher", page{Title: model.AsTeacher(rec).Name(), User: u, Section: "teachers",
			Data: d, Errors: errs})
		return
	}
	s.redirect(w, r, "/app/teachers/"+rec.Id, "saved")
}

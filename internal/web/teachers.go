package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

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
		Data: teacherData{Record: rec, Categories: schema.Categories}})
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
		s.render(w, r, http.StatusUnprocessableEntity, "teacher", page{Title: model.AsTeacher(rec).Name(), User: u, Section: "teachers",
			Data: teacherData{Record: withValues(rec, body), Categories: schema.Categories}, Errors: errs})
		return
	}
	s.redirect(w, r, "/app/teachers/"+rec.Id, "saved")
}

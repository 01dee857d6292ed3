package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// teachers lists the teachers a school editor looks after (their school's)
// or, for a curator, every teacher.
func (s *Server) teachers(w http.ResponseWriter, r *http.Request, u *core.Record) {
	q, err := s.listQuery(u, schema.Teachers)
	if err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
		return
	}
	if u.GetString("role") == schema.RoleSchoolEditor {
		q.AndWhere(dbx.HashExp{"teachers.organization": u.GetString("organization")})
	}
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if data.Query != "" {
		q.AndWhere(dbx.Like("teachers.name", data.Query))
	}
	if err := fillPage(r, q, "teachers", "teachers.name", &data); err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
		return
	}
	s.render(w, r, http.StatusOK, "teachers", page{Title: ru.WebTeachersTitle, User: u, Data: data, Section: "teachers"})
}

type teacherData struct {
	Record     *core.Record
	Categories []string
}

func (s *Server) loadTeacher(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rec, err := s.App.FindRecordById(schema.Teachers, r.PathValue("id"))
	if err != nil || !s.allowed(u, rec, rec.Collection().UpdateRule, nil) {
		s.render(w, r, http.StatusNotFound, "forbidden", page{Title: ru.WebNotFound, User: u})
		return nil, false
	}
	return rec, true
}

func (s *Server) teacherForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadTeacher(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "teacher", page{Title: rec.GetString("name"), User: u, Section: "teachers",
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
	rec.Set("name", name)
	rec.Set("position", strings.TrimSpace(r.FormValue("position")))
	rec.Set("subjects", splitList(strings.ToLower(r.FormValue("subjects"))))
	if c := r.FormValue("category"); schema.Contains(schema.Categories, c) {
		rec.Set("category", c)
	}
	years, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("experience_years")))
	rec.Set("experience_years", years)
	for _, flag := range []string{"mentor", "methodical_active", "expert", "tutor"} {
		rec.Set(flag, r.FormValue(flag) == "on")
	}
	errs := map[string]string{}
	if name == "" {
		errs["name"] = ru.WebRequired
	} else if err := s.App.Save(rec); err != nil {
		errs = fieldErrors(err)
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "teacher", page{Title: rec.GetString("name"), User: u, Section: "teachers",
			Data: teacherData{Record: rec, Categories: schema.Categories}, Errors: errs})
		return
	}
	s.redirect(w, r, "/app/teachers/"+rec.Id, "saved")
}

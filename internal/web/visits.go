package web

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// visitAdd records a lesson visit (взаимопосещение) within a mentorship:
// who visited whom, when, and the analysis as text or a file. The API's
// rules decide who may: the visitor himself, the visited teacher's deputy
// director, the municipal service.
func (s *Server) visitAdd(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadItem(w, r, u, schema.Mentorships)
	if !ok {
		return
	}
	d := s.mentorshipData(r, u, rec, false)
	people := append([]string{rec.GetString("mentor")}, rec.GetStringSlice("mentees")...)
	for _, f := range []string{"teacher", "visitor", "date", "lesson", "purpose", "analysis"} {
		d.Visit[f] = strings.TrimSpace(r.FormValue(f))
	}
	errs := map[string]string{}
	if !schema.Contains(people, d.Visit["teacher"]) {
		errs["visit.teacher"] = ru.WebRequired
	}
	if !schema.Contains(people, d.Visit["visitor"]) || d.Visit["visitor"] == d.Visit["teacher"] {
		errs["visit.visitor"] = ru.WebRequired
	}
	day, okDay := parseDay(d.Visit["date"], s.location())
	if !okDay {
		errs["visit.date"] = ru.WebBadDate
	}
	body := map[string]any{"teacher": d.Visit["teacher"], "visitor": d.Visit["visitor"], "date": day, "lesson": d.Visit["lesson"],
		"purpose": d.Visit["purpose"], "analysis": d.Visit["analysis"], "mentorship": rec.Id}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["analysis_file"] {
			f, err := filesystem.NewFileFromMultipart(fh)
			if err != nil {
				errs["visit.analysis_file"] = ru.WebFileType
				break
			}
			body["analysis_file"] = f
		}
	}
	show := func(errs map[string]string) {
		s.render(w, r, http.StatusUnprocessableEntity, "mentorship", page{Title: ru.WebMentorshipsTitle, User: u, Section: "mentorships", Data: d, Errors: errs})
	}
	if len(errs) > 0 {
		show(errs)
		return
	}
	if _, err := recordapi.Create(event(r), schema.LessonVisits, body); err != nil {
		if denied(err) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
			return
		}
		out := map[string]string{}
		for k, v := range s.formErrors(r, err) {
			if k == "analysis_file" {
				v = ru.WebFileType
			}
			out["visit."+k] = v
		}
		show(out)
		return
	}
	s.redirect(w, r, "/app/mentorships/"+rec.Id+"#visits", "visit")
}

// visitFile sends the file of a lesson's analysis to those who may read
// the visit.
func (s *Server) visitFile(w http.ResponseWriter, r *http.Request, u *core.Record) {
	v, err := recordapi.View(event(r), schema.LessonVisits, r.PathValue("id"))
	if err != nil || v.GetString("analysis_file") == "" {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	s.sendRecordFile(w, r, u, v, v.GetString("analysis_file"), v.GetString("analysis_file"))
}

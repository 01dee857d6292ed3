package web

import (
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/markdown"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// practices lists the user's practices like materials: own, the school's,
// or all for a curator.
func (s *Server) practices(w http.ResponseWriter, r *http.Request, u *core.Record) {
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if err := s.listPage(r, schema.Practices, itemsOf(u, schema.Practices, data.Query), "practices.updated DESC", &data); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "practices", page{Title: ru.WebPracticesTitle, User: u, Data: data, Section: "practices"})
}

type practiceForm struct {
	Title, Summary, Body, Results, License string
	Materials, Events                      []string
}

type practiceData struct {
	Record    *core.Record
	New       bool
	Editable  bool
	Preview   string
	Form      practiceForm
	Materials []*core.Record // the organization's published materials to link
	Events    []*core.Record // the organization's events
	Reviews   []*core.Record
	Licenses  []string
}

func (s *Server) practiceData(r *http.Request, u, rec *core.Record, isNew bool) practiceData {
	d := practiceData{Record: rec, New: isNew, Editable: isNew, Licenses: licenses, Form: practiceForm{License: licenses[0]}}
	org := u.GetString("organization")
	if !isNew {
		p := model.AsPractice(rec)
		org = p.Organization()
		d.Editable = s.editable(r, rec)
		d.Form = practiceForm{Title: p.Title(), Summary: p.Summary(), Body: p.Body(),
			Results: p.Results(), Materials: p.Materials(), Events: p.Events(), License: p.License()}
		d.Reviews = s.reviewsOf(r, "practice", rec.Id)
	}
	d.Materials = s.options(r, schema.Materials, "organization = {:o} && status = 'published'", dbx.Params{"o": org}, "materials.title", 200)
	d.Events = s.options(r, schema.Events, "organizer = {:o}", dbx.Params{"o": org}, "events.start DESC", 200)
	return d
}

func (s *Server) practiceForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		s.render(w, r, http.StatusOK, "practice", page{Title: ru.WebNewPractice, User: u, Section: "practices", Data: s.practiceData(r, u, nil, true)})
		return
	}
	rec, ok := s.loadItem(w, r, u, schema.Practices)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "practice", page{Title: model.AsPractice(rec).Title(), User: u, Section: "practices", Data: s.practiceData(r, u, rec, false)})
}

// onlyFrom keeps the ids of ids that are among records: a form may link
// only what it offered.
func onlyFrom(ids []string, records []*core.Record) []string {
	out := []string{}
	for _, id := range ids {
		for _, r := range records {
			if r.Id == id {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

func (s *Server) practiceSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	isNew := id == ""
	var rec *core.Record
	if !isNew {
		var ok bool
		if rec, ok = s.loadItem(w, r, u, schema.Practices); !ok {
			return
		}
		if !s.editable(r, rec) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
			return
		}
	}
	d := s.practiceData(r, u, rec, isNew)
	d.Form = practiceForm{Title: strings.TrimSpace(r.FormValue("title")), Summary: strings.TrimSpace(r.FormValue("summary")),
		Body: r.FormValue("body"), Results: r.FormValue("results"), License: licenseFrom(r.FormValue("license")),
		Materials: onlyFrom(r.Form["materials"], d.Materials), Events: onlyFrom(r.Form["events"], d.Events)}
	title := ru.WebNewPractice
	if !isNew {
		title = model.AsPractice(rec).Title()
	}
	show := func(code int, errs map[string]string) {
		s.render(w, r, code, "practice", page{Title: title, User: u, Section: "practices", Data: d, Errors: errs})
	}
	action := r.FormValue("action")
	if action == "preview" {
		d.Preview, _ = markdown.Render(d.Form.Body + "\n\n" + d.Form.Results)
		show(http.StatusOK, nil)
		return
	}
	if d.Form.Title == "" {
		show(http.StatusUnprocessableEntity, map[string]string{"title": ru.WebRequired})
		return
	}
	body := map[string]any{
		"title":     d.Form.Title,
		"summary":   d.Form.Summary,
		"body":      d.Form.Body,
		"results":   d.Form.Results,
		"license":   d.Form.License,
		"materials": d.Form.Materials,
		"events":    d.Form.Events,
	}
	if isNew {
		if profile, err := model.FindTeacherOfUser(s.App, u.Id); err == nil {
			body["authors"] = []string{profile.Id}
		} else if u.GetString("role") == schema.RoleTeacher {
			show(http.StatusUnprocessableEntity, map[string]string{"form": ru.WebNoProfile})
			return
		}
		body["organization"] = u.GetString("organization")
		body["status"] = schema.StatusDraft
	}
	if action == "submit" {
		body["status"] = schema.StatusSubmitted
	}
	flash := "saved"
	if action == "submit" {
		flash = "submitted"
	}
	s.saveForm(w, r, u, schema.Practices, id, body, show, "/app/practices/", flash)
}

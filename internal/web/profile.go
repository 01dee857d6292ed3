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

type profileData struct {
	Profile *core.Record
	Org     string
	BioHTML string
	// Route is the teacher's current ИОМ, whose theme is the theme of
	// self-education; nil without one
	Route *core.Record
}

// ownProfile finds the teacher profile of u, or answers 404.
func (s *Server) ownProfile(w http.ResponseWriter, r *http.Request, u *core.Record) (*model.Teacher, bool) {
	p, err := model.FindTeacherOfUser(s.App, u.Id)
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNoProfile, err)
		return nil, false
	}
	return p, true
}

func (s *Server) profileData(r *http.Request, p *core.Record) profileData {
	d := profileData{Profile: p}
	t := model.AsTeacher(p)
	if org, err := model.FindOrganization(s.App, t.Organization()); err == nil {
		d.Org = org.Name()
	}
	d.BioHTML, _ = markdown.Render(t.Bio())
	d.Route = s.currentRoute(r, t.Id)
	return d
}

// currentRoute is the teacher's ИОМ in draft or in progress, the latest.
func (s *Server) currentRoute(r *http.Request, teacher string) *core.Record {
	routes := s.options(r, schema.Routes, "teacher = {:t} && (status = 'draft' || status = 'active')", dbx.Params{"t": teacher}, "routes.updated DESC", 1)
	if len(routes) == 0 {
		return nil
	}
	return routes[0]
}

// profile shows the teacher's profile with the consent switch and a
// preview of exactly what the public page would show.
func (s *Server) profile(w http.ResponseWriter, r *http.Request, u *core.Record) {
	p, ok := s.ownProfile(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "profile", page{Title: ru.WebProfileTitle, User: u, Data: s.profileData(r, p.ProxyRecord()), Section: "profile"})
}

func (s *Server) profileSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	p, ok := s.ownProfile(w, r, u)
	if !ok {
		return
	}
	if !s.allowed(r, p.ProxyRecord(), p.Collection().UpdateRule) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
		return
	}
	name := strings.TrimSpace(r.FormValue("name"))
	body := map[string]any{
		"name":                 name,
		"position":             strings.TrimSpace(r.FormValue("position")),
		"subjects":             splitList(strings.ToLower(r.FormValue("subjects"))),
		"self_education_theme": strings.TrimSpace(r.FormValue("self_education_theme")),
		"bio":                  r.FormValue("bio"),
		"public":               r.FormValue("public") == "on",
	}
	// with an ИОМ under way the theme of self-education is its theme
	if s.currentRoute(r, p.Id) != nil {
		delete(body, "self_education_theme")
	}
	errs := map[string]string{}
	if name == "" {
		errs["name"] = ru.WebRequired
	} else if _, err := s.save(r, schema.Teachers, p.Id, body); denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	} else if err != nil {
		errs = s.formErrors(r, err)
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "profile", page{Title: ru.WebProfileTitle, User: u, Data: s.profileData(r, withValues(p.ProxyRecord(), body)),
			Errors: errs, Section: "profile"})
		return
	}
	s.redirect(w, r, "/app/profile", "saved")
}

// withValues is a copy of rec showing the values a refused form submitted.
func withValues(rec *core.Record, body map[string]any) *core.Record {
	shown := rec.Clone()
	for k, v := range body {
		shown.Set(k, v)
	}
	return shown
}

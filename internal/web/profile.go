package web

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

type profileData struct {
	Profile *core.Record
	Org     string
	BioHTML string
}

func (s *Server) ownProfile(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	p, err := s.App.FindFirstRecordByData(schema.Teachers, "user", u.Id)
	if err != nil {
		s.render(w, r, http.StatusNotFound, "forbidden", page{Title: ru.WebNoProfile, User: u})
		return nil, false
	}
	return p, true
}

func (s *Server) profileData(p *core.Record) profileData {
	d := profileData{Profile: p}
	if org, err := s.App.FindRecordById(schema.Organizations, p.GetString("organization")); err == nil {
		d.Org = org.GetString("name")
	}
	d.BioHTML, _ = publish.RenderMarkdown(p.GetString("bio"))
	return d
}

// profile shows the teacher's profile with the consent switch and a
// preview of exactly what the public page would show.
func (s *Server) profile(w http.ResponseWriter, r *http.Request, u *core.Record) {
	p, ok := s.ownProfile(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "profile", page{Title: ru.WebProfileTitle, User: u, Data: s.profileData(p), Section: "profile"})
}

func (s *Server) profileSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	p, ok := s.ownProfile(w, r, u)
	if !ok {
		return
	}
	if !s.allowed(u, p, p.Collection().UpdateRule, nil) {
		s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebForbiddenTitle, User: u})
		return
	}
	name := strings.TrimSpace(r.FormValue("name"))
	p.Set("name", name)
	p.Set("position", strings.TrimSpace(r.FormValue("position")))
	p.Set("subjects", splitList(strings.ToLower(r.FormValue("subjects"))))
	p.Set("self_education_theme", strings.TrimSpace(r.FormValue("self_education_theme")))
	p.Set("bio", r.FormValue("bio"))
	p.Set("public", r.FormValue("public") == "on")
	if name == "" {
		s.render(w, r, http.StatusUnprocessableEntity, "profile", page{Title: ru.WebProfileTitle, User: u, Data: s.profileData(p),
			Errors: map[string]string{"name": ru.WebRequired}, Section: "profile"})
		return
	}
	if err := s.App.Save(p); err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "profile", page{Title: ru.WebProfileTitle, User: u, Data: s.profileData(p),
			Errors: fieldErrors(err), Section: "profile"})
		return
	}
	s.redirect(w, r, "/app/profile", "saved")
}

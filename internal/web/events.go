package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// events lists the calendar a user keeps: a school editor's school's
// events, every event for a curator; newest first, searchable.
func (s *Server) events(w http.ResponseWriter, r *http.Request, u *core.Record) {
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	narrow := func(q *dbx.SelectQuery) {
		if u.GetString("role") == schema.RoleSchoolEditor {
			q.AndWhere(dbx.HashExp{"events.organizer": u.GetString("organization")})
		}
		if data.Query != "" {
			q.AndWhere(dbx.Like("events.title", data.Query))
		}
	}
	if err := s.listPage(r, schema.Events, narrow, "events.start DESC", &data); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "events", page{Title: ru.WebEventsTitle, User: u, Data: data, Section: "events"})
}

type eventForm struct {
	Title, Kind, Level, Start, End, Location, OnlineURL, Audience, Subjects, RegistrationURL, Body, Status, Organizer string
	Responsible, ResponsibleText, Expected, License                                                                   string
	AllDay                                                                                                            bool
}

type eventData struct {
	Record   *core.Record
	New      bool
	Form     eventForm
	Kinds    []string
	Levels   []string
	Statuses []string
	Orgs     []*core.Record
	Curator  bool
	Teachers []*core.Record // who may answer for it
	Licenses []string
}

const formTime = "2006-01-02T15:04"

func (s *Server) eventFormOf(rec *core.Record) eventForm {
	loc := s.location()
	e := model.AsEvent(rec)
	f := eventForm{Title: e.Title(), Kind: e.Kind(), Level: e.Level(),
		Location: e.Location(), OnlineURL: e.OnlineURL(), Audience: e.Audience(),
		Subjects: strings.Join(e.Subjects(), ", "), RegistrationURL: e.RegistrationURL(),
		Body: e.Body(), Status: e.Status(), Organizer: e.Organizer(), AllDay: e.AllDay(),
		ResponsibleText: rec.GetString("responsible_text"), Expected: rec.GetString("expected_result"), License: e.License()}
	if rs := rec.GetStringSlice("responsible"); len(rs) > 0 {
		f.Responsible = rs[0]
	}
	if z := e.Timezone(); z != "" {
		if l, err := time.LoadLocation(z); err == nil {
			loc = l
		}
	}
	if t := e.Start(); !t.IsZero() {
		f.Start = t.Time().In(loc).Format(formTime)
	}
	if t := e.End(); !t.IsZero() {
		f.End = t.Time().In(loc).Format(formTime)
	}
	return f
}

func (s *Server) eventData(r *http.Request, u, rec *core.Record, isNew bool) eventData {
	d := eventData{Record: rec, New: isNew, Kinds: schema.EventKinds, Levels: schema.EventLevels, Statuses: schema.EventStatuses, Licenses: licenses,
		Curator: u.GetString("role") == schema.RoleCurator}
	if d.Curator {
		d.Orgs = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	}
	if d.Curator {
		d.Teachers = s.options(r, schema.Teachers, "", nil, "teachers.name", 0)
	} else {
		d.Teachers = s.options(r, schema.Teachers, "organization = {:o}", dbx.Params{"o": u.GetString("organization")}, "teachers.name", 0)
	}
	if isNew {
		d.Form = eventForm{Level: "municipal", Status: schema.EventPlanned, Organizer: u.GetString("organization")}
		if !d.Curator {
			d.Form.Level = "school"
		}
	} else {
		d.Form = s.eventFormOf(rec)
	}
	return d
}

func (s *Server) loadEvent(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rec, err := recordapi.View(event(r), schema.Events, r.PathValue("id"))
	if err == nil && !s.allowed(r, rec, rec.Collection().UpdateRule) {
		err = recordapi.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rec, true
}

func (s *Server) eventForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		d := s.eventData(r, u, nil, true)
		// «копировать»: a new event prefilled from one the user may edit
		if from := r.URL.Query().Get("copy"); from != "" {
			if src, err := recordapi.View(event(r), schema.Events, from); err == nil && s.allowed(r, src, src.Collection().UpdateRule) {
				d.Form = s.eventFormOf(src)
				d.Form.Status = schema.EventPlanned
				d.Form.Title += " (копия)"
			}
		}
		s.render(w, r, http.StatusOK, "event", page{Title: ru.WebNewEvent, User: u, Data: d, Section: "events"})
		return
	}
	rec, ok := s.loadEvent(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "event", page{Title: model.AsEvent(rec).Title(), User: u, Data: s.eventData(r, u, rec, false), Section: "events"})
}

func (s *Server) eventSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	isNew := id == ""
	var rec *core.Record
	if !isNew {
		var ok bool
		if rec, ok = s.loadEvent(w, r, u); !ok {
			return
		}
	}
	d := s.eventData(r, u, rec, isNew)
	f := eventForm{Title: strings.TrimSpace(r.FormValue("title")), Kind: r.FormValue("kind"), Level: r.FormValue("level"),
		Start: r.FormValue("start"), End: r.FormValue("end"), Location: strings.TrimSpace(r.FormValue("location")),
		OnlineURL: strings.TrimSpace(r.FormValue("online_url")), Audience: strings.TrimSpace(r.FormValue("audience")),
		Subjects: r.FormValue("subjects"), RegistrationURL: strings.TrimSpace(r.FormValue("registration_url")),
		Body: r.FormValue("body"), Status: r.FormValue("status"), AllDay: r.FormValue("all_day") == "on",
		Organizer: d.Form.Organizer, Responsible: r.FormValue("responsible"),
		ResponsibleText: strings.TrimSpace(r.FormValue("responsible_text")), Expected: strings.TrimSpace(r.FormValue("expected_result")),
		License: licenseFrom(r.FormValue("license"))}
	if d.Curator && r.FormValue("organizer") != "" {
		f.Organizer = r.FormValue("organizer")
	}
	if r.FormValue("action") == "cancel" {
		f.Status = schema.EventCancelled
	}
	d.Form = f
	errs := map[string]string{}
	if f.Title == "" {
		errs["title"] = ru.WebRequired
	}
	if !schema.Contains(schema.EventKinds, f.Kind) {
		errs["kind"] = ru.WebRequired
	}
	if !schema.Contains(schema.EventLevels, f.Level) {
		errs["level"] = ru.WebRequired
	}
	if !schema.Contains(schema.EventStatuses, f.Status) {
		f.Status = schema.EventPlanned
	}
	loc := s.location()
	start, err := time.ParseInLocation(formTime, f.Start, loc)
	if err != nil {
		errs["start"] = ru.WebBadDate
	}
	var end time.Time
	if f.End != "" {
		if end, err = time.ParseInLocation(formTime, f.End, loc); err != nil {
			errs["end"] = ru.WebBadDate
		}
	}
	if f.AllDay {
		start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
		if !end.IsZero() {
			end = time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc)
		}
	}
	if errs["start"] == "" && errs["end"] == "" && !end.IsZero() && end.Before(start) {
		errs["end"] = ru.WebEndBeforeStart
	}
	show := func(code int, errs map[string]string) {
		title := ru.WebNewEvent
		if !isNew {
			title = model.AsEvent(rec).Title()
		}
		s.render(w, r, code, "event", page{Title: title, User: u, Data: d, Errors: errs, Section: "events"})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	startDT, _ := types.ParseDateTime(start.UTC())
	body := map[string]any{
		"title":            f.Title,
		"kind":             f.Kind,
		"level":            f.Level,
		"start":            startDT,
		"end":              "",
		"all_day":          f.AllDay,
		"location":         f.Location,
		"online_url":       f.OnlineURL,
		"audience":         f.Audience,
		"subjects":         splitList(strings.ToLower(f.Subjects)),
		"registration_url": f.RegistrationURL,
		"body":             f.Body,
		"status":           f.Status,
		"responsible":      []string{},
		"responsible_text": f.ResponsibleText,
		"expected_result":  f.Expected,
		"license":          f.License,
	}
	if f.Responsible != "" {
		body["responsible"] = []string{f.Responsible}
	}
	if !end.IsZero() {
		body["end"], _ = types.ParseDateTime(end.UTC())
	}
	if isNew || d.Curator {
		body["organizer"] = f.Organizer
	}
	s.saveForm(w, r, u, schema.Events, id, body, show, "/app/events/", "saved")
}

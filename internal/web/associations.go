package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// moRow is a methodical association with its quota of the year.
type moRow struct {
	Record  *core.Record
	Kind    string
	School  string
	Head    string
	Members int
	Quota   methodwork.Quota
}

type moListData struct {
	Year     int
	Years    []int
	School   string
	Schools  []*core.Record
	Curator  bool
	Rows     []moRow
	Quarters [4]string
}

// handedIn is when a material reached the bank: its publication, or its
// creation while it waits for review. Drafts are not handed in.
func handedIn(m *core.Record) (time.Time, bool) {
	switch m.GetString("status") {
	case schema.StatusPublished, schema.StatusArchived, schema.StatusSubmitted:
	default:
		return time.Time{}, false
	}
	if t := m.GetDateTime("published_at"); !t.IsZero() {
		return t.Time(), true
	}
	return m.GetDateTime("created").Time(), true
}

// quotaOf counts the materials of an association the person of r may
// read against its quota for the school year that began in year.
func (s *Server) quotaOf(r *http.Request, a *core.Record, year int) (methodwork.Quota, []*core.Record) {
	ids := a.GetStringSlice("materials")
	var mats []*core.Record
	if len(ids) > 0 {
		in := make([]any, len(ids))
		for i, id := range ids {
			in[i] = id
		}
		var err error
		mats, err = s.list(r, schema.Materials, func(q *dbx.SelectQuery) { q.AndWhere(dbx.In("materials.id", in...)) }, "materials.created DESC", 0)
		if err != nil {
			s.logCause(r, schema.Materials, err)
		}
	}
	var dates []time.Time
	for _, m := range mats {
		if t, ok := handedIn(m); ok {
			dates = append(dates, t)
		}
	}
	return methodwork.QuotaOf(year, a.GetInt("quota"), dates, s.now().In(s.location())), mats
}

// schoolYearParam is the school year a page asks for, the current one
// by default, and the years it offers.
func (s *Server) schoolYearParam(r *http.Request) (int, []int) {
	now := methodwork.SchoolYearOf(s.now().In(s.location()))
	year := now
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	var years []int
	for y := now + 1; y >= now-4; y-- {
		years = append(years, y)
	}
	return year, years
}

// associations lists the methodical associations a person keeps — a
// school's for its deputy director, every one for a curator — with the
// table of materials handed in by quarter.
func (s *Server) associations(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d := moListData{Curator: u.GetString("role") == schema.RoleCurator, School: r.URL.Query().Get("school"), Quarters: ru.QuartersShort}
	d.Year, d.Years = s.schoolYearParam(r)
	if !d.Curator {
		d.School = u.GetString("organization")
	}
	d.Schools = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	names := map[string]string{}
	for _, o := range d.Schools {
		names[o.Id] = model.AsOrganization(o).ShortOrName()
	}
	list, err := s.list(r, schema.Associations, func(q *dbx.SelectQuery) {
		if d.School != "" {
			q.AndWhere(dbx.HashExp{"associations.organization": d.School})
		}
	}, "associations.name", 0)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	heads := s.readableTeacherNames(r)
	for _, a := range list {
		q, _ := s.quotaOf(r, a, d.Year)
		d.Rows = append(d.Rows, moRow{Record: a, Kind: ru.Label(ru.AssociationKindsShort, a.GetString("kind")),
			School: names[a.GetString("organization")], Head: heads[a.GetString("head")],
			Members: len(a.GetStringSlice("members")), Quota: q})
	}
	sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].School < d.Rows[j].School })
	s.render(w, r, http.StatusOK, "associations", page{Title: ru.MOTitle, User: u, Data: d, Section: "mo"})
}

// readableTeacherNames are the names of the teachers the person of r may read.
func (s *Server) readableTeacherNames(r *http.Request) map[string]string {
	out := map[string]string{}
	for _, t := range s.options(r, schema.Teachers, "", nil, "teachers.name", 0) {
		out[t.Id] = model.AsTeacher(t).Name()
	}
	return out
}

type moForm struct {
	Name, Kind, Organization, Subjects, Head, Year, Theme, Quota, About string
	Members                                                             []string
}

type moData struct {
	Record    *core.Record
	New       bool
	Form      moForm
	Kinds     []string
	Orgs      []*core.Record
	Curator   bool
	Teachers  []*core.Record
	OrgNames  map[string]string
	Quota     methodwork.Quota
	Quarters  [4]string
	Materials []*core.Record // handed in
	Meetings  []*core.Record
	// what may be attributed: the organization's materials and events
	MaterialChoices, EventChoices []*core.Record
}

func (s *Server) moData(r *http.Request, u, rec *core.Record) moData {
	d := moData{Record: rec, New: rec == nil, Kinds: schema.AssociationKinds, Curator: u.GetString("role") == schema.RoleCurator,
		Quarters: ru.QuartersShort, OrgNames: map[string]string{}}
	d.Orgs = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	for _, o := range d.Orgs {
		d.OrgNames[o.Id] = model.AsOrganization(o).ShortOrName()
	}
	year := methodwork.SchoolYearOf(s.now().In(s.location()))
	if rec == nil {
		d.Form = moForm{Kind: "school_mo", Organization: u.GetString("organization"), Year: strconv.Itoa(year)}
		if d.Curator {
			d.Form.Kind = "rmo"
		}
	} else {
		d.Form = moForm{Name: rec.GetString("name"), Kind: rec.GetString("kind"), Organization: rec.GetString("organization"),
			Subjects: strings.Join(rec.GetStringSlice("subjects"), ", "), Head: rec.GetString("head"),
			Theme: rec.GetString("theme"), About: rec.GetString("about"), Members: rec.GetStringSlice("members")}
		if y := rec.GetInt("year"); y > 0 {
			d.Form.Year = strconv.Itoa(y)
		}
		if q := rec.GetInt("quota"); q > 0 {
			d.Form.Quota = strconv.Itoa(q)
		}
		d.Quota, d.Materials = s.quotaOf(r, rec, year)
		if ids := rec.GetStringSlice("events"); len(ids) > 0 {
			d.Meetings = s.byIDs(r, schema.Events, ids, "events.start DESC")
		}
		org := rec.GetString("organization")
		p := dbx.Params{"o": org}
		if s.isMethodicalService(r, org) {
			// the municipality's associations gather the published
			// materials of every school
			d.MaterialChoices = s.options(r, schema.Materials, "status = 'published'", nil, "materials.published_at DESC", 300)
		} else {
			d.MaterialChoices = s.options(r, schema.Materials, "organization = {:o} && status != 'draft' && status != 'rejected'", p, "materials.created DESC", 300)
		}
		d.EventChoices = s.options(r, schema.Events, "organizer = {:o}", p, "events.start DESC", 200)
	}
	// a school's association is of its teachers; the municipality's of all
	if d.Curator {
		d.Teachers = s.options(r, schema.Teachers, "", nil, "teachers.name", 0)
	} else {
		d.Teachers = s.options(r, schema.Teachers, "organization = {:o}", dbx.Params{"o": u.GetString("organization")}, "teachers.name", 0)
	}
	return d
}

// byIDs lists the records of collection with ids that the person of r
// may read.
func (s *Server) byIDs(r *http.Request, collection string, ids []string, order string) []*core.Record {
	in := make([]any, len(ids))
	for i, id := range ids {
		in[i] = id
	}
	items, err := s.list(r, collection, func(q *dbx.SelectQuery) { q.AndWhere(dbx.In(collection+".id", in...)) }, order, 0)
	if err != nil {
		s.logCause(r, collection, err)
	}
	return items
}

// isMethodicalService reports whether org is the municipal methodical service.
func (s *Server) isMethodicalService(r *http.Request, org string) bool {
	o, err := recordapi.View(event(r), schema.Organizations, org)
	return err == nil && o.GetString("kind") == "methodical_service"
}

func (s *Server) loadAssociation(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rec, err := recordapi.View(event(r), schema.Associations, r.PathValue("id"))
	if err == nil && !s.allowed(r, rec, rec.Collection().UpdateRule) {
		err = recordapi.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rec, true
}

// associationForm shows a new association's form or an association with
// its quota, materials and meetings.
func (s *Server) associationForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		s.render(w, r, http.StatusOK, "association", page{Title: ru.MONew, User: u, Data: s.moData(r, u, nil), Section: "mo"})
		return
	}
	rec, ok := s.loadAssociation(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "association", page{Title: rec.GetString("name"), User: u, Data: s.moData(r, u, rec), Section: "mo"})
}

// associationSave creates or changes an association through the API's rules.
func (s *Server) associationSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	var rec *core.Record
	if id != "" {
		var ok bool
		if rec, ok = s.loadAssociation(w, r, u); !ok {
			return
		}
	}
	d := s.moData(r, u, rec)
	f := moForm{Name: strings.TrimSpace(r.FormValue("name")), Kind: r.FormValue("kind"), Organization: d.Form.Organization,
		Subjects: r.FormValue("subjects"), Head: r.FormValue("head"), Year: strings.TrimSpace(r.FormValue("year")),
		Theme: strings.TrimSpace(r.FormValue("theme")), Quota: strings.TrimSpace(r.FormValue("quota")), About: r.FormValue("about"),
		Members: r.Form["members"]}
	if d.Curator && r.FormValue("organization") != "" {
		f.Organization = r.FormValue("organization")
	}
	d.Form = f
	errs := map[string]string{}
	if f.Name == "" {
		errs["name"] = ru.WebRequired
	}
	if !schema.Contains(schema.AssociationKinds, f.Kind) {
		errs["kind"] = ru.WebRequired
	}
	number := func(field, v string) any {
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[field] = ru.WebInvalid
		}
		return n
	}
	year, quota := number("year", f.Year), number("quota", f.Quota)
	show := func(code int, errs map[string]string) {
		title := ru.MONew
		if rec != nil {
			title = rec.GetString("name")
		}
		s.render(w, r, code, "association", page{Title: title, User: u, Data: d, Errors: errs, Section: "mo"})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	members := f.Members
	if f.Head != "" && !schema.Contains(members, f.Head) {
		members = append([]string{f.Head}, members...)
	}
	body := map[string]any{"name": f.Name, "kind": f.Kind, "subjects": splitList(strings.ToLower(f.Subjects)),
		"head": f.Head, "members": members, "theme": f.Theme, "about": f.About, "year": year, "quota": quota}
	if rec == nil || d.Curator {
		body["organization"] = f.Organization
	}
	s.saveForm(w, r, u, schema.Associations, id, body, show, "/app/mo/", "saved")
}

// associationAttach attributes a material or a meeting (an event) to an
// association, or takes it back.
func (s *Server) associationAttach(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadAssociation(w, r, u)
	if !ok {
		return
	}
	field := r.FormValue("field")
	if field != "materials" && field != "events" {
		s.fail(w, r, u, http.StatusBadRequest, ru.WebInvalid, nil)
		return
	}
	target := strings.TrimSpace(r.FormValue("id"))
	if target == "" {
		s.redirect(w, r, "/app/mo/"+rec.Id, "")
		return
	}
	op := field + "+"
	if r.PathValue("op") == "detach" {
		op = field + "-"
	}
	if _, err := s.save(r, schema.Associations, rec.Id, map[string]any{op: target}); err != nil {
		if denied(err) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
			return
		}
		d := s.moData(r, u, rec)
		errs := s.formErrors(r, err)
		if _, bad := errs[field]; bad {
			errs["form"] = ru.MONotOfSchool
		}
		s.render(w, r, http.StatusUnprocessableEntity, "association", page{Title: rec.GetString("name"), User: u, Data: d, Errors: errs, Section: "mo"})
		return
	}
	s.redirect(w, r, "/app/mo/"+rec.Id+"#"+field, "saved")
}

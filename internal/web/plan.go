package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

type planItemForm struct {
	Section, Content, Period, Date, DateEnd, Quarter, Responsible, Association, ResponsibleText, Expected, Event, Material string
	Months                                                                                                                 []string
	Done                                                                                                                   bool
}

type planData struct {
	Year     int
	Years    []int
	Org      string
	OrgName  string
	Orgs     []*core.Record
	Curator  bool
	CanEdit  bool
	Groups   []methodwork.Group
	Query    string
	Record   *core.Record // the item edited
	Form     planItemForm
	Periods  []string
	Months   []string
	Quarters [4]string
	// what the form offers
	Teachers, Associations, Events, Materials []*core.Record
}

// planOrg is the organization whose plan r asks for: a deputy director's
// school; for a curator the one chosen, the methodical service by default.
func (s *Server) planOrg(r *http.Request, u *core.Record) string {
	if u.GetString("role") != schema.RoleCurator {
		return u.GetString("organization")
	}
	if o := r.URL.Query().Get("org"); o != "" {
		return o
	}
	if o := r.FormValue("organization"); o != "" {
		return o
	}
	if ms, err := model.FindMethodicalService(s.App); err == nil {
		return ms.Id
	}
	return u.GetString("organization")
}

// planEntries are the plan items of an organization's school year and its
// events not already a plan item's, as the lines of the plan.
func (s *Server) planEntries(r *http.Request, org string, year int) ([]methodwork.Entry, error) {
	loc := s.location()
	items, err := s.listWhere(r, schema.PlanItems, "organization = {:o} && year = {:y}", dbx.Params{"o": org, "y": year}, "plan_items.created", 0)
	if err != nil {
		return nil, err
	}
	from := time.Date(year, time.September, 1, 0, 0, 0, 0, loc).UTC().Format("2006-01-02 15:04:05.000Z")
	to := time.Date(year+1, time.September, 1, 0, 0, 0, 0, loc).UTC().Format("2006-01-02 15:04:05.000Z")
	events, err := s.listWhere(r, schema.Events, "organizer = {:o} && start >= {:from} && start < {:to} && status != 'cancelled'",
		dbx.Params{"o": org, "from": from, "to": to}, "events.start", 0)
	if err != nil {
		return nil, err
	}
	names := s.readableTeacherNames(r)
	assocNames := map[string]string{}
	for _, a := range s.options(r, schema.Associations, "", nil, "associations.name", 0) {
		assocNames[a.Id] = a.GetString("name")
	}
	var eventIDs, materialIDs []string
	for _, it := range items {
		if id := it.GetString("event"); id != "" {
			eventIDs = append(eventIDs, id)
		}
		if id := it.GetString("material"); id != "" {
			materialIDs = append(materialIDs, id)
		}
	}
	linked := map[string]*core.Record{}
	for _, e := range events {
		linked[e.Id] = e
	}
	if len(eventIDs) > 0 {
		for _, e := range s.byIDs(r, schema.Events, eventIDs, "events.start") {
			linked[e.Id] = e
		}
	}
	if len(materialIDs) > 0 {
		for _, m := range s.byIDs(r, schema.Materials, materialIDs, "materials.created") {
			linked[m.Id] = m
		}
	}
	responsible := func(teachers []string, assoc, text string) string {
		var parts []string
		for _, t := range teachers {
			if n := names[t]; n != "" {
				parts = append(parts, n)
			}
		}
		if n := assocNames[assoc]; n != "" {
			parts = append(parts, n)
		}
		if text != "" {
			parts = append(parts, text)
		}
		return strings.Join(parts, ", ")
	}
	site := strings.TrimRight(s.Settings.BaseURL, "/")
	var out []methodwork.Entry
	inPlan := map[string]bool{}
	for _, it := range items {
		e := methodwork.Entry{Ref: it.Id, Content: it.GetString("content"), Section: it.GetString("section"),
			Responsible: responsible(it.GetStringSlice("responsible"), it.GetString("responsible_association"), it.GetString("responsible_text")),
			Expected:    it.GetString("expected_result"), Done: it.GetBool("done"),
			Period: methodwork.Period{Kind: it.GetString("period"), Date: it.GetDateTime("date").Time(), DateEnd: it.GetDateTime("date_end").Time(),
				Quarter: it.GetInt("quarter"), Location: loc}}
		for _, c := range it.GetStringSlice("months") {
			e.Period.Months = append(e.Period.Months, methodwork.MonthOfCode(c))
		}
		if ev := linked[it.GetString("event")]; ev != nil {
			inPlan[ev.Id] = true
			e.DoneTitle = ev.GetString("title")
			if ev.GetString("status") == schema.EventDone {
				e.Done = true
			}
			if e.Done {
				e.DoneURL = site + "/events/" + ev.GetString("slug") + "/"
			}
		}
		if m := linked[it.GetString("material")]; m != nil {
			e.DoneTitle = m.GetString("title")
			if m.GetString("status") == schema.StatusPublished {
				e.Done = true
				e.DoneURL = site + "/materials/" + m.GetString("slug") + "/"
			}
		}
		if !e.Done {
			e.DoneTitle = ""
		}
		out = append(out, e)
	}
	for _, ev := range events {
		if inPlan[ev.Id] {
			continue
		}
		e := methodwork.Entry{Ref: "event:" + ev.Id, Content: ev.GetString("title"), Section: ru.Label(ru.EventKinds, ev.GetString("kind")),
			Responsible: responsible(ev.GetStringSlice("responsible"), "", ev.GetString("responsible_text")),
			Expected:    ev.GetString("expected_result"),
			Period:      methodwork.Period{Kind: "date", Date: ev.GetDateTime("start").Time(), DateEnd: ev.GetDateTime("end").Time(), Location: loc}}
		if ev.GetString("status") == schema.EventDone {
			e.Done, e.DoneTitle, e.DoneURL = true, ev.GetString("title"), site+"/events/"+ev.GetString("slug")+"/"
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Server) planData(r *http.Request, u *core.Record) (planData, error) {
	d := planData{Curator: u.GetString("role") == schema.RoleCurator, Org: s.planOrg(r, u), Periods: schema.PlanPeriods,
		Months: schema.PlanMonths, Quarters: ru.QuartersShort, Form: planItemForm{Period: "month"}}
	d.Year, d.Years = s.schoolYearParam(r)
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y >= 2000 && y <= 2100 {
		d.Year = y
	}
	d.Orgs = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	for _, o := range d.Orgs {
		if o.Id == d.Org {
			d.OrgName = o.GetString("name")
		}
	}
	d.CanEdit = d.Curator || (u.GetString("role") == schema.RoleSchoolEditor && d.Org == u.GetString("organization"))
	entries, err := s.planEntries(r, d.Org, d.Year)
	if err != nil {
		return d, err
	}
	d.Groups = methodwork.ByMonth(d.Year, entries)
	d.Query = "?" + filters("year", strconv.Itoa(d.Year), "org", map[bool]string{true: d.Org}[d.Curator])
	if d.CanEdit {
		p := dbx.Params{"o": d.Org}
		if s.isMethodicalService(r, d.Org) {
			d.Teachers = s.options(r, schema.Teachers, "", nil, "teachers.name", 0)
		} else {
			d.Teachers = s.options(r, schema.Teachers, "organization = {:o}", p, "teachers.name", 0)
		}
		d.Associations = s.options(r, schema.Associations, "organization = {:o}", p, "associations.name", 0)
		d.Events = s.options(r, schema.Events, "organizer = {:o}", p, "events.start DESC", 200)
		d.Materials = s.options(r, schema.Materials, "organization = {:o} && status != 'draft'", p, "materials.created DESC", 200)
	}
	return d, nil
}

// plan shows an organization's plan of a school year by month, with the
// form of a new item.
func (s *Server) plan(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.planData(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "plan", page{Title: ru.PlanTitle, User: u, Data: d, Section: "plan"})
}

// planPDF prints the plan in the form of seed 001's tables.
func (s *Server) planPDF(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.planData(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	doc := printout.PlanDoc{Title: ru.PlanDocTitle, Organization: d.OrgName, Year: fmt.Sprintf(ru.PlanSchoolYear, d.Year, d.Year+1),
		Municipality: s.Settings.Municipality}
	for _, g := range d.Groups {
		sec := printout.PlanSection{Heading: g.Heading}
		for _, e := range g.Entries {
			content := e.Content
			if e.Section != "" {
				content = e.Section + ". " + content
			}
			sec.Rows = append(sec.Rows, printout.PlanRow{Content: content, Period: e.Period.Text(), Responsible: e.Responsible,
				Expected: e.Expected, Done: e.Done, DoneTitle: e.DoneTitle, DoneURL: e.DoneURL})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	pdf, err := printout.Plan(doc)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	sendPDF(w, fmt.Sprintf("plan-%d.pdf", d.Year), pdf)
}

// planItemBody reads the form of a plan item; errs names what is wrong.
func (s *Server) planItemBody(r *http.Request, d *planData) (map[string]any, map[string]string) {
	f := planItemForm{Section: strings.TrimSpace(r.FormValue("section")), Content: strings.TrimSpace(r.FormValue("content")),
		Period: r.FormValue("period"), Date: r.FormValue("date"), DateEnd: r.FormValue("date_end"), Quarter: r.FormValue("quarter"),
		Responsible: r.FormValue("responsible"), Association: r.FormValue("responsible_association"),
		ResponsibleText: strings.TrimSpace(r.FormValue("responsible_text")), Expected: strings.TrimSpace(r.FormValue("expected_result")),
		Event: r.FormValue("event"), Material: r.FormValue("material"), Done: r.FormValue("done") == "on"}
	for _, m := range r.Form["months"] {
		if schema.Contains(schema.PlanMonths, m) {
			f.Months = append(f.Months, m)
		}
	}
	d.Form = f
	errs := map[string]string{}
	if f.Content == "" {
		errs["content"] = ru.WebRequired
	}
	body := map[string]any{"organization": d.Org, "year": d.Year, "section": f.Section, "content": f.Content, "period": f.Period,
		"date": "", "date_end": "", "months": f.Months, "quarter": nil, "responsible": []string{}, "responsible_association": f.Association,
		"responsible_text": f.ResponsibleText, "expected_result": f.Expected, "event": f.Event, "material": f.Material, "done": f.Done}
	if f.Responsible != "" {
		body["responsible"] = []string{f.Responsible}
	}
	loc := s.location()
	switch f.Period {
	case "date":
		day, ok := parseDay(f.Date, loc)
		if !ok {
			errs["date"] = ru.WebBadDate
			break
		}
		body["date"] = day
		if f.DateEnd != "" {
			end, ok := parseDay(f.DateEnd, loc)
			if !ok || end.Time().Before(day.Time()) {
				errs["date_end"] = ru.WebEndBeforeStart
				break
			}
			body["date_end"] = end
		}
	case "month":
		if len(f.Months) == 0 {
			errs["months"] = ru.PlanNoPeriod
		}
	case "quarter":
		q, err := strconv.Atoi(f.Quarter)
		if err != nil || q < 1 || q > 4 {
			errs["quarter"] = ru.PlanNoPeriod
			break
		}
		body["quarter"] = q
	case "year", "quarterly", "schedule":
	default:
		errs["period"] = ru.PlanNoPeriod
	}
	if f.Period != "month" {
		body["months"] = []string{}
	}
	return body, errs
}

// planItemSave adds an item to the plan or changes one.
func (s *Server) planItemSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	var rec *core.Record
	if id != "" {
		var ok bool
		if rec, ok = s.loadPlanItem(w, r, u); !ok {
			return
		}
		r.Form.Set("year", strconv.Itoa(rec.GetInt("year")))
		r.Form.Set("organization", rec.GetString("organization"))
	}
	d, err := s.planData(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	d.Record = rec
	body, errs := s.planItemBody(r, &d)
	if rec != nil {
		delete(body, "organization")
	}
	show := func(code int, errs map[string]string) {
		s.render(w, r, code, "plan", page{Title: ru.PlanTitle, User: u, Data: d, Errors: errs, Section: "plan"})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	if _, err := s.save(r, schema.PlanItems, id, body); err != nil {
		if denied(err) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
			return
		}
		show(http.StatusUnprocessableEntity, s.formErrors(r, err))
		return
	}
	s.redirect(w, r, "/app/plan"+d.Query, "saved")
}

func (s *Server) loadPlanItem(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rec, err := recordapi.View(event(r), schema.PlanItems, r.PathValue("id"))
	if err == nil && !s.allowed(r, rec, rec.Collection().UpdateRule) {
		err = recordapi.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rec, true
}

// planItemForm shows a plan item's form.
func (s *Server) planItemForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadPlanItem(w, r, u)
	if !ok {
		return
	}
	q := r.URL.Query()
	q.Set("year", strconv.Itoa(rec.GetInt("year")))
	q.Set("org", rec.GetString("organization"))
	r.URL.RawQuery = q.Encode()
	d, err := s.planData(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	d.Record = rec
	loc := s.location()
	day := func(field string) string {
		if t := rec.GetDateTime(field); !t.IsZero() {
			return t.Time().In(loc).Format("2006-01-02")
		}
		return ""
	}
	d.Form = planItemForm{Section: rec.GetString("section"), Content: rec.GetString("content"), Period: rec.GetString("period"),
		Date: day("date"), DateEnd: day("date_end"), Months: rec.GetStringSlice("months"),
		Association: rec.GetString("responsible_association"), ResponsibleText: rec.GetString("responsible_text"),
		Expected: rec.GetString("expected_result"), Event: rec.GetString("event"), Material: rec.GetString("material"), Done: rec.GetBool("done")}
	if q := rec.GetInt("quarter"); q > 0 {
		d.Form.Quarter = strconv.Itoa(q)
	}
	if rs := rec.GetStringSlice("responsible"); len(rs) > 0 {
		d.Form.Responsible = rs[0]
	}
	s.render(w, r, http.StatusOK, "plan", page{Title: rec.GetString("content"), User: u, Data: d, Section: "plan"})
}

// planItemDelete takes an item off the plan.
func (s *Server) planItemDelete(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, ok := s.loadPlanItem(w, r, u)
	if !ok {
		return
	}
	if err := recordapi.Delete(event(r), schema.PlanItems, rec.Id); err != nil {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	s.redirect(w, r, "/app/plan?"+filters("year", strconv.Itoa(rec.GetInt("year")), "org", rec.GetString("organization")), "saved")
}

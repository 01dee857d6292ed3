package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

type routesData struct {
	Own, Mentored, Others []routeRow
	Profile               *model.Teacher
}

// routeRow is a route of a list with the people it names: its teacher and
// the teacher's school, and its mentor.
type routeRow struct {
	Record                  *core.Record
	Teacher, School, Mentor string
}

// routes lists ИОМ: one's own, those one mentors, and — for school
// editors and curators — those they may read, each with its teacher, the
// teacher's school, its mentor and its status.
func (s *Server) routes(w http.ResponseWriter, r *http.Request, u *core.Record) {
	all, err := s.list(r, schema.Routes, nil, "routes.updated DESC", 500)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	d := routesData{}
	d.Profile, _ = model.FindTeacherOfUser(s.App, u.Id)
	// names through the teachers' rules: a deputy director reads the
	// school's teachers and the public profiles of others
	teachers := map[string]*model.Teacher{}
	for _, t := range s.options(r, schema.Teachers, "", nil, "teachers.name", 0) {
		teachers[t.Id] = model.AsTeacher(t)
	}
	schools := namesOf(s.options(r, schema.Organizations, "", nil, "organizations.name", 0))
	for _, rec := range all {
		rt := model.AsRoute(rec)
		row := routeRow{Record: rec, Teacher: ru.RouteTeacherHidden, Mentor: ru.RouteNoMentor}
		if t := teachers[rt.Teacher()]; t != nil {
			row.Teacher, row.School = t.Name(), schools[t.Organization()]
		}
		if id := rt.Mentor(); id != "" {
			row.Mentor = ru.RouteMentorHidden
			if m := teachers[id]; m != nil {
				row.Mentor = m.Name()
			}
		}
		switch {
		case d.Profile != nil && rt.Teacher() == d.Profile.Id:
			if m := teachers[rt.Mentor()]; m == nil && rt.Mentor() != "" {
				// the one read the rules do not grant: the teacher chose
				// this mentor by name on the route's page (routeData), so
				// the list names them too though their profile is private
				if mentor, err := model.FindTeacher(s.App, rt.Mentor()); err == nil {
					row.Mentor = mentor.Name()
				}
			}
			d.Own = append(d.Own, row)
		case d.Profile != nil && rt.Mentor() == d.Profile.Id:
			d.Mentored = append(d.Mentored, row)
		default:
			d.Others = append(d.Others, row)
		}
	}
	// the others by school and teacher, as the registry lists them
	sort.SliceStable(d.Others, func(i, j int) bool {
		a, b := d.Others[i], d.Others[j]
		if a.School != b.School {
			return a.School < b.School
		}
		return a.Teacher < b.Teacher
	})
	s.render(w, r, http.StatusOK, "routes", page{Title: ru.WebRoutesTitle, User: u, Data: d, Section: "iom"})
}

type diagnosisData struct {
	Areas  []string
	Scores map[string]string
	Theme  string
	Start  string
	End    string
}

func (s *Server) defaultPeriod() (string, string) {
	year := iom.SchoolYear(s.now().In(s.location()))
	return year.From.Format("2006-01-02"), year.To.Format("2006-01-02")
}

func (s *Server) routeNewForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if _, ok := s.ownProfile(w, r, u); !ok {
		return
	}
	start, end := s.defaultPeriod()
	s.render(w, r, http.StatusOK, "route_new", page{Title: ru.WebDiagnosisTitle, User: u, Section: "iom",
		Data: diagnosisData{Areas: schema.Deficits, Scores: map[string]string{}, Start: start, End: end}})
}

func readScores(r *http.Request) (iom.Scores, map[string]string, map[string]string) {
	scores, raw, errs := iom.Scores{}, map[string]string{}, map[string]string{}
	for _, area := range schema.Deficits {
		raw[area] = r.FormValue(area)
		n, err := strconv.Atoi(r.FormValue(area))
		if err != nil || n < 1 || n > 4 {
			errs[area] = ru.WebScore4
			continue
		}
		scores[area] = n
	}
	return scores, raw, errs
}

func parseDay(s string, loc *time.Location) (types.DateTime, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
	if err != nil {
		return types.DateTime{}, false
	}
	dt, err := types.ParseDateTime(t.UTC())
	return dt, err == nil
}

// routeCreate turns a self-diagnosis into a draft ИОМ whose deficits are
// the low-scored areas.
func (s *Server) routeCreate(w http.ResponseWriter, r *http.Request, u *core.Record) {
	profile, ok := s.ownProfile(w, r, u)
	if !ok {
		return
	}
	scores, raw, errs := readScores(r)
	d := diagnosisData{Areas: schema.Deficits, Scores: raw, Theme: strings.TrimSpace(r.FormValue("theme")),
		Start: r.FormValue("period_start"), End: r.FormValue("period_end")}
	if d.Theme == "" {
		errs["theme"] = ru.WebRequired
	}
	start, okStart := parseDay(d.Start, s.location())
	end, okEnd := parseDay(d.End, s.location())
	if !okStart {
		errs["period_start"] = ru.WebBadDate
	}
	if !okEnd || (okStart && end.Time().Before(start.Time())) {
		errs["period_end"] = ru.WebEndBeforeStart
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "route_new", page{Title: ru.WebDiagnosisTitle, User: u, Section: "iom", Data: d, Errors: errs})
		return
	}
	var routeID string
	// the route and the diagnosis it comes from are kept together or not at all
	err := recordapi.Transaction(event(r), func(tx *core.RequestEvent) error {
		route, err := recordapi.Create(tx, schema.Routes, map[string]any{"teacher": profile.Id, "theme": d.Theme,
			"period_start": start, "period_end": end, "deficits": iom.Deficits(scores), "status": "draft",
			"category_at_start": categoryOrNone(profile.Category())})
		if err != nil {
			return err
		}
		diag := map[string]any{"teacher": profile.Id, "route": route.Id, "stage": "initial"}
		for area, v := range scores {
			diag[area] = v
		}
		if _, err := recordapi.Create(tx, schema.Diagnostics, diag); err != nil {
			return err
		}
		routeID = route.Id
		return nil
	})
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "route_new", page{Title: ru.WebDiagnosisTitle, User: u, Section: "iom", Data: d, Errors: s.formErrors(r, err)})
		return
	}
	s.redirect(w, r, "/app/iom/"+routeID, "saved")
}

type stepView struct {
	Record   *core.Record
	Comments []*core.Record
	Evidence []fileLink
}

type routeData struct {
	Route      *core.Record
	Teacher    *model.Teacher // the route's teacher; nil if not found
	Owner      bool           // the route's teacher: may change it
	Mentor     bool           // the route's mentor: may comment
	Initial    iom.Scores
	Interim    iom.Scores
	Final      iom.Scores
	InterimID  string // the interim diagnosis, when taken
	Change     map[string]int
	Steps      []stepView
	Card       iom.Card
	Mentors    []*core.Record
	Events     []*core.Record // suggestions: upcoming events of the deficits' subjects
	Materials  []*core.Record // suggestions: published materials
	Courses    []*core.Record // the teacher's course training, for a step «обучение на курсах»
	Directions []string
	Areas      []string
	// ResultForms are the forms of presenting results offered; QuarterLabels
	// name the card's columns
	ResultForms   []string
	QuarterLabels []string
	Categories    []string
}

func (s *Server) loadRoute(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rt, err := recordapi.View(event(r), schema.Routes, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rt, true
}

func (s *Server) routeData(r *http.Request, u, rt *core.Record) routeData {
	route := model.AsRoute(rt)
	d := routeData{Route: rt, Directions: schema.StepDirections, Areas: schema.Deficits, Categories: schema.Categories,
		ResultForms: schema.ResultForms, QuarterLabels: ru.Quarters[:]}
	d.Teacher, _ = model.FindTeacher(s.App, route.Teacher())
	d.Owner = s.allowed(r, rt, rt.Collection().UpdateRule)
	if mentor, err := model.FindTeacher(s.App, route.Mentor()); err == nil && mentor.User() == u.Id {
		d.Mentor = true
	}
	diags := s.options(r, schema.Diagnostics, "route = {:r}", dbx.Params{"r": rt.Id}, "diagnostics.created", 0)
	for _, dg := range diags {
		switch dg.GetString("stage") {
		case "initial":
			d.Initial = iom.ScoresOf(dg)
		case "interim":
			d.Interim, d.InterimID = iom.ScoresOf(dg), dg.Id
		default:
			d.Final = iom.ScoresOf(dg)
		}
	}
	// the change so far: to the final diagnosis, or to the interim one
	if latest := d.Final; d.Initial != nil && (latest != nil || d.Interim != nil) {
		if latest == nil {
			latest = d.Interim
		}
		d.Change = iom.Change(d.Initial, latest)
	}
	steps := s.options(r, schema.RouteSteps, "route = {:r}", dbx.Params{"r": rt.Id}, "route_steps.due, route_steps.created", 0)
	var card []iom.CardStep
	for _, rec := range steps {
		st := model.AsRouteStep(rec)
		v := stepView{Record: rec}
		v.Comments = s.options(r, schema.StepComments, "step = {:s}", dbx.Params{"s": st.Id}, "step_comments.created", 0)
		for _, f := range st.Evidence() {
			v.Evidence = append(v.Evidence, fileLink{Name: f, URL: "/app/iom/" + rt.Id + "/steps/" + st.Id + "/evidence/" + f})
		}
		d.Steps = append(d.Steps, v)
		card = append(card, iom.CardStep{Id: st.Id, Direction: st.Direction(), Action: st.Action(), Reflection: st.Reflection(),
			Due: st.Due().Time().In(s.location()), Done: st.IsDone()})
	}
	d.Card = iom.BuildCard(route.PeriodStart().Time().In(s.location()), route.PeriodEnd().Time().In(s.location()), card)
	if d.Owner && d.Teacher != nil {
		// the one read the API's rules do not grant: a teacher choosing a
		// mentor sees the names of the school's mentors, though the
		// teachers' list rule hides a private profile from colleagues
		var err error
		d.Mentors, err = s.App.FindRecordsByFilter(schema.Teachers, "mentor = true && organization = {:o} && id != {:me}", "name", 100, 0,
			dbx.Params{"o": d.Teacher.Organization(), "me": d.Teacher.Id})
		if err != nil {
			s.logCause(r, "mentors", err)
		}
		d.Events, d.Materials = s.suggestions(r, d.Teacher)
		d.Courses = s.options(r, schema.Courses, "teacher = {:t}", dbx.Params{"t": d.Teacher.Id}, "courses.start DESC", 50)
	}
	return d
}

// suggestions offers upcoming events and published materials in the
// teacher's subjects, and methodical ones for methodological deficits.
func (s *Server) suggestions(r *http.Request, teacher *model.Teacher) ([]*core.Record, []*core.Record) {
	subjects := append(teacher.Subjects(), "методическая работа")
	var cond []string
	params := dbx.Params{"now": time.Now().UTC().Format("2006-01-02 15:04:05.000Z")}
	for i, subj := range subjects {
		key := "s" + strconv.Itoa(i)
		cond = append(cond, "subjects ~ {:"+key+"}")
		params[key] = subj
	}
	filter := "(" + strings.Join(cond, " || ") + ")"
	events := s.options(r, schema.Events, "start >= {:now} && status = 'planned' && "+filter, params, "events.start", 5)
	materials := s.options(r, schema.Materials, "status = 'published' && "+filter, params, "materials.published_at DESC", 5)
	return events, materials
}

func (s *Server) routePage(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.loadRoute(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "route", page{Title: model.AsRoute(rt).Theme(), User: u, Section: "iom", Data: s.routeData(r, u, rt)})
}

// routeOwned loads a route its teacher is about to change.
func (s *Server) routeOwned(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	rt, ok := s.loadRoute(w, r, u)
	if !ok {
		return nil, false
	}
	if !s.allowed(r, rt, rt.Collection().UpdateRule) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
		return nil, false
	}
	return rt, true
}

func (s *Server) routeFail(w http.ResponseWriter, r *http.Request, u, rt *core.Record, errs map[string]string) {
	s.render(w, r, http.StatusUnprocessableEntity, "route", page{Title: model.AsRoute(rt).Theme(), User: u, Section: "iom",
		Data: s.routeData(r, u, rt), Errors: errs})
}

// routeSave changes the route's plan: theme, goals, mentor, and starting it.
func (s *Server) routeSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	theme := strings.TrimSpace(r.FormValue("theme"))
	if theme == "" {
		s.routeFail(w, r, u, rt, map[string]string{"theme": ru.WebRequired})
		return
	}
	var forms []string
	for _, f := range r.Form["result_forms"] {
		if schema.Contains(schema.ResultForms, f) {
			forms = append(forms, f)
		}
	}
	body := map[string]any{"theme": theme, "goals": r.FormValue("goals"), "mentor": "", "result_forms": forms}
	d := s.routeData(r, u, rt)
	mentor := r.FormValue("mentor")
	for _, m := range d.Mentors {
		if m.Id == mentor {
			body["mentor"] = mentor
		}
	}
	if r.FormValue("action") == "activate" && model.AsRoute(rt).IsDraft() {
		body["status"] = "active"
	}
	if _, err := s.save(r, schema.Routes, rt.Id, body); err != nil {
		s.routeError(w, r, u, withValues(rt, body), err)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id, "saved")
}

// routeError answers a refused change of a route's page: forbidden when a
// rule refused it, the page with the reasons otherwise.
func (s *Server) routeError(w http.ResponseWriter, r *http.Request, u, rt *core.Record, err error) {
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	s.routeFail(w, r, u, rt, s.formErrors(r, err))
}

func (s *Server) stepAdd(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	errs := map[string]string{}
	action := strings.TrimSpace(r.FormValue("action"))
	direction := r.FormValue("direction")
	if action == "" {
		errs["step_action"] = ru.WebRequired
	}
	if !schema.Contains(schema.StepDirections, direction) {
		errs["direction"] = ru.WebRequired
	}
	var due types.DateTime
	if m := strings.TrimSpace(r.FormValue("due")); m != "" {
		t, err := time.ParseInLocation("2006-01", m, s.location())
		if err != nil {
			errs["due"] = ru.WebBadDate
		} else {
			due, _ = types.ParseDateTime(t.AddDate(0, 0, 14).UTC())
		}
	}
	if len(errs) > 0 {
		s.routeFail(w, r, u, rt, errs)
		return
	}
	step := map[string]any{"route": rt.Id, "direction": direction, "action": action, "due": due,
		"event": r.FormValue("event"), "material": r.FormValue("material"), "course": r.FormValue("course")}
	if _, err := s.save(r, schema.RouteSteps, "", step); err != nil {
		s.routeError(w, r, u, rt, err)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id, "saved")
}

// stepDone marks a step done with its evidence and the teacher's reflection.
func (s *Server) stepDone(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	st, ok := s.routeStep(w, r, u, rt)
	if !ok {
		return
	}
	reflection := strings.TrimSpace(r.FormValue("reflection"))
	if reflection == "" {
		s.routeFail(w, r, u, rt, map[string]string{"reflection-" + st.Id: ru.WebReflection})
		return
	}
	body := map[string]any{"reflection": reflection, "done_at": types.NowDateTime()}
	if r.MultipartForm != nil {
		var files []*filesystem.File
		for _, fh := range r.MultipartForm.File["evidence"] {
			f, err := filesystem.NewFileFromMultipart(fh)
			if err != nil {
				s.logCause(r, ru.WebFileType, err)
				s.routeFail(w, r, u, rt, map[string]string{"form": ru.WebFileType})
				return
			}
			files = append(files, f)
		}
		if len(files) > 0 {
			body["evidence+"] = files
		}
	}
	if _, err := s.save(r, schema.RouteSteps, st.Id, body); err != nil {
		if denied(err) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
			return
		}
		errs := s.formErrors(r, err)
		if _, ok := errs["evidence"]; ok {
			errs["form"] = ru.WebFileType
		}
		s.routeFail(w, r, u, rt, errs)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id, "saved")
}

// stepComment lets the teacher and the mentor discuss a step.
func (s *Server) stepComment(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.loadRoute(w, r, u)
	if !ok {
		return
	}
	st, ok := s.routeStep(w, r, u, rt)
	if !ok {
		return
	}
	text := strings.TrimSpace(r.FormValue("text"))
	if text == "" {
		s.routeFail(w, r, u, rt, map[string]string{"comment-" + st.Id: ru.WebRequired})
		return
	}
	if _, err := s.save(r, schema.StepComments, "", map[string]any{"step": st.Id, "author": u.Id, "text": text}); err != nil {
		s.routeError(w, r, u, rt, err)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id, "saved")
}

// diagnosisOfActive reads the self-diagnosis of stage the form sends for
// the active route rt, as the body of a diagnostics record; it answers
// and returns false when the route is not in progress or a score is
// missing.
func (s *Server) diagnosisOfActive(w http.ResponseWriter, r *http.Request, u, rt *core.Record, stage string) (*model.Route, map[string]any, bool) {
	route := model.AsRoute(rt)
	if !route.IsActive() {
		s.routeFail(w, r, u, rt, map[string]string{"form": ru.WebRouteNotActive})
		return nil, nil, false
	}
	scores, _, errs := readScores(r)
	if len(errs) > 0 {
		// the message stands above the form it belongs to
		key := "form"
		if stage == "interim" {
			key = "interim"
		}
		errs[key] = ru.WebScore4
		s.routeFail(w, r, u, rt, errs)
		return nil, nil, false
	}
	body := map[string]any{"teacher": route.Teacher(), "route": rt.Id, "stage": stage}
	for area, v := range scores {
		body[area] = v
	}
	return route, body, true
}

// routeInterim records the interim self-diagnosis of an active route, or
// takes it again.
func (s *Server) routeInterim(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	_, body, ok := s.diagnosisOfActive(w, r, u, rt, "interim")
	if !ok {
		return
	}
	id := ""
	if d := s.routeData(r, u, rt); d.InterimID != "" {
		id = d.InterimID
		delete(body, "teacher") // never moved: the update rule keeps it
		delete(body, "route")
	}
	if _, err := s.save(r, schema.Diagnostics, id, body); err != nil {
		s.routeError(w, r, u, rt, err)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id+"#change", "saved")
}

// routeComplete closes an active route with the final self-diagnosis and
// the facts the indicators count.
func (s *Server) routeComplete(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	route, diag, ok := s.diagnosisOfActive(w, r, u, rt, "final")
	if !ok {
		return
	}
	category := r.FormValue("category_at_end")
	if !schema.Contains(schema.Categories, category) {
		category = route.CategoryAtStart()
	}
	// the final diagnosis and the route's close are kept together or not at all
	err := recordapi.Transaction(event(r), func(tx *core.RequestEvent) error {
		if _, err := recordapi.Create(tx, schema.Diagnostics, diag); err != nil {
			return err
		}
		_, err := recordapi.Update(tx, schema.Routes, rt.Id, map[string]any{"status": "completed", "completed_at": types.NowDateTime(),
			"category_at_end": category, "contest_result": strings.TrimSpace(r.FormValue("contest_result"))})
		return err
	})
	if err != nil {
		s.routeError(w, r, u, rt, err)
		return
	}
	s.redirect(w, r, "/app/iom/"+rt.Id, "completed")
}

// routeShare turns a completed route into a draft material «опыт
// реализации ИОМ» for the teacher to finish and submit.
func (s *Server) routeShare(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.routeOwned(w, r, u)
	if !ok {
		return
	}
	route := model.AsRoute(rt)
	if !route.IsCompleted() {
		s.routeFail(w, r, u, rt, map[string]string{"form": ru.WebRouteNotCompleted})
		return
	}
	d := s.routeData(r, u, rt)
	var b strings.Builder
	fmt.Fprintf(&b, "## Тема самообразования\n\n%s\n\n", route.Theme())
	if g := strings.TrimSpace(route.Goals()); g != "" {
		fmt.Fprintf(&b, "## Цели\n\n%s\n\n", g)
	}
	b.WriteString("## Что сделано\n\n")
	for _, v := range d.Steps {
		st := model.AsRouteStep(v.Record)
		fmt.Fprintf(&b, "- **%s.** %s", ru.Label(ru.StepDirections, st.Direction()), st.Action())
		if rf := strings.TrimSpace(st.Reflection()); rf != "" {
			fmt.Fprintf(&b, " — %s", rf)
		}
		b.WriteString("\n")
	}
	if d.Change != nil {
		b.WriteString("\n## Изменение самооценки\n\n| Область | Было | Стало |\n|---|---|---|\n")
		for _, area := range schema.Deficits {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", ru.Label(ru.Deficits, area), d.Initial[area], d.Final[area])
		}
	}
	if d.Teacher == nil {
		s.routeFail(w, r, u, rt, map[string]string{"form": ru.WebNoProfile})
		return
	}
	// the draft is the teacher's own, made as the teacher would make it in
	// the material editor: the materials' create rule and hooks judge it
	m, err := recordapi.Create(event(r), schema.Materials, map[string]any{
		"title": "Опыт реализации ИОМ: " + route.Theme(), "type": "report", "status": schema.StatusDraft,
		"summary": "Обобщение опыта по итогам индивидуального образовательного маршрута.", "body": b.String(),
		"authors": []string{d.Teacher.Id}, "organization": d.Teacher.Organization(),
		"subjects": d.Teacher.Subjects(), "license": "CC-BY-4.0"})
	if err != nil {
		s.routeError(w, r, u, rt, err)
		return
	}
	s.redirect(w, r, "/app/materials/"+m.Id, "saved")
}

func categoryOrNone(c string) string {
	if c == "" {
		return "none"
	}
	return c
}

// routeCardPDF prints the route's card for whoever may read the route.
func (s *Server) routeCardPDF(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.loadRoute(w, r, u)
	if !ok {
		return
	}
	route := model.AsRoute(rt)
	d := s.routeData(r, u, rt)
	card := printout.RouteCard{Theme: route.Theme(),
		Period: ru.Date(route.PeriodStart().Time().In(s.location())) + " — " + ru.Date(route.PeriodEnd().Time().In(s.location()))}
	if d.Teacher != nil {
		card.Teacher = d.Teacher.Name()
		if org, err := model.FindOrganization(s.App, d.Teacher.Organization()); err == nil {
			card.Organization = org.Name()
		}
	}
	for _, a := range route.Deficits() {
		card.Deficits = append(card.Deficits, ru.Label(ru.Deficits, a))
	}
	step := func(st iom.CardStep) string {
		mark := ""
		if st.Done {
			mark = ru.CardPDFDone
		}
		return mark + ru.Label(ru.StepDirections, st.Direction) + ": " + st.Action
	}
	card.QuarterLabels = ru.Quarters[:]
	for _, f := range route.ResultForms() {
		card.ResultForms = append(card.ResultForms, ru.Label(ru.ResultForms, f))
	}
	entry := func(e iom.CardEntry) string {
		text := e.Action
		if e.Month != "" {
			text = e.Month + " — " + text
		}
		if e.Reflection != "" {
			text += ": " + e.Reflection
		}
		// the PDF's font has no check mark: the words say it
		if e.Done {
			return ru.CardPDFDone + text
		}
		return ru.CardPDFPlanned + text
	}
	for _, row := range d.Card.Rows {
		dir := printout.CardDirection{Label: ru.Label(ru.StepDirections, row.Direction), Quarters: make([][]string, len(row.Quarters))}
		for q, entries := range row.Quarters {
			for _, e := range entries {
				dir.Quarters[q] = append(dir.Quarters[q], entry(e))
			}
		}
		for _, e := range row.Undated {
			dir.Undated = append(dir.Undated, entry(e))
		}
		card.Directions = append(card.Directions, dir)
	}
	for _, q := range d.Card.Quarters {
		col := printout.CardColumn{Label: q.Label}
		for _, st := range q.Steps {
			col.Steps = append(col.Steps, step(st))
		}
		card.Quarters = append(card.Quarters, col)
	}
	for _, m := range d.Card.Months {
		col := printout.CardColumn{Label: m.Label}
		for _, st := range m.Steps {
			col.Steps = append(col.Steps, step(st))
		}
		card.Months = append(card.Months, col)
	}
	pdf, err := printout.RouteCardPDF(card)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	sendPDF(w, "karta-iom.pdf", pdf)
}

// routeStep loads the step named in the URL, only if it belongs to route rt,
// and answers 404 otherwise.
func (s *Server) routeStep(w http.ResponseWriter, r *http.Request, u *core.Record, rt *core.Record) (*core.Record, bool) {
	st, err := recordapi.View(event(r), schema.RouteSteps, r.PathValue("step"))
	if err == nil && model.AsRouteStep(st).Route() != rt.Id {
		err = recordapi.ErrNotFound
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return st, true
}

package model

import (
	"database/sql"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
	_ "github.com/kopilka/kopilka/pb_migrations"
)

var fixture *testkit.Fixture

func TestMain(m *testing.M) {
	// the schema alone: no hooks, so a test sets every field itself
	f, err := testkit.BuildEmpty(func(core.App) error { return nil })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixture = f
	code := m.Run()
	f.Close()
	os.Exit(code)
}

// field is one row of a proxy's round trip: set writes through a setter
// (nil for a getter without one, or a method that only reads), get reads
// through the getter, want is what it must read.
type field[P any] struct {
	name string
	set  func(P)
	get  func(P) any
	want any
}

// same compares what a getter read with what the row wants: dates by
// their stored text, empty lists as equal.
func same(got, want any) bool {
	if g, ok := got.(types.DateTime); ok {
		w, ok := want.(types.DateTime)
		return ok && g.String() == w.String()
	}
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	if gv.Kind() == reflect.Slice && wv.Kind() == reflect.Slice && gv.Len() == 0 && wv.Len() == 0 {
		return true
	}
	return reflect.DeepEqual(got, want)
}

// roundTrip sets every row on p, a proxy over a new record of collection,
// checks each getter before saving and, after saving, on the record found
// again; it returns the saved record's id.
// A proxy is a core.Model: it saves as its record does.
type proxy interface {
	core.RecordProxy
	core.Model
}

func roundTrip[P proxy](t *testing.T, app core.App, collection string, p P, err error,
	find func(core.App, string) (P, error), rows []field[P]) string {
	t.Helper()
	if err != nil {
		t.Fatalf("new %s: %v", collection, err)
	}
	rec := p.ProxyRecord()
	if got := rec.Collection().Name; got != collection {
		t.Fatalf("a new proxy's record is of %s, want %s", got, collection)
	}
	for _, r := range rows {
		if r.set != nil {
			r.set(p)
		}
	}
	check := func(when string, p P) {
		t.Helper()
		for _, r := range rows {
			if got := r.get(p); !same(got, r.want) {
				t.Errorf("%s %s: %s = %#v, want %#v", when, collection, r.name, got, r.want)
			}
		}
	}
	check("unsaved", p)
	if custom := rec.CustomData(); len(custom) > 0 {
		t.Errorf("%s: setters wrote fields the collection does not have: %v", collection, custom)
	}
	if err := app.Save(p); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	found, err := find(app, rec.Id)
	if err != nil {
		t.Fatalf("find %s %s: %v", collection, rec.Id, err)
	}
	check("saved", found)
	return rec.Id
}

func date(day int) types.DateTime {
	d, _ := types.ParseDateTime(time.Date(2025, time.October, day, 9, 30, 0, 0, time.UTC))
	return d
}

func newUser(t *testing.T, app core.App) string {
	t.Helper()
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		t.Fatal(err)
	}
	u := core.NewRecord(users)
	u.SetEmail("model-test@example.ru")
	u.SetPassword(testkit.Password)
	u.Set("role", schema.RoleTeacher)
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	return u.Id
}

func TestProxiesReadWhatTheirSettersWrote(t *testing.T) {
	app := fixture.App(t)
	user := newUser(t, app)
	ids := map[string]string{}
	tests := []struct {
		collection string
		run        func(t *testing.T) string
	}{
		{schema.Organizations, func(t *testing.T) string {
			p, err := NewOrganization(app)
			return roundTrip(t, app, schema.Organizations, p, err, FindOrganization, []field[*Organization]{
				{"name", func(p *Organization) { p.SetName("Школа № 1") }, func(p *Organization) any { return p.Name() }, "Школа № 1"},
				{"short_name", func(p *Organization) { p.SetShortName("Ш1") }, func(p *Organization) any { return p.ShortName() }, "Ш1"},
				{"slug", func(p *Organization) { p.SetSlug("shkola-1") }, func(p *Organization) any { return p.Slug() }, "shkola-1"},
				{"slug source", nil, func(p *Organization) any { return p.SlugSource() }, "Школа № 1"},
				{"kind", func(p *Organization) { p.SetKind("methodical_service") }, func(p *Organization) any { return p.Kind() }, "methodical_service"},
				{"methodical service", nil, func(p *Organization) any { return p.IsMethodicalService() }, true},
				{"address", func(p *Organization) { p.SetAddress("ул. Ленина, 1") }, func(p *Organization) any { return p.Address() }, "ул. Ленина, 1"},
				{"website", func(p *Organization) { p.SetWebsite("https://school1.example.ru") }, func(p *Organization) any { return p.Website() }, "https://school1.example.ru"},
				{"about", func(p *Organization) { p.SetAbout("О школе") }, func(p *Organization) any { return p.About() }, "О школе"},
			})
		}},
		{schema.Teachers, func(t *testing.T) string {
			p, err := NewTeacher(app)
			return roundTrip(t, app, schema.Teachers, p, err, FindTeacher, []field[*Teacher]{
				{"name", func(p *Teacher) { p.SetName("Иванова Анна") }, func(p *Teacher) any { return p.Name() }, "Иванова Анна"},
				{"slug", func(p *Teacher) { p.SetSlug("ivanova-anna") }, func(p *Teacher) any { return p.Slug() }, "ivanova-anna"},
				{"slug source", nil, func(p *Teacher) any { return p.SlugSource() }, "Иванова Анна"},
				{"user", func(p *Teacher) { p.SetUser(user) }, func(p *Teacher) any { return p.User() }, user},
				{"organization", func(p *Teacher) { p.SetOrganization(ids[schema.Organizations]) }, func(p *Teacher) any { return p.Organization() }, ids[schema.Organizations]},
				{"position", func(p *Teacher) { p.SetPosition("учитель") }, func(p *Teacher) any { return p.Position() }, "учитель"},
				{"subjects", func(p *Teacher) { p.SetSubjects([]string{"математика", "физика"}) }, func(p *Teacher) any { return p.Subjects() }, []string{"математика", "физика"}},
				{"category", func(p *Teacher) { p.SetCategory("first") }, func(p *Teacher) any { return p.Category() }, "first"},
				{"experience_years", func(p *Teacher) { p.SetExperienceYears(12) }, func(p *Teacher) any { return p.ExperienceYears() }, 12},
				{"self_education_theme", func(p *Teacher) { p.SetSelfEducationTheme("Тема") }, func(p *Teacher) any { return p.SelfEducationTheme() }, "Тема"},
				{"mentor", func(p *Teacher) { p.SetMentor(true) }, func(p *Teacher) any { return p.Mentor() }, true},
				{"methodical_active", func(p *Teacher) { p.SetMethodicalActive(true) }, func(p *Teacher) any { return p.MethodicalActive() }, true},
				{"expert", func(p *Teacher) { p.SetExpert(true) }, func(p *Teacher) any { return p.Expert() }, true},
				{"tutor", func(p *Teacher) { p.SetTutor(true) }, func(p *Teacher) any { return p.Tutor() }, true},
				{"bio", func(p *Teacher) { p.SetBio("Биография") }, func(p *Teacher) any { return p.Bio() }, "Биография"},
				{"photo", nil, func(p *Teacher) any { return p.Photo() }, ""},
				{"public", func(p *Teacher) { p.SetPublic(true) }, func(p *Teacher) any { return p.Public() }, true},
			})
		}},
		{schema.Materials, func(t *testing.T) string {
			p, err := NewMaterial(app)
			return roundTrip(t, app, schema.Materials, p, err, FindMaterial, []field[*Material]{
				{"title", func(p *Material) { p.SetTitle("Урок дробей") }, func(p *Material) any { return p.Title() }, "Урок дробей"},
				{"slug", func(p *Material) { p.SetSlug("urok-drobej") }, func(p *Material) any { return p.Slug() }, "urok-drobej"},
				{"slug source", nil, func(p *Material) any { return p.SlugSource() }, "Урок дробей"},
				{"summary", func(p *Material) { p.SetSummary("Кратко") }, func(p *Material) any { return p.Summary() }, "Кратко"},
				{"body", func(p *Material) { p.SetBody("# Текст") }, func(p *Material) any { return p.Body() }, "# Текст"},
				{"type", func(p *Material) { p.SetType("lesson-plan") }, func(p *Material) any { return p.Type() }, "lesson-plan"},
				{"subjects", func(p *Material) { p.SetSubjects([]string{"математика"}) }, func(p *Material) any { return p.Subjects() }, []string{"математика"}},
				{"levels", func(p *Material) { p.SetLevels([]string{"ooo", "soo"}) }, func(p *Material) any { return p.Levels() }, []string{"ooo", "soo"}},
				{"tags", func(p *Material) { p.SetTags([]string{"дроби", "5 класс"}) }, func(p *Material) any { return p.Tags() }, []string{"дроби", "5 класс"}},
				{"files", nil, func(p *Material) any { return p.Files() }, []string{}},
				{"file_names", func(p *Material) { p.SetFileNames(map[string]string{"a_x1.pdf": "папка/а.pdf"}) }, func(p *Material) any {
					names, err := p.FileNames()
					if err != nil {
						return err
					}
					return names
				}, map[string]string{"a_x1.pdf": "папка/а.pdf"}},
				{"cover", nil, func(p *Material) any { return p.Cover() }, ""},
				{"organization", func(p *Material) { p.SetOrganization(ids[schema.Organizations]) }, func(p *Material) any { return p.Organization() }, ids[schema.Organizations]},
				{"authors", func(p *Material) { p.SetAuthors([]string{ids[schema.Teachers]}) }, func(p *Material) any { return p.Authors() }, []string{ids[schema.Teachers]}},
				{"has author", nil, func(p *Material) any { return p.HasAuthor(ids[schema.Teachers]) }, true},
				{"not an author", nil, func(p *Material) any { return p.HasAuthor("nobody") }, false},
				{"license", func(p *Material) { p.SetLicense("CC-BY-4.0") }, func(p *Material) any { return p.License() }, "CC-BY-4.0"},
				{"status", func(p *Material) { p.SetStatus(schema.StatusPublished) }, func(p *Material) any { return p.Status() }, schema.StatusPublished},
				{"published", nil, func(p *Material) any { return p.IsPublished() }, true},
				{"best_practice", func(p *Material) { p.SetBestPractice(true) }, func(p *Material) any { return p.BestPractice() }, true},
				{"qr_code", func(p *Material) { p.SetQRCode("AB12CD") }, func(p *Material) any { return p.QRCode() }, "AB12CD"},
				{"date", func(p *Material) { p.SetDate(date(1)) }, func(p *Material) any { return p.Date() }, date(1)},
				{"published_at", func(p *Material) { p.SetPublishedAt(date(2)) }, func(p *Material) any { return p.PublishedAt() }, date(2)},
				{"related", func(p *Material) { p.SetRelated(nil) }, func(p *Material) any { return p.Related() }, []string{}},
			})
		}},
		{schema.Events, func(t *testing.T) string {
			p, err := NewEvent(app)
			return roundTrip(t, app, schema.Events, p, err, FindEvent, []field[*Event]{
				{"title", func(p *Event) { p.SetTitle("Семинар") }, func(p *Event) any { return p.Title() }, "Семинар"},
				{"slug", func(p *Event) { p.SetSlug("seminar") }, func(p *Event) any { return p.Slug() }, "seminar"},
				{"slug source", nil, func(p *Event) any { return p.SlugSource() }, "Семинар"},
				{"kind", func(p *Event) { p.SetKind("seminar") }, func(p *Event) any { return p.Kind() }, "seminar"},
				{"level", func(p *Event) { p.SetLevel("municipal") }, func(p *Event) any { return p.Level() }, "municipal"},
				{"start", func(p *Event) { p.SetStart(date(10)) }, func(p *Event) any { return p.Start() }, date(10)},
				{"end", func(p *Event) { p.SetEnd(date(11)) }, func(p *Event) any { return p.End() }, date(11)},
				{"all_day", func(p *Event) { p.SetAllDay(true) }, func(p *Event) any { return p.AllDay() }, true},
				{"timezone", func(p *Event) { p.SetTimezone("Europe/Moscow") }, func(p *Event) any { return p.Timezone() }, "Europe/Moscow"},
				{"location", func(p *Event) { p.SetLocation("Актовый зал") }, func(p *Event) any { return p.Location() }, "Актовый зал"},
				{"online_url", func(p *Event) { p.SetOnlineURL("https://meet.example.ru/s") }, func(p *Event) any { return p.OnlineURL() }, "https://meet.example.ru/s"},
				{"organizer", func(p *Event) { p.SetOrganizer(ids[schema.Organizations]) }, func(p *Event) any { return p.Organizer() }, ids[schema.Organizations]},
				{"audience", func(p *Event) { p.SetAudience("учителя") }, func(p *Event) any { return p.Audience() }, "учителя"},
				{"subjects", func(p *Event) { p.SetSubjects([]string{"физика"}) }, func(p *Event) any { return p.Subjects() }, []string{"физика"}},
				{"registration_url", func(p *Event) { p.SetRegistrationURL("https://reg.example.ru") }, func(p *Event) any { return p.RegistrationURL() }, "https://reg.example.ru"},
				{"materials", func(p *Event) { p.SetMaterials([]string{ids[schema.Materials]}) }, func(p *Event) any { return p.Materials() }, []string{ids[schema.Materials]}},
				{"has material", nil, func(p *Event) any { return p.HasMaterial(ids[schema.Materials]) }, true},
				{"status", func(p *Event) { p.SetStatus(schema.EventPlanned) }, func(p *Event) any { return p.Status() }, schema.EventPlanned},
				{"qr_code", func(p *Event) { p.SetQRCode("EF34GH") }, func(p *Event) any { return p.QRCode() }, "EF34GH"},
				{"body", func(p *Event) { p.SetBody("Программа") }, func(p *Event) any { return p.Body() }, "Программа"},
			})
		}},
		{schema.Practices, func(t *testing.T) string {
			p, err := NewPractice(app)
			return roundTrip(t, app, schema.Practices, p, err, FindPractice, []field[*Practice]{
				{"title", func(p *Practice) { p.SetTitle("Практика") }, func(p *Practice) any { return p.Title() }, "Практика"},
				{"slug", func(p *Practice) { p.SetSlug("praktika") }, func(p *Practice) any { return p.Slug() }, "praktika"},
				{"summary", func(p *Practice) { p.SetSummary("Кратко") }, func(p *Practice) any { return p.Summary() }, "Кратко"},
				{"body", func(p *Practice) { p.SetBody("Текст") }, func(p *Practice) any { return p.Body() }, "Текст"},
				{"results", func(p *Practice) { p.SetResults("Итоги") }, func(p *Practice) any { return p.Results() }, "Итоги"},
				{"organization", func(p *Practice) { p.SetOrganization(ids[schema.Organizations]) }, func(p *Practice) any { return p.Organization() }, ids[schema.Organizations]},
				{"authors", func(p *Practice) { p.SetAuthors([]string{ids[schema.Teachers]}) }, func(p *Practice) any { return p.Authors() }, []string{ids[schema.Teachers]}},
				{"materials", func(p *Practice) { p.SetMaterials([]string{ids[schema.Materials]}) }, func(p *Practice) any { return p.Materials() }, []string{ids[schema.Materials]}},
				{"events", func(p *Practice) { p.SetEvents([]string{ids[schema.Events]}) }, func(p *Practice) any { return p.Events() }, []string{ids[schema.Events]}},
				{"status", func(p *Practice) { p.SetStatus(schema.StatusSubmitted) }, func(p *Practice) any { return p.Status() }, schema.StatusSubmitted},
				{"published", nil, func(p *Practice) any { return p.IsPublished() }, false},
				{"best_practice", func(p *Practice) { p.SetBestPractice(false) }, func(p *Practice) any { return p.BestPractice() }, false},
				{"qr_code", func(p *Practice) { p.SetQRCode("JK56MN") }, func(p *Practice) any { return p.QRCode() }, "JK56MN"},
				{"published_at", func(p *Practice) { p.SetPublishedAt(types.DateTime{}) }, func(p *Practice) any { return p.PublishedAt().IsZero() }, true},
			})
		}},
		{schema.Routes, func(t *testing.T) string {
			p, err := NewRoute(app)
			return roundTrip(t, app, schema.Routes, p, err, FindRoute, []field[*Route]{
				{"teacher", func(p *Route) { p.SetTeacher(ids[schema.Teachers]) }, func(p *Route) any { return p.Teacher() }, ids[schema.Teachers]},
				{"theme", func(p *Route) { p.SetTheme("Функциональная грамотность") }, func(p *Route) any { return p.Theme() }, "Функциональная грамотность"},
				{"period_start", func(p *Route) { p.SetPeriodStart(date(1)) }, func(p *Route) any { return p.PeriodStart() }, date(1)},
				{"period_end", func(p *Route) { p.SetPeriodEnd(date(31)) }, func(p *Route) any { return p.PeriodEnd() }, date(31)},
				{"deficits", func(p *Route) { p.SetDeficits([]string{"ict", "subject"}) }, func(p *Route) any { return p.Deficits() }, []string{"ict", "subject"}},
				{"goals", func(p *Route) { p.SetGoals("Цели") }, func(p *Route) any { return p.Goals() }, "Цели"},
				{"mentor", func(p *Route) { p.SetMentor(ids[schema.Teachers]) }, func(p *Route) any { return p.Mentor() }, ids[schema.Teachers]},
				{"status", func(p *Route) { p.SetStatus("completed") }, func(p *Route) any { return p.Status() }, "completed"},
				{"completed", nil, func(p *Route) any { return p.IsCompleted() }, true},
				{"draft", nil, func(p *Route) any { return p.IsDraft() }, false},
				{"active", nil, func(p *Route) any { return p.IsActive() }, false},
				{"category_at_start", func(p *Route) { p.SetCategoryAtStart("first") }, func(p *Route) any { return p.CategoryAtStart() }, "first"},
				{"category_at_end", func(p *Route) { p.SetCategoryAtEnd("highest") }, func(p *Route) any { return p.CategoryAtEnd() }, "highest"},
				{"contest_result", func(p *Route) { p.SetContestResult("призёр") }, func(p *Route) any { return p.ContestResult() }, "призёр"},
				{"result_forms", func(p *Route) { p.SetResultForms([]string{"portfolio", "master_class"}) }, func(p *Route) any { return p.ResultForms() }, []string{"portfolio", "master_class"}},
				{"completed_at", func(p *Route) { p.SetCompletedAt(date(30)) }, func(p *Route) any { return p.CompletedAt() }, date(30)},
			})
		}},
		{schema.RouteSteps, func(t *testing.T) string {
			p, err := NewRouteStep(app)
			return roundTrip(t, app, schema.RouteSteps, p, err, FindRouteStep, []field[*RouteStep]{
				{"route", func(p *RouteStep) { p.SetRoute(ids[schema.Routes]) }, func(p *RouteStep) any { return p.Route() }, ids[schema.Routes]},
				{"direction", func(p *RouteStep) { p.SetDirection("courses") }, func(p *RouteStep) any { return p.Direction() }, "courses"},
				{"action", func(p *RouteStep) { p.SetAction("Курсы ПК") }, func(p *RouteStep) any { return p.Action() }, "Курсы ПК"},
				{"due", func(p *RouteStep) { p.SetDue(date(15)) }, func(p *RouteStep) any { return p.Due() }, date(15)},
				{"event", func(p *RouteStep) { p.SetEvent(ids[schema.Events]) }, func(p *RouteStep) any { return p.Event() }, ids[schema.Events]},
				{"material", func(p *RouteStep) { p.SetMaterial(ids[schema.Materials]) }, func(p *RouteStep) any { return p.Material() }, ids[schema.Materials]},
				{"done_at", func(p *RouteStep) { p.SetDoneAt(date(16)) }, func(p *RouteStep) any { return p.DoneAt() }, date(16)},
				{"done", nil, func(p *RouteStep) any { return p.IsDone() }, true},
				{"evidence", nil, func(p *RouteStep) any { return p.Evidence() }, []string{}},
				{"reflection", func(p *RouteStep) { p.SetReflection("Вывод") }, func(p *RouteStep) any { return p.Reflection() }, "Вывод"},
			})
		}},
		{schema.Mentorships, func(t *testing.T) string {
			p, err := NewMentorship(app)
			return roundTrip(t, app, schema.Mentorships, p, err, FindMentorship, []field[*Mentorship]{
				{"mentor", func(p *Mentorship) { p.SetMentor(ids[schema.Teachers]) }, func(p *Mentorship) any { return p.Mentor() }, ids[schema.Teachers]},
				{"mentees", func(p *Mentorship) { p.SetMentees([]string{ids[schema.Teachers]}) }, func(p *Mentorship) any { return p.Mentees() }, []string{ids[schema.Teachers]}},
				{"form", func(p *Mentorship) { p.SetForm("pair") }, func(p *Mentorship) any { return p.Form() }, "pair"},
				{"organization", func(p *Mentorship) { p.SetOrganization(ids[schema.Organizations]) }, func(p *Mentorship) any { return p.Organization() }, ids[schema.Organizations]},
				{"program", func(p *Mentorship) { p.SetProgram("Программа") }, func(p *Mentorship) any { return p.Program() }, "Программа"},
				{"start", func(p *Mentorship) { p.SetStart(date(1)) }, func(p *Mentorship) any { return p.Start() }, date(1)},
				{"end", func(p *Mentorship) { p.SetEnd(date(31)) }, func(p *Mentorship) any { return p.End() }, date(31)},
				{"events", func(p *Mentorship) { p.SetEvents([]string{ids[schema.Events]}) }, func(p *Mentorship) any { return p.Events() }, []string{ids[schema.Events]}},
				{"materials", func(p *Mentorship) { p.SetMaterials([]string{ids[schema.Materials]}) }, func(p *Mentorship) any { return p.Materials() }, []string{ids[schema.Materials]}},
			})
		}},
		{schema.Diagnostics, func(t *testing.T) string {
			p, err := NewDiagnosis(app)
			rows := []field[*Diagnosis]{
				{"teacher", func(p *Diagnosis) { p.SetTeacher(ids[schema.Teachers]) }, func(p *Diagnosis) any { return p.Teacher() }, ids[schema.Teachers]},
				{"route", func(p *Diagnosis) { p.SetRoute(ids[schema.Routes]) }, func(p *Diagnosis) any { return p.Route() }, ids[schema.Routes]},
				{"stage", func(p *Diagnosis) { p.SetStage("initial") }, func(p *Diagnosis) any { return p.Stage() }, "initial"},
				{"initial", nil, func(p *Diagnosis) any { return p.IsInitial() }, true},
			}
			for i, area := range schema.Deficits {
				score := i%4 + 1
				rows = append(rows, field[*Diagnosis]{area, func(p *Diagnosis) { p.SetScore(area, score) }, func(p *Diagnosis) any { return p.Score(area) }, score})
			}
			return roundTrip(t, app, schema.Diagnostics, p, err, FindDiagnosis, rows)
		}},
		{schema.Reviews, func(t *testing.T) string {
			p, err := NewReview(app)
			return roundTrip(t, app, schema.Reviews, p, err, FindReview, []field[*Review]{
				{"material", func(p *Review) { p.SetMaterial(ids[schema.Materials]) }, func(p *Review) any { return p.Material() }, ids[schema.Materials]},
				{"practice", func(p *Review) { p.SetPractice(ids[schema.Practices]) }, func(p *Review) any { return p.Practice() }, ids[schema.Practices]},
				{"reviewer", func(p *Review) { p.SetReviewer(user) }, func(p *Review) any { return p.Reviewer() }, user},
				{"relevance", func(p *Review) { p.SetRelevance(3) }, func(p *Review) any { return p.Relevance() }, 3},
				{"quality", func(p *Review) { p.SetQuality(2) }, func(p *Review) any { return p.Quality() }, 2},
				{"reproducibility", func(p *Review) { p.SetReproducibility(1) }, func(p *Review) any { return p.Reproducibility() }, 1},
				{"presentation", func(p *Review) { p.SetPresentation(3) }, func(p *Review) any { return p.Presentation() }, 3},
				{"decision", func(p *Review) { p.SetDecision("publish") }, func(p *Review) any { return p.Decision() }, "publish"},
				{"publishes", nil, func(p *Review) any { return p.Publishes() }, true},
				{"comment", func(p *Review) { p.SetComment("Хорошо") }, func(p *Review) any { return p.Comment() }, "Хорошо"},
			})
		}},
		{schema.Certificates, func(t *testing.T) string {
			p, err := NewCertificate(app)
			return roundTrip(t, app, schema.Certificates, p, err, FindCertificate, []field[*Certificate]{
				{"number", func(p *Certificate) { p.SetNumber("ABCDEFGH") }, func(p *Certificate) any { return p.Number() }, "ABCDEFGH"},
				{"kind", func(p *Certificate) { p.SetKind(schema.CertReview) }, func(p *Certificate) any { return p.Kind() }, schema.CertReview},
				{"teacher", func(p *Certificate) { p.SetTeacher(ids[schema.Teachers]) }, func(p *Certificate) any { return p.Teacher() }, ids[schema.Teachers]},
				{"material", func(p *Certificate) { p.SetMaterial(ids[schema.Materials]) }, func(p *Certificate) any { return p.Material() }, ids[schema.Materials]},
				{"practice", func(p *Certificate) { p.SetPractice("") }, func(p *Certificate) any { return p.Practice() }, ""},
				{"event", func(p *Certificate) { p.SetEvent(ids[schema.Events]) }, func(p *Certificate) any { return p.Event() }, ids[schema.Events]},
				{"review", func(p *Certificate) { p.SetReview(ids[schema.Reviews]) }, func(p *Certificate) any { return p.Review() }, ids[schema.Reviews]},
			})
		}},
	}
	// in dependency order: a row refers to the records saved before it
	for _, tt := range tests {
		if !t.Run(tt.collection, func(t *testing.T) { ids[tt.collection] = tt.run(t) }) {
			t.FailNow()
		}
	}

	t.Run("autodates", func(t *testing.T) {
		c, err := FindCertificate(app, ids[schema.Certificates])
		if err != nil {
			t.Fatal(err)
		}
		if c.Created().IsZero() || c.Updated().IsZero() {
			t.Errorf("created %v, updated %v", c.Created(), c.Updated())
		}
	})

	t.Run("finders", func(t *testing.T) {
		if p, err := FindTeacherOfUser(app, user); err != nil || p.Id != ids[schema.Teachers] {
			t.Errorf("FindTeacherOfUser = %v, %v", p, err)
		}
		if r, err := FindLatestPublishingReview(app, ids[schema.Materials]); err != nil || r.Id != ids[schema.Reviews] {
			t.Errorf("FindLatestPublishingReview = %v, %v", r, err)
		}
		if _, err := FindLatestPublishingReview(app, ids[schema.Events]); !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("FindLatestPublishingReview of no material: %v", err)
		}
		if o, err := FindMethodicalService(app); err != nil || o.Id != ids[schema.Organizations] {
			t.Errorf("FindMethodicalService = %v, %v", o, err)
		}
		if c, err := FindCertificateByNumber(app, "ABCDEFGH"); err != nil || c.Id != ids[schema.Certificates] {
			t.Errorf("FindCertificateByNumber = %v, %v", c, err)
		}
		same, _ := NewCertificate(app)
		same.SetKind(schema.CertReview)
		same.SetTeacher(ids[schema.Teachers])
		same.SetMaterial(ids[schema.Materials])
		same.SetEvent(ids[schema.Events])
		if c, err := FindSameCertificate(app, same); err != nil || c.Id != ids[schema.Certificates] {
			t.Errorf("FindSameCertificate = %v, %v", c, err)
		}
		same.SetEvent("")
		if c, err := FindSameCertificate(app, same); err == nil {
			t.Errorf("FindSameCertificate without the event found %s", c.Id)
		}
		for _, coll := range []string{schema.Materials, schema.Practices} {
			if i, err := FindItem(app, coll, ids[coll]); err != nil || i.Id != ids[coll] {
				t.Errorf("FindItem(%s) = %v, %v", coll, i, err)
			}
		}
		if _, err := FindItem(app, schema.Events, ids[schema.Events]); err == nil {
			t.Error("FindItem found an event")
		}
		if taken, err := SlugInUse(app, schema.Materials, "URok-Drobej", ""); err != nil || !taken {
			t.Errorf("SlugInUse of another record's slug = %v, %v", taken, err)
		}
		if taken, err := SlugInUse(app, schema.Materials, "urok-drobej", ids[schema.Materials]); err != nil || taken {
			t.Errorf("SlugInUse of the record's own slug = %v, %v", taken, err)
		}
	})

	t.Run("slugged and coded", func(t *testing.T) {
		for _, coll := range schema.Collections {
			all, err := app.FindAllRecords(coll)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) == 0 {
				continue // a collection the test saved nothing in
			}
			rec := all[0]
			s, slugged := AsSlugged(rec)
			if slugged != slices.Contains(SluggedCollections, coll) {
				t.Errorf("AsSlugged(%s) ok = %v", coll, slugged)
			}
			// records saved here have no hooks: slugs made by a collection's
			// slugSources are the workflow's to fill
			_, named := slugSources[coll]
			if slugged && ((s.Slug() == "" && !named) || s.SlugSource() == "" || s.ProxyRecord() != rec) {
				t.Errorf("AsSlugged(%s): slug %q from %q", coll, s.Slug(), s.SlugSource())
			}
			c, coded := AsCoded(rec)
			if coded != schema.IsCoded(coll) {
				t.Errorf("AsCoded(%s) ok = %v", coll, coded)
			}
			if coded && (c.QRCode() == "" || c.ProxyRecord() != rec) {
				t.Errorf("AsCoded(%s): code %q", coll, c.QRCode())
			}
		}
		if AsMaterial(nil) != nil {
			t.Error("AsMaterial(nil) is not nil")
		}
	})
}

// receivers maps each proxy type of the package to the collections its
// methods read; funcs does so for the package's functions that spell
// field names in filters.
var (
	receivers = map[string][]string{
		"base": {schema.Organizations, schema.Teachers, schema.Materials, schema.Practices, schema.Events,
			schema.Routes, schema.RouteSteps, schema.Diagnostics, schema.Mentorships, schema.Reviews, schema.Certificates},
		"Item":         {schema.Materials, schema.Practices},
		"Material":     {schema.Materials},
		"Practice":     {schema.Practices},
		"Event":        {schema.Events},
		"Organization": {schema.Organizations},
		"Teacher":      {schema.Teachers},
		"Route":        {schema.Routes},
		"RouteStep":    {schema.RouteSteps},
		"Diagnosis":    {schema.Diagnostics},
		"Mentorship":   {schema.Mentorships},
		"Review":       {schema.Reviews},
		"Certificate":  {schema.Certificates},
		"namedRecord": {schema.Routes, schema.RouteSteps, schema.Diagnostics, schema.Mentorships, schema.ContestResults,
			schema.Attestations, schema.ResultDynamics, schema.IndicatorTargets, schema.Associations, schema.PlanItems,
			schema.Courses, schema.LessonVisits},
	}
	funcs = map[string][]string{
		"SlugInUse":                  SluggedCollections,
		"FindMethodicalService":      {schema.Organizations},
		"FindTeacherOfUser":          {schema.Teachers},
		"FindLatestPublishingReview": {schema.Reviews},
		"FindCertificateByNumber":    {schema.Certificates},
		"FindSameCertificate":        {schema.Certificates},
	}
	// codes maps each select code the package tests for to its collection
	// and field.
	codes = map[string][2]string{
		"routeDraft":            {schema.Routes, fieldStatus},
		"routeActive":           {schema.Routes, fieldStatus},
		"routeCompleted":        {schema.Routes, fieldStatus},
		"decisionPublish":       {schema.Reviews, fieldDecision},
		"kindMethodicalService": {schema.Organizations, fieldKind},
		"stageInitial":          {schema.Diagnostics, fieldStage},
	}
)

// TestEveryFieldAProxyUsesIsInItsCollection reads the package's source:
// every field name constant a method or function spells must name a field
// of each collection it reads, in the schema the migrations build. A field
// renamed in a migration fails here, not in production.
func TestEveryFieldAProxyUsesIsInItsCollection(t *testing.T) {
	app := fixture.App(t)
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{} // constant name → value
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("constant %s is not a string literal", name.Name)
						continue
					}
					consts[name.Name], _ = strconv.Unquote(lit.Value)
				}
			}
		}
	}
	if len(consts) == 0 {
		t.Fatal("no constants found in the package's source")
	}
	collection := func(name string) *core.Collection {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("collection %s: %v", name, err)
		}
		return c
	}
	used := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			owner, colls := fn.Name.Name, funcs[fn.Name.Name]
			if fn.Recv != nil {
				typ := fn.Recv.List[0].Type
				if star, ok := typ.(*ast.StarExpr); ok {
					typ = star.X
				}
				owner = typ.(*ast.Ident).Name + "." + fn.Name.Name
				colls = receivers[typ.(*ast.Ident).Name]
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok || !strings.HasPrefix(id.Name, "field") {
					return true
				}
				name, ok := consts[id.Name]
				if !ok {
					return true
				}
				used[id.Name] = true
				if len(colls) == 0 {
					t.Errorf("%s spells %s: add it to the test's table of what it reads", owner, id.Name)
				}
				for _, c := range colls {
					if collection(c).Fields.GetByName(name) == nil {
						t.Errorf("%s reads %s.%s, which the collection does not have", owner, c, name)
					}
				}
				return true
			})
		}
	}
	for name := range consts {
		if strings.HasPrefix(name, "field") && !used[name] {
			t.Errorf("field constant %s is used by no method", name)
		}
	}
	for name := range consts {
		if _, ok := codes[name]; !ok && !strings.HasPrefix(name, "field") {
			t.Errorf("code constant %s: add it to the test's table of codes", name)
		}
	}
	for name, at := range codes {
		f, ok := collection(at[0]).Fields.GetByName(at[1]).(*core.SelectField)
		if !ok || !slices.Contains(f.Values, consts[name]) {
			t.Errorf("%s = %q is not a value of %s.%s", name, consts[name], at[0], at[1])
		}
	}
}

// Package testkit builds kopilka test applications: a migrated data folder
// with a small, fixed cast — two schools, a methodical service, teachers,
// editors and a curator, and one record of every kind in every state that
// matters to the access rules — cloned afresh for each test.
package testkit

import (
	"fmt"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/schema"
)

// Password is every fixture user's password.
const Password = "kopilka-test-1"

// Actors are the fixture's users by name; "anonymous" has no user.
var Actors = []string{"anonymous", "teacherA1", "teacherA2", "teacherB", "editorA", "editorB", "curator"}

// Fixture is a template data folder and the ids and tokens of its records.
type Fixture struct {
	Dir    string
	IDs    map[string]string // fixture key → record id
	Tokens map[string]string // actor → auth token ("" for anonymous)
	// Register binds the application's hooks to a fresh test app.
	Register func(core.App) error
}

// MinimalPDF is a valid one-page PDF, for attachments.
var MinimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// BuildEmpty makes a template folder with the schema and no records.
func BuildEmpty(register func(core.App) error) (*Fixture, error) {
	return build(register, false)
}

// Build makes the template folder. register binds kopilka's hooks (it is
// internal/app.Register; taken as an argument to keep testkit below app).
func Build(register func(core.App) error) (*Fixture, error) {
	return build(register, true)
}

func build(register func(core.App) error, seed bool) (*Fixture, error) {
	empty, err := os.MkdirTemp("", "kopilka_empty_*")
	if err != nil {
		return nil, err
	}
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: empty})
	if err != nil {
		return nil, fmt.Errorf("testkit: new app: %w", err)
	}
	if err := register(app); err != nil {
		return nil, fmt.Errorf("testkit: register: %w", err)
	}
	f := &Fixture{Dir: app.DataDir(), IDs: map[string]string{}, Tokens: map[string]string{"anonymous": ""}, Register: register}
	if seed {
		if err := f.seed(app); err != nil {
			return nil, fmt.Errorf("testkit: seed: %w", err)
		}
	}
	// close the databases so the folder can be cloned consistently
	if err := app.ResetBootstrapState(); err != nil {
		return nil, err
	}
	os.RemoveAll(empty)
	return f, nil
}

// App returns a fresh clone of the template with the hooks bound.
func (f *Fixture) App(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: f.Dir})
	if err != nil {
		t.Fatalf("testkit: clone app: %v", err)
	}
	if err := f.Register(app); err != nil {
		t.Fatalf("testkit: register: %v", err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

// Close removes the template folder.
func (f *Fixture) Close() { os.RemoveAll(f.Dir) }

type seeder struct {
	app core.App
	f   *Fixture
	err error
}

func (s *seeder) save(key, collection string, fields map[string]any) *core.Record {
	if s.err != nil {
		return nil
	}
	c, err := s.app.FindCollectionByNameOrId(collection)
	if err != nil {
		s.err = err
		return nil
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if collection == schema.Users {
		r.SetPassword(Password)
		r.SetVerified(true)
	}
	if err := s.app.Save(r); err != nil {
		s.err = fmt.Errorf("%s %s: %w", collection, key, err)
		return nil
	}
	s.f.IDs[key] = r.Id
	return r
}

func (f *Fixture) seed(app core.App) error {
	s := &seeder{app: app, f: f}
	id := func(k string) string { return f.IDs[k] }

	s.save("orgA", schema.Organizations, map[string]any{"name": "МБОУ СОШ № 1", "kind": "school", "slug": "school-a"})
	s.save("orgB", schema.Organizations, map[string]any{"name": "МБОУ СОШ № 2", "kind": "school", "slug": "school-b"})
	s.save("orgM", schema.Organizations, map[string]any{"name": "Информационно-методический центр", "kind": "methodical_service", "slug": "imc"})

	users := []struct{ key, role, org string }{
		{"teacherA1", "teacher", "orgA"}, {"teacherA2", "teacher", "orgA"}, {"teacherB", "teacher", "orgB"},
		{"editorA", "school_editor", "orgA"}, {"editorB", "school_editor", "orgB"}, {"curator", "curator", "orgM"},
	}
	for _, u := range users {
		r := s.save(u.key, schema.Users, map[string]any{"email": u.key + "@test.example", "name": u.key, "role": u.role, "organization": id(u.org)})
		if r != nil {
			token, err := r.NewAuthToken()
			if err != nil {
				return err
			}
			f.Tokens[u.key] = token
		}
	}

	s.save("tA1", schema.Teachers, map[string]any{"name": "Иванова Анна Петровна", "user": id("teacherA1"), "organization": id("orgA"), "public": true, "bio": "Учитель математики."})
	s.save("tA2", schema.Teachers, map[string]any{"name": "Петрова Вера Ильинична", "user": id("teacherA2"), "organization": id("orgA"), "public": false, "bio": "PRIVATE-PROFILE-MARKER tA2"})
	s.save("tB", schema.Teachers, map[string]any{"name": "Сидоров Борис Олегович", "user": id("teacherB"), "organization": id("orgB"), "public": true})
	s.save("tPrivB", schema.Teachers, map[string]any{"name": "Скрытова Дина Романовна", "organization": id("orgB"), "public": false, "bio": "PRIVATE-PROFILE-MARKER tPrivB"})

	material := func(key, status, author, org string, withFile bool) {
		fields := map[string]any{"title": "Материал " + key, "type": "lesson-plan", "status": status,
			"authors": []string{id(author)}, "organization": id(org), "body": "Текст " + key + " BODY-" + key}
		if withFile {
			file, err := filesystem.NewFileFromBytes(MinimalPDF, key+".pdf")
			if err != nil {
				s.err = err
				return
			}
			fields["files"] = []any{file}
		}
		s.save(key, schema.Materials, fields)
	}
	material("matPubA1", "published", "tA1", "orgA", true)
	material("matDraftA1", "draft", "tA1", "orgA", true)
	material("matSubA1", "submitted", "tA1", "orgA", false)
	material("matChangesA1", "changes_requested", "tA1", "orgA", false)
	material("matArchA1", "archived", "tA1", "orgA", false)
	material("matDraftA2", "draft", "tA2", "orgA", false)
	material("matDraftB", "draft", "tB", "orgB", true)
	material("matPubB", "published", "tB", "orgB", false)
	material("matPubPrivB", "published", "tPrivB", "orgB", false)

	practice := func(key, status, author, org string) {
		s.save(key, schema.Practices, map[string]any{"title": "Практика " + key, "status": status,
			"authors": []string{id(author)}, "organization": id(org), "body": "BODY-" + key})
	}
	practice("prPubA1", "published", "tA1", "orgA")
	practice("prDraftA1", "draft", "tA1", "orgA")
	practice("prSubA1", "submitted", "tA1", "orgA")
	practice("prDraftB", "draft", "tB", "orgB")

	event := func(key, org, status string) {
		s.save(key, schema.Events, map[string]any{"title": "Событие " + key, "kind": "seminar", "level": "municipal",
			"start": "2026-12-01 06:00:00.000Z", "organizer": id(org), "status": status, "body": "BODY-" + key})
	}
	event("evA", "orgA", "planned")
	event("evB", "orgB", "planned")
	event("evM", "orgM", "cancelled")

	// a route's theme is its teacher's theme of self-education, which a
	// public profile shows; the private part of a route, its goals, carries
	// the marker
	s.save("rtA1", schema.Routes, map[string]any{"teacher": id("tA1"), "theme": "Тема ИОМ A1", "goals": "Цели BODY-rtA1", "mentor": id("tA2"), "status": "active"})
	s.save("rtB", schema.Routes, map[string]any{"teacher": id("tB"), "theme": "Тема ИОМ B", "goals": "Цели BODY-rtB", "status": "active"})
	s.save("stA1", schema.RouteSteps, map[string]any{"route": id("rtA1"), "direction": "self_education", "action": "Шаг A1 BODY-stA1"})
	s.save("stB", schema.RouteSteps, map[string]any{"route": id("rtB"), "direction": "courses", "action": "Шаг B BODY-stB"})

	s.save("dgA1", schema.Diagnostics, map[string]any{"teacher": id("tA1"), "route": id("rtA1"), "stage": "initial",
		"subject": 3, "methodology": 2, "psych_ped": 3, "functional_literacy": 1, "ict": 4, "soft_skills": 3})
	s.save("dgB", schema.Diagnostics, map[string]any{"teacher": id("tB"), "route": id("rtB"), "stage": "initial",
		"subject": 4, "methodology": 4, "psych_ped": 2, "functional_literacy": 3, "ict": 2, "soft_skills": 4})
	s.save("cmA1", schema.StepComments, map[string]any{"step": id("stA1"), "author": id("teacherA2"), "text": "BODY-cmA1"})

	s.save("msA", schema.Mentorships, map[string]any{"mentor": id("tA2"), "mentees": []string{id("tA1")}, "form": "pair", "organization": id("orgA"), "program": "BODY-msA"})
	s.save("msB", schema.Mentorships, map[string]any{"mentor": id("tB"), "mentees": []string{id("tPrivB")}, "form": "pair", "organization": id("orgB"), "program": "BODY-msB"})

	s.save("crA1", schema.ContestResults, map[string]any{"teacher": id("tA1"), "title": "Учитель года BODY-crA1", "level": "municipal", "place": "winner", "date": "2026-03-01 00:00:00.000Z"})
	s.save("crB", schema.ContestResults, map[string]any{"teacher": id("tB"), "title": "Педагогический дебют BODY-crB", "level": "school", "place": "participant", "date": "2026-03-01 00:00:00.000Z"})
	s.save("atA1", schema.Attestations, map[string]any{"teacher": id("tA1"), "year": 2026, "category_current": "first", "category_sought": "highest", "result": "applied"})
	s.save("atB", schema.Attestations, map[string]any{"teacher": id("tB"), "year": 2026, "category_current": "none", "category_sought": "first", "result": "planned"})
	s.save("rdA1", schema.ResultDynamics, map[string]any{"teacher": id("tA1"), "year": 2025, "kind": "gia", "value": 3.9, "note": "BODY-rdA1"})
	s.save("rdB", schema.ResultDynamics, map[string]any{"teacher": id("tB"), "year": 2025, "kind": "gia", "value": 4.1, "note": "BODY-rdB"})
	s.save("itM", schema.IndicatorTargets, map[string]any{"indicator": "participation", "year": 2026, "base": 15, "target": 30})

	// the methodical structure: a school's ШМО and the municipality's
	// РМО (public), plans of two schools and of the municipality, courses,
	// lesson visits, and a mentorship across schools
	s.save("asA", schema.Associations, map[string]any{"name": "ШМО учителей математики", "kind": "school_mo", "organization": id("orgA"),
		"head": id("tA1"), "members": []string{id("tA1"), id("tA2")}, "year": 2026, "theme": "Функциональная грамотность",
		"materials": []string{id("matPubA1")}, "events": []string{id("evA")}, "about": "BODY-asA"})
	s.save("asM", schema.Associations, map[string]any{"name": "РМО учителей математики", "kind": "rmo", "organization": id("orgM"),
		"members": []string{id("tA1"), id("tB")}, "year": 2026, "about": "BODY-asM"})
	plan := func(key, org string) {
		s.save(key, schema.PlanItems, map[string]any{"organization": id(org), "year": 2026, "section": "Распространение опыта",
			"content": "Пополнение методической копилки BODY-" + key, "period": "month", "months": []string{"nov", "mar"},
			"responsible_text": "Руководители ШМО", "expected_result": "Конспекты, тезисы, доклады"})
	}
	plan("piA", "orgA")
	plan("piB", "orgB")
	plan("piM", "orgM")
	s.save("coA1", schema.Courses, map[string]any{"teacher": id("tA1"), "title": "Функциональная грамотность BODY-coA1", "provider": "ИРО",
		"hours": 72, "form": "distance", "start": "2025-10-01 00:00:00.000Z", "end": "2025-10-30 00:00:00.000Z", "status": "completed"})
	s.save("coB", schema.Courses, map[string]any{"teacher": id("tB"), "title": "ФГОС ООО BODY-coB", "hours": 36, "status": "planned"})
	s.save("lvA", schema.LessonVisits, map[string]any{"teacher": id("tA1"), "visitor": id("tA2"), "date": "2026-10-15 00:00:00.000Z",
		"lesson": "6 класс, математика", "analysis": "BODY-lvA", "mentorship": id("msA")})
	s.save("lvB", schema.LessonVisits, map[string]any{"teacher": id("tPrivB"), "visitor": id("tB"), "date": "2026-10-16 00:00:00.000Z",
		"lesson": "7 класс, алгебра", "analysis": "BODY-lvB", "mentorship": id("msB")})
	s.save("msX", schema.Mentorships, map[string]any{"mentor": id("tB"), "mentees": []string{id("tA1")}, "form": "team",
		"organization": id("orgA"), "organizations": []string{id("orgB")}, "status": "confirmed", "program": "BODY-msX"})

	// reports of use «Я применил(а)»: of school A's published material from
	// school B, with a comment waiting; of school B's from a school not on the list
	s.save("adA1", schema.Adoptions, map[string]any{"material": id("matPubA1"), "school": id("orgB"), "kind": "lesson",
		"group": "5 класс", "comment": "BODY-adA1", "comment_status": "pending"})
	s.save("adB", schema.Adoptions, map[string]any{"material": id("matPubB"), "school_other": true, "kind": "fragment", "comment": "BODY-adB",
		"comment_status": "pending"})
	s.save("prmM", schema.Parameters, map[string]any{"name": "dissemination_schools", "value": 3})

	// what the freshness guard found: of school A's material and practice,
	// of school B's material and event (addresses the items do not have,
	// so no queue and no page shows them)
	s.save("lcMatA1", schema.LinkChecks, map[string]any{"material": id("matPubA1"), "kind": "link", "url": "https://example.org/a1",
		"status": "dead", "code": 404, "error": "HTTP 404", "checked_at": "2026-03-12 03:00:00.000Z", "since": "2026-03-11 03:00:00.000Z"})
	s.save("lcPrA1", schema.LinkChecks, map[string]any{"practice": id("prPubA1"), "kind": "link", "url": "https://example.org/pr",
		"status": "ok", "code": 200, "checked_at": "2026-03-12 03:00:00.000Z", "since": "2026-03-01 03:00:00.000Z"})
	s.save("lcMatB", schema.LinkChecks, map[string]any{"material": id("matPubB"), "kind": "file", "url": "matPubB.pdf",
		"status": "broken", "error": "BODY-lcMatB", "checked_at": "2026-03-12 03:00:00.000Z", "since": "2026-03-12 03:00:00.000Z"})
	s.save("lcEvB", schema.LinkChecks, map[string]any{"event": id("evB"), "kind": "link", "url": "https://example.org/ev",
		"status": "moved", "code": 200, "final_url": "https://example.org/ev2", "checked_at": "2026-03-12 03:00:00.000Z",
		"since": "2026-03-12 03:00:00.000Z"})

	s.save("rvA1", schema.Reviews, map[string]any{"material": id("matSubA1"), "reviewer": id("curator"), "decision": "changes_requested", "comment": "BODY-rvA1"})
	s.save("rvB", schema.Reviews, map[string]any{"material": id("matDraftB"), "reviewer": id("curator"), "decision": "changes_requested", "comment": "BODY-rvB"})
	if s.err != nil {
		return s.err
	}

	codes, err := app.FindFirstRecordByData(schema.QRCodes, "target_id", id("matPubA1"))
	if err != nil {
		return fmt.Errorf("qr code of matPubA1: %w", err)
	}
	f.IDs["qrA1"] = codes.Id
	s.save("certA1", schema.Certificates, map[string]any{"number": "K7M2Q9XA", "kind": "publication", "teacher": id("tA1"), "material": id("matPubA1")})
	s.save("certStale", schema.Certificates, map[string]any{"number": "K7M2Q9XB", "kind": "publication", "teacher": id("tA1"), "material": id("matArchA1")})
	s.save("scanA1", schema.QRScans, map[string]any{"code": codes.GetString("code"), "day": "2026-11-20", "count": 3,
		"target_collection": "materials", "target_id": id("matPubA1"), "organization": id("orgA")})
	return s.err
}

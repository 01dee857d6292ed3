package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/schema"
)

func patch(t *testing.T, name, actor, collection, key, body string, status int, content ...string) tests.ApiScenario {
	return tests.ApiScenario{
		Name:            name,
		Method:          http.MethodPatch,
		URL:             "/api/collections/" + collection + "/records/" + fixture.IDs[key],
		Body:            strings.NewReader(body),
		Headers:         map[string]string{"Authorization": fixture.Tokens[actor]},
		ExpectedStatus:  status,
		ExpectedContent: content,
		TestAppFactory:  func(tb testing.TB) *tests.TestApp { return fixture.App(tb) },
	}
}

func TestWorkflowTransitionsByRole(t *testing.T) {
	scenarios := []tests.ApiScenario{
		// authors submit their drafts and revisions
		patch(t, "teacher submits own draft", "teacherA1", "materials", "matDraftA1", `{"status":"submitted"}`, 200, `"status":"submitted"`),
		patch(t, "teacher resubmits after changes requested", "teacherA1", "materials", "matChangesA1", `{"status":"submitted"}`, 200, `"status":"submitted"`),
		patch(t, "school editor submits the school's draft", "editorA", "materials", "matDraftA2", `{"status":"submitted"}`, 200, `"status":"submitted"`),
		patch(t, "teacher submits own practice", "teacherA1", "practices", "prDraftA1", `{"status":"submitted"}`, 200, `"status":"submitted"`),
		// only a curator publishes
		patch(t, "teacher cannot publish own draft", "teacherA1", "materials", "matDraftA1", `{"status":"published"}`, 400, "Опубликовать материал может только методист"),
		patch(t, "editor cannot publish", "editorA", "materials", "matDraftA2", `{"status":"published"}`, 400, "только методист"),
		patch(t, "curator publishes a submitted material", "curator", "materials", "matSubA1", `{"status":"published"}`, 200, `"status":"published"`),
		patch(t, "curator requests changes", "curator", "materials", "matSubA1", `{"status":"changes_requested"}`, 200, `"status":"changes_requested"`),
		patch(t, "curator rejects", "curator", "materials", "matSubA1", `{"status":"rejected"}`, 200, `"status":"rejected"`),
		patch(t, "curator archives a published material", "curator", "materials", "matPubA1", `{"status":"archived"}`, 200, `"status":"archived"`),
		patch(t, "curator publishes a submitted practice", "curator", "practices", "prSubA1", `{"status":"published"}`, 200, `"status":"published"`),
		// forbidden moves answer 400 in Russian
		patch(t, "curator cannot publish a draft that skipped review", "curator", "materials", "matDraftA1", `{"status":"published"}`, 400, "Нельзя перевести", "«Черновик»", "«Опубликовано»"),
		patch(t, "curator cannot bring back an archived material", "curator", "materials", "matArchA1", `{"status":"published"}`, 400, "Нельзя перевести"),
		patch(t, "teacher cannot withdraw to draft from submitted", "teacherA1", "materials", "matSubA1", `{"status":"draft"}`, 404, "wasn't found"),
		// authors edit only while draft or changes requested
		patch(t, "teacher edits own draft", "teacherA1", "materials", "matDraftA1", `{"title":"Новое название"}`, 200, "Новое название"),
		patch(t, "teacher cannot edit own submitted material", "teacherA1", "materials", "matSubA1", `{"title":"x"}`, 404, "wasn't found"),
		patch(t, "teacher cannot edit own published material", "teacherA1", "materials", "matPubA1", `{"title":"x"}`, 404, "wasn't found"),
		patch(t, "teacher cannot edit a colleague's draft", "teacherA1", "materials", "matDraftA2", `{"title":"x"}`, 404, "wasn't found"),
		// protected fields
		patch(t, "nobody changes a QR code", "curator", "materials", "matPubA1", `{"qr_code":"ABCDEF"}`, 400, "QR-код присваивается автоматически"),
		patch(t, "teacher cannot set published_at", "teacherA1", "materials", "matDraftA1", `{"published_at":"2020-01-01 00:00:00.000Z"}`, 400, "Дата публикации"),
		patch(t, "teacher cannot mark best practice", "teacherA1", "materials", "matDraftA1", `{"best_practice":true}`, 400, "лучшую практику"),
		patch(t, "curator marks best practice", "curator", "materials", "matPubA1", `{"best_practice":true}`, 200, `"best_practice":true`),
		patch(t, "teacher cannot move a material to another school", "teacherA1", "materials", "matDraftA1", `{"organization":"`+fixture.IDs["orgB"]+`"}`, 404, "wasn't found"),
		patch(t, "teacher cannot drop themselves from the authors", "teacherA1", "materials", "matDraftA1", `{"authors":["`+fixture.IDs["tB"]+`"]}`, 400, "оставаться в списке авторов"),
		patch(t, "teacher cannot change own role", "teacherA1", "users", "teacherA1", `{"role":"curator"}`, 404, "wasn't found"),
		patch(t, "teacher cannot change own organization", "teacherA1", "users", "teacherA1", `{"organization":"`+fixture.IDs["orgB"]+`"}`, 404, "wasn't found"),
		patch(t, "teacher renames themselves", "teacherA1", "users", "teacherA1", `{"name":"Анна"}`, 200, `"name":"Анна"`),
		patch(t, "event QR code is immutable", "curator", "events", "evA", `{"qr_code":"ABCDEF"}`, 400, "QR-код"),
		patch(t, "editor cancels own school's event", "editorA", "events", "evA", `{"status":"cancelled"}`, 200, `"status":"cancelled"`),
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func create(name, actor, collection, body string, status int, content ...string) tests.ApiScenario {
	return tests.ApiScenario{
		Name:            name,
		Method:          http.MethodPost,
		URL:             "/api/collections/" + collection + "/records",
		Body:            strings.NewReader(body),
		Headers:         map[string]string{"Authorization": fixture.Tokens[actor]},
		ExpectedStatus:  status,
		ExpectedContent: content,
		TestAppFactory:  func(tb testing.TB) *tests.TestApp { return fixture.App(tb) },
	}
}

func TestCreateAssignsSlugCodeAndInitialStatus(t *testing.T) {
	orgA, tA1 := fixture.IDs["orgA"], fixture.IDs["tA1"]
	scenarios := []tests.ApiScenario{
		create("teacher creates a draft with a transliterated slug", "teacherA1", "materials",
			`{"title":"Урок дроби: 5 класс","type":"lesson-plan","organization":"`+orgA+`","authors":["`+tA1+`"]}`,
			200, `"slug":"urok-drobi-5-klass"`, `"status":"draft"`, `"qr_code":"`),
		create("the same title gets a numbered slug", "teacherA1", "materials",
			`{"title":"Материал matPubA1","type":"lesson-plan","organization":"`+orgA+`","authors":["`+tA1+`"]}`,
			200, `"slug":"material-matpuba1-2"`),
		create("teacher may submit at once", "teacherA1", "materials",
			`{"title":"Сразу","type":"article","status":"submitted","organization":"`+orgA+`","authors":["`+tA1+`"]}`,
			200, `"status":"submitted"`),
		create("teacher cannot create published", "teacherA1", "materials",
			`{"title":"Сразу","type":"article","status":"published","organization":"`+orgA+`","authors":["`+tA1+`"]}`,
			400, "только методист"),
		create("teacher cannot bring a QR code", "teacherA1", "materials",
			`{"title":"С кодом","type":"article","qr_code":"ABCDEF","organization":"`+orgA+`","authors":["`+tA1+`"]}`,
			400, "QR-код"),
		create("teacher cannot attribute a material to someone else", "teacherA1", "materials",
			`{"title":"Чужой","type":"article","organization":"`+orgA+`","authors":["`+fixture.IDs["tA2"]+`"]}`,
			400, "Failed to create record"),
		create("teacher cannot create for another school", "teacherA1", "materials",
			`{"title":"Чужая школа","type":"article","organization":"`+fixture.IDs["orgB"]+`","authors":["`+tA1+`"]}`,
			400, "Failed to create record"),
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func TestPublishingStampsPublishedAtOnce(t *testing.T) {
	app := fixture.App(t)
	r, err := app.FindRecordById(schema.Materials, fixture.IDs["matSubA1"])
	if err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("published_at").IsZero() {
		t.Fatal("submitted material already has published_at")
	}
	r.Set("status", schema.StatusPublished)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if r.GetDateTime("published_at").IsZero() {
		t.Fatal("publishing did not set published_at")
	}
}

func TestDeletedRecordLeavesATombstoneCode(t *testing.T) {
	app := fixture.App(t)
	r, err := app.FindRecordById(schema.Materials, fixture.IDs["matDraftA1"])
	if err != nil {
		t.Fatal(err)
	}
	code := r.GetString("qr_code")
	if err := app.Delete(r); err != nil {
		t.Fatal(err)
	}
	row, err := app.FindFirstRecordByData(schema.QRCodes, "code", code)
	if err != nil {
		t.Fatalf("code %s vanished from the registry: %v", code, err)
	}
	if !row.GetBool("retired") {
		t.Error("code of a deleted record is not retired")
	}
	c, _ := app.FindCollectionByNameOrId(schema.Events)
	ev := core.NewRecord(c)
	ev.Load(map[string]any{"title": "x", "kind": "seminar", "level": "school", "start": "2026-01-01 00:00:00.000Z",
		"organizer": fixture.IDs["orgA"], "status": "planned", "qr_code": code})
	if err := app.Save(ev); err == nil {
		t.Fatal("a retired code was handed out again")
	}
}

func TestATeachersNewProfileIsLinkedToTheirOwnAccount(t *testing.T) {
	var created string
	s := create("teacher creates own profile", "teacherA1", "teachers",
		`{"name":"Иванова А. П.","organization":"`+fixture.IDs["orgA"]+`","user":"`+fixture.IDs["teacherB"]+`"}`, 200, `"name":"Иванова А. П."`)
	s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
		a := fixture.App(tb)
		own, err := a.FindRecordById(schema.Teachers, fixture.IDs["tA1"])
		if err != nil {
			tb.Fatal(err)
		}
		own.Set("user", "")
		if err := a.Save(own); err != nil {
			tb.Fatal(err)
		}
		return a
	}
	s.AfterTestFunc = func(tb testing.TB, a *tests.TestApp, res *http.Response) {
		r, err := a.FindFirstRecordByData(schema.Teachers, "name", "Иванова А. П.")
		if err != nil {
			tb.Fatal(err)
		}
		created = r.GetString("user")
	}
	s.Test(t)
	if created != fixture.IDs["teacherA1"] {
		t.Errorf("the new profile is linked to %q, want the author's own account %s", created, fixture.IDs["teacherA1"])
	}
}

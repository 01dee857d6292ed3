package app_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/plugins/jsvm"

	"github.com/kopilka/kopilka/internal/schema"
)

// refusedTitle is what testdata/pb_hooks_refuse/refuse_title.pb.js
// answers a material whose title has «реферат» in it.
const refusedTitle = "Рефераты в копилку не принимаются: опишите свой опыт."

// TestAPBHooksRequestHookJudgesTheCMSAsTheRESTAPI installs a
// municipality's pb_hooks script that refuses a title and hides some
// materials from lists, and makes the same requests through the REST API
// and through the CMS's forms: the script decides both the same way, and
// the CMS shows its message on the form.
func TestAPBHooksRequestHookJudgesTheCMSAsTheRESTAPI(t *testing.T) {
	a := fixture.App(t)
	if err := jsvm.Register(a, jsvm.Config{HooksDir: "testdata/pb_hooks_refuse", TypesDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	h, _ := serve(t, a)
	countTitled := func(title string) int {
		records, err := a.FindRecordsByFilter(schema.Materials, "title = {:t}", "", 0, 0, dbx.Params{"t": title})
		if err != nil {
			t.Fatal(err)
		}
		return len(records)
	}
	const title = "Реферат по истории края"

	// the REST API: 400 with the script's message, nothing stored
	body, _ := json.Marshal(map[string]any{"title": title, "type": "article", "organization": fixture.IDs["orgA"],
		"authors": []string{fixture.IDs["tA1"]}, "status": schema.StatusDraft})
	rec := send(h, http.MethodPost, "/api/collections/materials/records", fixture.Tokens["teacherA1"], "application/json", body)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), refusedTitle) {
		t.Fatalf("REST create of a refused title: %d %s", rec.Code, rec.Body.String())
	}

	// the CMS: the same refusal, beside the form, nothing stored
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	teacher.get("/app/materials/new")
	fields := url.Values{"_csrf": {teacher.csrf()}, "title": {title}, "type": {"article"}, "license": {"CC-BY-4.0"}, "action": {"save"}}
	rec = teacher.postMultipart("/app/materials/new", fields, "", "", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(rec.Body.String()), refusedTitle) {
		t.Fatalf("CMS create of a refused title: %d %s", rec.Code, rec.Body.String())
	}
	if n := countTitled(title); n != 0 {
		t.Fatalf("%d refused materials were stored", n)
	}

	// a change of an existing draft to such a title: refused by both doors
	draft := fixture.IDs["matDraftA1"]
	patch, _ := json.Marshal(map[string]any{"title": title})
	rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+draft, fixture.Tokens["teacherA1"], "application/json", patch)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), refusedTitle) {
		t.Fatalf("REST update to a refused title: %d %s", rec.Code, rec.Body.String())
	}
	teacher.get("/app/materials/" + draft)
	fields.Set("_csrf", teacher.csrf())
	rec = teacher.postMultipart("/app/materials/"+draft, fields, "", "", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(rec.Body.String()), refusedTitle) {
		t.Fatalf("CMS update to a refused title: %d %s", rec.Code, rec.Body.String())
	}
	if m, _ := a.FindRecordById(schema.Materials, draft); m.GetString("title") == title {
		t.Fatal("the refused change was stored")
	}

	// a title the script accepts goes through the CMS as before
	fields.Set("title", "Краеведческий проект «Моя улица»")
	teacher.get("/app/materials/" + draft)
	fields.Set("_csrf", teacher.csrf())
	if rec = teacher.postMultipart("/app/materials/"+draft, fields, "", "", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("CMS update to an accepted title: %d %s", rec.Code, rec.Body.String())
	}

	// the list request event: what the script hides from the API's list
	// is hidden from the CMS's list too
	hidden := "Черновик [скрыто]"
	patch, _ = json.Marshal(map[string]any{"title": hidden})
	if rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+draft, fixture.Tokens["teacherA1"], "application/json", patch); rec.Code != http.StatusOK {
		t.Fatalf("REST update: %d %s", rec.Code, rec.Body.String())
	}
	rec = get(h, "/api/collections/materials/records?perPage=200", fixture.Tokens["teacherA1"])
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "[скрыто]") {
		t.Fatalf("the REST list shows what the script hides: %d", rec.Code)
	}
	if list := teacher.get("/app/materials").Body.String(); strings.Contains(list, "[скрыто]") {
		t.Fatal("the CMS list shows what the script hides")
	} else if !strings.Contains(list, "Мои материалы") && !strings.Contains(list, "/app/materials/") {
		t.Fatalf("the CMS list did not render:\n%s", list)
	}
}

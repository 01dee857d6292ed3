package app_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/kopilka/kopilka/internal/schema"
)

// A deputy director records a teacher's contest result, attestation and
// pupils' results on the teacher's page; a mistake is refused beside its
// field, a record can be removed, another school's teacher cannot be
// written to, and what people typed stays text.
func TestDeputyDirectorKeepsATeachersFactsForTheIndicators(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	teacher := "/app/teachers/" + fixture.IDs["tA2"]
	editor.get(teacher)
	hostile := `=HYPERLINK("http://evil.example","Конкурс")<script>alert(1)</script>`
	form := url.Values{"_csrf": {editor.csrf()}, "title": {hostile}, "level": {"regional"}, "place": {"prizewinner"}, "date": {"2026-04-15"}}
	if rec := editor.post(teacher+"/facts/contests", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("adding a contest result: %d %s", rec.Code, rec.Body.String())
	}
	saved, err := a.FindRecordsByFilter(schema.ContestResults, "teacher = {:t}", "", 0, 0, dbx.Params{"t": fixture.IDs["tA2"]})
	if err != nil || len(saved) != 1 || saved[0].GetString("title") != hostile || saved[0].GetString("level") != "regional" {
		t.Fatalf("stored contest results: %v %v", saved, err)
	}
	page := editor.get(teacher).Body.String()
	if strings.Contains(page, "<script>alert(1)") || !strings.Contains(html.UnescapeString(page), hostile+": призёр, региональный уровень") {
		t.Errorf("the teacher's page does not show the result as text")
	}

	// a date that is not a date, and a year that is not a number
	bad := url.Values{"_csrf": {editor.csrf()}, "title": {"Олимпиада"}, "level": {"school"}, "place": {"winner"}, "date": {"15.04.2026"}}
	if rec := editor.post(teacher+"/facts/contests", bad); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Олимпиада") {
		t.Errorf("a bad date: %d", rec.Code)
	}
	editor.get(teacher)
	att := url.Values{"_csrf": {editor.csrf()}, "year": {"двадцать шестой"}, "category_current": {"none"}, "category_sought": {"first"}, "result": {"planned"}}
	if rec := editor.post(teacher+"/facts/attestations", att); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a year in words: %d", rec.Code)
	}
	att.Set("year", "2026")
	att.Set("result", "awarded")
	att.Set("decision_date", "2026-05-20")
	if rec := editor.post(teacher+"/facts/attestations", att); rec.Code != http.StatusSeeOther {
		t.Fatalf("adding an attestation: %d %s", rec.Code, rec.Body.String())
	}
	editor.get(teacher)
	dyn := url.Values{"_csrf": {editor.csrf()}, "year": {"2026"}, "kind": {"gia"}, "value": {"4,2"}}
	if rec := editor.post(teacher+"/facts/dynamics", dyn); rec.Code != http.StatusSeeOther {
		t.Fatalf("adding a year's results: %d %s", rec.Code, rec.Body.String())
	}
	if d, err := a.FindFirstRecordByFilter(schema.ResultDynamics, "teacher = {:t} && year = 2026", dbx.Params{"t": fixture.IDs["tA2"]}); err != nil || d.GetFloat("value") != 4.2 {
		t.Errorf("the year's results: %v %v", d, err)
	}

	// removed
	editor.get(teacher)
	if rec := editor.post(teacher+"/facts/contests/"+saved[0].Id+"/delete", url.Values{"_csrf": {editor.csrf()}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("removing a contest result: %d", rec.Code)
	}
	if n, _ := a.CountRecords(schema.ContestResults, dbx.HashExp{"teacher": fixture.IDs["tA2"]}); n != 0 {
		t.Errorf("%d contest results left", n)
	}

	// school B's teacher, and a fact of school B through school A's teacher's page
	other := "/app/teachers/" + fixture.IDs["tB"]
	editor.get(teacher)
	if rec := editor.post(other+"/facts/contests", form); rec.Code != http.StatusNotFound {
		t.Errorf("writing to another school's teacher: %d", rec.Code)
	}
	if rec := editor.post(teacher+"/facts/contests/"+fixture.IDs["crB"]+"/delete", url.Values{"_csrf": {editor.csrf()}}); rec.Code != http.StatusNotFound {
		t.Errorf("removing another school's fact: %d", rec.Code)
	}
	if _, err := a.FindRecordById(schema.ContestResults, fixture.IDs["crB"]); err != nil {
		t.Error("another school's fact was removed")
	}
}

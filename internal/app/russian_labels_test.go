package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

// What a teacher or a methodist reads is Russian: licences by their
// Russian names, no «Markdown» in a form, durations in seconds with a
// comma; a licence is chosen for practices and events too.
func TestFormsSpeakRussian(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	builder.Wait()
	editor := newBrowser(t, h)
	editor.login("editorA")
	for _, p := range []string{"/app/materials/new", "/app/practices/new", "/app/events/new", "/app/profile", "/app/mentorships/new",
		"/app/mo/new", "/app/teachers/" + fixture.IDs["tA1"]} {
		body := editor.get(p).Body.String()
		if strings.Contains(body, "Markdown") {
			t.Errorf("%s says «Markdown»", p)
		}
	}
	material := editor.get("/app/materials/new").Body.String()
	if !strings.Contains(material, ">CC BY 4.0 — с указанием авторства</option>") || strings.Contains(material, ">CC-BY-4.0<") {
		t.Error("the material form offers licences by their codes")
	}
	rec := editor.post("/app/events/new", url.Values{"_csrf": {token(editor)}, "title": {"Семинар с лицензией"}, "kind": {"seminar"},
		"level": {"school"}, "start": {"2026-12-10T10:00"}, "status": {"planned"}, "license": {"CC-BY-SA-4.0"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("event: %d %s", rec.Code, rec.Body.String())
	}
	ev, err := a.FindFirstRecordByData(schema.Events, "title", "Семинар с лицензией")
	if err != nil || ev.GetString("license") != "CC-BY-SA-4.0" {
		t.Fatalf("the event's licence: %v %v", ev, err)
	}
	// a licence no form offers is not stored
	rec = editor.post("/app/events/"+ev.Id, url.Values{"_csrf": {token(editor)}, "title": {"Семинар с лицензией"}, "kind": {"seminar"},
		"level": {"school"}, "start": {"2026-12-10T10:00"}, "status": {"planned"}, "license": {"<script>"}})
	if ev, _ = a.FindRecordById(schema.Events, ev.Id); rec.Code != http.StatusSeeOther || ev.GetString("license") != "" {
		t.Errorf("a licence nobody offers: %d %q", rec.Code, ev.GetString("license"))
	}
	// a title past its limit is refused in words that name the limit
	rec = editor.post("/app/events/new", url.Values{"_csrf": {token(editor)}, "title": {strings.Repeat("я", 1001)}, "kind": {"seminar"},
		"level": {"school"}, "start": {"2026-12-10T10:00"}, "status": {"planned"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "не больше 1000 знаков") {
		t.Errorf("a title of 1001 characters: %d", rec.Code)
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	site := curator.get("/app/site").Body.String()
	if regexp.MustCompile(`\d(ms|µs|s)\b`).MatchString(site) || !regexp.MustCompile(`\d+,\d с`).MatchString(site) {
		t.Errorf("the build's duration is not in seconds with a comma:\n%s", site)
	}
}

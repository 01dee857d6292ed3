package app_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

// Text typed in the CMS arrives with the browser's CRLF line endings; it
// is stored with LF, through every door, so export → import → export stays
// byte-identical after a CMS edit.
func TestTextsAreStoredWithUnixLineEndings(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	teacher.get("/app/materials/new")
	rec := teacher.postMultipart("/app/materials/new", url.Values{"_csrf": {teacher.csrf()}, "title": {"Строки"}, "type": {"article"},
		"action": {"save"}, "summary": {"Первая\r\nвторая"}, "body": {"# Заголовок\r\n\r\nАбзац\r\nещё\rстрока"}}, "", "", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
	}
	m, err := a.FindFirstRecordByData(schema.Materials, "title", "Строки")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.GetString("body"); got != "# Заголовок\n\nАбзац\nещё\nстрока" {
		t.Errorf("body stored as %q", got)
	}
	if got := m.GetString("summary"); got != "Первая\nвторая" {
		t.Errorf("summary stored as %q", got)
	}
	// the REST API's door too
	res := send(h, http.MethodPatch, "/api/collections/materials/records/"+m.Id, fixture.Tokens["teacherA1"], "application/json",
		[]byte(`{"body":"раз\r\nдва"}`))
	if res.Code != http.StatusOK {
		t.Fatalf("PATCH: %d %s", res.Code, res.Body.String())
	}
	if m, _ = a.FindRecordById(schema.Materials, m.Id); strings.Contains(m.GetString("body"), "\r") {
		t.Errorf("the API stored %q", m.GetString("body"))
	}
	first, second, _ := exportImportExport(t, a)
	for name, data := range first {
		if bytes.ContainsRune(data, '\r') && strings.HasSuffix(name, ".md") {
			t.Errorf("%s carries a CR", name)
		}
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs after the round trip", name)
		}
	}
}

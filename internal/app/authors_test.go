package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

func TestAuthorsStayInsideTheirSchool(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	id := func(k string) string { return fixture.IDs[k] }
	patch := func(actor, key string, authors ...string) (int, string) {
		body, _ := json.Marshal(map[string]any{"authors": authors})
		rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+id(key), fixture.Tokens[actor], "application/json", body)
		return rec.Code, rec.Body.String()
	}
	create := func(actor string, authors ...string) (int, string) {
		body, _ := json.Marshal(map[string]any{"title": "Новый", "type": "lesson-plan", "status": "draft", "organization": id("orgA"), "authors": authors})
		rec := send(h, http.MethodPost, "/api/collections/materials/records", fixture.Tokens[actor], "application/json", body)
		return rec.Code, rec.Body.String()
	}
	steps := []struct {
		name   string
		do     func() (int, string)
		status int
		says   string
	}{
		{"an editor adds a teacher of another school", func() (int, string) { return patch("editorA", "matDraftA1", id("tA1"), id("tB")) }, 400, "педагоги организации"},
		{"a teacher adds a teacher of another school", func() (int, string) { return patch("teacherA1", "matDraftA1", id("tA1"), id("tB")) }, 400, "педагоги организации"},
		{"a teacher creates with a teacher of another school", func() (int, string) { return create("teacherA1", id("tA1"), id("tB")) }, 400, "педагоги организации"},
		{"a teacher adds a colleague of the school", func() (int, string) { return patch("teacherA1", "matDraftA1", id("tA1"), id("tA2")) }, 200, ""},
		{"a co-author removes the original author", func() (int, string) { return patch("teacherA2", "matDraftA1", id("tA2")) }, 400, "Убрать соавтора"},
		{"the school editor removes a co-author", func() (int, string) { return patch("editorA", "matDraftA1", id("tA1")) }, 200, ""},
		{"a curator names an author of another school", func() (int, string) { return patch("curator", "matDraftA1", id("tA1"), id("tB")) }, 200, ""},
	}
	for _, s := range steps {
		code, body := s.do()
		if code != s.status || !strings.Contains(body, s.says) {
			t.Errorf("%s: %d %s, want %d %q", s.name, code, body, s.status, s.says)
		}
	}
	got := record(t, a, schema.Materials, "matDraftA1").GetStringSlice("authors")
	if len(got) != 2 || got[0] != id("tA1") || got[1] != id("tB") {
		t.Errorf("authors at the end = %v, want the curator's choice", got)
	}
	// tB, a teacher of another school, never could edit school A's draft
	body, _ := json.Marshal(map[string]any{"title": "Захвачено"})
	if rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+id("matDraftB"), fixture.Tokens["teacherA1"], "application/json", body); rec.Code != http.StatusNotFound {
		t.Errorf("a teacher edited another school's draft: %d", rec.Code)
	}
}

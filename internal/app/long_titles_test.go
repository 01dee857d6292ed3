package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Official Russian document titles run long: every titled collection holds
// a title of 1,000 characters, and a teacher saves one through the API.
func TestTitlesHoldAThousandCharacters(t *testing.T) {
	a := fixture.App(t)
	for _, name := range []string{schema.Materials, schema.Practices, schema.Events, schema.ContestResults, schema.Courses} {
		c, err := a.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		title, ok := c.Fields.GetByName("title").(*core.TextField)
		if !ok || title.Max < 1000 {
			t.Errorf("%s: the title holds %v characters, want 1000", name, c.Fields.GetByName("title"))
		}
	}
	h, _ := serve(t, a)
	long := strings.Repeat("Положение о порядке ", 50) // 1,000 characters
	for _, tt := range []struct {
		title string
		code  int
	}{{long[:len(long)-1] + "я", http.StatusOK}, {long + "я", http.StatusBadRequest}} {
		body, _ := json.Marshal(map[string]any{"title": tt.title, "type": "article", "status": schema.StatusDraft,
			"organization": fixture.IDs["orgA"], "authors": []string{fixture.IDs["tA1"]}})
		rec := send(h, http.MethodPost, "/api/collections/materials/records", fixture.Tokens["teacherA1"], "application/json", body)
		if rec.Code != tt.code {
			t.Errorf("a title of %d characters: %d %s, want %d", len([]rune(tt.title)), rec.Code, rec.Body.String(), tt.code)
		}
	}
}

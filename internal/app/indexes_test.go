package app_test

import (
	"strings"
	"testing"
)

// TestListQueriesUseIndexes protects the composite indexes: every filtered,
// sorted list the site and the UI run must be answered from an index, not
// by scanning and sorting the table.
func TestListQueriesUseIndexes(t *testing.T) {
	app := fixture.App(t)
	queries := []struct{ name, sql string }{
		{"published materials, newest first", "SELECT id FROM materials WHERE status = 'published' ORDER BY published_at DESC LIMIT 20"},
		{"best practices, newest first", "SELECT id FROM materials WHERE status = 'published' AND best_practice = 1 ORDER BY published_at DESC LIMIT 20"},
		{"a school's published materials", "SELECT id FROM materials WHERE organization = 'x' AND status = 'published' ORDER BY published_at DESC LIMIT 20"},
		{"published materials of a type", "SELECT id FROM materials WHERE type = 'lesson-plan' AND status = 'published' ORDER BY published_at DESC LIMIT 20"},
		{"review queue, oldest first", "SELECT id FROM materials WHERE status = 'submitted' ORDER BY created LIMIT 20"},
		{"a school's review queue", "SELECT id FROM materials WHERE organization = 'x' AND status = 'submitted' ORDER BY created LIMIT 20"},
		{"published practices", "SELECT id FROM practices WHERE status = 'published' ORDER BY published_at DESC LIMIT 20"},
		{"upcoming events", "SELECT id FROM events WHERE start >= '2026-11-23' ORDER BY start LIMIT 20"},
		{"a school's events", "SELECT id FROM events WHERE organizer = 'x' ORDER BY start LIMIT 20"},
		{"events of a kind", "SELECT id FROM events WHERE kind = 'seminar' ORDER BY start LIMIT 20"},
		{"public teachers by name", "SELECT id FROM teachers WHERE public = 1 ORDER BY name LIMIT 20"},
		{"a school's public teachers", "SELECT id FROM teachers WHERE organization = 'x' AND public = 1 ORDER BY name LIMIT 20"},
		{"a teacher's routes", "SELECT id FROM routes WHERE teacher = 'x' ORDER BY period_start DESC"},
		{"a route's steps by due month", "SELECT id FROM route_steps WHERE route = 'x' ORDER BY due"},
		{"a material's reviews", "SELECT id FROM reviews WHERE material = 'x' ORDER BY created"},
		// the anonymous REST lists as publiclist asks for a page's ids and stamps
		{"API: published materials, a deep page", "SELECT materials.id, materials.updated FROM materials WHERE materials.status = 'published' ORDER BY materials.published_at DESC LIMIT 20 OFFSET 40000"},
		{"API: published materials of a subject", "SELECT materials.id, materials.updated FROM materials WHERE (materials.status = 'published') AND ((CASE WHEN json_valid(materials.subjects) THEN JSON_EXTRACT(materials.subjects, '$') ELSE JSON_EXTRACT(json_object('pb', materials.subjects), '$.pb') END) LIKE '%информатика%' ESCAPE '\\') ORDER BY materials.published_at DESC LIMIT 20 OFFSET 200"},
		{"API: published materials of a level", "SELECT materials.id, materials.updated FROM materials WHERE (materials.status = 'published') AND (materials.levels LIKE '%ooo%' ESCAPE '\\') ORDER BY materials.published_at DESC LIMIT 20"},
		{"API: published materials by title", "SELECT materials.* FROM materials WHERE materials.status = 'published' ORDER BY materials.title LIMIT 20 OFFSET 100"},
		{"API: published materials, newest created first", "SELECT materials.* FROM materials WHERE materials.status = 'published' ORDER BY materials.created DESC LIMIT 20"},
		{"API: published practices by title", "SELECT practices.* FROM practices WHERE practices.status = 'published' ORDER BY practices.title LIMIT 20"},
		{"API: published practices, a deep page", "SELECT practices.id, practices.updated FROM practices WHERE practices.status = 'published' ORDER BY practices.published_at DESC LIMIT 20 OFFSET 2000"},
		{"slug lookup", "SELECT id FROM materials WHERE slug = 'x' COLLATE NOCASE"},
		{"qr code lookup", "SELECT id FROM qr_codes WHERE code = 'ABCDEF'"},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			var rows []struct {
				Detail string `db:"detail"`
			}
			if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + q.sql).All(&rows); err != nil {
				t.Fatal(err)
			}
			var plan []string
			for _, r := range rows {
				plan = append(plan, r.Detail)
			}
			p := strings.Join(plan, "; ")
			if !strings.Contains(p, "USING INDEX") && !strings.Contains(p, "USING COVERING INDEX") {
				t.Errorf("no index used: %s", p)
			}
			// a filter of subjects or levels is checked in the index, and
			// a page's ids and stamps come from it: no row is read
			if strings.Contains(q.name, "subject") || strings.Contains(q.name, "level") || strings.Contains(q.name, "deep page") {
				if !strings.Contains(p, "COVERING INDEX idx_materials_status_published_page") && !strings.Contains(p, "COVERING INDEX idx_practices_status_published_page") {
					t.Errorf("not answered from the index that carries the filters, ids and stamps: %s", p)
				}
			}
			if strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("sorts in a temporary B-tree: %s", p)
			}
		})
	}
}

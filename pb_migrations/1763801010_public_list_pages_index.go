package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// publicListPages make the indexes anonymous lists are paged through,
// newest first, hold the ids and updated stamps of their records too. An
// anonymous list selects only those for its page (internal/publiclist)
// and takes each record's encoding from what it keeps; without them in
// the index SQLite looked each row up in its table, a third of the time
// of a list at 50,000 materials.
var publicListPages = []struct{ collection, name, old, columns string }{
	{"materials", "idx_materials_status_published_page", "idx_materials_status_published_filters",
		"`status`, `published_at` DESC, `type`, `organization`, `levels`, `subjects`, `id`, `updated`"},
	{"practices", "idx_practices_status_published_page", "idx_practices_status_published",
		"`status`, `published_at` DESC, `id`, `updated`"},
}

func init() {
	m.Register(func(app core.App) error {
		for _, ix := range publicListPages {
			c, err := app.FindCollectionByNameOrId(ix.collection)
			if err != nil {
				return fmt.Errorf("public list pages index: %w", err)
			}
			c.RemoveIndex(ix.old)
			c.AddIndex(ix.name, false, ix.columns, "")
			if err := app.Save(c); err != nil {
				return fmt.Errorf("public list pages index of %s: %w", ix.collection, err)
			}
		}
		return nil
	}, func(app core.App) error {
		old := map[string]string{
			"idx_materials_status_published_filters": "`status`, `published_at` DESC, `type`, `organization`, `levels`, `subjects`",
			"idx_practices_status_published":         "`status`, `published_at` DESC",
		}
		for _, ix := range publicListPages {
			c, err := app.FindCollectionByNameOrId(ix.collection)
			if err != nil {
				return err
			}
			c.RemoveIndex(ix.name)
			c.AddIndex(ix.old, false, old[ix.old], "")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

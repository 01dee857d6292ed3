package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Indexes for the public lists of the REST API, as anonymous readers and
// other sites page and filter them (the rule reads `status = 'published'`
// for them, internal/publiclist):
//   - the published materials, newest first, carry in their index what
//     the lists are filtered by — type, school, levels and subjects — so a
//     filter (subjects ~ 'информатика', levels ~ 'ooo') is checked in the
//     index and a page reads only its own twenty rows, however deep; it
//     takes the place of the index of status and publication date alone,
//     which it begins with;
//   - materials and practices by title.
func init() {
	m.Register(func(app core.App) error {
		materials, err := app.FindCollectionByNameOrId("materials")
		if err != nil {
			return fmt.Errorf("public list indexes: %w", err)
		}
		materials.RemoveIndex("idx_materials_status_published")
		materials.AddIndex("idx_materials_status_published_filters", false,
			"`status`, `published_at` DESC, `type`, `organization`, `levels`, `subjects`", "")
		materials.AddIndex("idx_materials_status_title", false, "`status`, `title`", "")
		if err := app.Save(materials); err != nil {
			return fmt.Errorf("public list indexes of materials: %w", err)
		}
		practices, err := app.FindCollectionByNameOrId("practices")
		if err != nil {
			return fmt.Errorf("public list indexes: %w", err)
		}
		practices.AddIndex("idx_practices_status_title", false, "`status`, `title`", "")
		if err := app.Save(practices); err != nil {
			return fmt.Errorf("public list indexes of practices: %w", err)
		}
		return nil
	}, func(app core.App) error {
		materials, err := app.FindCollectionByNameOrId("materials")
		if err != nil {
			return err
		}
		materials.RemoveIndex("idx_materials_status_published_filters")
		materials.RemoveIndex("idx_materials_status_title")
		materials.AddIndex("idx_materials_status_published", false, "`status`, `published_at` DESC", "")
		if err := app.Save(materials); err != nil {
			return err
		}
		practices, err := app.FindCollectionByNameOrId("practices")
		if err != nil {
			return err
		}
		practices.RemoveIndex("idx_practices_status_title")
		return app.Save(practices)
	})
}

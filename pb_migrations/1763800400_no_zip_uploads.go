package pb_migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A zip archive may hold anything (a renamed one passes for nothing in
// particular): uploads no longer accept archives.
func init() {
	fields := map[string]string{"materials": "files", "route_steps": "evidence"}
	change := func(app core.App, allow bool) error {
		for coll, field := range fields {
			c, err := app.FindCollectionByNameOrId(coll)
			if err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
			f, ok := c.Fields.GetByName(field).(*core.FileField)
			if !ok {
				return fmt.Errorf("%s.%s is not a file field", coll, field)
			}
			f.MimeTypes = slices.DeleteFunc(f.MimeTypes, func(t string) bool { return t == "application/zip" })
			if allow {
				f.MimeTypes = append(f.MimeTypes, "application/zip")
			}
			if err := app.Save(c); err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
		}
		return nil
	}
	m.Register(func(app core.App) error { return change(app, false) }, func(app core.App) error { return change(app, true) })
}

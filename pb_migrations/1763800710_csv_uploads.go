package pb_migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Tables as CSV are on the allowlist of attachments (internal/uploads).
// Type detection calls a CSV separated by semicolons, as Excel saves it in
// Russian, plain text, which was accepted, and one separated by commas
// text/csv, which was refused: uploads now admit text/csv, and
// internal/uploads admits it only in a file named .csv.
func init() {
	const csv = "text/csv"
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
			f.MimeTypes = slices.DeleteFunc(f.MimeTypes, func(t string) bool { return t == csv })
			if allow {
				f.MimeTypes = append(f.MimeTypes, csv)
			}
			if err := app.Save(c); err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
		}
		return nil
	}
	m.Register(func(app core.App) error { return change(app, true) }, func(app core.App) error { return change(app, false) })
}

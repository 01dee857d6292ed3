package pb_migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Type detection reads the first 3 KB of a file; LibreOffice writes the
// directory of a .doc, .xls or .ppt at its end, so its documents are only
// "OLE storage" to it and were refused. Uploads now admit OLE storage, and
// internal/uploads admits only OLE files with a Word, Excel or PowerPoint
// stream (and no macros).
func init() {
	const ole = "application/x-ole-storage"
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
			f.MimeTypes = slices.DeleteFunc(f.MimeTypes, func(t string) bool { return t == ole })
			if allow {
				f.MimeTypes = append(f.MimeTypes, ole)
			}
			if err := app.Save(c); err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
		}
		return nil
	}
	m.Register(func(app core.App) error { return change(app, true) }, func(app core.App) error { return change(app, false) })
}

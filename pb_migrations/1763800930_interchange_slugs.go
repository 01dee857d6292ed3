package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The records of ИОМ, mentorship and the project's indicators get slugs,
// the names of their files in the interchange format. Records made before
// take their id, which is unique and a valid slug.
func init() {
	names := []string{"routes", "route_steps", "diagnostics", "mentorships", "contest_results", "attestations",
		"result_dynamics", "indicator_targets"}
	m.Register(func(app core.App) error {
		for _, name := range names {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("slugs: %w", err)
			}
			// not required: a record made without the app's hooks (a bare
			// migration, a test) has none until it is given one
			f := slugField()
			f.Required = false
			c.Fields.Add(f)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("slugs of %s: %w", name, err)
			}
			if _, err := app.DB().NewQuery("UPDATE {{" + name + "}} SET [[slug]] = [[id]] WHERE [[slug]] = ''").Execute(); err != nil {
				return fmt.Errorf("slugs of %s: %w", name, err)
			}
			c.AddIndex("idx_"+name+"_slug", true, "`slug` COLLATE NOCASE", "`slug` != ''")
			if err := app.Save(c); err != nil {
				return fmt.Errorf("slugs of %s: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range names {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.RemoveIndex("idx_" + name + "_slug")
			c.Fields.RemoveByName("slug")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

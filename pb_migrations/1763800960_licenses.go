package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Practices and events carry a licence as materials do: a school's
// description of its practice or a seminar's programme is reused as much
// as a lesson plan.
func init() {
	m.Register(func(app core.App) error {
		for _, name := range []string{"practices", "events"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("licenses: %w", err)
			}
			c.Fields.Add(text("license", false, 100))
			if err := app.Save(c); err != nil {
				return fmt.Errorf("licenses of %s: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"practices", "events"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("license")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The freshness guard: what the nightly check last found of the links and
// files of published materials, practices and events. A row describes one
// link or one stored file of an item, or sums up the item (kind «item»,
// no url): its status is the worst of the item's, its checked_at the date
// the public page shows. Only the server writes the rows; curators read
// them all, an item's authors and its school's deputy director those of
// the item, for the queue «требует обновления». A row goes with its item.
func init() {
	m.Register(func(app core.App) error {
		find := func(name string) (*core.Collection, error) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return nil, fmt.Errorf("link_checks: %w", err)
			}
			return c, nil
		}
		materials, err := find("materials")
		if err != nil {
			return err
		}
		practices, err := find("practices")
		if err != nil {
			return err
		}
		events, err := find("events")
		if err != nil {
			return err
		}
		authors := and(ruleSignedIn, "material.authors.user ?= @request.auth.id || practice.authors.user ?= @request.auth.id")
		school := and(ruleEditor, "material.organization = @request.auth.organization || "+
			"practice.organization = @request.auth.organization || event.organizer = @request.auth.organization")
		read := or(ruleCurator, authors, school)
		checks := core.NewBaseCollection("link_checks", "pbc_link_checks")
		checks.ListRule, checks.ViewRule = ptr(read), ptr(read)
		item := func(name string, target *core.Collection) *core.RelationField {
			return &core.RelationField{Name: name, CollectionId: target.Id, MaxSelect: 1, CascadeDelete: true}
		}
		checks.Fields.Add(
			item("material", materials),
			item("practice", practices),
			item("event", events),
			sel("kind", true, 1, []string{"item", "link", "file"}),
			// a link's address, a file's stored name; empty for an item
			text("url", false, 4096),
			sel("status", true, 1, []string{"ok", "moved", "slow", "dead", "broken"}),
			&core.NumberField{Name: "code", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(999.0)},
			text("final_url", false, 4096),
			text("error", false, 500),
			// when it was last checked; for an item, when its status was
			// last confirmed, the date its public page shows
			&core.DateField{Name: "checked_at"},
			// since when the status holds
			&core.DateField{Name: "since"},
			// for an item, when its authors were last told by e-mail
			&core.DateField{Name: "notified_at"},
		)
		timestamps(checks)
		checks.AddIndex("idx_link_checks_target", true, "`material`, `practice`, `event`, `kind`, `url`", "")
		checks.AddIndex("idx_link_checks_status", false, "`status`, `kind`", "")
		if err := app.Save(checks); err != nil {
			return fmt.Errorf("link_checks: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("link_checks")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}

package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// certificates are the free certificates of publication, of expert review
// and of presenting at an event. A certificate is public exactly while
// its facts hold and its teacher has a public profile: that is what the
// site's verification page shows, so an edited PDF proves nothing.
func init() {
	m.Register(func(app core.App) error {
		find := func(name string) (*core.Collection, error) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return nil, fmt.Errorf("certificates: %w", err)
			}
			return c, nil
		}
		teachers, err := find("teachers")
		if err != nil {
			return err
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
		reviews, err := find("reviews")
		if err != nil {
			return err
		}
		facts := or(
			and("kind = 'publication'", "material != ''", "material.status = 'published'", "material.authors.id ?= teacher"),
			and("kind = 'publication'", "practice != ''", "practice.status = 'published'", "practice.authors.id ?= teacher"),
			and("kind = 'review'", "review.decision = 'publish'", "review.material = material", "material.status = 'published'", "material.authors.id ?= teacher"),
			and("kind = 'presentation'", "event != ''", "event.materials.id ?= material", "material.status = 'published'", "material.authors.id ?= teacher"),
		)
		public := and("teacher.public = true", facts)
		owner := and(ruleSignedIn, "teacher.user = @request.auth.id")
		certs := core.NewBaseCollection("certificates", "pbc_certificates")
		certs.ListRule = ptr(or(public, owner, ruleCurator))
		certs.ViewRule = ptr(or(public, owner, ruleCurator))
		certs.DeleteRule = ptr(ruleCurator)
		certs.Fields.Add(
			&core.TextField{Name: "number", Required: true, Max: 12, Pattern: `^[0-9A-HJKMNP-TV-Z]{8}$`},
			sel("kind", true, 1, []string{"publication", "review", "presentation"}),
			rel("teacher", teachers, true, 1),
			rel("material", materials, false, 1),
			rel("practice", practices, false, 1),
			rel("event", events, false, 1),
			rel("review", reviews, false, 1),
		)
		timestamps(certs)
		certs.AddIndex("idx_certificates_number", true, "`number`", "")
		certs.AddIndex("idx_certificates_facts", true, "`kind`, `teacher`, `material`, `practice`, `event`", "")
		if err := app.Save(certs); err != nil {
			return fmt.Errorf("certificates: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("certificates")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}

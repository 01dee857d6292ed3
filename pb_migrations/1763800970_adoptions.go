package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// «Я применил(а) у себя»: a teacher who used a published material or
// practice says so from its page, without an account and without a name —
// the school (or «другая»), the class or age, how it was used, and a
// comment the author or a curator lets others see. The municipal
// service's parameters (how many schools make a certificate «о
// распространении опыта», how long an item stays fresh) are kept beside.
func init() {
	m.Register(func(app core.App) error {
		find := func(name string) (*core.Collection, error) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return nil, fmt.Errorf("adoptions: %w", err)
			}
			return c, nil
		}
		orgs, err := find("organizations")
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
		// the authors read the reports on their items, the school's deputy
		// director those on the school's, curators all; only the server
		// writes them, and people change nothing but whether a comment shows
		authors := and(ruleSignedIn, "material.authors.user ?= @request.auth.id || practice.authors.user ?= @request.auth.id")
		school := and(ruleEditor, "material.organization = @request.auth.organization || practice.organization = @request.auth.organization")
		read := or(ruleCurator, authors, school)
		adoptions := core.NewBaseCollection("adoptions", "pbc_adoptions")
		adoptions.ListRule, adoptions.ViewRule = ptr(read), ptr(read)
		adoptions.UpdateRule = ptr(and(or(ruleCurator, authors),
			"@request.body.material:changed = false", "@request.body.practice:changed = false",
			"@request.body.school:changed = false", "@request.body.school_other:changed = false",
			"@request.body.group:changed = false", "@request.body.kind:changed = false", "@request.body.comment:changed = false"))
		adoptions.DeleteRule = ptr(ruleCurator)
		adoptions.Fields.Add(
			rel("material", materials, false, 1),
			rel("practice", practices, false, 1),
			rel("school", orgs, false, 1),
			&core.BoolField{Name: "school_other"},
			text("group", false, 100),
			sel("kind", true, 1, []string{"lesson", "fragment", "adapted"}),
			text("comment", false, 500),
			// a comment waits for the author's or a curator's word
			sel("comment_status", false, 1, []string{"pending", "shown", "hidden"}),
		)
		timestamps(adoptions)
		adoptions.AddIndex("idx_adoptions_material", false, "`material`, `created`", "")
		adoptions.AddIndex("idx_adoptions_practice", false, "`practice`, `created`", "")
		if err := app.Save(adoptions); err != nil {
			return fmt.Errorf("adoptions: %w", err)
		}

		params := core.NewBaseCollection("parameters", "pbc_parameters")
		params.ListRule, params.ViewRule = ptr(or(ruleEditor, ruleCurator)), ptr(or(ruleEditor, ruleCurator))
		params.CreateRule, params.UpdateRule, params.DeleteRule = ptr(ruleCurator), ptr(ruleCurator), ptr(ruleCurator)
		params.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 64, Pattern: `^[a-z0-9_.-]+$`},
			&core.NumberField{Name: "value", Required: true, Min: types.Pointer(0.0), Max: types.Pointer(1000.0)},
		)
		timestamps(params)
		params.AddIndex("idx_parameters_name", true, "`name`", "")
		if err := app.Save(params); err != nil {
			return fmt.Errorf("parameters: %w", err)
		}

		// the certificate «о распространении опыта»: the number of schools
		// that applied the material when it was issued
		certs, err := find("certificates")
		if err != nil {
			return err
		}
		if f, ok := certs.Fields.GetByName("kind").(*core.SelectField); ok {
			f.Values = append(f.Values, "dissemination")
		}
		certs.Fields.Add(&core.NumberField{Name: "schools", OnlyInt: true, Min: types.Pointer(0.0)})
		facts := or(
			and("kind = 'publication'", "material != ''", "material.status = 'published'", "material.authors.id ?= teacher"),
			and("kind = 'publication'", "practice != ''", "practice.status = 'published'", "practice.authors.id ?= teacher"),
			and("kind = 'review'", "review.decision = 'publish'", "review.material = material", "material.status = 'published'", "material.authors.id ?= teacher"),
			and("kind = 'presentation'", "event != ''", "event.materials.id ?= material", "material.status = 'published'", "material.authors.id ?= teacher"),
			and("kind = 'dissemination'", "material != ''", "material.status = 'published'", "material.authors.id ?= teacher"),
		)
		public := and("teacher.public = true", facts)
		owner := and(ruleSignedIn, "teacher.user = @request.auth.id")
		certs.ListRule = ptr(or(public, owner, ruleCurator))
		certs.ViewRule = ptr(or(public, owner, ruleCurator))
		if err := app.Save(certs); err != nil {
			return fmt.Errorf("certificates: %w", err)
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"parameters", "adoptions"} {
			if c, err := app.FindCollectionByNameOrId(name); err == nil {
				if err := app.Delete(c); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The ИОМ cycle: a self-diagnosis of professional deficits opens a route
// and closes it; comments let a mentor follow the steps; a route records
// the facts the municipal indicators count.
func init() {
	m.Register(func(app core.App) error {
		find := func(name string) (*core.Collection, error) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return nil, fmt.Errorf("iom: %w", err)
			}
			return c, nil
		}
		teachers, err := find("teachers")
		if err != nil {
			return err
		}
		routes, err := find("routes")
		if err != nil {
			return err
		}
		steps, err := find("route_steps")
		if err != nil {
			return err
		}
		users, err := find("users")
		if err != nil {
			return err
		}

		// facts of the route for the indicators
		routes.Fields.Add(
			sel("category_at_start", false, 1, []string{"none", "conformity", "first", "highest"}),
			sel("category_at_end", false, 1, []string{"none", "conformity", "first", "highest"}),
			text("contest_result", false, 2000),
			&core.DateField{Name: "completed_at"},
		)
		if err := app.Save(routes); err != nil {
			return fmt.Errorf("routes: %w", err)
		}

		// diagnostics: the self-assessment, 1–4 per area
		diag := core.NewBaseCollection("diagnostics", "pbc_diagnostics")
		own := and(ruleSignedIn, "teacher.user = @request.auth.id")
		read := or(own,
			and(ruleSignedIn, "route.mentor.user = @request.auth.id"),
			and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator)
		diag.ListRule = ptr(read)
		diag.ViewRule = ptr(read)
		diag.CreateRule = ptr(and(ruleSignedIn, "@request.body.teacher.user = @request.auth.id"))
		diag.UpdateRule = ptr(and(own, "@request.body.teacher:changed = false"))
		diag.DeleteRule = ptr(own)
		score := func(name string) *core.NumberField {
			return &core.NumberField{Name: name, OnlyInt: true, Required: true, Min: types.Pointer(1.0), Max: types.Pointer(4.0)}
		}
		diag.Fields.Add(
			rel("teacher", teachers, true, 1),
			&core.RelationField{Name: "route", CollectionId: routes.Id, MaxSelect: 1, CascadeDelete: true},
			sel("stage", true, 1, []string{"initial", "final"}),
			score("subject"), score("methodology"), score("psych_ped"),
			score("functional_literacy"), score("ict"), score("soft_skills"),
		)
		timestamps(diag)
		diag.AddIndex("idx_diagnostics_teacher_created", false, "`teacher`, `created`", "")
		diag.AddIndex("idx_diagnostics_route_stage", false, "`route`, `stage`", "")
		if err := app.Save(diag); err != nil {
			return fmt.Errorf("diagnostics: %w", err)
		}

		// comments on steps, by the teacher or their mentor
		comments := core.NewBaseCollection("step_comments", "pbc_step_comments")
		stepRead := or(and(ruleSignedIn, "step.route.teacher.user = @request.auth.id"),
			and(ruleSignedIn, "step.route.mentor.user = @request.auth.id"),
			and(ruleEditor, "step.route.teacher.organization = @request.auth.organization"), ruleCurator)
		comments.ListRule = ptr(stepRead)
		comments.ViewRule = ptr(stepRead)
		comments.CreateRule = ptr(and(ruleSignedIn, "@request.body.author = @request.auth.id",
			"@request.body.step.route.teacher.user = @request.auth.id || @request.body.step.route.mentor.user = @request.auth.id"))
		comments.DeleteRule = ptr(and(ruleSignedIn, "author = @request.auth.id"))
		comments.Fields.Add(
			&core.RelationField{Name: "step", CollectionId: steps.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			rel("author", users, true, 1),
			text("text", true, 5000),
		)
		timestamps(comments)
		comments.AddIndex("idx_step_comments_step_created", false, "`step`, `created`", "")
		if err := app.Save(comments); err != nil {
			return fmt.Errorf("step_comments: %w", err)
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"step_comments", "diagnostics"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		routes, err := app.FindCollectionByNameOrId("routes")
		if err != nil {
			return err
		}
		for _, f := range []string{"category_at_start", "category_at_end", "contest_result", "completed_at"} {
			routes.Fields.RemoveByName(f)
		}
		return app.Save(routes)
	})
}

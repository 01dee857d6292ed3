package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The facts seed 002's indicators count that a route does not hold:
// contest results, attestations and the yearly dynamics of a teacher's
// pupils' results, each kept by the teacher's school; the base values and
// targets the municipality sets for each indicator and year; and the
// interim self-diagnosis between the initial and the final one.
func init() {
	m.Register(func(app core.App) error {
		teachers, err := app.FindCollectionByNameOrId("teachers")
		if err != nil {
			return fmt.Errorf("project indicators: %w", err)
		}
		// the teacher reads them; the school's deputy director and the
		// municipal service keep them
		read := or(and(ruleSignedIn, "teacher.user = @request.auth.id"),
			and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator)
		write := or(and(ruleEditor, "@request.body.teacher.organization = @request.auth.organization"), ruleCurator)
		// a deputy director may not give the school's fact to a teacher of
		// another school
		change := or(and(ruleEditor, "teacher.organization = @request.auth.organization",
			"(@request.body.teacher:isset = false || @request.body.teacher.organization = @request.auth.organization)"), ruleCurator)
		keep := or(and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator)
		factsOf := func(name, id string, fields ...core.Field) error {
			c := core.NewBaseCollection(name, id)
			c.ListRule, c.ViewRule = ptr(read), ptr(read)
			c.CreateRule, c.UpdateRule, c.DeleteRule = ptr(write), ptr(change), ptr(keep)
			c.Fields.Add(rel("teacher", teachers, true, 1))
			c.Fields.Add(fields...)
			timestamps(c)
			c.AddIndex("idx_"+name+"_teacher", false, "`teacher`", "")
			if err := app.Save(c); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		}
		year := func(name string) *core.NumberField {
			return &core.NumberField{Name: name, OnlyInt: true, Required: true, Min: types.Pointer(2000.0), Max: types.Pointer(2100.0)}
		}
		// «результаты профконкурсов, олимпиад»: the level and the place
		if err := factsOf("contest_results", "pbc_contest_results",
			text("title", true, 500),
			sel("level", true, 1, []string{"school", "municipal", "regional", "federal"}),
			sel("place", true, 1, []string{"participant", "laureate", "prizewinner", "winner"}),
			&core.DateField{Name: "date", Required: true},
		); err != nil {
			return err
		}
		// «уточнение списка аттестуемых»: the category sought and the result
		if err := factsOf("attestations", "pbc_attestations",
			year("year"),
			sel("category_current", false, 1, []string{"none", "conformity", "first", "highest"}),
			sel("category_sought", true, 1, []string{"conformity", "first", "highest"}),
			&core.DateField{Name: "application_date"},
			&core.DateField{Name: "decision_date"},
			sel("result", true, 1, []string{"planned", "applied", "awarded", "refused"}),
		); err != nil {
			return err
		}
		// the results of a teacher's pupils in a school year: ГИА at a
		// school, diagnostics at a kindergarten, the contingent kept at a
		// centre of additional education (seed 002); higher is better
		if err := factsOf("result_dynamics", "pbc_result_dynamics",
			year("year"),
			sel("kind", true, 1, []string{"gia", "diagnostics", "contingent"}),
			&core.NumberField{Name: "value", Required: true, Min: types.Pointer(0.0)},
			text("note", false, 1000),
		); err != nil {
			return err
		}

		// base values and targets of the indicators, by year, set by the
		// municipal service
		targets := core.NewBaseCollection("indicator_targets", "pbc_indicator_targets")
		seeTargets := or(ruleEditor, ruleCurator)
		targets.ListRule, targets.ViewRule = ptr(seeTargets), ptr(seeTargets)
		targets.CreateRule, targets.UpdateRule, targets.DeleteRule = ptr(ruleCurator), ptr(ruleCurator), ptr(ruleCurator)
		percent := func(name string) *core.NumberField {
			return &core.NumberField{Name: name, Min: types.Pointer(0.0), Max: types.Pointer(100.0)}
		}
		targets.Fields.Add(
			sel("indicator", true, 1, []string{"contests", "category", "participation", "completed", "competence", "dynamics"}),
			year("year"),
			percent("base"), percent("target"),
		)
		timestamps(targets)
		targets.AddIndex("idx_indicator_targets_indicator_year", true, "`indicator`, `year`", "")
		if err := app.Save(targets); err != nil {
			return fmt.Errorf("indicator_targets: %w", err)
		}

		// «промежуточная» diagnosis between the initial and the final one
		diag, err := app.FindCollectionByNameOrId("diagnostics")
		if err != nil {
			return fmt.Errorf("project indicators: %w", err)
		}
		if f, ok := diag.Fields.GetByName("stage").(*core.SelectField); ok {
			f.Values = []string{"initial", "interim", "final"}
		}
		return app.Save(diag)
	}, func(app core.App) error {
		for _, name := range []string{"indicator_targets", "result_dynamics", "attestations", "contest_results"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		diag, err := app.FindCollectionByNameOrId("diagnostics")
		if err != nil {
			return err
		}
		if f, ok := diag.Fields.GetByName("stage").(*core.SelectField); ok {
			f.Values = []string{"initial", "final"}
		}
		return app.Save(diag)
	})
}

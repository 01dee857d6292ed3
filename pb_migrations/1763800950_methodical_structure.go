package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The structure that produces a municipality's methodical work (seeds 001
// and 003): methodical associations (ШМО, РМО, the methodical council,
// creative and problem groups) with the materials they hand in and the
// meetings they hold; the annual plan with its «ответственный» and
// «прогнозируемый результат»; course training (КПК) with its
// «удостоверение»; lesson visits (взаимопосещение); mentorships that cross
// schools, proposed by a deputy director and confirmed by the municipal
// service.
func init() {
	m.Register(func(app core.App) error {
		find := func(name string) (*core.Collection, error) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return nil, fmt.Errorf("methodical structure: %w", err)
			}
			return c, nil
		}
		orgs, err := find("organizations")
		if err != nil {
			return err
		}
		teachers, err := find("teachers")
		if err != nil {
			return err
		}
		materials, err := find("materials")
		if err != nil {
			return err
		}
		events, err := find("events")
		if err != nil {
			return err
		}
		mentorships, err := find("mentorships")
		if err != nil {
			return err
		}
		steps, err := find("route_steps")
		if err != nil {
			return err
		}
		slugged := func(c *core.Collection) {
			f := slugField()
			f.Required = false // the app's hook fills it; a bare record has none yet
			c.Fields.Add(f)
			timestamps(c)
			c.AddIndex("idx_"+c.Name+"_slug", true, "`slug` COLLATE NOCASE", "`slug` != ''")
		}
		// the people and the records a deputy director names must be of the
		// school; an absent field is left as it is
		ofSchool := func(field, org string) string {
			return or("@request.body."+field+":isset = false", "@request.body."+field+":length = 0",
				"@request.body."+field+"."+org+" = @request.auth.organization")
		}
		oneOfSchool := func(field, org string) string {
			return or("@request.body."+field+":isset = false", "@request.body."+field+" = ''",
				"@request.body."+field+"."+org+" = @request.auth.organization")
		}
		year := &core.NumberField{Name: "year", OnlyInt: true, Required: true, Min: types.Pointer(2000.0), Max: types.Pointer(2100.0)}

		// associations: public, their pages are on the site ------------
		assoc := core.NewBaseCollection("associations", "pbc_associations")
		schoolsOwn := and(ruleEditor, "organization = @request.auth.organization")
		assocFields := and(oneOfSchool("head", "organization"), ofSchool("members", "organization"),
			ofSchool("materials", "organization"), ofSchool("events", "organizer"))
		assoc.ListRule, assoc.ViewRule = ptr(""), ptr("")
		assoc.CreateRule = ptr(or(ruleCurator, and(ruleEditor, "@request.body.organization = @request.auth.organization", assocFields)))
		assoc.UpdateRule = ptr(or(ruleCurator, and(schoolsOwn, "@request.body.organization:changed = false", assocFields)))
		assoc.DeleteRule = ptr(or(ruleCurator, schoolsOwn))
		assoc.Fields.Add(
			text("name", true, 300),
			sel("kind", true, 1, []string{"school_mo", "rmo", "method_council", "creative_group", "problem_group"}),
			rel("organization", orgs, true, 1),
			&core.JSONField{Name: "subjects", MaxSize: 10000},
			rel("head", teachers, false, 1),
			&core.RelationField{Name: "members", CollectionId: teachers.Id, MaxSelect: 300},
			&core.NumberField{Name: "year", OnlyInt: true, Min: types.Pointer(2000.0), Max: types.Pointer(2100.0)},
			text("theme", false, 1000),
			// materials a school year; none set means seed 001's four, one a quarter
			&core.NumberField{Name: "quota", OnlyInt: true, Min: types.Pointer(1.0), Max: types.Pointer(52.0)},
			&core.RelationField{Name: "materials", CollectionId: materials.Id, MaxSelect: 2000},
			&core.RelationField{Name: "events", CollectionId: events.Id, MaxSelect: 1000},
			text("about", false, maxBody),
		)
		slugged(assoc)
		assoc.AddIndex("idx_associations_organization", false, "`organization`, `name`", "")
		if err := app.Save(assoc); err != nil {
			return fmt.Errorf("associations: %w", err)
		}

		// the annual plan: its school's teachers read it, the municipal
		// plan every signed-in person --------------------------------------
		plan := core.NewBaseCollection("plan_items", "pbc_plan_items")
		planRead := or(ruleCurator, schoolsOwn,
			and(ruleSignedIn, "organization = @request.auth.organization || organization.kind = 'methodical_service'"))
		planFields := and(ofSchool("responsible", "organization"), oneOfSchool("event", "organizer"),
			oneOfSchool("material", "organization"), oneOfSchool("responsible_association", "organization"))
		plan.ListRule, plan.ViewRule = ptr(planRead), ptr(planRead)
		plan.CreateRule = ptr(or(ruleCurator, and(ruleEditor, "@request.body.organization = @request.auth.organization", planFields)))
		plan.UpdateRule = ptr(or(ruleCurator, and(schoolsOwn, "@request.body.organization:changed = false", planFields)))
		plan.DeleteRule = ptr(or(ruleCurator, schoolsOwn))
		plan.Fields.Add(
			rel("organization", orgs, true, 1),
			year,
			text("section", false, 300),
			text("content", true, 2000),
			sel("period", true, 1, []string{"date", "month", "quarter", "year", "quarterly", "schedule"}),
			&core.DateField{Name: "date"},
			&core.DateField{Name: "date_end"},
			sel("months", false, 12, []string{"sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug"}),
			&core.NumberField{Name: "quarter", OnlyInt: true, Min: types.Pointer(1.0), Max: types.Pointer(4.0)},
			&core.RelationField{Name: "responsible", CollectionId: teachers.Id, MaxSelect: 20},
			rel("responsible_association", assoc, false, 1),
			text("responsible_text", false, 300),
			text("expected_result", false, 2000),
			rel("event", events, false, 1),
			rel("material", materials, false, 1),
			&core.BoolField{Name: "done"},
		)
		slugged(plan)
		plan.AddIndex("idx_plan_items_organization_year", false, "`organization`, `year`", "")
		if err := app.Save(plan); err != nil {
			return fmt.Errorf("plan_items: %w", err)
		}

		// an event of the plan names who answers for it and what it should give
		events.Fields.Add(
			&core.RelationField{Name: "responsible", CollectionId: teachers.Id, MaxSelect: 20},
			text("responsible_text", false, 300),
			text("expected_result", false, 2000),
		)
		if err := app.Save(events); err != nil {
			return fmt.Errorf("events: %w", err)
		}

		// course training (КПК): a fact the school keeps, like attestation
		read := or(and(ruleSignedIn, "teacher.user = @request.auth.id"),
			and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator)
		courses := core.NewBaseCollection("courses", "pbc_courses")
		courses.ListRule, courses.ViewRule = ptr(read), ptr(read)
		courses.CreateRule = ptr(or(and(ruleEditor, "@request.body.teacher.organization = @request.auth.organization"), ruleCurator))
		courses.UpdateRule = ptr(or(and(ruleEditor, "teacher.organization = @request.auth.organization",
			"(@request.body.teacher:isset = false || @request.body.teacher.organization = @request.auth.organization)"), ruleCurator))
		courses.DeleteRule = ptr(or(and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator))
		courses.Fields.Add(
			rel("teacher", teachers, true, 1),
			text("title", true, 1000),
			text("provider", false, 500),
			&core.NumberField{Name: "hours", OnlyInt: true, Min: types.Pointer(1.0), Max: types.Pointer(3000.0)},
			sel("form", false, 1, []string{"full_time", "part_time", "distance"}),
			&core.DateField{Name: "start"},
			&core.DateField{Name: "end"},
			sel("status", true, 1, []string{"planned", "completed"}),
			text("certificate_number", false, 100),
			// «удостоверение»: personal, so only through a file token
			&core.FileField{Name: "certificate", MaxSelect: 1, MaxSize: 20 << 20, Protected: true,
				MimeTypes: []string{"application/pdf", "image/jpeg", "image/png"}},
		)
		slugged(courses)
		courses.AddIndex("idx_courses_teacher", false, "`teacher`, `end`", "")
		if err := app.Save(courses); err != nil {
			return fmt.Errorf("courses: %w", err)
		}

		// an ИОМ step «обучение на курсах» links to its course
		steps.Fields.Add(rel("course", courses, false, 1))
		if err := app.Save(steps); err != nil {
			return fmt.Errorf("route_steps: %w", err)
		}

		// lesson visits (взаимопосещение): the visited teacher and the
		// visitor read them; the schools of both; the visitor records his own
		visits := core.NewBaseCollection("lesson_visits", "pbc_lesson_visits")
		visitRead := or(ruleCurator,
			and(ruleSignedIn, "teacher.user = @request.auth.id || visitor.user = @request.auth.id"),
			and(ruleEditor, "teacher.organization = @request.auth.organization || visitor.organization = @request.auth.organization"))
		visits.ListRule, visits.ViewRule = ptr(visitRead), ptr(visitRead)
		visits.CreateRule = ptr(or(ruleCurator,
			and(ruleEditor, "@request.body.teacher.organization = @request.auth.organization"),
			and(ruleSignedIn, "@request.body.visitor.user = @request.auth.id")))
		visits.UpdateRule = ptr(or(ruleCurator,
			and(ruleEditor, "teacher.organization = @request.auth.organization",
				"(@request.body.teacher:isset = false || @request.body.teacher.organization = @request.auth.organization)"),
			and(ruleSignedIn, "visitor.user = @request.auth.id", "@request.body.visitor:changed = false")))
		visits.DeleteRule = ptr(or(ruleCurator, and(ruleEditor, "teacher.organization = @request.auth.organization"),
			and(ruleSignedIn, "visitor.user = @request.auth.id")))
		visits.Fields.Add(
			rel("teacher", teachers, true, 1),
			rel("visitor", teachers, true, 1),
			&core.DateField{Name: "date", Required: true},
			text("lesson", false, 500),
			text("purpose", false, 1000),
			text("analysis", false, maxBody),
			&core.FileField{Name: "analysis_file", MaxSelect: 1, MaxSize: maxFile, MimeTypes: documentTypes, Protected: true},
			rel("mentorship", mentorships, false, 1),
			rel("route_step", steps, false, 1),
		)
		slugged(visits)
		visits.AddIndex("idx_lesson_visits_teacher", false, "`teacher`, `date`", "")
		visits.AddIndex("idx_lesson_visits_visitor", false, "`visitor`, `date`", "")
		if err := app.Save(visits); err != nil {
			return fmt.Errorf("lesson_visits: %w", err)
		}

		// mentorships across schools: the teams of other organizations, and
		// a status the municipal service confirms; the deputy directors of
		// the mentor's school and of the partner schools read it too
		mentorships.Fields.Add(
			&core.RelationField{Name: "organizations", CollectionId: orgs.Id, MaxSelect: 20},
			sel("status", false, 1, []string{"proposed", "confirmed"}),
		)
		participant := and(ruleSignedIn, "mentor.user = @request.auth.id || mentees.user ?= @request.auth.id")
		editors := and(ruleEditor, "organization = @request.auth.organization || organizations ?= @request.auth.organization || mentor.organization = @request.auth.organization")
		mentorships.ListRule = ptr(or(ruleCurator, participant, editors))
		mentorships.ViewRule = ptr(or(ruleCurator, participant, editors))
		if err := app.Save(mentorships); err != nil {
			return fmt.Errorf("mentorships: %w", err)
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"lesson_visits"} {
			if c, err := app.FindCollectionByNameOrId(name); err == nil {
				if err := app.Delete(c); err != nil {
					return err
				}
			}
		}
		if steps, err := app.FindCollectionByNameOrId("route_steps"); err == nil {
			steps.Fields.RemoveByName("course")
			if err := app.Save(steps); err != nil {
				return err
			}
		}
		if ev, err := app.FindCollectionByNameOrId("events"); err == nil {
			for _, f := range []string{"responsible", "responsible_text", "expected_result"} {
				ev.Fields.RemoveByName(f)
			}
			if err := app.Save(ev); err != nil {
				return err
			}
		}
		if ms, err := app.FindCollectionByNameOrId("mentorships"); err == nil {
			ms.Fields.RemoveByName("organizations")
			ms.Fields.RemoveByName("status")
			participant := and(ruleSignedIn, "mentor.user = @request.auth.id || mentees.user ?= @request.auth.id")
			editorsPairs := and(ruleEditor, "organization = @request.auth.organization")
			ms.ListRule = ptr(or(ruleCurator, participant, editorsPairs))
			ms.ViewRule = ptr(or(ruleCurator, participant, editorsPairs))
			if err := app.Save(ms); err != nil {
				return err
			}
		}
		for _, name := range []string{"courses", "plan_items", "associations"} {
			if c, err := app.FindCollectionByNameOrId(name); err == nil {
				if err := app.Delete(c); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The ИОМ card of seed 004: the nine directions of a teacher's work on a
// route («Деятельность педагога по реализации ИОМ») and the forms in which
// the results are presented.
func init() {
	stepDirections := []string{"self_education", "programme_support", "events", "peer_lessons", "generalization",
		"school_methodical_work", "courses", "mentoring", "self_analysis", "other"}
	resultForms := []string{"open_lessons", "methodical_product", "portfolio", "creative_report", "master_class",
		"creative_workshop", "project", "innovation_report", "contests", "experience_presentation"}
	m.Register(func(app core.App) error {
		steps, err := app.FindCollectionByNameOrId("route_steps")
		if err != nil {
			return fmt.Errorf("iom card: %w", err)
		}
		if f, ok := steps.Fields.GetByName("direction").(*core.SelectField); ok {
			f.Values = stepDirections
		}
		if err := app.Save(steps); err != nil {
			return fmt.Errorf("route_steps: %w", err)
		}
		routes, err := app.FindCollectionByNameOrId("routes")
		if err != nil {
			return fmt.Errorf("iom card: %w", err)
		}
		routes.Fields.Add(sel("result_forms", false, len(resultForms), resultForms))
		if err := app.Save(routes); err != nil {
			return fmt.Errorf("routes: %w", err)
		}
		return nil
	}, func(app core.App) error {
		routes, err := app.FindCollectionByNameOrId("routes")
		if err != nil {
			return err
		}
		routes.Fields.RemoveByName("result_forms")
		if err := app.Save(routes); err != nil {
			return err
		}
		steps, err := app.FindCollectionByNameOrId("route_steps")
		if err != nil {
			return err
		}
		if f, ok := steps.Fields.GetByName("direction").(*core.SelectField); ok {
			f.Values = []string{"self_education", "courses", "events", "peer_lessons", "mentoring", "generalization", "other"}
		}
		return app.Save(steps)
	})
}

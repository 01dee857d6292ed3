package model

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
)

// Route is a record of routes: a teacher's individual educational route (ИОМ).
type Route struct {
	base
}

var _ core.RecordProxy = (*Route)(nil)

// AsRoute wraps a record of routes.
func AsRoute(rec *core.Record) *Route { return wrap[Route](rec) }

// NewRoute returns a new, unsaved route.
func NewRoute(app core.App) (*Route, error) { return create[Route](app, schema.Routes) }

// FindRoute returns the route with id.
func FindRoute(app core.App, id string) (*Route, error) {
	return find[Route](app, schema.Routes, id)
}

// Teacher returns the id of the profile of the teacher who follows the route.
func (r *Route) Teacher() string { return r.GetString(fieldTeacher) }

// SetTeacher sets the id of the profile of the teacher who follows the route.
func (r *Route) SetTeacher(id string) { r.Set(fieldTeacher, id) }

// Theme returns the theme of the route.
func (r *Route) Theme() string { return r.GetString(fieldTheme) }

// SetTheme sets the theme of the route.
func (r *Route) SetTheme(theme string) { r.Set(fieldTheme, theme) }

// PeriodStart returns the first day of the route's period; zero if not set.
func (r *Route) PeriodStart() types.DateTime { return r.GetDateTime(fieldPeriodStart) }

// SetPeriodStart sets the first day of the route's period.
func (r *Route) SetPeriodStart(t types.DateTime) { r.Set(fieldPeriodStart, t) }

// PeriodEnd returns the last day of the route's period; zero if not set.
func (r *Route) PeriodEnd() types.DateTime { return r.GetDateTime(fieldPeriodEnd) }

// SetPeriodEnd sets the last day of the route's period.
func (r *Route) SetPeriodEnd(t types.DateTime) { r.Set(fieldPeriodEnd, t) }

// Deficits returns the areas of professional deficits (schema.Deficits).
func (r *Route) Deficits() []string { return r.GetStringSlice(fieldDeficits) }

// SetDeficits sets the areas of professional deficits (schema.Deficits).
func (r *Route) SetDeficits(areas []string) { r.Set(fieldDeficits, areas) }

// Goals returns the goals of the route (Markdown).
func (r *Route) Goals() string { return r.GetString(fieldGoals) }

// SetGoals sets the goals of the route (Markdown).
func (r *Route) SetGoals(goals string) { r.Set(fieldGoals, goals) }

// Mentor returns the id of the mentor's teacher profile, if any.
func (r *Route) Mentor() string { return r.GetString(fieldMentor) }

// SetMentor sets the id of the mentor's teacher profile.
func (r *Route) SetMentor(id string) { r.Set(fieldMentor, id) }

// Status returns the route status (schema.RouteStatuses).
func (r *Route) Status() string { return r.GetString(fieldStatus) }

// SetStatus sets the route status (schema.RouteStatuses).
func (r *Route) SetStatus(status string) { r.Set(fieldStatus, status) }

// IsDraft reports whether the route's status is draft: planned, not started.
func (r *Route) IsDraft() bool { return r.Status() == routeDraft }

// IsActive reports whether the route's status is active.
func (r *Route) IsActive() bool { return r.Status() == routeActive }

// IsCompleted reports whether the route's status is completed.
func (r *Route) IsCompleted() bool { return r.Status() == routeCompleted }

// CategoryAtStart returns the teacher's qualification category when the route began.
func (r *Route) CategoryAtStart() string { return r.GetString(fieldCategoryAtStart) }

// SetCategoryAtStart sets the teacher's qualification category when the route began.
func (r *Route) SetCategoryAtStart(code string) { r.Set(fieldCategoryAtStart, code) }

// CategoryAtEnd returns the teacher's qualification category when the route ended.
func (r *Route) CategoryAtEnd() string { return r.GetString(fieldCategoryAtEnd) }

// SetCategoryAtEnd sets the teacher's qualification category when the route ended.
func (r *Route) SetCategoryAtEnd(code string) { r.Set(fieldCategoryAtEnd, code) }

// ContestResult returns the contest result recorded on the route, if any.
func (r *Route) ContestResult() string { return r.GetString(fieldContestResult) }

// SetContestResult sets the contest result recorded on the route.
func (r *Route) SetContestResult(result string) { r.Set(fieldContestResult, result) }

// ResultForms are the forms in which the route's results are presented
// (schema.ResultForms).
func (r *Route) ResultForms() []string { return r.GetStringSlice(fieldResultForms) }

// SetResultForms sets the forms of presenting the route's results.
func (r *Route) SetResultForms(codes []string) { r.Set(fieldResultForms, codes) }

// CompletedAt returns when the route was completed; zero if it was not.
func (r *Route) CompletedAt() types.DateTime { return r.GetDateTime(fieldCompletedAt) }

// SetCompletedAt sets when the route was completed.
func (r *Route) SetCompletedAt(t types.DateTime) { r.Set(fieldCompletedAt, t) }

// RouteStep is a record of route_steps: one step of a route.
type RouteStep struct {
	base
}

var _ core.RecordProxy = (*RouteStep)(nil)

// AsRouteStep wraps a record of route_steps.
func AsRouteStep(rec *core.Record) *RouteStep { return wrap[RouteStep](rec) }

// NewRouteStep returns a new, unsaved route step.
func NewRouteStep(app core.App) (*RouteStep, error) {
	return create[RouteStep](app, schema.RouteSteps)
}

// FindRouteStep returns the route step with id.
func FindRouteStep(app core.App, id string) (*RouteStep, error) {
	return find[RouteStep](app, schema.RouteSteps, id)
}

// Route returns the id of the step's route.
func (s *RouteStep) Route() string { return s.GetString(fieldRoute) }

// SetRoute sets the id of the step's route.
func (s *RouteStep) SetRoute(id string) { s.Set(fieldRoute, id) }

// Direction returns the step direction code (schema.StepDirections).
func (s *RouteStep) Direction() string { return s.GetString(fieldDirection) }

// SetDirection sets the step direction code (schema.StepDirections).
func (s *RouteStep) SetDirection(code string) { s.Set(fieldDirection, code) }

// Action returns what the teacher does in the step.
func (s *RouteStep) Action() string { return s.GetString(fieldAction) }

// SetAction sets what the teacher does in the step.
func (s *RouteStep) SetAction(action string) { s.Set(fieldAction, action) }

// Due returns when the step is due; zero if not set.
func (s *RouteStep) Due() types.DateTime { return s.GetDateTime(fieldDue) }

// SetDue sets when the step is due.
func (s *RouteStep) SetDue(t types.DateTime) { s.Set(fieldDue, t) }

// Event returns the id of the event the step attends, if any.
func (s *RouteStep) Event() string { return s.GetString(fieldEvent) }

// SetEvent sets the id of the event the step attends.
func (s *RouteStep) SetEvent(id string) { s.Set(fieldEvent, id) }

// Material returns the id of the material the step produced, if any.
func (s *RouteStep) Material() string { return s.GetString(fieldMaterial) }

// SetMaterial sets the id of the material the step produced.
func (s *RouteStep) SetMaterial(id string) { s.Set(fieldMaterial, id) }

// DoneAt returns when the step was done; zero if it is not.
func (s *RouteStep) DoneAt() types.DateTime { return s.GetDateTime(fieldDoneAt) }

// SetDoneAt sets when the step was done.
func (s *RouteStep) SetDoneAt(t types.DateTime) { s.Set(fieldDoneAt, t) }

// IsDone reports whether the step has been done.
func (s *RouteStep) IsDone() bool { return !s.DoneAt().IsZero() }

// Evidence returns the stored names of the evidence files.
func (s *RouteStep) Evidence() []string { return s.GetStringSlice(fieldEvidence) }

// Reflection returns the teacher's reflection on the step (Markdown).
func (s *RouteStep) Reflection() string { return s.GetString(fieldReflection) }

// SetReflection sets the teacher's reflection on the step (Markdown).
func (s *RouteStep) SetReflection(reflection string) { s.Set(fieldReflection, reflection) }

// Diagnosis is a record of diagnostics: a teacher's self-assessment, 1 to
// 4 in each area of schema.Deficits, at the start of a route or at its end.
type Diagnosis struct {
	base
}

var _ core.RecordProxy = (*Diagnosis)(nil)

// AsDiagnosis wraps a record of diagnostics.
func AsDiagnosis(rec *core.Record) *Diagnosis { return wrap[Diagnosis](rec) }

// NewDiagnosis returns a new, unsaved self-diagnosis.
func NewDiagnosis(app core.App) (*Diagnosis, error) {
	return create[Diagnosis](app, schema.Diagnostics)
}

// FindDiagnosis returns the self-diagnosis with id.
func FindDiagnosis(app core.App, id string) (*Diagnosis, error) {
	return find[Diagnosis](app, schema.Diagnostics, id)
}

// Teacher returns the id of the profile of the teacher who assessed themselves.
func (d *Diagnosis) Teacher() string { return d.GetString(fieldTeacher) }

// SetTeacher sets the id of the profile of the teacher who assessed themselves.
func (d *Diagnosis) SetTeacher(id string) { d.Set(fieldTeacher, id) }

// Route returns the id of the route the diagnosis belongs to, if any.
func (d *Diagnosis) Route() string { return d.GetString(fieldRoute) }

// SetRoute sets the id of the route the diagnosis belongs to.
func (d *Diagnosis) SetRoute(id string) { d.Set(fieldRoute, id) }

// Stage returns the stage code: initial (the route's start) or final.
func (d *Diagnosis) Stage() string { return d.GetString(fieldStage) }

// SetStage sets the stage code: initial or final.
func (d *Diagnosis) SetStage(code string) { d.Set(fieldStage, code) }

// IsInitial reports whether the diagnosis was made at the route's start.
func (d *Diagnosis) IsInitial() bool { return d.Stage() == stageInitial }

// Score returns the self-assessment in area (one of schema.Deficits), 1
// to 4; 0 if not assessed.
func (d *Diagnosis) Score(area string) int { return d.GetInt(area) }

// SetScore sets the self-assessment in area (one of schema.Deficits), 1 to 4.
func (d *Diagnosis) SetScore(area string, score int) { d.Set(area, score) }

// Package interchange reads and writes kopilka's interchange format: a
// folder of Markdown files with front matter, one record a file, the file
// name being the slug (see DESIGN.md, «Interchange format»).
package interchange

import (
	"github.com/kopilka/kopilka/internal/schema"
)

type valueType int

const (
	tString valueType = iota
	tText             // may span lines (YAML block scalars)
	tStrings
	tBool
	tInt
	tDate
	tDateTime
	tEnum
	tEnums
	tRef
	tRefs
	tFiles
	tQR
	tURL
	tZone
	tNumber // a non-negative number, fractions allowed
)

// field maps one front matter key to one record field.
type field struct {
	key      string
	column   string
	typ      valueType
	required bool
	codes    []string // tEnum, tEnums
	target   string   // tRef, tRefs: the collection referred to
	always   bool     // export even when false or empty
}

// kind is one folder of the format.
type kind struct {
	dir        string
	collection string
	fields     []field
	body       string // the record field holding the Markdown body
	title      string // the key whose emptiness is reported as an empty title
}

func (k kind) field(key string) (field, bool) {
	for _, f := range k.fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func (k kind) keys() []string {
	out := make([]string, len(k.fields))
	for i, f := range k.fields {
		out[i] = f.key
	}
	return out
}

func f(key string, typ valueType) field { return field{key: key, column: key, typ: typ} }

func req(fl field) field { fl.required = true; return fl }

func always(fl field) field { fl.always = true; return fl }

func enum(key string, codes []string) field {
	return field{key: key, column: key, typ: tEnum, codes: codes}
}

func ref(key, target string) field { return field{key: key, column: key, typ: tRef, target: target} }

func refs(key, target string) field { return field{key: key, column: key, typ: tRefs, target: target} }

// kinds lists the folders in the order they are imported: a kind refers
// only to kinds before it.
var kinds = []kind{
	{
		dir: "organizations", collection: schema.Organizations, body: "about", title: "name",
		fields: []field{
			req(f("name", tString)),
			f("short_name", tString),
			req(enum("kind", schema.OrganizationKinds)),
			f("address", tString),
			f("website", tURL),
		},
	},
	{
		dir: "teachers", collection: schema.Teachers, body: "bio", title: "name",
		fields: []field{
			req(f("name", tString)),
			req(ref("organization", schema.Organizations)),
			f("position", tString),
			f("subjects", tStrings),
			enum("category", schema.Categories),
			f("experience_years", tInt),
			f("self_education_theme", tString),
			always(f("mentor", tBool)),
			always(f("methodical_active", tBool)),
			f("expert", tBool),
			f("tutor", tBool),
			always(f("public", tBool)),
		},
	},
	{
		dir: "materials", collection: schema.Materials, body: "body", title: "title",
		fields: []field{
			req(f("title", tString)),
			req(enum("type", schema.MaterialTypes)),
			f("subjects", tStrings),
			{key: "levels", column: "levels", typ: tEnums, codes: schema.Levels},
			f("tags", tStrings),
			refs("authors", schema.Teachers),
			req(ref("organization", schema.Organizations)),
			f("date", tDate),
			f("summary", tText),
			f("files", tFiles),
			f("license", tString),
			req(enum("status", schema.WorkflowStatuses)),
			always(f("best_practice", tBool)),
			{key: "qr", column: "qr_code", typ: tQR},
		},
	},
	{
		dir: "events", collection: schema.Events, body: "body", title: "title",
		fields: []field{
			req(f("title", tString)),
			req(enum("kind", schema.EventKinds)),
			req(enum("level", schema.EventLevels)),
			req(f("start", tDateTime)),
			f("end", tDateTime),
			always(f("all_day", tBool)),
			f("timezone", tZone),
			f("location", tString),
			f("online_url", tURL),
			req(ref("organizer", schema.Organizations)),
			f("audience", tText),
			f("subjects", tStrings),
			f("registration_url", tURL),
			refs("materials", schema.Materials),
			req(enum("status", schema.EventStatuses)),
			{key: "qr", column: "qr_code", typ: tQR},
			refs("responsible", schema.Teachers),
			f("responsible_text", tString),
			f("expected_result", tText),
			f("license", tString),
		},
	},
	{
		dir: "practices", collection: schema.Practices, body: "body", title: "title",
		fields: []field{
			req(f("title", tString)),
			req(ref("organization", schema.Organizations)),
			refs("authors", schema.Teachers),
			f("summary", tText),
			f("results", tText),
			refs("materials", schema.Materials),
			refs("events", schema.Events),
			req(enum("status", schema.WorkflowStatuses)),
			{key: "qr", column: "qr_code", typ: tQR},
			f("license", tString),
		},
	},
	// the methodical structure: associations are public, the plan and the
	// courses are the schools'
	{
		dir: "associations", collection: schema.Associations, body: "about", title: "name",
		fields: []field{
			req(f("name", tString)),
			req(enum("kind", schema.AssociationKinds)),
			req(ref("organization", schema.Organizations)),
			f("subjects", tStrings),
			ref("head", schema.Teachers),
			refs("members", schema.Teachers),
			f("year", tInt),
			f("theme", tString),
			f("quota", tInt),
			refs("materials", schema.Materials),
			refs("events", schema.Events),
		},
	},
	{
		dir: "plan_items", collection: schema.PlanItems, title: "content",
		fields: []field{
			req(ref("organization", schema.Organizations)),
			req(f("year", tInt)),
			f("section", tString),
			req(f("content", tString)),
			req(enum("period", schema.PlanPeriods)),
			f("date", tDate),
			f("date_end", tDate),
			{key: "months", column: "months", typ: tEnums, codes: schema.PlanMonths},
			f("quarter", tInt),
			refs("responsible", schema.Teachers),
			ref("responsible_association", schema.Associations),
			f("responsible_text", tString),
			f("expected_result", tText),
			ref("event", schema.Events),
			ref("material", schema.Materials),
			always(f("done", tBool)),
		},
	},
	{
		dir: "courses", collection: schema.Courses, title: "title",
		fields: []field{
			req(ref("teacher", schema.Teachers)),
			req(f("title", tString)),
			f("provider", tString),
			f("hours", tInt),
			enum("form", schema.CourseForms),
			f("start", tDate),
			f("end", tDate),
			req(enum("status", schema.CourseStatuses)),
			f("certificate_number", tString),
		},
	},
	// ИОМ, mentorship and the facts of the project's indicators: private
	// records, moved between installations whole
	{
		dir: "routes", collection: schema.Routes, body: "goals", title: "theme",
		fields: []field{
			req(f("theme", tString)),
			req(ref("teacher", schema.Teachers)),
			ref("mentor", schema.Teachers),
			req(enum("status", schema.RouteStatuses)),
			f("period_start", tDate),
			f("period_end", tDate),
			{key: "deficits", column: "deficits", typ: tEnums, codes: schema.Deficits},
			enum("category_at_start", schema.Categories),
			enum("category_at_end", schema.Categories),
			f("contest_result", tString),
			{key: "result_forms", column: "result_forms", typ: tEnums, codes: schema.ResultForms},
			f("completed_at", tDateTime),
		},
	},
	{
		dir: "route_steps", collection: schema.RouteSteps, body: "reflection", title: "action",
		fields: []field{
			req(ref("route", schema.Routes)),
			req(enum("direction", schema.StepDirections)),
			req(f("action", tString)),
			f("due", tDate),
			ref("event", schema.Events),
			ref("material", schema.Materials),
			f("done_at", tDateTime),
			ref("course", schema.Courses),
		},
	},
	{
		dir: "diagnostics", collection: schema.Diagnostics,
		fields: append([]field{
			req(ref("teacher", schema.Teachers)),
			ref("route", schema.Routes),
			req(enum("stage", schema.DiagnosisStages)),
		}, scoreFields()...),
	},
	{
		dir: "mentorships", collection: schema.Mentorships, body: "program",
		fields: []field{
			req(ref("mentor", schema.Teachers)),
			refs("mentees", schema.Teachers),
			req(enum("form", schema.MentorshipForms)),
			req(ref("organization", schema.Organizations)),
			f("start", tDate),
			f("end", tDate),
			refs("events", schema.Events),
			refs("materials", schema.Materials),
			refs("organizations", schema.Organizations),
			enum("status", schema.MentorshipStatuses),
		},
	},
	{
		dir: "lesson_visits", collection: schema.LessonVisits, body: "analysis",
		fields: []field{
			req(ref("teacher", schema.Teachers)),
			req(ref("visitor", schema.Teachers)),
			req(f("date", tDate)),
			f("lesson", tString),
			f("purpose", tText),
			ref("mentorship", schema.Mentorships),
			ref("route_step", schema.RouteSteps),
		},
	},
	{
		dir: "contest_results", collection: schema.ContestResults, title: "title",
		fields: []field{
			req(ref("teacher", schema.Teachers)),
			req(f("title", tString)),
			req(enum("level", schema.ContestLevels)),
			req(enum("place", schema.ContestPlaces)),
			req(f("date", tDate)),
		},
	},
	{
		dir: "attestations", collection: schema.Attestations,
		fields: []field{
			req(ref("teacher", schema.Teachers)),
			req(f("year", tInt)),
			enum("category_current", schema.Categories),
			req(enum("category_sought", schema.SoughtCategories)),
			f("application_date", tDate),
			f("decision_date", tDate),
			req(enum("result", schema.AttestationResults)),
		},
	},
	{
		dir: "result_dynamics", collection: schema.ResultDynamics, body: "note",
		fields: []field{
			req(ref("teacher", schema.Teachers)),
			req(f("year", tInt)),
			req(enum("kind", schema.DynamicsKinds)),
			always(req(f("value", tNumber))),
		},
	},
	{
		dir: "indicator_targets", collection: schema.IndicatorTargets,
		fields: []field{
			req(enum("indicator", schema.IndicatorCodes)),
			req(f("year", tInt)),
			always(f("base", tNumber)),
			always(f("target", tNumber)),
		},
	},
}

// scoreFields are the six areas of a self-diagnosis, 1–4 each.
func scoreFields() []field {
	out := make([]field, 0, len(schema.Deficits))
	for _, area := range schema.Deficits {
		out = append(out, req(f(area, tInt)))
	}
	return out
}

// filesDir is the folder of attachments, beside the kinds' folders.
const filesDir = "files"

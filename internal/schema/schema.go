// Package schema names kopilka's collections, fields and codes, so that the
// rest of the code never spells a collection or a status as a bare string.
//
// The migrations in pb_migrations spell them out on their own: they are
// history and must not move when these constants do.
package schema

// Collection names.
const (
	Users         = "users"
	Organizations = "organizations"
	Teachers      = "teachers"
	Materials     = "materials"
	Practices     = "practices"
	Events        = "events"
	Routes        = "routes"
	RouteSteps    = "route_steps"
	Mentorships   = "mentorships"
	Reviews       = "reviews"
	QRCodes       = "qr_codes"
	QRScans       = "qr_scans"
	Certificates  = "certificates"
	Diagnostics   = "diagnostics"
	StepComments  = "step_comments"
	// facts of seed 002's indicators and their targets
	ContestResults   = "contest_results"
	Attestations     = "attestations"
	ResultDynamics   = "result_dynamics"
	IndicatorTargets = "indicator_targets"
	// the methodical structure of seeds 001 and 003
	Associations = "associations"
	PlanItems    = "plan_items"
	Courses      = "courses"
	LessonVisits = "lesson_visits"
	// what teachers report of materials they used, and the municipal
	// service's parameters
	Adoptions  = "adoptions"
	Parameters = "parameters"
	// what the freshness guard last found of the links and files of
	// published items (internal/freshness)
	LinkChecks = "link_checks"
)

// Collections lists every collection kopilka defines (users included), in
// dependency order: a collection only refers to those before it.
var Collections = []string{
	Organizations, Users, Teachers, Materials, Events, Practices, Associations, PlanItems, Courses,
	Routes, RouteSteps, Mentorships, LessonVisits, Reviews, QRCodes, QRScans, Certificates,
	Diagnostics, StepComments, ContestResults, Attestations, ResultDynamics, IndicatorTargets,
	Adoptions, Parameters, LinkChecks,
}

// Kinds of certificates.
const (
	CertPublication  = "publication"
	CertReview       = "review"
	CertPresentation = "presentation"
	// CertDissemination: «о распространении опыта», for a material applied
	// in enough schools
	CertDissemination = "dissemination"
)

// CodedCollections are the collections whose records carry a QR short code.
var CodedCollections = []string{Materials, Practices, Events}

// IsCoded reports whether records of the collection carry a QR short code.
func IsCoded(collection string) bool {
	for _, c := range CodedCollections {
		if c == collection {
			return true
		}
	}
	return false
}

// Roles of users.
const (
	RoleTeacher      = "teacher"
	RoleSchoolEditor = "school_editor"
	RoleCurator      = "curator"
	// RoleSuperuser is not stored: it stands for a PocketBase superuser
	// and for code running without a request (import, migrations).
	RoleSuperuser = "superuser"
	// RoleAnonymous stands for a request without auth.
	RoleAnonymous = "anonymous"
)

// Workflow statuses of materials and practices.
const (
	StatusDraft            = "draft"
	StatusSubmitted        = "submitted"
	StatusPublished        = "published"
	StatusChangesRequested = "changes_requested"
	StatusRejected         = "rejected"
	StatusArchived         = "archived"
)

// WorkflowStatuses lists the statuses of materials and practices.
var WorkflowStatuses = []string{StatusDraft, StatusSubmitted, StatusPublished,
	StatusChangesRequested, StatusRejected, StatusArchived}

// Event statuses.
const (
	EventPlanned   = "planned"
	EventCancelled = "cancelled"
	EventDone      = "done"
)

// EventStatuses lists the statuses of events.
var EventStatuses = []string{EventPlanned, EventCancelled, EventDone}

// OrganizationKinds lists the kinds of organizations.
var OrganizationKinds = []string{"school", "kindergarten", "additional", "college", "methodical_service"}

// Levels lists the education level codes.
var Levels = []string{"do", "noo", "ooo", "soo", "spo", "dop"}

// MaterialTypes lists the material type codes.
var MaterialTypes = []string{"lesson-plan", "methodical-guide", "article", "report", "presentation",
	"master-class", "work-program", "event-scenario", "iom-template", "analytical-note",
	"plan", "assessment", "other"}

// EventKinds lists the event kind codes.
var EventKinds = []string{"seminar", "webinar", "master-class", "open-lesson", "mo-meeting",
	"ped-council", "method-council", "contest", "subject-week", "method-day", "conference",
	"round-table", "internship", "project-session", "course",
	// the forms of methodical work of seeds 002 and 003
	"educational-tour", "intensive", "educational-event", "focus-group", "communication-platform",
	"coaching", "trend-session", "foresight-session", "pitch-session", "methodical-landing", "tutor-consultation",
	"methodical-audit", "unified-method-day", "deputy-school", "young-teacher-school", "ped-readings",
	"other"}

// EventLevels lists the event level codes.
var EventLevels = []string{"school", "municipal", "regional", "federal"}

// Categories lists the qualification categories of teachers.
var Categories = []string{"none", "conformity", "first", "highest"}

// Deficits lists the areas of professional deficits of an ИОМ.
var Deficits = []string{"subject", "methodology", "psych_ped", "functional_literacy", "ict", "soft_skills"}

// RouteStatuses lists the statuses of an ИОМ.
var RouteStatuses = []string{"draft", "active", "completed", "abandoned"}

// StepDirections lists the directions of ИОМ steps: the nine of seed 004
// («Деятельность педагога по реализации ИОМ»), in its order, then other.
var StepDirections = []string{"self_education", "programme_support", "events", "peer_lessons", "generalization",
	"school_methodical_work", "courses", "mentoring", "self_analysis", "other"}

// ResultForms lists the forms of presenting the results of a route
// (seed 004, «Формы представления результатов»).
var ResultForms = []string{"open_lessons", "methodical_product", "portfolio", "creative_report", "master_class",
	"creative_workshop", "project", "innovation_report", "contests", "experience_presentation"}

// MentorshipForms lists the forms of mentorship.
var MentorshipForms = []string{"pair", "group", "team"}

// Contains reports whether list holds v.
func Contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Levels and places of contest results, lowest first.
var (
	ContestLevels = []string{"school", "municipal", "regional", "federal"}
	ContestPlaces = []string{"participant", "laureate", "prizewinner", "winner"}
)

// Codes of the project's facts and figures.
var (
	// IndicatorCodes are seed 002's six indicators (internal/iom).
	IndicatorCodes = []string{"contests", "category", "participation", "completed", "competence", "dynamics"}
	// DiagnosisStages are the points of a route's self-diagnosis.
	DiagnosisStages = []string{"initial", "interim", "final"}
	// AttestationResults are where an attestation stands.
	AttestationResults = []string{"planned", "applied", "awarded", "refused"}
	// SoughtCategories are the categories an attestation may seek.
	SoughtCategories = []string{"conformity", "first", "highest"}
	// DynamicsKinds are what a year's results of a teacher's pupils measure.
	DynamicsKinds = []string{"gia", "diagnostics", "contingent"}
)

// Codes of the methodical structure.
var (
	// AssociationKinds are the kinds of methodical associations: a school's
	// ШМО, the municipality's РМО, the methodical council, creative and
	// problem groups.
	AssociationKinds = []string{"school_mo", "rmo", "method_council", "creative_group", "problem_group"}
	// PlanPeriods are how a plan item gives its «сроки»: a date (or dates),
	// months, a quarter, «в течение года», «ежеквартально», «по графику».
	PlanPeriods = []string{"date", "month", "quarter", "year", "quarterly", "schedule"}
	// PlanMonths are the months of a plan item, in the order of a school year.
	PlanMonths = []string{"sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug"}
	// CourseForms are the forms of course training.
	CourseForms = []string{"full_time", "part_time", "distance"}
	// CourseStatuses are where a course stands.
	CourseStatuses = []string{"planned", "completed"}
	// MentorshipStatuses: a mentorship across schools that a deputy
	// director proposes waits for the municipal service to confirm it; no
	// status means confirmed.
	MentorshipStatuses = []string{"proposed", "confirmed"}
)

// DefaultQuota is how many materials a methodical association hands in a
// school year when none is set: «От каждого МО по 4 материала за учебный
// год (по 1 в четверть)» (seed 001).
const DefaultQuota = 4

// Codes of adoption reports («Я применил(а) у себя»).
var (
	// AdoptionKinds are how a material was used: a lesson, a fragment,
	// adapted.
	AdoptionKinds = []string{"lesson", "fragment", "adapted"}
	// CommentStatuses: a comment waits, is shown, or is hidden.
	CommentStatuses = []string{"pending", "shown", "hidden"}
)

// Parameters the municipal service sets.
const (
	// ParamDisseminationSchools is how many schools must have applied a
	// material for its author's certificate «о распространении опыта».
	ParamDisseminationSchools = "dissemination_schools"
	// DefaultDisseminationSchools is that number until a curator sets it.
	DefaultDisseminationSchools = 3
)

// Codes of the freshness guard (internal/freshness): what a row of
// link_checks describes, and what the check found.
const (
	// CheckItem is the row that sums up an item: its status is the worst
	// of its links' and files', its checked_at the public page's date.
	CheckItem = "item"
	CheckLink = "link"
	CheckFile = "file"

	CheckOK     = "ok"
	CheckMoved  = "moved"  // a permanent redirect to another address, which opens
	CheckSlow   = "slow"   // no answer in time, or the host kept the checker out (401, 403, 429): not counted dead
	CheckDead   = "dead"   // the address does not open
	CheckBroken = "broken" // a stored file that no longer opens or passes the upload checks
)

// CheckKinds and CheckStatuses list the codes of link_checks.
var (
	CheckKinds    = []string{CheckItem, CheckLink, CheckFile}
	CheckStatuses = []string{CheckOK, CheckMoved, CheckSlow, CheckDead, CheckBroken}
)

// Periods of re-review: a published material of a type (or a practice)
// asks for a fresh look this many years after it was published or last
// reviewed; a curator sets them as parameters named ParamReviewPeriod
// followed by the material type's code, or by ReviewPeriodPractice.
const (
	ParamReviewPeriod    = "review_period."
	ReviewPeriodPractice = "practice"
	DefaultReviewYears   = 3
	MaxReviewYears       = 50
)

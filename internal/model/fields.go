package model

// Field names of kopilka's main collections, as pb_migrations defines
// them. They are spelled here and nowhere else in the code that reads or
// writes records through this package; model_test checks each one against
// the migrated collections.
const (
	fieldCreated = "created"
	fieldUpdated = "updated"

	// shared by several collections
	fieldTitle        = "title"
	fieldName         = "name"
	fieldSlug         = "slug"
	fieldSummary      = "summary"
	fieldBody         = "body"
	fieldOrganization = "organization"
	fieldAuthors      = "authors"
	fieldStatus       = "status"
	fieldBestPractice = "best_practice"
	fieldQRCode       = "qr_code"
	fieldPublishedAt  = "published_at"
	fieldSubjects     = "subjects"
	fieldKind         = "kind"
	fieldMaterials    = "materials"
	fieldMaterial     = "material"
	fieldPractice     = "practice"
	fieldEvent        = "event"
	fieldTeacher      = "teacher"

	// materials
	fieldType      = "type"
	fieldLevels    = "levels"
	fieldTags      = "tags"
	fieldFiles     = "files"
	fieldFileNames = "file_names"
	fieldCover     = "cover"
	fieldLicense   = "license"
	fieldDate      = "date"
	fieldRelated   = "related"

	// practices
	fieldResults = "results"
	fieldEvents  = "events"

	// events
	fieldLevel           = "level"
	fieldStart           = "start"
	fieldEnd             = "end"
	fieldAllDay          = "all_day"
	fieldTimezone        = "timezone"
	fieldLocation        = "location"
	fieldOnlineURL       = "online_url"
	fieldOrganizer       = "organizer"
	fieldAudience        = "audience"
	fieldRegistrationURL = "registration_url"

	// organizations
	fieldShortName = "short_name"
	fieldAddress   = "address"
	fieldWebsite   = "website"
	fieldAbout     = "about"

	// teachers
	fieldUser               = "user"
	fieldPosition           = "position"
	fieldCategory           = "category"
	fieldExperienceYears    = "experience_years"
	fieldSelfEducationTheme = "self_education_theme"
	fieldMentor             = "mentor"
	fieldMethodicalActive   = "methodical_active"
	fieldExpert             = "expert"
	fieldTutor              = "tutor"
	fieldBio                = "bio"
	fieldPhoto              = "photo"
	fieldPublic             = "public"

	// routes (ИОМ)
	fieldTheme           = "theme"
	fieldPeriodStart     = "period_start"
	fieldPeriodEnd       = "period_end"
	fieldDeficits        = "deficits"
	fieldGoals           = "goals"
	fieldCategoryAtStart = "category_at_start"
	fieldCategoryAtEnd   = "category_at_end"
	fieldContestResult   = "contest_result"
	fieldResultForms     = "result_forms"
	fieldCompletedAt     = "completed_at"

	// route_steps
	fieldRoute      = "route"
	fieldDirection  = "direction"
	fieldAction     = "action"
	fieldDue        = "due"
	fieldDoneAt     = "done_at"
	fieldEvidence   = "evidence"
	fieldReflection = "reflection"

	// mentorships
	fieldMentees = "mentees"
	fieldForm    = "form"
	fieldProgram = "program"

	// diagnostics
	fieldStage = "stage"

	// reviews
	fieldReviewer        = "reviewer"
	fieldRelevance       = "relevance"
	fieldQuality         = "quality"
	fieldReproducibility = "reproducibility"
	fieldPresentation    = "presentation"
	fieldDecision        = "decision"
	fieldComment         = "comment"

	// certificates
	fieldNumber = "number"
	fieldReview = "review"
)

// Codes of select fields that this package's methods test for.
const (
	routeDraft            = "draft"
	routeActive           = "active"
	routeCompleted        = "completed"
	decisionPublish       = "publish"
	kindMethodicalService = "methodical_service"
	stageInitial          = "initial"
)

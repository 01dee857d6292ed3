// Package pb_migrations holds kopilka's schema history as Go migrations.
//
// Migrations are history: they spell out every name and code literally and
// import nothing of ours, so that changing a constant elsewhere never
// changes what an old migration did.
package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Rule fragments. An anonymous request resolves @request.auth.id to an empty string, so
// every ownership test is guarded by "signed in" to keep empty relations from
// matching anonymous readers.
const (
	ruleSignedIn = "@request.auth.id != ''"
	ruleCurator  = "@request.auth.role = 'curator'"
	ruleEditor   = "@request.auth.role = 'school_editor'"
	ruleTeacher  = "@request.auth.role = 'teacher'"
)

func or(parts ...string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " || "
		}
		s += "(" + p + ")"
	}
	return s
}

func and(parts ...string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " && "
		}
		s += "(" + p + ")"
	}
	return s
}

const (
	maxBody    = 200000
	maxFile    = 50 << 20
	qrPattern  = `^[0-9A-HJKMNP-TV-Z]{6}$`
	slugPatern = `^[a-z0-9]+(?:-[a-z0-9]+)*$`
)

var (
	levelCodes = []string{"do", "noo", "ooo", "soo", "spo", "dop"}
	typeCodes  = []string{"lesson-plan", "methodical-guide", "article", "report", "presentation",
		"master-class", "work-program", "event-scenario", "iom-template", "analytical-note",
		"plan", "assessment", "other"}
	kindCodes = []string{"seminar", "webinar", "master-class", "open-lesson", "mo-meeting",
		"ped-council", "method-council", "contest", "subject-week", "method-day", "conference",
		"round-table", "internship", "project-session", "course", "other"}
	workflowCodes = []string{"draft", "submitted", "published", "changes_requested", "rejected", "archived"}
	deficitCodes  = []string{"subject", "methodology", "psych_ped", "functional_literacy", "ict", "soft_skills"}
	documentTypes = []string{
		"application/pdf",
		"application/msword",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.oasis.opendocument.text",
		"application/vnd.oasis.opendocument.presentation",
		"application/vnd.oasis.opendocument.spreadsheet",
		"application/rtf",
		"text/plain",
		"image/jpeg", "image/png", "image/gif", "image/webp",
		"application/zip",
	}
	imageTypes = []string{"image/jpeg", "image/png", "image/webp"}
)

func ptr(s string) *string { return types.Pointer(s) }

func text(name string, required bool, max int) *core.TextField {
	return &core.TextField{Name: name, Required: required, Max: max}
}

func slugField() *core.TextField {
	// Required at the database level; the workflow hook fills it from the
	// title before validation when it is empty.
	return &core.TextField{Name: "slug", Required: true, Max: 120, Pattern: slugPatern}
}

func qrField() *core.TextField {
	return &core.TextField{Name: "qr_code", Max: 6, Pattern: qrPattern}
}

func sel(name string, required bool, maxSelect int, values []string) *core.SelectField {
	return &core.SelectField{Name: name, Required: required, MaxSelect: maxSelect, Values: values}
}

func rel(name string, target *core.Collection, required bool, maxSelect int) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: target.Id, Required: required, MaxSelect: maxSelect}
}

func timestamps(c *core.Collection) {
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true})
	c.Fields.Add(&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true})
}

func slugIndex(c *core.Collection) {
	c.AddIndex("idx_"+c.Name+"_slug", true, "`slug` COLLATE NOCASE", "")
}

func qrIndex(c *core.Collection) {
	c.AddIndex("idx_"+c.Name+"_qr_code", true, "`qr_code`", "`qr_code` != ''")
}

func init() {
	m.Register(func(app core.App) error {
		// organizations ------------------------------------------------
		orgs := core.NewBaseCollection("organizations", "pbc_organizations")
		orgs.ListRule = ptr("")
		orgs.ViewRule = ptr("")
		orgs.CreateRule = ptr(ruleCurator)
		orgs.UpdateRule = ptr(or(ruleCurator, and(ruleEditor, "id = @request.auth.organization")))
		orgs.DeleteRule = ptr(ruleCurator)
		orgs.Fields.Add(
			text("name", true, 300),
			text("short_name", false, 120),
			slugField(),
			sel("kind", true, 1, []string{"school", "kindergarten", "additional", "college", "methodical_service"}),
			text("address", false, 500),
			&core.URLField{Name: "website"},
			text("about", false, maxBody),
		)
		timestamps(orgs)
		slugIndex(orgs)
		orgs.AddIndex("idx_organizations_kind_name", false, "`kind`, `name`", "")
		if err := app.Save(orgs); err != nil {
			return fmt.Errorf("organizations: %w", err)
		}

		// users ---------------------------------------------------------
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users: %w", err)
		}
		usersRead := or(and(ruleSignedIn, "id = @request.auth.id"), ruleCurator,
			and(ruleEditor, "organization = @request.auth.organization"))
		users.ListRule = ptr(usersRead)
		users.ViewRule = ptr(usersRead)
		users.CreateRule = ptr(ruleCurator)
		users.UpdateRule = ptr(or(ruleCurator, and(ruleSignedIn, "id = @request.auth.id",
			"@request.body.role:changed = false", "@request.body.organization:changed = false")))
		users.DeleteRule = ptr(ruleCurator)
		users.ManageRule = ptr(ruleCurator)
		users.Fields.Add(
			sel("role", true, 1, []string{"teacher", "school_editor", "curator"}),
			rel("organization", orgs, false, 1),
		)
		users.AddIndex("idx_users_organization_role", false, "`organization`, `role`", "")
		if err := app.Save(users); err != nil {
			return fmt.Errorf("users: %w", err)
		}

		// teachers ------------------------------------------------------
		teachers := core.NewBaseCollection("teachers", "pbc_teachers")
		ownProfile := and(ruleSignedIn, "user = @request.auth.id")
		editorsTeacher := and(ruleEditor, "organization = @request.auth.organization")
		teachersRead := or("public = true", ruleCurator, ownProfile, editorsTeacher)
		teachers.ListRule = ptr(teachersRead)
		teachers.ViewRule = ptr(teachersRead)
		teachers.CreateRule = ptr(or(ruleCurator,
			and(ruleEditor, "@request.body.organization = @request.auth.organization"),
			// the account link is hidden from request bodies; a hook links a
			// teacher's new profile to their own account
			and(ruleTeacher, "@request.body.organization = @request.auth.organization")))
		teachers.UpdateRule = ptr(or(ruleCurator,
			and(editorsTeacher, "@request.body.organization:changed = false"),
			and(ownProfile, "@request.body.user:changed = false", "@request.body.organization:changed = false")))
		teachers.DeleteRule = ptr(or(ruleCurator, editorsTeacher))
		teachers.Fields.Add(
			text("name", true, 300),
			slugField(),
			// hidden: rules use it, but no reader may see or filter by
			// which account stands behind a profile
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1, Hidden: true},
			rel("organization", orgs, true, 1),
			text("position", false, 300),
			&core.JSONField{Name: "subjects", MaxSize: 10000},
			sel("category", false, 1, []string{"none", "conformity", "first", "highest"}),
			&core.NumberField{Name: "experience_years", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(80.0)},
			text("self_education_theme", false, 1000),
			&core.BoolField{Name: "mentor"},
			&core.BoolField{Name: "methodical_active"},
			&core.BoolField{Name: "expert"},
			&core.BoolField{Name: "tutor"},
			text("bio", false, maxBody),
			&core.FileField{Name: "photo", MaxSelect: 1, MaxSize: 5 << 20, MimeTypes: imageTypes, Thumbs: []string{"240x240"}},
			&core.BoolField{Name: "public"},
		)
		timestamps(teachers)
		slugIndex(teachers)
		teachers.AddIndex("idx_teachers_user", true, "`user`", "`user` != ''")
		teachers.AddIndex("idx_teachers_public_name", false, "`public`, `name`", "")
		teachers.AddIndex("idx_teachers_organization_public_name", false, "`organization`, `public`, `name`", "")
		if err := app.Save(teachers); err != nil {
			return fmt.Errorf("teachers: %w", err)
		}

		// materials -----------------------------------------------------
		materials := core.NewBaseCollection("materials", "pbc_materials")
		ownItem := and(ruleSignedIn, "authors.user ?= @request.auth.id")
		editorsItem := and(ruleEditor, "organization = @request.auth.organization")
		editable := "status = 'draft' || status = 'changes_requested'"
		itemRead := or("status = 'published'", ruleCurator, ownItem, editorsItem)
		itemCreate := or(ruleCurator,
			and(ruleEditor, "@request.body.organization = @request.auth.organization",
				"@request.body.authors:length = 0 || @request.body.authors.organization = @request.auth.organization"),
			and(ruleTeacher, "@request.body.organization = @request.auth.organization",
				"@request.body.authors.user ?= @request.auth.id"))
		itemUpdate := or(ruleCurator,
			and(or(ownItem, editorsItem), editable, "@request.body.organization:changed = false"))
		itemDelete := or(ruleCurator, and(or(ownItem, editorsItem), "status = 'draft'"))
		materials.ListRule = ptr(itemRead)
		materials.ViewRule = ptr(itemRead)
		materials.CreateRule = ptr(itemCreate)
		materials.UpdateRule = ptr(itemUpdate)
		materials.DeleteRule = ptr(itemDelete)
		materials.Fields.Add(
			text("title", true, 500),
			slugField(),
			text("summary", false, 2000),
			text("body", false, maxBody),
			sel("type", true, 1, typeCodes),
			&core.JSONField{Name: "subjects", MaxSize: 10000},
			sel("levels", false, len(levelCodes), levelCodes),
			&core.JSONField{Name: "tags", MaxSize: 10000},
			&core.FileField{Name: "files", MaxSelect: 20, MaxSize: maxFile, MimeTypes: documentTypes},
			// file_names maps a stored file name to its original path, so
			// downloads keep the author's file name and export is lossless.
			&core.JSONField{Name: "file_names", MaxSize: 100000},
			&core.FileField{Name: "cover", MaxSelect: 1, MaxSize: 5 << 20, MimeTypes: imageTypes, Thumbs: []string{"640x360"}},
			&core.RelationField{Name: "authors", CollectionId: teachers.Id, MaxSelect: 20},
			rel("organization", orgs, true, 1),
			text("license", false, 64),
			sel("status", true, 1, workflowCodes),
			&core.BoolField{Name: "best_practice"},
			qrField(),
			&core.DateField{Name: "date"},
			&core.DateField{Name: "published_at"},
		)
		timestamps(materials)
		if err := app.Save(materials); err != nil {
			return fmt.Errorf("materials: %w", err)
		}
		// a self-relation needs the collection's id first
		materials.Fields.Add(&core.RelationField{Name: "related", CollectionId: materials.Id, MaxSelect: 20})
		slugIndex(materials)
		qrIndex(materials)
		materials.AddIndex("idx_materials_status_published", false, "`status`, `published_at` DESC", "")
		materials.AddIndex("idx_materials_status_best_published", false, "`status`, `best_practice`, `published_at` DESC", "")
		materials.AddIndex("idx_materials_org_status_published", false, "`organization`, `status`, `published_at` DESC", "")
		materials.AddIndex("idx_materials_type_status_published", false, "`type`, `status`, `published_at` DESC", "")
		materials.AddIndex("idx_materials_status_created", false, "`status`, `created`", "")
		materials.AddIndex("idx_materials_org_status_created", false, "`organization`, `status`, `created`", "")
		if err := app.Save(materials); err != nil {
			return fmt.Errorf("materials: %w", err)
		}

		// events --------------------------------------------------------
		events := core.NewBaseCollection("events", "pbc_events")
		events.ListRule = ptr("")
		events.ViewRule = ptr("")
		events.CreateRule = ptr(or(ruleCurator, and(ruleEditor, "@request.body.organizer = @request.auth.organization")))
		events.UpdateRule = ptr(or(ruleCurator, and(ruleEditor, "organizer = @request.auth.organization",
			"@request.body.organizer:changed = false")))
		events.DeleteRule = ptr(ruleCurator)
		events.Fields.Add(
			text("title", true, 500),
			slugField(),
			sel("kind", true, 1, kindCodes),
			sel("level", true, 1, []string{"school", "municipal", "regional", "federal"}),
			&core.DateField{Name: "start", Required: true},
			&core.DateField{Name: "end"},
			&core.BoolField{Name: "all_day"},
			text("timezone", false, 64),
			text("location", false, 500),
			&core.URLField{Name: "online_url"},
			rel("organizer", orgs, true, 1),
			text("audience", false, 1000),
			&core.JSONField{Name: "subjects", MaxSize: 10000},
			&core.URLField{Name: "registration_url"},
			&core.RelationField{Name: "materials", CollectionId: materials.Id, MaxSelect: 50},
			sel("status", true, 1, []string{"planned", "cancelled", "done"}),
			qrField(),
			text("body", false, maxBody),
		)
		timestamps(events)
		slugIndex(events)
		qrIndex(events)
		events.AddIndex("idx_events_start", false, "`start`", "")
		events.AddIndex("idx_events_status_start", false, "`status`, `start`", "")
		events.AddIndex("idx_events_organizer_start", false, "`organizer`, `start`", "")
		events.AddIndex("idx_events_kind_start", false, "`kind`, `start`", "")
		events.AddIndex("idx_events_level_start", false, "`level`, `start`", "")
		if err := app.Save(events); err != nil {
			return fmt.Errorf("events: %w", err)
		}

		// practices -----------------------------------------------------
		practices := core.NewBaseCollection("practices", "pbc_practices")
		practices.ListRule = ptr(itemRead)
		practices.ViewRule = ptr(itemRead)
		practices.CreateRule = ptr(itemCreate)
		practices.UpdateRule = ptr(itemUpdate)
		practices.DeleteRule = ptr(itemDelete)
		practices.Fields.Add(
			text("title", true, 500),
			slugField(),
			text("summary", false, 2000),
			text("body", false, maxBody),
			text("results", false, maxBody),
			rel("organization", orgs, true, 1),
			&core.RelationField{Name: "authors", CollectionId: teachers.Id, MaxSelect: 20},
			&core.RelationField{Name: "materials", CollectionId: materials.Id, MaxSelect: 50},
			&core.RelationField{Name: "events", CollectionId: events.Id, MaxSelect: 50},
			sel("status", true, 1, workflowCodes),
			&core.BoolField{Name: "best_practice"},
			qrField(),
			&core.DateField{Name: "published_at"},
		)
		timestamps(practices)
		slugIndex(practices)
		qrIndex(practices)
		practices.AddIndex("idx_practices_status_published", false, "`status`, `published_at` DESC", "")
		practices.AddIndex("idx_practices_org_status_published", false, "`organization`, `status`, `published_at` DESC", "")
		practices.AddIndex("idx_practices_status_created", false, "`status`, `created`", "")
		if err := app.Save(practices); err != nil {
			return fmt.Errorf("practices: %w", err)
		}

		// routes (ИОМ) --------------------------------------------------
		routes := core.NewBaseCollection("routes", "pbc_routes")
		routeOwner := and(ruleSignedIn, "teacher.user = @request.auth.id")
		routeRead := or(routeOwner, and(ruleSignedIn, "mentor.user = @request.auth.id"),
			and(ruleEditor, "teacher.organization = @request.auth.organization"), ruleCurator)
		routes.ListRule = ptr(routeRead)
		routes.ViewRule = ptr(routeRead)
		routes.CreateRule = ptr(and(ruleSignedIn, "@request.body.teacher.user = @request.auth.id"))
		routes.UpdateRule = ptr(and(routeOwner, "@request.body.teacher:changed = false"))
		routes.DeleteRule = ptr(routeOwner)
		routes.Fields.Add(
			rel("teacher", teachers, true, 1),
			text("theme", true, 1000),
			&core.DateField{Name: "period_start"},
			&core.DateField{Name: "period_end"},
			sel("deficits", false, len(deficitCodes), deficitCodes),
			text("goals", false, maxBody),
			rel("mentor", teachers, false, 1),
			sel("status", true, 1, []string{"draft", "active", "completed", "abandoned"}),
		)
		timestamps(routes)
		routes.AddIndex("idx_routes_teacher_period", false, "`teacher`, `period_start` DESC", "")
		routes.AddIndex("idx_routes_mentor", false, "`mentor`", "")
		routes.AddIndex("idx_routes_status_period", false, "`status`, `period_start`", "")
		if err := app.Save(routes); err != nil {
			return fmt.Errorf("routes: %w", err)
		}

		steps := core.NewBaseCollection("route_steps", "pbc_route_steps")
		stepOwner := and(ruleSignedIn, "route.teacher.user = @request.auth.id")
		stepRead := or(stepOwner, and(ruleSignedIn, "route.mentor.user = @request.auth.id"),
			and(ruleEditor, "route.teacher.organization = @request.auth.organization"), ruleCurator)
		steps.ListRule = ptr(stepRead)
		steps.ViewRule = ptr(stepRead)
		steps.CreateRule = ptr(and(ruleSignedIn, "@request.body.route.teacher.user = @request.auth.id"))
		steps.UpdateRule = ptr(and(stepOwner, "@request.body.route:changed = false"))
		steps.DeleteRule = ptr(stepOwner)
		steps.Fields.Add(
			&core.RelationField{Name: "route", CollectionId: routes.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			sel("direction", true, 1, []string{"self_education", "courses", "events", "peer_lessons", "mentoring", "generalization", "other"}),
			text("action", true, 2000),
			&core.DateField{Name: "due"},
			rel("event", events, false, 1),
			rel("material", materials, false, 1),
			&core.DateField{Name: "done_at"},
			&core.FileField{Name: "evidence", MaxSelect: 5, MaxSize: maxFile, MimeTypes: documentTypes, Protected: true},
			text("reflection", false, maxBody),
		)
		timestamps(steps)
		steps.AddIndex("idx_route_steps_route_due", false, "`route`, `due`", "")
		if err := app.Save(steps); err != nil {
			return fmt.Errorf("route_steps: %w", err)
		}

		// mentorships ---------------------------------------------------
		mentorships := core.NewBaseCollection("mentorships", "pbc_mentorships")
		participant := and(ruleSignedIn, "mentor.user = @request.auth.id || mentees.user ?= @request.auth.id")
		editorsPairs := and(ruleEditor, "organization = @request.auth.organization")
		mentorships.ListRule = ptr(or(ruleCurator, participant, editorsPairs))
		mentorships.ViewRule = ptr(or(ruleCurator, participant, editorsPairs))
		mentorships.CreateRule = ptr(or(ruleCurator, and(ruleEditor, "@request.body.organization = @request.auth.organization")))
		mentorships.UpdateRule = ptr(or(ruleCurator, and(editorsPairs, "@request.body.organization:changed = false")))
		mentorships.DeleteRule = ptr(or(ruleCurator, editorsPairs))
		mentorships.Fields.Add(
			rel("mentor", teachers, true, 1),
			&core.RelationField{Name: "mentees", CollectionId: teachers.Id, Required: true, MaxSelect: 30},
			sel("form", true, 1, []string{"pair", "group", "team"}),
			rel("organization", orgs, true, 1),
			text("program", false, maxBody),
			&core.DateField{Name: "start"},
			&core.DateField{Name: "end"},
			&core.RelationField{Name: "events", CollectionId: events.Id, MaxSelect: 50},
			&core.RelationField{Name: "materials", CollectionId: materials.Id, MaxSelect: 50},
		)
		timestamps(mentorships)
		mentorships.AddIndex("idx_mentorships_org_start", false, "`organization`, `start`", "")
		mentorships.AddIndex("idx_mentorships_mentor", false, "`mentor`", "")
		if err := app.Save(mentorships); err != nil {
			return fmt.Errorf("mentorships: %w", err)
		}

		// reviews -------------------------------------------------------
		reviews := core.NewBaseCollection("reviews", "pbc_reviews")
		reviewsRead := or(ruleCurator,
			and(ruleEditor, "material.organization = @request.auth.organization || practice.organization = @request.auth.organization"),
			and(ruleSignedIn, "material.authors.user ?= @request.auth.id || practice.authors.user ?= @request.auth.id"))
		reviews.ListRule = ptr(reviewsRead)
		reviews.ViewRule = ptr(reviewsRead)
		reviews.CreateRule = ptr(and(ruleCurator, "@request.body.reviewer = @request.auth.id"))
		reviews.UpdateRule = ptr(and(ruleCurator, "reviewer = @request.auth.id", "@request.body.reviewer:changed = false"))
		reviews.DeleteRule = ptr(ruleCurator)
		score := func(name string) *core.NumberField {
			return &core.NumberField{Name: name, OnlyInt: true, Min: types.Pointer(1.0), Max: types.Pointer(3.0)}
		}
		reviews.Fields.Add(
			rel("material", materials, false, 1),
			rel("practice", practices, false, 1),
			rel("reviewer", users, true, 1),
			score("relevance"),
			score("quality"),
			score("reproducibility"),
			score("presentation"),
			sel("decision", true, 1, []string{"publish", "changes_requested", "reject"}),
			text("comment", false, 20000),
		)
		timestamps(reviews)
		reviews.AddIndex("idx_reviews_material_created", false, "`material`, `created`", "")
		reviews.AddIndex("idx_reviews_practice_created", false, "`practice`, `created`", "")
		if err := app.Save(reviews); err != nil {
			return fmt.Errorf("reviews: %w", err)
		}

		// qr_codes: the registry that keeps short codes unique across
		// materials, practices and events and never reuses one: a row
		// outlives its record as a tombstone. Superusers only.
		codes := core.NewBaseCollection("qr_codes", "pbc_qr_codes")
		codes.Fields.Add(
			&core.TextField{Name: "code", Required: true, Max: 6, Pattern: qrPattern},
			sel("target_collection", true, 1, []string{"materials", "practices", "events"}),
			text("target_id", true, 15),
			&core.BoolField{Name: "retired"},
		)
		timestamps(codes)
		codes.AddIndex("idx_qr_codes_code", true, "`code`", "")
		codes.AddIndex("idx_qr_codes_target", false, "`target_collection`, `target_id`", "")
		if err := app.Save(codes); err != nil {
			return fmt.Errorf("qr_codes: %w", err)
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"qr_codes", "reviews", "mentorships", "route_steps", "routes",
			"practices", "events", "materials", "teachers"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if err := app.Delete(c); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users: %w", err)
		}
		users.Fields.RemoveByName("role")
		users.Fields.RemoveByName("organization")
		users.RemoveIndex("idx_users_organization_role")
		if err := app.Save(users); err != nil {
			return fmt.Errorf("users: %w", err)
		}
		orgs, err := app.FindCollectionByNameOrId("organizations")
		if err != nil {
			return fmt.Errorf("organizations: %w", err)
		}
		return app.Delete(orgs)
	})
}

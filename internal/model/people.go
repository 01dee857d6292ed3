package model

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Organization is a record of organizations: a school, a kindergarten,
// the methodical service.
type Organization struct {
	base
}

var _ Slugged = (*Organization)(nil)

// AsOrganization wraps a record of organizations.
func AsOrganization(rec *core.Record) *Organization { return wrap[Organization](rec) }

// NewOrganization returns a new, unsaved organization.
func NewOrganization(app core.App) (*Organization, error) {
	return create[Organization](app, schema.Organizations)
}

// FindOrganization returns the organization with id.
func FindOrganization(app core.App, id string) (*Organization, error) {
	return find[Organization](app, schema.Organizations, id)
}

// FindMethodicalService returns the methodical service, the first by name
// if there are several.
func FindMethodicalService(app core.App) (*Organization, error) {
	found, err := app.FindRecordsByFilter(schema.Organizations, fieldKind+" = {:kind}", fieldName, 1, 0,
		dbx.Params{"kind": kindMethodicalService})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, errNotFound(schema.Organizations)
	}
	return AsOrganization(found[0]), nil
}

// Name returns the full name.
func (o *Organization) Name() string { return o.GetString(fieldName) }

// SetName sets the full name.
func (o *Organization) SetName(name string) { o.Set(fieldName, name) }

// ShortName returns the short name.
func (o *Organization) ShortName() string { return o.GetString(fieldShortName) }

// ShortOrName is the short name where space is tight, else the name.
func (o *Organization) ShortOrName() string {
	if s := o.ShortName(); s != "" {
		return s
	}
	return o.Name()
}

// SetShortName sets the short name.
func (o *Organization) SetShortName(name string) { o.Set(fieldShortName, name) }

// Slug returns the slug of the organization's page.
func (o *Organization) Slug() string { return o.GetString(fieldSlug) }

// SetSlug sets the slug of the organization's page.
func (o *Organization) SetSlug(slug string) { o.Set(fieldSlug, slug) }

// SlugSource returns the text the slug is made from: the name.
func (o *Organization) SlugSource() string { return o.Name() }

// Kind returns the organization kind code (schema.OrganizationKinds).
func (o *Organization) Kind() string { return o.GetString(fieldKind) }

// SetKind sets the organization kind code (schema.OrganizationKinds).
func (o *Organization) SetKind(code string) { o.Set(fieldKind, code) }

// IsMethodicalService reports whether the organization is a methodical service.
func (o *Organization) IsMethodicalService() bool { return o.Kind() == kindMethodicalService }

// Address returns the postal address.
func (o *Organization) Address() string { return o.GetString(fieldAddress) }

// SetAddress sets the postal address.
func (o *Organization) SetAddress(address string) { o.Set(fieldAddress, address) }

// Website returns the address of the organization's own site.
func (o *Organization) Website() string { return o.GetString(fieldWebsite) }

// SetWebsite sets the address of the organization's own site.
func (o *Organization) SetWebsite(url string) { o.Set(fieldWebsite, url) }

// About returns the description (Markdown).
func (o *Organization) About() string { return o.GetString(fieldAbout) }

// SetAbout sets the description (Markdown).
func (o *Organization) SetAbout(about string) { o.Set(fieldAbout, about) }

// Teacher is a record of teachers: a teacher's profile, which may or may
// not stand for a user account.
type Teacher struct {
	base
}

var _ Slugged = (*Teacher)(nil)

// AsTeacher wraps a record of teachers.
func AsTeacher(rec *core.Record) *Teacher { return wrap[Teacher](rec) }

// NewTeacher returns a new, unsaved teacher profile.
func NewTeacher(app core.App) (*Teacher, error) { return create[Teacher](app, schema.Teachers) }

// FindTeacher returns the teacher profile with id.
func FindTeacher(app core.App, id string) (*Teacher, error) {
	return find[Teacher](app, schema.Teachers, id)
}

// FindTeacherOfUser returns the teacher profile of the user account with id.
func FindTeacherOfUser(app core.App, userId string) (*Teacher, error) {
	rec, err := app.FindFirstRecordByFilter(schema.Teachers, fieldUser+" = {:u}", dbx.Params{"u": userId})
	if err != nil {
		return nil, err
	}
	return AsTeacher(rec), nil
}

// Name returns the teacher's full name.
func (t *Teacher) Name() string { return t.GetString(fieldName) }

// SetName sets the teacher's full name.
func (t *Teacher) SetName(name string) { t.Set(fieldName, name) }

// Slug returns the slug of the profile's page.
func (t *Teacher) Slug() string { return t.GetString(fieldSlug) }

// SetSlug sets the slug of the profile's page.
func (t *Teacher) SetSlug(slug string) { t.Set(fieldSlug, slug) }

// SlugSource returns the text the slug is made from: the name.
func (t *Teacher) SlugSource() string { return t.Name() }

// User returns the id of the user account behind the profile, if any.
func (t *Teacher) User() string { return t.GetString(fieldUser) }

// SetUser sets the id of the user account behind the profile.
func (t *Teacher) SetUser(id string) { t.Set(fieldUser, id) }

// Organization returns the id of the organization the teacher works in.
func (t *Teacher) Organization() string { return t.GetString(fieldOrganization) }

// SetOrganization sets the id of the organization the teacher works in.
func (t *Teacher) SetOrganization(id string) { t.Set(fieldOrganization, id) }

// Position returns the teacher's position.
func (t *Teacher) Position() string { return t.GetString(fieldPosition) }

// SetPosition sets the teacher's position.
func (t *Teacher) SetPosition(position string) { t.Set(fieldPosition, position) }

// Subjects returns the school subjects the teacher teaches.
func (t *Teacher) Subjects() []string { return t.GetStringSlice(fieldSubjects) }

// SetSubjects sets the school subjects the teacher teaches.
func (t *Teacher) SetSubjects(subjects []string) { t.Set(fieldSubjects, subjects) }

// Category returns the qualification category code (schema.Categories).
func (t *Teacher) Category() string { return t.GetString(fieldCategory) }

// SetCategory sets the qualification category code (schema.Categories).
func (t *Teacher) SetCategory(code string) { t.Set(fieldCategory, code) }

// ExperienceYears returns the years of teaching experience.
func (t *Teacher) ExperienceYears() int { return t.GetInt(fieldExperienceYears) }

// SetExperienceYears sets the years of teaching experience.
func (t *Teacher) SetExperienceYears(years int) { t.Set(fieldExperienceYears, years) }

// SelfEducationTheme returns the theme of the teacher's self-education.
func (t *Teacher) SelfEducationTheme() string { return t.GetString(fieldSelfEducationTheme) }

// SetSelfEducationTheme sets the theme of the teacher's self-education.
func (t *Teacher) SetSelfEducationTheme(theme string) { t.Set(fieldSelfEducationTheme, theme) }

// Mentor reports whether the teacher is a mentor.
func (t *Teacher) Mentor() bool { return t.GetBool(fieldMentor) }

// SetMentor sets whether the teacher is a mentor.
func (t *Teacher) SetMentor(mentor bool) { t.Set(fieldMentor, mentor) }

// MethodicalActive reports whether the teacher takes part in methodical work.
func (t *Teacher) MethodicalActive() bool { return t.GetBool(fieldMethodicalActive) }

// SetMethodicalActive sets whether the teacher takes part in methodical work.
func (t *Teacher) SetMethodicalActive(active bool) { t.Set(fieldMethodicalActive, active) }

// Expert reports whether the teacher is an expert.
func (t *Teacher) Expert() bool { return t.GetBool(fieldExpert) }

// SetExpert sets whether the teacher is an expert.
func (t *Teacher) SetExpert(expert bool) { t.Set(fieldExpert, expert) }

// Tutor reports whether the teacher is a tutor.
func (t *Teacher) Tutor() bool { return t.GetBool(fieldTutor) }

// SetTutor sets whether the teacher is a tutor.
func (t *Teacher) SetTutor(tutor bool) { t.Set(fieldTutor, tutor) }

// Bio returns the teacher's biography (Markdown).
func (t *Teacher) Bio() string { return t.GetString(fieldBio) }

// SetBio sets the teacher's biography (Markdown).
func (t *Teacher) SetBio(bio string) { t.Set(fieldBio, bio) }

// Photo returns the stored name of the photo, if any.
func (t *Teacher) Photo() string { return t.GetString(fieldPhoto) }

// Public reports whether the profile is shown on the public site.
func (t *Teacher) Public() bool { return t.GetBool(fieldPublic) }

// SetPublic sets whether the profile is shown on the public site.
func (t *Teacher) SetPublic(public bool) { t.Set(fieldPublic, public) }

package model

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
)

// Item is a reviewable record: a material or a practice. Both
// collections share these fields and the status workflow, so the
// workflow's rules read either through an Item.
type Item struct {
	base
}

var _ core.RecordProxy = (*Item)(nil)

// AsItem wraps a record of materials or practices.
func AsItem(rec *core.Record) *Item { return wrap[Item](rec) }

// FindItem returns the material or practice (by collection) with id.
func FindItem(app core.App, collection, id string) (*Item, error) {
	if collection != schema.Materials && collection != schema.Practices {
		return nil, fmt.Errorf("model: %s holds no reviewable items", collection)
	}
	return find[Item](app, collection, id)
}

// Title returns the title.
func (i *Item) Title() string { return i.GetString(fieldTitle) }

// SetTitle sets the title.
func (i *Item) SetTitle(title string) { i.Set(fieldTitle, title) }

// Slug returns the slug of the item's page.
func (i *Item) Slug() string { return i.GetString(fieldSlug) }

// SetSlug sets the slug of the item's page.
func (i *Item) SetSlug(slug string) { i.Set(fieldSlug, slug) }

// SlugSource returns the text the slug is made from: the title.
func (i *Item) SlugSource() string { return i.Title() }

// Summary returns the short summary.
func (i *Item) Summary() string { return i.GetString(fieldSummary) }

// SetSummary sets the short summary.
func (i *Item) SetSummary(summary string) { i.Set(fieldSummary, summary) }

// Body returns the text (Markdown).
func (i *Item) Body() string { return i.GetString(fieldBody) }

// SetBody sets the text (Markdown).
func (i *Item) SetBody(body string) { i.Set(fieldBody, body) }

// Organization returns the id of the organization the item belongs to.
func (i *Item) Organization() string { return i.GetString(fieldOrganization) }

// SetOrganization sets the id of the organization the item belongs to.
func (i *Item) SetOrganization(id string) { i.Set(fieldOrganization, id) }

// Authors returns the ids of the authors' teacher profiles.
func (i *Item) Authors() []string { return i.GetStringSlice(fieldAuthors) }

// SetAuthors sets the ids of the authors' teacher profiles.
func (i *Item) SetAuthors(ids []string) { i.Set(fieldAuthors, ids) }

// HasAuthor reports whether the teacher profile with id is an author.
func (i *Item) HasAuthor(teacherId string) bool { return slices.Contains(i.Authors(), teacherId) }

// Status returns the workflow status (schema.WorkflowStatuses).
func (i *Item) Status() string { return i.GetString(fieldStatus) }

// SetStatus sets the workflow status (schema.WorkflowStatuses).
func (i *Item) SetStatus(status string) { i.Set(fieldStatus, status) }

// IsPublished reports whether the item's status is published.
func (i *Item) IsPublished() bool { return i.Status() == schema.StatusPublished }

// BestPractice reports whether a curator marked the item a best practice.
func (i *Item) BestPractice() bool { return i.GetBool(fieldBestPractice) }

// SetBestPractice marks or unmarks the item a best practice.
func (i *Item) SetBestPractice(best bool) { i.Set(fieldBestPractice, best) }

// QRCode returns the item's QR short code.
func (i *Item) QRCode() string { return i.GetString(fieldQRCode) }

// SetQRCode sets the item's QR short code.
func (i *Item) SetQRCode(code string) { i.Set(fieldQRCode, code) }

// PublishedAt returns when the item was first published; zero if never.
func (i *Item) PublishedAt() types.DateTime { return i.GetDateTime(fieldPublishedAt) }

// SetPublishedAt sets when the item was first published.
func (i *Item) SetPublishedAt(t types.DateTime) { i.Set(fieldPublishedAt, t) }

// Material is a record of materials.
type Material struct {
	Item
}

var _ Slugged = (*Material)(nil)
var _ Coded = (*Material)(nil)

// AsMaterial wraps a record of materials.
func AsMaterial(rec *core.Record) *Material { return wrap[Material](rec) }

// NewMaterial returns a new, unsaved material.
func NewMaterial(app core.App) (*Material, error) { return create[Material](app, schema.Materials) }

// FindMaterial returns the material with id.
func FindMaterial(app core.App, id string) (*Material, error) {
	return find[Material](app, schema.Materials, id)
}

// Type returns the material type code (schema.MaterialTypes).
func (m *Material) Type() string { return m.GetString(fieldType) }

// SetType sets the material type code (schema.MaterialTypes).
func (m *Material) SetType(code string) { m.Set(fieldType, code) }

// Subjects returns the school subjects the material is about.
func (m *Material) Subjects() []string { return m.GetStringSlice(fieldSubjects) }

// SetSubjects sets the school subjects the material is about.
func (m *Material) SetSubjects(subjects []string) { m.Set(fieldSubjects, subjects) }

// Levels returns the education level codes (schema.Levels).
func (m *Material) Levels() []string { return m.GetStringSlice(fieldLevels) }

// SetLevels sets the education level codes (schema.Levels).
func (m *Material) SetLevels(codes []string) { m.Set(fieldLevels, codes) }

// Tags returns the free tags.
func (m *Material) Tags() []string { return m.GetStringSlice(fieldTags) }

// SetTags sets the free tags.
func (m *Material) SetTags(tags []string) { m.Set(fieldTags, tags) }

// Files returns the stored names of the attached files.
func (m *Material) Files() []string { return m.GetStringSlice(fieldFiles) }

// FileNames returns the map of a stored file name to its original path.
// When the field does not read as such a map, it returns what could be
// read of it (often nothing) with the error.
func (m *Material) FileNames() (map[string]string, error) {
	names := map[string]string{}
	err := m.UnmarshalJSONField(fieldFileNames, &names)
	return names, err
}

// SetFileNames sets the map of a stored file name to its original path.
func (m *Material) SetFileNames(names map[string]string) { m.Set(fieldFileNames, names) }

// Cover returns the stored name of the cover image, if any.
func (m *Material) Cover() string { return m.GetString(fieldCover) }

// License returns the license code, such as CC-BY-4.0.
func (i *Item) License() string { return i.GetString(fieldLicense) }

// SetLicense sets the license code.
func (i *Item) SetLicense(license string) { i.Set(fieldLicense, license) }

// Date returns the date of the material itself (of the lesson, the report).
func (m *Material) Date() types.DateTime { return m.GetDateTime(fieldDate) }

// SetDate sets the date of the material itself.
func (m *Material) SetDate(t types.DateTime) { m.Set(fieldDate, t) }

// Related returns the ids of related materials.
func (m *Material) Related() []string { return m.GetStringSlice(fieldRelated) }

// SetRelated sets the ids of related materials.
func (m *Material) SetRelated(ids []string) { m.Set(fieldRelated, ids) }

// Practice is a record of practices.
type Practice struct {
	Item
}

var _ Slugged = (*Practice)(nil)
var _ Coded = (*Practice)(nil)

// AsPractice wraps a record of practices.
func AsPractice(rec *core.Record) *Practice { return wrap[Practice](rec) }

// NewPractice returns a new, unsaved practice.
func NewPractice(app core.App) (*Practice, error) { return create[Practice](app, schema.Practices) }

// FindPractice returns the practice with id.
func FindPractice(app core.App, id string) (*Practice, error) {
	return find[Practice](app, schema.Practices, id)
}

// Results returns the description of the practice's results.
func (p *Practice) Results() string { return p.GetString(fieldResults) }

// SetResults sets the description of the practice's results.
func (p *Practice) SetResults(results string) { p.Set(fieldResults, results) }

// Materials returns the ids of the practice's materials.
func (p *Practice) Materials() []string { return p.GetStringSlice(fieldMaterials) }

// SetMaterials sets the ids of the practice's materials.
func (p *Practice) SetMaterials(ids []string) { p.Set(fieldMaterials, ids) }

// Events returns the ids of the practice's events.
func (p *Practice) Events() []string { return p.GetStringSlice(fieldEvents) }

// SetEvents sets the ids of the practice's events.
func (p *Practice) SetEvents(ids []string) { p.Set(fieldEvents, ids) }

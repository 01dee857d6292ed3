package model

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
)

// Event is a record of events: a seminar, an open lesson, a contest.
type Event struct {
	base
}

var _ Slugged = (*Event)(nil)
var _ Coded = (*Event)(nil)

// AsEvent wraps a record of events.
func AsEvent(rec *core.Record) *Event { return wrap[Event](rec) }

// NewEvent returns a new, unsaved event.
func NewEvent(app core.App) (*Event, error) { return create[Event](app, schema.Events) }

// FindEvent returns the event with id.
func FindEvent(app core.App, id string) (*Event, error) {
	return find[Event](app, schema.Events, id)
}

// Title returns the title.
func (e *Event) Title() string { return e.GetString(fieldTitle) }

// SetTitle sets the title.
func (e *Event) SetTitle(title string) { e.Set(fieldTitle, title) }

// Slug returns the slug of the event's page.
func (e *Event) Slug() string { return e.GetString(fieldSlug) }

// SetSlug sets the slug of the event's page.
func (e *Event) SetSlug(slug string) { e.Set(fieldSlug, slug) }

// SlugSource returns the text the slug is made from: the title.
func (e *Event) SlugSource() string { return e.Title() }

// Kind returns the event kind code (schema.EventKinds).
func (e *Event) Kind() string { return e.GetString(fieldKind) }

// SetKind sets the event kind code (schema.EventKinds).
func (e *Event) SetKind(code string) { e.Set(fieldKind, code) }

// Level returns the event level code (schema.EventLevels).
func (e *Event) Level() string { return e.GetString(fieldLevel) }

// SetLevel sets the event level code (schema.EventLevels).
func (e *Event) SetLevel(code string) { e.Set(fieldLevel, code) }

// Start returns when the event starts.
func (e *Event) Start() types.DateTime { return e.GetDateTime(fieldStart) }

// SetStart sets when the event starts.
func (e *Event) SetStart(t types.DateTime) { e.Set(fieldStart, t) }

// End returns when the event ends; zero if not set.
func (e *Event) End() types.DateTime { return e.GetDateTime(fieldEnd) }

// SetEnd sets when the event ends.
func (e *Event) SetEnd(t types.DateTime) { e.Set(fieldEnd, t) }

// AllDay reports whether the event lasts whole days, with no hours.
func (e *Event) AllDay() bool { return e.GetBool(fieldAllDay) }

// SetAllDay sets whether the event lasts whole days.
func (e *Event) SetAllDay(allDay bool) { e.Set(fieldAllDay, allDay) }

// Timezone returns the IANA time zone the event's times are given in.
func (e *Event) Timezone() string { return e.GetString(fieldTimezone) }

// SetTimezone sets the IANA time zone the event's times are given in.
func (e *Event) SetTimezone(tz string) { e.Set(fieldTimezone, tz) }

// Location returns where the event takes place.
func (e *Event) Location() string { return e.GetString(fieldLocation) }

// SetLocation sets where the event takes place.
func (e *Event) SetLocation(location string) { e.Set(fieldLocation, location) }

// OnlineURL returns the address to join the event online.
func (e *Event) OnlineURL() string { return e.GetString(fieldOnlineURL) }

// SetOnlineURL sets the address to join the event online.
func (e *Event) SetOnlineURL(url string) { e.Set(fieldOnlineURL, url) }

// Organizer returns the id of the organizing organization.
func (e *Event) Organizer() string { return e.GetString(fieldOrganizer) }

// SetOrganizer sets the id of the organizing organization.
func (e *Event) SetOrganizer(id string) { e.Set(fieldOrganizer, id) }

// Audience returns whom the event is for.
func (e *Event) Audience() string { return e.GetString(fieldAudience) }

// SetAudience sets whom the event is for.
func (e *Event) SetAudience(audience string) { e.Set(fieldAudience, audience) }

// Subjects returns the school subjects the event is about.
func (e *Event) Subjects() []string { return e.GetStringSlice(fieldSubjects) }

// SetSubjects sets the school subjects the event is about.
func (e *Event) SetSubjects(subjects []string) { e.Set(fieldSubjects, subjects) }

// RegistrationURL returns the address to register for the event.
func (e *Event) RegistrationURL() string { return e.GetString(fieldRegistrationURL) }

// SetRegistrationURL sets the address to register for the event.
func (e *Event) SetRegistrationURL(url string) { e.Set(fieldRegistrationURL, url) }

// Materials returns the ids of the materials presented at the event.
func (e *Event) Materials() []string { return e.GetStringSlice(fieldMaterials) }

// SetMaterials sets the ids of the materials presented at the event.
func (e *Event) SetMaterials(ids []string) { e.Set(fieldMaterials, ids) }

// HasMaterial reports whether the material with id was presented at the event.
func (e *Event) HasMaterial(materialId string) bool {
	return slices.Contains(e.Materials(), materialId)
}

// Status returns the event status (schema.EventStatuses).
func (e *Event) Status() string { return e.GetString(fieldStatus) }

// License returns the license code of its programme, such as CC-BY-4.0.
func (e *Event) License() string { return e.GetString(fieldLicense) }

// SetStatus sets the event status (schema.EventStatuses).
func (e *Event) SetStatus(status string) { e.Set(fieldStatus, status) }

// QRCode returns the event's QR short code.
func (e *Event) QRCode() string { return e.GetString(fieldQRCode) }

// SetQRCode sets the event's QR short code.
func (e *Event) SetQRCode(code string) { e.Set(fieldQRCode, code) }

// Body returns the description (Markdown).
func (e *Event) Body() string { return e.GetString(fieldBody) }

// SetBody sets the description (Markdown).
func (e *Event) SetBody(body string) { e.Set(fieldBody, body) }

package model

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
)

// Mentorship is a record of mentorships: a mentor and their mentees, as a
// pair, a group or a team.
type Mentorship struct {
	base
}

var _ core.RecordProxy = (*Mentorship)(nil)

// AsMentorship wraps a record of mentorships.
func AsMentorship(rec *core.Record) *Mentorship { return wrap[Mentorship](rec) }

// NewMentorship returns a new, unsaved mentorship.
func NewMentorship(app core.App) (*Mentorship, error) {
	return create[Mentorship](app, schema.Mentorships)
}

// FindMentorship returns the mentorship with id.
func FindMentorship(app core.App, id string) (*Mentorship, error) {
	return find[Mentorship](app, schema.Mentorships, id)
}

// Mentor returns the id of the mentor's teacher profile.
func (m *Mentorship) Mentor() string { return m.GetString(fieldMentor) }

// SetMentor sets the id of the mentor's teacher profile.
func (m *Mentorship) SetMentor(id string) { m.Set(fieldMentor, id) }

// Mentees returns the ids of the mentees' teacher profiles.
func (m *Mentorship) Mentees() []string { return m.GetStringSlice(fieldMentees) }

// SetMentees sets the ids of the mentees' teacher profiles.
func (m *Mentorship) SetMentees(ids []string) { m.Set(fieldMentees, ids) }

// Form returns the form code (schema.MentorshipForms).
func (m *Mentorship) Form() string { return m.GetString(fieldForm) }

// SetForm sets the form code (schema.MentorshipForms).
func (m *Mentorship) SetForm(code string) { m.Set(fieldForm, code) }

// Organization returns the id of the organization the mentorship belongs to.
func (m *Mentorship) Organization() string { return m.GetString(fieldOrganization) }

// SetOrganization sets the id of the organization the mentorship belongs to.
func (m *Mentorship) SetOrganization(id string) { m.Set(fieldOrganization, id) }

// Program returns the mentorship's program.
func (m *Mentorship) Program() string { return m.GetString(fieldProgram) }

// SetProgram sets the mentorship's program.
func (m *Mentorship) SetProgram(program string) { m.Set(fieldProgram, program) }

// Start returns when the mentorship starts; zero if not set.
func (m *Mentorship) Start() types.DateTime { return m.GetDateTime(fieldStart) }

// SetStart sets when the mentorship starts.
func (m *Mentorship) SetStart(t types.DateTime) { m.Set(fieldStart, t) }

// End returns when the mentorship ends; zero if not set.
func (m *Mentorship) End() types.DateTime { return m.GetDateTime(fieldEnd) }

// SetEnd sets when the mentorship ends.
func (m *Mentorship) SetEnd(t types.DateTime) { m.Set(fieldEnd, t) }

// Events returns the ids of the mentorship's events.
func (m *Mentorship) Events() []string { return m.GetStringSlice(fieldEvents) }

// SetEvents sets the ids of the mentorship's events.
func (m *Mentorship) SetEvents(ids []string) { m.Set(fieldEvents, ids) }

// Materials returns the ids of the mentorship's materials.
func (m *Mentorship) Materials() []string { return m.GetStringSlice(fieldMaterials) }

// SetMaterials sets the ids of the mentorship's materials.
func (m *Mentorship) SetMaterials(ids []string) { m.Set(fieldMaterials, ids) }

package workflow

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Statuses of mentorships (schema.MentorshipStatuses).
const (
	MentorshipProposed  = "proposed"
	MentorshipConfirmed = "confirmed"
)

// proposeAcrossSchools makes a mentorship that a deputy director pairs
// across schools — a mentor or a mentee of another organization, or a
// team with partner organizations — a proposal the municipal service
// confirms (seed 003: «двух и более команд образовательных организаций»).
// A confirmed one stays confirmed while its people and organizations stay
// as they were. Curators' saves are theirs to confirm.
func proposeAcrossSchools(e *core.RecordRequestEvent) error {
	if RoleOf(e.RequestEvent) != schema.RoleSchoolEditor {
		return e.Next()
	}
	crosses, err := crossesSchools(e.App, e.Record)
	if err != nil {
		return err
	}
	if crosses {
		old := e.Record.Original()
		same := !e.Record.IsNew() && old.GetString("status") != MentorshipProposed &&
			old.GetString("mentor") == e.Record.GetString("mentor") &&
			slices.Equal(old.GetStringSlice("mentees"), e.Record.GetStringSlice("mentees")) &&
			slices.Equal(old.GetStringSlice("organizations"), e.Record.GetStringSlice("organizations"))
		if same {
			e.Record.Set("status", old.GetString("status"))
		} else {
			e.Record.Set("status", MentorshipProposed)
		}
	} else if e.Record.GetString("status") == MentorshipConfirmed && !e.Record.IsNew() &&
		e.Record.Original().GetString("status") != MentorshipConfirmed {
		// a deputy director confirms nothing
		e.Record.Set("status", e.Record.Original().GetString("status"))
	}
	return e.Next()
}

// crossesSchools reports whether a mentorship pairs people of another
// organization than its own or names partner organizations.
func crossesSchools(app core.App, r *core.Record) (bool, error) {
	if len(r.GetStringSlice("organizations")) > 0 {
		return true, nil
	}
	people := append([]string{r.GetString("mentor")}, r.GetStringSlice("mentees")...)
	found, err := app.FindRecordsByIds(schema.Teachers, people)
	if err != nil {
		return false, fmt.Errorf("people of mentorship %s: %w", r.Id, err)
	}
	for _, t := range found {
		if t.GetString("organization") != r.GetString("organization") {
			return true, nil
		}
	}
	return false, nil
}

package workflow

import (
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

func TestAllowedTransitionsByRole(t *testing.T) {
	const (
		draft     = schema.StatusDraft
		submitted = schema.StatusSubmitted
		published = schema.StatusPublished
		changes   = schema.StatusChangesRequested
		rejected  = schema.StatusRejected
		archived  = schema.StatusArchived
	)
	allowed := map[string][][2]string{
		schema.RoleTeacher:      {{draft, submitted}, {changes, submitted}},
		schema.RoleSchoolEditor: {{draft, submitted}, {changes, submitted}},
		schema.RoleCurator: {{draft, submitted}, {changes, submitted}, {submitted, published},
			{submitted, changes}, {submitted, rejected}, {published, archived}},
	}
	for _, role := range []string{schema.RoleTeacher, schema.RoleSchoolEditor, schema.RoleCurator, schema.RoleAnonymous} {
		want := map[[2]string]bool{}
		for _, m := range allowed[role] {
			want[m] = true
		}
		for _, from := range schema.WorkflowStatuses {
			for _, to := range schema.WorkflowStatuses {
				if from == to {
					continue
				}
				if got := Allowed(role, from, to); got != want[[2]string{from, to}] {
					t.Errorf("Allowed(%s, %s → %s) = %v", role, from, to, got)
				}
			}
		}
	}
	if !Allowed(schema.RoleSuperuser, schema.StatusArchived, schema.StatusPublished) {
		t.Error("a superuser may set any status")
	}
}

func TestInitialStatusByRole(t *testing.T) {
	tests := []struct {
		role, status string
		want         bool
	}{
		{schema.RoleTeacher, schema.StatusDraft, true},
		{schema.RoleTeacher, schema.StatusSubmitted, true},
		{schema.RoleTeacher, schema.StatusPublished, false},
		{schema.RoleSchoolEditor, schema.StatusChangesRequested, false},
		{schema.RoleCurator, schema.StatusPublished, true},
		{schema.RoleCurator, schema.StatusArchived, false},
		{schema.RoleAnonymous, schema.StatusDraft, false},
	}
	for _, tt := range tests {
		if got := InitialAllowed(tt.role, tt.status); got != tt.want {
			t.Errorf("InitialAllowed(%s, %s) = %v", tt.role, tt.status, got)
		}
	}
}

// Package workflow holds the rules every record of kopilka obeys whoever
// saves it: slugs, QR short codes and their registry, the publication date,
// and the status workflow of materials and practices.
package workflow

import (
	"github.com/kopilka/kopilka/internal/schema"
)

type transition struct{ from, to string }

// authorMoves are the status changes an author (teacher or school editor)
// may make; a curator may make these and curatorMoves.
var authorMoves = map[transition]bool{
	{schema.StatusDraft, schema.StatusSubmitted}:            true,
	{schema.StatusChangesRequested, schema.StatusSubmitted}: true,
}

var curatorMoves = map[transition]bool{
	{schema.StatusSubmitted, schema.StatusPublished}:        true,
	{schema.StatusSubmitted, schema.StatusChangesRequested}: true,
	{schema.StatusSubmitted, schema.StatusRejected}:         true,
	{schema.StatusPublished, schema.StatusArchived}:         true,
}

// Allowed reports whether a user of role may move a material or practice
// from one status to another. Staying in the same status is always allowed
// here; whether the record may be edited at all is the API rules' business.
func Allowed(role, from, to string) bool {
	if from == to {
		return true
	}
	t := transition{from, to}
	switch role {
	case schema.RoleSuperuser:
		return schema.Contains(schema.WorkflowStatuses, to)
	case schema.RoleCurator:
		return authorMoves[t] || curatorMoves[t]
	case schema.RoleTeacher, schema.RoleSchoolEditor:
		return authorMoves[t]
	}
	return false
}

// InitialAllowed reports whether a user of role may create a material or
// practice in the given status.
func InitialAllowed(role, status string) bool {
	switch role {
	case schema.RoleSuperuser:
		return schema.Contains(schema.WorkflowStatuses, status)
	case schema.RoleCurator:
		return status == schema.StatusDraft || status == schema.StatusSubmitted || status == schema.StatusPublished
	case schema.RoleTeacher, schema.RoleSchoolEditor:
		return status == schema.StatusDraft || status == schema.StatusSubmitted
	}
	return false
}

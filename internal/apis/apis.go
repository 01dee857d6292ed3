// Package apis holds kopilka's own HTTP endpoints beside PocketBase's
// REST API, one file a group, as PocketBase's own apis package does:
// the site's status and rebuild, the short links of QR codes, scan
// statistics, QR sheets and certificates. internal/app binds them.
package apis

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/workflow"
)

// isCurator tells whether the request is a curator's or a superuser's.
func isCurator(e *core.RequestEvent) bool {
	role := workflow.RoleOf(e)
	return role == schema.RoleCurator || role == schema.RoleSuperuser
}

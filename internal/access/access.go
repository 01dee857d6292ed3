// Package access closes what the API rules alone leave open: the file URLs
// of attachments, and linking a teacher's own profile to their account.
package access

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Register binds the guards to app.
func Register(app core.App) {
	app.OnFileDownloadRequest().BindFunc(guardFile)
	app.OnRecordCreateRequest(schema.Teachers).BindFunc(linkOwnProfile)
}

// linkOwnProfile ties the profile a teacher creates to the teacher's own
// account. The link is a hidden field, which PocketBase strips from the
// bodies of non-superusers, so a teacher can neither set it nor point it
// at someone else; the unique index allows one profile per account.
func linkOwnProfile(e *core.RecordRequestEvent) error {
	if e.Auth != nil && !e.Auth.IsSuperuser() && e.Auth.GetString("role") == schema.RoleTeacher {
		e.Record.Set("user", e.Auth.Id)
	}
	return e.Next()
}

// guardFile serves an attachment only to whoever may view its record.
// PocketBase checks the view rule for protected files alone; our files are
// public once their material is published, and must stay unreachable
// before that even by someone who learned the URL.
func guardFile(e *core.FileDownloadRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.NotFoundError("", err)
	}
	if !info.HasSuperuserAuth() {
		ok, err := e.App.CanAccessRecord(e.Record, info, e.Collection.ViewRule)
		if err != nil || !ok {
			return e.NotFoundError("", err)
		}
	}
	return e.Next()
}

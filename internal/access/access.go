// Package access closes the read paths the API rules alone leave open: the
// file URLs of attachments and the private fields of teacher profiles.
package access

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Register binds the guards to app.
func Register(app core.App) {
	app.OnFileDownloadRequest().BindFunc(guardFile)
	app.OnRecordEnrich(schema.Teachers).BindFunc(hideTeacherLink)
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

// hideTeacherLink removes the account link from a teacher profile for
// anyone but the teacher, their school's editor and curators: a public
// profile shows the person's professional face, not their account.
func hideTeacherLink(e *core.RecordEnrichEvent) error {
	if !mayManageTeacher(e.RequestInfo, e.Record) {
		e.Record.Hide("user")
	}
	return e.Next()
}

func mayManageTeacher(info *core.RequestInfo, teacher *core.Record) bool {
	if info == nil || info.Auth == nil {
		return false
	}
	if info.Auth.IsSuperuser() {
		return true
	}
	switch info.Auth.GetString("role") {
	case schema.RoleCurator:
		return true
	case schema.RoleSchoolEditor:
		return info.Auth.GetString("organization") == teacher.GetString("organization")
	}
	return teacher.GetString("user") == info.Auth.Id
}

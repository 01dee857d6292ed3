// Package access closes a read path the API rules alone leave open: the
// file URLs of attachments.
package access

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register binds the guards to app.
func Register(app core.App) {
	app.OnFileDownloadRequest().BindFunc(guardFile)
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

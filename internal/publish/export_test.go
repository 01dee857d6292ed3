package publish

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// SnapshotThrough is a live site's snapshot: through the record cache rc,
// kept between calls.
func SnapshotThrough(app core.App, st sitesettings.Settings, rc *RecordCache) (*sitegen.Site, error) {
	return snapshot(app, st, &MarkdownCache{}, rc)
}

// KeptRecords counts the records of collection rc keeps.
func KeptRecords(rc *RecordCache, collection string) int {
	return len(rc.records[collection])
}

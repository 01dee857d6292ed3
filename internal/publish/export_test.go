package publish

import (
	"strings"

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

// StampsPlan is SQLite's plan of the query by which a live site's
// snapshot lists the ids and stamps of a collection's public records.
func StampsPlan(app core.App, collection string) (string, error) {
	q, c, err := publicQuery(app, collection)
	if err != nil {
		return "", err
	}
	q.Select(c.Name+".id", c.Name+".updated")
	built := q.Build()
	var rows []struct {
		Detail string `db:"detail"`
	}
	if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + built.SQL()).Bind(built.Params()).All(&rows); err != nil {
		return "", err
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r.Detail)
	}
	return strings.Join(plan, "; "), nil
}

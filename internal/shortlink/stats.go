package shortlink

import (
	"fmt"
	"regexp"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// StatsQuery selects scans for curators' statistics.
type StatsQuery struct {
	From, To string // inclusive local days, YYYY-MM-DD; "" for open
	School   string // organization id; "" for all
	By       string // "item", "school" or "day"
}

// StatsRow is one line of statistics.
type StatsRow struct {
	Key   string `json:"key" db:"key"`     // item "collection/id", organization id, or day
	Label string `json:"label" db:"label"` // title, organization name, or day
	Scans int    `json:"scans" db:"scans"`
}

var dayPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Stats sums scans as q asks, most scanned first.
func Stats(app core.App, q StatsQuery) ([]StatsRow, error) {
	for _, d := range []string{q.From, q.To} {
		if d != "" && !dayPattern.MatchString(d) {
			return nil, fmt.Errorf("stats: day %q is not YYYY-MM-DD", d)
		}
	}
	sel := app.DB().Select().From(schema.QRScans + " s")
	switch q.By {
	case "", "item":
		sel = sel.Select("(s.target_collection || '/' || s.target_id) AS key",
			"COALESCE(m.title, p.title, e.title, '') AS label", "SUM(s.count) AS scans").
			LeftJoin(schema.Materials+" m", dbx.NewExp("s.target_collection = 'materials' AND m.id = s.target_id")).
			LeftJoin(schema.Practices+" p", dbx.NewExp("s.target_collection = 'practices' AND p.id = s.target_id")).
			LeftJoin(schema.Events+" e", dbx.NewExp("s.target_collection = 'events' AND e.id = s.target_id")).
			GroupBy("s.target_collection", "s.target_id")
	case "school":
		sel = sel.Select("s.organization AS key", "COALESCE(o.name, '') AS label", "SUM(s.count) AS scans").
			LeftJoin(schema.Organizations+" o", dbx.NewExp("o.id = s.organization")).
			GroupBy("s.organization")
	case "day":
		sel = sel.Select("s.day AS key", "s.day AS label", "SUM(s.count) AS scans").GroupBy("s.day")
	default:
		return nil, fmt.Errorf("stats: group by %q; use item, school or day", q.By)
	}
	if q.From != "" {
		sel = sel.AndWhere(dbx.NewExp("s.day >= {:from}", dbx.Params{"from": q.From}))
	}
	if q.To != "" {
		sel = sel.AndWhere(dbx.NewExp("s.day <= {:to}", dbx.Params{"to": q.To}))
	}
	if q.School != "" {
		sel = sel.AndWhere(dbx.HashExp{"s.organization": q.School})
	}
	var rows []StatsRow
	if err := sel.OrderBy("scans DESC", "key").All(&rows); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	if rows == nil {
		rows = []StatsRow{}
	}
	return rows, nil
}

package publish

import (
	"fmt"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/publiclist"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/schema"
)

// RecordCache keeps the public records of the last snapshot, so that the
// next one reads in full only the records created or changed since (by
// their updated stamp); for the rest it reads ids and stamps. Which
// records are public is decided afresh by the list rule every time. It
// also keeps the sizes of stored files, whose names are unique to an
// upload.
type RecordCache struct {
	stamps  map[string]map[string]string       // collection → id → updated
	records map[string]map[string]*core.Record // collection → id → record
	sizes   map[string]int64                   // stored file key → size
	facts   facts                              // what the last snapshot made of its records
}

// factsOf is rc's facts; nil (keeping nothing) when rc is.
func (rc *RecordCache) factsOf() *facts {
	if rc == nil {
		return nil
	}
	return &rc.facts
}

// publicQuery selects the records of a collection an anonymous API reader
// may list: the collection's own list rule, evaluated as for a request
// without auth, so the site can never show more than the API. nil when
// the collection is for superusers only.
func publicQuery(app core.App, collection string) (*dbx.SelectQuery, *core.Collection, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, nil, fmt.Errorf("collection %s: %w", collection, err)
	}
	if c.ListRule == nil {
		return nil, c, nil // superusers only: nothing is public
	}
	rule := *c.ListRule
	// the rule as it reads without an account, when that can be told for
	// sure: the branches for curators and editors join the authors and
	// schools of every row, most of a snapshot's time in the database
	if reduced, ok := publiclist.Anonymous(rule); ok {
		rule = reduced
	}
	q, err := recordapi.RuleQuery(app, c, recordapi.Anonymous(), &rule)
	if err != nil {
		return nil, nil, err
	}
	return q, c, nil
}

// publicRecords lists the public records of a collection by slug, reading
// through rc when it is not nil.
func publicRecords(app core.App, collection string, rc *RecordCache) ([]*core.Record, error) {
	q, c, err := publicQuery(app, collection)
	if err != nil || q == nil {
		return nil, err
	}
	var records []*core.Record
	if rc == nil {
		if err := q.All(&records); err != nil {
			return nil, fmt.Errorf("list %s: %w", collection, err)
		}
	} else if records, err = rc.read(app, c, q); err != nil {
		return nil, err
	}
	sortBySlug(records, rc.factsOf())
	return records, nil
}

// sortBySlug sorts records by their slugs (read through f); records of a
// collection without slugs keep their order.
func sortBySlug(records []*core.Record, f *facts) {
	if len(records) == 0 {
		return
	}
	if _, ok := model.AsSlugged(records[0]); !ok {
		return // a collection is slugged or not, all its records alike
	}
	slugs := make([]string, len(records))
	for i, r := range records {
		slugs[i] = f.slug(r)
	}
	sort.Sort(bySlug{records, slugs})
}

// bySlug sorts records by slugs, the slug of each record at its index.
type bySlug struct {
	records []*core.Record
	slugs   []string
}

func (b bySlug) Len() int           { return len(b.records) }
func (b bySlug) Less(i, j int) bool { return b.slugs[i] < b.slugs[j] }
func (b bySlug) Swap(i, j int) {
	b.records[i], b.records[j] = b.records[j], b.records[i]
	b.slugs[i], b.slugs[j] = b.slugs[j], b.slugs[i]
}

// stamp is a listed record's id and updated stamp.
type stamp struct {
	ID      string `db:"id"`
	Updated string `db:"updated"`
}

// listStamps lists the ids and stamps of the records q selects, in its
// order, each once: a rule's join may repeat a row.
func listStamps(c *core.Collection, q *dbx.SelectQuery) ([]stamp, error) {
	var rows []stamp
	q.Select(fmt.Sprintf("[[%s.id]]", c.Name), fmt.Sprintf("[[%s.updated]]", c.Name))
	if err := q.All(&rows); err != nil {
		return nil, fmt.Errorf("list %s: %w", c.Name, err)
	}
	seen := make(map[string]bool, len(rows))
	out := rows[:0]
	for _, r := range rows {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// fetch reads the records of ids in full.
func fetch(app core.App, c *core.Collection, ids []any) (map[string]*core.Record, error) {
	out := make(map[string]*core.Record, len(ids))
	// SQLite limits the parameters of a statement
	for len(ids) > 0 {
		part := ids[:min(len(ids), 500)]
		ids = ids[len(part):]
		var fresh []*core.Record
		if err := app.RecordQuery(c).AndWhere(dbx.In(c.Name+".id", part...)).All(&fresh); err != nil {
			return nil, fmt.Errorf("list %s: %w", c.Name, err)
		}
		for _, r := range fresh {
			out[r.Id] = r
		}
	}
	return out, nil
}

// read lists the records q selects, reading in full those not kept or
// changed since they were.
func (rc *RecordCache) read(app core.App, c *core.Collection, q *dbx.SelectQuery) ([]*core.Record, error) {
	stamps, err := listStamps(c, q)
	if err != nil {
		return nil, err
	}
	if rc.stamps == nil {
		rc.stamps, rc.records = map[string]map[string]string{}, map[string]map[string]*core.Record{}
	}
	oldStamps, oldRecords := rc.stamps[c.Name], rc.records[c.Name]
	newStamps, newRecords := make(map[string]string, len(stamps)), make(map[string]*core.Record, len(stamps))
	var missing []any
	for _, s := range stamps {
		newStamps[s.ID] = s.Updated
		if r, ok := oldRecords[s.ID]; ok && oldStamps[s.ID] == s.Updated {
			newRecords[s.ID] = r
			continue
		}
		missing = append(missing, s.ID)
	}
	fresh, err := fetch(app, c, missing)
	if err != nil {
		return nil, err
	}
	records := make([]*core.Record, 0, len(stamps))
	for _, s := range stamps {
		if r, ok := newRecords[s.ID]; ok {
			records = append(records, r)
		} else if r, ok := fresh[s.ID]; ok {
			newRecords[s.ID] = r
			records = append(records, r)
		}
	}
	rc.stamps[c.Name], rc.records[c.Name] = newStamps, newRecords
	return records, nil
}

// materialRow is a public material as a snapshot lists it: the facts kept
// of it at its present stamp, or else its record to read them from.
type materialRow struct {
	id, stamp string
	record    *core.Record
	facts     *materialFacts
}

// publicMaterials lists the public materials, in no particular order. A
// material whose facts rc keeps at its present stamp is not read again:
// rc keeps no material records, which hold their Markdown, only facts.
func publicMaterials(app core.App, rc *RecordCache) ([]materialRow, error) {
	q, c, err := publicQuery(app, schema.Materials)
	if err != nil || q == nil {
		return nil, err
	}
	if rc == nil {
		var records []*core.Record
		if err := q.All(&records); err != nil {
			return nil, fmt.Errorf("list %s: %w", c.Name, err)
		}
		rows := make([]materialRow, len(records))
		for i, r := range records {
			rows[i] = materialRow{id: r.Id, record: r}
		}
		return rows, nil
	}
	stamps, err := listStamps(c, q)
	if err != nil {
		return nil, err
	}
	fc := rc.factsOf()
	rows := make([]materialRow, len(stamps))
	var missing []any
	for i, s := range stamps {
		rows[i] = materialRow{id: s.ID, stamp: s.Updated, facts: fc.keptMaterial(s.ID, s.Updated)}
		if rows[i].facts == nil {
			missing = append(missing, s.ID)
		}
	}
	fresh, err := fetch(app, c, missing)
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, row := range rows {
		if row.facts == nil {
			// facts read from a record changed since it was listed are
			// kept at the listed stamp, so the next snapshot reads it again
			if row.record = fresh[row.id]; row.record == nil {
				continue // deleted between the two reads
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// size is the size of a stored file, asked of storage once.
func (rc *RecordCache) size(key string, stat func(string) (int64, error)) (int64, error) {
	if rc == nil {
		return stat(key)
	}
	if n, ok := rc.sizes[key]; ok {
		return n, nil
	}
	n, err := stat(key)
	if err != nil {
		return 0, err
	}
	if rc.sizes == nil {
		rc.sizes = map[string]int64{}
	}
	rc.sizes[key] = n
	return n, nil
}

package freshness

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/schema"
)

// Why an item needs updating.
const (
	// ReasonPeriod: its period of re-review has run out since it was
	// published or last reviewed.
	ReasonPeriod = "period"
	// ReasonDead: links in it do not open.
	ReasonDead = "dead"
	// ReasonBroken: its files no longer open or pass the upload checks.
	ReasonBroken = "broken"
)

// Reason is one reason an item is in the queue.
type Reason struct {
	Code string
	// Since is when it began: the day the period ran out, or the first of
	// the checks that found its links or files at fault.
	Since time.Time
	// Reviewed is, for ReasonPeriod, when the item was published or last
	// reviewed; Years is its period.
	Reviewed time.Time
	Years    int
	// Targets are, for ReasonDead and ReasonBroken, the links or files at
	// fault.
	Targets []Target
}

// Target is a link or file at fault.
type Target struct {
	URL   string // the address; for a file, its stored name
	Name  string // for a file, the name its author gave it
	Code  int    // the HTTP status, 0 when none came
	Error string // why it failed (linkcheck's ErrText codes, "HTTP 404", an upload check's refusal)
	Since time.Time
}

// Entry is an item in the queue.
type Entry struct {
	Collection string
	Record     *core.Record
	Reasons    []Reason
	// Since is when its earliest reason began, Latest when its latest did.
	Since, Latest time.Time
}

// Lister lists the records of collection narrowed by narrow (which may be
// nil): the CMS what its user may read of what they keep, the server
// everything (AppLister).
type Lister func(collection string, narrow func(*dbx.SelectQuery)) ([]*core.Record, error)

// AppLister lists every record of app, for the server's own use.
func AppLister(app core.App) Lister {
	return func(collection string, narrow func(*dbx.SelectQuery)) ([]*core.Record, error) {
		c, err := app.FindCachedCollectionByNameOrId(collection)
		if err != nil {
			return nil, err
		}
		q := app.RecordQuery(c)
		if narrow != nil {
			narrow(q)
		}
		var out []*core.Record
		if err := q.All(&out); err != nil {
			return nil, err
		}
		return out, nil
	}
}

// Periods are the years of re-review by material type, and of practices
// under schema.ReviewPeriodPractice: those the curators set as parameters,
// schema.DefaultReviewYears for the others.
func Periods(app core.App) map[string]int {
	out := map[string]int{schema.ReviewPeriodPractice: schema.DefaultReviewYears}
	for _, t := range schema.MaterialTypes {
		out[t] = schema.DefaultReviewYears
	}
	params, err := app.FindAllRecords(schema.Parameters)
	if err != nil {
		app.Logger().Warn("freshness: periods of re-review", "error", err.Error())
		return out
	}
	for _, p := range params {
		key, ok := strings.CutPrefix(p.GetString("name"), schema.ParamReviewPeriod)
		if _, known := out[key]; ok && known && p.GetInt("value") >= 1 {
			out[key] = min(p.GetInt("value"), schema.MaxReviewYears)
		}
	}
	return out
}

// PeriodKey is the key of an item's period in Periods: its material type,
// or schema.ReviewPeriodPractice; "" for an event, which has none.
func PeriodKey(r *core.Record) string {
	switch r.Collection().Name {
	case schema.Materials:
		return r.GetString("type")
	case schema.Practices:
		return schema.ReviewPeriodPractice
	}
	return ""
}

// dateParam writes t as PocketBase stores dates, for comparisons in SQL.
func dateParam(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// Queue lists the items of list that need updating at now, the longest
// waiting first: published materials and practices past their period of
// re-review, and published materials, practices and events not yet over
// with dead links or broken files. A link or file the item no longer has
// is no reason, though the next check has not yet been.
func Queue(app core.App, list Lister, now time.Time) ([]Entry, error) {
	// the links and files at fault, whose items are candidates
	checks, err := list(schema.LinkChecks, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.In("link_checks.status", schema.CheckDead, schema.CheckBroken)).
			AndWhere(dbx.In("link_checks.kind", schema.CheckLink, schema.CheckFile))
	})
	if err != nil {
		return nil, fmt.Errorf("freshness: queue: %s: %w", schema.LinkChecks, err)
	}
	faulty := map[string][]any{} // collection → ids
	for _, row := range checks {
		for c, f := range itemFields {
			if id := row.GetString(f); id != "" {
				faulty[c] = append(faulty[c], id)
			}
		}
	}
	// and so are the items older than the shortest period: only those are
	// read, not the whole bank
	periods := Periods(app)
	shortest := schema.MaxReviewYears
	for _, y := range periods {
		shortest = min(shortest, y)
	}
	cut := dateParam(now.AddDate(-shortest, 0, 0))
	var items []*core.Record
	for _, c := range []string{schema.Materials, schema.Practices} {
		found, err := list(c, func(q *dbx.SelectQuery) {
			q.AndWhere(dbx.HashExp{c + ".status": schema.StatusPublished}).AndWhere(dbx.Or(
				dbx.NewExp("(CASE WHEN [["+c+".published_at]] != '' THEN [["+c+".published_at]] ELSE [["+c+".created]] END) <= {:cut}",
					dbx.Params{"cut": cut}),
				dbx.In(c+".id", faulty[c]...)))
		})
		if err != nil {
			return nil, fmt.Errorf("freshness: queue: %s: %w", c, err)
		}
		items = append(items, found...)
	}
	if len(faulty[schema.Events]) > 0 {
		// an event over for a day has nothing left to update
		events, err := list(schema.Events, func(q *dbx.SelectQuery) {
			q.AndWhere(dbx.In("events.id", faulty[schema.Events]...)).AndWhere(dbx.NewExp(
				"(CASE WHEN [[events.end]] != '' THEN [[events.end]] ELSE [[events.start]] END) >= {:over}",
				dbx.Params{"over": dateParam(now.Add(-24 * time.Hour))}))
		})
		if err != nil {
			return nil, fmt.Errorf("freshness: queue: %s: %w", schema.Events, err)
		}
		items = append(items, events...)
	}
	entries := map[string]*Entry{}
	var candidates []any
	for _, it := range items {
		entries[itemKey(it.Collection().Name, it.Id)] = &Entry{Collection: it.Collection().Name, Record: it}
		candidates = append(candidates, it.Id)
	}

	// the period of re-review, from publication or the latest review that
	// kept the item published
	reviews, err := list(schema.Reviews, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"reviews.decision": "publish"}).
			AndWhere(dbx.Or(dbx.In("reviews.material", candidates...), dbx.In("reviews.practice", candidates...)))
	})
	if err != nil {
		return nil, fmt.Errorf("freshness: queue: %s: %w", schema.Reviews, err)
	}
	reviewed := map[string]time.Time{}
	for _, r := range reviews {
		for c, f := range map[string]string{schema.Materials: "material", schema.Practices: "practice"} {
			if id := r.GetString(f); id != "" {
				key := itemKey(c, id)
				if t := r.GetDateTime("created").Time(); t.After(reviewed[key]) {
					reviewed[key] = t
				}
			}
		}
	}
	for key, e := range entries {
		p := PeriodKey(e.Record)
		if p == "" {
			continue
		}
		base := e.Record.GetDateTime("published_at").Time()
		if base.IsZero() {
			base = e.Record.GetDateTime("created").Time()
		}
		if t := reviewed[key]; t.After(base) {
			base = t
		}
		years := periods[p]
		if years == 0 {
			years = schema.DefaultReviewYears
		}
		if due := base.AddDate(years, 0, 0); !now.Before(due) {
			e.Reasons = append(e.Reasons, Reason{Code: ReasonPeriod, Since: due, Reviewed: base, Years: years})
		}
	}

	// links and files at fault, of those the items still have
	sort.Slice(checks, func(i, j int) bool {
		return checks[i].GetDateTime("since").Time().Before(checks[j].GetDateTime("since").Time())
	})
	has := map[string]map[string]bool{} // item → its links and files now
	for _, row := range checks {
		key := rowItem(row)
		e := entries[key]
		if e == nil {
			continue
		}
		if has[key] == nil {
			has[key] = map[string]bool{}
			for _, u := range itemLinks(e.Record) {
				has[key][schema.CheckLink+"\x00"+u] = true
			}
			for _, f := range itemFiles(e.Record) {
				has[key][schema.CheckFile+"\x00"+f] = true
			}
		}
		kind, u := row.GetString("kind"), row.GetString("url")
		if !has[key][kind+"\x00"+u] {
			continue
		}
		t := Target{URL: u, Code: row.GetInt("code"), Error: row.GetString("error"), Since: row.GetDateTime("since").Time()}
		code := ReasonDead
		if kind == schema.CheckFile {
			code = ReasonBroken
			names := map[string]string{}
			_ = e.Record.UnmarshalJSONField(filename.Field, &names)
			t.Name = filename.Shown(names, u)
		}
		e.add(code, t)
	}

	var out []Entry
	for _, e := range entries {
		if len(e.Reasons) == 0 {
			continue
		}
		sort.SliceStable(e.Reasons, func(i, j int) bool { return e.Reasons[i].Since.Before(e.Reasons[j].Since) })
		e.Since, e.Latest = e.Reasons[0].Since, e.Reasons[0].Since
		for _, r := range e.Reasons {
			if r.Since.After(e.Latest) {
				e.Latest = r.Since
			}
			for _, t := range r.Targets {
				if t.Since.After(e.Latest) {
					e.Latest = t.Since
				}
			}
		}
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].Record.GetString("title") < out[j].Record.GetString("title")
	})
	return out, nil
}

// add adds target t to e's reason code, which begins with its first
// target.
func (e *Entry) add(code string, t Target) {
	for i := range e.Reasons {
		if e.Reasons[i].Code == code {
			e.Reasons[i].Targets = append(e.Reasons[i].Targets, t)
			if t.Since.Before(e.Reasons[i].Since) {
				e.Reasons[i].Since = t.Since
			}
			return
		}
	}
	e.Reasons = append(e.Reasons, Reason{Code: code, Since: t.Since, Targets: []Target{t}})
}

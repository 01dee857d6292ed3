// Package adoption keeps what teachers report of the bank's materials and
// practices they used («Я применил(а) у себя»): anonymous reports from the
// public page, how many schools applied an item, and the comments its
// author or a curator let others read.
package adoption

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Other is the school of a report from a school not on the list.
const Other = "other"

// Limits of what a report holds.
const (
	MaxComment = 500
	MaxGroup   = 100
)

// Report is what the form on a public page sends.
type Report struct {
	Collection string // schema.Materials or schema.Practices
	Slug       string // of the published item
	School     string // an organization's slug, or Other
	Group      string // the class, the group or the age
	Kind       string // one of schema.AdoptionKinds
	Comment    string
}

// Problem is a report refused, with the field at fault.
type Problem struct {
	Field, Message string
}

func (p *Problem) Error() string { return p.Field + ": " + p.Message }

// Target is the published item a report is about.
type Target struct {
	Collection string
	Record     *core.Record
}

// Find is the published item of collection with slug.
func Find(app core.App, collection, slug string) (Target, error) {
	if collection != schema.Materials && collection != schema.Practices {
		return Target{}, &Problem{"collection", ru.AdoptNoItem}
	}
	rec, err := app.FindFirstRecordByFilter(collection, "slug = {:s} && status = 'published'", dbx.Params{"s": slug})
	if err != nil {
		return Target{}, &Problem{"slug", ru.AdoptNoItem}
	}
	return Target{Collection: collection, Record: rec}, nil
}

// field is the relation of a report to an item of collection.
func field(collection string) string {
	if collection == schema.Practices {
		return "practice"
	}
	return "material"
}

// Record checks r and stores it: the school must be one of the
// municipality's (or Other), the kind one of the three, the texts short; a
// comment waits for moderation. It returns the number of schools that
// have applied the item since.
func Record(app core.App, r Report) (int, error) {
	t, err := Find(app, r.Collection, strings.TrimSpace(r.Slug))
	if err != nil {
		return 0, err
	}
	if !schema.Contains(schema.AdoptionKinds, r.Kind) {
		return 0, &Problem{"kind", ru.AdoptKind}
	}
	group, comment := strings.TrimSpace(r.Group), strings.TrimSpace(r.Comment)
	if utf8.RuneCountInString(group) > MaxGroup {
		return 0, &Problem{"group", ru.AdoptGroupTooLong}
	}
	if utf8.RuneCountInString(comment) > MaxComment {
		return 0, &Problem{"comment", ru.AdoptTooLong}
	}
	c, err := app.FindCachedCollectionByNameOrId(schema.Adoptions)
	if err != nil {
		return 0, fmt.Errorf("adoption: %w", err)
	}
	rec := core.NewRecord(c)
	rec.Set(field(r.Collection), t.Record.Id)
	rec.Set("kind", r.Kind)
	rec.Set("group", group)
	switch r.School {
	case Other:
		rec.Set("school_other", true)
	default:
		org, err := app.FindFirstRecordByFilter(schema.Organizations, "slug = {:s} && kind != 'methodical_service'", dbx.Params{"s": r.School})
		if err != nil {
			return 0, &Problem{"school", ru.AdoptNoSchool}
		}
		rec.Set("school", org.Id)
	}
	if comment != "" {
		rec.Set("comment", comment)
		rec.Set("comment_status", "pending")
	}
	if err := app.Save(rec); err != nil {
		return 0, fmt.Errorf("adoption: %w", err)
	}
	return Schools(app, r.Collection, t.Record.Id)
}

// Schools is how many of the municipality's schools have applied the
// item of collection with id; reports from a school not on the list do
// not tell which, and count for none.
func Schools(app core.App, collection, id string) (int, error) {
	var n int
	err := app.DB().Select("count(DISTINCT [[school]])").From(schema.Adoptions).
		Where(dbx.HashExp{field(collection): id}).AndWhere(dbx.NewExp("[[school]] != ''")).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("adoption: schools of %s: %w", id, err)
	}
	return n, nil
}

// Comment is a comment the author or a curator let others read.
type Comment struct {
	Text, School, Group, Kind string
}

// Summary is what the public page of an item shows of its reports.
type Summary struct {
	Schools, Reports int
	Comments         []Comment
}

// Summaries are the summaries of every item with reports, by collection
// and id («materials/ID»).
func Summaries(app core.App) (map[string]Summary, error) {
	var rows []struct {
		Material      string `db:"material"`
		Practice      string `db:"practice"`
		School        string `db:"school"`
		Group         string `db:"group"`
		Kind          string `db:"kind"`
		Comment       string `db:"comment"`
		CommentStatus string `db:"comment_status"`
	}
	err := app.DB().Select("material", "practice", "school", "group", "kind", "comment", "comment_status").
		From(schema.Adoptions).OrderBy("created").All(&rows)
	if err != nil {
		return nil, fmt.Errorf("adoption: summaries: %w", err)
	}
	names := map[string]string{}
	orgs, err := app.FindAllRecords(schema.Organizations)
	if err != nil {
		return nil, fmt.Errorf("adoption: summaries: %w", err)
	}
	for _, o := range orgs {
		name := o.GetString("short_name")
		if name == "" {
			name = o.GetString("name")
		}
		names[o.Id] = name
	}
	out := map[string]Summary{}
	schools := map[string]map[string]bool{}
	for _, r := range rows {
		key := schema.Materials + "/" + r.Material
		if r.Practice != "" {
			key = schema.Practices + "/" + r.Practice
		}
		s := out[key]
		s.Reports++
		if r.School != "" {
			if schools[key] == nil {
				schools[key] = map[string]bool{}
			}
			schools[key][r.School] = true
			s.Schools = len(schools[key])
		}
		if r.Comment != "" && r.CommentStatus == "shown" {
			s.Comments = append(s.Comments, Comment{Text: r.Comment, School: names[r.School], Group: r.Group,
				Kind: ru.Label(ru.AdoptionKinds, r.Kind)})
		}
		out[key] = s
	}
	return out, nil
}

// SchoolChoice is a school a report may name.
type SchoolChoice struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// SchoolChoices are the schools a teacher says she is from: every
// organization but the methodical service, by short name, in order.
func SchoolChoices(app core.App) ([]SchoolChoice, error) {
	orgs, err := app.FindRecordsByFilter(schema.Organizations, "kind != 'methodical_service'", "name", 0, 0)
	if err != nil {
		return nil, fmt.Errorf("adoption: schools: %w", err)
	}
	out := make([]SchoolChoice, 0, len(orgs))
	for _, o := range orgs {
		name := o.GetString("short_name")
		if name == "" {
			name = o.GetString("name")
		}
		out = append(out, SchoolChoice{Slug: o.GetString("slug"), Name: name})
	}
	return out, nil
}

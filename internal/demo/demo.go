// Package demo fills an empty kopilka with a fictional municipality — its
// methodical service, schools, kindergartens, teachers, a year of events,
// materials and practices — and one account for each role.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
)

//go:embed all:data
var data embed.FS

// Municipality is the name of the demo's fictional municipality.
const Municipality = "Берёзовский муниципальный округ"

// Password is the password of every demo account. The demo is for trying
// kopilka on one's own machine, never for a server others reach.
const Password = "kopilka-demo"

// Account is one demo login.
type Account struct {
	Role         string // a users role, or schema.RoleSuperuser
	Email        string
	Name         string
	Organization string // slug
	Teacher      string // slug of the linked teacher profile, if any
}

// Seed imports the demo data into app unless it already holds
// organizations, and makes sure the demo accounts exist. It returns the
// accounts to print.
func Seed(app core.App, opts interchange.Options) ([]Account, error) {
	var n int
	if err := app.DB().Select("count(*)").From(schema.Organizations).Row(&n); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if n == 0 {
		dir, err := os.MkdirTemp("", "kopilka-demo-*")
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		defer os.RemoveAll(dir)
		if err := writeData(dir); err != nil {
			return nil, fmt.Errorf("demo: unpack data: %w", err)
		}
		if _, err := interchange.Import(app, dir, opts); err != nil {
			return nil, fmt.Errorf("demo: import: %w", err)
		}
	}
	accounts, err := chooseAccounts(app)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		var teacher *core.Record
		for _, a := range accounts {
			if a.Role == schema.RoleTeacher && teacher == nil {
				teacher, _ = app.FindFirstRecordByData(schema.Teachers, "slug", a.Teacher)
			}
		}
		now := time.Now()
		if opts.TimeZone != nil {
			now = now.In(opts.TimeZone)
		}
		if err := seedYear(app, now, teacher); err != nil {
			return nil, err
		}
		if err := seedStructure(app, now); err != nil {
			return nil, err
		}
	}
	for _, a := range accounts {
		if err := ensureAccount(app, a); err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", a.Email, err)
		}
	}
	return accounts, nil
}

func writeData(dir string) error {
	return fs.WalkDir(data, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("data", filepath.FromSlash(p))
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if rel == "README.md" {
			return nil
		}
		b, err := data.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// chooseAccounts picks whose shoes the demo accounts stand in, from the
// data itself: the methodist is a teacher of the methodical service, the
// teacher is the author of a material under review, the school editor and
// a second teacher work at that teacher's school and at another school.
func chooseAccounts(app core.App) ([]Account, error) {
	orgKind := map[string]string{} // id → kind
	orgSlug := map[string]string{}
	orgs, err := app.FindAllRecords(schema.Organizations)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for _, o := range orgs {
		orgKind[o.Id], orgSlug[o.Id] = o.GetString("kind"), o.GetString("slug")
	}
	teachers, err := app.FindAllRecords(schema.Teachers)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sort.Slice(teachers, func(i, j int) bool { return teachers[i].GetString("slug") < teachers[j].GetString("slug") })

	pending, err := app.FindRecordsByFilter(schema.Materials, "status = 'submitted' || status = 'draft'", "slug", 0, 0)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	var author *core.Record
	for _, m := range pending {
		for _, id := range m.GetStringSlice("authors") {
			for _, t := range teachers {
				if t.Id == id && orgKind[t.GetString("organization")] == "school" && t.GetBool("public") && author == nil {
					author = t
				}
			}
		}
	}
	var methodist, other *core.Record
	for _, t := range teachers {
		kind := orgKind[t.GetString("organization")]
		if methodist == nil && kind == "methodical_service" {
			methodist = t
		}
		if other == nil && author != nil && kind == "school" && t.GetBool("public") &&
			t.GetString("organization") != author.GetString("organization") {
			other = t
		}
	}
	if author == nil || methodist == nil || other == nil {
		return nil, fmt.Errorf("demo: the data lacks a methodist, a school author of a draft or a second school's teacher")
	}
	school := orgSlug[author.GetString("organization")]
	return []Account{
		{Role: schema.RoleSuperuser, Email: "admin@kopilka.example", Name: "Администратор"},
		{Role: schema.RoleCurator, Email: "metodist@kopilka.example", Name: methodist.GetString("name"),
			Organization: orgSlug[methodist.GetString("organization")], Teacher: methodist.GetString("slug")},
		{Role: schema.RoleSchoolEditor, Email: "zavuch@kopilka.example", Name: "Заместитель директора по УВР", Organization: school},
		{Role: schema.RoleTeacher, Email: "uchitel@kopilka.example", Name: author.GetString("name"),
			Organization: school, Teacher: author.GetString("slug")},
		{Role: schema.RoleTeacher, Email: "uchitel2@kopilka.example", Name: other.GetString("name"),
			Organization: orgSlug[other.GetString("organization")], Teacher: other.GetString("slug")},
	}, nil
}

func ensureAccount(app core.App, a Account) error {
	collection := schema.Users
	if a.Role == schema.RoleSuperuser {
		collection = core.CollectionNameSuperusers
	}
	if _, err := app.FindAuthRecordByEmail(collection, a.Email); err == nil {
		return nil
	}
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	u := core.NewRecord(c)
	u.SetEmail(a.Email)
	u.SetPassword(Password)
	u.SetVerified(true)
	if a.Role != schema.RoleSuperuser {
		org, err := app.FindFirstRecordByData(schema.Organizations, "slug", a.Organization)
		if err != nil {
			return fmt.Errorf("organization %s: %w", a.Organization, err)
		}
		u.Set("name", a.Name)
		u.Set("role", a.Role)
		u.Set("organization", org.Id)
	}
	return app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(u); err != nil {
			return err
		}
		if a.Teacher == "" {
			return nil
		}
		_, err := tx.DB().Update(schema.Teachers, dbx.Params{"user": u.Id}, dbx.HashExp{"slug": a.Teacher}).Execute()
		return err
	})
}

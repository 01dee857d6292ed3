package demo_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/demo"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// seeded is an empty app the demo has filled, with the demo's accounts.
func seeded(t *testing.T) (*tests.TestApp, []demo.Account) {
	t.Helper()
	f, err := testkit.BuildEmpty(app.RegisterDefault)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	a := f.App(t)
	loc, _ := time.LoadLocation("Europe/Moscow")
	accounts, err := demo.Seed(a, interchange.Options{TimeZone: loc})
	if err != nil {
		t.Fatal(err)
	}
	return a, accounts
}

func TestSeedFillsAnEmptyAppWithTheDemoAndAccounts(t *testing.T) {
	a, accounts := seeded(t)

	count := func(collection, filter string) int {
		records, err := a.FindRecordsByFilter(collection, filter, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(records)
	}
	if n := count(schema.Materials, "status = 'published'"); n < 40 {
		t.Errorf("%d published materials, want at least 40", n)
	}
	if n := count(schema.Events, "start >= '2025-09-01' && start < '2026-07-01'"); n < 30 {
		t.Errorf("%d events over the school year, want at least 30", n)
	}
	if n := count(schema.Practices, "status = 'published'"); n < 5 {
		t.Errorf("%d published practices", n)
	}
	for _, kind := range []string{"methodical_service", "school", "kindergarten"} {
		if count(schema.Organizations, "kind = '"+kind+"'") == 0 {
			t.Errorf("no organization of kind %s", kind)
		}
	}

	roles := map[string]bool{}
	for _, acc := range accounts {
		roles[acc.Role] = true
		collection := schema.Users
		if acc.Role == schema.RoleSuperuser {
			collection = core.CollectionNameSuperusers
		}
		u, err := a.FindAuthRecordByEmail(collection, acc.Email)
		if err != nil {
			t.Fatalf("account %s: %v", acc.Email, err)
		}
		if !u.ValidatePassword(demo.Password) {
			t.Errorf("account %s does not take the demo password", acc.Email)
		}
		if acc.Teacher != "" {
			profile, err := a.FindFirstRecordByData(schema.Teachers, "slug", acc.Teacher)
			if err != nil || profile.GetString("user") != u.Id {
				t.Errorf("account %s is not linked to teacher %s", acc.Email, acc.Teacher)
			}
		}
	}
	for _, r := range []string{schema.RoleSuperuser, schema.RoleCurator, schema.RoleSchoolEditor, schema.RoleTeacher} {
		if !roles[r] {
			t.Errorf("no demo account for role %s", r)
		}
	}

	// a second start keeps what is there
	loc, _ := time.LoadLocation("Europe/Moscow")
	again, err := demo.Seed(a, interchange.Options{TimeZone: loc})
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(accounts) {
		t.Errorf("second seed: %d accounts, first %d", len(again), len(accounts))
	}
	if n := count(schema.Users, "email = 'uchitel@kopilka.example'"); n != 1 {
		t.Errorf("%d teacher demo accounts after two seeds", n)
	}
}

// The demo holds a school year of methodical support, so every screen of a
// curator and a deputy director shows something from the first start.
func TestTheDemoHoldsASchoolYearOfRoutesMentorshipsAndFacts(t *testing.T) {
	a, accounts := seeded(t)
	count := func(collection, filter string) int {
		records, err := a.FindRecordsByFilter(collection, filter, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(records)
	}
	for _, c := range []struct{ collection, filter string }{
		{schema.Routes, "status = 'completed'"}, {schema.Routes, "status = 'active'"}, {schema.Routes, "status = 'draft'"},
		{schema.Diagnostics, "stage = 'interim'"}, {schema.Diagnostics, "stage = 'final'"},
		{schema.Mentorships, "form = 'pair'"}, {schema.Mentorships, "form = 'group'"}, {schema.Mentorships, "form = 'team'"},
		{schema.ContestResults, "level = 'municipal'"}, {schema.Attestations, "result = 'awarded'"},
		{schema.ResultDynamics, ""}, {schema.IndicatorTargets, ""},
		// the methodical structure
		{schema.Associations, "kind = 'school_mo'"}, {schema.Associations, "kind = 'rmo'"},
		{schema.PlanItems, "organization.kind = 'school'"}, {schema.PlanItems, "organization.kind = 'methodical_service'"},
		{schema.Courses, "status = 'completed'"}, {schema.Courses, "status = 'planned'"}, {schema.LessonVisits, ""},
		{schema.Mentorships, "status = 'confirmed' && mentor.organization != organization && organization.kind = 'school'"},
		{schema.Mentorships, "status = 'proposed' && organizations:length > 0"},
		{schema.Adoptions, "comment_status = 'shown'"}, {schema.Adoptions, "comment_status = 'pending'"},
	} {
		if count(c.collection, c.filter) == 0 {
			t.Errorf("the demo has no %s with %q", c.collection, c.filter)
		}
	}
	// the demo teacher follows a route in progress
	for _, acc := range accounts {
		if acc.Email != "uchitel@kopilka.example" {
			continue
		}
		teacher, err := a.FindFirstRecordByData(schema.Teachers, "slug", acc.Teacher)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(schema.Routes, "status = 'active' && teacher = '"+teacher.Id+"'"); n != 1 {
			t.Errorf("the demo teacher has %d routes in progress, want 1", n)
		}
	}
	// and an export carries the year, as it carries the bank
	out := t.TempDir()
	loc, _ := time.LoadLocation("Europe/Moscow")
	if err := interchange.Export(a, out, interchange.Options{TimeZone: loc}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"routes", "route_steps", "diagnostics", "mentorships", "contest_results", "attestations", "result_dynamics", "indicator_targets"} {
		if entries, err := os.ReadDir(filepath.Join(out, dir)); err != nil || len(entries) == 0 {
			t.Errorf("the demo's export has no %s/ (%v)", dir, err)
		}
	}
	// every step direction of seed 004 is in some route
	for _, d := range schema.StepDirections[:9] {
		if count(schema.RouteSteps, "direction = '"+d+"'") == 0 {
			t.Errorf("no demo step in the direction %s", d)
		}
	}
}

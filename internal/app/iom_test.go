package app_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/schema"
)

// iomFixture completes tA1's route within the school year 2025/26 with a
// raised category, a contest result and a final self-diagnosis, and moves
// school B's mentorship out of that year.
func iomFixture(t *testing.T) *tests.TestApp {
	t.Helper()
	a := fixture.App(t)
	set := func(collection, key string, fields map[string]any) {
		r := record(t, a, collection, key)
		for k, v := range fields {
			r.Set(k, v)
		}
		if err := a.Save(r); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
	set(schema.Routes, "rtA1", map[string]any{"status": "completed", "period_start": "2025-09-01 00:00:00.000Z",
		"period_end": "2026-05-31 00:00:00.000Z", "completed_at": "2026-05-20 10:00:00.000Z",
		"category_at_start": "conformity", "category_at_end": "first", "contest_result": "Призёр конкурса «Педагогический дебют»"})
	set(schema.Routes, "rtB", map[string]any{"period_start": "2025-09-01 00:00:00.000Z", "period_end": "2026-05-31 00:00:00.000Z"})
	set(schema.Mentorships, "msB", map[string]any{"start": "2024-01-01 00:00:00.000Z", "end": "2024-12-31 00:00:00.000Z"})
	c, err := a.FindCollectionByNameOrId(schema.Diagnostics)
	if err != nil {
		t.Fatal(err)
	}
	final := core.NewRecord(c)
	final.Load(map[string]any{"teacher": fixture.IDs["tA1"], "route": fixture.IDs["rtA1"], "stage": "final",
		"subject": 3, "methodology": 3, "psych_ped": 3, "functional_literacy": 3, "ict": 4, "soft_skills": 3})
	if err := a.Save(final); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestIndicatorsOnTheFixtureHaveKnownAnswers(t *testing.T) {
	a := iomFixture(t)
	year := iom.Period{From: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 8, 31, 23, 59, 59, 0, time.UTC)}
	byOrg, err := iom.Gather(a, year, iom.DefaultThresholds)
	if err != nil {
		t.Fatal(err)
	}
	sh := func(n, d int) iom.Share { return iom.Share{Num: n, Den: d} }
	check := func(name string, got iom.Figures, teachers int, want map[string]iom.Share) {
		t.Helper()
		if got.Teachers != teachers {
			t.Errorf("%s: %d teachers, want %d", name, got.Teachers, teachers)
		}
		for code, w := range want {
			if got.Shares[code] != w {
				t.Errorf("%s %s: %d/%d, want %d/%d", name, code, got.Shares[code].Num, got.Shares[code].Den, w.Num, w.Den)
			}
		}
	}
	// school A: tA1 completed her route with the first category, won a
	// municipal contest and assesses herself at 3.17 (medium); tA2 mentors her
	schoolA := iom.Compute(byOrg[fixture.IDs["orgA"]])
	check("school A", schoolA, 2, map[string]iom.Share{iom.Participation: sh(2, 2), iom.Completed: sh(1, 2), iom.Category: sh(1, 2),
		iom.Contests: sh(1, 2), iom.Competence: sh(1, 2), iom.Dynamics: sh(0, 2)})
	if schoolA.MeanChange["methodology"] != 1 || schoolA.MeanChange["functional_literacy"] != 2 || schoolA.MeanChange["ict"] != 0 {
		t.Errorf("school A mean change: %v", schoolA.MeanChange)
	}
	// school B: tB follows a route (a school contest participant, medium);
	// the private teacher's mentorship was the year before
	check("school B", iom.Compute(byOrg[fixture.IDs["orgB"]]), 2, map[string]iom.Share{iom.Participation: sh(1, 2), iom.Completed: sh(0, 1),
		iom.Contests: sh(0, 1), iom.Competence: sh(1, 1)})
	var all []iom.TeacherFacts
	for _, list := range byOrg {
		all = append(all, list...)
	}
	m := iom.Compute(all)
	check("municipality", m, 4, map[string]iom.Share{iom.Participation: sh(3, 4), iom.Completed: sh(1, 3), iom.Category: sh(1, 3),
		iom.Contests: sh(1, 3), iom.Competence: sh(2, 3), iom.Dynamics: sh(0, 3)})
	if p := m.Shares[iom.Completed].Percent(); p != 33.3 {
		t.Errorf("completed in the municipality %.2f %%, want 33.3", p)
	}
	// the year before: school B's mentorship ran and ended in it
	before := iom.Period{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC)}
	byOrg, err = iom.Gather(a, before, iom.DefaultThresholds)
	if err != nil {
		t.Fatal(err)
	}
	check("school B in 2024", iom.Compute(byOrg[fixture.IDs["orgB"]]), 2, map[string]iom.Share{iom.Participation: sh(2, 2), iom.Completed: sh(2, 2)})
	if n, err := iom.ActiveCount(a, year); err != nil || n != 2 {
		t.Errorf("active count %d, %v", n, err)
	}
	// the site's figure is the monitoring's, counted without gathering it
	for _, p := range []iom.Period{year, before} {
		gathered, err := iom.Gather(a, p, iom.DefaultThresholds)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, list := range gathered {
			for _, f := range list {
				if f.ActiveRoute {
					want++
				}
			}
		}
		if n, err := iom.ActiveCount(a, p); err != nil || n != want {
			t.Errorf("active count from %s: %d, %v; the monitoring counts %d", p.From.Format("2006-01-02"), n, err, want)
		}
	}
}

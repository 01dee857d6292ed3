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
	byOrg, err := iom.Gather(a, year)
	if err != nil {
		t.Fatal(err)
	}
	schoolA := iom.Compute(byOrg[fixture.IDs["orgA"]])
	if schoolA.Teachers != 2 || schoolA.WithRoute != 100 || schoolA.Completed != 50 || schoolA.RaisedCategory != 50 || schoolA.ContestResults != 50 {
		t.Errorf("school A: %+v", schoolA)
	}
	if schoolA.MeanChange["methodology"] != 1 || schoolA.MeanChange["functional_literacy"] != 2 || schoolA.MeanChange["ict"] != 0 {
		t.Errorf("school A mean change: %v", schoolA.MeanChange)
	}
	schoolB := iom.Compute(byOrg[fixture.IDs["orgB"]])
	if schoolB.Teachers != 2 || schoolB.WithRoute != 50 || schoolB.Completed != 0 {
		t.Errorf("school B: %+v", schoolB)
	}
	var all []iom.TeacherFacts
	for _, list := range byOrg {
		all = append(all, list...)
	}
	if m := iom.Compute(all); m.Teachers != 4 || m.WithRoute != 75 || m.Completed != 25 || m.RaisedCategory != 25 {
		t.Errorf("municipality: %+v", m)
	}
	// the year before: nothing completed, school B's mentorship counts
	before := iom.Period{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	byOrg, err = iom.Gather(a, before)
	if err != nil {
		t.Fatal(err)
	}
	if b := iom.Compute(byOrg[fixture.IDs["orgB"]]); b.WithRoute != 100 || b.Completed != 0 {
		t.Errorf("school B in 2024: %+v", b)
	}
	if n, err := iom.ActiveCount(a, year); err != nil || n != 2 {
		t.Errorf("active count %d, %v", n, err)
	}
}

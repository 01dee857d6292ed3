package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
)

// Routes with their steps and diagnoses, mentorships, contest results,
// attestations, pupils' results and the year's targets travel in the
// interchange format: export → import into an empty installation →
// export gives the same bytes, and the indicators computed from the
// import are the ones computed from the source.
func TestIOMAndTheIndicatorsFactsRoundTripByteIdentical(t *testing.T) {
	a := indicatorsMunicipality(t)
	firstFiles, secondFiles, b := exportImportExport(t, a)
	for _, dir := range []string{"routes", "route_steps", "diagnostics", "mentorships", "contest_results", "attestations",
		"result_dynamics", "indicator_targets"} {
		n := 0
		for name := range firstFiles {
			if strings.HasPrefix(name, dir+"/") {
				n++
			}
		}
		if n == 0 {
			t.Errorf("the export has no %s/", dir)
		}
	}
	route := firstFiles["routes/proektnaya-deyatelnost.md"]
	for _, want := range []string{"theme: Проектная деятельность", "teacher: pedagog-c1", "status: completed", "category_at_end: first"} {
		if !strings.Contains(string(route), want) {
			t.Errorf("the route's file lacks %q:\n%s", want, route)
		}
	}
	if len(firstFiles) != len(secondFiles) {
		t.Errorf("%d files exported, %d after the round trip", len(firstFiles), len(secondFiles))
	}
	for name, data := range firstFiles {
		if !bytes.Equal(data, secondFiles[name]) {
			t.Errorf("%s differs after the round trip:\n%s\n---\n%s", name, data, secondFiles[name])
		}
	}
	for _, coll := range []string{schema.Routes, schema.RouteSteps, schema.Diagnostics, schema.Mentorships, schema.ContestResults,
		schema.Attestations, schema.ResultDynamics, schema.IndicatorTargets} {
		n1, _ := a.CountRecords(coll)
		n2, _ := b.CountRecords(coll)
		if n1 != n2 || n1 == 0 {
			t.Errorf("%s: %d records, %d after the round trip", coll, n1, n2)
		}
	}
}

// A file of the new kinds with a mistake is refused with its file, line
// and field, and nothing is written.
func TestAnIOMFileWithAMistakeIsRefusedWithItsPlace(t *testing.T) {
	a := indicatorsMunicipality(t)
	dir := t.TempDir()
	if err := interchange.Export(a, dir, corpusOptions(t)); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "result_dynamics", "rezultaty-gia-2025.md")
	if err := os.WriteFile(bad, []byte("---\nteacher: pedagog-c1\nyear: 2025\nkind: gia\nvalue: четыре\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := emptyApp(t)
	_, err := interchange.Import(b, dir, corpusOptions(t))
	if err == nil || !strings.Contains(err.Error(), "rezultaty-gia-2025.md:5") || !strings.Contains(err.Error(), "value") {
		t.Fatalf("a value in words: %v", err)
	}
	if n, _ := b.CountRecords(schema.Teachers); n != 0 {
		t.Errorf("a refused import wrote %d teachers", n)
	}
}

// Methodical associations, the annual plan, courses, lesson visits and a
// mentorship across schools travel in the interchange format: export →
// import → export gives the same bytes and the same records.
func TestTheMethodicalStructureRoundTripsByteIdentical(t *testing.T) {
	a := fixture.App(t)
	firstFiles, secondFiles, b := exportImportExport(t, a)
	for _, dir := range []string{"associations", "plan_items", "courses", "lesson_visits", "mentorships"} {
		n := 0
		for name := range firstFiles {
			if strings.HasPrefix(name, dir+"/") {
				n++
			}
		}
		if n == 0 {
			t.Errorf("the export has no %s/", dir)
		}
	}
	var team []byte
	for name, data := range firstFiles {
		if strings.HasPrefix(name, "mentorships/") && bytes.Contains(data, []byte("BODY-msX")) {
			team = data
		}
	}
	for _, want := range []string{"form: team", "status: confirmed", "organizations: [school-b]"} {
		if !bytes.Contains(team, []byte(want)) {
			t.Errorf("the team across schools lacks %q:\n%s", want, team)
		}
	}
	for name, data := range firstFiles {
		if !bytes.Equal(data, secondFiles[name]) {
			t.Errorf("%s differs after the round trip:\n%s\n---\n%s", name, data, secondFiles[name])
		}
	}
	for _, coll := range []string{schema.Associations, schema.PlanItems, schema.Courses, schema.LessonVisits, schema.Mentorships} {
		n1, _ := a.CountRecords(coll)
		n2, _ := b.CountRecords(coll)
		if n1 != n2 || n1 == 0 {
			t.Errorf("%s: %d records, %d after the round trip", coll, n1, n2)
		}
	}
	// a plan item of a month that is not one is refused with its place
	dir := t.TempDir()
	if err := interchange.Export(a, dir, corpusOptions(t)); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "plan_items", "bad.md")
	if err := os.WriteFile(bad, []byte("---\norganization: school-a\nyear: 2026\ncontent: Неделя математики\nperiod: month\nmonths: [nov, 13]\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := emptyApp(t)
	_, err := interchange.Import(c, dir, corpusOptions(t))
	if err == nil || !strings.Contains(err.Error(), "bad.md:6") || !strings.Contains(err.Error(), "months") {
		t.Fatalf("a month that is not one: %v", err)
	}
	if n, _ := c.CountRecords(schema.PlanItems); n != 0 {
		t.Errorf("a refused import wrote %d plan items", n)
	}
}

package app_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/xuri/excelize/v2"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// schoolC is the small school of the hand-computed indicators.
const schoolC = "Школа № 7 «Радуга»"

// indicatorsMunicipality adds to the fixture a school of six teachers
// whose facts in the period 1 Dec 2025 – 30 Nov 2026 are:
//
//	C1: a route completed in the period; the highest category awarded;
//	    a municipal contest won; final diagnosis mean 3.5 (high);
//	    pupils' ГИА 4.0 → 4.3 (positive); mentor of C2
//	C2: mentee of C1; initial diagnosis mean 2.0 (low); contingent 80 → 75
//	C3: a route in progress; a school contest won (not high); the first
//	    category awarded before the period; interim diagnosis mean 2.5 (medium)
//	C4, C5: nothing; C6: a federal contest won, but no ИОМ nor mentorship
//
// so the school implements 3 of 6 and, of those 3: completed 1, category
// 1, contests 1, competence 2, dynamics 1. The fixture's schools add 4
// teachers, all implementing: contests 1 (tA1), competence 2 (tA1, tB).
func indicatorsMunicipality(t *testing.T) *tests.TestApp {
	t.Helper()
	a := fixture.App(t)
	save := func(collection string, fields map[string]any) *core.Record {
		t.Helper()
		c, err := a.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Load(fields)
		if err := a.Save(r); err != nil {
			t.Fatalf("%s %v: %v", collection, fields, err)
		}
		return r
	}
	org := save(schema.Organizations, map[string]any{"name": schoolC, "kind": "school"})
	var c [7]*core.Record
	for i := 1; i <= 6; i++ {
		c[i] = save(schema.Teachers, map[string]any{"name": fmt.Sprintf("Педагог C%d", i), "organization": org.Id})
	}
	diag := func(teacher, route, stage string, v [6]int) {
		save(schema.Diagnostics, map[string]any{"teacher": teacher, "route": route, "stage": stage, "subject": v[0],
			"methodology": v[1], "psych_ped": v[2], "functional_literacy": v[3], "ict": v[4], "soft_skills": v[5]})
	}
	r1 := save(schema.Routes, map[string]any{"teacher": c[1].Id, "theme": "Проектная деятельность", "status": "completed",
		"period_start": "2025-12-01 00:00:00.000Z", "period_end": "2026-10-31 00:00:00.000Z", "completed_at": "2026-10-20 10:00:00.000Z",
		"category_at_start": "first", "category_at_end": "first"})
	diag(c[1].Id, r1.Id, "initial", [6]int{2, 2, 3, 2, 3, 2})
	diag(c[1].Id, r1.Id, "final", [6]int{4, 3, 4, 3, 4, 3}) // 3.5
	save(schema.Attestations, map[string]any{"teacher": c[1].Id, "year": 2026, "category_current": "first", "category_sought": "highest",
		"decision_date": "2026-10-01 00:00:00.000Z", "result": "awarded"})
	save(schema.ContestResults, map[string]any{"teacher": c[1].Id, "title": "Учитель года", "level": "municipal", "place": "winner", "date": "2026-05-10 00:00:00.000Z"})
	save(schema.ResultDynamics, map[string]any{"teacher": c[1].Id, "year": 2025, "kind": "gia", "value": 4.0})
	save(schema.ResultDynamics, map[string]any{"teacher": c[1].Id, "year": 2026, "kind": "gia", "value": 4.3})

	save(schema.Mentorships, map[string]any{"mentor": c[1].Id, "mentees": []string{c[2].Id}, "form": "pair", "organization": org.Id,
		"start": "2026-01-01 00:00:00.000Z", "end": "2027-01-01 00:00:00.000Z"})
	diag(c[2].Id, "", "initial", [6]int{2, 2, 2, 2, 2, 2}) // 2.0
	save(schema.ResultDynamics, map[string]any{"teacher": c[2].Id, "year": 2025, "kind": "contingent", "value": 80})
	save(schema.ResultDynamics, map[string]any{"teacher": c[2].Id, "year": 2026, "kind": "contingent", "value": 75})

	r3 := save(schema.Routes, map[string]any{"teacher": c[3].Id, "theme": "Смысловое чтение", "status": "active",
		"period_start": "2026-01-01 00:00:00.000Z", "period_end": "2026-12-31 00:00:00.000Z"})
	diag(c[3].Id, r3.Id, "initial", [6]int{2, 2, 2, 2, 2, 2})
	diag(c[3].Id, r3.Id, "interim", [6]int{3, 2, 3, 2, 3, 2}) // 2.5
	save(schema.ContestResults, map[string]any{"teacher": c[3].Id, "title": "Школьный конкурс", "level": "school", "place": "winner", "date": "2026-04-01 00:00:00.000Z"})
	save(schema.Attestations, map[string]any{"teacher": c[3].Id, "year": 2025, "category_sought": "first",
		"decision_date": "2025-06-01 00:00:00.000Z", "result": "awarded"})

	save(schema.ResultDynamics, map[string]any{"teacher": c[4].Id, "year": 2025, "kind": "gia", "value": 1})
	save(schema.ResultDynamics, map[string]any{"teacher": c[4].Id, "year": 2026, "kind": "gia", "value": 2})
	save(schema.ContestResults, map[string]any{"teacher": c[6].Id, "title": "Всероссийский конкурс", "level": "federal", "place": "winner", "date": "2026-04-01 00:00:00.000Z"})
	return a
}

// expectedIndicator is one indicator's hand-computed figures: school C's
// and the municipality's, the targets the curator sets, and whether each
// meets it.
type expectedIndicator struct {
	code                 string
	school, municipality [2]int
	schoolPct, municPct  string
	base, target         string
	schoolMet, municMet  string
}

var expectedIndicators = []expectedIndicator{
	{iom.Contests, [2]int{1, 3}, [2]int{2, 7}, "33,3", "28,6", "10,0", "25,0", "да", "да"},
	{iom.Category, [2]int{1, 3}, [2]int{1, 7}, "33,3", "14,3", "5,0", "10,0", "да", "да"},
	{iom.Participation, [2]int{3, 6}, [2]int{7, 10}, "50,0", "70,0", "20,0", "60,0", "нет", "да"},
	{iom.Completed, [2]int{1, 3}, [2]int{1, 7}, "33,3", "14,3", "85,0", "90,0", "нет", "нет"},
	{iom.Competence, [2]int{2, 3}, [2]int{4, 7}, "66,7", "57,1", "50,0", "55,0", "да", "да"},
	{iom.Dynamics, [2]int{1, 3}, [2]int{1, 7}, "33,3", "14,3", "30,0", "50,0", "нет", "нет"},
}

// TestIndicatorsOfASmallMunicipalityAreTheHandComputedOnes checks every
// indicator of seed 002 — numerator, denominator, share, base value,
// target and whether it is met — for a school and the municipality, on
// the curator's screen, in CSV and in XLSX, after the curator sets the
// year's targets through the form.
// dataLabels are the names a stacked table gives its cells on a phone.
var dataLabels = regexp.MustCompile(` data-label="[^"]*"`)

func TestIndicatorsOfASmallMunicipalityAreTheHandComputedOnes(t *testing.T) {
	a := indicatorsMunicipality(t)
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	const q = "?from=2025-12-01&to=2026-11-30"
	curator.get("/app/indicators" + q)
	form := url.Values{"_csrf": {curator.csrf()}, "year": {"2026"}, "from": {"2025-12-01"}, "to": {"2026-11-30"}}
	for _, e := range expectedIndicators {
		form.Set(e.code+".base", e.base)
		form.Set(e.code+".target", e.target)
	}
	if rec := curator.post("/app/indicators/targets", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("setting the targets: %d %s", rec.Code, rec.Body.String())
	}
	targets, err := a.FindRecordsByFilter(schema.IndicatorTargets, "year = 2026", "", 0, 0)
	if err != nil || len(targets) != 6 {
		t.Fatalf("%d targets for 2026 stored (%v), want 6: the fixture's one updated and five new", len(targets), err)
	}

	// the screen
	// the cells' names for phones (data-label) aside
	page := dataLabels.ReplaceAllString(curator.get("/app/indicators"+q).Body.String(), "")
	cell := func(s string) string { return `<td>` + s + `</td>` }
	for _, e := range expectedIndicators {
		section := regexp.MustCompile(`(?s)<section id="ind-` + e.code + `" class="indicator">.*?</section>`).FindString(page)
		if section == "" {
			t.Fatalf("no section of %s on the screen", e.code)
		}
		for _, row := range []struct {
			name string
			nd   [2]int
			pct  string
		}{{schoolC, e.school, e.schoolPct}, {ru.WebMunicipality, e.municipality, e.municPct}} {
			want := `<th scope="row">` + html.EscapeString(row.name) + `</th>` + cell(fmt.Sprint(row.nd[0])) + cell(fmt.Sprint(row.nd[1])) + cell(row.pct)
			if !strings.Contains(section, want) {
				t.Errorf("%s: no row %s on the screen:\n%s", e.code, want, section)
			}
		}
		summary := regexp.MustCompile(`(?s)<tr id="summary-` + e.code + `">.*?</tr>`).FindString(page)
		for _, want := range []string{cell(e.municPct), cell(e.base), cell(e.target), cell(e.municMet)} {
			if !strings.Contains(summary, want) {
				t.Errorf("%s: the summary lacks %s: %s", e.code, want, summary)
			}
		}
	}
	if !strings.Contains(page, "ниже 2,5 — низкий") || !strings.Contains(page, "по итогам ГИА") {
		t.Error("the screen does not say how the competence level and the dynamics are derived")
	}

	// CSV
	rec := curator.get("/app/indicators.csv" + q)
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\xef\xbb\xbf")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	csvRows := map[string]string{}
	for _, row := range rows {
		csvRows[row[0]+"|"+row[1]] = strings.Join(row[2:], "|")
	}
	for _, e := range expectedIndicators {
		name := ru.Indicators[e.code]
		for org, want := range map[string]string{
			schoolC:            fmt.Sprintf("%d|%d|%s|%s|%s|%s", e.school[0], e.school[1], e.schoolPct, e.base, e.target, e.schoolMet),
			ru.WebMunicipality: fmt.Sprintf("%d|%d|%s|%s|%s|%s", e.municipality[0], e.municipality[1], e.municPct, e.base, e.target, e.municMet),
		} {
			if got := csvRows[name+"|"+org]; got != want {
				t.Errorf("CSV %s, %s: %q, want %q", e.code, org, got, want)
			}
		}
	}

	// XLSX: numbers, not text
	book, err := excelize.OpenReader(bytes.NewReader(curator.get("/app/indicators.xlsx" + q).Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := book.GetRows("Показатели")
	if err != nil {
		t.Fatal(err)
	}
	xlsxRows := map[string][]string{}
	for i, row := range sheet {
		if len(row) > 2 {
			xlsxRows[row[0]+"|"+row[1]] = append([]string{fmt.Sprint(i + 1)}, row[2:]...)
		}
	}
	number := func(s string) string {
		return strings.TrimSuffix(strings.Replace(strings.TrimSuffix(s, ",0"), ",", ".", 1), ".0")
	}
	for _, e := range expectedIndicators {
		row := xlsxRows[ru.Indicators[e.code]+"|"+schoolC]
		want := []string{fmt.Sprint(e.school[0]), fmt.Sprint(e.school[1]), number(e.schoolPct), number(e.base), number(e.target), e.schoolMet}
		if len(row) != 7 || strings.Join(row[1:], "|") != strings.Join(want, "|") {
			t.Errorf("XLSX %s, school C: %v, want %v", e.code, row, want)
			continue
		}
		share, err := book.GetCellType("Показатели", "E"+row[0])
		if err != nil || share == excelize.CellTypeSharedString || share == excelize.CellTypeInlineString {
			t.Errorf("XLSX %s: the share is stored as text (%v, %v)", e.code, share, err)
		}
	}
}

// The contest results counted as high are the installation's setting:
// with every result counted, school C's winner of a school contest counts
// too (2 of its 3 implementing teachers); C6's federal win still does not,
// as C6 implements nothing.
func TestTheContestThresholdsOfServeDecideWhatIsHigh(t *testing.T) {
	a := indicatorsMunicipality(t)
	h, _ := serveWith(t, a, app.ServeOptions{Contests: iom.Thresholds{MinLevel: "school", MinPlace: "participant"}})
	curator := newBrowser(t, h)
	curator.login("curator")
	page := dataLabels.ReplaceAllString(curator.get("/app/indicators?from=2025-12-01&to=2026-11-30").Body.String(), "")
	section := regexp.MustCompile(`(?s)<section id="ind-contests" class="indicator">.*?</section>`).FindString(page)
	if want := `<th scope="row">` + html.EscapeString(schoolC) + `</th><td>2</td><td>3</td><td>66,7</td>`; !strings.Contains(section, want) {
		t.Errorf("school C's contests with every result counted: no %s in\n%s", want, section)
	}
	if !strings.Contains(section, "участник и выше на уровне «школьный» и выше") {
		t.Error("the screen does not say which results count as high")
	}
}

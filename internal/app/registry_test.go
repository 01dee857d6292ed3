package app_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The registry of teachers with an ИОМ or a mentorship: a curator sees
// every school's, a deputy director the own school's only, with filters
// and the same rows in CSV and XLSX; a teacher does not open it.
func TestRegistryOfTeachersWithAnIOMOrAMentorship(t *testing.T) {
	a := indicatorsMunicipality(t)
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/registry").Body.String()
	for _, want := range []string{"Педагог C1", "Педагог C3", "Проектная деятельность", "Смысловое чтение", "наставничество (наставляемый)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the curator's registry lacks %q", want)
		}
	}
	// C2 is C1's mentee: the mentor is named on C2's entry
	if !strings.Contains(page, "Наставник: Педагог C1") {
		t.Error("the mentee's entry does not name the mentor")
	}
	if active := curator.get("/app/registry?status=active").Body.String(); !strings.Contains(active, "Смысловое чтение") || strings.Contains(active, "Проектная деятельность") {
		t.Error("the status filter does not keep only routes in progress")
	}

	rec := curator.get("/app/registry.csv?status=completed")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\xef\xbb\xbf")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "Педагог" || rows[1][0] != "Педагог C1" || rows[1][1] != schoolC || rows[1][4] != "Проектная деятельность" {
		t.Fatalf("registry CSV of completed routes: %v %v", rows, err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(curator.get("/app/registry.xlsx?status=completed").Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := book.GetRows("Реестр")
	if err != nil || len(sheet) != 2 || sheet[1][0] != "Педагог C1" {
		t.Fatalf("registry XLSX: %v %v", sheet, err)
	}

	// school A's deputy director sees school A's teachers only
	editor := newBrowser(t, h)
	editor.login("editorA")
	own := editor.get("/app/registry").Body.String()
	if strings.Contains(own, "Педагог C1") || !strings.Contains(own, "Тема ИОМ A1") {
		t.Errorf("the deputy director's registry:\n%s", own)
	}
	if rec := editor.get("/app/registry?school=" + fixture.IDs["orgB"]); strings.Contains(rec.Body.String(), "Тема ИОМ B") {
		t.Error("a deputy director reads another school's registry by its filter")
	}
	// and the indicators of the own school, without the municipality's
	ind := editor.get("/app/indicators?from=2025-12-01&to=2026-11-30").Body.String()
	if !strings.Contains(ind, "МБОУ СОШ № 1") || strings.Contains(ind, schoolC) || strings.Contains(ind, "Муниципалитет в целом") {
		t.Errorf("the deputy director's indicators show other schools")
	}

	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/registry"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the registry: %d", rec.Code)
	}
}

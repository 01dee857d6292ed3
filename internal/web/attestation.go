package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// attestationEntry is a teacher on the year's list of those attested.
type attestationEntry struct {
	Teacher, TeacherID, School, Current, Sought, Applied, Decided, Result, ResultCode string
}

// attestationRow counts a school's attestations of the year by result.
type attestationRow struct {
	School                                    string
	Total, Planned, Applied, Awarded, Refused int
	First, Highest                            int // categories awarded
}

type attestationData struct {
	Year    int
	Years   []int
	School  string
	Schools []*core.Record
	Curator bool
	Entries []attestationEntry
	Report  []attestationRow // schools, then all of them
	Query   string
}

// attestationOf is the list of teachers attested in a year («уточнение
// списка аттестуемых») that the person of r may read, and its report by
// school («отчёт по аттестации»).
func (s *Server) attestationOf(r *http.Request, u *core.Record) (attestationData, error) {
	now := s.now().In(s.location())
	d := attestationData{Year: now.Year(), Curator: u.GetString("role") == schema.RoleCurator, School: r.URL.Query().Get("school")}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		d.Year = y
	}
	for y := now.Year() + 1; y >= now.Year()-4; y-- {
		d.Years = append(d.Years, y)
	}
	if !d.Curator {
		d.School = u.GetString("organization")
	}
	var names map[string]string
	var teachers map[string]*model.Teacher
	var err error
	if d.Schools, names, teachers, err = s.schoolsAndTeachers(r); err != nil {
		return d, err
	}
	rows, err := s.listWhere(r, schema.Attestations, "year = {:y}", dbx.Params{"y": d.Year}, "attestations.created", 0)
	if err != nil {
		return d, err
	}
	bySchool := map[string]*attestationRow{}
	total := attestationRow{School: ru.WebMunicipality}
	for _, a := range rows {
		t := teachers[a.GetString("teacher")]
		if t == nil || (d.School != "" && t.Organization() != d.School) {
			continue
		}
		day := func(field string) string {
			if v := a.GetDateTime(field); !v.IsZero() {
				return ru.Date(v.Time().In(s.location()))
			}
			return ""
		}
		result := a.GetString("result")
		d.Entries = append(d.Entries, attestationEntry{Teacher: t.Name(), TeacherID: t.Id, School: names[t.Organization()],
			Current: ru.Label(ru.Categories, a.GetString("category_current")), Sought: ru.Label(ru.Categories, a.GetString("category_sought")),
			Applied: day("application_date"), Decided: day("decision_date"), Result: ru.Label(ru.AttestationResults, result), ResultCode: result})
		row := bySchool[t.Organization()]
		if row == nil {
			row = &attestationRow{School: names[t.Organization()]}
			bySchool[t.Organization()] = row
		}
		for _, c := range []*attestationRow{row, &total} {
			c.Total++
			switch result {
			case "planned":
				c.Planned++
			case "applied":
				c.Applied++
			case "awarded":
				c.Awarded++
				if a.GetString("category_sought") == "first" {
					c.First++
				}
				if a.GetString("category_sought") == "highest" {
					c.Highest++
				}
			case "refused":
				c.Refused++
			}
		}
	}
	sort.SliceStable(d.Entries, func(i, j int) bool {
		if d.Entries[i].School != d.Entries[j].School {
			return d.Entries[i].School < d.Entries[j].School
		}
		return d.Entries[i].Teacher < d.Entries[j].Teacher
	})
	for _, row := range bySchool {
		d.Report = append(d.Report, *row)
	}
	sort.Slice(d.Report, func(i, j int) bool { return d.Report[i].School < d.Report[j].School })
	if d.Curator && d.School == "" {
		d.Report = append(d.Report, total)
	}
	d.Query = "?" + filters("year", strconv.Itoa(d.Year), "school", d.School)
	return d, nil
}

// attestation shows the year's list and report.
func (s *Server) attestation(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.attestationOf(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "attestation", page{Title: ru.AttTitle, User: u, Data: d, Section: "attestation"})
}

// attestationTable is the report and the list as rows of a spreadsheet.
func attestationTable(d attestationData) [][]string {
	rows := [][]string{{ru.AttReport, strconv.Itoa(d.Year)},
		{ru.RegSchool, ru.AttTotal, ru.AttPlanned, ru.AttApplied, ru.AttAwarded, ru.AttFirst, ru.AttHighest, ru.AttRefused}}
	for _, r := range d.Report {
		rows = append(rows, []string{r.School, strconv.Itoa(r.Total), strconv.Itoa(r.Planned), strconv.Itoa(r.Applied),
			strconv.Itoa(r.Awarded), strconv.Itoa(r.First), strconv.Itoa(r.Highest), strconv.Itoa(r.Refused)})
	}
	rows = append(rows, []string{}, []string{ru.AttList},
		[]string{ru.RegTeacher, ru.RegSchool, ru.AttCurrent, ru.AttSought, ru.AttAppliedOn, ru.AttDecidedOn, ru.RegStatus})
	for _, e := range d.Entries {
		rows = append(rows, []string{e.Teacher, e.School, e.Current, e.Sought, e.Applied, e.Decided, e.Result})
	}
	return rows
}

// attestationCSV is the report and the list for a spreadsheet.
func (s *Server) attestationCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.attestationOf(r, u)
	if err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	s.sendCSV(w, r, fmt.Sprintf("attestaciya-%d.csv", d.Year), attestationTable(d))
}

// attestationXLSX is the report and the list as an Excel workbook, the
// counts as numbers.
func (s *Server) attestationXLSX(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.attestationOf(r, u)
	if err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	var cells [][]any
	for i, row := range attestationTable(d) {
		c := textCells(row)
		for j, v := range row {
			if n, err := strconv.Atoi(v); err == nil && i > 0 && j > 0 {
				c[j] = n
			}
		}
		cells = append(cells, c)
	}
	s.sendXLSX(w, r, fmt.Sprintf("attestaciya-%d.xlsx", d.Year), ru.AttSheet, cells, map[string]float64{"AB": 32, "CH": 16})
}

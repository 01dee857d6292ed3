package web

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/xuri/excelize/v2"

	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/uploads"
)

// evidence streams a step's evidence file to whoever may read the route;
// the files are protected from the public file API.
func (s *Server) evidence(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rt, ok := s.loadRoute(w, r, u)
	if !ok {
		return
	}
	st, ok := s.routeStep(w, r, u, rt)
	if !ok {
		return
	}
	name := r.PathValue("file")
	if !schema.Contains(model.AsRouteStep(st).Evidence(), name) {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, nil)
		return
	}
	s.sendRecordFile(w, r, u, st, name, name)
}

// sendRecordFile sends the file stored of a record the person of r has
// been found to read, as a download named shown.
func (s *Server) sendRecordFile(w http.ResponseWriter, r *http.Request, u *core.Record, rec *core.Record, stored, shown string) {
	fsys, err := s.App.NewFilesystem()
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	defer fsys.Close()
	f, err := fsys.GetReader(rec.BaseFilesPath() + "/" + stored)
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Disposition", httpsec.AttachmentDisposition(shown))
	w.Header().Set("Content-Type", uploads.ServedType(stored)) // never sniffed from the content
	w.Header().Set("Cache-Control", "no-store")
	httpsec.SecurityHeaders(w.Header())
	_, _ = io.Copy(w, f)
}

// indicatorRow is the figures of a school or of the municipality.
type indicatorRow struct {
	Name  string // in full, for the downloads
	Short string // where space is tight: the short name
	iom.Figures
}

// indicatorLine is one indicator of the project: its figures for each row,
// the base value and target of the year and whether the municipality met it.
type indicatorLine struct {
	Code, Name, Basis string
	Base, Target      float64
	Value             float64 // the municipality's share, %
	Met               bool
}

type indicatorsData struct {
	From, To string
	Year     int             // of the base values and targets: the year the period ends in
	Rows     []indicatorRow  // schools, then the municipality
	Lines    []indicatorLine // in the seed's order
	Seeded   bool            // no targets set for Year: the seed's own are shown
	Areas    []string
	Curator  bool
	Targets  map[string]float64 // "code.base" / "code.target" for the form
}

// thresholds are the contest results counted as high (config).
func (s *Server) thresholds() iom.Thresholds {
	if s.Contests.MinLevel == "" || s.Contests.MinPlace == "" {
		return iom.DefaultThresholds
	}
	return s.Contests
}

func (s *Server) indicatorData(r *http.Request) (indicatorsData, error) {
	year := iom.SchoolYear(s.now().In(s.location()))
	d := indicatorsData{From: year.From.Format("2006-01-02"), To: year.To.Format("2006-01-02"), Areas: schema.Deficits}
	if v := r.URL.Query().Get("from"); v != "" {
		d.From = v
	}
	if v := r.URL.Query().Get("to"); v != "" {
		d.To = v
	}
	from, err1 := time.ParseInLocation("2006-01-02", d.From, s.location())
	to, err2 := time.ParseInLocation("2006-01-02", d.To, s.location())
	if err1 != nil || err2 != nil || to.Before(from) {
		return d, &refusal.Error{Message: ru.WebBadPeriod}
	}
	d.Year = to.Year()
	byOrg, err := iom.Gather(s.App, iom.Period{From: from, To: to.Add(24*time.Hour - time.Second)}, s.thresholds())
	if err != nil {
		return d, err
	}
	// a school's deputy director sees the school's own figures only
	filter, params := "kind != 'methodical_service'", dbx.Params{}
	own := ""
	if u := event(r).Auth; u != nil && u.GetString("role") == schema.RoleSchoolEditor {
		own = u.GetString("organization")
		filter, params = filter+" && id = {:own}", dbx.Params{"own": own}
	}
	orgs, err := s.listWhere(r, schema.Organizations, filter, params, "organizations.name", 0)
	if err != nil {
		return d, err
	}
	var all []iom.TeacherFacts
	for _, o := range orgs {
		facts := byOrg[o.Id]
		all = append(all, facts...)
		d.Rows = append(d.Rows, indicatorRow{Name: model.AsOrganization(o).Name(), Short: model.AsOrganization(o).ShortOrName(), Figures: iom.Compute(facts)})
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		return d.Rows[i].Shares[iom.Participation].Percent() > d.Rows[j].Shares[iom.Participation].Percent()
	})
	total := iom.Compute(all)
	if own == "" {
		d.Rows = append(d.Rows, indicatorRow{Name: ru.WebMunicipality, Short: ru.WebMunicipality, Figures: total})
	}
	targets, err := s.targetsOf(r, d.Year)
	if err != nil {
		return d, err
	}
	d.Seeded = len(targets) == 0
	d.Targets = map[string]float64{}
	th := s.thresholds()
	for _, code := range iom.IndicatorCodes {
		bt, ok := targets[code]
		if !ok {
			bt = iom.SeedTargets[code]
		}
		line := indicatorLine{Code: code, Name: ru.Indicators[code], Basis: ru.IndicatorBasis[code], Base: bt[0], Target: bt[1],
			Value: total.Shares[code].Percent()}
		if code == iom.Contests {
			line.Basis = fmt.Sprintf(line.Basis, ru.ContestPlaces[th.MinPlace], ru.ContestLevels[th.MinLevel])
		}
		line.Met = line.Value >= line.Target
		d.Lines = append(d.Lines, line)
		d.Targets[code+".base"], d.Targets[code+".target"] = bt[0], bt[1]
	}
	return d, nil
}

// targetsOf reads the base values and targets the municipal service set
// for year, by indicator.
func (s *Server) targetsOf(r *http.Request, year int) (map[string][2]float64, error) {
	rows, err := s.listWhere(r, schema.IndicatorTargets, "year = {:y}", dbx.Params{"y": year}, "", 0)
	if err != nil {
		return nil, err
	}
	out := map[string][2]float64{}
	for _, row := range rows {
		out[row.GetString("indicator")] = [2]float64{row.GetFloat("base"), row.GetFloat("target")}
	}
	return out, nil
}

// indicators shows the municipal project's six indicators per school and
// for the municipality, for a period, against the year's targets.
func (s *Server) indicators(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.indicatorData(r)
	d.Curator = u.GetString("role") == schema.RoleCurator
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "indicators", page{Title: ru.WebIndicatorsTitle, User: u, Data: d,
			Errors: map[string]string{"form": s.shown(r, err)}, Section: "indicators"})
		return
	}
	s.render(w, r, http.StatusOK, "indicators", page{Title: ru.WebIndicatorsTitle, User: u, Data: d, Section: "indicators"})
}

// indicatorTargets saves the base values and targets of a year, one
// record an indicator, through the API's rules.
func (s *Server) indicatorTargets(w http.ResponseWriter, r *http.Request, u *core.Record) {
	year, err := strconv.Atoi(r.FormValue("year"))
	back := "/app/indicators?from=" + urlEscape(r.FormValue("from")) + "&to=" + urlEscape(r.FormValue("to"))
	if err != nil || year < 2000 || year > 2100 {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.WebBadForm, err)
		return
	}
	existing := map[string]string{}
	rows, err := s.listWhere(r, schema.IndicatorTargets, "year = {:y}", dbx.Params{"y": year}, "", 0)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	for _, row := range rows {
		existing[row.GetString("indicator")] = row.Id
	}
	bodies := map[string]map[string]any{}
	for _, code := range iom.IndicatorCodes {
		body := map[string]any{"indicator": code, "year": year}
		for _, f := range []string{"base", "target"} {
			v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(r.FormValue(code+"."+f)), ",", ".", 1), 64)
			if err != nil || v < 0 || v > 100 {
				s.fail(w, r, u, http.StatusUnprocessableEntity, ru.IndBadTarget, err)
				return
			}
			body[f] = v
		}
		bodies[code] = body
	}
	err = recordapi.Transaction(event(r), func(tx *core.RequestEvent) error {
		for _, code := range iom.IndicatorCodes {
			var err error
			if id := existing[code]; id != "" {
				_, err = recordapi.Update(tx, schema.IndicatorTargets, id, bodies[code])
			} else {
				_, err = recordapi.Create(tx, schema.IndicatorTargets, bodies[code])
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		s.fail(w, r, u, http.StatusUnprocessableEntity, s.shown(r, err), err)
		return
	}
	s.redirect(w, r, back, "saved")
}

func pct(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) }

// indicatorTable is the indicators as rows of a spreadsheet: a row an
// indicator and organization, with the numerator, denominator, share,
// base value, target and whether the target is met.
func indicatorTable(d indicatorsData) (head []string, rows [][]any) {
	head = []string{ru.IndIndicator, ru.IndOrganization, ru.IndNumerator, ru.IndDenominator, ru.IndShare, ru.IndBase, ru.IndTarget, ru.IndMet}
	for _, line := range d.Lines {
		for _, row := range d.Rows {
			sh := row.Shares[line.Code]
			met := ru.IndNo
			if sh.Percent() >= line.Target {
				met = ru.IndYes
			}
			rows = append(rows, []any{line.Name, row.Name, sh.Num, sh.Den, sh.Percent(), line.Base, line.Target, met})
		}
	}
	return head, rows
}

// indicatorsCSV exports the same table for a spreadsheet (semicolons and a
// BOM, as Russian Excel expects). School names are whatever their editors
// typed: csvsafe keeps any of them from opening as a formula.
func (s *Server) indicatorsCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.indicatorData(r)
	if err != nil {
		http.Error(w, s.shown(r, err), http.StatusUnprocessableEntity)
		return
	}
	head, rows := indicatorTable(d)
	out := [][]string{head}
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case float64:
				rec[i] = pct(v)
			default:
				rec[i] = fmt.Sprint(v)
			}
		}
		out = append(out, rec)
	}
	s.sendCSV(w, r, fmt.Sprintf("pokazateli-%s-%s.csv", d.From, d.To), out)
}

// indicatorsXLSX exports the table as an Excel workbook with numbers, not
// text, so methodists can chart and sum it.
func (s *Server) indicatorsXLSX(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.indicatorData(r)
	if err != nil {
		http.Error(w, s.shown(r, err), http.StatusUnprocessableEntity)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := ru.WebIndicatorsSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	head, rows := indicatorTable(d)
	headRow := make([]any, len(head))
	for i, h := range head {
		headRow[i] = h
	}
	_ = f.SetSheetRow(sheet, "A1", &headRow)
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow(sheet, cell, &row)
	}
	if bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err == nil {
		last, _ := excelize.CoordinatesToCellName(len(head), 1)
		_ = f.SetCellStyle(sheet, "A1", last, bold)
	}
	_ = f.SetColWidth(sheet, "A", "A", 60)
	_ = f.SetColWidth(sheet, "B", "B", 40)
	_ = f.SetColWidth(sheet, "C", "H", 14)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pokazateli-%s-%s.xlsx"`, d.From, d.To))
	if err := f.Write(w); err != nil {
		s.App.Logger().Error("web: indicators xlsx", "error", err)
	}
}

// ruText is a word of the indicators' screen by its name in package ru.
func ruText(name string) string {
	return map[string]string{
		"IndTargetsOfYear": ru.IndTargetsOfYear,
		"IndSeedTargets":   ru.IndSeedTargets,
	}[name]
}

package web

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/xuri/excelize/v2"

	"github.com/kopilka/kopilka/internal/csvsafe"
	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/model"
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
	fsys, err := s.App.NewFilesystem()
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	defer fsys.Close()
	f, err := fsys.GetReader(st.BaseFilesPath() + "/" + name)
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Disposition", httpsec.AttachmentDisposition(name))
	w.Header().Set("Content-Type", uploads.ServedType(name)) // never sniffed from the content
	w.Header().Set("Cache-Control", "no-store")
	httpsec.SecurityHeaders(w.Header())
	_, _ = io.Copy(w, f)
}

type indicatorRow struct {
	Name string
	iom.Indicators
}

type indicatorsData struct {
	From, To string
	Rows     []indicatorRow // schools, then the municipality
	Areas    []string
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
	byOrg, err := iom.Gather(s.App, iom.Period{From: from, To: to.Add(24*time.Hour - time.Second)})
	if err != nil {
		return d, err
	}
	orgs, err := s.listWhere(r, schema.Organizations, "kind != 'methodical_service'", nil, "organizations.name", 0)
	if err != nil {
		return d, err
	}
	var all []iom.TeacherFacts
	for _, o := range orgs {
		facts := byOrg[o.Id]
		all = append(all, facts...)
		d.Rows = append(d.Rows, indicatorRow{Name: model.AsOrganization(o).Name(), Indicators: iom.Compute(facts)})
	}
	sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].WithRoute > d.Rows[j].WithRoute })
	d.Rows = append(d.Rows, indicatorRow{Name: ru.WebMunicipality, Indicators: iom.Compute(all)})
	return d, nil
}

// indicators shows the municipal project's shares per school and for the
// municipality, for a period, with a bar chart.
func (s *Server) indicators(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.indicatorData(r)
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "indicators", page{Title: ru.WebIndicatorsTitle, User: u, Data: d,
			Errors: map[string]string{"form": s.shown(r, err)}, Section: "indicators"})
		return
	}
	s.render(w, r, http.StatusOK, "indicators", page{Title: ru.WebIndicatorsTitle, User: u, Data: d, Section: "indicators"})
}

func pct(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) }

// indicatorsCSV exports the same table for a spreadsheet (semicolons and a
// BOM, as Russian Excel expects). School names are whatever their editors
// typed: csvsafe keeps any of them from opening as a formula.
func (s *Server) indicatorsCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.indicatorData(r)
	if err != nil {
		http.Error(w, s.shown(r, err), http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pokazateli-%s-%s.csv"`, d.From, d.To))
	_, _ = w.Write([]byte("\xef\xbb\xbf"))
	cw := csvsafe.NewWriter(w, ';')
	head := []string{"Организация", "Педагогов", "ИОМ или наставничество, %", "Завершили ИОМ, %", "Повысили категорию, %", "Результаты конкурсов, %"}
	for _, a := range d.Areas {
		head = append(head, "Изменение самооценки: "+ru.Label(ru.Deficits, a))
	}
	_ = cw.Write(head)
	for _, row := range d.Rows {
		rec := []string{row.Name, strconv.Itoa(row.Teachers), pct(row.WithRoute), pct(row.Completed), pct(row.RaisedCategory), pct(row.ContestResults)}
		for _, a := range d.Areas {
			if v, ok := row.MeanChange[a]; ok {
				rec = append(rec, strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1))
			} else {
				rec = append(rec, "")
			}
		}
		_ = cw.Write(rec)
	}
	if err := cw.Flush(); err != nil {
		s.App.Logger().Error("web: indicators csv", "error", err)
	}
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
	head := []any{"Организация", "Педагогов", "ИОМ или наставничество, %", "Завершили ИОМ, %", "Повысили категорию, %", "Результаты конкурсов, %"}
	for _, a := range d.Areas {
		head = append(head, "Изменение самооценки: "+ru.Label(ru.Deficits, a))
	}
	_ = f.SetSheetRow(sheet, "A1", &head)
	for i, row := range d.Rows {
		rec := []any{row.Name, row.Teachers, row.WithRoute, row.Completed, row.RaisedCategory, row.ContestResults}
		for _, a := range d.Areas {
			if v, ok := row.MeanChange[a]; ok {
				rec = append(rec, v)
			} else {
				rec = append(rec, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow(sheet, cell, &rec)
	}
	if bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err == nil {
		last, _ := excelize.CoordinatesToCellName(len(head), 1)
		_ = f.SetCellStyle(sheet, "A1", last, bold)
	}
	_ = f.SetColWidth(sheet, "A", "A", 45)
	_ = f.SetColWidth(sheet, "B", "L", 16)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pokazateli-%s-%s.xlsx"`, d.From, d.To))
	if err := f.Write(w); err != nil {
		s.App.Logger().Error("web: indicators xlsx", "error", err)
	}
}

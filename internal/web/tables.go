package web

import (
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"github.com/kopilka/kopilka/internal/csvsafe"
	"github.com/kopilka/kopilka/internal/ru"
)

// sendCSV answers rows as a CSV download named name, as Russian Excel
// reads it (semicolons and a BOM); what people typed is kept from opening
// as a formula by csvsafe.
func (s *Server) sendCSV(w http.ResponseWriter, r *http.Request, name string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	_, _ = w.Write([]byte("\xef\xbb\xbf"))
	cw := csvsafe.NewWriter(w, ';')
	for _, row := range rows {
		_ = cw.Write(row)
	}
	if err := cw.Flush(); err != nil {
		s.logCause(r, name, err)
	}
}

// sendXLSX answers rows as an Excel workbook of one sheet named name,
// with widths for its columns; a cell of rows is a string or a number,
// and a string is text, never a formula.
func (s *Server) sendXLSX(w http.ResponseWriter, r *http.Request, name, sheet string, rows [][]any, widths map[string]float64) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		_ = f.SetSheetRow(sheet, cell, &row)
	}
	for cols, width := range widths {
		from, to := cols[:1], cols[len(cols)-1:]
		_ = f.SetColWidth(sheet, from, to, width)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	if err := f.Write(w); err != nil {
		s.logCause(r, name, err)
	}
}

// textCells makes a row of strings a row of cells.
func textCells(row []string) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = v
	}
	return out
}

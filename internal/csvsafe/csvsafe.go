// Package csvsafe writes CSV files that a spreadsheet opens as data: no
// cell is ever taken for a formula.
//
// A cell that begins with =, +, - or @ is a formula to Excel, LibreOffice
// and Google Sheets, and one that begins with a tab or a carriage return
// can become one once trimmed; a formula can fetch a URL with the sheet's
// data or, in old Excel, run a program. Whoever may rename a school or
// title a material could plant one in an export a methodist opens
// ("CSV injection", OWASP). Every CSV kopilka writes goes through this
// package.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
)

// number is a plain decimal figure, as the code formats one: a sign,
// digits and at most one decimal separator, comma or point.
var number = regexp.MustCompile(`^[+-]?[0-9]+(?:[.,][0-9]+)?$`)

// Cell returns s as it is safe to write: a cell beginning with =, +, -,
// @, a tab or a carriage return gets a leading apostrophe, so the
// spreadsheet shows it as text and evaluates nothing.
//
// All cells are treated alike, whether they hold a user's text or a figure
// the code computed, so no caller has to tell them apart. The one
// exception is a cell that is a plain number, such as "-0,50": it stays as
// it is, so a negative figure remains a number a spreadsheet can sum. A
// plain number calls nothing, whoever wrote it.
func Cell(s string) string {
	if s == "" || number.MatchString(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct {
	w *csv.Writer
}

// NewWriter writes CSV records to w, separating the cells with comma (a
// semicolon for Russian Excel).
func NewWriter(w io.Writer, comma rune) *Writer {
	cw := csv.NewWriter(w)
	cw.Comma = comma
	return &Writer{w: cw}
}

// Write writes one record, each cell made safe by Cell.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Cell(c)
	}
	return w.w.Write(safe)
}

// Flush writes any buffered data and reports an error of this or of an
// earlier Write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

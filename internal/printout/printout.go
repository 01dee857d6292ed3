// Package printout makes the printable PDFs of kopilka — posters and
// sheets of cards with QR codes, and certificates — on A4 with an
// embedded Cyrillic font (the Go fonts).
package printout

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gomono"

	"github.com/kopilka/kopilka/internal/qrcode"
	"github.com/kopilka/kopilka/internal/ru"
)

// Item is one thing to print a code for.
type Item struct {
	Kind         string // e.g. «Материал», «Практика», «Мероприятие»
	Title        string
	Organization string
	ShortURL     string // what the QR code encodes and what is printed under it
}

// Layouts of code sheets.
const (
	LayoutPoster = "poster"
	LayoutCards  = "cards"
)

const (
	pageW, pageH = 210.0, 297.0
	cardCols     = 2
	cardRows     = 4
	// CardsPerPage is how many cards fit an A4 sheet.
	CardsPerPage = cardCols * cardRows
)

// monoFont is Go Mono as it was before fpdf read it.
var monoFont = bytes.Clone(gomono.TTF)

func newDoc(title string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	// fpdf writes into the bytes of a font when it cuts its subset (see
	// planFonts): each document gets copies, so documents neither race
	// nor depend on the ones made before them
	pdf.AddUTF8FontFromBytes("go", "", bytes.Clone(planFonts.regular))
	pdf.AddUTF8FontFromBytes("go", "B", bytes.Clone(planFonts.bold))
	pdf.AddUTF8FontFromBytes("gomono", "", bytes.Clone(monoFont))
	pdf.SetCatalogSort(true)
	pdf.SetTitle(title, true)
	pdf.SetCreator("kopilka", true)
	pdf.SetProducer("kopilka", true)
	// a fixed date keeps the same input giving the same bytes
	pdf.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return pdf
}

func output(pdf *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return b.Bytes(), nil
}

// drawQR draws the code for text as a square of side mm (quiet zone
// included) with its top left corner at x, y.
func drawQR(pdf *fpdf.Fpdf, text string, x, y, side float64) error {
	c, err := qrcode.Encode(text)
	if err != nil {
		return err
	}
	module := side / float64(c.Size()+2*qrcode.Quiet)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, side, side, "F")
	pdf.SetFillColor(0, 0, 0)
	// runs overlap their neighbours by a hair so no seam shows when printed
	c.Runs(func(row, col, n int) {
		pdf.Rect(x+float64(col+qrcode.Quiet)*module, y+float64(row+qrcode.Quiet)*module, float64(n)*module+0.01, module+0.01, "F")
	})
	return nil
}

// fitLines wraps text into at most maxLines lines of width w, shrinking
// the font from size down to minSize before shortening the text at a word
// boundary with an ellipsis (ru.Shorten): a long official title keeps as
// many whole words as fit.
func fitLines(pdf *fpdf.Fpdf, style, text string, w, size, minSize float64, maxLines int) ([]string, float64) {
	for s := size; ; s -= 0.5 {
		pdf.SetFont("go", style, s)
		lines := pdf.SplitText(text, w)
		if len(lines) <= maxLines || s <= minSize {
			if len(lines) > maxLines {
				lines = pdf.SplitText(shortenToFit(pdf, text, w, maxLines), w)
			}
			return lines, s
		}
	}
}

// shortenToFit is the longest ru.Shorten of text that the current font
// wraps into at most maxLines lines of width w.
func shortenToFit(pdf *fpdf.Fpdf, text string, w float64, maxLines int) string {
	best := ru.Shorten(text, 1)
	lo, hi := 2, utf8.RuneCountInString(text)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		if candidate := ru.Shorten(text, mid); len(pdf.SplitText(candidate, w)) <= maxLines {
			best, lo = candidate, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best
}

func writeLines(pdf *fpdf.Fpdf, lines []string, x, y, w, lineH float64, align string) float64 {
	for _, l := range lines {
		pdf.SetXY(x, y)
		pdf.CellFormat(w, lineH, l, "", 0, align, false, 0, "")
		y += lineH
	}
	return y
}

// Posters makes one A4 poster per item: title, organization, a QR code
// 150 mm wide — readable from a couple of metres — and the short URL.
func Posters(items []Item, municipality string) ([]byte, error) {
	if len(items) == 0 {
		return nil, fmt.Errorf("posters: %s", ru.MsgNothingToPrint)
	}
	pdf := newDoc(ru.PosterTitle)
	for _, it := range items {
		pdf.AddPage()
		pdf.SetTextColor(60, 60, 60)
		pdf.SetFont("go", "", 12)
		writeLines(pdf, []string{ru.SiteName + " · " + municipality}, 20, 15, 170, 6, "C")
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFont("go", "", 13)
		writeLines(pdf, []string{it.Kind}, 20, 26, 170, 6, "C")
		lines, size := fitLines(pdf, "B", it.Title, 170, 26, 16, 4)
		y := writeLines(pdf, lines, 20, 34, 170, size*0.45, "C")
		if it.Organization != "" {
			orgLines, orgSize := fitLines(pdf, "", it.Organization, 170, 14, 10, 2)
			y = writeLines(pdf, orgLines, 20, y+3, 170, orgSize*0.45, "C")
		}
		qrTop := max(y+6, 95.0)
		if err := drawQR(pdf, it.ShortURL, 30, qrTop, 150); err != nil {
			return nil, err
		}
		pdf.SetFont("gomono", "", 18)
		writeLines(pdf, []string{it.ShortURL}, 10, qrTop+152, 190, 9, "C")
		pdf.SetFont("go", "", 12)
		pdf.SetTextColor(60, 60, 60)
		writeLines(pdf, []string{ru.PosterHint}, 10, qrTop+164, 190, 6, "C")
		pdf.SetTextColor(0, 0, 0)
	}
	return output(pdf)
}

// Cards makes A4 sheets of CardsPerPage cards with dashed cut lines; each
// card has a QR code 45 mm wide, the title, the organization and the
// short URL.
func Cards(items []Item, municipality string) ([]byte, error) {
	if len(items) == 0 {
		return nil, fmt.Errorf("cards: %s", ru.MsgNothingToPrint)
	}
	pdf := newDoc(ru.CardsTitle)
	cardW, cardH := pageW/cardCols, pageH/cardRows
	for i, it := range items {
		if i%CardsPerPage == 0 {
			pdf.AddPage()
			pdf.SetDrawColor(170, 170, 170)
			pdf.SetLineWidth(0.2)
			pdf.SetDashPattern([]float64{2, 2}, 0)
			for c := 1; c < cardCols; c++ {
				pdf.Line(float64(c)*cardW, 0, float64(c)*cardW, pageH)
			}
			for r := 1; r < cardRows; r++ {
				pdf.Line(0, float64(r)*cardH, pageW, float64(r)*cardH)
			}
			pdf.SetDashPattern(nil, 0)
		}
		n := i % CardsPerPage
		x0, y0 := float64(n%cardCols)*cardW, float64(n/cardCols)*cardH
		const side = 45.0
		if err := drawQR(pdf, it.ShortURL, x0+5, y0+(cardH-side)/2-4, side); err != nil {
			return nil, err
		}
		tx, tw := x0+52, cardW-57
		pdf.SetTextColor(80, 80, 80)
		pdf.SetFont("go", "", 7.5)
		y := writeLines(pdf, []string{it.Kind}, tx, y0+8, tw, 4, "L")
		pdf.SetTextColor(0, 0, 0)
		lines, size := fitLines(pdf, "B", it.Title, tw, 11, 7.5, 5)
		y = writeLines(pdf, lines, tx, y+1, tw, size*0.45, "L")
		if it.Organization != "" {
			orgLines, orgSize := fitLines(pdf, "", it.Organization, tw, 8, 6.5, 3)
			writeLines(pdf, orgLines, tx, y+2, tw, orgSize*0.45, "L")
		}
		pdf.SetFont("gomono", "", 8)
		writeLines(pdf, []string{it.ShortURL}, x0+5, y0+cardH-12, cardW-10, 4, "L")
		pdf.SetFont("go", "", 6.5)
		pdf.SetTextColor(80, 80, 80)
		writeLines(pdf, []string{ru.SiteName + " · " + municipality}, x0+5, y0+cardH-7.5, cardW-10, 3.5, "L")
		pdf.SetTextColor(0, 0, 0)
	}
	return output(pdf)
}

// Certificate is what a certificate says.
type Certificate struct {
	Title        string // e.g. «Свидетельство о публикации»
	Number       string
	Issuer       string // the municipal methodical service
	Municipality string
	Teacher      string
	Position     string
	Organization string
	Statement    string // «в том, что …»
	Date         string
	VerifyURL    string
}

// CertificatePDF makes an A4 certificate with a QR code to its
// verification page.
func CertificatePDF(c Certificate) ([]byte, error) {
	pdf := newDoc(c.Title + " " + fmt.Sprintf(ru.CertNumber, c.Number))
	pdf.AddPage()
	pdf.SetDrawColor(11, 92, 173)
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, pageW-20, pageH-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(13, 13, pageW-26, pageH-26, "D")
	pdf.SetTextColor(60, 60, 60)
	lines, size := fitLines(pdf, "", c.Issuer, 160, 13, 9, 3)
	y := writeLines(pdf, lines, 25, 28, 160, size*0.45, "C")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont("go", "B", 26)
	y = writeLines(pdf, []string{strings.ToUpper(c.Title)}, 15, y+18, 180, 12, "C")
	pdf.SetFont("go", "", 14)
	y = writeLines(pdf, []string{fmt.Sprintf(ru.CertNumber, c.Number)}, 15, y+2, 180, 7, "C")
	pdf.SetFont("go", "", 13)
	y = writeLines(pdf, []string{ru.CertGivenTo}, 15, y+14, 180, 7, "C")
	lines, size = fitLines(pdf, "B", c.Teacher, 170, 22, 14, 2)
	y = writeLines(pdf, lines, 20, y+3, 170, size*0.5, "C")
	var who []string
	for _, s := range []string{c.Position, c.Organization} {
		if s != "" {
			who = append(who, s)
		}
	}
	if len(who) > 0 {
		lines, size = fitLines(pdf, "", strings.Join(who, ", "), 160, 12, 9, 3)
		y = writeLines(pdf, lines, 25, y+2, 160, size*0.45, "C")
	}
	lines, size = fitLines(pdf, "", c.Statement, 160, 14, 10, 8)
	y = writeLines(pdf, lines, 25, y+12, 160, size*0.5, "C")
	pdf.SetFont("go", "", 12)
	writeLines(pdf, []string{c.Date}, 25, y+10, 160, 6, "C")
	const side = 42.0
	qrY := pageH - 28 - side
	if err := drawQR(pdf, c.VerifyURL, 25, qrY, side); err != nil {
		return nil, err
	}
	pdf.SetFont("go", "", 9.5)
	lines, size = fitLines(pdf, "", ru.CertVerify, 110, 9.5, 8, 3)
	ty := writeLines(pdf, lines, 72, qrY+6, 115, size*0.5, "L")
	pdf.SetFont("gomono", "", 9)
	ty = writeLines(pdf, []string{c.VerifyURL}, 72, ty+1, 115, 5, "L")
	pdf.SetFont("go", "", 9.5)
	writeLines(pdf, []string{ru.CertFree}, 72, ty+3, 115, 5, "L")
	return output(pdf)
}

// RouteCard is what the printed ИОМ card shows.
type RouteCard struct {
	Teacher, Organization, Theme, Period string
	Deficits                             []string // labels
	ResultForms                          []string // labels
	// Directions are the rows of seed 004's table, with QuarterLabels (and
	// «без срока» when a row has such steps) as its columns
	Directions    []CardDirection
	QuarterLabels []string
	Quarters      []CardColumn
	Months        []CardColumn
}

// CardDirection is a direction of the card with what was done in each
// quarter and without a month.
type CardDirection struct {
	Label    string
	Quarters [][]string // per quarter, an entry each
	Undated  []string
}

// CardColumn is one period of the card with its steps.
type CardColumn struct {
	Label string
	Steps []string
}

// RouteCardPDF prints the ИОМ card (seed 004): the steps by school quarter
// and by month, on A4 landscape pages.
func RouteCardPDF(c RouteCard) ([]byte, error) {
	pdf := newDoc(ru.CardPDFTitle)
	pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
	const left, width = 12.0, pageH - 24
	pdf.SetFont("go", "B", 15)
	y := writeLines(pdf, []string{ru.CardPDFTitle}, left, 12, width, 8, "L")
	pdf.SetFont("go", "", 10.5)
	for _, line := range []string{c.Teacher + ", " + c.Organization, ru.CardPDFTheme + c.Theme, ru.CardPDFPeriod + c.Period,
		ru.CardPDFDeficits + strings.Join(c.Deficits, ", ")} {
		lines, size := fitLines(pdf, "", line, width, 10.5, 8, 2)
		y = writeLines(pdf, lines, left, y+1, width, size*0.45, "L")
	}
	table := func(title string, cols []CardColumn, y float64) float64 {
		if len(cols) == 0 {
			return y
		}
		pdf.SetFont("go", "B", 11)
		y = writeLines(pdf, []string{title}, left, y+4, width, 6, "L")
		colW := width / float64(len(cols))
		pdf.SetDrawColor(120, 120, 120)
		pdf.SetLineWidth(0.2)
		// header
		pdf.SetFont("go", "B", 8.5)
		headH := 10.0
		for i, col := range cols {
			x := left + float64(i)*colW
			pdf.Rect(x, y, colW, headH, "D")
			lines, size := fitLines(pdf, "B", col.Label, colW-2, 8.5, 6.5, 2)
			writeLines(pdf, lines, x+1, y+1, colW-2, size*0.42, "C")
		}
		y += headH
		bodyTop, bodyBottom := y, y
		for i, col := range cols {
			x := left + float64(i)*colW
			cy := bodyTop + 1
			for _, step := range col.Steps {
				lines, size := fitLines(pdf, "", "• "+step, colW-2, 8, 6, 6)
				cy = writeLines(pdf, lines, x+1, cy, colW-2, size*0.42, "L") + 1
			}
			bodyBottom = max(bodyBottom, cy)
		}
		bodyBottom = max(bodyBottom, bodyTop+20)
		for i := range cols {
			pdf.Rect(left+float64(i)*colW, bodyTop, colW, bodyBottom-bodyTop, "D")
		}
		return bodyBottom
	}
	if len(c.ResultForms) > 0 {
		pdf.SetFont("go", "", 10.5)
		lines, size := fitLines(pdf, "", ru.CardPDFResultForms+strings.Join(c.ResultForms, ", "), width, 10.5, 8, 3)
		y = writeLines(pdf, lines, left, y+1, width, size*0.45, "L")
	}
	if len(c.Directions) > 0 {
		y = directionTable(pdf, c, left, y, width)
	} else {
		y = table(ru.CardPDFByQuarter, c.Quarters, y)
	}
	if y > pageW-60 {
		pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
		y = 12
	}
	months := c.Months
	for len(months) > 0 {
		n := min(6, len(months))
		y = table(ru.CardPDFByMonth, months[:n], y)
		months = months[n:]
		if len(months) > 0 && y > pageW-60 {
			pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
			y = 12
		}
	}
	return output(pdf)
}

// directionTable prints seed 004's table: a row per direction, the school
// quarters (and «без срока» when some step has no month in the period) as
// columns, each cell what was done; rows that do not fit go on a new page
// under the header again.
func directionTable(pdf *fpdf.Fpdf, c RouteCard, left, y, width float64) float64 {
	cols := append([]string(nil), c.QuarterLabels...)
	undated := false
	for _, d := range c.Directions {
		undated = undated || len(d.Undated) > 0
	}
	if undated {
		cols = append(cols, ru.CardPDFUndated)
	}
	const labelW = 52.0
	colW := (width - labelW) / float64(len(cols))
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.2)
	header := func(y float64) float64 {
		pdf.SetFont("go", "B", 8.5)
		const headH = 10.0
		pdf.Rect(left, y, labelW, headH, "D")
		writeLines(pdf, []string{ru.CardPDFDirection}, left+1, y+1, labelW-2, 3.6, "L")
		for i, col := range cols {
			x := left + labelW + float64(i)*colW
			pdf.Rect(x, y, colW, headH, "D")
			lines, size := fitLines(pdf, "B", col, colW-2, 8.5, 6.5, 2)
			writeLines(pdf, lines, x+1, y+1, colW-2, size*0.42, "C")
		}
		return y + headH
	}
	pdf.SetFont("go", "B", 11)
	y = writeLines(pdf, []string{ru.CardPDFByDirection}, left, y+4, width, 6, "L")
	y = header(y)
	cell := func(entries []string, x, top float64, draw bool) float64 {
		cy := top + 1
		for _, e := range entries {
			lines, size := fitLines(pdf, "", "• "+e, colW-2, 7.5, 6, 6)
			if draw {
				cy = writeLines(pdf, lines, x+1, cy, colW-2, size*0.42, "L") + 0.8
			} else {
				cy += float64(len(lines))*size*0.42 + 0.8
			}
		}
		return cy
	}
	for _, d := range c.Directions {
		cells := append([][]string(nil), d.Quarters...)
		if undated {
			cells = append(cells, d.Undated)
		}
		// measure first, so a row is never split across pages
		pdf.SetFont("go", "", 7.5)
		labelLines, labelSize := fitLines(pdf, "B", d.Label, labelW-2, 8, 6.5, 6)
		bottom := y + float64(len(labelLines))*labelSize*0.42 + 2
		for i, entries := range cells {
			bottom = max(bottom, cell(entries, left+labelW+float64(i)*colW, y, false))
		}
		h := max(bottom+1, y+9) - y
		if y+h > pageW-10 {
			pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
			y = header(12)
		}
		pdf.SetFont("go", "B", 8)
		pdf.Rect(left, y, labelW, h, "D")
		writeLines(pdf, labelLines, left+1, y+1, labelW-2, labelSize*0.42, "L")
		pdf.SetFont("go", "", 7.5)
		for i, entries := range cells {
			x := left + labelW + float64(i)*colW
			pdf.Rect(x, y, colW, h, "D")
			cell(entries, x, y, true)
		}
		y += h
	}
	return y
}

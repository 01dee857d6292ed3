package printout

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// PlanRow is one line of the plan in the form of a school's methodical plan:
// «Содержание работы | Сроки | Ответственный | Прогнозируемый результат».
type PlanRow struct {
	Content     string // «Содержание работы»
	Period      string // «Сроки» as written: «сентябрь», «ежеквартально», «в течение года», «23.01.2027»
	Responsible string // «Ответственный»: names of teachers, an МО, or a role
	Expected    string // «Прогнозируемый результат»
	Done        bool   // «выполнено»
	DoneTitle   string // what realised it: an event's or a material's title (may be empty)
	DoneURL     string // a link to it on the public site (may be empty)
}

// PlanSection is a heading of the plan («В течение года», «Сентябрь 2026», …) with its rows.
type PlanSection struct {
	Heading string
	Rows    []PlanRow
}

// PlanDoc is a whole printed plan.
type PlanDoc struct {
	Title        string // «План методической работы»
	Organization string // «МАОУ СОШ № 1» or the municipal methodical service
	Year         string // «2026/2027 учебный год»
	Municipality string
	Sections     []PlanSection
}

// The words of the printed plan. Like every printed word they would sit
// best in package ru; they are kept here while the plan is its only user.
const (
	planDefaultTitle = "План методической работы"
	planDone         = "выполнено"
	planNothing      = "мероприятий не запланировано"
	planContinued    = " (продолжение)"
	planPageNo       = "стр. "
)

// planCol is a column of the plan's table: its header, width in mm and
// the alignment of its text.
type planCol struct {
	title string
	w     float64
	align string
}

// The columns of the table, as in a school's plan; their widths add up to
// planWidth.
var planCols = [...]planCol{
	{"№", 11, "C"},
	{"Содержание работы", 92, "L"},
	{"Сроки", 28, "C"},
	{"Ответственный", 44, "L"},
	{"Прогнозируемый результат", 54, "L"},
	{"Отметка о выполнении", 44, "L"},
}

const planDoneCol = len(planCols) - 1

// Geometry of a landscape A4 page of the plan, in mm; sizes of type in pt.
const (
	planLeft      = 12.0
	planTop       = 12.0
	planWidth     = pageH - 2*planLeft // the page is landscape: pageH is its width
	planBottom    = pageW - 14         // rows end here; the footer is below
	planFooterY   = pageW - 10
	planPad       = 1.2 // above and below the text of a cell
	planMinRowH   = 7.0
	planTextSize  = 9.0
	planTextLine  = 4.0
	planSmallSize = 6.5
	planSmallLine = 2.9
	planHeadSize  = 8.5
	planHeadLine  = 3.7
	planSecSize   = 11.0
	planSecLine   = 5.0
	// a row taller than what is left of a page is split there only if
	// this much of it fits; otherwise it starts on the next page
	planMinPart = 2*planPad + 3*planTextLine
)

// planLine is one printed line of a cell with its type.
type planLine struct {
	text  string
	style string
	size  float64 // pt
	h     float64 // mm
	link  bool    // printed in the colour of a link
}

// planCells are the lines of the cells of one row, a list per column.
type planCells [len(planCols)][]planLine

func (c *planCells) height() float64 {
	h := 0.0
	for _, lines := range c {
		ch := 0.0
		for _, l := range lines {
			ch += l.h
		}
		h = max(h, ch)
	}
	return max(h+2*planPad, planMinRowH)
}

func (c *planCells) empty() bool {
	for _, lines := range c {
		if len(lines) > 0 {
			return false
		}
	}
	return true
}

// split cuts the cells where room mm of text end: part holds the lines of
// each cell that fit, rest the others. At least one line is always taken,
// so splitting again and again ends.
func (c *planCells) split(room float64) (part, rest planCells) {
	took := false
	for i, lines := range c {
		used, n := 0.0, 0
		for n < len(lines) && used+lines[n].h <= room {
			used += lines[n].h
			n++
		}
		part[i], rest[i] = lines[:n], lines[n:]
		took = took || n > 0
	}
	if !took {
		for i, lines := range c {
			if len(lines) > 0 {
				part[i], rest[i] = lines[:1], lines[1:]
			}
		}
	}
	return part, rest
}

// planRowCells is a row ready to print.
type planRowCells struct {
	cells planCells
	link  string // the target of the «Отметка о выполнении» cell
}

// planPrinter lays the plan out page by page.
type planPrinter struct {
	pdf      *fpdf.Fpdf
	y        float64
	heading  []planLine // the current section's heading, for its continuation
	rowsHere int        // rows printed on this page under the current table header
	head     planCells  // the wrapped titles of the columns
	headH    float64    // and the height of the table's header
}

// Plan prints the plan as an A4 landscape PDF: a title block, then each section as a heading
// and a table with the columns «№», «Содержание работы», «Сроки», «Ответственный»,
// «Прогнозируемый результат», «Отметка о выполнении».
//
// Rows are numbered across sections; a row's cells wrap, a row too tall
// for a page goes on over the next ones under the table header again. A
// section without rows says «мероприятий не запланировано», and so does a
// plan without sections. Every string is printed as text: control
// characters become spaces and characters the font lacks are replaced.
func Plan(d PlanDoc) ([]byte, error) {
	d = cleanPlan(d)
	if d.Title == "" {
		d.Title = planDefaultTitle
	}
	meta := d.Title
	for _, s := range []string{d.Organization, d.Year} {
		if s != "" {
			meta += " — " + s
		}
	}
	p := &planPrinter{pdf: newPlanDoc(meta)}
	p.pdf.SetFooterFunc(func() { p.footer(d) })
	p.wrapHeader()
	p.newPage()
	p.titleBlock(d)
	if len(d.Sections) == 0 {
		p.nothing()
	}
	n := 0
	for _, s := range d.Sections {
		rows := make([]planRowCells, len(s.Rows))
		for i, r := range s.Rows {
			n++
			rows[i] = p.rowCells(n, r)
		}
		p.section(s.Heading, rows)
	}
	return output(p.pdf)
}

// planFonts are the Go fonts as they were before fpdf read them. fpdf
// v0.9.0 writes into the bytes of a font it is given when it cuts the
// font's subset (seen with Go Mono, whose hmtx has fewer entries than it
// has glyphs), so a PDF made after another one may differ from it. The
// plan gives fpdf copies of these and leaves Go Mono out, which it does
// not use.
var planFonts = struct{ regular, bold []byte }{bytes.Clone(goregular.TTF), bytes.Clone(gobold.TTF)}

// newPlanDoc is newDoc with fonts nobody has written into and catalogs in
// a fixed order.
func newPlanDoc(title string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", bytes.Clone(planFonts.regular))
	pdf.AddUTF8FontFromBytes("go", "B", bytes.Clone(planFonts.bold))
	pdf.SetTitle(title, true)
	pdf.SetCreator("kopilka", true)
	pdf.SetProducer("kopilka", true)
	// a fixed date keeps the same input giving the same bytes
	pdf.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	// fpdf writes its catalogs (the fonts of a page, …) from maps unless
	// told to sort them
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return pdf
}

func (p *planPrinter) newPage() {
	p.pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
	p.y = planTop
	p.rowsHere = 0
}

func (p *planPrinter) setFont(style string, size float64) {
	p.pdf.SetFont("go", style, size)
}

// textW is the width text has in a column w mm wide.
func (p *planPrinter) textW(w float64) float64 {
	return w - 2*p.pdf.GetCellMargin() - 0.2
}

// wrap breaks text into lines no wider than w in the current font: at
// newlines, between words, and inside a word longer than a line.
func (p *planPrinter) wrap(text string, w float64) []string {
	space := p.pdf.GetStringWidth(" ")
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		var line []rune
		lineW := 0.0
		for _, word := range strings.Fields(para) {
			ww := p.pdf.GetStringWidth(word)
			if len(line) > 0 && lineW+space+ww <= w {
				line = append(append(line, ' '), []rune(word)...)
				lineW += space + ww
				continue
			}
			if len(line) > 0 {
				lines = append(lines, string(line))
				line, lineW = nil, 0
			}
			if ww <= w {
				line, lineW = []rune(word), ww
				continue
			}
			// a word wider than the column is broken by characters
			for _, r := range word {
				rw := p.pdf.GetStringWidth(string(r))
				if len(line) > 0 && lineW+rw > w {
					lines = append(lines, string(line))
					line, lineW = nil, 0
				}
				line = append(line, r)
				lineW += rw
			}
		}
		if len(line) > 0 {
			lines = append(lines, string(line))
		}
	}
	return lines
}

// clip wraps text like wrap and keeps at most maxLines lines, ending the
// last with an ellipsis when some are left off.
func (p *planPrinter) clip(text string, w float64, maxLines int) []string {
	lines := p.wrap(text, w)
	if len(lines) <= maxLines {
		return lines
	}
	lines = lines[:maxLines]
	last := []rune(lines[maxLines-1])
	for len(last) > 0 && p.pdf.GetStringWidth(string(last)+"…") > w {
		last = last[:len(last)-1]
	}
	lines[maxLines-1] = strings.TrimRightFunc(string(last), unicode.IsSpace) + "…"
	return lines
}

// lines wraps text for a column w mm wide into printed lines of a type.
func (p *planPrinter) lines(text, style string, size, h, w float64, link bool) []planLine {
	p.setFont(style, size)
	var out []planLine
	for _, l := range p.wrap(text, p.textW(w)) {
		out = append(out, planLine{text: l, style: style, size: size, h: h, link: link})
	}
	return out
}

// drawLines prints lines from the top y of a column at x, w mm wide.
func (p *planPrinter) drawLines(lines []planLine, x, y, w float64, align string) {
	for _, l := range lines {
		p.setFont(l.style, l.size)
		if l.link {
			p.pdf.SetTextColor(11, 92, 173)
		} else {
			p.pdf.SetTextColor(0, 0, 0)
		}
		p.pdf.SetXY(x, y)
		p.pdf.CellFormat(w, l.h, l.text, "", 0, align, false, 0, "")
		y += l.h
	}
	p.pdf.SetTextColor(0, 0, 0)
}

// centred prints lines of one type centred across the table.
func (p *planPrinter) centred(lines []string, style string, size, h float64) {
	p.setFont(style, size)
	for _, l := range lines {
		p.pdf.SetXY(planLeft, p.y)
		p.pdf.CellFormat(planWidth, h, l, "", 0, "C", false, 0, "")
		p.y += h
	}
}

// titleBlock prints the municipality, the title, the organization and the
// year at the top of the first page.
func (p *planPrinter) titleBlock(d PlanDoc) {
	if d.Municipality != "" {
		p.pdf.SetTextColor(90, 90, 90)
		p.setFont("", 9.5)
		p.centred(p.clip(d.Municipality, planWidth-20, 2), "", 9.5, 4.5)
		p.pdf.SetTextColor(0, 0, 0)
		p.y += 2
	}
	p.setFont("B", 15)
	p.centred(p.clip(d.Title, planWidth-20, 2), "B", 15, 7)
	if d.Organization != "" {
		p.setFont("B", 12)
		p.centred(p.clip(d.Organization, planWidth-20, 3), "B", 12, 5.6)
	}
	if d.Year != "" {
		p.setFont("", 11)
		p.centred(p.clip(d.Year, planWidth-20, 2), "", 11, 5.2)
	}
	p.y += 4
}

// footer prints the organization and year and «стр. N» under the rows.
func (p *planPrinter) footer(d PlanDoc) {
	p.pdf.SetTextColor(110, 110, 110)
	p.setFont("", 8)
	var who []string
	for _, s := range []string{d.Organization, d.Title, d.Year} {
		if s != "" {
			who = append(who, s)
		}
	}
	if lines := p.clip(strings.Join(who, " · "), planWidth-40, 1); len(lines) > 0 {
		p.pdf.SetXY(planLeft, planFooterY)
		p.pdf.CellFormat(planWidth-30, 4, lines[0], "", 0, "L", false, 0, "")
	}
	p.pdf.SetXY(planLeft+planWidth-30, planFooterY)
	p.pdf.CellFormat(30, 4, planPageNo+strconv.Itoa(p.pdf.PageNo()), "", 0, "R", false, 0, "")
	p.pdf.SetTextColor(0, 0, 0)
}

// headingLines are the printed lines of a section's heading.
func (p *planPrinter) headingLines(heading string) []planLine {
	p.setFont("B", planSecSize)
	var out []planLine
	for _, l := range p.clip(heading, planWidth, 3) {
		out = append(out, planLine{text: l, style: "B", size: planSecSize, h: planSecLine})
	}
	return out
}

func linesH(lines []planLine) float64 {
	h := 0.0
	for _, l := range lines {
		h += l.h
	}
	return h
}

func (p *planPrinter) drawHeading(lines []planLine) {
	p.y += 3
	p.drawLines(lines, planLeft, p.y, planWidth, "L")
	p.y += linesH(lines) + 1.5
}

// wrapHeader wraps the titles of the columns for header.
func (p *planPrinter) wrapHeader() {
	h := 0.0
	for i, col := range planCols {
		p.head[i] = p.lines(col.title, "B", planHeadSize, planHeadLine, col.w, false)
		h = max(h, linesH(p.head[i]))
	}
	p.headH = h + 2*planPad + 1
}

// header prints the header of the table.
func (p *planPrinter) header() {
	c, h := p.head, p.headH
	p.pdf.SetDrawColor(90, 90, 90)
	p.pdf.SetLineWidth(0.25)
	p.pdf.SetFillColor(232, 236, 242)
	x := planLeft
	for i, col := range planCols {
		p.pdf.Rect(x, p.y, col.w, h, "FD")
		p.drawLines(c[i], x, p.y+(h-linesH(c[i]))/2, col.w, "C")
		x += col.w
	}
	p.y += h
	p.rowsHere = 0
}

// continuePage goes on with the current section's table on a new page.
func (p *planPrinter) continuePage() {
	p.newPage()
	if len(p.heading) > 0 {
		cont := append([]planLine(nil), p.heading...)
		last := &cont[len(cont)-1]
		last.text += planContinued
		p.setFont("B", planSecSize)
		if p.pdf.GetStringWidth(last.text) > planWidth {
			last.text = strings.TrimSuffix(last.text, planContinued)
		}
		p.drawHeading(cont)
	}
	p.header()
}

// freshRoom is how many mm a row has on a page of its own: below the
// heading and the header of its table.
func (p *planPrinter) freshRoom() float64 {
	return planBottom - planTop - 3 - linesH(p.heading) - 1.5 - p.headH
}

// section prints a heading and its table, or «мероприятий не
// запланировано» for a section without rows. The heading goes to the
// next page when what follows it would not fit under it.
func (p *planPrinter) section(heading string, rows []planRowCells) {
	p.heading = p.headingLines(heading)
	need := 3 + linesH(p.heading) + 1.5
	if len(rows) == 0 {
		need += planTextLine + 2
	} else {
		first := rows[0].cells.height()
		if first > p.freshRoom() {
			first = planMinPart
		}
		need += p.headH + first
	}
	if p.y+need > planBottom {
		p.newPage()
	}
	p.drawHeading(p.heading)
	if len(rows) == 0 {
		p.nothing()
		return
	}
	p.header()
	for _, r := range rows {
		p.row(r)
	}
	p.y += 2
}

// nothing prints «мероприятий не запланировано».
func (p *planPrinter) nothing() {
	if p.y+planTextLine+2 > planBottom {
		p.newPage()
	}
	p.pdf.SetTextColor(90, 90, 90)
	p.setFont("", planTextSize)
	p.pdf.SetXY(planLeft, p.y)
	p.pdf.CellFormat(planWidth, planTextLine, planNothing, "", 0, "L", false, 0, "")
	p.pdf.SetTextColor(0, 0, 0)
	p.y += planTextLine + 2
}

// rowCells wraps the texts of row number n into its cells.
func (p *planPrinter) rowCells(n int, r PlanRow) planRowCells {
	var c planCells
	texts := [...]string{strconv.Itoa(n) + ".", r.Content, r.Period, r.Responsible, r.Expected}
	for i, t := range texts {
		c[i] = p.lines(t, "", planTextSize, planTextLine, planCols[i].w, false)
	}
	out := planRowCells{}
	if r.Done {
		w := planCols[planDoneCol].w
		done := p.lines(planDone, "B", planTextSize, planTextLine, w, false)
		done = append(done, p.lines(r.DoneTitle, "", planTextSize, planTextLine, w, false)...)
		if r.DoneURL != "" {
			done = append(done, p.lines(cleanText(r.DoneURL), "", planSmallSize, planSmallLine, w, true)...)
			if isWebURL(r.DoneURL) {
				out.link = r.DoneURL
			}
		}
		c[planDoneCol] = done
	}
	out.cells = c
	return out
}

// isWebURL tells a link a reader may follow (http or https, nothing
// invisible in it) from any other text, which is printed but not made
// clickable.
func isWebURL(s string) bool {
	l := strings.ToLower(s)
	if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

// row prints a row, on the next page when it does not fit here and would
// fit there; a row taller than a page is split across pages.
func (p *planPrinter) row(r planRowCells) {
	cells := r.cells
	for {
		h := cells.height()
		room := planBottom - p.y
		if h <= room {
			p.drawRow(cells, h, r.link)
			p.y += h
			p.rowsHere++
			return
		}
		// a fresh page always has more than planMinPart of room, so this
		// goes to a new page at most once in a row
		if room < planMinPart || (p.rowsHere > 0 && h <= p.freshRoom()) {
			p.continuePage()
			continue
		}
		part, rest := cells.split(room - 2*planPad)
		p.drawRow(part, max(room, part.height()), r.link)
		if rest.empty() {
			p.y += max(room, part.height())
			p.rowsHere++
			return
		}
		cells = rest
		p.continuePage()
	}
}

// drawRow prints the cells of a row h mm tall at the current y.
func (p *planPrinter) drawRow(c planCells, h float64, link string) {
	p.pdf.SetDrawColor(90, 90, 90)
	p.pdf.SetLineWidth(0.2)
	x := planLeft
	for i, col := range planCols {
		p.pdf.Rect(x, p.y, col.w, h, "D")
		p.drawLines(c[i], x, p.y+planPad, col.w, col.align)
		if i == planDoneCol && link != "" && len(c[i]) > 0 {
			p.pdf.LinkString(x, p.y, col.w, h, link)
		}
		x += col.w
	}
}

var (
	planFontOnce sync.Once
	planFont     *sfnt.Font
)

// hasGlyph tells whether the Go font draws r.
func hasGlyph(r rune) bool {
	planFontOnce.Do(func() {
		planFont, _ = sfnt.Parse(planFonts.regular)
	})
	if planFont == nil {
		return r < 0x80
	}
	var b sfnt.Buffer
	g, err := planFont.GlyphIndex(&b, r)
	return err == nil && g != 0
}

// cleanText makes s printable: line breaks become "\n", other control
// characters and spaces a space, invisible format characters go, and
// characters the font lacks (all beyond the Basic Multilingual Plane,
// which fpdf cannot measure) become «?».
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r):
		case r > 0xffff || !hasGlyph(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanPlan is d with every string made printable by cleanText.
func cleanPlan(d PlanDoc) PlanDoc {
	d.Title = strings.TrimSpace(cleanText(d.Title))
	d.Organization = strings.TrimSpace(cleanText(d.Organization))
	d.Year = strings.TrimSpace(cleanText(d.Year))
	d.Municipality = strings.TrimSpace(cleanText(d.Municipality))
	sections := make([]PlanSection, len(d.Sections))
	for i, s := range d.Sections {
		rows := make([]PlanRow, len(s.Rows))
		for j, r := range s.Rows {
			r.Content, r.Period, r.Responsible, r.Expected = cleanText(r.Content), cleanText(r.Period), cleanText(r.Responsible), cleanText(r.Expected)
			// DoneURL stays as it is: rowCells prints it cleaned and
			// links to it only when it is a web address
			r.DoneTitle, r.DoneURL = cleanText(r.DoneTitle), strings.TrimSpace(r.DoneURL)
			rows[j] = r
		}
		sections[i] = PlanSection{Heading: cleanText(s.Heading), Rows: rows}
	}
	d.Sections = sections
	return d
}

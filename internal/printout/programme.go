package printout

import (
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/kopilka/kopilka/internal/ru"
)

// Programme is what the printed programme of an event shows: the facts of
// the event, its agenda and a QR code for each of its materials, so that a
// participant with the printout on the table opens any material on the
// phone.
type Programme struct {
	Municipality string
	Kind         string // «Семинар»
	Title        string
	When         string
	Where        string
	Online       string
	Organizer    string
	Audience     string
	// ShortURL is the event's own page, printed as a code beside its title.
	ShortURL string
	// Agenda is the event's description as paragraphs of plain text, each
	// printed as it is (a numbered point keeps its number).
	Agenda []string
	// Materials are the event's materials, each printed with its code.
	Materials []Item
}

// programme layout, in mm
const (
	progLeft   = 18.0
	progWidth  = pageW - 2*progLeft
	progTop    = 16.0
	progBottom = pageH - 18.0
	progQR     = 32.0 // the event's own code
	progCardQR = 30.0 // a material's code
	progCardH  = 40.0
	progCols   = 2
	progGap    = 6.0
)

// ProgrammePDF prints an event's programme on A4: the title with the
// event's code, when, where, online, organizer and participants, the
// agenda, then the materials two to a row, each with its code, title and
// short address. Every string is printed as text; characters the font
// lacks are replaced.
func ProgrammePDF(p Programme) ([]byte, error) {
	p = cleanProgramme(p)
	pdf := newPlanDoc(ru.PackProgrammeOf + p.Title) // two fonts: each one a document loads costs it milliseconds
	pdf.SetFooterFunc(func() {
		pdf.SetTextColor(110, 110, 110)
		pdf.SetFont("go", "", 8)
		pdf.SetXY(progLeft, pageH-12)
		line := p.Municipality
		if line != "" {
			line += " · "
		}
		pdf.CellFormat(progWidth-30, 4, firstLine(pdf, line+p.Title, progWidth-30), "", 0, "L", false, 0, "")
		pdf.SetXY(progLeft+progWidth-30, pageH-12)
		pdf.CellFormat(30, 4, planPageNo+strconv.Itoa(pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	y := progTop

	// the title block, the event's own code on the right
	textW := progWidth
	if p.ShortURL != "" {
		textW = progWidth - progQR - 4
		if err := drawQR(pdf, p.ShortURL, progLeft+progWidth-progQR, y, progQR); err != nil {
			return nil, err
		}
		// the address under the code may be wider than the code
		pdf.SetFont("go", "", 7)
		pdf.SetXY(progLeft+progWidth-progQR-12, y+progQR)
		pdf.CellFormat(progQR+12, 3.5, firstLine(pdf, bare(p.ShortURL), progQR+12), "", 0, "R", false, 0, "")
	}
	pdf.SetTextColor(90, 90, 90)
	pdf.SetFont("go", "", 10)
	if head := strings.TrimSpace(strings.Join(nonEmpty(p.Kind, p.Municipality), " · ")); head != "" {
		lines := pdf.SplitText(head, textW)
		y = writeLines(pdf, lines[:min(len(lines), 2)], progLeft, y, textW, 5, "L")
	}
	pdf.SetTextColor(0, 0, 0)
	lines, size := fitLines(pdf, "B", p.Title, textW, 17, 12, 4)
	y = writeLines(pdf, lines, progLeft, y+1, textW, size*0.47, "L") + 3
	for _, f := range [][2]string{{ru.PackWhen, p.When}, {ru.PackWhere, p.Where}, {ru.PackOnline, p.Online},
		{ru.PackOrganizer, p.Organizer}, {ru.PackAudience, p.Audience}} {
		if f[1] == "" {
			continue
		}
		pdf.SetFont("go", "B", 10.5)
		pdf.SetXY(progLeft, y)
		pdf.CellFormat(30, 5.2, f[0], "", 0, "L", false, 0, "")
		pdf.SetFont("go", "", 10.5)
		for i, l := range pdf.SplitText(f[1], textW-30) {
			if i == 3 {
				break
			}
			pdf.SetXY(progLeft+30, y)
			pdf.CellFormat(textW-30, 5.2, l, "", 0, "L", false, 0, "")
			y += 5.2
		}
	}
	if p.ShortURL != "" {
		y = max(y, progTop+progQR+5)
	}

	// the agenda
	if len(p.Agenda) > 0 {
		y = heading(pdf, ru.PackProgrammeHeading, y+5)
		pdf.SetFont("go", "", 10.5)
		for _, para := range p.Agenda {
			for _, l := range pdf.SplitText(para, progWidth) {
				if y+5.2 > progBottom {
					pdf.AddPage()
					y = progTop
					pdf.SetFont("go", "", 10.5)
				}
				pdf.SetXY(progLeft, y)
				pdf.CellFormat(progWidth, 5.2, l, "", 0, "L", false, 0, "")
				y += 5.2
			}
			y += 1.5
		}
	}

	// the materials, two to a row
	if len(p.Materials) > 0 {
		if y+12+progCardH > progBottom {
			pdf.AddPage()
			y = progTop
		}
		y = heading(pdf, ru.PackMaterialsHeading, y+5)
		pdf.SetFont("go", "", 9)
		pdf.SetTextColor(90, 90, 90)
		y = writeLines(pdf, pdf.SplitText(ru.PackScanHint, progWidth), progLeft, y, progWidth, 4.5, "L") + 2
		pdf.SetTextColor(0, 0, 0)
		colW := (progWidth - progGap*(progCols-1)) / progCols
		for i, m := range p.Materials {
			if i%progCols == 0 && i > 0 {
				y += progCardH + 4
			}
			if i%progCols == 0 && y+progCardH > progBottom {
				pdf.AddPage()
				y = progTop
			}
			x := progLeft + float64(i%progCols)*(colW+progGap)
			if err := materialCard(pdf, m, x, y, colW); err != nil {
				return nil, err
			}
		}
	}
	return output(pdf)
}

// materialCard prints one material of the programme: its code on the
// left, its kind, title and short address beside it.
func materialCard(pdf *fpdf.Fpdf, m Item, x, y, w float64) error {
	pdf.SetDrawColor(200, 200, 200)
	pdf.Rect(x, y, w, progCardH, "D")
	if err := drawQR(pdf, m.ShortURL, x+2, y+2, progCardQR); err != nil {
		return err
	}
	tx, tw := x+progCardQR+4, w-progCardQR-6
	ty := y + 3
	if m.Kind != "" {
		pdf.SetTextColor(90, 90, 90)
		pdf.SetFont("go", "", 8)
		ty = writeLines(pdf, []string{firstLine(pdf, m.Kind, tw)}, tx, ty, tw, 4, "L")
		pdf.SetTextColor(0, 0, 0)
	}
	// a long word («практико-ориентированных») rather shrinks than breaks
	start := 9.5
	for ; start > 7.5; start -= 0.5 {
		pdf.SetFont("go", "B", start)
		if widestWord(pdf, m.Title) <= tw {
			break
		}
	}
	lines, size := fitLines(pdf, "B", m.Title, tw, start, 7.5, 5)
	writeLines(pdf, lines, tx, ty+0.5, tw, size*0.45, "L")
	pdf.SetFont("go", "", 7.5)
	pdf.SetXY(x+2, y+progCardQR+3)
	pdf.CellFormat(w-4, 3.5, firstLine(pdf, bare(m.ShortURL), w-4), "", 0, "L", false, 0, "")
	return nil
}

// heading prints a section heading of the programme at y and returns
// where the text under it starts.
func heading(pdf *fpdf.Fpdf, text string, y float64) float64 {
	if y+14 > progBottom {
		pdf.AddPage()
		y = progTop
	}
	pdf.SetFont("go", "B", 13)
	pdf.SetXY(progLeft, y)
	pdf.CellFormat(progWidth, 7, text, "", 0, "L", false, 0, "")
	pdf.SetDrawColor(11, 92, 173)
	pdf.SetLineWidth(0.4)
	pdf.Line(progLeft, y+7.5, progLeft+progWidth, y+7.5)
	pdf.SetLineWidth(0.2)
	return y + 10
}

// firstLine is the first line text wraps into at width w in the current
// font, shortened with «…» when more would follow.
func firstLine(pdf *fpdf.Fpdf, text string, w float64) string {
	lines := pdf.SplitText(text, w)
	if len(lines) <= 1 {
		return strings.Join(lines, "")
	}
	return shortenToFit(pdf, text, w, 1)
}

// widestWord is the width of the widest word of text in the current font.
func widestWord(pdf *fpdf.Fpdf, text string) float64 {
	w := 0.0
	for _, word := range strings.Fields(text) {
		w = max(w, pdf.GetStringWidth(word))
	}
	return w
}

// bare is an address as printed: without its scheme.
func bare(url string) string {
	return strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// cleanProgramme is p with every string made printable: one line each,
// but for the agenda's paragraphs, which keep none either.
func cleanProgramme(p Programme) Programme {
	one := func(s string) string { return strings.Join(strings.Fields(cleanText(s)), " ") }
	p.Municipality, p.Kind, p.Title = one(p.Municipality), one(p.Kind), one(p.Title)
	p.When, p.Where, p.Online = one(p.When), one(p.Where), one(p.Online)
	p.Organizer, p.Audience = one(p.Organizer), one(p.Audience)
	var agenda []string
	for _, a := range p.Agenda {
		// a description that starts with its own «Программа» gets one heading
		if a = one(a); a != "" && !(len(agenda) == 0 && strings.EqualFold(strings.TrimSuffix(a, ":"), ru.PackProgrammeHeading)) {
			agenda = append(agenda, a)
		}
	}
	p.Agenda = agenda
	items := make([]Item, len(p.Materials))
	for i, m := range p.Materials {
		items[i] = Item{Kind: one(m.Kind), Title: one(m.Title), Organization: one(m.Organization), ShortURL: m.ShortURL}
	}
	p.Materials = items
	return p
}

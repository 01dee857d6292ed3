package printout

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

// samplePlan is a school's plan as a deputy director would fill it in.
func samplePlan() PlanDoc {
	return PlanDoc{
		Title:        "План методической работы",
		Organization: "МАОУ СОШ № 1",
		Year:         "2026/2027 учебный год",
		Municipality: "Тестовый муниципальный округ",
		Sections: []PlanSection{
			{Heading: "В течение года", Rows: []PlanRow{
				{Content: "Заседания методического совета школы", Period: "ежеквартально", Responsible: "Иванова А. П., заместитель директора по УВР",
					Expected: "Протоколы заседаний", Done: true, DoneTitle: "Методический совет № 1", DoneURL: "https://kopilka.example/events/ms-1"},
				{Content: "Взаимопосещение уроков педагогами МО учителей начальных классов", Period: "в течение года", Responsible: "Руководители МО",
					Expected: "Карты анализа уроков"},
			}},
			{Heading: "Сентябрь 2026", Rows: []PlanRow{
				{Content: "Утверждение тем самообразования педагогов", Period: "сентябрь", Responsible: "Петров С. И.",
					Expected: "Список тем самообразования", Done: true, DoneTitle: "Темы самообразования на 2026/2027"},
			}},
			{Heading: "Октябрь 2026"},
			{Heading: "Январь 2027", Rows: []PlanRow{
				{Content: "Семинар «Функциональная грамотность на уроках математики»", Period: "23.01.2027", Responsible: "МО учителей математики",
					Expected: "Методические рекомендации", DoneTitle: "не должно печататься"},
			}},
		},
	}
}

// words is text with every run of spaces and line breaks made one space,
// so a cell's wrapped lines read as the string they came from.
func words(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

// pages are the texts of the pages of pdf.
func pages(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, p := range strings.Split(qrtest.PDFText(t, pdf), "\f") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func mustPlan(t *testing.T, d PlanDoc) []byte {
	t.Helper()
	pdf, err := Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestPlanPrintsEveryHeadingAndCell(t *testing.T) {
	d := samplePlan()
	text := words(qrtest.PDFText(t, mustPlan(t, d)))
	want := []string{d.Title, d.Organization, d.Year, d.Municipality,
		"Содержание работы", "Сроки", "Ответственный", "Прогнозируемый результат", "Отметка о выполнении"}
	for _, s := range d.Sections {
		want = append(want, s.Heading)
		for _, r := range s.Rows {
			want = append(want, r.Content, r.Period, r.Responsible, r.Expected)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the plan lacks %q", w)
		}
	}
}

func TestPlanNumbersRowsOnAcrossSections(t *testing.T) {
	var d PlanDoc
	n := 0
	for s, rows := range []int{2, 0, 3, 1} {
		sec := PlanSection{Heading: fmt.Sprintf("Раздел %d", s+1)}
		for range rows {
			n++
			sec.Rows = append(sec.Rows, PlanRow{Content: fmt.Sprintf("Мероприятие номер %d", n), Period: "май", Responsible: "МО", Expected: "Отчёт"})
		}
		d.Sections = append(d.Sections, sec)
	}
	text := words(qrtest.PDFText(t, mustPlan(t, d)))
	for i := 1; i <= n; i++ {
		if w := fmt.Sprintf("%d. Мероприятие номер %d", i, i); !strings.Contains(text, w) {
			t.Errorf("row %d is not numbered %d.: no %q in\n%s", i, i, w, text)
		}
	}
	if strings.Contains(text, fmt.Sprintf("%d.", n+1)) {
		t.Errorf("a number beyond %d is printed", n)
	}
}

func TestPlanOf200RowsRepeatsTheHeaderOnEveryPage(t *testing.T) {
	var d PlanDoc
	d.Title, d.Organization, d.Year = "План методической работы", "МАОУ СОШ № 1", "2026/2027 учебный год"
	for s := range 4 {
		sec := PlanSection{Heading: fmt.Sprintf("Месяц %d", s+1)}
		for i := range 50 {
			sec.Rows = append(sec.Rows, PlanRow{
				Content:     fmt.Sprintf("Открытый урок %d в рамках недели методического мастерства, обсуждение на заседании МО", s*50+i+1),
				Period:      "в течение месяца",
				Responsible: "Учителя МО естественно-научного цикла",
				Expected:    "Распространение опыта, технологические карты уроков",
				Done:        i%3 == 0, DoneTitle: "Неделя методического мастерства",
			})
		}
		d.Sections = append(d.Sections, sec)
	}
	pp := pages(t, mustPlan(t, d))
	if len(pp) < 5 {
		t.Fatalf("200 rows on %d pages", len(pp))
	}
	for i, p := range pp {
		if !strings.Contains(p, "Содержание работы") {
			t.Errorf("page %d has no table header:\n%s", i+1, p)
		}
		if !strings.Contains(p, fmt.Sprintf("стр. %d", i+1)) {
			t.Errorf("page %d is not numbered «стр. %d»", i+1, i+1)
		}
	}
	all := words(strings.Join(pp, "\n"))
	if !strings.Contains(all, "200. Открытый урок 200") || !strings.Contains(all, "(продолжение)") {
		t.Error("the last row or a continued section's heading is missing")
	}
}

func TestPlanHeadingIsNeverLeftAloneAtTheBottom(t *testing.T) {
	// sections of different sizes bring the page breaks to every place
	var d PlanDoc
	for s := range 60 {
		sec := PlanSection{Heading: fmt.Sprintf("Раздел плана %d", s+1)}
		for i := range 1 + s%4 {
			sec.Rows = append(sec.Rows, PlanRow{Content: strings.Repeat("Подготовка к педагогическому совету ", 1+(s+i)%5),
				Period: "ноябрь", Responsible: "Администрация", Expected: "Решение педсовета"})
		}
		d.Sections = append(d.Sections, sec)
	}
	for i, p := range pages(t, mustPlan(t, d)) {
		lines := strings.Split(p, "\n")
		for j, l := range lines {
			if !strings.HasPrefix(l, "Раздел плана ") {
				continue
			}
			if rest := strings.Join(lines[j+1:], "\n"); !strings.Contains(rest, "Содержание работы") || !strings.Contains(rest, "Подготовка") {
				t.Errorf("page %d ends with the heading %q without its table", i+1, l)
			}
		}
	}
}

func TestPlanMarksDoneRows(t *testing.T) {
	d := samplePlan()
	pdf := mustPlan(t, d)
	text := words(qrtest.PDFText(t, pdf))
	for _, w := range []string{"выполнено Методический совет № 1 https://kopilka.example/events/ms-1", "выполнено Темы самообразования на 2026/2027"} {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in\n%s", w, text)
		}
	}
	if n := strings.Count(text, "выполнено"); n != 2 {
		t.Errorf("«выполнено» printed %d times for 2 done rows", n)
	}
	if strings.Contains(text, "не должно печататься") {
		t.Error("the title of a row not done is printed")
	}
	if !bytes.Contains(pdf, []byte("/URI (https://kopilka.example/events/ms-1)")) {
		t.Error("the mark of a done row with a URL is not a link")
	}
}

func TestPlanLinksOnlyWebAddresses(t *testing.T) {
	d := PlanDoc{Sections: []PlanSection{{Heading: "Май", Rows: []PlanRow{
		{Content: "Итоговый педсовет", Done: true, DoneTitle: "Педсовет", DoneURL: "javascript:alert(1)"},
	}}}}
	pdf := mustPlan(t, d)
	if bytes.Contains(pdf, []byte("/URI")) {
		t.Error("a javascript: address is made a link")
	}
	if !strings.Contains(words(qrtest.PDFText(t, pdf)), "javascript:alert(1)") {
		t.Error("the address is not printed")
	}
}

func TestPlanSaysNothingIsPlanned(t *testing.T) {
	tests := []struct {
		name string
		doc  PlanDoc
	}{
		{"an empty section", PlanDoc{Sections: []PlanSection{{Heading: "Октябрь 2026"}}}},
		{"a plan without sections", PlanDoc{Organization: "МАОУ СОШ № 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := words(qrtest.PDFText(t, mustPlan(t, tt.doc)))
			if !strings.Contains(text, "мероприятий не запланировано") {
				t.Errorf("no «мероприятий не запланировано» in\n%s", text)
			}
			if !strings.Contains(text, "План методической работы") {
				t.Error("a plan without a title is not titled «План методической работы»")
			}
		})
	}
}

func TestPlanPrintsHostileTextLiterally(t *testing.T) {
	long := strings.Repeat("Ы", 700)
	tests := []struct {
		name  string
		row   PlanRow
		wants []string // as printed, spaces aside
	}{
		{"markup", PlanRow{Content: "<script>alert('x')</script>", Done: true, DoneTitle: "<b>жирный</b> &amp;"},
			[]string{"<script>alert('x')</script>", "<b>жирный</b>&amp;"}},
		{"format verbs", PlanRow{Content: "%s %d %v %!(EXTRA)", Responsible: "100% педагогов"}, []string{"%s%d%v%!(EXTRA)", "100%педагогов"}},
		{"newlines and tabs", PlanRow{Content: "первая строка\nвторая\r\nтретья\tчетвёртая"}, []string{"перваястрокавтораятретьячетвёртая"}},
		{"parentheses and backslashes", PlanRow{Content: `(скобки) \n \\ ) (`}, []string{`(скобки)\n\\)(`}},
		{"a long unbreakable word", PlanRow{Content: long, Period: long, Responsible: long, Expected: long, Done: true, DoneTitle: long, DoneURL: "https://kopilka.example/" + long},
			[]string{long}},
		{"a long word among short ones", PlanRow{Content: "начало " + long + " конец"}, []string{"начало" + long + "конец"}},
		{"characters the font lacks", PlanRow{Content: "смайлик 😀 и 漢字\x00\u202eконец"}, []string{"смайлик", "конец"}},
		{"a row taller than a page", PlanRow{Content: strings.Repeat("очень длинное описание мероприятия ", 1500) + "последнееслово"},
			[]string{"последнееслово"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := samplePlan()
			d.Title = tt.row.Content
			d.Sections[1].Heading = tt.row.Content
			d.Sections[1].Rows = append(d.Sections[1].Rows, tt.row)
			text := strings.Join(strings.Fields(qrtest.PDFText(t, mustPlan(t, d))), "")
			for _, w := range tt.wants {
				if !strings.Contains(text, w) {
					t.Errorf("%.80q… is not printed as it is", w)
				}
			}
			if !strings.Contains(text, "Январь2027") {
				t.Error("the sections after the row are lost")
			}
		})
	}
}

func TestPlanBreaksAWordInsideItsColumn(t *testing.T) {
	long := strings.Repeat("Щ", 300) + " " + strings.Repeat("w", 300)
	p := &planPrinter{pdf: newPlanDoc("test")}
	r := p.rowCells(1, PlanRow{Content: long, Period: long, Responsible: long, Expected: long, Done: true, DoneTitle: long, DoneURL: "https://kopilka.example/" + long})
	for i, col := range planCols[1:] {
		i++
		if len(r.cells[i]) < 2 {
			t.Errorf("column %q is not wrapped", col.title)
		}
		for _, l := range r.cells[i] {
			p.setFont(l.style, l.size)
			if w := p.pdf.GetStringWidth(l.text); w > p.textW(col.w) {
				t.Errorf("a line of column %q is %.1f mm wide, the column has %.1f mm for text", col.title, w, p.textW(col.w))
			}
		}
	}
}

func TestPlanIsTheSameForTheSameInput(t *testing.T) {
	a := mustPlan(t, samplePlan())
	// other printouts in between must not change the plan's bytes
	if _, err := CertificatePDF(Certificate{Title: "Свидетельство", Number: "1", Teacher: "Иванова А. П.", VerifyURL: "https://kopilka.example/v/1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Cards(make([]Item, 3), "Тестовый округ"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if b := mustPlan(t, samplePlan()); !bytes.Equal(a, b) {
			t.Fatalf("the same plan printed again (%d) differs", i+1)
		}
	}
}

func TestPlanColumnsFillTheWidthBetweenTheMargins(t *testing.T) {
	sum := 0.0
	for _, c := range planCols {
		sum += c.w
	}
	if sum != planWidth {
		t.Errorf("the columns are %.1f mm wide together, the page has %.1f mm between the margins", sum, planWidth)
	}
}

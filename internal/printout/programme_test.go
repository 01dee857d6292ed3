package printout_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

func programme(materials int) printout.Programme {
	p := printout.Programme{
		Municipality: "Тестовый округ",
		Kind:         "Семинар",
		Title:        "Формирование функциональной грамотности на уроках математики",
		When:         "12 марта 2026, 14:00–16:30",
		Where:        "МАОУ Гимназия № 2, актовый зал",
		Organizer:    "МАОУ Гимназия № 2",
		Audience:     "учителя математики",
		ShortURL:     "https://kopilka.example/q/EVT001",
		Agenda: []string{
			"1. Открытие семинара. Приветственное слово.",
			"2. Открытый урок «Проценты в жизни» (6 класс).",
			"3. Мастер-класс: задачи PISA на уроке.",
		},
	}
	for i := range materials {
		p.Materials = append(p.Materials, printout.Item{Kind: "Конспект урока",
			Title:    fmt.Sprintf("Материал %d: решение практико-ориентированных задач на проценты", i+1),
			ShortURL: fmt.Sprintf("https://kopilka.example/q/MAT%03d", i)})
	}
	return p
}

func TestProgrammeShowsTheEventAndEveryMaterialsCodeDecodes(t *testing.T) {
	for _, n := range []int{1, 3, 9} {
		t.Run(fmt.Sprint(n, " materials"), func(t *testing.T) {
			p := programme(n)
			pdf, err := printout.ProgrammePDF(p)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, page := range qrtest.RasterizePDF(t, pdf, 150) {
				codes, err := qrtest.DecodeAll(page)
				if err != nil {
					t.Fatalf("page %d: %v", i+1, err)
				}
				got = append(got, codes...)
			}
			want := []string{p.ShortURL}
			for _, m := range p.Materials {
				want = append(want, m.ShortURL)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("codes decoded:\n%v\nwant\n%v", got, want)
			}
			text := qrtest.PDFText(t, pdf)
			for _, s := range []string{"Формирование функциональной грамотности", "Когда:", "12 марта 2026, 14:00–16:30",
				"Где:", "актовый зал", "Участники:", "учителя математики", "Программа", "2. Открытый урок «Проценты в жизни»",
				"Материалы", fmt.Sprintf("Материал %d:", n), "kopilka.example/q/MAT000"} {
				if !strings.Contains(text, s) {
					t.Errorf("programme lacks %q", s)
				}
			}
		})
	}
}

func TestProgrammePrintsHostileTextAsText(t *testing.T) {
	p := programme(1)
	p.Title = "<script>alert(1)</script>\x00\u202e 𝕏 (BT) Tj"
	p.Agenda = []string{"=HYPERLINK(\"http://evil\")", "\r\n\t"}
	pdf, err := printout.ProgrammePDF(p)
	if err != nil {
		t.Fatal(err)
	}
	text := qrtest.PDFText(t, pdf)
	for _, s := range []string{"<script>alert(1)</script>", "=HYPERLINK(\"http://evil\")", "(BT) Tj"} {
		if !strings.Contains(text, s) {
			t.Errorf("programme lacks %q as text:\n%s", s, text)
		}
	}
	again, _ := printout.ProgrammePDF(p)
	if string(again) != string(pdf) {
		t.Error("the same programme gave different bytes")
	}
}

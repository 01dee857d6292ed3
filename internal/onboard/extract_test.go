package onboard

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What each format's reader finds in documents saved by LibreOffice and
// Microsoft Office: the title and author of the properties, the first
// heading, and text.
func TestExtractReadsTheFormatsOfficeProgramsWrite(t *testing.T) {
	for _, c := range []struct {
		file, title, creator, heading, text string
	}{
		{"ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx", "Сложение обыкновенных дробей", "Иванова Анна Петровна",
			"Конспект урока математики в 5 классе", "Рефлексия."},
		{"ШМО учителей математики/5 класс/02. Контрольная работа — Дроби.odt", "", "", "Контрольная работа по теме «Обыкновенные дроби»", "Составитель: Петрова В. И., учитель математики."},
		{"ШМО учителей математики/5 класс/Дроби вокруг нас.pptx", "Дроби вокруг нас", "", "Дроби вокруг нас", "В часах: четверть часа."},
		{"ШМО учителей математики/5 класс/Дроби вокруг нас.odp", "Дроби вокруг нас", "", "Дроби вокруг нас", "В часах: четверть часа."},
		{"ШМО учителей математики/7 класс/Рабочая программа по алгебре.pdf", "Рабочая программа учебного предмета «Алгебра» для 7 класса",
			"Петрова Вера Ильинична", "", "Формулы сокращённого умножения."},
		{"Английский язык/Walking on imported air.docx", "", "Michael Williamson", "", "Walking on imported air"},
		{"Английский язык/Science mesh design.pptx", "学校のサイエンス メッシュ デザイン", "", "パワポ・テスト 難しい髙", "someone@example.com"},
	} {
		data, err := os.ReadFile(filepath.Join(fixture, c.file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Extract(c.file, data)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		var text strings.Builder
		for _, p := range doc.Paras {
			text.WriteString(p.Text + "\n")
		}
		if doc.Title != c.title || doc.Creator != c.creator || doc.Heading() != c.heading || !strings.Contains(text.String(), c.text) || !doc.Readable {
			t.Errorf("%s: title %q, creator %q, heading %q, text:\n%s", c.file, doc.Title, doc.Creator, doc.Heading(), text.String())
		}
	}
	// the strict Office Open XML of Word 2016, with its other namespaces
	data, err := os.ReadFile("../uploads/testdata/msoffice/word2016-strict.docx")
	if err != nil {
		t.Fatal(err)
	}
	if doc, err := Extract("strict.docx", data); err != nil || doc.Creator != "Tom Chantry" || len(doc.Paras) == 0 {
		t.Errorf("strict Office Open XML: %v %+v", err, doc)
	}
}

// A broken document is a file without text, never a crash: every fixture
// cut short at many places, and bytes of no format, are read without a
// panic.
func TestExtractSurvivesBrokenDocuments(t *testing.T) {
	err := filepath.WalkDir(fixture, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range []int{0, 1, 10, 100, len(data) / 3, len(data) / 2, len(data) - 100, len(data) - 1} {
			if n < 0 || n > len(data) {
				continue
			}
			_, _ = Extract(p, data[:n])
		}
		garbled := append([]byte(nil), data...)
		for i := 200; i < len(garbled); i += 97 {
			garbled[i] ^= 0x5a
		}
		_, _ = Extract(p, garbled)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

package onboard

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// pdfOf writes a PDF of objects (numbered from 1) with a cross-reference
// table and a trailer whose Root is object 1.
func pdfOf(objects ...string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := []int{}
	for i, o := range objects {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}

// PDFs that crash or hang the PDF library are read apart: this process
// goes on, and the document is one whose text is not read.
func TestAPDFThatBreaksTheReaderBreaksOnlyItsHelper(t *testing.T) {
	defer func(d time.Duration) { pdfTimeout = d }(pdfTimeout)
	pdfTimeout = 3 * time.Second
	// an object kept in an object stream that is itself: the library
	// recurses until the stack overflows, which no recover catches
	entries := string([]byte{0, 0, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 0})
	recursion := []byte("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 6 /W [1 1 1] /Root 5 0 R /Length 18 >>\nstream\n" + entries +
		"\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
	// a page tree that is its own kid: the library looks for page 1 forever
	cycle := pdfOf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 5 /Kids [2 0 R] >>")
	for name, data := range map[string][]byte{"recursion.pdf": recursion, "cycle.pdf": cycle} {
		start := time.Now()
		if _, err := Extract(name, data); !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: %v, want ErrUnreadable", name, err)
		}
		if d := time.Since(start); d > pdfTimeout+2*time.Second {
			t.Errorf("%s took %s", name, d)
		}
	}
	// and a sound PDF still reads
	sound := pdfOf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 0 /Kids [] >>")
	if doc, err := Extract("sound.pdf", sound); err != nil || !doc.Readable {
		t.Errorf("a sound PDF: %v %+v", err, doc)
	}
}

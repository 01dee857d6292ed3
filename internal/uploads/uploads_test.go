package uploads

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func zipOf(t *testing.T, names ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is the start of a PNG claiming w×h pixels; DecodeConfig reads
// no further.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestCheckRefusesMacrosAndHugeImages(t *testing.T) {
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewGray(image.Rect(0, 0, 10, 10))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), nil},
		{"docm with a VBA project", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), ErrMacros},
		{"pptm with a VBA project", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml", "ppt/vbaProject.bin"), ErrMacros},
		{"ActiveX controls", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/activeX/activeX1.xml"), ErrMacros},
		{"odt", zipOf(t, "mimetype", "content.xml", "Configurations2/toolbar/", "META-INF/manifest.xml"), nil},
		{"odt with LibreOffice Basic", zipOf(t, "mimetype", "content.xml", "Basic/script-lc.xml", "Basic/Standard/Module1.xml"), ErrMacros},
		{"odt with a Python script", zipOf(t, "mimetype", "content.xml", "Scripts/python/run.py"), ErrMacros},
		{"small png", small.Bytes(), nil},
		{"decompression bomb png", pngHeader(100000, 100000), ErrTooManyPixels},
		{"truncated png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ErrBrokenImage},
		{"pdf", []byte("%PDF-1.4\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.data); !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckAcceptsDocumentsSavedByLibreOfficeAndRefusesOtherOLEFiles(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "libreoffice"))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".md" {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", "libreoffice", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(data); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if e.Name() == "urok.doc" {
			doc = data
		}
	}
	// the same file with its Word stream renamed is OLE storage of some
	// other program
	name := []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")
	i := bytes.Index(doc, name)
	if i < 0 {
		t.Fatal("urok.doc has no WordDocument entry")
	}
	other := append([]byte(nil), doc...)
	other[i] = 'X'
	if err := Check(other); !errors.Is(err, ErrNotOffice) {
		t.Errorf("OLE storage without a Word, Excel or PowerPoint stream: %v", err)
	}
	if err := Check(append(append([]byte(nil), oleMagic...), make([]byte, 100)...)); !errors.Is(err, ErrNotOffice) {
		t.Errorf("a broken OLE file: %v", err)
	}
}

func TestCheckAcceptsDocumentsSavedByMicrosoftOffice(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"word2010.docx", nil},
		{"word2010-tables.docx", nil},
		{"word2016-strict.docx", nil}, // Strict Open XML: other namespaces
		{"excel2016.xlsx", nil},
		{"powerpoint2016.pptx", nil},
		{"encrypted-excel.xlsx", ErrEncrypted}, // a password: nothing to look into
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "msoffice", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(data); !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckTypeAdmitsOnlyAllowlistedExtensionsMatchingTheirContent(t *testing.T) {
	fixture := func(dir, name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewGray(image.Rect(0, 0, 10, 10))); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"Конспект.pdf", pdf, nil},
		{"ОТЧЁТ.PDF", pdf, nil},
		{"urok.doc", fixture("libreoffice", "urok.doc"), nil},
		{"urok.docx", fixture("libreoffice", "urok.docx"), nil},
		{"tablica.xls", fixture("libreoffice", "tablica.xls"), nil},
		{"tablica.xlsx", fixture("msoffice", "excel2016.xlsx"), nil},
		{"prezentaciya.pptx", fixture("msoffice", "powerpoint2016.pptx"), nil},
		{"urok.odt", fixture("libreoffice", "urok.odt"), nil},
		{"tablica.ods", fixture("libreoffice", "tablica.ods"), nil},
		{"prezentaciya.odp", fixture("libreoffice", "prezentaciya.odp"), nil},
		{"urok.rtf", fixture("libreoffice", "urok.rtf"), nil},
		{"заметки.txt", []byte("План урока: 1) повторение 2) новая тема\n"), nil},
		{"про теги.txt", []byte("Пишите <b>, а не <strong>: <img src=x> в тексте — просто текст"), nil},
		{"оценки.csv", []byte("ученик;оценка\nИванов;5\n"), nil},
		{"foto.png", small.Bytes(), nil},
		{"foto.JPG", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), nil},

		// never on the allowlist, whatever they hold
		{"evil.html", []byte("<script>alert(1)</script>"), ErrExtension},
		{"evil.html", []byte("hello <img src=x onerror=alert(1)>"), ErrExtension}, // detected as plain text
		{"evil.HTM", []byte("just text"), ErrExtension},
		{"evil.xhtml", []byte("just text"), ErrExtension},
		{"evil.mhtml", []byte("just text"), ErrExtension},
		{"evil.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ErrExtension},
		{"evil.xml", []byte(`<?xml version="1.0"?><a/>`), ErrExtension},
		{"evil.js", []byte("alert(1)"), ErrExtension},
		{"archive.zip", zipOf(t, "a.txt"), ErrExtension},
		{"run.exe", append([]byte("MZ\x90\x00"), make([]byte, 200)...), ErrExtension},
		{"a.pdf.html", pdf, ErrExtension},
		{"без расширения", pdf, ErrExtension},
		{"Урок 5. Дроби", pdf, ErrExtension},

		// an allowed extension on other content
		{"notes.txt", []byte("<script>alert(1)</script>"), ErrMismatch},
		{"notes.txt", []byte("\ufeff<script>alert(1)</script>"), ErrMismatch},
		{"notes.txt", []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ErrMismatch},
		{"урок.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ErrMismatch},
		{"урок.docx", fixture("libreoffice", "urok.odt"), ErrMismatch},
		{"урок.docx", zipOf(t, "a.txt", "b.txt"), ErrMismatch},
		{"урок.doc", fixture("libreoffice", "urok.rtf"), ErrMismatch},
		{"schema.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ErrMismatch},
		{"foto.jpg", small.Bytes(), ErrMismatch},
		{"tablica.csv", []byte("<html><body>1,2</body></html>"), ErrMismatch},
	}
	for _, tt := range tests {
		err := CheckType(tt.name, tt.data)
		if !errors.Is(err, tt.want) {
			t.Errorf("CheckType(%q, %.20q) = %v, want %v", tt.name, tt.data, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), Extension(tt.name)) {
			t.Errorf("%q: the message %q does not name the extension", tt.name, err)
		}
	}
}

func TestEveryFixtureMatchesItsExtension(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Ext(f) == ".md" || strings.HasPrefix(filepath.Base(f), "encrypted") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckType(filepath.Base(f), data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestServedTypeComesFromTheAllowlistAndIsNeverAPage(t *testing.T) {
	tests := []struct{ name, want string }{
		{"konspekt.pdf", "application/pdf"},
		{"Конспект урока.PDF", "application/pdf"},
		{"urok.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"urok.doc", "application/msword"},
		{"tablica.ods", "application/vnd.oasis.opendocument.spreadsheet"},
		{"notes.txt", "text/plain; charset=utf-8"},
		{"foto.jpeg", "image/jpeg"},
		{"files/materials/x/foto.webp", "image/webp"},
		{"evil.html", "application/octet-stream"},
		{"evil.htm", "application/octet-stream"},
		{"evil.svg", "application/octet-stream"},
		{"evil.xml", "application/octet-stream"},
		{"evil.js", "application/octet-stream"},
		{"evil.xhtml", "application/octet-stream"},
		{"README", "application/octet-stream"},
		{"old.zip", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := ServedType(tt.name); got != tt.want {
			t.Errorf("ServedType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	// nothing on the allowlist is a type browsers render as a page or run
	for ext, f := range formats {
		base, _, _ := strings.Cut(f.served, ";")
		if base == "text/html" || base == "text/xml" || base == "application/xml" || strings.HasSuffix(base, "+xml") ||
			strings.Contains(base, "script") || strings.Contains(ext, "htm") || strings.Contains(ext, "svg") {
			t.Errorf("%s is served as %s", ext, f.served)
		}
	}
}

// zipWith is a zip archive of one part holding size zero bytes, packed at
// deflate's fastest level (600 MB in a third of a second, into 750 KB).
func zipWith(t *testing.T, name string, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for size > 0 {
		n := min(size, len(zeros))
		if _, err := w.Write(zeros[:n]); err != nil {
			t.Fatal(err)
		}
		size -= n
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lyingZip is a zip archive whose one part claims to unpack to claimed
// bytes and holds actual zero bytes.
func lyingZip(t *testing.T, claimed uint64, actual int) []byte {
	t.Helper()
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	data := make([]byte, actual)
	_, _ = fw.Write(data)
	_ = fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: claimed}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(packed.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckRefusesArchiveBombs(t *testing.T) {
	bomb := zipWith(t, "word/document.xml", 600<<20)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes: not a small file", len(bomb))
	}
	many := make([]string, MaxParts+1)
	for i := range many {
		many[i] = fmt.Sprintf("word/media/image%d.xml", i)
	}
	fewer := append([]string{"[Content_Types].xml", "word/document.xml"}, many[:3000]...)
	// real XML: lines that differ, as a big table's rows do
	var rows bytes.Buffer
	for i := 0; rows.Len() < 12<<20; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="n"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c></row>`, i, i, i*7919%100003, i, i%577)
	}
	var big bytes.Buffer
	zw := zip.NewWriter(&big)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	_, _ = w.Write(rows.Bytes())
	_ = zw.Close()

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"600 MB of zeros in a file under 1 MB", bomb, ErrArchiveBomb},
		{"more parts than any document has", zipOf(t, many...), ErrArchiveBomb},
		{"30 MB of zeros: compressed as no document is", zipWith(t, "word/document.xml", 30<<20), ErrArchiveBomb},
		{"a part claiming 600 MB", lyingZip(t, 600<<20, 1000), ErrArchiveBomb},
		{"a part holding 20 MB but claiming 1 KB", lyingZip(t, 1<<10, 20<<20), ErrArchiveBomb},
		{"5 MB of zeros: harmless", zipWith(t, "word/document.xml", 5<<20), nil},
		{"3,000 parts", zipOf(t, fewer...), nil},
		{"12 MB of table rows", big.Bytes(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.data); !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
	if !strings.Contains(ErrArchiveBomb.Error(), "500 МБ") {
		t.Errorf("the message does not say the limit: %s", ErrArchiveBomb)
	}
}

// DEPLOY.md's nginx example serves the site's attachments itself: its
// types are the allowlist's, no more and no fewer.
func TestTheNginxExampleTypesAttachmentsByTheAllowlist(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "DEPLOY.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "location /files/ {")
	block, _, _ = strings.Cut(block, "\n    }\n")
	_, types, ok2 := strings.Cut(block, "types {")
	types, _, _ = strings.Cut(types, "}")
	if !ok || !ok2 || !strings.Contains(block, "default_type application/octet-stream;") ||
		!strings.Contains(block, "add_header Content-Disposition attachment") || !strings.Contains(block, "add_header X-Content-Type-Options nosniff") {
		t.Fatalf("DEPLOY.md has no nginx location /files/ making attachments typed downloads:\n%s", block)
	}
	listed := map[string]string{}
	for _, line := range strings.Split(types, "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(strings.TrimSuffix(strings.TrimSpace(line), ";"))
		for _, ext := range fields[min(1, len(fields)):] {
			listed["."+ext] = fields[0]
		}
	}
	for ext, f := range formats {
		base, _, _ := strings.Cut(f.served, ";")
		if listed[ext] != base {
			t.Errorf("DEPLOY.md types %s as %q, the allowlist as %q", ext, listed[ext], base)
		}
	}
	for ext := range listed {
		if _, ok := formats[ext]; !ok {
			t.Errorf("DEPLOY.md types %s, which is not on the allowlist", ext)
		}
	}
}

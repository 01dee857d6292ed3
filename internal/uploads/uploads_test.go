package uploads

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
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

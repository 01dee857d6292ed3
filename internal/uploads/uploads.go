// Package uploads checks uploaded files beyond their type: office
// documents must carry no macros, images must not be absurdly large. The
// type itself is checked by content against each file field's allowlist.
package uploads

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register decoders for DecodeConfig
	_ "image/jpeg" // …
	_ "image/png"  // …
	"io"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/richardlehane/mscfb"
	_ "golang.org/x/image/webp" // …

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// MaxPixels bounds an uploaded image: decoding a bigger one could take the
// server's memory.
const MaxPixels = 40_000_000

// ErrMacros, ErrTooManyPixels and ErrBrokenImage are the refusals.
var (
	ErrMacros        = errors.New(ru.UploadMacros)
	ErrTooManyPixels = errors.New(ru.UploadTooManyPixels)
	ErrBrokenImage   = errors.New(ru.UploadBrokenImage)
	ErrNotOffice     = errors.New(ru.UploadNotOffice)
	ErrEncrypted     = errors.New(ru.UploadEncrypted)
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Check inspects one file's content.
func Check(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil // not a readable zip: the type check has had its say
		}
		for _, f := range zr.File {
			name := strings.ToLower(f.Name)
			if strings.HasSuffix(name, "vbaproject.bin") || strings.HasSuffix(name, "vbadata.xml") || strings.Contains(name, "/activex/") {
				return ErrMacros
			}
			// OpenDocument keeps LibreOffice Basic in Basic/ and Python,
			// JavaScript and BeanShell scripts in Scripts/
			if (strings.HasPrefix(name, "basic/") || strings.HasPrefix(name, "scripts/")) && !strings.HasSuffix(name, "/") {
				return ErrMacros
			}
		}
	case bytes.HasPrefix(data, oleMagic):
		// The type check lets any OLE file through: LibreOffice writes the
		// directory at the end, beyond what type detection reads, so its
		// .doc, .xls and .ppt are only "OLE storage" to it. Here the whole
		// directory is read: an office document has its main stream.
		r, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			return ErrNotOffice
		}
		office := false
		for entry, err := r.Next(); err == nil; entry, err = r.Next() {
			switch strings.ToLower(entry.Name) {
			case "macros", "_vba_project", "vba", "_vba_project_cur":
				return ErrMacros
			case "worddocument", "workbook", "book", "powerpoint document":
				office = true
			case "encryptedpackage":
				// a password-protected .docx, .xlsx or .pptx: nobody can
				// look inside it, for macros or anything else
				return ErrEncrypted
			}
		}
		if !office {
			return ErrNotOffice
		}
	default:
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			if strings.HasPrefix(string(data[:min(len(data), 12)]), "\x89PNG") || bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
				return ErrBrokenImage
			}
			return nil // not an image
		}
		_ = format
		if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
			return ErrTooManyPixels
		}
	}
	return nil
}

// fileFields are the file fields uploads can reach, by collection.
var fileFields = map[string][]string{
	schema.Materials:  {"files", "cover"},
	schema.Teachers:   {"photo"},
	schema.RouteSteps: {"evidence"},
}

// Register checks every new upload of every save, from the API, the CMS or
// an import, before it is stored.
func Register(app core.App) {
	collections := make([]string, 0, len(fileFields))
	for c := range fileFields {
		collections = append(collections, c)
	}
	app.OnRecordValidate(collections...).BindFunc(func(e *core.RecordEvent) error {
		errs := validation.Errors{}
		for _, field := range fileFields[e.Record.Collection().Name] {
			for _, f := range e.Record.GetUnsavedFiles(field) {
				if err := checkFile(f); err != nil {
					errs[field] = validation.NewError("validation_unsafe_file", fmt.Sprintf("%s: %s", f.OriginalName, err))
					break
				}
			}
		}
		if len(errs) > 0 {
			return errs
		}
		return e.Next()
	})
}

func checkFile(f *filesystem.File) error {
	r, err := f.Reader.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 200<<20))
	if err != nil {
		return err
	}
	return Check(data)
}
